import { describe, expect, it } from 'vitest';
import { pchipAt, pchipSlopes, UniformPchip } from '../../src/core/fluids/pchip.ts';

describe('PCHIP (Fritsch-Carlson / Fritsch-Butland slopes, SciPy end slopes)', () => {
  it('slopes by hand for (0,0), (1,1), (3,2)', () => {
    // secants d0 = 1/1 = 1, d1 = 1/2 = 0.5; widths h0 = 1, h1 = 2
    // interior: w1 = 2 h1 + h0 = 5, w2 = h1 + 2 h0 = 4, m1 = (w1 + w2) / (w1/d0 + w2/d1) = 9 / 13
    // start: ((2 h0 + h1) d0 - h0 d1) / (h0 + h1) = (4 - 0.5) / 3 = 7/6 (same sign as d0: kept)
    // end:   ((2 h1 + h0) d1 - h1 d0) / (h0 + h1) = (2.5 - 2) / 3 = 1/6
    const m = pchipSlopes([0, 1, 3], [0, 1, 2]);
    expect(m[0]).toBeCloseTo(7 / 6, 14);
    expect(m[1]).toBeCloseTo(9 / 13, 14);
    expect(m[2]).toBeCloseTo(1 / 6, 14);
  });
  it('flat slope at a local extremum, so no overshoot: (0,0), (1,1), (2,0) stays within [0, 1]', () => {
    const xs = [0, 1, 2];
    const ys = [0, 1, 0];
    const m = pchipSlopes(xs, ys);
    expect(m[1]).toBe(0);
    for (let x = 0; x <= 2; x += 0.01) expect(pchipAt(xs, ys, m, x)).toBeLessThanOrEqual(1);
  });
  it('uniform grid: passes through the nodes and reproduces a straight line exactly', () => {
    const grid = new UniformPchip(-10, 5, Float64Array.from([3, 5, 7, 9]));
    expect([grid.at(-10), grid.at(-5), grid.at(5)]).toEqual([3, 5, 9]);
    expect(grid.at(-2.5)).toBeCloseTo(6, 12); // line y = 7 + 0.4 x at x = -2.5
    expect(grid.lastX).toBe(5);
  });
});
