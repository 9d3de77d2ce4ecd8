import { describe, expect, it } from 'vitest';
import { mulberry32, standardNormal, uniform } from '../../../src/core/index.ts';

/** mulberry32 exactly as published by Tommy Ettinger (public-domain gist), the reference we must equal. */
function referenceMulberry32(a: number): () => number {
  return function () {
    let t = (a += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('mulberry32', () => {
  it('equals the published reference for several seeds', () => {
    for (const seed of [0, 1, 42, 123456789]) {
      const ours = mulberry32(seed);
      const ref = referenceMulberry32(seed);
      for (let i = 0; i < 1000; i++) expect(ours()).toBe(ref());
    }
  });
  it('is deterministic, in [0, 1), and different seeds give different streams', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    let same = 0;
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      if (x === c()) same++;
    }
    expect(same).toBeLessThan(5);
  });
  it('uniform and normal deviates have the moments they should (n = 100,000; 5 sigma bounds)', () => {
    const r = mulberry32(2024);
    const n = 100000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    for (let i = 0; i < n; i++) {
      su += uniform(r, 2, 4);
      const z = standardNormal(r);
      sn += z;
      sn2 += z * z;
    }
    // uniform(2, 4): mean 3, s.d. 2 / sqrt(12) = 0.577; standard error 0.577 / sqrt(n) = 0.0018
    expect(Math.abs(su / n - 3)).toBeLessThan(5 * 0.0018);
    // normal: mean 0 (s.e. 0.0032), variance 1 (s.e. sqrt(2 / n) = 0.0045)
    expect(Math.abs(sn / n)).toBeLessThan(5 * 0.0032);
    expect(Math.abs(sn2 / n - 1)).toBeLessThan(5 * 0.0045);
  });
});
