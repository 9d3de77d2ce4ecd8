import type { EnergyBasis } from './types.ts';

/** What one method computes, before program constants, certificates and the audit are applied. */
export interface MethodEnergy {
  basis: EnergyBasis;
  energyJ: number;
  /** BTU when the method computes in BTU (the GREC formula); else derived from energyJ. */
  btu?: number;
  /** Delivered heat, J, when the method knows it. */
  heatJ?: number;
  periodH: number;
  /** The method's own BTU/MWh constant, or null for the exact conversion. */
  btuPerMwh: number | null;
  /** How the audit message names this result, e.g. "The published GREC formula". */
  what: string;
  notes: string[];
}
