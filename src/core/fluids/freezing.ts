/**
 * Freezing points of glycol solutions: Melinder, "Properties of secondary working fluids for indirect
 * systems" (IIR, 2010), tabulated by CoolProp (reference/fluids/Melinder_*_TFreeze.txt): propylene glycol
 * 15..57 %, ethylene glycol 0..56 % by mass. Below 15 % propylene glycol we start from water's 0 C at 0 %.
 * PCHIP in concentration between the rows (monotone, so it adds no bump the table does not have).
 */
import { pchipAt, pchipSlopes } from './pchip.ts';
import { ETHYLENE_GLYCOL_FREEZE, PROPYLENE_GLYCOL_FREEZE } from './tables/melinder-freeze.ts';
import type { FluidKind } from './types.ts';

/** Water freezes at 0 C (at 101.325 kPa; 0.01 C is the triple point). */
const WATER_FREEZE_C = 0;

function curve(massPercent: readonly number[], freezeC: readonly number[]) {
  const xs = massPercent.map((p) => p / 100);
  return { xs, ys: freezeC, slopes: pchipSlopes(xs, freezeC), maxFraction: xs.at(-1)! };
}

const CURVES = {
  'propylene-glycol': curve(
    [0, ...PROPYLENE_GLYCOL_FREEZE.massPercent],
    [WATER_FREEZE_C, ...PROPYLENE_GLYCOL_FREEZE.freezeC],
  ),
  'ethylene-glycol': curve(ETHYLENE_GLYCOL_FREEZE.massPercent, ETHYLENE_GLYCOL_FREEZE.freezeC),
};

/**
 * Freezing point in C, or undefined above the table's highest concentration (57 % propylene, 56 % ethylene
 * glycol), where the source gives none and the property table's own lower bound is the limit.
 */
export function freezingPointC(kind: FluidKind, massFraction: number): number | undefined {
  if (kind === 'water') return WATER_FREEZE_C;
  const c = CURVES[kind];
  if (massFraction > c.maxFraction) return undefined;
  return pchipAt(c.xs, c.ys, c.slopes, massFraction);
}
