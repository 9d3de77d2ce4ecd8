import { InputError } from '../errors.ts';

/**
 * The heat-transfer fluid of a hydronic circuit. Concentrations are MASS fractions (0..1) of glycol in
 * water; water has massFraction 0.
 */
export const FLUID_KINDS = ['water', 'propylene-glycol', 'ethylene-glycol'] as const;
export type FluidKind = (typeof FLUID_KINDS)[number];

export interface FluidSpec {
  kind: FluidKind;
  massFraction: number;
}

/** Properties of one fluid at one concentration, as functions of temperature. */
export interface FluidModel {
  readonly spec: FluidSpec;
  /** Which table or correlation the numbers follow (shown in results and docs). */
  readonly source: string;
  /** Lowest valid temperature: the table's lower bound or the freezing point, whichever is higher. */
  readonly minC: number;
  /** Highest valid temperature of the table. */
  readonly maxC: number;
  /** Freezing point in C where the source gives one (water 0 C; glycols from Melinder's table). */
  readonly freezeC?: number;
  /** Density in kg/m3; throws OutOfRangeError outside [minC, maxC]. */
  densityKgM3(tempC: number): number;
  /** Specific heat capacity in J/(kg K); throws OutOfRangeError outside [minC, maxC]. */
  cpJKgK(tempC: number): number;
}

/** Parses `water`, `propylene-glycol:0.3`, `ethylene-glycol:25%` (mass fraction as 0..1 or percent). */
export function parseFluidSpec(text: string, field = 'fluid'): FluidSpec {
  const [kindText = '', fractionText] = text.trim().toLowerCase().split(':');
  const kind = FLUID_KINDS.find((k) => k === kindText);
  if (!kind)
    throw new InputError(`unknown fluid; use ${FLUID_KINDS.join(', ')} (glycols as NAME:MASS_FRACTION)`, {
      field,
      value: text,
    });
  if (kind === 'water') {
    if (fractionText !== undefined && Number(fractionText) !== 0)
      throw new InputError('water takes no concentration', { field, value: text });
    return { kind, massFraction: 0 };
  }
  if (fractionText === undefined)
    throw new InputError(`give the glycol mass fraction, e.g. ${kind}:0.3`, { field, value: text });
  const percent = fractionText.endsWith('%');
  const value = Number(percent ? fractionText.slice(0, -1) : fractionText);
  const massFraction = percent ? value / 100 : value;
  if (!Number.isFinite(massFraction) || massFraction < 0 || massFraction > 1)
    throw new InputError('mass fraction must be between 0 and 1 (or 0% and 100%)', { field, value: text });
  return { kind, massFraction };
}
