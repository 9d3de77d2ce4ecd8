import { grouped } from '../format.ts';
import { InputError } from '../errors.ts';
import { jToKwh } from '../units/index.ts';
import type { CheckLog } from './check-log.ts';
import { isoUtc } from './intervals.ts';

/** A drop smaller than this share of the previous reading is a read-out glitch, not a new series. */
export const REGISTER_GLITCH_FRACTION = 0.005;

/** The mean power a register step may imply, W, and where that bound comes from (for messages). */
export interface RegisterBound {
  maxW: number;
  /** e.g. "twice the rated 10.00 kW (20.00 kW)" */
  label: string;
}

/**
 * Energy from a cumulative register as the sum of its deltas (docs/methods.md "Metered energy", registers):
 * - a step down that a rollover explains (previous + delta wraps at `rolloverJ`, delta at most half the
 *   range) is `value + rolloverJ - previous`: 99990.0 -> 5.0 kWh with rollover 100000 kWh is 15 kWh;
 * - a step down smaller than {@link REGISTER_GLITCH_FRACTION} of the reading is a read-out glitch: the
 *   reading is ignored (the previous one stays the base), so 100.0, 99.9, 100.1 counts 0.1, not 0.2;
 * - a step up whose mean power exceeds the bound (`RegisterBound`) is implausible: it is not counted, its
 *   size is reported as excluded (`excludedJ`) with a `register-jump` check naming the line, the
 *   step in kWh and the implied power in kW;
 * - any other step down is a reset, a meter swap or a bad reading (`register-reset`): nothing is counted.
 * After an excluded step or a drop, the previous reading stays the base and the new reading becomes a
 * candidate: the next reading that continues plausibly from the base counts from the base (the odd reading
 * was a one-sample spike: 100, 1e9, 101 counts 1 kWh); one that continues plausibly from the candidate
 * starts a new series there (a real reset or swap: 5200, 12, 40 counts 28 kWh after the swap).
 *
 * The mean power of a step is judged over the time since the sample BEFORE the base value was first read
 * (a register that shows 1 kWh steps every 10 minutes is 6 kW, not 60 kW over the 1-minute segment of the
 * tick), so a register's resolution does not look like a jump.
 */
export class RegisterTracker {
  /** The reading steps are counted from (J), and the start of the time its next step accrues over (ms). */
  private baseJ = NaN;
  private baseSinceMs = NaN;
  /** An odd reading that may start a new series (J), and its start time (ms); NaN when none. */
  private candidateJ = NaN;
  private candidateSinceMs = NaN;
  /** Time of the latest reading, and of the latest reading strictly before it, ms. */
  private latestMs = NaN;
  private beforeLatestMs = NaN;
  /** Smallest positive step seen, J: the register's resolution as far as the data shows it. */
  quantumJ = Infinity;
  /** Energy of the implausible step of the latest reading, J (0 when none). */
  excludedJ = 0;

  constructor(
    private readonly log: CheckLog,
    private readonly field: string,
    private readonly rolloverJ: number | undefined,
    private readonly bound: RegisterBound,
    /** Whether the result's figure comes from this register (its exclusion is then an error). */
    private readonly isBasis: boolean,
  ) {}

  /** Energy since the previous reading, J (0 for the first reading of a series). */
  delta(valueJ: number, timeMs: number, line: number): number {
    this.excludedJ = 0;
    const rollover = this.rolloverJ;
    if (rollover !== undefined && (valueJ >= rollover || valueJ < 0))
      throw new InputError(`register reading outside 0 .. ${kwh(rollover)} kWh, the rollover value given`, {
        line,
        field: this.field,
        value: jToKwh(valueJ),
      });
    if (timeMs !== this.latestMs) {
      this.beforeLatestMs = this.latestMs;
      this.latestMs = timeMs;
    }
    const since = this.beforeLatestMs === this.beforeLatestMs ? this.beforeLatestMs : timeMs;
    const base = this.baseJ;
    if (base !== base) {
      this.accept(valueJ, timeMs);
      return 0;
    }
    const fromBase = this.step(valueJ - base, timeMs - this.baseSinceMs);
    if (fromBase >= 0) return this.accept(valueJ, since, fromBase);
    if (fromBase === GLITCH) {
      this.log.add(
        'register-decrease',
        'warning',
        `${this.field} drops from ${kwh(base)} to ${kwh(valueJ)} kWh at line ${line} (${isoUtc(timeMs)}); the reading is ignored`,
        timeMs,
      );
      return 0;
    }
    if (this.candidateJ === this.candidateJ) {
      const fromCand = this.step(valueJ - this.candidateJ, timeMs - this.candidateSinceMs);
      if (fromCand >= 0) {
        this.baseSinceMs = this.candidateSinceMs;
        this.baseJ = this.candidateJ;
        return this.accept(valueJ, since, fromCand);
      }
    }
    if (fromBase === JUMP) {
      const d = this.wrapped(valueJ - base);
      const spanS = (timeMs - this.baseSinceMs) / 1000;
      this.excludedJ = d;
      this.log.add(
        'register-jump',
        this.isBasis ? 'error' : 'warning',
        `${this.field} steps from ${kwh(base)} to ${kwh(valueJ)} kWh at line ${line} (${isoUtc(timeMs)}): ${kwh(d)} kWh in ${minutes(spanS)} min is a mean ${kw(spanS > 0 ? d / spanS : Infinity)} kW, above ${this.bound.label}: the step is not counted and is reported as excluded`,
        timeMs,
      );
    } else
      this.log.add(
        'register-reset',
        'warning',
        `${this.field} drops from ${kwh(base)} to ${kwh(valueJ)} kWh at line ${line} (${isoUtc(timeMs)}): a reset, a meter swap or a bad reading; the step is not counted, and the next readings decide whether a new series starts here`,
        timeMs,
      );
    this.candidateJ = valueJ;
    this.candidateSinceMs = since;
    return 0;
  }

  /** A counted reading becomes the base; a changed value restarts the time its next step is judged over. */
  private accept(valueJ: number, sinceMs: number, d = 0): number {
    if (d > 0 || this.baseJ !== this.baseJ) {
      this.baseSinceMs = sinceMs;
      if (d > 0 && d < this.quantumJ) this.quantumJ = d;
    }
    this.baseJ = valueJ;
    this.candidateJ = NaN;
    return d;
  }

  private wrapped(d: number): number {
    const rollover = this.rolloverJ;
    return d < 0 && rollover !== undefined && d + rollover <= rollover / 2 ? d + rollover : d;
  }

  /** The counted energy of a step (>= 0), or JUMP, GLITCH or DROP. */
  private step(raw: number, spanMs: number): number {
    const d = this.wrapped(raw);
    if (d >= 0) return d > (this.bound.maxW * spanMs) / 1000 ? JUMP : d;
    const ref = this.baseJ;
    return -d < REGISTER_GLITCH_FRACTION * Math.abs(ref) ? GLITCH : DROP;
  }
}

const JUMP = -1;
const GLITCH = -2;
const DROP = -3;

function kwh(j: number): string {
  return grouped(jToKwh(j), 3);
}
function kw(w: number): string {
  return grouped(w / 1000, 2);
}
function minutes(s: number): string {
  return grouped(s / 60, 1);
}
