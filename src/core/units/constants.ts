/**
 * Exact physical unit definitions. Program-specific rounded constants (e.g. 3,412,000 BTU/MWh) do NOT live
 * here: they belong to the program rule file that uses them (programs/*.json).
 */

/**
 * International Table BTU in joules, exact by definition: 1 BTU(IT) = 1 cal(IT)/(g K) x 1 lb x 1 degF
 * = 4.1868 J/(g K) x 453.59237 g x 5/9 K = 1055.05585262 J.
 * Source: NIST SP 811 (2008), Appendix B.8/B.9, footnote 9 (British thermal unit, IT); ISO 31-4.
 */
export const J_PER_BTU = 1055.05585262;

/** 1 Wh = 3600 J (SI, by definition of the hour). */
export const J_PER_WH = 3600;

/**
 * One ton of refrigeration = 12,000 BTU/h: the heat to melt one short ton (2,000 lb) of ice at 144 BTU/lb
 * in 24 h. Source: ASHRAE Terminology; NIST SP 811 Appendix B.9 ("ton of refrigeration (12 000 Btu(IT)/h)").
 */
export const BTU_PER_H_PER_TON = 12000;

/** 1 US liquid gallon = 231 in^3 = 3.785411784 L, exact. Source: NIST SP 811 Appendix B.9; NIST HB 44. */
export const L_PER_US_GAL = 3.785411784;

/** 0 degC = 273.15 K, exact (SI Brochure, 9th ed., 2.3.1). */
export const KELVIN_AT_0C = 273.15;

/** 1 degF interval = 5/9 K, exact (NIST SP 811 Appendix B.9: degree Fahrenheit). */
export const K_PER_DEGF = 5 / 9;

/** Hours in a non-leap year (365 x 24), the convention of annual prescriptive formulas. */
export const HOURS_PER_YEAR = 8760;
