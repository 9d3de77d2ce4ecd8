import type { Check } from '../checks.ts';
import type { FluidModel } from '../fluids/types.ts';
import type { SourceKind } from '../heat-pump/parametric.ts';

/**
 * The contract between meter-file readers (src/ingest) and the heat-meter integrator (src/core/heat-meter).
 *
 * One sample per data row, already converted to SI at the edge. Absent channels are NaN, so a reader can
 * reuse ONE sample object for every row (no allocation per row): the integrator must copy what it keeps and
 * never retain the object itself.
 */
export interface MeterSample {
  /** Epoch milliseconds, UTC (the reader resolved time zones and DST). */
  timeMs: number;
  /** 1-based line of the source file, for messages. */
  line: number;
  /** Volume flow through the flow sensor, m3/s. */
  flowM3s: number;
  supplyC: number;
  returnC: number;
  /** Source temperature (outdoor air, room air, ground loop) for the Carnot check. */
  sourceC: number;
  /** Heat power channel, W (positive heating, negative cooling). */
  heatW: number;
  /** Cumulative heat register, J (as read, before rollover handling). */
  heatRegisterJ: number;
  /** Electrical power channel, W. */
  elecW: number;
  /** Cumulative electricity register, J. */
  elecRegisterJ: number;
}

/** A sample with every channel absent (NaN): the starting state of a reader's one reused sample. */
export function blankMeterSample(): MeterSample {
  return {
    timeMs: NaN,
    line: 0,
    flowM3s: NaN,
    supplyC: NaN,
    returnC: NaN,
    sourceC: NaN,
    heatW: NaN,
    heatRegisterJ: NaN,
    elecW: NaN,
    elecRegisterJ: NaN,
  };
}

export type MeterChannel =
  'flow' | 'supply' | 'return' | 'source' | 'heatPower' | 'heatRegister' | 'elecPower' | 'elecRegister';

/**
 * Reporting intervals. 'minute' (issue 12: a day shows every minute) serves the stored readings' per-minute
 * view (src/app/minutes.ts); the meter-file surfaces offer hour, day, month and total.
 */
export type IntervalKind = 'minute' | 'hour' | 'day' | 'month' | 'total';

/** EN 1434 accuracy class of a heat meter and the figures its error limits depend on. */
export interface MeterClassSpec {
  accuracyClass: 1 | 2 | 3;
  /** Permanent flow rate qp, m3/h. */
  qpM3h: number;
  /** Minimum temperature difference the meter is specified for, K. */
  dtMinK: number;
}

export interface HeatMeterOptions {
  /** Channels present in the data (NaN in an absent channel is not an error; NaN in a present one is). */
  channels: ReadonlySet<MeterChannel>;
  fluid: FluidModel;
  /** Where the volume flow sensor sits: its temperature sets the density. Default 'return'. */
  flowSensor: 'supply' | 'return';
  interval: IntervalKind;
  /**
   * Offset in minutes of local time from UTC at a given instant, for interval boundaries (days and months
   * start at local midnight). Supplied by the edge (IANA zone rules); UTC when absent.
   */
  utcOffsetMinutes?: (timeMs: number) => number;
  /** A gap between samples longer than this is not bridged. Default 900 s. */
  maxGapS: number;
  /** Value (J) at which a cumulative heat register wraps to 0, if it does. */
  heatRegisterRolloverJ?: number;
  elecRegisterRolloverJ?: number;
  meterClass?: MeterClassSpec;
  /** Rated heating capacity, W: a heat rate above it is flagged. */
  ratedW?: number;
  /**
   * Longest reverse-dT episode between two heating periods that counts as defrost, s. Default 900
   * (15 min); at most 3600; 0 turns episode classification off (every reverse-dT energy is cooling).
   */
  defrostMaxS?: number;
  /** Shortest reverse-dT time of a defrost episode, s. Default 120 (2 min). */
  defrostMinS?: number;
  /**
   * Shortest continuous reverse-dT run that counts as cooling, s. Default 600 (10 min). Shorter runs that
   * are not defrost are transients: counted as neither heat, cooling nor defrost.
   */
  coolingMinS?: number;
  /**
   * Kind of heat source, for the Carnot check when no source temperature is measured: the heating COP is
   * judged at the warmest source such a system plausibly has. Default 'air' (the warmest of the three).
   */
  sourceKind?: SourceKind;
  /** Identical supply or return readings for this long while water flows are a stuck sensor, s. Default 7200. */
  stuckS?: number;
  /**
   * The data are an electricity meter's own (a registered electricity meter beside the heat meter): they
   * must have an electricity register or power and no heat channel, and give electricity only (heat 0).
   */
  electricityOnly?: boolean;
}

/**
 * Which data the heat figure comes from (docs/methods.md "Metered energy"); 'none' for an electricity
 * meter's own file (`electricityOnly`), whose heat is 0.
 */
export type HeatBasis = 'flow-temperature' | 'heat-power' | 'heat-register' | 'none';
export type ElecBasis = 'elec-register' | 'elec-power';

/** Energy over one interval. Energies in J (convert at the edge); cop = heat / electricity. */
export interface IntervalEnergy {
  startMs: number;
  endMs: number;
  heatJ: number;
  coolJ: number;
  defrostJ: number;
  /**
   * Reverse-dT energy that is neither cooling nor defrost (short runs: pump overrun, sensor lag), J: not
   * counted in heat, cooling or defrost.
   */
  transientJ: number;
  /** Register steps not counted because their mean power is implausible (heat register), J. */
  excludedJ: number;
  /** The same for the electricity register, J. */
  excludedElecJ: number;
  elecJ: number;
  /** Seasonal/interval performance factor heat / electricity; null without electricity data. */
  cop: number | null;
  /** Cooling COP (EER) cooling / electricity, where the interval has cooling and no heat; else null. */
  coolingCop: number | null;
  /**
   * A heat register beside flow and temperatures (or the heat power channel): both figures over the time
   * both cover, and their difference; null without such a pair.
   */
  heatRegister: RegisterComparison | null;
  /** The electricity register beside the power channel, likewise. */
  elecRegister: RegisterComparison | null;
  /** No error-severity check refers to this interval (for the total: none at all). */
  ok: boolean;
  /** Share of the interval covered by valid data, 0..1. */
  coverage: number;
  /**
   * Energy-weighted EN 1434 maximum permissible error of heatJ (of coolJ when there is no heat), percent;
   * null without a meter class, without flow and temperature data, or without energy.
   */
  uncertaintyPct: number | null;
  /** Net renewable heat, heat - electricity, J; null without electricity data. */
  netRenewableJ: number | null;
  /** heatJ reduced by its EN 1434 bound (never below 0), J; null when there is no bound. */
  conservativeHeatJ: number | null;
  /** Heat-weighted mean supply temperature, degC; null without supply data or heat. */
  meanSupplyC: number | null;
  /** Heat-weighted mean source temperature, degC; null without source data or heat. */
  meanSourceC: number | null;
}

/** A register beside instant data over the same time: both figures and register - instant. */
export interface RegisterComparison {
  registerJ: number;
  measuredJ: number;
  differenceJ: number;
  /** 100 x difference / measured; null when the instant data measured nothing. */
  differencePct: number | null;
}

export interface HeatMeterResult {
  intervals: IntervalEnergy[];
  total: IntervalEnergy;
  checks: Check[];
  heatBasis: HeatBasis;
  elecBasis: ElecBasis | null;
  /** Samples pushed. */
  samples: number;
  /** Gaps longer than maxGapS that were not bridged, and their summed length. */
  gapCount: number;
  gapS: number;
}

export interface HeatMeterIntegrator {
  /** Adds one sample; samples arrive in time order (a reader sorts or rejects out-of-order data). */
  push(sample: Readonly<MeterSample>): void;
  /** Closes the last interval and returns everything. */
  finish(): HeatMeterResult;
}
