/**
 * EN 14825 reference heating seasons: outdoor-temperature bins Tj with their hours hj, the design
 * temperature Tdesignh and the equivalent active-mode hours HHE. Source: EN 14825:2018 Annex B (bins) and
 * Annex A (hours), as transcribed in reference/en14825/ (see its README); a test checks these tables equal
 * the reference files. Regulation (EU) 813/2013 Annex III and 811/2013 Annex VII use the same bins and HHE
 * (2066 / 2465 / 1336 h).
 */
export type Climate = 'average' | 'colder' | 'warmer';

export const CLIMATES: readonly Climate[] = ['average', 'colder', 'warmer'];

export interface Bin {
  tjC: number;
  hours: number;
}

/** Off-mode hours per year: thermostat-off HTO, standby HSB, crankcase heater HCK, off HOFF. */
export interface OffModeHours {
  name: string;
  htoH: number;
  hsbH: number;
  hckH: number;
  hoffH: number;
}

export interface ClimateData {
  tdesignhC: number;
  /** Equivalent active-mode hours: QH = Pdesignh x HHE. */
  hheH: number;
  bins: readonly Bin[];
  /** EN 14825 Annex A, heating-only units (reference/en14825/en14825_climate_constants.csv). */
  heatingOnlyHours: OffModeHours;
  /**
   * The hour set the published Heat Pump Keymark SCOP follows (docs/methods.md, "EN 14825 seasonal
   * performance"): thermostat-off hours only, the crankcase heater counted over the same hours (HCK = HTO),
   * standby and off mode outside the heating season not counted (HSB = HOFF = 0). Fitted to the Keymark
   * W35 data for the average climate; the colder and warmer sets follow the same rule with their HTO.
   */
  keymarkHours: OffModeHours;
}

const bins = (tjFrom: number, hours: number[]): Bin[] => hours.map((h, i) => ({ tjC: tjFrom + i, hours: h }));

const hourSets = (hto: number, hck: number, hoff: number) => ({
  heatingOnlyHours: { name: 'en14825-heating-only', htoH: hto, hsbH: 0, hckH: hck, hoffH: hoff },
  keymarkHours: { name: 'keymark-heating-season', htoH: hto, hsbH: 0, hckH: hto, hoffH: 0 },
});

export const EN14825_CLIMATES: Readonly<Record<Climate, ClimateData>> = {
  average: {
    tdesignhC: -10,
    hheH: 2066,
    // prettier-ignore
    bins: bins(-10, [1, 25, 23, 24, 27, 68, 91, 89, 165, 173, 240, 280, 320, 357, 356, 303, 330, 326, 348, 335,
      315, 215, 169, 151, 105, 74]),
    ...hourSets(179, 3851, 3672),
  },
  colder: {
    tdesignhC: -22,
    hheH: 2465,
    // prettier-ignore
    bins: bins(-22, [1, 6, 13, 17, 19, 26, 39, 41, 35, 52, 37, 41, 43, 54, 90, 125, 169, 195, 278, 306, 454, 385,
      490, 533, 380, 228, 261, 279, 229, 269, 233, 230, 243, 191, 146, 150, 97, 61]),
    ...hourSets(131, 2944, 2189),
  },
  warmer: {
    tdesignhC: 2,
    hheH: 1336,
    bins: bins(2, [3, 22, 63, 63, 175, 162, 259, 360, 428, 430, 503, 444, 384, 294]),
    ...hourSets(755, 4476, 4345),
  },
};
