// Not a test: the MQTT throughput probe behind docs/mqtt.md's numbers (issue 11's bench line, 5,000 readings/s
// for 60 s, every reading stored, memory flat). Run:
//   node --import tsx test/ingest/mqtt/throughput.ts [URL|private] [RATE] [SECONDS] [METERS] [READINGS PER MESSAGE]
// `private` starts a Mosquitto of its own with max_inflight_messages 1000 and max_queued_messages 0.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startMqttIngest } from '../../../src/ingest/index.ts';
import { createMeter, getMeter } from '../../../src/store/index.ts';
import { privateBroker } from './broker.ts';
import { LIVE_BACKENDS, liveStore } from './helpers.ts';

const [
  target = 'mqtt://127.0.0.1:1883',
  rateText = '5000',
  secondsText = '60',
  metersText = '50',
  perText = '1',
] = process.argv.slice(2);
const per = Number(perText);
const seconds = Number(secondsText);
const meterCount = Number(metersText);
const broker = target === 'private' ? await privateBroker(['max_inflight_messages 1000']) : null;
const url = broker ? broker.url : target;
const t = await LIVE_BACKENDS[0]!.create();
const base = (await getMeter(t.db, t.liveMeter))!;
const meters = [t.liveMeter];
for (let k = 1; k < meterCount; k++)
  meters.push(
    (
      await createMeter(
        t.db,
        { ids: t.ids, by: 'throughput', at: 0 },
        { systemId: base.systemId, kind: 'heat', fluid: 'water', flowSensor: 'return', serial: `s${k}` },
      )
    ).id,
  );
const root = `throughput${Math.random().toString(36).slice(2, 8)}`;
const ingest = await startMqttIngest({
  url,
  store: liveStore(t),
  clientId: `${root}-trec`,
  topicRoot: root,
  sessionExpiryS: 60,
  idleCloseS: null,
  orderingWindowS: 1,
});
const t0 = Date.now();
const rssMb: number[] = [];
const heapMb: number[] = [];
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  rssMb.push(Math.round(m.rss / 2 ** 20));
  heapMb.push(Math.round(m.heapUsed / 2 ** 20));
}, 1000);
const topics = meters.map((m) => `${root}/${t.orgId}/${m}/readings`);
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    join(import.meta.dirname, 'throughput-publisher.ts'),
    url,
    rateText,
    secondsText,
    JSON.stringify(topics),
    perText,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let out = '';
child.stdout.setEncoding('utf8');
child.stdout.on('data', (d: string) => (out += d));
await new Promise((r) => child.once('exit', r));
const { sent } = JSON.parse(out) as { sent: number };
const published = (Date.now() - t0) / 1000;
// the rate is that of the publishing time: what is still missing after it may never come (a broker drop)
const messagesWhilePublishing = ingest.stats().messages;
while (ingest.stats().messages < sent / per && Date.now() - t0 < (seconds + 30) * 1000)
  await new Promise((r) => setTimeout(r, 50));
const received = (Date.now() - t0) / 1000;
await ingest.flush({ endOfData: true });
clearInterval(sampler);
const s = ingest.stats();
const rows = await t.db
  .selectFrom('interval_energy')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
console.log(
  JSON.stringify({
    url,
    sent,
    publishedS: published,
    receivedS: received,
    messages: s.messages,
    readingsPerSWhilePublishing: Math.round((messagesWhilePublishing * Number(perText)) / published),
    readingsAccepted: s.readingsAccepted,
    late: s.late,
    hoursStored: s.hoursStored,
    intervalRows: Number(rows.n),
    batches: s.batches,
    rssMb,
    heapMb,
  }),
);
await ingest.stop();
await t.close();
await broker?.remove();
