import { describe, expect, it } from 'vitest';
import { DEFAULT_DEGREE_BASE_C, degreeHours, InputError, temperatureBins } from '../../src/core/index.ts';

describe('temperature bins', () => {
  it('counts hours per 1 K bin [k, k+1), listing empty bins between', () => {
    // -0.5 -> [-1,0); 0 and 0.2 -> [0,1); 2 and 2.9 -> [2,3); nothing in [1,2)
    expect(temperatureBins([-0.5, 0, 0.2, 2, 2.9])).toEqual([
      { lowC: -1, highC: 0, hours: 1 },
      { lowC: 0, highC: 1, hours: 2 },
      { lowC: 1, highC: 2, hours: 0 },
      { lowC: 2, highC: 3, hours: 2 },
    ]);
  });

  it('takes other widths and rejects bad input', () => {
    expect(temperatureBins([-3, 4.9], 5)).toEqual([
      { lowC: -5, highC: 0, hours: 1 },
      { lowC: 0, highC: 5, hours: 1 },
    ]);
    expect(() => temperatureBins([1], 0)).toThrow(InputError);
    expect(() => temperatureBins([Number.NaN])).toThrow(InputError);
  });
});

describe('degree-hours', () => {
  it('default base is 65 degF = (65 - 32) x 5/9 = 18.333... degC', () => {
    expect(DEFAULT_DEGREE_BASE_C).toBeCloseTo(18.333333333333, 10);
  });

  it('matches a hand calculation on a small series', () => {
    // base 18 degC: temps 10, 18, 20, -5
    //   heating: (18-10) + 0 + 0 + (18+5) = 8 + 23 = 31 K h
    //   cooling: 0 + 0 + (20-18) + 0 = 2 K h
    const d = degreeHours([10, 18, 20, -5], { heatingBaseC: 18, coolingBaseC: 18 });
    expect(d.heatingKh).toBe(31);
    expect(d.coolingKh).toBe(2);
    // separate bases: heating 15.5 -> 5.5 + 20.5 = 26; cooling 24 -> 0
    const e = degreeHours([10, 18, 20, -5], { heatingBaseC: 15.5, coolingBaseC: 24 });
    expect(e.heatingKh).toBe(26);
    expect(e.coolingKh).toBe(0);
  });
});
