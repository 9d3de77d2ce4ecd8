// Issue 11's MQTT speed goal: 5,000 readings per second for 60 s through the local Mosquitto (127.0.0.1:1883,
// the machine's own configuration), every reading stored (count in = count stored), memory flat. Run by
// `npm run bench` (`--skip-mqtt` leaves it out), or alone:
//   node --import tsx bench/mqtt.ts [URL]        BENCH_MQTT_S=20 shortens each run (default 60)
// A publisher in its own process (test/ingest/mqtt/throughput-publisher.ts) sends canonical 1-minute readings
// round robin over 50 meters, QoS 1, at 5,000 readings/s, as single-reading messages and as messages of 10
// readings; TREC (startMqttIngest with its journal, as `trec serve --mqtt` runs it, on a SQLite temp file)
// takes them. Then everything is closed (endOfData) and counted:
//   count in     the readings the publisher sent (each acknowledged by the broker);
//   count stored the readings the stored hours were made of: the sum of their uploads' row_count (every
//                reading lies in exactly one upload's range), and the hours themselves against the hours the
//                readings span (per meter, ceil(n / 60) for n 1-minute readings from an hour's start).
// Memory: resident set size sampled every second; "flat" when the median of the last 5 samples is within
// FLAT_PCT (25 %) of the median of the 5 samples around the 10-s mark (the heap's collections make a sawtooth
// of about +-20 % around a level, docs/mqtt.md).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startMqttIngest } from '../src/ingest/index.ts';
import { createMeter, getMeter } from '../src/store/index.ts';
import { answers } from '../test/ingest/mqtt/broker.ts';
import { LIVE_BACKENDS, liveStore } from '../test/ingest/mqtt/helpers.ts';
import { median, type GoalRow } from './store.ts';

export const TARGET_READINGS_S = 5000;
export const FLAT_PCT = 25;
const METERS = 50;

export interface MqttRun {
  perMessage: number;
  sent: number;
  publishS: number;
  /** Messages received while the publisher ran, per second. */
  receivedPerS: number;
  readingsAccepted: number;
  storedReadings: number;
  hoursStored: number;
  hoursExpected: number;
  late: number;
  /** The event loop's delay while publishing (a stalled loop sends no PUBACKs: the broker queues, then drops). */
  loopP99Ms: number;
  loopMaxMs: number;
  rssMb: number[];
  flat: boolean;
  rssAt10Mb: number;
  rssEndMb: number;
}

async function run(
  url: string,
  seconds: number,
  perMessage: number,
  log: (l: string) => void,
): Promise<MqttRun> {
  const t = await LIVE_BACKENDS[0]!.create();
  const dir = mkdtempSync(join(tmpdir(), 'trec-bench-mqtt-'));
  try {
    const base = (await getMeter(t.db, t.liveMeter))!;
    const meters = [t.liveMeter];
    for (let k = 1; k < METERS; k++)
      meters.push(
        (
          await createMeter(
            t.db,
            { ids: t.ids, by: 'bench', at: 0 },
            { systemId: base.systemId, kind: 'heat', fluid: 'water', flowSensor: 'return', serial: `b${k}` },
          )
        ).id,
      );
    const root = `bench${Math.random().toString(36).slice(2, 8)}`;
    const ingest = await startMqttIngest({
      url,
      store: liveStore(t),
      clientId: `${root}-trec`,
      topicRoot: root,
      sessionExpiryS: 120,
      idleCloseS: null,
      orderingWindowS: 1,
      journal: join(dir, 'journal.jsonl'),
    });
    const rssMb: number[] = [];
    const sampler = setInterval(() => rssMb.push(Math.round(process.memoryUsage().rss / 2 ** 20)), 1000);
    const topics = meters.map((m) => `${root}/${t.orgId}/${m}/readings`);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, '..', 'test', 'ingest', 'mqtt', 'throughput-publisher.ts'),
        url,
        String(TARGET_READINGS_S),
        String(seconds),
        JSON.stringify(topics),
        String(perMessage),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    await new Promise((r) => child.once('exit', r));
    const publishS = (performance.now() - started) / 1000;
    const messagesWhilePublishing = ingest.stats().messages;
    loop.disable();
    const loopP99Ms = loop.percentile(99) / 1e6;
    const loopMaxMs = loop.max / 1e6;
    const { sent, perTopic } = JSON.parse(out) as { sent: number; perTopic: number[] };
    // what is still on its way (the broker's queue for TREC), up to 30 s
    const until = performance.now() + 30_000;
    while (ingest.stats().messages < sent / perMessage && performance.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    clearInterval(sampler);
    await ingest.flush({ endOfData: true });
    const s = ingest.stats();
    await ingest.stop();
    const rows = await t.db
      .selectFrom('uploads')
      .select((eb) => eb.fn.sum<number | string>('row_count').as('n'))
      .executeTakeFirstOrThrow();
    const hoursExpected = perTopic.reduce((n, c) => n + (c > 0 ? Math.ceil(c / 60) : 0), 0);
    const at10 = median(rssMb.slice(8, 13));
    const end = median(rssMb.slice(-5));
    const r: MqttRun = {
      perMessage,
      sent,
      publishS,
      receivedPerS: messagesWhilePublishing / publishS,
      readingsAccepted: s.readingsAccepted,
      storedReadings: Number(rows.n),
      hoursStored: s.hoursStored,
      hoursExpected,
      late: s.late,
      loopP99Ms,
      loopMaxMs,
      rssMb,
      flat: rssMb.length >= 13 && Math.abs(end / at10 - 1) * 100 <= FLAT_PCT,
      rssAt10Mb: at10,
      rssEndMb: end,
    };
    log(
      `  ${perMessage} reading(s)/message: sent ${r.sent} readings in ${publishS.toFixed(1)} s; received ` +
        `${Math.round(r.receivedPerS * perMessage)} readings/s while publishing; accepted ${r.readingsAccepted}, ` +
        `stored ${r.storedReadings} (hours ${r.hoursStored} of ${r.hoursExpected}, late ${r.late}); ` +
        `event loop delay p99 ${loopP99Ms.toFixed(0)} ms, max ${loopMaxMs.toFixed(0)} ms; RSS ${r.rssAt10Mb} MB at 10 s, ${r.rssEndMb} MB at the end (samples ${rssMb.join(' ')})`,
    );
    return r;
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface MqttBenchOptions {
  url?: string;
  seconds?: number;
  log: (line: string) => void;
}

/** Both message shapes, one after the other; goal rows for bench/run.ts's table. */
export async function mqttBench(options: MqttBenchOptions): Promise<GoalRow[]> {
  const url = options.url ?? 'mqtt://127.0.0.1:1883';
  const seconds = options.seconds ?? Number(process.env.BENCH_MQTT_S ?? 60);
  const u = new URL(url);
  if (!(await answers(u.hostname, Number(u.port || 1883)))) {
    options.log(`  no MQTT broker answers at ${url}: the MQTT bench is skipped`);
    return [];
  }
  const rows: GoalRow[] = [];
  const shapes = (process.env.BENCH_MQTT_SHAPES ?? '10,1').split(',').map(Number);
  for (const per of shapes) {
    const r = await run(url, seconds, per, options.log);
    const all =
      r.readingsAccepted === r.sent && r.storedReadings === r.sent && r.hoursStored === r.hoursExpected;
    rows.push({
      goal: `MQTT ${TARGET_READINGS_S}/s for ${seconds} s, ${per} reading(s)/message: count in = count stored`,
      measured: `${r.storedReadings} of ${r.sent} stored (${Math.round(r.receivedPerS * per)}/s received)`,
      target: 'all',
      pass: all,
    });
    rows.push({
      goal: `MQTT ${per} reading(s)/message: memory flat (RSS end within ${FLAT_PCT} % of 10 s)`,
      measured: `${r.rssAt10Mb} -> ${r.rssEndMb} MB`,
      target: `<= ${FLAT_PCT} %`,
      pass: r.flat,
    });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { goalTable } = await import('./store.ts');
  const rows = await mqttBench({ ...(process.argv[2] ? { url: process.argv[2] } : {}), log: console.log });
  console.log(goalTable(rows));
}
