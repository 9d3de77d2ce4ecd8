import type { CheckLog } from './check-log.ts';

/**
 * Plausibility bounds (docs/methods.md "Metered energy", data-quality checks). A sample outside them is
 * not integrated: the segments on either side count as not covered.
 * - supply and return: the fluid model's valid range (freezing point .. top of its table); properties
 *   outside it are unknown and never extrapolated.
 * - flow: 0 .. 1 m3/s (3600 m3/h, beyond any heat-pump circuit); a negative flow is reverse flow, which a
 *   heat meter does not measure.
 * - electrical power: >= 0 W (a heat pump does not export).
 * - source temperature: -60 .. 100 degC (no heat pump runs outside it); outside, the sample is left out of
 *   the Carnot check only.
 */
export const MAX_FLOW_M3S = 1;
export const SOURCE_MIN_C = -60;
export const SOURCE_MAX_C = 100;

/** A temperature that leaves both neighbours by more than this and returns is a spike, K. */
export const TEMPERATURE_SPIKE_K = 10;
/** A flow more than this factor above or below both (flowing) neighbours is a spike. */
export const FLOW_SPIKE_FACTOR = 3;

/**
 * A sensor whose reading stays exactly identical while water flows, for at least `stuckMs`: reported once
 * per run, with its length, when the run ends. A gap longer than the maximum gap ends the run (issue 7):
 * the same value on both sides of a gap says nothing about the time in between.
 */
export class StuckWatch {
  private value = NaN;
  private runStartMs = 0;
  private lastMs = 0;

  constructor(
    private readonly log: CheckLog,
    private readonly name: string,
    private readonly stuckMs: number,
  ) {}

  /** `bridged`: the step from the previous sample is no longer than the maximum gap. */
  update(x: number, flowing: boolean, timeMs: number, bridged: boolean): void {
    if (flowing && bridged && x === this.value) {
      this.lastMs = timeMs;
      return;
    }
    // close() inlined (its value = NaN is overwritten here): update stays small enough to be inlined
    if (this.value === this.value && this.lastMs - this.runStartMs >= this.stuckMs) this.report();
    this.value = flowing ? x : NaN;
    this.runStartMs = timeMs;
    this.lastMs = timeMs;
  }

  close(): void {
    if (this.value === this.value && this.lastMs - this.runStartMs >= this.stuckMs) this.report();
    this.value = NaN;
  }

  private report(): void {
    const lengthMs = this.lastMs - this.runStartMs;
    this.log.add(
      'stuck-sensor',
      'warning',
      `${this.name} reads exactly ${this.value} for ${(lengthMs / 3_600_000).toFixed(1)} h while water flows: a stuck sensor or a logger repeating its last value`,
      this.runStartMs,
    );
  }
}

/**
 * A single sample that leaves both neighbours in the same direction and comes back (neighbours agree with
 * each other within half the threshold). Temperatures: by more than {@link TEMPERATURE_SPIKE_K}; flow: by
 * a factor of {@link FLOW_SPIKE_FACTOR}, with both neighbours flowing. Reported, not removed: the energy
 * keeps the reading (removing data is the operator's decision).
 */
export class SpikeWatch {
  /** The reading before the middle one, the middle one (the candidate spike), its time and line. */
  private beforeValue = NaN;
  private middleValue = NaN;
  private middleMs = 0;
  private middleLine = 0;
  /**
   * Whether the middle reading leaves the one before by more than the threshold: a condition every spike
   * meets (see {@link isSpike}), so without it the next reading cannot make the middle one a spike and the
   * full test is skipped.
   */
  private armed = false;

  constructor(
    private readonly log: CheckLog,
    private readonly name: string,
    private readonly relative: boolean,
  ) {}

  /** `bridged`: the step from the previous sample is no longer than the maximum gap. */
  update(x: number, bridged: boolean, timeMs: number, line: number): void {
    if (bridged) {
      if (this.armed && this.isSpike(this.beforeValue, this.middleValue, x))
        this.report(this.beforeValue, this.middleValue, x);
      this.beforeValue = this.middleValue;
    } else this.beforeValue = NaN; // a gap: neither earlier reading is a neighbour
    this.middleValue = x;
    this.middleMs = timeMs;
    this.middleLine = line;
    const x0 = this.beforeValue;
    // the first half of each spike condition below (false when either value is NaN)
    this.armed = this.relative
      ? x0 > 0 && (x > FLOW_SPIKE_FACTOR * x0 || x * FLOW_SPIKE_FACTOR < x0)
      : x - x0 > TEMPERATURE_SPIKE_K || x0 - x > TEMPERATURE_SPIKE_K;
  }

  private report(x0: number, x1: number, x2: number): void {
    this.log.add(
      'spike',
      'warning',
      `${this.name} at line ${this.middleLine} reads ${x1} between ${x0} and ${x2}: a one-sample spike`,
      this.middleMs,
    );
  }

  private isSpike(x0: number, x1: number, x2: number): boolean {
    if (this.relative) {
      if (!(x0 > 0 && x2 > 0)) return false;
      const hi = x0 > x2 ? x0 : x2;
      const lo = x0 > x2 ? x2 : x0;
      return lo * FLOW_SPIKE_FACTOR >= hi && (x1 > FLOW_SPIKE_FACTOR * hi || x1 * FLOW_SPIKE_FACTOR < lo);
    }
    const t = TEMPERATURE_SPIKE_K;
    const up = x1 - x0 > t && x1 - x2 > t;
    const down = x0 - x1 > t && x2 - x1 > t;
    return (up || down) && Math.abs(x2 - x0) <= t / 2;
  }
}
