import { describe, expect, it } from 'vitest';
import { grouped, plainNumber } from '../../src/core/index.ts';

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
