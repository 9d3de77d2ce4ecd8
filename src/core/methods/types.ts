import type { Check } from '../checks.ts';

/** The prescriptive methods TREC computes (docs/methods.md, "Prescriptive methods"). */
export const METHOD_NAMES = ['grec-formula', 'runtime-renewable', 'full-load-hours'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** What a method's `energyJ` is, physically. */
export type EnergyBasis =
  /** The published GREC formula's product: neither delivered heat nor its renewable part (see its README). */
  | 'formula-output'
  /** Heat drawn from the ground, air or water: delivered heat x (1 - 1/COP). */
  | 'renewable-portion';

/** Inputs of every prescriptive method, SI inside. Which ones a method needs is in its README. */
export interface MethodInputs {
  /** Rated heating capacity of the heat pump(s), W. */
  capacityW: number;
  /** Heating COP (W/W) at rating conditions, or the seasonal figure the user stands behind. */
  cop: number;
  /** Policy weight applied to the counted energy (fuel-displacement or program multiplier). Default 1. */
  multiplier?: number;
  /** Hours in the reporting period; default 8,760 (one non-leap year). */
  periodH?: number;
  /** runtime-renewable: logged compressor runtime in the period, h. */
  runtimeH?: number;
  /** runtime-renewable: delivered capacity while running as a fraction of rated (part load), 0 < f <= 1. */
  loadFraction?: number;
  /** full-load-hours: equivalent full-load hours in the period, h. */
  fullLoadHours?: number;
  /** Optional rating temperatures: with both, the COP is judged against its Carnot limit. */
  sourceC?: number;
  sinkC?: number;
}

export interface MethodResult {
  method: MethodName;
  programId?: string;
  programVersion?: string;
  /** The inputs as used (after program defaults), SI. */
  inputs: MethodInputs & { periodH: number; multiplier: number };
  basis: EnergyBasis;
  /** The energy the method counts, J (before any multiplier). */
  energyJ: number;
  /** The same energy in BTU(IT), exact conversion. */
  btu: number;
  /** The same energy in MWh: BTU / btuPerMwh when the method or program fixes that constant, else exact. */
  mwh: number;
  /** BTU per MWh used for `mwh` (e.g. 3,412,000), or null when the exact 3,412,141.63 applies. */
  btuPerMwh: number | null;
  /** mwh x multiplier: what certificates are counted from. */
  creditedMwh: number;
  /** Delivered heat, J, for methods that know it (runtime-renewable, full-load-hours). */
  heatJ?: number;
  /** The delivered heat in MWh, by the same constant as `mwh`. */
  heatMwh?: number;
  /** Physics cap: rated capacity x hours in the period, J, and the renewable part of it, J. */
  capJ: number;
  renewableCapJ: number;
  /** Whole certificates, their unit, and the energy (J, before the multiplier) left over. */
  certificates: number;
  certificateUnit: string;
  remainderJ: number;
  checks: Check[];
  notes: string[];
}
