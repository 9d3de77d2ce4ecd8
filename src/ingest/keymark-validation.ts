import { computeScop, InputError, type OffModeHours, type ScopResult } from '../core/index.ts';
import { keymarkUnit, type KeymarkRecord } from './keymark.ts';

/** Keymark application types that are air-to-water heat pumps (source: outdoor, exhaust or hybrid air). */
export const AIR_TO_WATER_TYPES = ['Outdoor Air/Water', 'Exhaust Air/Water', 'Hybrid Air/Water'];

/** Agreement the issue asks for: computed SCOP within 2 % of the published one. */
export const SCOP_TOLERANCE = 0.02;

export type KeymarkComparison =
  | { line: number; title: string; status: 'missing'; reason: string }
  | { line: number; title: string; status: 'rejected'; reason: string }
  | {
      line: number;
      title: string;
      status: 'computed';
      published: number;
      result: ScopResult;
      /** computed / published - 1 */
      error: number;
      within: boolean;
    };

export interface CompareOptions {
  hours?: OffModeHours;
  cdh?: number;
}

/** Computes the average-climate SCOP of one row and compares it with the published W35 SCOP. */
export function compareKeymarkRow(row: KeymarkRecord, options: CompareOptions = {}): KeymarkComparison {
  const title = row.fields.titel ?? '';
  try {
    const parsed = keymarkUnit(row);
    if (!parsed.ok) return { line: row.line, title, status: 'missing', reason: parsed.missing.join(', ') };
    const unit = options.cdh === undefined ? parsed.unit : { ...parsed.unit, cdh: options.cdh };
    const result = computeScop(unit, options.hours ? { hours: options.hours } : {});
    const error = result.scop / parsed.scop - 1;
    return {
      line: row.line,
      title,
      status: 'computed',
      published: parsed.scop,
      result,
      error,
      within: Math.abs(error) <= SCOP_TOLERANCE,
    };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { line: row.line, title, status: 'rejected', reason: e.message };
  }
}

export interface MatchSummary {
  eligible: number;
  missing: number;
  rejected: number;
  computed: number;
  within: number;
  /** within / computed */
  rate: number;
}

export function summarize(results: readonly KeymarkComparison[]): MatchSummary {
  const count = (s: KeymarkComparison['status']) => results.filter((r) => r.status === s).length;
  const within = results.filter((r) => r.status === 'computed' && r.within).length;
  const computed = count('computed');
  return {
    eligible: results.length,
    missing: count('missing'),
    rejected: count('rejected'),
    computed,
    within,
    rate: computed ? within / computed : 0,
  };
}

export const isAirToWater = (row: KeymarkRecord): boolean =>
  AIR_TO_WATER_TYPES.includes(row.fields.types ?? '');
