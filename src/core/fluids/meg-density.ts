/**
 * Ethylene-glycol solution density: CoolProp's incompressible fluid "MEG" (reference Melinder 2010;
 * reference/fluids/CoolProp_incomp_MEG.json, MIT), a polynomial
 *   rho = sum_i sum_j c[i][j] (T - Tbase)^i (x - xbase)^j,   T in K, x mass fraction,
 * stated valid for x 0..0.6 and T up to 373.15 K (100 C). Chosen over the Melinder grid (-45..40 C only)
 * because heat-pump hot water runs to 55-65 C; it agrees with that grid within 0.13 % and at x = 0 with
 * the ASHRAE water table within 0.1 % up to 100 C (both checked in test/core/fluids.test.ts).
 */
import { kToC } from '../units/index.ts';
import { MEG_DENSITY } from './tables/coolprop-meg.ts';

export const MEG_MAX_C = kToC(MEG_DENSITY.Tmax);
export const MEG_MAX_FRACTION = MEG_DENSITY.xmax;

/** Density in kg/m3 as a function of temperature in C, for one mass fraction (cubic in T). */
export function megDensity(massFraction: number): (tempC: number) => number {
  const dx = massFraction - MEG_DENSITY.xbase;
  const [a0 = 0, a1 = 0, a2 = 0, a3 = 0] = MEG_DENSITY.coeffs.map((row) =>
    row.reduce<number>((sum, c, j) => sum + c * dx ** j, 0),
  );
  const tBaseC = kToC(MEG_DENSITY.Tbase); // T - Tbase is a difference: the same in K and C
  return (tempC) => {
    const dt = tempC - tBaseC;
    return a0 + dt * (a1 + dt * (a2 + dt * a3));
  };
}
