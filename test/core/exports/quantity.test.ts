import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  daysInMonth,
  mmDdYyyy,
  mmYyyy,
  parseMonth,
  quantityThousandths,
  threeDecimals,
} from '../../../src/core/exports/quantity.ts';

// Constants written out (not imported), so the tests check the code's constants too.
const J_PER_BTU = 1055.05585262; // BTU(IT), NIST SP 811 B.9
const J_PER_WH = 3600;

describe('registry quantities: thousandths, truncated, exact', () => {
  it('MWh with no program constant is Wh / 1,000,000 (1 MWh = 3.6 GJ)', () => {
    expect(quantityThousandths(2_500_000, 'MWh', null)).toBe(2500n); // 2.500 MWh
    expect(quantityThousandths(100_123_000, 'MWh', null)).toBe(100_123n); // NEPOOL GIS's 100.123 example
    expect(quantityThousandths(0, 'MWh', null)).toBe(0n);
  });

  it('truncates, never rounds up: 1,999,600 Wh = 1.9996 MWh is 1.999', () => {
    expect(quantityThousandths(1_999_600, 'MWh', null)).toBe(1999n);
    expect(quantityThousandths(999, 'MWh', null)).toBe(0n); // 0.000999 MWh
  });

  it("New Hampshire's 3,412,000 BTU = 1 MWh (RSA 362-F:6 V)", () => {
    // 1,000,000 Wh = 3.6e9 J / 1055.05585262 J/BTU = 3,412,141.63 BTU; / 3,412,000 = 1.0000415 MWh -> 1.000
    expect(quantityThousandths(1_000_000, 'MWh', 3_412_000)).toBe(1000n);
    // 100,000,000 Wh = 341,214,163.3 BTU; / 3,412,000 = 100.00415 MWh -> 100.004 (exactly 100.000 without it)
    expect(quantityThousandths(100_000_000, 'MWh', 3_412_000)).toBe(100_004n);
    expect(quantityThousandths(100_000_000, 'MWh', null)).toBe(100_000n);
  });

  it('dekatherms: 1 Dth = 1,000,000 BTU(IT) = 1,055,055,852.62 J = 293,071.07 Wh', () => {
    // 20,000,000 Wh = 7.2e10 J / 1,055,055,852.62 J = 68.24283 Dth -> 68.242
    expect(quantityThousandths(20_000_000, 'Dth', null)).toBe(68_242n);
    // 293,071 Wh = 1,055,055,600 J, just under 1 Dth -> 0.999; 293,072 Wh = 1,055,059,200 J -> 1.000
    expect(quantityThousandths(293_071, 'Dth', null)).toBe(999n);
    expect(quantityThousandths(293_072, 'Dth', null)).toBe(1000n);
    // The BTU/MWh constant does not apply to dekatherms.
    expect(quantityThousandths(20_000_000, 'Dth', 3_412_000)).toBe(68_242n);
  });

  it('agrees with floating-point division to within one thousandth, and never exceeds it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e13 }),
        fc.constantFrom<[unit: 'MWh' | 'Dth', btu: number | null]>(
          ['MWh', null],
          ['MWh', 3_412_000],
          ['Dth', null],
        ),
        (wh, [unit, btu]) => {
          const jPerUnit = unit === 'Dth' ? 1e6 * J_PER_BTU : btu === null ? 3.6e9 : btu * J_PER_BTU;
          const float = ((wh * J_PER_WH) / jPerUnit) * 1000;
          const t = Number(quantityThousandths(wh, unit, btu));
          expect(t).toBeLessThanOrEqual(float * (1 + 1e-12) + 1e-9);
          expect(t).toBeGreaterThan(float * (1 - 1e-12) - 1 - 1e-9);
        },
      ),
    );
  });

  it('writes thousandths with three decimals', () => {
    expect(threeDecimals(2500n)).toBe('2.500');
    expect(threeDecimals(42n)).toBe('0.042');
    expect(threeDecimals(0n)).toBe('0.000');
    expect(threeDecimals(100_004n)).toBe('100.004');
  });
});

describe('months and registry dates', () => {
  it('parses YYYY-MM and refuses anything else', () => {
    expect(parseMonth('2026-07')).toEqual({ year: 2026, month: 7 });
    for (const bad of ['2026-13', '2026-00', '2026-7', '26-07', '2026-Q3', '2026-07-01', ''])
      expect(parseMonth(bad)).toBeUndefined();
  });

  it('knows the Gregorian month lengths, leap years included', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2028, 2)).toBe(29); // divisible by 4
    expect(daysInMonth(2100, 2)).toBe(28); // century not divisible by 400
    expect(daysInMonth(2000, 2)).toBe(29); // divisible by 400
  });

  it('writes MM/YYYY (7 characters) and MM/DD/YYYY (10 characters)', () => {
    expect(mmYyyy(2026, 7)).toBe('07/2026');
    expect(mmDdYyyy(2026, 2, 1)).toBe('02/01/2026');
    expect(mmDdYyyy(2026, 12, 31)).toBe('12/31/2026');
  });
});
