import { describe, expect, it } from 'vitest';
import {
  coversExactly,
  InputError,
  rangeSize,
  splitRange,
  type SerialRange,
} from '../../../src/core/index.ts';

describe('serial ranges', () => {
  it('are inclusive: 1-10 holds 10 certificates', () => {
    expect(rangeSize({ first: 1, last: 10 })).toBe(10);
    expect(rangeSize({ first: 7, last: 7 })).toBe(1);
    expect(() => rangeSize({ first: 5, last: 4 })).toThrow(InputError);
  });
  it('split: the first N move, the rest stays; all of it moves with nothing kept', () => {
    expect(splitRange({ first: 1, last: 10 }, 3)).toEqual({
      moved: { first: 1, last: 3 },
      kept: { first: 4, last: 10 },
    });
    expect(splitRange({ first: 101, last: 108 }, 8)).toEqual({
      moved: { first: 101, last: 108 },
      kept: null,
    });
  });
  it('refuses a quantity below 1, above the size or not whole, naming both', () => {
    for (const q of [0, 11, 2.5, -1, Number.NaN]) {
      try {
        splitRange({ first: 1, last: 10 }, q);
        throw new Error(`quantity ${q} was accepted`);
      } catch (e) {
        expect(e, String(q)).toBeInstanceOf(InputError);
        const err = e as InputError;
        expect(err.detail).toMatch(/from 1 to 10, the size of range 1-10/);
        expect(err.where).toMatchObject({ path: ['quantity'] });
        expect(Object.is(err.where.value, q)).toBe(true);
      }
    }
  });
  it('parts of repeated splits cover the parent exactly', () => {
    const parent = { first: 1001, last: 1108 };
    const parts: SerialRange[] = [];
    let rest: SerialRange | null = parent;
    for (const q of [5, 1, 40, 17, 45]) {
      if (!rest) break;
      const s = splitRange(rest, q);
      parts.push(s.moved);
      rest = s.kept;
    }
    expect(rest).toBeNull(); // 5 + 1 + 40 + 17 + 45 = 108 = 1108 - 1001 + 1
    expect(coversExactly(parent, parts)).toEqual({ ok: true, reason: null });
    expect(coversExactly(parent, [...parts].reverse()).ok).toBe(true);
    expect(parts.reduce((n, p) => n + rangeSize(p), 0)).toBe(rangeSize(parent));
  });
  it('name a gap, an overlap, a part outside and a missing end', () => {
    const parent = { first: 1, last: 10 };
    expect(
      coversExactly(parent, [
        { first: 1, last: 3 },
        { first: 5, last: 10 },
      ]),
    ).toEqual({
      ok: false,
      reason: 'numbers 4-4 are in no part',
    });
    expect(
      coversExactly(parent, [
        { first: 1, last: 5 },
        { first: 5, last: 10 },
      ]).reason,
    ).toMatch(/5-10 overlaps/);
    expect(coversExactly(parent, [{ first: 1, last: 11 }]).reason).toMatch(/outside 1-10/);
    expect(coversExactly(parent, [{ first: 1, last: 9 }]).reason).toBe('numbers 10-10 are in no part');
    expect(coversExactly(parent, []).ok).toBe(false);
    expect(coversExactly(parent, [{ first: 3, last: 2 }]).ok).toBe(false);
  });
});
