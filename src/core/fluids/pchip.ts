/**
 * Monotone piecewise cubic Hermite interpolation (PCHIP): Fritsch & Carlson, "Monotone piecewise cubic
 * interpolation", SIAM J. Numer. Anal. 17 (1980) 238-246, with the slope rule of Fritsch & Butland (1984)
 * (weighted harmonic mean of the neighbouring secants; 0 at a local extremum) and the shape-preserving
 * three-point end slopes used by SciPy's PchipInterpolator and MATLAB's pchip. The interpolant passes through
 * every data point, is continuous with a continuous first derivative (C1), and never overshoots the data
 * (no new extrema), so a table is not given wiggles it does not have. See docs/methods.md "Fluid properties".
 */

/** Slopes dy/dx at each node for PCHIP through (xs, ys); xs strictly increasing, at least 2 points. */
export function pchipSlopes(xs: ArrayLike<number>, ys: ArrayLike<number>): Float64Array {
  const n = xs.length;
  const slopes = new Float64Array(n);
  const h = (k: number) => xs[k + 1]! - xs[k]!;
  const secant = (k: number) => (ys[k + 1]! - ys[k]!) / h(k);
  if (n === 2) {
    slopes.fill(secant(0));
    return slopes;
  }
  for (let k = 1; k < n - 1; k++) {
    const d0 = secant(k - 1);
    const d1 = secant(k);
    if (d0 === 0 || d1 === 0 || Math.sign(d0) !== Math.sign(d1)) continue; // local extremum or flat: 0
    const w1 = 2 * h(k) + h(k - 1);
    const w2 = h(k) + 2 * h(k - 1);
    slopes[k] = (w1 + w2) / (w1 / d0 + w2 / d1);
  }
  slopes[0] = endSlope(h(0), h(1), secant(0), secant(1));
  slopes[n - 1] = endSlope(h(n - 2), h(n - 3), secant(n - 2), secant(n - 3));
  return slopes;
}

/** Non-centred three-point end slope, limited so the end interval stays monotone (SciPy `_edge_case`). */
function endSlope(h0: number, h1: number, d0: number, d1: number): number {
  const m = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
  if (Math.sign(m) !== Math.sign(d0)) return 0;
  if (Math.sign(d0) !== Math.sign(d1) && Math.abs(m) > Math.abs(3 * d0)) return 3 * d0;
  return m;
}

/** Cubic Hermite on one interval: s in [0, 1] is the position, h the interval width. */
export function hermite(y0: number, y1: number, m0: number, m1: number, h: number, s: number): number {
  const s2 = s * s;
  const s3 = s2 * s;
  return (
    (2 * s3 - 3 * s2 + 1) * y0 + (s3 - 2 * s2 + s) * h * m0 + (-2 * s3 + 3 * s2) * y1 + (s3 - s2) * h * m1
  );
}

/** PCHIP through (xs, ys) evaluated at x, which must lie in [xs[0], xs[n-1]] (callers check the range). */
export function pchipAt(xs: ArrayLike<number>, ys: ArrayLike<number>, slopes: ArrayLike<number>, x: number) {
  let i = 0;
  while (i < xs.length - 2 && x > xs[i + 1]!) i++;
  const h = xs[i + 1]! - xs[i]!;
  return hermite(ys[i]!, ys[i + 1]!, slopes[i]!, slopes[i + 1]!, h, (x - xs[i]!) / h);
}

/** A PCHIP on an evenly spaced grid, evaluated without allocation (the hot path of the heat meter). */
export class UniformPchip {
  private readonly slopes: Float64Array;
  constructor(
    readonly firstX: number,
    readonly stepX: number,
    private readonly ys: Float64Array,
  ) {
    const xs = Float64Array.from(ys, (_, k) => firstX + k * stepX);
    this.slopes = pchipSlopes(xs, ys);
  }

  get lastX(): number {
    return this.firstX + (this.ys.length - 1) * this.stepX;
  }

  /** Value at x; x must lie in [firstX, lastX] (callers check the range). */
  at(x: number): number {
    const u = (x - this.firstX) / this.stepX;
    const i = Math.min(Math.floor(u), this.ys.length - 2);
    return hermite(this.ys[i]!, this.ys[i + 1]!, this.slopes[i]!, this.slopes[i + 1]!, this.stepX, u - i);
  }
}
