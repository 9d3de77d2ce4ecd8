// Shared mode of the MQTT subscriber (`trec serve --mqtt URL --mqtt-share GROUP`, docs/scaling.md): servers
// in one MQTT 5 shared-subscription group each receive some of the messages (Mosquitto: round robin per
// message; EMQX: by topic hash if so configured), stage their readings in the database, and acknowledge a
// message to the broker only once its readings are committed there. Closing hours is done under per-meter
// leases (src/app/live-shared.ts), so TREC is correct whichever server receives which message.
import { hostname } from 'node:os';
import {
  createSharedLive,
  loggable,
  type Admission,
  type Clock,
  type FlushOutcome,
  type LiveLog,
  type LiveStaging,
  type StagedReading,
} from '../../app/index.ts';
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
import type { MqttIngest, MqttIngestOptions, MqttIngestStats } from './subscriber.ts';

/** Until the store answers again, a message waits (unacknowledged) this long between tries, ms. */
const RETRY_MS = 1000;
const REFUSAL_TTL_MS = 60_000;
/** Given to mqtt.js's handleMessage callback: take the next packet, send no PUBACK (ours follows the commit). */
const DEFERRED = new Error('PUBACK deferred until the readings are staged');

/** The topic filter of a share group. */
export const sharedTopic = (group: string, root: string) => `$share/${group}/${root}/+/+/readings`;

/**
 * Shared mode: `options.staging` is the database's staging (no local journal). Every message is decoded,
 * admitted and staged in mqtt.js's `handleMessage` (one at a time: mqtt.js takes the next packet once its
 * callback is called), and its PUBACK is sent only after the staging committed; a store that cannot answer
 * holds the message (and so the connection's flow) until it can.
 */
export async function startSharedMqttIngest(
  options: MqttIngestOptions & { shareGroup: string; staging: LiveStaging },
): Promise<MqttIngest> {
  const clock: Clock = options.clock ?? { now: () => Date.now() };
  const log: LiveLog = options.log ?? (() => undefined);
  const root = options.topicRoot ?? 'trec';
  const clientId = options.clientId ?? `trec-${hostname()}`;
  const shared = createSharedLive({
    store: options.store,
    staging: options.staging,
    clock,
    holder: clientId,
    log,
    zoneOffsets: (tz) => new TimeReader(tz).utcOffsetMinutes,
    sourceOf: (m) => `mqtt:${root}/${m.organisationId}/${m.meterId}/readings`,
    refusalTtlMs: REFUSAL_TTL_MS,
    ...(options.leaseTtlMs !== undefined ? { leaseTtlMs: options.leaseTtlMs } : {}),
    ...(options.absentAfterMs !== undefined ? { absentAfterMs: options.absentAfterMs } : {}),
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
  const decoders = new Map<string, ReadingDecoder>();
  let stopping = false;
  let storeErrors = 0;

  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** Retries what needs the store until it answers, or the server stops (then the message is not acked). */
  async function persist<T>(what: string, f: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        const out = await f();
        storeErrors = 0;
        return out;
      } catch (error) {
        storeErrors++;
        if (loggable(storeErrors))
          log({
            level: 'error',
            event: 'stage-failed',
            message: `${what} failed, the message waits unacknowledged: ${error instanceof Error ? error.message : String(error)} (${storeErrors} in a row)`,
          });
        if (stopping) throw error;
        await wait(RETRY_MS);
      }
    }
  }

  async function handle(topic: string, payload: Uint8Array | string): Promise<void> {
    counts.messages++;
    const parts = topicParts(topic, root);
    if (!parts) return badTopic(counts, log, topic, root);
    const { org, meterId } = parts;
    const a: Admission = await persist('looking up the meter', () => shared.admit(org, meterId));
    if (!a.ok) return refused(counts, log, a, topic);
    let decoder = decoders.get(meterId);
    if (!decoder) decoders.set(meterId, (decoder = new ReadingDecoder(a.meter.timeZone)));
    let prepared: ReturnType<typeof shared.prepare>;
    try {
      prepared = shared.prepare(a.meter, decoder.decode(payload));
    } catch (error) {
      return malformed(counts, log, error, { meterId, topic });
    }
    if (prepared.refused !== undefined) {
      counts.malformed++;
      return;
    }
    const rows = prepared.rows;
    await persist('staging the readings', () => stageGrouped(rows));
  }

  // Group commit: what arrives while a commit is under way goes into the next one (one INSERT for all).
  const queue: { rows: readonly StagedReading[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let committing = false;
  function stageGrouped(rows: readonly StagedReading[]): Promise<void> {
    return new Promise((resolve, reject) => {
      queue.push({ rows, resolve, reject });
      if (!committing) void commitQueued();
    });
  }
  async function commitQueued(): Promise<void> {
    committing = true;
    while (queue.length > 0) {
      const batch = queue.splice(0);
      try {
        await shared.stage(batch.flatMap((b) => b.rows));
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    committing = false;
  }

  // in the group before the first subscription: from then on its session may hold readings
  await shared.heartbeat();
  const topic = sharedTopic(options.shareGroup, root);
  const connection = { ...options, clientId };
  const client = connectClient(connection);
  /** Messages being handled. */
  const working = new Set<Promise<void>>();
  /** QoS 1 messages received and not yet acknowledged, in the order received (their PUBACKs go in it). */
  const unacked: { messageId: number; stream: unknown; done: boolean; staged: boolean }[] = [];
  const notAcked = (topic: string, error: unknown) =>
    log({
      level: 'error',
      event: 'message-failed',
      topic,
      message: `not acknowledged (the broker sends it again): ${error instanceof Error ? error.message : String(error)}`,
    });
  /** PUBACKs of the messages at the head that are staged, on the connection they came by (else none). */
  const acknowledge = () => {
    while (unacked[0]?.done) {
      const m = unacked.shift()!;
      if (m.staged && client.connected && client.stream === m.stream)
        (client as unknown as { _sendPacket(packet: object): void })._sendPacket({
          cmd: 'puback',
          messageId: m.messageId,
          reasonCode: 0,
        });
    }
  };
  const track = (work: Promise<void>) => {
    working.add(work);
    void work.finally(() => working.delete(work));
  };
  // A message is acknowledged only once its readings are committed in the staging. mqtt.js hands over the
  // next packet only after handleMessage's callback and then sends the PUBACK itself, which would allow one
  // message per commit. So a QoS 1 message's callback is called at once WITH an error, on which mqtt.js
  // 5 sends no PUBACK and goes on (src/lib/handlers/publish.ts); the PUBACK is sent here after the commit,
  // in the order received, and not at all if the connection changed meanwhile (the broker resends then).
  // Messages received meanwhile (up to the broker's in-flight limit) share one commit.
  client.handleMessage = (packet, callback) => {
    if (packet.qos !== 1 || packet.messageId === undefined) {
      track(
        handle(packet.topic, packet.payload).then(
          () => callback(),
          (error: unknown) => {
            notAcked(packet.topic, error);
            callback(error instanceof Error ? error : new Error(String(error)));
          },
        ),
      );
      return;
    }
    const entry = { messageId: packet.messageId, stream: client.stream, done: false, staged: false };
    unacked.push(entry);
    track(
      handle(packet.topic, packet.payload)
        .then(
          () => void (entry.staged = true),
          (error: unknown) => notAcked(packet.topic, error),
        )
        .finally(() => {
          entry.done = true;
          acknowledge();
        }),
    );
    callback(DEFERRED);
  };
  const subscription = subscribeOnConnect(client, {
    ...connection,
    topic,
    log,
    counts,
    skip: () => stopping,
  });
  await awaitSubscription(client, subscription, options.waitForConnection !== false, log);

  let flushing: Promise<FlushOutcome> | null = null;
  const timer = setInterval(() => {
    if (flushing) return;
    flushing = shared.flush().finally(() => (flushing = null));
  }, options.flushIntervalMs ?? 1000);

  return {
    live: undefined,
    async flush(o = {}) {
      while (flushing) await flushing;
      return shared.flush(o);
    },
    stats: (): MqttIngestStats => ({ ...shared.stats(), ...counts, connected: subscription.connected() }),
    async stop() {
      clearInterval(timer);
      stopping = true;
      // Leave the group first (the broker sends this server no more), take what was already sent, then go.
      if (client.connected)
        await Promise.race([client.unsubscribeAsync(topic).catch(() => undefined), wait(5000)]);
      while (working.size > 0) await Promise.all([...working]);
      await client.endAsync();
      while (flushing) await flushing;
      await shared.flush();
      await shared.release();
    },
  };
}
