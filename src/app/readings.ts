import type { EnergyUnit, MeterChannel, MeterSample } from '../core/index.ts';
import type { ReadingDay } from './interval-port.ts';
import type { MeterFiles, OpenMeterFiles } from './meter-files.ts';

// The readings of an upload, kept so that minutes can be integrated later (issue 12: "zoom from years to
// minutes"; docs/store.md "Readings"): every sample the energy use case gives the integrator, after the
// join, in SI, by UTC day. The ingest wraps its meter-file port with `recordingMeterFiles`, so the readings
// are exactly the samples the stored hours were integrated from.

const DAY_MS = 86_400_000;

/** The channels in a fixed order, and how to read each from a sample. */
export const READING_CHANNELS: readonly (readonly [MeterChannel, (s: Readonly<MeterSample>) => number])[] = [
  ['flow', (s) => s.flowM3s],
  ['supply', (s) => s.supplyC],
  ['return', (s) => s.returnC],
  ['source', (s) => s.sourceC],
  ['heatPower', (s) => s.heatW],
  ['heatRegister', (s) => s.heatRegisterJ],
  ['elecPower', (s) => s.elecW],
  ['elecRegister', (s) => s.elecRegisterJ],
];

/** One UTC day being filled: growing Float64 columns. */
class DayBuilder {
  length = 0;
  time: Float64Array;
  columns: Float64Array[];
  /** `capacity`: the readings expected (the day before's count: a regular meter's days are alike). */
  constructor(
    readonly dayStartMs: number,
    width: number,
    capacity: number,
  ) {
    this.time = new Float64Array(capacity);
    this.columns = Array.from({ length: width }, () => new Float64Array(capacity));
  }

  push(timeMs: number, values: readonly number[]): void {
    if (this.length === this.time.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.time = grow(this.time);
      this.columns = this.columns.map(grow);
    }
    this.time[this.length] = timeMs;
    for (let k = 0; k < values.length; k++) this.columns[k]![this.length] = values[k]!;
    this.length++;
  }
}

/** Collects the samples pushed to the integrator into days of readings. */
export class ReadingsRecorder {
  private channels: readonly MeterChannel[] = [];
  private getters: ((s: Readonly<MeterSample>) => number)[] = [];
  private readonly values: number[] = [];
  private day: DayBuilder | null = null;
  private readonly days: ReadingDay[] = [];
  /** The unit of the files' heat register column, if they have one (a rollover is given in it). */
  heatRegisterUnit: EnergyUnit | undefined;
  /** The heat register's rollover in J (set when the files are opened, before the first day closes). */
  heatRegisterRolloverJ: number | null = null;
  /** Readings recorded. */
  count = 0;
  /**
   * Given each day as soon as it is complete (the ingest encodes it at once); the days are then not kept
   * here. Without it, `finish()` gives them.
   */
  onDay: ((day: ReadingDay) => void) | undefined;

  /** Called when the files are opened (their units known, no row read): sets the rollover from the unit. */
  onOpen: (() => void) | undefined;

  /** The channels the files have (known when they are opened, before any row). */
  open(channels: ReadonlySet<MeterChannel>): void {
    this.onOpen?.();
    const present = READING_CHANNELS.filter(([c]) => channels.has(c));
    this.channels = present.map(([c]) => c);
    this.getters = present.map(([, get]) => get);
    this.values.length = present.length;
  }

  /** Copies one (reused) sample. */
  see(s: Readonly<MeterSample>): void {
    const t = s.timeMs;
    const dayStart = Math.floor(t / DAY_MS) * DAY_MS;
    if (this.day === null || this.day.dayStartMs !== dayStart) {
      const expected = this.day ? this.day.length + 1 : 1024;
      this.close();
      this.day = new DayBuilder(dayStart, this.getters.length, expected);
    }
    for (let k = 0; k < this.getters.length; k++) this.values[k] = this.getters[k]!(s);
    this.day.push(t, this.values);
    this.count++;
  }

  private close(): void {
    const d = this.day;
    if (!d) return;
    const day: ReadingDay = {
      dayStartMs: d.dayStartMs,
      channels: this.channels,
      timeMs: d.time.subarray(0, d.length),
      columns: d.columns.map((c) => c.subarray(0, d.length)),
      heatRegisterRolloverJ: this.heatRegisterRolloverJ,
    };
    this.day = null;
    if (this.onDay) this.onDay(day);
    else this.days.push(day);
  }

  /** Closes the last day (given to `onDay`, or kept); the days kept, in time order. */
  finish(): ReadingDay[] {
    this.close();
    return this.days;
  }
}

/** The meter-file port, with every sample read also given to `recorder` (the energy use case is unchanged). */
export function recordingMeterFiles(files: MeterFiles, recorder: ReadingsRecorder): MeterFiles {
  return {
    readMap: (path) => files.readMap(path),
    headers: (names, format) => files.headers(names, format),
    suggestMap: (headers) => files.suggestMap(headers),
    checkMap: (map, headers, mapFile) => files.checkMap(map, headers, mapFile),
    async open(names, options): Promise<OpenMeterFiles> {
      const open = await files.open(names, options);
      recorder.heatRegisterUnit = open.channels.heatRegisterUnit;
      recorder.open(open.channels.channels);
      return {
        channels: open.channels,
        ignored: open.ignored,
        read: (join, push) =>
          open.read(join, (sample) => {
            recorder.see(sample);
            push(sample);
          }),
      };
    },
  };
}
