import { describe, expect, it } from 'vitest';
import { annuityFactor, evaluateMeter, type MeterValueInput } from '../../src/core/index.ts';

const base: MeterValueInput = {
  formulaPerYear: 10,
  meteredPerYear: 12,
  formulaAccepted: true,
  priceUsd: 20,
  meterCostLowUsd: 500,
  meterCostHighUsd: 1500,
  upkeepUsdPerYear: 50,
  discountRate: 0.05,
  years: 10,
};

describe('annuity factor', () => {
  it('5 %, 10 years: (1 - 1.05^-10) / 0.05 = (1 - 0.6139133) / 0.05 = 7.721735', () => {
    // 1.05^10 = 1.628894627; 1 / 1.628894627 = 0.613913254
    expect(annuityFactor(0.05, 10)).toBeCloseTo(7.721735, 6);
    // the same as the sum of the ten discount factors 1/1.05 + 1/1.05^2 + ... + 1/1.05^10
    let sum = 0;
    for (let t = 1; t <= 10; t++) sum += 1 / 1.05 ** t;
    expect(annuityFactor(0.05, 10)).toBeCloseTo(sum, 12);
  });
  it('0 %: the number of years', () => {
    expect(annuityFactor(0, 10)).toBe(10);
  });
});

describe('NPV of metering and break-even, by hand', () => {
  it('2 extra certificates a year at $20, upkeep $50/yr, meters $500 / $1,500, 5 %, 10 years', () => {
    const v = evaluateMeter(base);
    // extra = 12 - 10 = 2/yr; revenue 2 x 20 = $40/yr; PV = 40 x 7.721735 = $308.87
    expect(v.extraPerYear).toBe(2);
    expect(v.pvExtraRevenueUsd).toBeCloseTo(308.8694, 3);
    // PV of upkeep = 50 x 7.721735 = $386.09
    expect(v.pvUpkeepUsd).toBeCloseTo(386.0867, 3);
    // NPV low = 308.87 - 500 - 386.09 = -$577.22; NPV high = 308.87 - 1500 - 386.09 = -$1,577.22
    expect(v.low.npvUsd).toBeCloseTo(-577.2173, 3);
    expect(v.high.npvUsd).toBeCloseTo(-1577.2173, 3);
    // break-even price (low) = (500 + 386.09) / (2 x 7.721735) = 886.0867 / 15.443470 = $57.3761
    expect(v.low.breakEvenPriceUsd).toBeCloseTo(57.3761, 3);
    // break-even meter cost = (2 x 20 - 50) x 7.721735 = -$77.22: no meter cost pays
    expect(v.breakEvenMeterCostUsd).toBeCloseTo(-77.2173, 3);
    expect(v.verdict).toBe('formula');
    expect(v.recommendation).toMatch(/above \$57\.38/);
  });

  it('at $100 a certificate: NPV low = 2 x 100 x 7.721735 - 500 - 386.09 = $658.26, high = -$341.74: depends', () => {
    const v = evaluateMeter({ ...base, priceUsd: 100 });
    expect(v.low.npvUsd).toBeCloseTo(1544.347 - 500 - 386.0867, 3);
    expect(v.high.npvUsd).toBeCloseTo(1544.347 - 1500 - 386.0867, 3);
    expect(v.verdict).toBe('depends-on-meter-cost');
    // pays below (2 x 100 - 50) x 7.721735 = $1,158.26
    expect(v.breakEvenMeterCostUsd).toBeCloseTo(1158.2603, 3);
    expect(v.recommendation).toMatch(/less than \$1,158/);
  });

  it('a program that accepts no formula: every metered certificate is extra', () => {
    const v = evaluateMeter({ ...base, formulaAccepted: false });
    // extra = 12; PV = 12 x 20 x 7.721735 = $1,853.22; NPV high = 1853.22 - 1500 - 386.09 = -$32.87
    expect(v.extraPerYear).toBe(12);
    expect(v.high.npvUsd).toBeCloseTo(1853.2165 - 1500 - 386.0867, 3);
    expect(v.verdict).toBe('depends-on-meter-cost');
  });

  it('when metering earns fewer certificates than an accepted formula, it says so and there is no break-even price', () => {
    // seed 001 formula: 4 tons x 12,000 x 8,760 x COP 3.5 / 3,412,000 = 431.3 MWh/yr; capacity x hours:
    // 4 x 12,000 x 8,760 / 3,412,000 = 123.2 MWh/yr; a metered 40 MWh/yr is far below the formula.
    const formula = (4 * 12000 * 8760 * 3.5) / 3412000;
    const ceiling = (4 * 12000 * 8760) / 3412000;
    const v = evaluateMeter({
      ...base,
      formulaPerYear: formula,
      meteredPerYear: 40,
      capacityCeilingPerYear: ceiling,
    });
    expect(v.extraPerYear).toBeCloseTo(40 - 431.3, 0);
    expect(v.low.breakEvenPriceUsd).toBeNull();
    expect(v.verdict).toBe('formula');
    expect(v.recommendation).toMatch(/FEWER/);
    expect(v.checks.map((c) => c.code)).toEqual(['formula-above-capacity', 'metering-earns-fewer']);
    // As many certificates either way: no gain, and not "0.0 FEWER".
    const even = evaluateMeter({ ...base, meteredPerYear: 10 });
    expect(even.verdict).toBe('formula');
    expect(even.recommendation).toMatch(/earn no more certificates than the formula/);
  });

  it('a metered figure above capacity x hours is an error check; bad inputs are refused with the field named', () => {
    const v = evaluateMeter({ ...base, meteredPerYear: 200, capacityCeilingPerYear: 123 });
    expect(v.checks.find((c) => c.code === 'metered-above-capacity')?.severity).toBe('error');
    expect(() => evaluateMeter({ ...base, years: 0 })).toThrow(/years/);
    expect(() => evaluateMeter({ ...base, meterCostLowUsd: 2000 })).toThrow(/meterCostLowUsd/);
    expect(() => evaluateMeter({ ...base, priceUsd: -1 })).toThrow(/priceUsd/);
  });

  it('a metered figure above the ceiling means no recommendation, though the numbers favour the meter', () => {
    // formula not accepted, 200/yr metered above a 123/yr ceiling: extra 200, NPV high = 200 x 20 x 7.721735
    // - 1500 - 50 x 7.721735 = 30,886.94 - 1500 - 386.09 = $29,000.85 > 0 ("meter" by the numbers)
    const v = evaluateMeter({
      ...base,
      formulaAccepted: false,
      meteredPerYear: 200,
      capacityCeilingPerYear: 123,
    });
    expect(v.high.npvUsd).toBeCloseTo(30886.94 - 1500 - 386.0867, 1);
    expect(v.verdict).toBe('none');
    expect(v.recommendation).toMatch(
      /^No recommendation: the metered figure carries error check metered-above-capacity/,
    );
  });

  it("a side's own error checks (formulaChecks, meteredChecks) mean no recommendation; warnings do not", () => {
    const error = { code: 'exceeds-capacity', severity: 'error' as const, message: 'x' };
    const warning = { code: 'backup-heat', severity: 'warning' as const, message: 'y' };
    const formula = evaluateMeter({ ...base, formulaChecks: [error] });
    expect(formula.verdict).toBe('none');
    expect(formula.recommendation).toMatch(/the formula figure carries error check exceeds-capacity/);
    const both = evaluateMeter({
      ...base,
      formulaChecks: [error],
      meteredChecks: [{ ...error, code: 'not-eligible' }],
    });
    expect(both.recommendation).toMatch(
      /formula figure carries error check exceeds-capacity and the metered figure carries error check not-eligible/,
    );
    const warned = evaluateMeter({ ...base, meteredChecks: [warning] });
    expect(warned.verdict).toBe('formula'); // as the first hand calculation above
  });

  it('refusals show the value as given, never "null" (NaN and Infinity in JSON)', () => {
    expect(() => evaluateMeter({ ...base, priceUsd: Number.NaN })).toThrow(/\(value "NaN"\)/);
    expect(() => evaluateMeter({ ...base, upkeepUsdPerYear: Infinity })).toThrow(/\(value "Infinity"\)/);
    expect(() => evaluateMeter({ ...base, discountRate: Number.NaN })).toThrow(/\(value "NaN"\)/);
  });

  it('a non-finite result is a defect, not a figure (a rate near -100 % over 100 years)', () => {
    // AF = (1 - (1 - 0.999999)^-100) / -0.999999 = (1 - 1e600) / ... = Infinity in doubles
    expect(() => evaluateMeter({ ...base, discountRate: -0.999999, years: 100 })).toThrow(/non-finite/);
  });
});
