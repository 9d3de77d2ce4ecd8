// Shared mode of the live ingest (`trec serve --mqtt-share GROUP`, docs/scaling.md "Several servers"): every
// server stages the readings it receives in the database (the journal of all servers), and on each flush one
// server per meter (the holder of its lease) rebuilds the meter's live ingest from its staged readings,
// closes what can be closed, and writes the hours and deletes the readings no longer needed in ONE
// transaction under the lease. So a broker that hands one meter's messages to several servers (Mosquitto's
// round robin) still gives each hour all of its readings: the same hours as one server, or a file.
import {
  createHeatMeterIntegrator,
  InputError,
  IntervalClock,
  type EnergyUnit,
  type MeterChannel,
} from '../core/index.ts';
import { isoIn } from './energy-json.ts';
import {
  createLiveIngest,
  LIVE_DEFAULTS,
  LIVE_SAMPLE_FIELDS,
  LIVE_SETTLE_S,
  liveChannelsKey,
  liveIntegratorOptions,
  loggable,
  type Admission,
  type FlushOutcome,
  type LiveStats,
} from './live.ts';
import type {
  LiveBatchEntry,
  LiveLog,
  LiveMeter,
  LiveReadings,
  LiveStaging,
  LiveStore,
  StagedClose,
  StagedKey,
  StagedReading,
} from './live-port.ts';
import type { MeterChannels } from './meter-files.ts';
import type { Clock } from './ports.ts';

export interface SharedLiveOptions {
  store: LiveStore;
  staging: LiveStaging;
  clock: Clock;
  /** This server's name in the leases (its MQTT client id: one per server). */
  holder: string;
  log?: LiveLog;
  /** The site zone's UTC offset at an instant (the edge's time reader), for hour boundaries. */
  zoneOffsets: (timeZone: string) => (timeMs: number) => number;
  /** The upload's source for a meter's hours (`mqtt:trec/<org>/<meter>/readings`). */
  sourceOf: (meter: LiveMeter) => string;
  /** How long a lease lasts unless renewed (every flush renews the leases held). Default 30 s. */
  leaseTtlMs?: number;
  /**
   * A server of the group not heard for this long (and not stopped gracefully) may hold readings in its
   * broker session (Mosquitto keeps handing it its share while it is away): hours are not closed until it
   * is back or has left. Default: the lease time.
   */
  absentAfterMs?: number;
  orderingWindowS?: number;
  epochHours?: number;
  idleCloseS?: number | null;
  maxAheadS?: number;
  refusalTtlMs?: number;
}

export interface SharedLiveStats extends LiveStats {
  /** Readings this server received that were already staged (a redelivery, another server's copy). */
  stagedDuplicates: number;
  /** Meters whose lease this server held at its last flush. */
  leasedMeters: number;
  /** Closes whose lease was lost before the commit (another server closes them). */
  lostLeases: number;
  /** Flushes that closed nothing because a server of the group was absent. */
  heldBack: number;
}

export interface SharedLive {
  admit(org: string, meterId: string): Promise<Admission>;
  /**
   * The staged rows of decoded readings of an admitted meter, after the checks that need no state (usable
   * channels, the register rollover, the clock ahead); `refused` names why the whole message is refused.
   */
  prepare(
    meter: LiveMeter,
    readings: LiveReadings,
  ): { rows: StagedReading[]; refused?: undefined } | { refused: string };
  /** Stages rows (one transaction): only once this resolves may the broker be told they were received. */
  stage(rows: readonly StagedReading[]): Promise<void>;
  /** Takes the leases, closes and writes what can be closed (`endOfData`: all of the leased meters). */
  flush(options?: { endOfData?: boolean }): Promise<FlushOutcome>;
  /** Gives up this server's leases and its place in the group (a graceful stop, after its session drained). */
  release(): Promise<void>;
  /** Records this server as up (at start; every flush does it too). */
  heartbeat(): Promise<void>;
  stats(): SharedLiveStats;
}

/** A sample's values as text (`NaN` for an absent channel): equal for two copies of one reading. */
export function stagedValuesKey(s: Readonly<Record<(typeof LIVE_SAMPLE_FIELDS)[number], number>>): string {
  return LIVE_SAMPLE_FIELDS.map((f) => String(s[f])).join(' ');
}

/** A stream's channels as staged (`flow,return,supply|kWh|`): {@link liveChannelsKey}. */
export const encodeLiveChannels = liveChannelsKey;

/** The channels a staged reading carried, with the zone's offsets for hour boundaries. */
export function decodeLiveChannels(
  text: string,
  utcOffsetMinutes: (timeMs: number) => number,
): MeterChannels {
  const [channels = '', heat = '', elec = ''] = text.split('|');
  return {
    channels: new Set(channels === '' ? [] : (channels.split(',') as MeterChannel[])),
    ...(heat ? { heatRegisterUnit: heat as EnergyUnit } : {}),
    ...(elec ? { elecRegisterUnit: elec as EnergyUnit } : {}),
    utcOffsetMinutes,
  };
}

const keyOf = (timeMs: number, valuesKey: string) => `${timeMs} ${valuesKey}`;

/**
 * Shared mode (docs/scaling.md). Receiving: {@link SharedLive.prepare} and {@link SharedLive.stage}; the
 * caller acknowledges a message to the broker only after its stage resolved. Closing ({@link SharedLive.flush}):
 * the leases of meters with staged readings (one holder per meter at a time), then per leased meter a live
 * ingest rebuilt from its staged readings as a journal replay rebuilds it (src/app/live.ts: readings marked
 * kept rebuild the open epoch and are not stored again; any other reading in an hour already stored is
 * late), each reading arriving at its staged time (so the ordering window is that of one server), closed,
 * and committed in one transaction under the leases.
 */
export function createSharedLive(options: SharedLiveOptions): SharedLive {
  const { store, staging, clock, holder } = options;
  const log: LiveLog = options.log ?? (() => undefined);
  const ttlMs = options.leaseTtlMs ?? 30_000;
  const maxAheadMs = (options.maxAheadS ?? 3600) * 1000;
  const ingestOptions = {
    ...(options.orderingWindowS !== undefined ? { orderingWindowS: options.orderingWindowS } : {}),
    ...(options.epochHours !== undefined ? { epochHours: options.epochHours } : {}),
    ...(options.idleCloseS !== undefined ? { idleCloseS: options.idleCloseS } : {}),
    ...(options.maxAheadS !== undefined ? { maxAheadS: options.maxAheadS } : {}),
  };
  // admission only (its sessions are never fed): the same answers and cache as one server's
  const admitting = createLiveIngest({
    store,
    clock,
    log,
    ...(options.refusalTtlMs !== undefined ? { refusalTtlMs: options.refusalTtlMs } : {}),
  });
  const meters = new Map<string, { at: number; meter: Promise<LiveMeter | undefined> }>();
  const offsets = new Map<string, (timeMs: number) => number>();
  const usable = new Map<string, string | null>();
  const totals = {
    readingsAccepted: 0,
    stagedDuplicates: 0,
    duplicates: 0,
    late: 0,
    refusedReadings: 0,
    hoursStored: 0,
    hoursAlreadyStored: 0,
    batches: 0,
    writeErrors: 0,
    epochCuts: 0,
    lostLeases: 0,
    heldBack: 0,
  };
  const absentAfterMs = options.absentAfterMs ?? ttlMs;
  const windowMs = (options.orderingWindowS ?? LIVE_DEFAULTS.orderingWindowS.value) * 1000;
  const idleMs =
    options.idleCloseS === null ? null : (options.idleCloseS ?? LIVE_DEFAULTS.idleCloseS.value) * 1000;
  const settleMs = LIVE_SETTLE_S * 1000;
  /** Per meter this server closed: where its stored hours end, and its hours (for when the next may close). */
  const closed = new Map<string, { closedUntil: number; hours: IntervalClock }>();
  let leasedMeters = 0;
  /** Readings staged (by every server) at the last flush. */
  let staged = 0;
  let flushing: Promise<FlushOutcome> | null = null;

  const offsetsOf = (timeZone: string) => {
    let f = offsets.get(timeZone);
    if (!f) offsets.set(timeZone, (f = options.zoneOffsets(timeZone)));
    return f;
  };

  /** The registered meter, asked again after a minute (a registration may change). */
  function meterOf(meterId: string): Promise<LiveMeter | undefined> {
    const now = clock.now();
    const cached = meters.get(meterId);
    if (cached && now - cached.at < 60_000) return cached.meter;
    const meter = store.meter(meterId);
    meters.set(meterId, { at: now, meter });
    meter.catch(() => meters.delete(meterId));
    return meter;
  }

  /** Whether the integrator can use a stream (the checks LiveIngest makes when a stream begins). */
  function streamRefusal(meter: LiveMeter, ch: MeterChannels): string | undefined {
    const key = `${meter.meterId}\u0000${liveChannelsKey(ch)}`;
    const cached = usable.get(key);
    if (cached !== undefined) return cached ?? undefined;
    let refused: string | null = null;
    try {
      createHeatMeterIntegrator(liveIntegratorOptions(meter, ch));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      refused = error.detail;
    }
    if (usable.size >= 10_000) usable.clear();
    usable.set(key, refused);
    return refused ?? undefined;
  }

  function prepare(
    meter: LiveMeter,
    readings: LiveReadings,
  ): { rows: StagedReading[] } | { refused: string } {
    const now = clock.now();
    const refuse = (message: string) => {
      totals.refusedReadings += readings.samples.length;
      log({ level: 'warning', event: 'refused', meterId: meter.meterId, message });
      return { refused: message };
    };
    const stream = streamRefusal(meter, readings.channels);
    if (stream !== undefined) return refuse(stream);
    const ahead = readings.samples.find((r) => r.timeMs > now + maxAheadMs);
    if (ahead)
      return refuse(
        `a reading at ${isoIn(ahead.timeMs)} lies more than ${maxAheadMs / 60_000} min ahead of the server's clock (${isoIn(now)})`,
      );
    const channels = liveChannelsKey(readings.channels);
    return {
      rows: readings.samples.map((s) => ({
        meterId: meter.meterId,
        sample: { ...s },
        valuesKey: stagedValuesKey(s),
        channels,
        receivedAtMs: now,
      })),
    };
  }

  async function closeNow(endOfData: boolean): Promise<FlushOutcome> {
    const none: FlushOutcome = { entries: 0, hoursStored: 0, alreadyStored: 0, failed: false };
    const now = clock.now();
    let held: string[];
    try {
      await staging.heartbeat(holder, now);
      if (!endOfData) {
        const away = (await staging.absent(now - absentAfterMs)).filter((a) => a.holder !== holder);
        if (away.length > 0) {
          totals.heldBack++;
          if (loggable(totals.heldBack))
            log({
              level: 'warning',
              event: 'server-absent',
              message: `${away.map((a) => `${a.holder} (last heard ${isoIn(a.heardMs)})`).join(', ')} stopped without leaving the group: its broker session may hold readings, so no hour is closed until it is back (start it again with the same client id) (${totals.heldBack} flushes held back)`,
            });
          return none;
        }
      }
      // only the meters where a close can do something: an hour's readings reached its settle time (in the
      // ordering window's release), a late reading to consume, an idle meter, the end of the data
      const due: string[] = [];
      const summary = await staging.summary(now - windowMs);
      staged = summary.reduce((n, m) => n + m.count, 0);
      for (const m of summary) {
        const known = closed.get(m.meterId);
        if (endOfData || !known) {
          due.push(m.meterId);
          continue;
        }
        const from = Math.max(known.closedUntil, m.firstMs);
        const hourEnd = known.hours.endAfter(known.hours.startOf(from));
        if (
          (m.releasableMs !== null && m.releasableMs >= hourEnd + settleMs) ||
          (m.firstUnkeptMs !== null && m.firstUnkeptMs < known.closedUntil) ||
          (idleMs !== null && now - m.lastArrivalMs >= idleMs)
        )
          due.push(m.meterId);
      }
      held = due.length === 0 ? [] : await staging.lease(holder, now, ttlMs, due);
    } catch (error) {
      totals.writeErrors++;
      log({
        level: 'error',
        event: 'lease-failed',
        message: `taking the leases of staged meters failed: ${error instanceof Error ? error.message : String(error)}`,
      });
      return { ...none, failed: true };
    }
    leasedMeters = held.length;
    if (held.length === 0) return none;
    // A throwaway live ingest over the leased meters: each reading arrives at its staged time.
    let arrival = now;
    const storedUntil = new Map<string, number | null>();
    const captured: LiveBatchEntry[] = [];
    const rebuild = createLiveIngest({
      store: {
        meter: meterOf,
        storedUntil: (id) => Promise.resolve(storedUntil.get(id) ?? null),
        writeBatch: (entries) => {
          captured.push(...entries);
          return Promise.resolve(
            entries.map((e) => ({ meterId: e.meterId, uploadId: null, stored: 0, alreadyStored: [] })),
          );
        },
      },
      clock: { now: () => arrival },
      log: (e) => {
        if (e.event !== 'already-stored' && e.event !== 'write-failed') log(e);
      },
      ...ingestOptions,
    });
    const rowsOf = new Map<string, StagedReading[]>();
    try {
      for (const meterId of held) {
        const meter = await meterOf(meterId);
        if (!meter) {
          log({
            level: 'error',
            event: 'unknown-meter',
            meterId,
            message: 'staged readings of a meter that is not registered: left staged',
          });
          continue;
        }
        storedUntil.set(meterId, await store.storedUntil(meterId));
        const a = await rebuild.admit(meter.organisationId, meterId);
        if (!a.ok) continue;
        const rows = await staging.staged(meterId);
        rows.sort(
          (x, y) =>
            x.sample.timeMs - y.sample.timeMs ||
            x.receivedAtMs - y.receivedAtMs ||
            (x.valuesKey < y.valuesKey ? -1 : x.valuesKey > y.valuesKey ? 1 : 0),
        );
        rowsOf.set(meterId, rows);
        const source = options.sourceOf(meter);
        const zone = offsetsOf(meter.timeZone);
        const decoded = new Map<string, MeterChannels>();
        const channelsOf = (text: string) => {
          let c = decoded.get(text);
          if (!c) decoded.set(text, (c = decodeLiveChannels(text, zone)));
          return c;
        };
        let last = -Infinity;
        for (const row of rows) {
          arrival = row.receivedAtMs;
          last = Math.max(last, arrival);
          rebuild.accept(
            a.meter,
            source,
            { channels: channelsOf(row.channels), samples: [row.sample] },
            { replay: row.kept === true },
          );
        }
        // the meter was last heard of at its latest staged arrival (idle meters are closed after idleCloseS)
        if (rows.length > 0) {
          arrival = last;
          rebuild.accept(a.meter, source, { channels: channelsOf(rows.at(-1)!.channels), samples: [] });
        }
      }
    } catch (error) {
      totals.writeErrors++;
      log({
        level: 'error',
        event: 'staged-read-failed',
        message: `reading the staged readings failed: ${error instanceof Error ? error.message : String(error)}`,
      });
      return { ...none, failed: true };
    }
    arrival = now;
    await rebuild.flush({ endOfData });
    const rebuilt = rebuild.stats();
    // per meter: what the epoch still holds stays staged; the rest is consumed
    const retained = new Map<string, Set<string>>();
    for (const r of rebuild.retained()) {
      const keys = new Set<string>();
      for (const s of r.released) keys.add(keyOf(s.timeMs, stagedValuesKey(s)));
      for (const s of r.buffered) keys.add(keyOf(s.timeMs, stagedValuesKey(s)));
      retained.set(r.meterId, keys);
    }
    const closes: StagedClose[] = [];
    const known = new Map<string, { closedUntil: number; hours: IntervalClock }>();
    for (const [meterId, rows] of rowsOf) {
      const entries = captured.filter((e) => e.meterId === meterId);
      let closedUntil = storedUntil.get(meterId) ?? -Infinity;
      for (const e of entries) closedUntil = Math.max(closedUntil, e.rangeEnd);
      const meter = await meterOf(meterId);
      if (meter)
        known.set(meterId, {
          closedUntil,
          hours: new IntervalClock('hour', offsetsOf(meter.timeZone)),
        });
      const keep = retained.get(meterId) ?? new Set<string>();
      const consumed: StagedKey[] = [];
      const kept: StagedKey[] = [];
      for (const row of rows) {
        const key: StagedKey = { meterId, timeMs: row.sample.timeMs, valuesKey: row.valuesKey };
        if (!keep.has(keyOf(key.timeMs, key.valuesKey))) consumed.push(key);
        else if (row.sample.timeMs < closedUntil && row.kept !== true) kept.push(key);
      }
      if (entries.length > 0 || consumed.length > 0 || kept.length > 0)
        closes.push({ meterId, entries, consumed, kept });
    }
    const committed = (lost: readonly string[]) => {
      for (const [meterId, k] of known) if (!lost.includes(meterId)) closed.set(meterId, k);
      for (const meterId of lost) closed.delete(meterId);
    };
    if (closes.length === 0) {
      committed([]);
      return none;
    }
    try {
      const result = await staging.commit(holder, clock.now(), ttlMs, closes);
      committed(result.lostLease);
      let stored = 0;
      let already = 0;
      for (const w of result.written) {
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
      totals.lostLeases += result.lostLease.length;
      if (result.lostLease.length > 0 && loggable(totals.lostLeases))
        log({
          level: 'warning',
          event: 'lease-lost',
          message: `the lease of ${result.lostLease.length} meter(s) passed to another server before the commit: their close is its (${totals.lostLeases} so far)`,
        });
      totals.hoursStored += stored;
      totals.hoursAlreadyStored += already;
      if (result.written.length > 0) totals.batches++;
      // counted once: the readings they name were consumed in the commit
      totals.late += rebuilt.late;
      totals.refusedReadings += rebuilt.refusedReadings;
      totals.epochCuts += rebuilt.epochCuts;
      const entries = closes.reduce((n, c) => n + c.entries.length, 0);
      return { entries, hoursStored: stored, alreadyStored: already, failed: false };
    } catch (error) {
      for (const meterId of known.keys()) closed.delete(meterId);
      totals.writeErrors++;
      log({
        level: 'error',
        event: 'write-failed',
        message: `the close of ${closes.length} meter(s) failed, their readings stay staged for the next flush: ${error instanceof Error ? error.message : String(error)}`,
      });
      return { entries: captured.length, hoursStored: 0, alreadyStored: 0, failed: true };
    }
  }

  return {
    admit: (org, meterId) => admitting.admit(org, meterId),
    prepare,
    async stage(rows) {
      if (rows.length === 0) return;
      const r = await staging.stage(rows);
      totals.readingsAccepted += r.staged;
      totals.stagedDuplicates += r.duplicates;
      totals.duplicates += r.duplicates;
    },
    async flush(o = {}) {
      while (flushing) await flushing.catch(() => undefined);
      flushing = closeNow(o.endOfData === true);
      try {
        return await flushing;
      } finally {
        flushing = null;
      }
    },
    async release() {
      while (flushing) await flushing.catch(() => undefined);
      await staging.release(holder);
      leasedMeters = 0;
    },
    heartbeat: () => staging.heartbeat(holder, clock.now()),
    stats: () => ({
      ...totals,
      meters: leasedMeters,
      leasedMeters,
      bufferedReadings: staged,
      pendingHours: 0,
    }),
  };
}
