// The dashboard's own few formulas and its number formatting (web/src/physics.ts, web/src/format.ts), held to
// sources and hand calculations.
import { describe, expect, it } from 'vitest';
import { btuPerDay, energy, sig } from '../../web/src/format.ts';
import { carnotCop, cumulativeValue, fractionOfCarnot, proRata } from '../../web/src/physics.ts';

describe('Carnot COP (docs/methods.md, "Heat-pump limits (Carnot)")', () => {
  it('a ground-source unit between 0 degC and 35 degC: 308.15 / 35 = 8.80 (the encyclopedia article "Heat pump")', () => {
    expect(carnotCop(0, 35)).toBeCloseTo(8.8043, 4);
  });
  it('no lift, no finite limit: null; a COP of 4.4 there is 50 % of Carnot', () => {
    expect(carnotCop(35, 35)).toBeNull();
    expect(fractionOfCarnot(4.4, 0, 35)).toBeCloseTo(4.4 / (308.15 / 35), 6);
    expect(fractionOfCarnot(null, 0, 35)).toBeNull();
  });
});

describe('cumulative present value of metering', () => {
  it('year 10 is the NPV: 391.32 fewer certificates x $30, $100 upkeep, $500 meter, 5 %, 10 years', () => {
    // By hand: annuity factor (1 - 1.05^-10) / 0.05 = 7.7217349; (-391.3230758 x 30 - 100) x 7.7217349 - 500
    // = -11,839.69 x 7.7217349 - 500 = -91,922.97 (the npv_usd `trec evaluate --json` prints for these inputs).
    const v = cumulativeValue(-391.3230758132715 * 30, 100, 500, 0.05, 10);
    expect(v).toHaveLength(11);
    expect(v[0]).toBe(-500);
    expect(v[1]).toBeCloseTo(-500 + (-11739.692274 - 100) / 1.05, 4);
    expect(v[10]).toBeCloseTo(-91922.965, 2);
  });
});

describe('an annual formula figure pro-rated to a period', () => {
  it('2026-Q3 (92 days, 2,208 h) of 4 tons at COP 3.5: 431.32 MWh x 2,208 / 8,760 = 108.7 MWh', () => {
    // By hand: 4 x 12,000 x 8,760 x 3.5 / 3,412,000 = 431.3247 MWh a year; x 2,208 / 8,760 = 108.717 MWh
    // (the walkthrough issues 108 whole certificates for that quarter).
    expect(proRata(431.3247362250879, 2208)).toBeCloseTo(108.717, 3);
    expect(proRata(100, 8760)).toBe(100);
  });
});

describe('numbers for people', () => {
  it('431.3 MWh, 823,400 BTU/day, 4 significant figures', () => {
    expect(energy(431324.7362)).toBe('431.3 MWh');
    expect(sig(823412)).toBe('823,400');
    expect(sig(2.071087)).toBe('2.071');
    expect(sig(0.000123456)).toBe('0.0001235');
    expect(energy(950)).toBe('950 kWh');
    expect(energy(1_234_567)).toBe('1.235 GWh');
    // 241.32 kWh a day x 3,412.14 BTU/kWh = 823,418 BTU -> 823,400 BTU/day.
    expect(btuPerDay(241.32, 1)).toBe('823,400 BTU/day');
    expect(btuPerDay(241.3, 1)).toBe('823,300 BTU/day'); // 823,349 BTU
  });
});
