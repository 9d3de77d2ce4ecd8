import { InputError } from '../errors.ts';
import type { ElecBasis, HeatBasis, HeatMeterOptions, MeterChannel } from './types.ts';

export const DEFAULT_DEFROST_MAX_S = 900;
export const MAX_DEFROST_MAX_S = 3600;
export const DEFAULT_STUCK_S = 7200;

/**
 * Which data each figure comes from (docs/methods.md "Metered energy"):
 * - heat: flow and temperatures when all three are present (they separate heating, cooling and defrost at
 *   sample resolution and carry the EN 1434 bound); else the heat power channel; else the heat register.
 *   A heat register next to instant data cross-checks it.
 * - electricity: the register when present (it integrates continuously; sampled power misses what happens
 *   between samples); else the power channel, which then cross-checks the register.
 */
export function chooseBases(channels: ReadonlySet<MeterChannel>): {
  heatBasis: HeatBasis;
  elecBasis: ElecBasis | null;
} {
  const has = (c: MeterChannel) => channels.has(c);
  let heatBasis: HeatBasis;
  if (has('flow') || ((has('supply') || has('return')) && !has('heatPower') && !has('heatRegister'))) {
    const missing = (['flow', 'supply', 'return'] as const).filter((c) => !has(c));
    if (missing.length)
      throw new InputError(
        `heat from flow and temperatures needs flow, supply and return; missing ${missing.join(', ')}`,
        {
          field: missing[0],
        },
      );
    heatBasis = 'flow-temperature';
  } else if (has('heatPower')) heatBasis = 'heat-power';
  else if (has('heatRegister')) heatBasis = 'heat-register';
  else
    throw new InputError(
      'no heat data: give flow with supply and return temperatures, a heat power column or a heat register',
    );
  const elecBasis: ElecBasis | null = has('elecRegister')
    ? 'elec-register'
    : has('elecPower')
      ? 'elec-power'
      : null;
  return { heatBasis, elecBasis };
}

/** Validates the numeric options; returns them in milliseconds where the integrator wants that. */
export function validateOptions(o: HeatMeterOptions): {
  maxGapMs: number;
  defrostMaxMs: number;
  stuckMs: number;
} {
  positive(o.maxGapS, 'maxGapS');
  const defrostMaxS = o.defrostMaxS ?? DEFAULT_DEFROST_MAX_S;
  if (!(defrostMaxS >= 0 && defrostMaxS <= MAX_DEFROST_MAX_S))
    throw new InputError(`defrost episode limit must be 0 .. ${MAX_DEFROST_MAX_S} s`, {
      field: 'defrostMaxS',
      value: defrostMaxS,
    });
  const stuckS = o.stuckS ?? DEFAULT_STUCK_S;
  positive(stuckS, 'stuckS');
  if (o.ratedW !== undefined) positive(o.ratedW, 'ratedW');
  if (o.heatRegisterRolloverJ !== undefined) positive(o.heatRegisterRolloverJ, 'heatRegisterRolloverJ');
  if (o.elecRegisterRolloverJ !== undefined) positive(o.elecRegisterRolloverJ, 'elecRegisterRolloverJ');
  return { maxGapMs: o.maxGapS * 1000, defrostMaxMs: defrostMaxS * 1000, stuckMs: stuckS * 1000 };
}

function positive(value: number, field: string): void {
  if (!(value > 0) || !Number.isFinite(value))
    throw new InputError('must be a positive number', { field, value });
}
