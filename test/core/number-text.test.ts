import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enUsNumber } from '../../src/core/methods/number-text.ts';

// The reference is the platform's own Intl (what the audit messages used before): enUsNumber must write
// every number as toLocaleString('en-US', { minimumFractionDigits, maximumFractionDigits }) does.
const intl = (n: number, min: number, max: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: min, maximumFractionDigits: max });
const DIGITS: [number, number][] = [
  [0, 0],
  [2, 2],
  [0, 2],
  [1, 1],
  [3, 3],
];

describe('enUsNumber: en-US text of a number without Intl', () => {
  it('rounds the shortest decimal digits half away from zero, as Intl does (not the binary value, as toFixed)', () => {
    expect(enUsNumber(1.005, 2, 2)).toBe('1.01'); // 1.00499999999999989... in binary; toFixed(2) gives 1.00
    expect(enUsNumber(2.5, 0, 0)).toBe('3');
    expect(enUsNumber(-2.5, 0, 0)).toBe('-3');
    expect(enUsNumber(0.125, 2, 2)).toBe('0.13');
    expect(enUsNumber(9.995, 2, 2)).toBe('10.00');
    expect(enUsNumber(999_999.995, 2, 2)).toBe('1,000,000.00');
    expect(enUsNumber(14.0671, 0, 2)).toBe('14.07');
    expect(enUsNumber(4, 0, 2)).toBe('4');
    expect(enUsNumber(4.1, 0, 2)).toBe('4.1');
    expect(enUsNumber(48_000, 0, 0)).toBe('48,000');
    expect(enUsNumber(-0.001, 2, 2)).toBe('-0.00');
    expect(enUsNumber(-0, 2, 2)).toBe('-0.00');
  });

  it('agrees with Intl on edge values', () => {
    const edges = [
      0,
      -0,
      0.5,
      1.5,
      0.045,
      0.055,
      1.045,
      1.055,
      4.35,
      8.675,
      10.235,
      1e-6,
      1e-7,
      123.456,
      999.5,
      999.9999,
      1e20,
      1e21,
      123_456_789_012_345_680_000,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      5e-324,
      1 / 3,
      2 / 3,
      431.3247362250879,
      14.067_103_797_013,
      123_280.9,
      NaN,
      Infinity,
      -Infinity,
    ];
    for (const x of edges)
      for (const [min, max] of DIGITS) {
        expect(enUsNumber(x, min, max), `${x} ${min}-${max}`).toBe(intl(x, min, max));
        expect(enUsNumber(-x, min, max), `${-x} ${min}-${max}`).toBe(intl(-x, min, max));
      }
  });

  it('agrees with Intl on random doubles, decimals with ties and integers', () => {
    const digits = fc.constantFrom(...DIGITS);
    const check = (x: number, [min, max]: [number, number]) => enUsNumber(x, min, max) === intl(x, min, max);
    fc.assert(fc.property(fc.double(), digits, check), { numRuns: 5_000 });
    fc.assert(fc.property(fc.double({ min: -1e7, max: 1e7, noNaN: true }), digits, check), {
      numRuns: 5_000,
    });
    // Decimals of up to 4 places (ties at every rounding position: x.5, x.x5, x.xx5 ...).
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 4 }), digits, (m, e, d) =>
        check(m / 10 ** e, d),
      ),
      { numRuns: 5_000 },
    );
  });
});
