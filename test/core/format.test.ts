import { describe, expect, it } from 'vitest';
import { duration, grouped, plainNumber } from '../../src/core/index.ts';

describe('numbers for people', () => {
  it('plainNumber words a number as en-US Intl does (whole exactly, else 6 significant digits), without Intl', () => {
    const values = [3_412_000, 0.0284345, 1e9 / 3516.8528421, 341.2141633, -89.2, 56.7, 87_840, 2 ** 32 - 1];
    for (const x of [...values, 1e-6, 1e9, 0.5, -0.1, 1000.5, -1234567.25, 2.2e-308, 1e21 + 0.5])
      expect(plainNumber(x), String(x)).toBe(
        x.toLocaleString('en-US', Number.isInteger(x) ? {} : { maximumSignificantDigits: 6 }),
      );
  });
  it('grouped gives fixed decimals with thousands separators', () => {
    expect(grouped(999_999_897, 3)).toBe('999,999,897.000');
    expect(grouped(527_250, 2)).toBe('527,250.00');
  });
});

describe('duration', () => {
  it('words a duration exactly to the second, in the largest sensible unit', () => {
    expect(duration(0)).toBe('0 s');
    expect(duration(45_000)).toBe('45 s');
    expect(duration(900_000)).toBe('15 min'); // the default maximum gap
    expect(duration(150_000)).toBe('2 min 30 s');
    expect(duration(3_600_000)).toBe('1 h');
    expect(duration(1801 * 60_000)).toBe('30 h 1 min'); // the demo's logger outage
    expect(duration(47 * 3_600_000 + 59 * 60_000)).toBe('47 h 59 min');
    expect(duration(48 * 3_600_000)).toBe('2 d');
    expect(duration((3 * 24 + 4) * 3_600_000 + 59_000)).toBe('3 d 4 h');
    expect(duration(1000 * 86_400_000)).toBe('1,000 d');
    expect(duration(-90_000)).toBe('-1 min 30 s');
    expect(duration(499)).toBe('0 s');
  });
});
