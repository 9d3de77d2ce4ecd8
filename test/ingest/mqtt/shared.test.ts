// Shared mode (issue 11 item 8, docs/scaling.md): several servers in one MQTT 5 shared-subscription group
// over ONE database. Mosquitto hands the group's messages out round robin, so one meter's readings are split
// between the servers; every reading is staged once in the database and one server per meter (a lease)
// closes its hours. The hours must equal `trec ingest` of the same readings as a file, to the Wh. Without
// the machine's broker the MQTT cases skip with a printed reason; the staging cases need no broker.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveIngest, createSharedLive, type LiveLogEntry } from '../../../src/app/index.ts';
import { ReadingDecoder, startMqttIngest } from '../../../src/ingest/index.ts';
import { TimeReader } from '../../../src/ingest/meter/time.ts';
import {
  kyselyLiveStaging,
  kyselyLiveStore,
  type Database,
  type StagingTables,
} from '../../../src/store/index.ts';
import { answers } from './broker.ts';
import {
  addMeter,
  clock,
  DAY_START,
  hours,
  ingestFile,
  jsonlFile,
  LIVE_BACKENDS,
  liveStore,
  readings,
  sum,
  type LiveDb,
  type Reading,
} from './helpers.ts';

const MACHINE_BROKER = await answers('127.0.0.1', 1883);
if (!MACHINE_BROKER)
  console.warn(
    'no MQTT broker answers on 127.0.0.1:1883: the shared-subscription MQTT tests are skipped (.ci/run starts one)',
  );

const tag = () => randomBytes(4).toString('hex');

async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, ms = 60_000) {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Pair {
  live: string;
  file: string;
  day: Reading[];
}

/** `n` live meters, each with a file meter of the same registration holding `trec ingest` of its readings. */
async function pairs(t: LiveDb, n: number): Promise<Pair[]> {
  const out: Pair[] = [];
  for (let k = 0; k < n; k++) {
    const day = readings(DAY_START, 24 * 60 + 1, 11 + k);
    const live = await addMeter(t.db, t.ids, t.orgId, `Live ${k}`);
    const file = await addMeter(t.db, t.ids, t.orgId, `File ${k}`);
    await ingestFile(t, file, jsonlFile(join(t.dir, `day-${k}.jsonl`), day));
    out.push({ live, file, day });
  }
  return out;
}

function stores(t: LiveDb, db: Kysely<Database>) {
  const config = { db: () => Promise.resolve(db), ids: t.ids, clock, by: 'mqtt-shared-test' };
  return { store: kyselyLiveStore(config), staging: kyselyLiveStaging(config) };
}

const stagedCount = (t: LiveDb) =>
  kyselyLiveStaging({ db: () => Promise.resolve(t.db), ids: t.ids, clock, by: 't' }).count();

for (const backend of LIVE_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`the staging, ${backend.name}`, () => {
    let t: LiveDb;
    beforeAll(async () => {
      t = await backend.create();
    });
    afterAll(async () => t.close());

    it('stores a second copy of a reading once, and keeps a different reading of the same time beside it, as LiveIngest does', async () => {
      // A file refuses a repeated time; one server's LiveIngest keeps both readings, in arrival order
      // (docs/mqtt.md, ordering window): shared mode must give what one server gives.
      const day = readings(DAY_START, 3 * 60 + 1, 5);
      const twin: Reading = { ...day[30]!, supply_c: day[30]!.supply_c + 1.5 };
      const rows = [...day.slice(0, 31), twin, ...day.slice(31)];
      const oneLogs: LiveLogEntry[] = [];
      const one = createLiveIngest({
        store: liveStore(t),
        clock,
        idleCloseS: null,
        orderingWindowS: 0,
        log: (e) => oneLogs.push(e),
      });
      const single = await one.admit(t.orgId, t.fileMeter);
      if (!single.ok) throw new Error(single.message);
      const decoder = new ReadingDecoder(single.meter.timeZone);
      for (const r of rows) one.accept(single.meter, 'mqtt:one', decoder.decode(JSON.stringify(r)));
      await one.flush({ endOfData: true });
      expect(one.stats()).toMatchObject({ readingsAccepted: rows.length, duplicates: 0, hoursStored: 3 });
      // not silently: the second reading of 00:30 is named
      expect(oneLogs.filter((l) => l.event === 'same-time')).toHaveLength(1);
      expect(oneLogs.find((l) => l.event === 'same-time')?.message).toContain('2024-11-03T04:30:00');
      const { store, staging } = stores(t, t.db);
      const shared = (holder: string) =>
        createSharedLive({
          store,
          staging,
          clock,
          holder,
          zoneOffsets: (tz) => new TimeReader(tz).utcOffsetMinutes,
          sourceOf: (m) => `mqtt:trec/${m.organisationId}/${m.meterId}/readings`,
          idleCloseS: null,
          orderingWindowS: 0,
          log: (e) => sharedLogs.push(e),
        });
      const sharedLogs: LiveLogEntry[] = [];
      const a = shared('server-a');
      const b = shared('server-b');
      const admission = await a.admit(t.orgId, t.liveMeter);
      if (!admission.ok) throw new Error(admission.message);
      const decoders = [
        new ReadingDecoder(admission.meter.timeZone),
        new ReadingDecoder(admission.meter.timeZone),
      ];
      // server a takes the even readings, b the odd ones; b also receives every 10th reading a second time
      for (const [k, r] of rows.entries()) {
        const side = k % 2 === 0 ? a : b;
        const p = side.prepare(admission.meter, decoders[k % 2]!.decode(JSON.stringify(r)));
        if (p.refused !== undefined) throw new Error(p.refused);
        await side.stage(p.rows);
        if (k % 10 === 0) {
          const again = b.prepare(admission.meter, decoders[1]!.decode(JSON.stringify(r)));
          if (again.refused !== undefined) throw new Error(again.refused);
          await b.stage(again.rows);
        }
        if (k % 25 === 0) await (k % 50 === 0 ? a : b).flush();
      }
      const copies = Math.ceil(rows.length / 10);
      expect(a.stats().readingsAccepted + b.stats().readingsAccepted).toBe(rows.length);
      expect(a.stats().duplicates + b.stats().duplicates).toBe(copies);
      await a.flush({ endOfData: true });
      await b.flush({ endOfData: true });
      expect(await stagedCount(t)).toBe(0);
      const fromFile = await hours(t, t.fileMeter);
      expect(fromFile).toHaveLength(3);
      expect(await hours(t, t.liveMeter)).toEqual(fromFile);
      expect(a.stats().hoursStored + b.stats().hoursStored).toBe(3);
      expect(sharedLogs.some((l) => l.event === 'same-time')).toBe(true);
      await a.release();
      await b.release();
    });

    it('closes no hour while a server of the group is away without having left (its session may hold readings)', async () => {
      const meter = await addMeter(t.db, t.ids, t.orgId, 'Held back');
      const { store, staging } = stores(t, t.db);
      const logs: LiveLogEntry[] = [];
      const make = (holder: string) =>
        createSharedLive({
          store,
          staging,
          clock,
          holder,
          zoneOffsets: (tz) => new TimeReader(tz).utcOffsetMinutes,
          sourceOf: (m) => `mqtt:trec/${m.organisationId}/${m.meterId}/readings`,
          idleCloseS: null,
          orderingWindowS: 0,
          absentAfterMs: 200,
          log: (e) => logs.push(e),
        });
      const ghost = make('server-crashed');
      const s = make('server-up');
      await ghost.heartbeat(); // then it crashes: never heard again, never left
      const admission = await s.admit(t.orgId, meter);
      if (!admission.ok) throw new Error(admission.message);
      const decoder = new ReadingDecoder(admission.meter.timeZone);
      for (const r of readings(DAY_START, 3 * 60 + 1, 3)) {
        const p = s.prepare(admission.meter, decoder.decode(JSON.stringify(r)));
        if (p.refused !== undefined) throw new Error(p.refused);
        await s.stage(p.rows);
      }
      await new Promise((r) => setTimeout(r, 300));
      await s.flush();
      expect(s.stats()).toMatchObject({ hoursStored: 0, heldBack: 1 });
      expect(logs.some((l) => l.event === 'server-absent' && l.message.includes('server-crashed'))).toBe(
        true,
      );
      // back, its session drained, it leaves gracefully: the hours that settled are closed
      await ghost.release();
      await s.flush();
      expect(s.stats().hoursStored).toBe(2);
      await s.flush({ endOfData: true });
      expect(s.stats().hoursStored).toBe(3);
      await s.release();
    });

    it('counts a reading for an hour already stored as late and never merges it', async () => {
      const meter = await addMeter(t.db, t.ids, t.orgId, 'Late');
      const { store, staging } = stores(t, t.db);
      const logs: LiveLogEntry[] = [];
      const s = createSharedLive({
        store,
        staging,
        clock,
        holder: 'server-late',
        zoneOffsets: (tz) => new TimeReader(tz).utcOffsetMinutes,
        sourceOf: (m) => `mqtt:trec/${m.organisationId}/${m.meterId}/readings`,
        idleCloseS: null,
        orderingWindowS: 0,
        log: (e) => logs.push(e),
      });
      const admission = await s.admit(t.orgId, meter);
      if (!admission.ok) throw new Error(admission.message);
      const decoder = new ReadingDecoder(admission.meter.timeZone);
      const day = readings(DAY_START, 4 * 60 + 1, 9);
      const late = day.splice(20, 1)[0]!; // 00:20, sent once 01:50 is in (the first hour closed)
      for (const r of day) {
        const p = s.prepare(admission.meter, decoder.decode(JSON.stringify(r)));
        if (p.refused !== undefined) throw new Error(p.refused);
        await s.stage(p.rows);
        if (r.time === new Date(DAY_START + 110 * 60_000).toISOString()) {
          await s.flush();
          expect(s.stats().hoursStored).toBe(1);
          const q = s.prepare(admission.meter, decoder.decode(JSON.stringify(late)));
          if (q.refused !== undefined) throw new Error(q.refused);
          await s.stage(q.rows);
        }
      }
      await s.flush({ endOfData: true });
      expect(s.stats()).toMatchObject({ late: 1, hoursStored: 4 });
      expect(logs.some((l) => l.event === 'late')).toBe(true);
      expect(await stagedCount(t)).toBe(0);
      // the first hour is that of a file without the late reading
      const fileMeter = await addMeter(t.db, t.ids, t.orgId, 'Late file');
      await ingestFile(t, fileMeter, jsonlFile(join(t.dir, 'late.jsonl'), day));
      expect(await hours(t, meter)).toEqual(await hours(t, fileMeter));
      await s.release();
    });
  });
}

/** A publisher with its own session. */
function publisher(clientId: string): Promise<MqttClient> {
  return mqtt.connectAsync('mqtt://127.0.0.1:1883', {
    clientId,
    clean: false,
    protocolVersion: 5,
    properties: { sessionExpiryInterval: 300 },
  });
}

for (const backend of LIVE_BACKENDS) {
  describe.skipIf(!MACHINE_BROKER || backend.skip !== undefined)(
    `two servers in one share group on the machine's Mosquitto, ${backend.name}`,
    () => {
      let t: LiveDb;
      let meters: Pair[];
      beforeAll(async () => {
        t = await backend.create();
        meters = await pairs(t, 4);
      }, 120_000);
      afterAll(async () => t.close(), 60_000);

      const start = (root: string, group: string, name: string, logs: LiveLogEntry[]) =>
        startMqttIngest({
          url: 'mqtt://127.0.0.1:1883',
          ...stores(t, t.open()),
          shareGroup: group,
          clientId: `trec-shared-${name}-${tag()}`,
          topicRoot: root,
          sessionExpiryS: 300,
          flushIntervalMs: 150,
          reconnectPeriodMs: 200,
          idleCloseS: null,
          orderingWindowS: 0,
          log: (e) => logs.push(e),
        });

      /** Publishes readings k in [from, to) of every meter, round robin over the meters, 100 at a time. */
      async function publish(
        pub: MqttClient,
        root: string,
        from: number,
        to: number,
        received: () => number,
        before: number,
      ) {
        let sent = before;
        const all: { topic: string; payload: string }[] = [];
        for (let k = from; k < to; k++)
          for (const m of meters)
            if (k < m.day.length)
              all.push({ topic: `${root}/${t.orgId}/${m.live}/readings`, payload: JSON.stringify(m.day[k]) });
        for (let k = 0; k < all.length; k += 100) {
          const chunk = all.slice(k, k + 100);
          await Promise.all(chunk.map((m) => pub.publishAsync(m.topic, m.payload, { qos: 1 })));
          sent += chunk.length;
          // keep the broker's queues short (Mosquitto holds 1,000 per client by default)
          await waitFor('the chunk to arrive', () => received() >= sent);
        }
        return sent;
      }

      async function expectHoursOfFiles() {
        for (const m of meters) {
          const fromFile = await hours(t, m.file);
          expect(fromFile.length).toBeGreaterThanOrEqual(24);
          expect(await hours(t, m.live)).toEqual(fromFile);
          expect(sum(fromFile, 'heat_wh')).toBeGreaterThan(50_000);
        }
      }

      async function clear() {
        await t.db.deleteFrom('interval_energy_daily').execute();
        for (const m of meters) {
          await t.db.deleteFrom('interval_energy').where('meter_id', '=', m.live).execute();
          await t.db.deleteFrom('uploads').where('meter_id', '=', m.live).execute();
        }
      }

      it('splits the messages between the servers and stores every reading once: the hours of the files', async () => {
        const root = `trec-${tag()}`;
        const group = `g${tag()}`;
        const logs: LiveLogEntry[] = [];
        const a = await start(root, group, 'a', logs);
        const b = await start(root, group, 'b', logs);
        const pub = await publisher(`trec-shared-pub-${tag()}`);
        const total = meters.reduce((n, m) => n + m.day.length, 0);
        try {
          const received = () => a.stats().messages + b.stats().messages;
          const started = performance.now();
          await publish(pub, root, 0, 24 * 60 + 1, received, 0);
          const seconds = (performance.now() - started) / 1000;
          console.log(
            `shared (${backend.name}): ${total} messages in ${seconds.toFixed(2)} s (${(total / seconds).toFixed(0)}/s), server a ${a.stats().messages}, b ${b.stats().messages}`,
          );
          await waitFor(
            'every reading staged',
            () => a.stats().readingsAccepted + b.stats().readingsAccepted >= total,
          );
          // both received some of every meter's readings: Mosquitto's round robin split the meters
          expect(a.stats().messages).toBeGreaterThan(total / 10);
          expect(b.stats().messages).toBeGreaterThan(total / 10);
          await a.flush({ endOfData: true });
          await b.flush({ endOfData: true });
          // a meter leased by a at its last tick is closed by a; b's flush closes the rest
          await a.flush({ endOfData: true });
          const sa = a.stats();
          const sb = b.stats();
          expect(sa.readingsAccepted + sb.readingsAccepted).toBe(total);
          expect(sa.duplicates + sb.duplicates).toBe(0);
          expect(sa.late + sb.late).toBe(0);
          expect(sa.malformed + sb.malformed).toBe(0);
          expect(sa.hoursStored + sb.hoursStored).toBe(meters.length * 24);
          expect(await stagedCount(t)).toBe(0);
          await expectHoursOfFiles();
          expect(logs.filter((l) => l.level === 'error')).toEqual([]);
        } finally {
          await pub.endAsync();
          await a.stop();
          await b.stop();
        }
      });

      it('acknowledges a message only once its readings are staged: the broker sends it again', async () => {
        await clear();
        const root = `trec-${tag()}`;
        const group = `g${tag()}`;
        const id = `trec-shared-ack-${tag()}`;
        const logs: LiveLogEntry[] = [];
        const good = stores(t, t.open());
        // the database refuses every staging: the message waits, unacknowledged, and stop gives up on it
        const down = {
          ...good,
          staging: { ...good.staging, stage: () => Promise.reject(new Error('database down')) },
        };
        const options = {
          url: 'mqtt://127.0.0.1:1883',
          shareGroup: group,
          clientId: id,
          topicRoot: root,
          sessionExpiryS: 300,
          flushIntervalMs: 150,
          idleCloseS: null,
          orderingWindowS: 0,
          log: (e: LiveLogEntry) => logs.push(e),
        };
        const first = await startMqttIngest({ ...options, ...down });
        const pub = await publisher(`trec-shared-pub-${tag()}`);
        const m = meters[0]!;
        try {
          await pub.publishAsync(`${root}/${t.orgId}/${m.live}/readings`, JSON.stringify(m.day[0]), {
            qos: 1,
          });
          await waitFor('the message', () => first.stats().messages === 1);
          await waitFor('a failed staging', () => logs.some((l) => l.event === 'stage-failed'));
          await first.stop();
          expect(first.stats().readingsAccepted).toBe(0);
          expect(logs.some((l) => l.event === 'message-failed')).toBe(true);
          // the same session again, the database up: the broker resends what was not acknowledged
          const second = await startMqttIngest({ ...options, ...good });
          try {
            await waitFor('the message again', () => second.stats().readingsAccepted === 1, 10_000);
          } finally {
            await second.stop();
          }
          expect(await stagedCount(t)).toBe(1);
        } finally {
          await pub.endAsync();
          await t.db.withTables<StagingTables>().deleteFrom('live_readings').execute();
        }
      });

      it('loses nothing when one server stops mid-stream: the other takes its meters over', async () => {
        await clear();
        const root = `trec-${tag()}`;
        const group = `g${tag()}`;
        const logs: LiveLogEntry[] = [];
        const a = await start(root, group, 'a', logs);
        const b = await start(root, group, 'b', logs);
        const pub = await publisher(`trec-shared-pub-${tag()}`);
        const total = meters.reduce((n, m) => n + m.day.length, 0);
        try {
          let aMessages = 0;
          const received = () => (aMessages || a.stats().messages) + b.stats().messages;
          let sent = await publish(pub, root, 0, 700, received, 0);
          // some hours are stored, some open (readings staged, not closed), when a stops
          await waitFor('hours stored', () => a.stats().hoursStored + b.stats().hoursStored > 0);
          await a.stop();
          aMessages = a.stats().messages;
          expect(aMessages).toBeGreaterThan(0);
          sent = await publish(pub, root, 700, 24 * 60 + 1, received, sent);
          expect(sent).toBe(total);
          await waitFor(
            'every reading staged',
            () => a.stats().readingsAccepted + b.stats().readingsAccepted >= total,
          );
          await b.flush({ endOfData: true });
          const sa = a.stats();
          const sb = b.stats();
          expect(sa.readingsAccepted + sb.readingsAccepted).toBe(total);
          expect(sa.late + sb.late).toBe(0);
          expect(sa.hoursStored + sb.hoursStored).toBe(meters.length * 24);
          expect(await stagedCount(t)).toBe(0);
          await expectHoursOfFiles();
          expect(logs.filter((l) => l.level === 'error')).toEqual([]);
        } finally {
          await pub.endAsync();
          await b.stop();
        }
      });
    },
  );
}
