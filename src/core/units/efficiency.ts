import { InputError } from '../errors.ts';
import { J_PER_BTU, J_PER_WH } from './constants.ts';

/**
 * Efficiency metrics and what converts into what.
 *
 * Two metrics convert only if they measure the same thing (same mode, same basis: one operating point or a
 * season, and for seasonal metrics the same rating procedure and climate); then the conversion is a pure unit
 * change between W/W and BTU/Wh (factor J_PER_WH / J_PER_BTU = 3.41214...).
 *
 * - COP (W/W) at one operating point, heating or cooling.
 * - EER (BTU/Wh): cooling COP at one operating point (AHRI 210/240: 95 degF outdoor). EER = COPc x 3.412.
 * - SEER (BTU/Wh): seasonal cooling, AHRI 210/240 procedure. Its W/W form is "SEER_WW"; it is NOT an EER
 *   (different conditions) and NOT the EN 14825 SEER (different climate and procedure).
 * - HSPF (BTU/Wh): seasonal heating, AHRI 210/240 (region IV). Its W/W form is "HSPF_WW"; it is NOT a COP and
 *   NOT an EN 14825 SCOP.
 * - SCOP (W/W): seasonal heating, EN 14825 reference climate. No exact conversion to HSPF exists.
 * - SPF (W/W): measured seasonal performance factor (metered heat / metered electricity); no rating procedure.
 * Sources: AHRI 210/240-2017 (definitions of EER, SEER, HSPF); EN 14825:2018 (SCOP); unit factor from
 * NIST SP 811 (BTU(IT), Wh).
 */
export const BTU_PER_WH = J_PER_WH / J_PER_BTU;

export type EfficiencyMetric = 'COP' | 'EER' | 'SEER' | 'SEER_WW' | 'HSPF' | 'HSPF_WW' | 'SCOP' | 'SPF';

interface MetricDef {
  mode: 'heating' | 'cooling' | 'either';
  basis: 'point' | 'season';
  /** Rating procedure a seasonal figure belongs to; conversions stay within one. */
  procedure: 'any' | 'AHRI 210/240' | 'EN 14825' | 'measured';
  unit: 'W/W' | 'BTU/Wh';
}

export const EFFICIENCY_METRICS: Record<EfficiencyMetric, MetricDef> = {
  COP: { mode: 'either', basis: 'point', procedure: 'any', unit: 'W/W' },
  EER: { mode: 'cooling', basis: 'point', procedure: 'any', unit: 'BTU/Wh' },
  SEER: { mode: 'cooling', basis: 'season', procedure: 'AHRI 210/240', unit: 'BTU/Wh' },
  SEER_WW: { mode: 'cooling', basis: 'season', procedure: 'AHRI 210/240', unit: 'W/W' },
  HSPF: { mode: 'heating', basis: 'season', procedure: 'AHRI 210/240', unit: 'BTU/Wh' },
  HSPF_WW: { mode: 'heating', basis: 'season', procedure: 'AHRI 210/240', unit: 'W/W' },
  SCOP: { mode: 'heating', basis: 'season', procedure: 'EN 14825', unit: 'W/W' },
  SPF: { mode: 'either', basis: 'season', procedure: 'measured', unit: 'W/W' },
};

/** Why two metrics cannot be converted, or undefined when they can. */
export function efficiencyIncompatibility(from: EfficiencyMetric, to: EfficiencyMetric): string | undefined {
  const a = EFFICIENCY_METRICS[from];
  const b = EFFICIENCY_METRICS[to];
  if (a.basis !== b.basis)
    return `${from} is rated at ${a.basis === 'point' ? 'one operating point' : 'over a season'} and ${to} ${
      b.basis === 'point' ? 'at one operating point' : 'over a season'
    }; no exact conversion exists`;
  if (a.mode !== 'either' && b.mode !== 'either' && a.mode !== b.mode)
    return `${from} is a ${a.mode} metric and ${to} a ${b.mode} metric`;
  if (a.procedure !== 'any' && b.procedure !== 'any' && a.procedure !== b.procedure)
    return `${from} follows ${a.procedure} and ${to} follows ${b.procedure} (different climates and test points); no exact conversion exists`;
  return undefined;
}

export function convertEfficiency(value: number, from: EfficiencyMetric, to: EfficiencyMetric): number {
  const why = efficiencyIncompatibility(from, to);
  if (why) throw new InputError(`cannot convert ${from} to ${to}: ${why}`);
  const a = EFFICIENCY_METRICS[from].unit;
  const b = EFFICIENCY_METRICS[to].unit;
  if (a === b) return value;
  return a === 'W/W' ? value * BTU_PER_WH : value / BTU_PER_WH;
}
