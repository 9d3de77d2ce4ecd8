// Shared mode of the MQTT subscriber (`trec serve --mqtt URL --mqtt-share GROUP`, docs/scaling.md): servers
// in one MQTT 5 shared-subscription group each receive some of the messages (Mosquitto: round robin per
// message; EMQX: by topic hash if so configured), stage their readings in the database, and acknowledge a
// message to the broker only once its readings are committed there. Closing hours is done under per-meter
// leases (src/app/live-shared.ts), so TREC is correct whichever server receives which message.
import { hostname } from 'node:os';
import mqtt, { type MqttClient } from 'mqtt';
import {
  createSharedLive,
  loggable,
  type Admission,
  type Clock,
  type FlushOutcome,
  type LiveLog,
  type LiveStaging,
} from '../../app/index.ts';
import { InputError } from '../../core/index.ts';
import { TimeReader } from '../meter/time.ts';
import { ReadingDecoder } from './decode.ts';
import type { MqttIngest, MqttIngestOptions, MqttIngestStats } from './subscriber.ts';

/** Until the store answers again, a message waits (unacknowledged) this long between tries, ms. */
const RETRY_MS = 1000;
const REFUSAL_TTL_MS = 60_000;

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
    const parts = topic.split('/');
    const [, org, meterId] = parts;
    if (parts.length !== 4 || parts[0] !== root || parts[3] !== 'readings' || !org || !meterId) {
      counts.badTopics++;
      if (loggable(counts.badTopics))
        log({
          level: 'warning',
          event: 'bad-topic',
          topic,
          message: `not a ${root}/<org>/<meter>/readings topic: skipped`,
        });
      return;
    }
    const a: Admission = await persist('looking up the meter', () => shared.admit(org, meterId));
    if (!a.ok) {
      counts.refusedMessages++;
      if (loggable(counts.refusedMessages))
        log({
          level: 'warning',
          event: a.reason,
          topic,
          message: `${a.message}: message refused (${counts.refusedMessages} so far)`,
        });
      return;
    }
    let decoder = decoders.get(meterId);
    if (!decoder) decoders.set(meterId, (decoder = new ReadingDecoder(a.meter.timeZone)));
    let prepared: ReturnType<typeof shared.prepare>;
    try {
      prepared = shared.prepare(a.meter, decoder.decode(payload));
    } catch (error) {
      counts.malformed++;
      const detail =
        error instanceof InputError
          ? `${error.detail}${error.where.path ? ` (at ${error.where.path.join('/')})` : ''}`
          : `unexpected: ${error instanceof Error ? error.message : String(error)}`;
      if (loggable(counts.malformed))
        log({
          level: error instanceof InputError ? 'warning' : 'error',
          event: 'malformed',
          meterId,
          topic,
          message: `message skipped: ${detail} (${counts.malformed} malformed so far)`,
        });
      return;
    }
    if (prepared.refused !== undefined) {
      counts.malformed++;
      return;
    }
    const rows = prepared.rows;
    await persist('staging the readings', () => shared.stage(rows));
  }

  const topic = sharedTopic(options.shareGroup, root);
  const client: MqttClient = mqtt.connect(options.url, {
    clientId,
    clean: false,
    protocolVersion: 5,
    properties: { sessionExpiryInterval: options.sessionExpiryS ?? 7 * 24 * 3600 },
    reconnectPeriod: options.reconnectPeriodMs ?? 1000,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    resubscribe: false,
  });
  /** The message being handled (mqtt.js hands over the next one only after its callback). */
  let current: Promise<void> = Promise.resolve();
  // The PUBACK follows the callback: a message is acknowledged only once its readings are staged (committed).
  client.handleMessage = (packet, callback) => {
    current = handle(packet.topic, packet.payload).then(
      () => callback(),
      (error: unknown) => {
        // stopping while the store is away: no PUBACK, the broker sends the message again
        log({
          level: 'error',
          event: 'message-failed',
          topic: packet.topic,
          message: `not acknowledged: ${error instanceof Error ? error.message : String(error)}`,
        });
        callback(error instanceof Error ? error : new Error(String(error)));
      },
    );
  };
  let connected = false;
  let errorsSinceConnect = 0;
  const subscribed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `no MQTT connection to ${redact(options.url)} within ${options.connectTimeoutMs ?? 10_000} ms`,
          ),
        ),
      options.connectTimeoutMs ?? 10_000,
    );
    client.on('connect', (connack) => {
      connected = true;
      errorsSinceConnect = 0;
      counts.connects++;
      if (stopping) return;
      client.subscribe(topic, { qos: 1 }, (error, granted) => {
        const qos = granted?.[0]?.qos;
        if (error || qos === undefined || qos > 2) {
          log({
            level: 'error',
            event: 'subscribe-failed',
            message: `subscribing ${topic} failed${error ? `: ${error.message}` : ` (reason ${qos})`}`,
          });
          return;
        }
        log({
          level: 'info',
          event: 'subscribed',
          message: `subscribed ${topic} (QoS ${qos}) as ${clientId}, session ${connack.sessionPresent ? 'resumed' : 'new'}`,
        });
        clearTimeout(timer);
        resolve();
      });
    });
  });
  client.on('offline', () => {
    if (connected)
      log({
        level: 'warning',
        event: 'offline',
        message: `MQTT connection to ${redact(options.url)} lost: reconnecting`,
      });
    connected = false;
  });
  client.on('error', (error) => {
    errorsSinceConnect++;
    if (loggable(errorsSinceConnect))
      log({
        level: 'error',
        event: 'mqtt-error',
        message: `${error.message} (${errorsSinceConnect} since the last connection)`,
      });
  });
  if (options.waitForConnection === false)
    subscribed.catch((error: unknown) =>
      log({
        level: 'warning',
        event: 'not-connected',
        message: `${error instanceof Error ? error.message : String(error)}: still trying`,
      }),
    );
  else
    try {
      await subscribed;
    } catch (error) {
      await client.endAsync(true);
      throw error;
    }

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
    stats: (): MqttIngestStats => ({ ...shared.stats(), ...counts, connected }),
    async stop() {
      clearInterval(timer);
      stopping = true;
      // Leave the group first (the broker sends this server no more), take what was already sent, then go.
      if (client.connected)
        await Promise.race([client.unsubscribeAsync(topic).catch(() => undefined), wait(5000)]);
      await current;
      await client.endAsync();
      while (flushing) await flushing;
      await shared.flush();
      await shared.release();
    },
  };
}

/** A URL without its password, for logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an MQTT URL)';
  }
}
