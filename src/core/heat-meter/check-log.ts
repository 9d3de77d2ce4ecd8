import { check, type Check, type Severity } from '../checks.ts';
import { isoUtc } from './intervals.ts';

/** Checks of one code listed individually; beyond this a single summary check counts the rest. */
export const MAX_CHECKS_PER_CODE = 100;

/**
 * Collects checks with bounded memory: a file with a million spikes yields 100 listed spikes and one line
 * saying how many more there were, never a million objects.
 */
export class CheckLog {
  private readonly listed: Check[] = [];
  private readonly counts = new Map<string, { count: number; severity: Severity }>();
  /** [start, end] (ms, inclusive) of every error that refers to a time: which intervals are not ok. */
  readonly errorSpans: number[] = [];

  /**
   * `endMs`: last instant the finding covers (default `startMs`). An error with a start marks the intervals
   * it overlaps as not ok.
   */
  add(code: string, severity: Severity, message: string, startMs?: number, endMs?: number): void {
    if (severity === 'error' && startMs !== undefined) this.errorSpans.push(startMs, endMs ?? startMs);
    const seen = this.counts.get(code);
    const count = (seen?.count ?? 0) + 1;
    this.counts.set(code, { count, severity: seen && seen.severity === 'error' ? 'error' : severity });
    if (count <= MAX_CHECKS_PER_CODE)
      this.listed.push(check(code, severity, message, startMs === undefined ? undefined : isoUtc(startMs)));
  }

  /** A check that is already built (per-interval findings: not capped), covering startMs .. endMs. */
  push(c: Check, startMs?: number, endMs?: number): void {
    if (c.severity === 'error' && startMs !== undefined) this.errorSpans.push(startMs, endMs ?? startMs);
    this.listed.push(c);
  }

  /** All checks, ordered by start (checks without a start first), then the summaries of long lists. */
  result(): Check[] {
    const out = this.listed
      .map((c, i) => ({ c, i }))
      .sort((a, b) => (a.c.start ?? '').localeCompare(b.c.start ?? '') || a.i - b.i)
      .map((x) => x.c);
    for (const [code, { count, severity }] of this.counts)
      if (count > MAX_CHECKS_PER_CODE)
        out.push(
          check(
            code,
            severity,
            `${count - MAX_CHECKS_PER_CODE} more '${code}' findings not listed (${count} in all)`,
          ),
        );
    return out;
  }
}

/**
 * One condition that holds over a run of consecutive samples (heat rate above rating, dT below the meter's
 * minimum, an out-of-range sensor): reported once per run with its start, length and worst value.
 */
export class Episode {
  /** Whether the condition held at the latest sample (an update with `on` false then closes the run). */
  active = false;
  private startMs = 0;
  private lastMs = 0;
  private worst = 0;
  private count = 0;

  constructor(
    private readonly log: CheckLog,
    private readonly code: string,
    private readonly severity: Severity,
    private readonly describe: (worst: number, samples: number, lengthS: number) => string,
  ) {}

  /** `on`: whether the condition holds at this sample; `value`: its size (the worst |value| is kept). */
  update(on: boolean, timeMs: number, value: number): void {
    if (on) {
      const size = value < 0 ? -value : value;
      if (!this.active) {
        this.active = true;
        this.startMs = timeMs;
        this.worst = value;
        this.count = 0;
      } else if (size > (this.worst < 0 ? -this.worst : this.worst)) this.worst = value;
      this.count++;
      this.lastMs = timeMs;
    } else if (this.active) this.close();
  }

  close(): void {
    if (!this.active) return;
    this.active = false;
    const lengthS = (this.lastMs - this.startMs) / 1000;
    this.log.add(
      this.code,
      this.severity,
      this.describe(this.worst, this.count, lengthS),
      this.startMs,
      this.lastMs,
    );
  }
}
