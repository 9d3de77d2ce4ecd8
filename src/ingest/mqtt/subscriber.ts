// The MQTT subscriber of `trec serve --mqtt URL` (issue 11, item 4): topics, decoding, admission of meters,
// the flush timer, the journal and reconnects (docs/mqtt.md).
import { hostname } from 'node:os';
import {
  createLiveIngest,
  type Admission,
  type Clock,
  type FlushOutcome,
  type LiveIngest,
  type LiveLog,
  type LiveStaging,
  type LiveStats,
  type LiveStore,
  type MeterChannels,
  type RetainedReadings,
} from '../../app/index.ts';
import type { EnergyUnit } from '../../core/index.ts';
import { TimeReader } from '../meter/time.ts';
import {
  awaitSubscription,
  badTopic,
  connectClient,
  malformed,
  refused,
  subscribeOnConnect,
  topicParts,
} from './connection.ts';
import { ReadingDecoder } from './decode.ts';
import { decodeSample, Journal } from './journal.ts';
import { startSharedMqttIngest } from './shared.ts';

export interface MqttIngestOptions {
  /** `mqtt://host:1883` (user and password in the URL if the broker wants them). */
  url: string;
  store: LiveStore;
  log?: LiveLog;
  /** Default: Date.now. */
  clock?: Clock;
  /** Fixed per server, so the broker keeps its session across restarts. Default `trec-<hostname>`. */
  clientId?: string;
  /** Default `trec`: topics `trec/<org>/<meter>/readings`. */
  topicRoot?: string;
  /**
   * MQTT 5 shared subscription group (`$share/<group>/trec/+/+/readings`): several servers split the
   * messages. Needs `staging` (the database is then the journal of all servers; no `journal`).
   */
  shareGroup?: string;
  /** Shared mode's staging of readings and leases of meters (src/store/live-staging.ts). */
  staging?: LiveStaging;
  /** Shared mode: how long a meter's lease lasts unless renewed by the holder's flush, ms. Default 30,000. */
  leaseTtlMs?: number;
  /** Shared mode: a server not heard for this long holds every close back (docs/scaling.md). Default the lease time. */
  absentAfterMs?: number;
  /** MQTT 5 session expiry, s: how long the broker keeps the session and queues for TREC. Default 7 days. */
  sessionExpiryS?: number;
  /** Closed hours are written this often, ms. Default 1,000. */
  flushIntervalMs?: number;
  reconnectPeriodMs?: number;
  /** How long start waits for the first subscription, ms. Default 10,000. */
  connectTimeoutMs?: number;
  /**
   * Whether start waits for the first subscription (and fails when there is none within connectTimeoutMs).
   * Default true; false starts at once and keeps trying to connect (the state is in stats().connected).
   */
  waitForConnection?: boolean;
  /** A local journal file of readings not yet stored (docs/mqtt.md); without it they live in memory only. */
  journal?: string;
  /** Compact the journal when this many bytes were appended since the last compaction. Default 8 MiB. */
  journalCompactBytes?: number;
  orderingWindowS?: number;
  epochHours?: number;
  idleCloseS?: number | null;
  /** A reading this far ahead of the server's clock is refused. Default 1 h. */
  maxAheadS?: number;
}

export interface MqttIngestStats extends LiveStats {
  connected: boolean;
  /** Connections made (1 + reconnects that succeeded). */
  connects: number;
  messages: number;
  /** Messages that were not valid readings (counted, logged, skipped). */
  malformed: number;
  /** Messages on a topic whose meter is unknown or another organisation's. */
  refusedMessages: number;
  /** Messages on a topic that is not `<root>/<org>/<meter>/readings`. */
  badTopics: number;
  /** Readings found in the journal at start. */
  journalReplayed: number;
}

export interface MqttIngest {
  stop(): Promise<void>;
  stats(): MqttIngestStats;
  /** Writes what can be closed now (`endOfData`: every open hour, as at the end of a file). */
  flush(options?: { endOfData?: boolean }): Promise<FlushOutcome>;
  /** The live ingest of one server (undefined in shared mode: each flush rebuilds it from the staging). */
  readonly live: LiveIngest | undefined;
}

interface MeterQueue {
  admission: Admission | null;
  at: number;
  decoder: ReadingDecoder | null;
  waiting: { topic: string; payload: Uint8Array | string }[];
  admitting: boolean;
}

const REFUSAL_TTL_MS = 60_000;

/**
 * Subscribes `<root>/+/+/readings` with QoS 1 on a persistent MQTT 5 session (clean: false, a fixed client
 * id, a session expiry), so the broker queues what is published while TREC is away; reconnects after a
 * broker restart; turns readings into stored hours through the live ingest (src/app/live.ts).
 */
export async function startMqttIngest(options: MqttIngestOptions): Promise<MqttIngest> {
  if (options.shareGroup !== undefined) {
    // Mosquitto hands a shared subscription's messages out round robin: without the staging, each server
    // would integrate part of a meter's readings (wrong hours). So shared mode always stages.
    if (!options.staging)
      throw new Error('a shared subscription (shareGroup) needs the staging in the database (staging)');
    if (options.journal)
      throw new Error('shared mode keeps its readings in the database: no local journal (journal)');
    return startSharedMqttIngest({ ...options, shareGroup: options.shareGroup, staging: options.staging });
  }
  if (options.staging) throw new Error('the staging is for a shared subscription: give shareGroup too');
  const clock: Clock = options.clock ?? { now: () => Date.now() };
  const log: LiveLog = options.log ?? (() => undefined);
  const root = options.topicRoot ?? 'trec';
  const live = createLiveIngest({
    store: options.store,
    log,
    clock,
    refusalTtlMs: REFUSAL_TTL_MS,
    ...(options.orderingWindowS !== undefined ? { orderingWindowS: options.orderingWindowS } : {}),
    ...(options.epochHours !== undefined ? { epochHours: options.epochHours } : {}),
    ...(options.idleCloseS !== undefined ? { idleCloseS: options.idleCloseS } : {}),
    ...(options.maxAheadS !== undefined ? { maxAheadS: options.maxAheadS } : {}),
  });
  const counts = {
    connects: 0,
    messages: 0,
    malformed: 0,
    refusedMessages: 0,
    badTopics: 0,
    journalReplayed: 0,
  };
  const queues = new Map<string, MeterQueue>();
  let inFlight = 0;
  /** Messages read back from the journal: a reading of an hour already closed was taken before. */
  let replaying = false;
  let idle: (() => void) | null = null;

  const done = () => {
    inFlight--;
    if (inFlight === 0 && idle) idle();
  };

  function take(q: MeterQueue, topic: string, payload: Uint8Array | string): void {
    const a = q.admission!;
    if (!a.ok) return refused(counts, log, a, topic);
    try {
      q.decoder ??= new ReadingDecoder(a.meter.timeZone);
      const readings = q.decoder.decode(payload);
      const outcome = live.accept(a.meter, `mqtt:${topic}`, readings, { replay: replaying });
      if (outcome.refused !== undefined) counts.malformed++;
    } catch (error) {
      malformed(counts, log, error, { meterId: a.meter.meterId, topic });
    }
  }

  function drain(q: MeterQueue): void {
    while (q.waiting.length > 0) {
      const m = q.waiting.shift()!;
      take(q, m.topic, m.payload);
      done();
    }
  }

  /** One message, in arrival order per meter (admission is asked once, then cached). */
  function handle(topic: string, payload: Uint8Array | string): void {
    counts.messages++;
    const parts = topicParts(topic, root);
    if (!parts) return badTopic(counts, log, topic, root);
    const key = `${parts.org}\u0000${parts.meterId}`;
    let q = queues.get(key);
    if (!q) {
      if (queues.size >= 10_000)
        // topics naming meters that do not exist must not grow the map without bound
        for (const [k, v] of queues)
          if (v.admission && !v.admission.ok && !v.admitting && v.waiting.length === 0) queues.delete(k);
      q = { admission: null, at: 0, decoder: null, waiting: [], admitting: false };
      queues.set(key, q);
    }
    const now = clock.now();
    const stale = q.admission !== null && !q.admission.ok && now - q.at > REFUSAL_TTL_MS;
    if (q.admission && !stale && q.waiting.length === 0 && !q.admitting) {
      take(q, topic, payload);
      return;
    }
    inFlight++;
    q.waiting.push({ topic, payload });
    if (q.admitting) return;
    admitQueue(q, parts.org, parts.meterId, topic);
  }

  const retries = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;

  /**
   * Asks whether the meter may be taken, then takes its waiting messages in order. When the store cannot
   * answer, the messages keep waiting (they are in the journal) and the question is asked again in a second.
   */
  function admitQueue(q: MeterQueue, org: string, meterId: string, topic: string): void {
    q.admitting = true;
    live.admit(org, meterId).then(
      (a) => {
        q.admission = a;
        q.at = clock.now();
        q.admitting = false;
        drain(q);
      },
      (error: unknown) => {
        q.admitting = false;
        log({
          level: 'error',
          event: 'admission-failed',
          topic,
          message: `the meter could not be looked up, its messages wait: ${error instanceof Error ? error.message : String(error)}`,
        });
        if (stopped) return;
        const timer = setTimeout(() => {
          retries.delete(timer);
          if (!stopped && !q.admitting) admitQueue(q, org, meterId, topic);
        }, 1000);
        retries.add(timer);
      },
    );
  }

  /** Resolves when no message waits for its meter's admission, or after `ms`. */
  const settled = (ms = 10_000) =>
    inFlight === 0
      ? Promise.resolve()
      : new Promise<void>((r) => {
          const timer = setTimeout(() => ((idle = null), r()), ms);
          idle = () => {
            clearTimeout(timer);
            idle = null;
            r();
          };
        });

  // The journal first: what the previous run received and did not store is taken back before anything new.
  let journal: Journal | null = null;
  if (options.journal) {
    const contents = Journal.read(options.journal);
    for (const snap of contents.snapshots) {
      const a = await live.admit(snap.organisationId, snap.meterId);
      if (!a.ok) {
        log({
          level: 'warning',
          event: a.reason,
          meterId: snap.meterId,
          message: `journal readings dropped: ${a.message}`,
        });
        continue;
      }
      const channels: MeterChannels = {
        channels: new Set(snap.channels),
        ...(snap.heatRegisterUnit ? { heatRegisterUnit: snap.heatRegisterUnit as EnergyUnit } : {}),
        ...(snap.elecRegisterUnit ? { elecRegisterUnit: snap.elecRegisterUnit as EnergyUnit } : {}),
        utcOffsetMinutes: new TimeReader(a.meter.timeZone).utcOffsetMinutes,
      };
      const retained: RetainedReadings = {
        meterId: snap.meterId,
        organisationId: snap.organisationId,
        source: snap.source,
        channels,
        released: snap.released.map(decodeSample),
        buffered: snap.buffered.map(decodeSample),
      };
      live.restore(a.meter, retained);
      counts.journalReplayed += retained.released.length + retained.buffered.length;
    }
    replaying = true;
    for (const m of contents.messages) handle(m.topic, m.payload);
    await settled();
    replaying = false;
    counts.messages = 0;
    if (contents.torn > 0)
      log({
        level: 'warning',
        event: 'journal-torn',
        message: `${contents.torn} torn journal line(s) skipped`,
      });
    journal = new Journal(options.journal);
    // compacted once every message read back is taken (one still waiting for its meter stays in the file)
    if (inFlight === 0) journal.compact(live.retained());
  }
  const compactBytes = options.journalCompactBytes ?? 8 << 20;

  const clientId = options.clientId ?? `trec-${hostname()}`;
  const topic = `${root}/+/+/readings`;
  const connection = { ...options, clientId };
  const client = connectClient(connection);
  client.on('message', (t, payload) => {
    try {
      journal?.append(t, payload); // before the PUBACK (mqtt.js acks after this event)
      handle(t, payload);
    } catch (error) {
      counts.malformed++;
      log({
        level: 'error',
        event: 'message-failed',
        topic: t,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
  const subscription = subscribeOnConnect(client, { ...connection, topic, log, counts });
  await awaitSubscription(client, subscription, options.waitForConnection !== false, log, () =>
    journal?.close(),
  );

  let flushing: Promise<FlushOutcome> | null = null;
  let compactedAtCuts = 0;
  /** Closes and writes what can be; compacts the journal when enough was appended or an epoch began. */
  const flushNow = async (o: { endOfData?: boolean } = {}): Promise<FlushOutcome> => {
    const outcome = await live.flush(o);
    // Compact when enough was appended or an epoch began (a replay then rebuilds the same epoch), and only
    // when nothing closed is waiting for a write and no message waits for its meter.
    const cuts = live.stats().epochCuts;
    if (
      journal &&
      (journal.appended >= compactBytes || cuts !== compactedAtCuts) &&
      !outcome.failed &&
      live.stats().pendingHours === 0 &&
      inFlight === 0
    ) {
      journal.compact(live.retained());
      compactedAtCuts = cuts;
    }
    return outcome;
  };
  // the timer does not wait for admissions (a store that cannot answer must not stop the writes)
  const timer = setInterval(() => {
    if (flushing) return;
    flushing = flushNow().finally(() => (flushing = null));
  }, options.flushIntervalMs ?? 1000);

  return {
    live,
    async flush(o = {}) {
      await settled(); // messages received before this call are taken first
      while (flushing) await flushing;
      return flushNow(o);
    },
    stats: () => ({ ...live.stats(), ...counts, connected: subscription.connected() }),
    async stop() {
      clearInterval(timer);
      await client.endAsync();
      await settled(5000);
      stopped = true;
      for (const t of retries) clearTimeout(t);
      retries.clear();
      while (flushing) await flushing;
      await flushNow();
      if (journal) {
        // messages still waiting for their meter stay in the journal (no compaction) for the next start
        if (live.stats().pendingHours === 0 && inFlight === 0) journal.compact(live.retained());
        journal.close();
      }
    },
  };
}
