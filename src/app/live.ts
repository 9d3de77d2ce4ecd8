// Live meter readings (MQTT, src/ingest/mqtt) into the registry's hourly interval energy, through the SAME
// integrator, gates and Wh rounding as `trec ingest` (docs/mqtt.md).
import {
  createHeatMeterIntegrator,
  energyToJ,
  fluidModel,
  InputError,
  IntervalClock,
  meterClassSpec,
  parseFluidSpec,
  type Check,
  type HeatMeterOptions,
  type MeterSample,
} from '../core/index.ts';
import { energyInput } from './energy.ts';
import { isoIn } from './energy-json.ts';
import { storedHours } from './ingest.ts';
import type { StoredHour } from './interval-port.ts';
import type { LiveBatchEntry, LiveLog, LiveMeter, LiveReadings, LiveStore } from './live-port.ts';
import type { MeterChannels } from './meter-files.ts';
import type { Clock } from './ports.ts';

export type * from './live-port.ts';

const HOUR_MS = 3_600_000;

/**
 * The energy use case's own defaults (fluid, flow-sensor place, maximum gap), read from its schema so that
 * live readings and files are integrated with the same values (src/app/energy.ts, ENERGY_DEFAULTS).
 */
const ENERGY = energyInput.parse({ files: ['-'] });

/**
 * How long after an hour's end the readings must reach before the hour is closed: the integrator holds
 * reverse-dT energy as pending until it is classed as defrost, cooling or transient. A window opened at ws
 * with no run times out after the defrost maximum (900 s); a run that starts before that is classed once it
 * exceeds max(defrost maximum, shortest cooling run) (900 s, 600 s); so nothing before T - 1,800 s is
 * pending once readings reach T (src/core/heat-meter/integrator.ts episodeAfter; defaults
 * DEFAULT_DEFROST_MAX_S, DEFAULT_COOLING_MIN_S in src/core/heat-meter/config.ts, checked by
 * test/ingest/mqtt/live.test.ts). Every later effect of a reading on an earlier hour is a check's wording.
 */
export const LIVE_SETTLE_S = 900 + Math.max(900, 600);

export const LIVE_DEFAULTS = {
  orderingWindowS: {
    value: 120,
    source: 'TREC default (issue 11): readings up to 2 min late or out of order are put in order',
  },
  epochHours: {
    value: 24,
    source:
      'TREC default: the integrator is re-run over at most a day of readings per meter (docs/mqtt.md, epochs)',
  },
  idleCloseS: {
    value: 6 * 3600,
    source:
      'TREC default: a meter silent for 6 h (wall clock) has its open hours closed as at the end of a file',
  },
} as const;

export interface LiveIngestOptions {
  store: LiveStore;
  log?: LiveLog;
  /** The wall clock (idle meters); default Date.now is the composition root's to give. */
  clock: Clock;
  /** Readings that arrive up to this long after a later one are put in order; later ones are late. Default 120 s. */
  orderingWindowS?: number;
  /** Longest run of hours one integrator run covers before a new epoch starts. Default 24. */
  epochHours?: number;
  /** Wall-clock silence after which a meter's open hours are closed; null: never. Default 6 h. */
  idleCloseS?: number | null;
  /** How long a refused meter (unknown, another organisation's) is remembered before asking again, ms. */
  refusalTtlMs?: number;
  /** A reading this far ahead of the wall clock is refused (its meter's clock is wrong). Default 1 h. */
  maxAheadS?: number;
}

export type Admission =
  { ok: true; meter: LiveMeter } | { ok: false; reason: 'unknown-meter' | 'foreign-meter'; message: string };

export interface AcceptOutcome {
  accepted: number;
  duplicates: number;
  late: number;
  /** Set when the whole message was refused (its readings do not fit the meter's stream). */
  refused?: string;
}

export interface LiveStats {
  meters: number;
  readingsAccepted: number;
  duplicates: number;
  late: number;
  refusedReadings: number;
  hoursStored: number;
  hoursAlreadyStored: number;
  batches: number;
  writeErrors: number;
  /** New epochs begun (a journal is compacted after one, so a replay rebuilds the same epoch). */
  epochCuts: number;
  /** Readings held in memory: ordering windows and hours not closed yet. */
  bufferedReadings: number;
  /** Closed hours waiting for a write (after a failed one). */
  pendingHours: number;
}

export interface FlushOutcome {
  entries: number;
  hoursStored: number;
  alreadyStored: number;
  failed: boolean;
}

/** A meter's retained readings, for a journal snapshot (src/ingest/mqtt/journal.ts). */
export interface RetainedReadings {
  meterId: string;
  organisationId: string;
  source: string;
  channels: MeterChannels;
  /** Readings already put in order (the open epoch) and those still in the ordering window. */
  released: MeterSample[];
  buffered: MeterSample[];
}

export interface LiveIngest {
  /** Whether readings on a topic of organisation `org` may be taken for meter `meterId` (cached). */
  admit(org: string, meterId: string): Promise<Admission>;
  /**
   * Takes decoded readings of an admitted meter; synchronous (writes happen in {@link flush}). With
   * `replay` (a journal read at start) a reading in an hour already closed is not late: it was taken before,
   * and it rebuilds the open epoch (the hours it is in are not stored again).
   */
  accept(
    meter: LiveMeter,
    source: string,
    readings: LiveReadings,
    options?: { replay?: boolean },
  ): AcceptOutcome;
  /**
   * Closes every hour that can be closed and writes all of them in ONE batch (one transaction). With
   * `endOfData` every meter's readings are taken as complete (as at the end of a file).
   */
  flush(options?: { endOfData?: boolean }): Promise<FlushOutcome>;
  stats(): LiveStats;
  retained(): RetainedReadings[];
  /** Puts retained readings back (a journal replayed at start), before any new reading of the meter. */
  restore(meter: LiveMeter, retained: RetainedReadings): void;
}

const SAMPLE_FIELDS = [
  'flowM3s',
  'supplyC',
  'returnC',
  'sourceC',
  'heatW',
  'heatRegisterJ',
  'elecW',
  'elecRegisterJ',
] as const;

/** The values that make two readings of one time different readings (shared mode's staging key). */
export const LIVE_SAMPLE_FIELDS: readonly (typeof SAMPLE_FIELDS)[number][] = SAMPLE_FIELDS;

const copy = (s: Readonly<MeterSample>): MeterSample => ({ ...s });

/** Logs the 1st, 2nd, 3rd, 10th, 100th, ... of a repeated event, so a flood of them does not flood the log. */
export const loggable = (n: number): boolean => n <= 3 || /^10*$/.test(String(n));

/** Two readings with the same time and values (a QoS 1 redelivery, a gateway repeating itself). */
function same(a: Readonly<MeterSample>, b: Readonly<MeterSample>): boolean {
  if (a.timeMs !== b.timeMs) return false;
  for (const f of SAMPLE_FIELDS) if (!Object.is(a[f], b[f])) return false;
  return true;
}

const channelsKey = (c: MeterChannels): string =>
  `${[...c.channels].sort().join(',')}|${c.heatRegisterUnit ?? ''}|${c.elecRegisterUnit ?? ''}`;

/** What a stream of readings carries, as text (channels, register units): one stream keeps it. */
export const liveChannelsKey = channelsKey;

/**
 * The integrator's options for a registered meter, as the ingest use case gives them to the energy use
 * case (src/app/ingest.ts, src/app/energy.ts integratorOptions): the meter's fluid, flow-sensor place,
 * EN 1434 class and register rollover, hourly intervals in the site's zone, the energy defaults.
 */
export function liveIntegratorOptions(meter: LiveMeter, ch: MeterChannels): HeatMeterOptions {
  const options: HeatMeterOptions = {
    channels: ch.channels,
    fluid: fluidModel(parseFluidSpec(meter.fluid ?? ENERGY.fluid)),
    flowSensor: meter.flowSensor ?? ENERGY.flowSensor,
    interval: 'hour',
    utcOffsetMinutes: ch.utcOffsetMinutes,
    maxGapS: ENERGY.maxGap,
  };
  if (meter.registerRollover !== null) {
    if (ch.heatRegisterUnit === undefined)
      throw new InputError(
        "the meter's registered register rollover needs a heat register (a running total) in the readings",
        { path: ['meter'], value: meter.meterId },
      );
    options.heatRegisterRolloverJ = energyToJ(meter.registerRollover, ch.heatRegisterUnit);
  }
  const spec = meterClassSpec({
    ...(meter.en1434Class !== null ? { meterClass: meter.en1434Class } : {}),
    ...(meter.qpM3h !== null ? { qpM3h: meter.qpM3h } : {}),
    ...(meter.dtMinK !== null ? { dtMinK: meter.dtMinK } : {}),
  });
  if (spec) options.meterClass = spec;
  return options;
}

/** The readings of a batch as text for its content hash: the source, the range, one reading a line. */
function batchContent(source: string, from: number, to: number, samples: readonly MeterSample[]): string {
  const lines = [source, `${from} ${to}`];
  for (const s of samples) lines.push(`${s.timeMs} ${SAMPLE_FIELDS.map((f) => s[f]).join(' ')}`);
  return lines.join('\n') + '\n';
}

class MeterSession {
  channels: MeterChannels | null = null;
  key = '';
  options: HeatMeterOptions | null = null;
  hourClock: IntervalClock | null = null;
  /** Readings in the ordering window, by time, and when each arrived (wall clock, ms). */
  readonly buffer: MeterSample[] = [];
  readonly arrivals: number[] = [];
  /** Readings put in order since the epoch began: one integrator run covers them. */
  epoch: MeterSample[] = [];
  lastReleased: MeterSample | null = null;
  /** Hours ending at or before this are closed (stored, or waiting in `pending`). */
  closedUntil: number;
  pending: LiveBatchEntry[] = [];
  lastArrivalMs: number;
  /** Readings released since the last close. */
  fresh = false;
  /** Late readings of the meter (the log names the 1st, 2nd, 3rd, 10th, 100th, ...). */
  late = 0;
  /** Different readings with the time of another (logged as late ones are). */
  sameTime = 0;

  constructor(
    public meter: LiveMeter,
    public source: string,
    storedUntil: number | null,
    now: number,
  ) {
    this.closedUntil = storedUntil ?? -Infinity;
    this.lastArrivalMs = now;
  }
}

/**
 * The live ingest of one TREC server: per meter an ordering window, an open epoch of readings and its closed
 * hours; {@link LiveIngest.flush} writes closed hours of all meters in one transaction.
 *
 * Same figures as files: an epoch is integrated by ONE integrator run over its readings, exactly as a file
 * of those readings, and its hours are rounded to Wh as the ingest does (difference of the rounded running
 * totals, src/app/ingest.ts storedHours). An hour is closed once readings reach {@link LIVE_SETTLE_S} past
 * its end, when no later reading can change its energy; at the end of the data (endOfData, an idle meter)
 * the rest is closed as the file's end would be.
 */
export function createLiveIngest(options: LiveIngestOptions): LiveIngest {
  const { store, clock } = options;
  const log: LiveLog = options.log ?? (() => undefined);
  const windowMs = (options.orderingWindowS ?? LIVE_DEFAULTS.orderingWindowS.value) * 1000;
  const epochMs = (options.epochHours ?? LIVE_DEFAULTS.epochHours.value) * HOUR_MS;
  const idleMs =
    options.idleCloseS === null ? null : (options.idleCloseS ?? LIVE_DEFAULTS.idleCloseS.value) * 1000;
  const refusalTtlMs = options.refusalTtlMs ?? 60_000;
  const maxAheadMs = (options.maxAheadS ?? 3600) * 1000;
  const settleMs = LIVE_SETTLE_S * 1000;
  const sessions = new Map<string, MeterSession>();
  const admissions = new Map<string, { at: number; admission: Promise<Admission> }>();
  const totals = {
    readingsAccepted: 0,
    duplicates: 0,
    late: 0,
    refusedReadings: 0,
    hoursStored: 0,
    hoursAlreadyStored: 0,
    batches: 0,
    writeErrors: 0,
    epochCuts: 0,
  };
  let flushing: Promise<FlushOutcome> | null = null;

  const session = (meter: LiveMeter, source: string): MeterSession => {
    const s = sessions.get(meter.meterId);
    if (!s) throw new Error(`meter ${meter.meterId} was not admitted`);
    s.source = source;
    return s;
  };

  async function admitNow(org: string, meterId: string): Promise<Admission> {
    const meter = await store.meter(meterId);
    if (!meter) return { ok: false, reason: 'unknown-meter', message: `no meter ${meterId} is registered` };
    if (meter.organisationId !== org)
      return {
        ok: false,
        reason: 'foreign-meter',
        message: `meter ${meterId} is not a meter of organisation ${org}`,
      };
    if (!sessions.has(meterId)) {
      const storedUntil = await store.storedUntil(meterId);
      if (!sessions.has(meterId))
        sessions.set(meterId, new MeterSession(meter, '', storedUntil, clock.now()));
    }
    return { ok: true, meter: sessions.get(meterId)!.meter };
  }

  function setChannels(s: MeterSession, ch: MeterChannels): string | undefined {
    const key = channelsKey(ch);
    if (s.channels) {
      if (key === s.key) return undefined;
      return `the readings carry ${[...ch.channels].sort().join(', ')}, the meter's stream ${[...s.channels.channels].sort().join(', ')} (registers ${s.channels.heatRegisterUnit ?? '-'}/${s.channels.elecRegisterUnit ?? '-'}): one stream keeps its channels`;
    }
    let opts: HeatMeterOptions;
    try {
      opts = liveIntegratorOptions(s.meter, ch);
      createHeatMeterIntegrator(opts); // refuses channels the integrator cannot use (no return with flow, ...)
    } catch (error) {
      if (error instanceof InputError) return error.detail;
      throw error;
    }
    s.channels = ch;
    s.key = key;
    s.options = opts;
    s.hourClock = new IntervalClock('hour', ch.utcOffsetMinutes);
    return undefined;
  }

  /**
   * The ordering window, in arrival (wall-clock) time: once a reading has waited `windowMs`, it and every
   * buffered reading not later than it are put in order. A reading may so arrive up to the window after a
   * later one (a burst after an outage, a broker's redelivery) and still be in order.
   */
  function release(s: MeterSession, all: boolean, now: number): void {
    let until = all ? Infinity : -Infinity;
    if (!all) {
      const cutoff = now - windowMs;
      for (let k = 0; k < s.buffer.length; k++)
        if (s.arrivals[k]! <= cutoff && s.buffer[k]!.timeMs > until) until = s.buffer[k]!.timeMs;
    }
    let n = 0;
    while (n < s.buffer.length && s.buffer[n]!.timeMs <= until) n++;
    if (n === 0) return;
    s.arrivals.splice(0, n);
    for (const r of s.buffer.splice(0, n)) s.epoch.push(r);
    s.lastReleased = s.epoch[s.epoch.length - 1]!;
    s.fresh = true;
  }

  /** Whether an identical reading was already put in order (binary search in the epoch). */
  function inEpoch(s: MeterSession, r: Readonly<MeterSample>): boolean {
    let lo = 0;
    let hi = s.epoch.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s.epoch[mid]!.timeMs < r.timeMs) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < s.epoch.length && s.epoch[k]!.timeMs === r.timeMs; k++)
      if (same(s.epoch[k]!, r)) return true;
    return false;
  }

  function lateWords(s: MeterSession, r: Readonly<MeterSample>): string {
    const tz = s.meter.timeZone;
    return r.timeMs < s.closedUntil
      ? `a reading at ${isoIn(r.timeMs)} falls in an hour already closed (up to ${isoIn(s.closedUntil, tz)}): counted as late, not merged`
      : `a reading at ${isoIn(r.timeMs)} is older than the ordering window (readings already in order up to ${isoIn(s.lastReleased?.timeMs ?? r.timeMs)}): counted as late, not merged`;
  }

  function accept(
    meter: LiveMeter,
    source: string,
    readings: LiveReadings,
    options: { replay?: boolean } = {},
  ): AcceptOutcome {
    const s = session(meter, source);
    const now = clock.now();
    s.lastArrivalMs = now;
    const out: AcceptOutcome = { accepted: 0, duplicates: 0, late: 0 };
    const refused = setChannels(s, readings.channels);
    if (refused !== undefined) {
      totals.refusedReadings += readings.samples.length;
      log({ level: 'warning', event: 'refused', meterId: meter.meterId, topic: source, message: refused });
      return { ...out, refused };
    }
    // a clock far ahead would make every later true reading late: such a message is refused
    const ahead = readings.samples.find((r) => r.timeMs > now + maxAheadMs);
    if (ahead && !options.replay) {
      const message = `a reading at ${isoIn(ahead.timeMs)} lies more than ${maxAheadMs / 60_000} min ahead of the server's clock (${isoIn(now)})`;
      totals.refusedReadings += readings.samples.length;
      log({ level: 'warning', event: 'refused', meterId: meter.meterId, topic: source, message });
      return { ...out, refused: message };
    }
    const rollover = s.options?.heatRegisterRolloverJ;
    if (rollover !== undefined) {
      const bad = readings.samples.find((r) => !(r.heatRegisterJ >= 0 && r.heatRegisterJ < rollover));
      if (bad) {
        const message = `a heat register reading at ${isoIn(bad.timeMs)} lies outside 0 .. the meter's registered rollover`;
        totals.refusedReadings += readings.samples.length;
        log({ level: 'warning', event: 'refused', meterId: meter.meterId, topic: source, message });
        return { ...out, refused: message };
      }
    }
    for (const r of readings.samples) {
      const t = r.timeMs;
      const last = s.lastReleased;
      // Replaying a journal, a reading of a closed hour is kept: the epoch it belongs to is being rebuilt
      // (its hours are not stored again: close() takes hours from closedUntil on).
      const closed = t < s.closedUntil && !options.replay;
      if (closed || (last && t < last.timeMs)) {
        if (inEpoch(s, r)) out.duplicates++;
        else {
          out.late++;
          s.late++;
          if (loggable(s.late))
            log({
              level: 'warning',
              event: 'late',
              meterId: meter.meterId,
              topic: source,
              message: `${lateWords(s, r)} (${s.late} late so far)`,
            });
        }
        continue;
      }
      if (last && same(last, r)) {
        out.duplicates++;
        continue;
      }
      // insert by time (readings mostly come in order: from the end); equal times keep arrival order
      let k = s.buffer.length;
      while (k > 0 && s.buffer[k - 1]!.timeMs > t) k--;
      let dup = false;
      for (let j = k - 1; j >= 0 && s.buffer[j]!.timeMs === t; j--) if (same(s.buffer[j]!, r)) dup = true;
      if (dup) {
        out.duplicates++;
        continue;
      }
      // a different reading with the time of another: both kept in arrival order (a file with a repeated
      // time is refused, src/ingest/meter/rows.ts), never silently: logged (the 1st, 2nd, 3rd, 10th, ...)
      if (!options.replay && ((k > 0 && s.buffer[k - 1]!.timeMs === t) || last?.timeMs === t)) {
        s.sameTime++;
        if (loggable(s.sameTime))
          log({
            level: 'warning',
            event: 'same-time',
            meterId: meter.meterId,
            topic: source,
            message: `a reading at ${isoIn(t)} has the time of another reading with other values: both are kept, in arrival order (${s.sameTime} so far)`,
          });
      }
      s.buffer.splice(k, 0, copy(r));
      s.arrivals.splice(k, 0, now);
      out.accepted++;
    }
    totals.readingsAccepted += out.accepted;
    totals.duplicates += out.duplicates;
    totals.late += out.late;
    return out;
  }

  /** Closes what can be closed of a session's epoch into `pending`. */
  function close(s: MeterSession, endOfData: boolean): void {
    if (!s.fresh && !endOfData) return;
    const epoch = s.epoch;
    const first = epoch[0];
    const last = s.lastReleased;
    if (!first || !last || !s.options || !s.hourClock) return;
    const limit = endOfData ? Infinity : last.timeMs - settleMs;
    const from = Math.max(s.closedUntil, first.timeMs);
    if (!endOfData && s.hourClock.endAfter(s.hourClock.startOf(from)) > limit) return;
    const integrator = createHeatMeterIntegrator(s.options);
    for (const r of epoch) integrator.push(r);
    const result = integrator.finish();
    const intervals = result.intervals;
    const hours: StoredHour[] = [];
    let k = 0;
    let rangeEnd = s.closedUntil;
    for (const h of storedHours(intervals, result.checks)) {
      const e = intervals[k++]!;
      if (h.start < s.closedUntil || e.endMs > limit) continue;
      hours.push(h);
      rangeEnd = e.endMs;
    }
    s.fresh = false;
    if (hours.length > 0) {
      const rangeStart = hours[0]!.start;
      const inRange = epoch.filter((r) => r.timeMs >= rangeStart && r.timeMs < rangeEnd);
      const checks: Check[] = result.checks.filter((c) => {
        if (c.start === undefined) return false;
        const t = Date.parse(c.start);
        return t >= rangeStart && t < rangeEnd;
      });
      s.pending.push({
        meterId: s.meter.meterId,
        source: s.source,
        content: batchContent(s.source, rangeStart, rangeEnd, inRange),
        rowCount: inRange.length,
        rangeStart,
        rangeEnd,
        checks,
        hours,
      });
      s.closedUntil = rangeEnd;
    }
    if (endOfData) {
      s.epoch = [];
      return;
    }
    // a new epoch: from the last reading at or before the closed hours' end (its segment into the next
    // hour is integrated again), when the epoch has grown past its length
    if (s.closedUntil - first.timeMs >= epochMs) {
      let cut = epoch.length - 1;
      while (cut > 0 && epoch[cut]!.timeMs > s.closedUntil) cut--;
      s.epoch = epoch.slice(cut);
      totals.epochCuts++;
    }
  }

  async function flushNow(endOfData: boolean): Promise<FlushOutcome> {
    const now = clock.now();
    let closes = 0;
    for (const s of [...sessions.values()]) {
      // every few meters, let the connection's I/O run (PUBACKs, new messages): a long flush that holds the
      // event loop makes the broker queue messages for TREC, and drop them beyond its limit (docs/mqtt.md)
      if (s.fresh && ++closes % 8 === 0) await new Promise((r) => setImmediate(r));
      const idle =
        idleMs !== null && now - s.lastArrivalMs >= idleMs && (s.buffer.length > 0 || s.epoch.length > 0);
      release(s, endOfData || idle, now);
      try {
        close(s, endOfData || idle);
      } catch (error) {
        log({
          level: 'error',
          event: 'close-failed',
          meterId: s.meter.meterId,
          topic: s.source,
          message: `closing the meter's hours failed: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    const taken: { s: MeterSession; entries: LiveBatchEntry[] }[] = [];
    for (const s of sessions.values())
      if (s.pending.length > 0) taken.push({ s, entries: s.pending.splice(0) });
    const entries = taken.flatMap((t) => t.entries);
    if (entries.length === 0) return { entries: 0, hoursStored: 0, alreadyStored: 0, failed: false };
    try {
      const written = await store.writeBatch(entries);
      let stored = 0;
      let already = 0;
      for (const w of written) {
        stored += w.stored;
        already += w.alreadyStored.length;
        if (w.alreadyStored.length > 0)
          log({
            level: 'warning',
            event: 'already-stored',
            meterId: w.meterId,
            message: `${w.alreadyStored.length} closed hour(s) were already stored for the meter (from ${isoIn(w.alreadyStored[0]!)}): the stored hours are kept`,
          });
      }
      totals.hoursStored += stored;
      totals.hoursAlreadyStored += already;
      totals.batches++;
      return { entries: entries.length, hoursStored: stored, alreadyStored: already, failed: false };
    } catch (error) {
      for (const t of taken) t.s.pending.unshift(...t.entries);
      totals.writeErrors++;
      log({
        level: 'error',
        event: 'write-failed',
        message: `writing ${entries.length} batch entries failed, kept for the next flush: ${error instanceof Error ? error.message : String(error)}`,
      });
      return { entries: entries.length, hoursStored: 0, alreadyStored: 0, failed: true };
    }
  }

  return {
    admit(org, meterId) {
      const key = `${org}\u0000${meterId}`;
      const cached = admissions.get(key);
      const now = clock.now();
      if (cached && (sessions.has(meterId) || now - cached.at < refusalTtlMs)) return cached.admission;
      const admission = admitNow(org, meterId);
      if (admissions.size >= 10_000)
        // topics naming meters that do not exist must not grow the cache without bound
        for (const [k, v] of admissions)
          if (now - v.at >= refusalTtlMs && !sessions.has(k.split('\u0000')[1]!)) admissions.delete(k);
      admissions.set(key, { at: now, admission });
      admission.catch(() => admissions.delete(key));
      return admission;
    },
    accept,
    async flush(o = {}) {
      while (flushing) await flushing.catch(() => undefined);
      flushing = flushNow(o.endOfData === true);
      try {
        return await flushing;
      } finally {
        flushing = null;
      }
    },
    stats() {
      let buffered = 0;
      let pending = 0;
      for (const s of sessions.values()) {
        buffered += s.buffer.length + s.epoch.length;
        for (const e of s.pending) pending += e.hours.length;
      }
      return { meters: sessions.size, ...totals, bufferedReadings: buffered, pendingHours: pending };
    },
    retained() {
      const out: RetainedReadings[] = [];
      for (const s of sessions.values())
        if (s.channels && (s.epoch.length > 0 || s.buffer.length > 0))
          out.push({
            meterId: s.meter.meterId,
            organisationId: s.meter.organisationId,
            source: s.source,
            channels: s.channels,
            released: [...s.epoch],
            buffered: [...s.buffer],
          });
      return out;
    },
    restore(meter, retained) {
      const s = session(meter, retained.source);
      const refused = setChannels(s, retained.channels);
      if (refused !== undefined) throw new Error(`the journal's readings of ${meter.meterId}: ${refused}`);
      for (const r of retained.released) s.epoch.push(copy(r));
      const now = clock.now();
      for (const r of retained.buffered) {
        s.buffer.push(copy(r));
        s.arrivals.push(now);
      }
      s.lastReleased = s.epoch[s.epoch.length - 1] ?? null;
      s.fresh = s.epoch.length > 0;
    },
  };
}
