import { J_PER_WH } from '../units/index.ts';
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
  notes: readonly string[];
}

/**
 * The renewable part of delivered heat: heat x (1 - 1/COP). First law: the heat drawn from the ground or air
 * is the heat delivered minus the electricity (heat / COP); EU RED II Annex VII writes it
 * E_RES = Q_usable x (1 - 1/SPF).
 */
export const renewableJ = (heatJ: number, cop: number): number => heatJ * (1 - 1 / cop);

/**
 * Result of a renewable-portion method (runtime-renewable, full-load-hours): delivered heat = rated capacity
 * x hours at that capacity; it counts the renewable part and reports the heat beside it.
 */
export function renewablePortion(a: {
  capacityW: number;
  /** Hours at rated capacity: runtime x load fraction, or equivalent full-load hours. */
  fullCapacityH: number;
  cop: number;
  periodH: number;
  what: string;
  notes: string[];
}): MethodEnergy {
  const heatJ = a.capacityW * a.fullCapacityH * J_PER_WH;
  const { what, notes, periodH } = a;
  return {
    basis: 'renewable-portion',
    energyJ: renewableJ(heatJ, a.cop),
    heatJ,
    periodH,
    btuPerMwh: null,
    what,
    notes,
  };
}
