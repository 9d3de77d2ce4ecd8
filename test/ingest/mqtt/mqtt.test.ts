// Live readings over a real MQTT broker (issue 11 acceptance): a day of 1-minute readings through the
// machine's Mosquitto equals `trec ingest` of the same readings to the Wh; a private Mosquitto restarted
// mid-stream loses nothing; TREC stopped mid-stream and started again loses nothing; malformed messages and a
// foreign meter are counted and skipped. Without a broker these tests skip with a printed reason.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveLogEntry } from '../../../src/app/index.ts';
import { startMqttIngest, type MqttIngest } from '../../../src/ingest/index.ts';
import { answers, MOSQUITTO, privateBroker, type PrivateBroker } from './broker.ts';
import {
  hours,
  ingestFile,
  jsonlFile,
  LIVE_BACKENDS,
  liveStore,
  readings,
  sum,
  type LiveDb,
} from './helpers.ts';

const MACHINE_BROKER = await answers('127.0.0.1', 1883);
if (!MACHINE_BROKER)
  console.warn(
    'no MQTT broker answers on 127.0.0.1:1883: the machine-broker MQTT test is skipped (.ci/run starts one)',
  );
const HAVE_MOSQUITTO = existsSync(MOSQUITTO);
if (!HAVE_MOSQUITTO) console.warn(`${MOSQUITTO} is not installed: the private-broker MQTT tests are skipped`);

const sqlite = LIVE_BACKENDS[0]!;
const day = readings();

async function waitFor(what: string, predicate: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A publisher that keeps its own session (clean: false, fixed id), so its unacknowledged QoS 1 messages survive. */
function publisher(url: string, clientId: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    clientId,
    clean: false,
    protocolVersion: 5,
    properties: { sessionExpiryInterval: 300 },
    reconnectPeriod: 100,
  });
}

const tag = () => randomBytes(4).toString('hex');

interface Run {
  t: LiveDb;
  root: string;
  topic: string;
  logs: LiveLogEntry[];
}

async function prepare(): Promise<Run> {
  const t = await sqlite.create();
  await ingestFile(t, t.fileMeter, jsonlFile(join(t.dir, 'day.jsonl'), day));
  const root = `trec-${tag()}`;
  return { t, root, topic: `${root}/${t.orgId}/${t.liveMeter}/readings`, logs: [] };
}

function start(
  run: Run,
  url: string,
  clientId: string,
  extra: { journal?: string; orderingWindowS?: number } = {},
): Promise<MqttIngest> {
  return startMqttIngest({
    url,
    store: liveStore(run.t),
    clientId,
    topicRoot: run.root,
    sessionExpiryS: 300,
    flushIntervalMs: 100,
    reconnectPeriodMs: 200,
    idleCloseS: null,
    log: (e) => run.logs.push(e),
    ...extra,
  });
}

describe.skipIf(!MACHINE_BROKER)("a day of readings through the machine's Mosquitto", () => {
  let run: Run;
  let ingest: MqttIngest;
  let pub: MqttClient;
  beforeAll(async () => {
    run = await prepare();
    ingest = await start(run, 'mqtt://127.0.0.1:1883', `trec-test-${tag()}`);
    pub = await publisher('mqtt://127.0.0.1:1883', `trec-test-pub-${tag()}`);
  });
  afterAll(async () => {
    await pub.endAsync();
    await ingest.stop();
    await run.t.close();
  });

  it('stores what `trec ingest` stores for the same readings, skipping malformed and foreign messages', async () => {
    const { t, root, topic } = run;
    const foreignTopic = `${root}/${t.orgId}/${t.foreignMeter}/readings`;
    const malformed = [
      '{"time": "2024-11-03T',
      '[]',
      JSON.stringify({ time: 'soon', supply_c: 1 }),
      '"text"',
    ];
    let published = 0;
    let bad = 0;
    let foreign = 0;
    let badTopics = 0;
    const started = performance.now();
    for (let k = 0; k < day.length; k += 100) {
      const chunk: Promise<unknown>[] = [];
      for (const r of day.slice(k, k + 100)) {
        chunk.push(pub.publishAsync(topic, JSON.stringify(r), { qos: 1 }));
        published++;
      }
      chunk.push(pub.publishAsync(topic, malformed[(k / 100) % malformed.length]!, { qos: 1 }));
      bad++;
      if (k % 300 === 0) {
        chunk.push(pub.publishAsync(foreignTopic, JSON.stringify(day[k]), { qos: 1 }));
        chunk.push(pub.publishAsync(`${root}/${t.orgId}//readings`, JSON.stringify(day[k]), { qos: 1 }));
        foreign++;
        badTopics++;
        published += 2;
      }
      published++;
      await Promise.all(chunk);
      // keep the broker's queue for TREC short (Mosquitto holds 1,000 per client by default)
      await waitFor('the chunk to arrive', () => ingest.stats().messages >= published);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `machine broker: ${published} messages in ${seconds.toFixed(2)} s (${(published / seconds).toFixed(0)}/s)`,
    );
    await ingest.flush({ endOfData: true });
    const stats = ingest.stats();
    expect(stats).toMatchObject({
      messages: published,
      readingsAccepted: day.length,
      malformed: bad,
      refusedMessages: foreign,
      badTopics,
      late: 0,
      hoursStored: 24,
      bufferedReadings: 0,
    });
    const fromFile = await hours(t, t.fileMeter);
    const fromLive = await hours(t, t.liveMeter);
    expect(fromLive).toEqual(fromFile);
    expect(sum(fromLive, 'heat_wh')).toBeGreaterThan(100_000);
    expect(run.logs.some((l) => l.event === 'malformed')).toBe(true);
    expect(run.logs.some((l) => l.event === 'foreign-meter')).toBe(true);
    expect(await hours(t, t.foreignMeter)).toEqual([]);
  });
});

describe.skipIf(!HAVE_MOSQUITTO)('a private Mosquitto restarted mid-stream', () => {
  let broker: PrivateBroker;
  let run: Run;
  beforeAll(async () => {
    broker = await privateBroker();
    run = await prepare();
  });
  afterAll(async () => {
    await broker.remove();
    await run.t.close();
  });

  it("loses nothing: the publisher resends, the broker keeps TREC's session, TREC reconnects", async () => {
    const ingest = await start(run, broker.url, 'trec-restart-test');
    const pub = await publisher(broker.url, 'trec-restart-pub');
    try {
      const sends: Promise<unknown>[] = [];
      const send = (from: number, to: number) => {
        for (const r of day.slice(from, to))
          sends.push(pub.publishAsync(run.topic, JSON.stringify(r), { qos: 1 }));
      };
      send(0, 500);
      await waitFor('the first 500', () => ingest.stats().messages >= 500);
      send(500, 800);
      await broker.stop(); // some of 500..800 in flight
      send(800, 1100); // published while the broker is down: the publisher's session holds them
      await new Promise((r) => setTimeout(r, 500));
      expect(ingest.stats().connected).toBe(false);
      await broker.start();
      send(1100, day.length);
      await Promise.all(sends);
      await waitFor('every reading', () => ingest.stats().readingsAccepted >= day.length).catch(
        (e: unknown) => {
          console.log(ingest.stats(), run.logs);
          throw e;
        },
      );
      await ingest.flush({ endOfData: true });
      const stats = ingest.stats();
      expect(stats.connects).toBeGreaterThanOrEqual(2);
      expect(stats.readingsAccepted).toBe(day.length);
      expect(stats.late).toBe(0);
      expect(await hours(run.t, run.t.liveMeter)).toEqual(await hours(run.t, run.t.fileMeter));
      expect(run.logs.some((l) => l.event === 'offline')).toBe(true);
      // the broker kept TREC's session (its persistence file) across its restart
      expect(
        run.logs.filter((l) => l.event === 'subscribed').map((l) => /session (\w+)/.exec(l.message)?.[1]),
      ).toEqual(['new', 'resumed']);
    } finally {
      await pub.endAsync();
      await ingest.stop();
    }
  });

  it('loses nothing when TREC is killed mid-stream (the journal is read back, the broker resends)', async () => {
    const again = await prepare();
    const journal = join(again.t.dir, 'mqtt-journal.jsonl');
    const pub = await publisher(broker.url, 'trec-killed-pub');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'killed-child.ts'),
        join(again.t.dir, 'trec.db'),
        broker.url,
        'trec-killed-test',
        again.root,
        journal,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let last = { accepted: 0, stored: 0 };
    let ready = false;
    child.stdout.setEncoding('utf8');
    let text = '';
    child.stdout.on('data', (d: string) => {
      text += d;
      const lines = text.split('\n');
      text = lines.pop() ?? '';
      for (const l of lines)
        if (l) {
          last = JSON.parse(l) as typeof last;
          ready = true;
        }
    });
    try {
      await waitFor('the child to subscribe', () => ready, 20_000);
      // publish while the child runs, until it has stored some hours and holds open ones
      let sent = 0;
      for (; sent < 700; sent++) await pub.publishAsync(again.topic, JSON.stringify(day[sent]), { qos: 1 });
      await waitFor('700 readings in the child', () => last.accepted >= 700, 20_000);
      await waitFor('hours stored by the child', () => last.stored > 0, 20_000);
      for (; sent < 800; sent++) void pub.publishAsync(again.topic, JSON.stringify(day[sent]), { qos: 1 });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const storedByChild = (await hours(again.t, again.t.liveMeter)).length;
      expect(storedByChild).toBeGreaterThan(0);
      for (; sent < 1000; sent++) await pub.publishAsync(again.topic, JSON.stringify(day[sent]), { qos: 1 });
      const second = await start(again, broker.url, 'trec-killed-test', { journal, orderingWindowS: 0 });
      try {
        for (; sent < day.length; sent++)
          await pub.publishAsync(again.topic, JSON.stringify(day[sent]), { qos: 1 });
        await waitFor('the rest', () => {
          const s = second.stats();
          return s.readingsAccepted + s.journalReplayed >= day.length - last.accepted;
        });
        await new Promise((r) => setTimeout(r, 300)); // redeliveries of what the child had not acknowledged
        await second.flush({ endOfData: true });
        expect(second.stats().late).toBe(0);
        expect(await hours(again.t, again.t.liveMeter)).toEqual(await hours(again.t, again.t.fileMeter));
      } finally {
        await second.stop();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await pub.endAsync();
      await again.t.close();
    }
  });

  it('loses nothing when TREC itself stops and starts again (persistent session and journal)', async () => {
    const again = await prepare();
    const journal = join(again.t.dir, 'mqtt-journal.jsonl');
    const pub = await publisher(broker.url, 'trec-restart-pub-2');
    try {
      // a short ordering window, so hours close while the first server runs
      const first = await start(again, broker.url, 'trec-stop-test', { journal, orderingWindowS: 0 });
      for (const r of day.slice(0, 600)) await pub.publishAsync(again.topic, JSON.stringify(r), { qos: 1 });
      await waitFor('600 readings', () => first.stats().readingsAccepted >= 600);
      await first.flush();
      const storedBefore = first.stats().hoursStored;
      expect(storedBefore).toBeGreaterThan(0);
      await first.stop();
      // published while TREC is away: the broker queues them for TREC's session
      for (const r of day.slice(600, 1000))
        await pub.publishAsync(again.topic, JSON.stringify(r), { qos: 1 });
      const second = await start(again, broker.url, 'trec-stop-test', { journal, orderingWindowS: 0 });
      try {
        expect(second.stats().journalReplayed).toBeGreaterThan(0);
        for (const r of day.slice(1000)) await pub.publishAsync(again.topic, JSON.stringify(r), { qos: 1 });
        await waitFor(
          'the rest',
          () => second.stats().readingsAccepted + second.stats().journalReplayed >= day.length,
        );
        await second.flush({ endOfData: true });
        expect(second.stats().late).toBe(0);
        expect(storedBefore + second.stats().hoursStored).toBe(24);
        expect(await hours(again.t, again.t.liveMeter)).toEqual(await hours(again.t, again.t.fileMeter));
      } finally {
        await second.stop();
      }
    } finally {
      await pub.endAsync();
      await again.t.close();
    }
  });
});
