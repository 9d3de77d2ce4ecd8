// Issue 11's MQTT acceptance end to end: `trec serve --mqtt` on the machine's Mosquitto (127.0.0.1:1883),
// a day of 1-minute readings published to trec/<org>/<meter>/readings with QoS 1, and the API's stored
// energy (GET /v1/systems/{id}/data) equal, hour by hour, to `trec energy` on the same readings as a file.
// Hours are stored once the readings are 30 min past their end (docs/mqtt.md), so the day's last hour waits
// for more data and the test compares the hours that settled. Skips with a printed reason without a broker.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';
import { answers } from '../ingest/mqtt/broker.ts';
import { DAY_START, jsonlFile, readings } from '../ingest/mqtt/helpers.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BROKER = await answers('127.0.0.1', 1883);
if (!BROKER)
  console.warn(
    'no MQTT broker answers on 127.0.0.1:1883: the trec serve --mqtt test is skipped (.ci/run starts one)',
  );

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => done(port));
    });
  });
}

interface Hour {
  start: string;
  heat_kwh: number;
  cool_kwh: number;
}

describe.skipIf(!BROKER)(
  'trec serve --mqtt: a day of readings through Mosquitto, read back over the API',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'trec-serve-mqtt-'));
    const db = join(dir, 'trec.db');
    let server: ChildProcess | undefined;
    afterAll(() => {
      server?.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    });

    it('stores the same hourly energy as trec energy gives for the file', { timeout: 120_000 }, async () => {
      const run = async (...args: string[]) => {
        const r = await trec(...args, '--db', db, '--json');
        if (r.code !== 0) throw new Error(`trec ${args.join(' ')}: ${r.stderr}`);
        return r.json<Record<string, string>>();
      };
      const org = (await run('org', 'add', '--name', `Live ${process.pid}`)).id ?? '';
      const site =
        (
          await run(
            'site',
            'add',
            '--org',
            org,
            '--name',
            'Plant',
            '--state',
            'MD',
            '--tz',
            'America/New_York',
          )
        ).id ?? '';
      const system =
        (
          await run(
            'system',
            'add',
            '--site',
            site,
            '--name',
            'AWHP',
            '--technology',
            'air-to-water',
            '--capacity-kw',
            '14',
            '--cop',
            '3.5',
            '--commissioned',
            '2024-01-01',
          )
        ).id ?? '';
      const meter =
        (
          await run(
            'meter',
            'add',
            '--system',
            system,
            '--kind',
            'heat',
            '--fluid',
            'water',
            '--flow-sensor',
            'return',
          )
        ).id ?? '';
      const token = (await run('tokens', 'create', '--org', org, '--role', 'aggregator')).token ?? '';

      const day = readings();
      const file = jsonlFile(join(dir, 'day.jsonl'), day);
      const energy = await trec(
        'energy',
        file,
        '--interval',
        'hour',
        '--tz',
        'America/New_York',
        '--fluid',
        'water',
        '--flow-sensor',
        'return',
        '--json',
      );
      expect(energy.code).toBe(0);
      const fileHours = energy.json<{ intervals: Hour[] }>().intervals;

      const port = await freePort();
      server = spawn(
        process.execPath,
        [
          join(ROOT, 'bin', 'trec'),
          'serve',
          '--port',
          String(port),
          '--db',
          db,
          '--mqtt',
          'mqtt://127.0.0.1:1883',
          '--mqtt-client-id',
          `trec-serve-e2e-${process.pid}-${Date.now()}`,
          // Readings are released for integration once this window has passed (the default waits 120 s).
          '--mqtt-window',
          '5',
        ],
        {
          cwd: dir,
          env: { ...process.env, TREC_USER: 'serve-test' },
        },
      );
      let log = '';
      server.stderr?.on('data', (b: Buffer) => (log += b.toString()));
      const until = Date.now() + 30_000;
      while (!/mqtt info subscribed/.test(log)) {
        if (Date.now() > until) throw new Error(`trec serve did not subscribe:\n${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }

      const pub = await mqtt.connectAsync('mqtt://127.0.0.1:1883', {
        clientId: `trec-serve-test-${process.pid}`,
        protocolVersion: 5,
      });
      try {
        for (const r of day)
          await pub.publishAsync(`trec/${org}/${meter}/readings`, JSON.stringify(r), { qos: 1 });
      } finally {
        await pub.endAsync();
      }

      // The hours whose end is at least 30 min before the last reading are settled and must be stored.
      const lastMs = Date.parse(day.at(-1)?.time ?? '');
      const settled = fileHours.filter((h) => Date.parse(h.start) + 3_600_000 + 1_800_000 <= lastMs);
      expect(settled.length).toBeGreaterThanOrEqual(22);
      const url = `http://127.0.0.1:${port}/v1/systems/${system}/data?from=2024-11-03&to=2024-11-04&interval=hour`;
      let apiHours: Hour[] = [];
      const wait = Date.now() + 60_000;
      while (apiHours.length < settled.length) {
        if (Date.now() > wait)
          throw new Error(
            `only ${apiHours.length} of ${settled.length} hours stored:\n${log
              .split('\n')
              .filter((l) => l.includes('mqtt'))
              .join('\n')
              .slice(-3000)}`,
          );
        await new Promise((r) => setTimeout(r, 250));
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        apiHours = ((await res.json()) as { intervals: (Hour & { coverage: number })[] }).intervals.filter(
          (h) => h.coverage > 0,
        );
      }
      const byStart = new Map(apiHours.map((h) => [Date.parse(h.start), h]));
      // The store keeps integer Wh, rounded so that the hours add up (docs/store.md): each hour within 1 Wh
      // of trec energy's figure, the settled hours' sum within 1 Wh of its sum.
      let fileWh = 0;
      let apiWh = 0;
      for (const h of settled) {
        const a = byStart.get(Date.parse(h.start));
        if (!a) throw new Error(`hour ${h.start} was not stored`);
        expect(Math.abs(a.heat_kwh - h.heat_kwh) * 1000, `heat of ${h.start}`).toBeLessThanOrEqual(1);
        expect(Math.abs(a.cool_kwh - h.cool_kwh) * 1000, `cooling of ${h.start}`).toBeLessThanOrEqual(1);
        fileWh += h.heat_kwh * 1000;
        apiWh += a.heat_kwh * 1000;
      }
      expect(Math.abs(apiWh - fileWh)).toBeLessThanOrEqual(1);
      expect(apiWh).toBeGreaterThan(50_000);
      expect(DAY_START).toBe(Date.parse('2024-11-03T04:00:00Z'));
    });
  },
);
