// What both MQTT subscribers share (the one-server subscriber.ts and the shared mode's shared.ts): the
// persistent MQTT 5 client, subscribing on every connection with its log lines, the topic's parts, and the
// wording of a message that is not a reading.
import mqtt, { type MqttClient } from 'mqtt';
import { loggable, type LiveLog } from '../../app/index.ts';
import { InputError } from '../../core/index.ts';

export interface ConnectOptions {
  url: string;
  clientId: string;
  /** MQTT 5 session expiry, s. Default 7 days. */
  sessionExpiryS?: number | undefined;
  reconnectPeriodMs?: number | undefined;
  /** How long the first subscription may take, ms. Default 10,000. */
  connectTimeoutMs?: number | undefined;
}

/**
 * A persistent session (clean: false, a fixed client id, a session expiry), so the broker queues what is
 * published while TREC is away. Attach the message handler before the event loop turns (the connection
 * is made after).
 */
export function connectClient(o: ConnectOptions): MqttClient {
  return mqtt.connect(o.url, {
    clientId: o.clientId,
    clean: false,
    protocolVersion: 5,
    properties: { sessionExpiryInterval: o.sessionExpiryS ?? 7 * 24 * 3600 },
    reconnectPeriod: o.reconnectPeriodMs ?? 1000,
    connectTimeout: o.connectTimeoutMs ?? 10_000,
    resubscribe: false,
  });
}

export interface Subscription {
  /** Whether the client is connected now. */
  connected(): boolean;
  /** Resolves at the first subscription; rejects when there is none within connectTimeoutMs. */
  ready: Promise<void>;
}

/**
 * Subscribes `topic` with QoS 1 on every connection (harmless again, and it covers a session the broker
 * lost), counting connections in `counts.connects`; logs the subscription, a lost connection, and the 1st,
 * 2nd, 3rd, 10th, ... error while the broker is away. `skip()` true: a connection made while stopping
 * subscribes nothing.
 */
export function subscribeOnConnect(
  client: MqttClient,
  o: ConnectOptions & {
    topic: string;
    log: LiveLog;
    counts: { connects: number };
    skip?: () => boolean;
  },
): Subscription {
  const { log, topic } = o;
  const timeoutMs = o.connectTimeoutMs ?? 10_000;
  let connected = false;
  let errorsSinceConnect = 0;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no MQTT connection to ${redact(o.url)} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    client.on('connect', (connack) => {
      connected = true;
      errorsSinceConnect = 0;
      o.counts.connects++;
      if (o.skip?.()) return;
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
          message: `subscribed ${topic} (QoS ${qos}) as ${o.clientId}, session ${connack.sessionPresent ? 'resumed' : 'new'}`,
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
        message: `MQTT connection to ${redact(o.url)} lost: reconnecting`,
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
  return { connected: () => connected, ready };
}

/**
 * Waits for the first subscription (`wait` true), or logs a failure to connect and keeps trying (false).
 * When waiting fails, the client is ended and `cleanup` runs before the error is thrown.
 */
export async function awaitSubscription(
  client: MqttClient,
  sub: Subscription,
  wait: boolean,
  log: LiveLog,
  cleanup: () => void = () => undefined,
): Promise<void> {
  if (!wait) {
    sub.ready.catch((error: unknown) =>
      log({
        level: 'warning',
        event: 'not-connected',
        message: `${error instanceof Error ? error.message : String(error)}: still trying`,
      }),
    );
    return;
  }
  try {
    await sub.ready;
  } catch (error) {
    await client.endAsync(true);
    cleanup();
    throw error;
  }
}

/** `<root>/<org>/<meter>/readings` -> org and meter; undefined for any other topic. */
export function topicParts(topic: string, root: string): { org: string; meterId: string } | undefined {
  const parts = topic.split('/');
  if (parts.length !== 4 || parts[0] !== root || parts[3] !== 'readings') return undefined;
  const [, org, meterId] = parts;
  if (!org || !meterId) return undefined;
  return { org, meterId };
}

/** Counts and logs (1st, 2nd, 3rd, 10th, ...) a message on a topic that is not a readings topic. */
export function badTopic(counts: { badTopics: number }, log: LiveLog, topic: string, root: string): void {
  counts.badTopics++;
  if (loggable(counts.badTopics))
    log({
      level: 'warning',
      event: 'bad-topic',
      topic,
      message: `not a ${root}/<org>/<meter>/readings topic: skipped`,
    });
}

/** Counts and logs a message that is not a valid reading (skipped, never a crash). */
export function malformed(
  counts: { malformed: number },
  log: LiveLog,
  error: unknown,
  where: { meterId: string; topic: string },
): void {
  counts.malformed++;
  const detail =
    error instanceof InputError
      ? `${error.detail}${error.where.path ? ` (at ${error.where.path.join('/')})` : ''}`
      : `unexpected: ${error instanceof Error ? error.message : String(error)}`;
  if (loggable(counts.malformed))
    log({
      level: error instanceof InputError ? 'warning' : 'error',
      event: 'malformed',
      ...where,
      message: `message skipped: ${detail} (${counts.malformed} malformed so far)`,
    });
}

/** Counts and logs a message on the topic of a meter that is unknown or another organisation's. */
export function refused(
  counts: { refusedMessages: number },
  log: LiveLog,
  a: { reason: string; message: string },
  topic: string,
): void {
  counts.refusedMessages++;
  if (loggable(counts.refusedMessages))
    log({
      level: 'warning',
      event: a.reason,
      topic,
      message: `${a.message}: message refused (${counts.refusedMessages} so far)`,
    });
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
