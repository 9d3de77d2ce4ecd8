// A child process for mqtt.test.ts: a TREC MQTT ingest with a journal on the SQLite file named by argv, which
// prints its stats as JSON lines until the test kills it (SIGKILL: no stop, no flush, no compaction).
import { startMqttIngest } from '../../../src/ingest/index.ts';
import { kyselyLiveStore, openDatabase, timeSortedIds } from '../../../src/store/index.ts';

const [dbPath = '', url = '', clientId = '', topicRoot = '', journal = ''] = process.argv.slice(2);
const db = openDatabase(dbPath);
const ingest = await startMqttIngest({
  url,
  store: kyselyLiveStore({
    db: () => Promise.resolve(db),
    ids: timeSortedIds(),
    clock: { now: () => Date.now() },
    by: 'killed',
  }),
  clientId,
  topicRoot,
  journal,
  sessionExpiryS: 300,
  flushIntervalMs: 50,
  orderingWindowS: 0,
  idleCloseS: null,
});
setInterval(() => {
  const s = ingest.stats();
  process.stdout.write(`${JSON.stringify({ accepted: s.readingsAccepted, stored: s.hoursStored })}\n`);
}, 20);
