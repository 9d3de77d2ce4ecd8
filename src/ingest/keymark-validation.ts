import { computeScop, InputError, isOk, type OffModeHours, type ScopResult } from '../core/index.ts';
import { keymarkUnit, type KeymarkLevel, type KeymarkRecord } from './keymark.ts';

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
      /** No error-severity check (isOk): a figure under an error never counts as reproduced. */
      ok: boolean;
      /** ok and within SCOP_TOLERANCE of the published SCOP. */
      within: boolean;
      /** What was read other than as written (keymarkUnit notes: the W55 Tbiv). */
      notes: string[];
    };

export interface CompareOptions {
  hours?: OffModeHours;
  cdh?: number;
  /** W35 (default: published scop_l) or W55 (published eta_h, SCOP derived from it). */
  level?: KeymarkLevel;
}

/** Computes the average-climate SCOP of one row and compares it with the published SCOP of its level. */
export function compareKeymarkRow(row: KeymarkRecord, options: CompareOptions = {}): KeymarkComparison {
  const title = row.fields.titel ?? '';
  try {
    const parsed = keymarkUnit(row, options.level);
    if (!parsed.ok) return { line: row.line, title, status: 'missing', reason: parsed.missing.join(', ') };
    const unit = options.cdh === undefined ? parsed.unit : { ...parsed.unit, cdh: options.cdh };
    const result = computeScop(unit, options.hours ? { hours: options.hours } : {});
    const error = result.scop / parsed.scop - 1;
    const ok = isOk(result.checks);
    return {
      line: row.line,
      title,
      status: 'computed',
      published: parsed.scop,
      result,
      error,
      ok,
      within: ok && Math.abs(error) <= SCOP_TOLERANCE,
      notes: parsed.notes,
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
  /** Computed, but carrying an error check (e.g. a declared COP above the Carnot limit). */
  flagged: number;
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
    flagged: results.filter((r) => r.status === 'computed' && !r.ok).length,
    within,
    rate: computed ? within / computed : 0,
  };
}

export const isAirToWater = (row: KeymarkRecord): boolean =>
  AIR_TO_WATER_TYPES.includes(row.fields.types ?? '');
