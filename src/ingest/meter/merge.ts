import { blankMeterSample, InputError, type MeterChannel, type MeterSample } from '../../core/index.ts';
import { shown } from './columns.ts';
import type { MeterFileStream } from './read.ts';

/**
 * Several meter files joined on time into ONE stream of samples (docs/methods.md, "Several files"), in
 * constant memory: each file is read chunk by chunk and the streams are merged in time order (a k-way merge
 * of sorted streams; each file's times already increase, the reader refuses anything else).
 *
 * - Instant channels (flow, temperatures, power) join on their times. `exact`: a sample at each time that
 *   every instant file has; a time one file lacks is a gap for that file's channels (counted and reported;
 *   the row is not used, so the integrator bridges it under its own --max-gap rule or reports a gap).
 *   `hold` (files logged on change of value): each file's last values hold from its row until its next row,
 *   never longer than `maxGapMs`; the held values are emitted as constant pieces (a sample at each end), so
 *   the trapezoid rule integrates them exactly as steps. After a stretch where some file's value expired, the
 *   next piece starts more than `maxGapMs` after the last emitted sample, so the integrator sees the gap (up
 *   to `maxGapMs` of the first data after it is not counted: never invented).
 * - Register and interval-energy channels are series of their own, at their own rate: at each emitted time
 *   the register is interpolated linearly between its readings (its energy spread evenly over the time
 *   between readings, as the integrator spreads register steps). Interval energy becomes a register series
 *   (a running sum) at the reader, labelled at the end or the start of its interval. Before a series' first
 *   reading and after its last it holds (no energy is counted where it has none).
 * - Without instant files the samples are at the union of the series' reading times.
 */

export interface JoinOptions {
  join: 'exact' | 'hold';
  /** Longest a held value holds (`hold`), ms. */
  maxGapMs: number;
  /** Which end of its interval an interval-energy row's time marks. */
  label: 'end' | 'start';
}

/** What the join saw: per file, the times its channels were missing (exact) or had expired (hold). */
export interface JoinFileReport {
  file: string;
  channels: MeterChannel[];
  /** Times other instant files have and this one lacks (exact), or expiries of its held value (hold). */
  missing: number;
  /** The first few such times, epoch ms. */
  firstMissingMs: number[];
}

export interface SeriesReport {
  file: string;
  header: string;
  channel: MeterChannel;
  interval: boolean;
  /** First and last reading (for interval energy: the start of the first and end of the last interval). */
  firstMs: number;
  lastMs: number;
  /** Interval-energy rows farther apart than the file's interval (the energy in between is unknown). */
  intervalGaps: number;
  firstGapMs: number[];
}

export interface JoinReport {
  instant: JoinFileReport[];
  series: SeriesReport[];
  /** Samples passed on, and the time span of the instant data (NaN without instant files). */
  samples: number;
  instantFirstMs: number;
  instantLastMs: number;
}

const LISTED = 5;
type InstantField = 'flowM3s' | 'supplyC' | 'returnC' | 'sourceC' | 'heatW' | 'elecW';
const FIELD_OF: Record<MeterChannel, keyof MeterSample> = {
  flow: 'flowM3s',
  supply: 'supplyC',
  return: 'returnC',
  source: 'sourceC',
  heatPower: 'heatW',
  elecPower: 'elecW',
  heatRegister: 'heatRegisterJ',
  elecRegister: 'elecRegisterJ',
};
export const isSeriesChannel = (c: MeterChannel) => c === 'heatRegister' || c === 'elecRegister';

/**
 * Rows of one stream, pulled one chunk at a time, kept column-wise in typed arrays (the reader reuses ONE
 * sample; copying each row into an object would cost a garbage-collected allocation per row).
 */
class Cursor {
  private cap = 1 << 12;
  private times = new Float64Array(this.cap);
  private lines = new Float64Array(this.cap);
  private values: Float64Array[];
  private len = 0;
  private pos = 0;
  private ended = false;

  constructor(
    private readonly stream: MeterFileStream,
    /** The sample fields this cursor keeps, by index in {@link at}. */
    readonly fields: readonly (keyof MeterSample)[],
  ) {
    this.values = fields.map(() => new Float64Array(this.cap));
    stream.setSink((s) => {
      if (this.len === this.cap) this.grow();
      const i = this.len++;
      this.times[i] = s.timeMs;
      this.lines[i] = s.line;
      for (let f = 0; f < fields.length; f++) this.values[f]![i] = s[fields[f]!];
    });
  }

  private grow(): void {
    this.cap *= 2;
    const bigger = (a: Float64Array) => {
      const b = new Float64Array(this.cap);
      b.set(a);
      return b;
    };
    this.times = bigger(this.times);
    this.lines = bigger(this.lines);
    this.values = this.values.map(bigger);
  }

  /** Whether a row is buffered (no await needed). */
  ready(): boolean {
    return this.pos < this.len;
  }

  /** Reads chunks until a row is buffered; false at the end of the file. */
  async refill(): Promise<boolean> {
    while (this.pos >= this.len) {
      if (this.ended) return false;
      this.len = 0;
      this.pos = 0;
      this.ended = !(await this.stream.fill());
    }
    return true;
  }

  /** Time of the current row (after {@link ready} or {@link refill} said there is one). */
  time(): number {
    return this.times[this.pos]!;
  }

  line(): number {
    return this.lines[this.pos]!;
  }

  /** Value of field `f` (index into {@link fields}) of the current row. */
  at(f: number): number {
    return this.values[f]![this.pos]!;
  }

  /** Drops the current row. */
  next(): void {
    this.pos++;
  }
}

interface Reading {
  t: number;
  v: number;
}

/** One register channel of one file as readings in time (interval energy turned into a running sum). */
class Series {
  readonly report: SeriesReport;
  private prev: Reading | undefined;
  private next: Reading | undefined;
  private readonly queue: Reading[] = [];
  private ended = false;
  // interval energy: the running sum, the file's interval (first spacing) and the previous row
  private sumJ = 0;
  private stepMs = NaN;
  private rowT = NaN;
  private rowE = NaN;
  private rowLine = 0;
  private started = false;

  constructor(
    private readonly cursor: Cursor,
    readonly file: string,
    header: string,
    readonly channel: 'heatRegister' | 'elecRegister',
    readonly interval: boolean,
    private readonly label: 'end' | 'start',
    /** J per unit of the file's column, to show a value as the file has it. */
    private readonly jPerUnit: number,
  ) {
    this.report = {
      file,
      header,
      channel,
      interval,
      firstMs: NaN,
      lastMs: NaN,
      intervalGaps: 0,
      firstGapMs: [],
    };
  }

  private push(t: number, v: number): void {
    const last = this.queue.at(-1) ?? this.next ?? this.prev;
    if (last && t <= last.t) return; // an interval's end at the next row's time: already there
    this.queue.push({ t, v });
    if (!(this.report.firstMs === this.report.firstMs)) this.report.firstMs = t;
    this.report.lastMs = t;
  }

  private gap(atMs: number): void {
    if (this.report.intervalGaps++ < LISTED) this.report.firstGapMs.push(atMs);
  }

  /** The next reading, or undefined after the last. */
  private async pull(): Promise<Reading | undefined> {
    const c = this.cursor;
    while (this.queue.length === 0 && !this.ended) {
      if (!c.ready() && !(await c.refill())) {
        this.ended = true;
        this.closeIntervals();
        break;
      }
      const t = c.time();
      const value = c.at(0);
      const line = c.line();
      c.next();
      if (!this.interval) this.push(t, value);
      else this.intervalRow(t, value, line);
    }
    return this.queue.shift();
  }

  /** An interval-energy row: the energy of the interval that ends (label end) or starts at its time. */
  private intervalRow(t: number, e: number, line: number): void {
    if (e < 0)
      throw new InputError('interval energy is negative (the energy of an interval is 0 or more)', {
        file: this.file,
        line,
        field: shown(this.report.header),
        value: e / this.jPerUnit,
      });
    if (!this.started) {
      this.started = true;
      [this.rowT, this.rowE, this.rowLine] = [t, e, line];
      return;
    }
    if (this.stepMs !== this.stepMs) {
      // the file's interval is its first spacing; the first row's interval is now known
      this.stepMs = t - this.rowT;
      if (this.label === 'end') {
        this.push(this.rowT - this.stepMs, 0);
        this.sumJ += this.rowE;
        this.push(this.rowT, this.sumJ);
      } else this.push(this.rowT, 0);
    }
    const spacing = t - this.rowT;
    if (this.label === 'end') {
      if (spacing > this.stepMs) {
        this.gap(this.rowT);
        this.push(t - this.stepMs, this.sumJ); // no row for the time between: no energy known there
      }
      this.sumJ += e;
      this.push(t, this.sumJ);
    } else {
      // the previous row's interval ends at this row's time, or after one interval when rows are missing
      this.sumJ += this.rowE;
      if (spacing > this.stepMs) {
        this.gap(this.rowT + this.stepMs);
        this.push(this.rowT + this.stepMs, this.sumJ);
      }
      this.push(t, this.sumJ);
    }
    [this.rowT, this.rowE, this.rowLine] = [t, e, line];
  }

  private closeIntervals(): void {
    if (!this.interval || !this.started) return;
    if (this.stepMs !== this.stepMs)
      throw new InputError(
        'an interval-energy file needs two rows at least: the spacing of its rows is the length of its intervals',
        { file: this.file, line: this.rowLine, field: shown(this.report.header) },
      );
    if (this.label === 'start') {
      this.sumJ += this.rowE;
      this.push(this.rowT + this.stepMs, this.sumJ);
    }
  }

  /** Time of the next reading after `t`, or undefined (for the union of reading times). */
  async nextTimeAfter(t: number): Promise<number | undefined> {
    await this.advanceTo(t);
    if (this.next === undefined) return undefined;
    return this.next.t > t ? this.next.t : undefined;
  }

  /** Whether {@link advanceTo}(t) has work to do (so the caller awaits only then). */
  behind(t: number): boolean {
    return (
      (this.prev === undefined && this.next === undefined && !this.ended) ||
      (this.next !== undefined && this.next.t <= t)
    );
  }

  /** Makes prev the last reading at or before `t` and next the first one after it. */
  async advanceTo(t: number): Promise<void> {
    if (this.prev === undefined && this.next === undefined) this.next = await this.pull();
    while (this.next !== undefined && this.next.t <= t) {
      this.prev = this.next;
      this.next = await this.pull();
    }
  }

  /** The register at `t` (after {@link advanceTo}): linear between readings, held outside them. */
  valueAt(t: number): number {
    const { prev, next } = this;
    if (prev === undefined) return next === undefined ? NaN : next.v;
    if (next === undefined || prev.t === t) return prev.v;
    return prev.v + ((next.v - prev.v) * (t - prev.t)) / (next.t - prev.t);
  }

  /** The first reading's time, for the union of times (undefined when the series has none). */
  async firstTime(): Promise<number | undefined> {
    if (this.prev === undefined && this.next === undefined) this.next = await this.pull();
    return this.prev?.t ?? this.next?.t;
  }
}

/** A file's role in the join: an instant cursor over its instant channels, or one series per register. */
export interface JoinInput {
  file: string;
  /** Opens a fresh stream of the file (a file with instant and register channels is read once per role). */
  open: () => Promise<MeterFileStream>;
  stream: MeterFileStream;
}

/**
 * Joins the files into samples in time order, passing each to `push` (ONE reused sample). Returns what the
 * join saw (missing times per file, series ranges) for the caller's checks.
 */
export async function joinMeterFiles(
  inputs: readonly JoinInput[],
  options: JoinOptions,
  push: (sample: Readonly<MeterSample>) => void,
): Promise<JoinReport> {
  const owner = new Map<MeterChannel, string>();
  const instants: { cursor: Cursor; report: JoinFileReport; fields: InstantField[] }[] = [];
  const series: Series[] = [];
  for (const input of inputs) {
    const { plan } = input.stream.info;
    for (const channel of plan.channels) {
      const earlier = owner.get(channel);
      if (earlier !== undefined)
        throw new InputError(
          `the ${channel} channel comes from two files, ${earlier} and ${input.file}: give it once`,
          { file: input.file, field: shown(headerOf(input.stream, channel)) },
        );
      owner.set(channel, input.file);
    }
    const instantChannels = [...plan.channels].filter((c) => !isSeriesChannel(c));
    const registerChannels = [...plan.channels].filter(isSeriesChannel);
    let stream: MeterFileStream | undefined = input.stream;
    const take = async () => {
      const s = stream ?? (await input.open());
      stream = undefined;
      return s;
    };
    if (instantChannels.length) {
      const fields = instantChannels.map((c) => FIELD_OF[c] as InstantField);
      instants.push({
        cursor: new Cursor(await take(), fields),
        report: { file: input.file, channels: instantChannels, missing: 0, firstMissingMs: [] },
        fields,
      });
    }
    for (const channel of registerChannels)
      series.push(
        new Series(
          new Cursor(await take(), [FIELD_OF[channel]]),
          input.file,
          headerOf(input.stream, channel),
          channel,
          plan.intervalChannels.has(channel),
          options.label,
          plan.columns.find((c) => c?.channel === channel)?.toSI(1) ?? 1,
        ),
      );
  }
  const sample = blankMeterSample();
  const report: JoinReport = {
    instant: instants.map((i) => i.report),
    series: series.map((s) => s.report),
    samples: 0,
    instantFirstMs: NaN,
    instantLastMs: NaN,
  };
  let lastEmitted = -Infinity;
  const emit = async (t: number, line: number) => {
    for (const s of series) {
      if (s.behind(t)) await s.advanceTo(t);
      const v = s.valueAt(t);
      if (v !== v) throw new InputError('no data rows were read', { file: s.file });
      sample[FIELD_OF[s.channel] as 'heatRegisterJ' | 'elecRegisterJ'] = v;
    }
    sample.timeMs = t;
    sample.line = line;
    lastEmitted = t;
    report.samples++;
    push(sample);
  };
  const missing = (r: JoinFileReport, t: number) => {
    if (r.missing++ < LISTED) r.firstMissingMs.push(t);
  };

  if (instants.length === 0) {
    // registers only: samples at the union of their reading times
    let t = -Infinity;
    for (;;) {
      let next = Infinity;
      for (const s of series) {
        const n = t === -Infinity ? await s.firstTime() : await s.nextTimeAfter(t);
        if (n !== undefined && n < next) next = n;
      }
      if (next === Infinity) break;
      t = next;
      await emit(t, 0);
    }
    return report;
  }

  const k = instants.length;
  const cursors = instants.map((i) => i.cursor);
  const live: boolean[] = cursors.map(() => true);
  // hold: each file's held values (by its fields), the time and line of its row; stale: no value to hold
  const held = instants.map((i) => new Float64Array(i.fields.length));
  const heldT = new Float64Array(k).fill(NaN);
  const heldLine = new Float64Array(k);
  const stale: boolean[] = cursors.map(() => true);
  // hold: the current constant piece starts at pieceFrom; a break (some value expired) since lastEmitted
  let pieceFrom = NaN;
  let broken = false;
  /** Emits the held piece [pieceFrom, until] (hold mode), shifted past a gap when one preceded it. */
  const closePiece = async (until: number) => {
    if (!(pieceFrom === pieceFrom)) return;
    let freshUntil = Infinity;
    for (let j = 0; j < k; j++) {
      if (!(heldT[j] === heldT[j])) return;
      freshUntil = Math.min(freshUntil, heldT[j]! + options.maxGapMs);
    }
    const end = Math.min(until, freshUntil);
    let start = pieceFrom;
    if (broken && start - lastEmitted <= options.maxGapMs) start = lastEmitted + options.maxGapMs + 1;
    if (start <= end) {
      for (let j = 0; j < k; j++) {
        const fields = instants[j]!.fields;
        for (let f = 0; f < fields.length; f++) sample[fields[f]!] = held[j]![f]!;
      }
      await emit(start, heldLine[0]!);
      if (end > start) await emit(end, heldLine[0]!);
      broken = false;
    }
    if (end < until) broken = true;
  };

  for (;;) {
    let t = Infinity;
    for (let j = 0; j < k; j++) {
      if (!live[j]) continue;
      const c = cursors[j]!;
      if (!c.ready() && !(await c.refill())) {
        live[j] = false;
        continue;
      }
      const tj = c.time();
      if (tj < t) t = tj;
    }
    if (t === Infinity) break;
    if (!(report.instantFirstMs === report.instantFirstMs)) report.instantFirstMs = t;
    report.instantLastMs = t;
    if (options.join === 'exact') {
      let all = true;
      for (let j = 0; j < k; j++)
        if (!live[j] || cursors[j]!.time() !== t) {
          all = false;
          missing(instants[j]!.report, t);
        }
      if (all) {
        for (let j = 0; j < k; j++) {
          const fields = instants[j]!.fields;
          const c = cursors[j]!;
          for (let f = 0; f < fields.length; f++) sample[fields[f]!] = c.at(f);
        }
        await emit(t, cursors[0]!.line());
      }
      for (let j = 0; j < k; j++) if (live[j] && cursors[j]!.time() === t) cursors[j]!.next();
      continue;
    }
    // hold: the piece held so far ends just before t; the rows at t start a new one
    await closePiece(t - 1);
    let fresh = true;
    for (let j = 0; j < k; j++) {
      const c = cursors[j]!;
      if (live[j] && c.time() === t) {
        const h = held[j]!;
        for (let f = 0; f < h.length; f++) h[f] = c.at(f);
        heldT[j] = t;
        heldLine[j] = c.line();
        c.next();
        stale[j] = false;
        continue;
      }
      const none = !(heldT[j] === heldT[j]);
      if (none || t - heldT[j]! > options.maxGapMs) {
        fresh = false;
        if (!stale[j]) {
          stale[j] = true;
          missing(instants[j]!.report, heldT[j]! + options.maxGapMs); // its value expired then
        } else if (none && instants[j]!.report.missing === 0) missing(instants[j]!.report, t); // none yet
      }
    }
    if (fresh) pieceFrom = t;
    else {
      pieceFrom = NaN;
      broken = true;
    }
  }
  if (options.join === 'hold') await closePiece(pieceFrom); // the last value does not hold past the data
  for (const s of series) await s.advanceTo(Infinity); // read every file to its end (bad rows, provenance)
  return report;
}

function headerOf(stream: MeterFileStream, channel: MeterChannel): string {
  const { plan } = stream.info;
  const i = plan.columns.findIndex((c) => c?.channel === channel);
  return plan.headers[i] ?? channel;
}
