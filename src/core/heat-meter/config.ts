import { grouped } from '../format.ts';
import { InputError } from '../errors.ts';
import type { FluidModel } from '../fluids/types.ts';
import { MAX_FLOW_M3S } from './quality.ts';
import type { RegisterBound } from './registers.ts';
import type { SourceKind } from '../heat-pump/parametric.ts';
import type { ElecBasis, HeatBasis, HeatMeterOptions, MeterChannel } from './types.ts';

/**
 * Margin on the rated capacity for a register step: twice the rating. A unit can exceed its rating at
 * favourable conditions and a backup heater adds to it; a step above twice the rating is not a heat pump.
 */
export const REGISTER_RATED_MARGIN = 2;

/**
 * The mean power a register step may imply (docs/methods.md "Registers"):
 * - with a rated capacity: {@link REGISTER_RATED_MARGIN} x the rating;
 * - else the physical ceiling of the plausibility bounds: the largest flow the integrator accepts
 *   ({@link MAX_FLOW_M3S}, 3600 m3/h) carrying the fluid's whole valid temperature span as dT, at the
 *   largest rho x cp of the fluid in that range. For water (its 125 K table) about 1 m3/s x 4.2 MJ/(m3 K)
 *   x 125 K = 527 MW: a loose bound, but one that no jump to 1e9 kWh passes.
 * The electricity register has the same bound (a heat pump with COP >= 1 draws no more than it delivers).
 */
export function registerBound(ratedW: number | undefined, fluid: FluidModel): RegisterBound {
  if (ratedW !== undefined)
    return {
      maxW: REGISTER_RATED_MARGIN * ratedW,
      label: `twice the rated ${grouped(ratedW / 1000, 2)} kW (${grouped((REGISTER_RATED_MARGIN * ratedW) / 1000, 2)} kW)`,
    };
  let rhoCp = 0;
  const span = fluid.maxC - fluid.minC;
  for (let i = 0; i <= 100; i++) {
    const t = fluid.minC + (span * i) / 100;
    const v = fluid.densityKgM3(t) * fluid.cpJKgK(t);
    if (v > rhoCp) rhoCp = v;
  }
  const maxW = MAX_FLOW_M3S * rhoCp * span;
  return {
    maxW,
    label: `the physical ceiling ${grouped(maxW / 1000, 2)} kW (no rated capacity given: ${MAX_FLOW_M3S} m3/s across the fluid's ${span.toFixed(0)} K range)`,
  };
}

/**
 * Warmest source temperature a heating system of each kind plausibly has, degC, for the Carnot check when
 * no source temperature is measured (docs/methods.md "COP and net heat"): ground (brine) and water sources stay
 * below 30 degC; air (including the indoor or exhaust air of hot-water heat pumps) below 45 degC.
 */
export const WARMEST_SOURCE_C: Record<SourceKind, number> = { air: 45, brine: 30, water: 30 };

export const DEFAULT_DEFROST_MAX_S = 900;
export const MAX_DEFROST_MAX_S = 3600;
export const DEFAULT_STUCK_S = 7200;
/** Defrost cycles last minutes (typically 2-15 min, docs/methods.md): a shorter reversal is not one. */
export const DEFAULT_DEFROST_MIN_S = 120;
/**
 * Warmest outdoor air at which an air-source unit defrosts, degC. Frost forms on the outdoor coil when the
 * air is below about 40 degF = 4.4 degC (Bort's HVAC, "Heat pump defrost cycle"); in rating tests the
 * +2 degC air point is the one that usually includes defrost cycles and +7 degC usually runs frost-free.
 * 7 degC keeps a margin above both (an engineering choice).
 */
export const FROST_MAX_C = 7;
/** A reverse-dT run shorter than this is no cooling operation (compressor cycles last longer). */
export const DEFAULT_COOLING_MIN_S = 600;

/**
 * Which data each figure comes from (docs/methods.md "Metered energy"):
 * - heat: flow and temperatures when all three are present (they separate heating, cooling and defrost at
 *   sample resolution and carry the EN 1434 bound); else the heat power channel; else the heat register.
 *   A heat register next to instant data cross-checks it.
 * - electricity: the register when present (it integrates continuously; sampled power misses what happens
 *   between samples); else the power channel, which then cross-checks the register.
 */
export function chooseBases(
  channels: ReadonlySet<MeterChannel>,
  electricityOnly = false,
): {
  heatBasis: HeatBasis;
  elecBasis: ElecBasis | null;
} {
  const has = (c: MeterChannel) => channels.has(c);
  if (electricityOnly) {
    // An electricity meter's file: heat in it would belong to a heat meter and be lost here, so refuse it.
    const words = {
      flow: 'flow',
      supply: 'supply temperature',
      return: 'return temperature',
      heatPower: 'heat power',
      heatRegister: 'heat energy',
    } as const;
    const heat = (Object.keys(words) as (keyof typeof words)[]).filter(has);
    if (heat.length)
      throw new InputError(
        `the data have ${heat.map((c) => words[c]).join(', ')}: an electricity meter's file has electricity only (heat data belong in the system's heat meter's file)`,
      );
    const elecBasis: ElecBasis | null = has('elecRegister')
      ? 'elec-register'
      : has('elecPower')
        ? 'elec-power'
        : null;
    if (!elecBasis)
      throw new InputError(
        'no electricity data: give an electricity register (a running total, e.g. elec_kwh) or an electricity power column (elec_kw)',
      );
    return { heatBasis: 'none', elecBasis };
  }
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
  defrostMinMs: number;
  coolingMinMs: number;
  stuckMs: number;
} {
  positive(o.maxGapS, 'maxGapS');
  const defrostMaxS = o.defrostMaxS ?? DEFAULT_DEFROST_MAX_S;
  if (!(defrostMaxS >= 0 && defrostMaxS <= MAX_DEFROST_MAX_S))
    throw new InputError(`defrost episode limit must be 0 .. ${MAX_DEFROST_MAX_S} s`, {
      field: 'defrostMaxS',
      value: defrostMaxS,
    });
  const defrostMinS = o.defrostMinS ?? Math.min(DEFAULT_DEFROST_MIN_S, defrostMaxS);
  if (!(defrostMinS >= 0 && defrostMinS <= defrostMaxS))
    throw new InputError(`shortest defrost episode must be 0 .. ${defrostMaxS} s (the longest)`, {
      field: 'defrostMinS',
      value: defrostMinS,
    });
  const coolingMinS = o.coolingMinS ?? DEFAULT_COOLING_MIN_S;
  if (!(coolingMinS >= 0 && Number.isFinite(coolingMinS)))
    throw new InputError('shortest cooling run must be 0 s or more', {
      field: 'coolingMinS',
      value: coolingMinS,
    });
  const stuckS = o.stuckS ?? DEFAULT_STUCK_S;
  positive(stuckS, 'stuckS');
  if (o.ratedW !== undefined) positive(o.ratedW, 'ratedW');
  if (o.heatRegisterRolloverJ !== undefined) positive(o.heatRegisterRolloverJ, 'heatRegisterRolloverJ');
  if (o.elecRegisterRolloverJ !== undefined) positive(o.elecRegisterRolloverJ, 'elecRegisterRolloverJ');
  return {
    maxGapMs: o.maxGapS * 1000,
    defrostMaxMs: defrostMaxS * 1000,
    defrostMinMs: defrostMinS * 1000,
    coolingMinMs: coolingMinS * 1000,
    stuckMs: stuckS * 1000,
  };
}

function positive(value: number, field: string): void {
  if (!(value > 0) || !Number.isFinite(value))
    throw new InputError('must be a positive number', { field, value });
}
