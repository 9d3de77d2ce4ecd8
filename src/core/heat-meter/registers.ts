import { InputError } from '../errors.ts';
import { jToKwh } from '../units/index.ts';
import type { CheckLog } from './check-log.ts';

/** A drop smaller than this share of the previous reading is a read-out glitch, not a new series. */
export const REGISTER_GLITCH_FRACTION = 0.005;

/**
 * Energy from a cumulative register as the sum of its deltas (docs/methods.md "Metered energy"):
 * - a step down that a rollover explains (previous + delta wraps at `rolloverJ`, delta at most half the
 *   range) is `value + rolloverJ - previous`: 99990.0 -> 5.0 kWh with rollover 100000 kWh is 15 kWh;
 * - any other step down is a reset or a meter swap: a new series starts at the new reading, with no energy
 *   for the step (never negative, never invented) and a `register-reset` check;
 * - a step down smaller than {@link REGISTER_GLITCH_FRACTION} of the reading is a read-out glitch: the
 *   reading is ignored (the previous one stays the base), so 100.0, 99.9, 100.1 counts 0.1, not 0.2;
 * - a step up implying more than twice the rated power (when given) is a swap to a meter with a higher
 *   count: a new series, no energy, a `register-jump` check.
 */
export class RegisterTracker {
  private last = NaN;
  /** Smallest positive step seen, J: the register's resolution as far as the data shows it. */
  quantumJ = Infinity;

  constructor(
    private readonly log: CheckLog,
    private readonly field: string,
    private readonly rolloverJ: number | undefined,
    private readonly maxW: number | undefined,
  ) {}

  /** Energy since the previous reading, J (0 for the first reading of a series). */
  delta(valueJ: number, dtS: number, timeMs: number, line: number): number {
    const rollover = this.rolloverJ;
    if (rollover !== undefined && (valueJ >= rollover || valueJ < 0))
      throw new InputError(`register reading outside 0 .. ${kwh(rollover)} kWh, the rollover value given`, {
        line,
        field: this.field,
        value: jToKwh(valueJ),
      });
    const last = this.last;
    this.last = valueJ;
    if (last !== last) return 0;
    const d = valueJ - last;
    if (d >= 0) {
      if (this.maxW !== undefined && dtS > 0 && d / dtS > 2 * this.maxW) {
        this.log.add(
          'register-jump',
          'error',
          `${this.field} jumps from ${kwh(last)} to ${kwh(valueJ)} kWh in ${dtS} s at line ${line}, more than twice the rated power: treated as a meter swap, the step is not counted`,
          timeMs,
        );
        return 0;
      }
      if (d > 0 && d < this.quantumJ) this.quantumJ = d;
      return d;
    }
    if (rollover !== undefined && d + rollover <= rollover / 2) return d + rollover;
    if (-d < REGISTER_GLITCH_FRACTION * Math.abs(last)) {
      this.last = last;
      this.log.add(
        'register-decrease',
        'warning',
        `${this.field} drops from ${kwh(last)} to ${kwh(valueJ)} kWh at line ${line}; the reading is ignored`,
        timeMs,
      );
      return 0;
    }
    this.log.add(
      'register-reset',
      'warning',
      `${this.field} drops from ${kwh(last)} to ${kwh(valueJ)} kWh at line ${line} (reset or meter swap): a new series starts, the step is not counted`,
      timeMs,
    );
    return 0;
  }
}

function kwh(j: number): string {
  return jToKwh(j).toFixed(3);
}
