import type { FluidModel } from '../fluids/types.ts';

/** Grid step of the property table, K. */
const FLUID_TABLE_STEP_K = 0.05;

/**
 * Density and specific heat of one fluid sampled on a fine temperature grid at construction, so the
 * per-sample cost is one multiply, one truncation and two linear interpolations (no calls, no allocation).
 *
 * Linear interpolation between grid points of a smooth function f errs by at most h^2/8 * max|f''|; for
 * water (f''/f about 1e-5 /K^2 for density, 4e-5 /K^2 for cp near 0 degC) and h = 0.05 K that is about
 * 1e-8 relative. The table measures its own error at every midpoint against the fluid model
 * ({@link FluidTable.maxRelError}); docs/methods.md "Metered energy" states the bound (< 1e-5).
 * Temperatures outside [minC, maxC] are never looked up: callers check {@link FluidTable.covers} first.
 */
export class FluidTable {
  readonly minC: number;
  readonly maxC: number;
  /** Largest relative difference, over all grid midpoints and both properties, from the fluid model. */
  readonly maxRelError: number;
  private readonly invStep: number;
  private readonly rho: Float64Array;
  private readonly cp: Float64Array;

  constructor(fluid: FluidModel) {
    this.minC = fluid.minC;
    this.maxC = fluid.maxC;
    const span = fluid.maxC - fluid.minC;
    const n = Math.max(1, Math.ceil(span / FLUID_TABLE_STEP_K));
    const step = span / n;
    this.invStep = n / span;
    // n + 2 entries: the last repeats maxC so a lookup exactly at maxC reads a valid right neighbour.
    this.rho = new Float64Array(n + 2);
    this.cp = new Float64Array(n + 2);
    for (let i = 0; i <= n; i++) {
      const t = i === n ? fluid.maxC : fluid.minC + i * step;
      this.rho[i] = fluid.densityKgM3(t);
      this.cp[i] = fluid.cpJKgK(t);
    }
    this.rho[n + 1] = this.rho[n]!;
    this.cp[n + 1] = this.cp[n]!;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const t = fluid.minC + (i + 0.5) * step;
      worst = Math.max(
        worst,
        Math.abs(this.densityKgM3(t) / fluid.densityKgM3(t) - 1),
        Math.abs(this.cpJKgK(t) / fluid.cpJKgK(t) - 1),
      );
    }
    this.maxRelError = worst;
  }

  covers(tempC: number): boolean {
    return tempC >= this.minC && tempC <= this.maxC;
  }

  densityKgM3(tempC: number): number {
    const x = (tempC - this.minC) * this.invStep;
    const i = x | 0;
    const a = this.rho[i]!;
    return a + (this.rho[i + 1]! - a) * (x - i);
  }

  cpJKgK(tempC: number): number {
    const x = (tempC - this.minC) * this.invStep;
    const i = x | 0;
    const a = this.cp[i]!;
    return a + (this.cp[i + 1]! - a) * (x - i);
  }
}
