import type { IntervalKind } from './types.ts';

const MS_PER_MIN = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

export type OffsetFn = (timeMs: number) => number;

const UTC: OffsetFn = () => 0;

/**
 * Interval boundaries in local time. `local = utc + offset(utc)`; a boundary is the UTC instant at which
 * local time reaches a whole minute, a whole hour, local midnight, or local midnight of the 1st of a month.
 * Minutes are real minutes, like hours (for the whole-minute offsets of today's zones a local minute is a UTC
 * minute).
 *
 * Hours are real hours: at a daylight-saving change the boundary is taken with the offset in force before
 * it, which for whole-hour changes is the change itself, so the repeated autumn hour is two 1 h intervals
 * and the skipped spring hour produces no empty interval. Days and months end at the local midnight after
 * the change (23 h or 25 h days), found by re-evaluating the offset at the candidate boundary.
 */
export class IntervalClock {
  private readonly offset: OffsetFn;
  constructor(
    private readonly kind: IntervalKind,
    offset: OffsetFn | undefined,
  ) {
    this.offset = offset ?? UTC;
  }

  /** Start of the interval containing `timeMs` (for 'total': timeMs itself). */
  startOf(timeMs: number): number {
    if (this.kind === 'total') return timeMs;
    const off = this.offset(timeMs) * MS_PER_MIN;
    const local = floorLocal(this.kind, timeMs + off);
    return this.resolve(local, off, timeMs, (b) => b <= timeMs);
  }

  /** End of the interval that starts at or contains `timeMs` (for 'total': +Infinity). */
  endAfter(timeMs: number): number {
    if (this.kind === 'total') return Infinity;
    const off = this.offset(timeMs) * MS_PER_MIN;
    const local = nextLocal(this.kind, floorLocal(this.kind, timeMs + off));
    return this.resolve(local, off, timeMs, (b) => b > timeMs);
  }

  /** UTC instant of a local boundary; for days and months, with the offset in force at the boundary. */
  private resolve(localMs: number, offMs: number, timeMs: number, ok: (b: number) => boolean): number {
    const first = localMs - offMs;
    if (this.kind === 'hour' || this.kind === 'minute') return first;
    const offThere = this.offset(first) * MS_PER_MIN;
    if (offThere === offMs) return first;
    const second = localMs - offThere;
    const consistent = this.offset(second) * MS_PER_MIN === offThere;
    return consistent && ok(second) ? second : ok(first) ? first : timeMs;
  }
}

function floorLocal(kind: IntervalKind, localMs: number): number {
  if (kind === 'minute') return Math.floor(localMs / MS_PER_MIN) * MS_PER_MIN;
  if (kind === 'hour') return Math.floor(localMs / MS_PER_HOUR) * MS_PER_HOUR;
  if (kind === 'day') return Math.floor(localMs / MS_PER_DAY) * MS_PER_DAY;
  const d = new Date(localMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function nextLocal(kind: IntervalKind, localStartMs: number): number {
  if (kind === 'minute') return localStartMs + MS_PER_MIN;
  if (kind === 'hour') return localStartMs + MS_PER_HOUR;
  if (kind === 'day') return localStartMs + MS_PER_DAY;
  const d = new Date(localStartMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** ISO 8601 UTC text of an epoch-millisecond instant, for check messages. */
export function isoUtc(timeMs: number): string {
  return new Date(timeMs).toISOString();
}
