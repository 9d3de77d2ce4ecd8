// A child process for ingest-killed.test.ts: runs the ingest use case (the real reader, integrator and
// store) on argv's file for argv's meter in argv's database, with the store's hours passed through a
// generator that, after more than one batch has been written inside the upload's transaction, prints
// "half-way" and waits to be killed.
import { createApp, type IntervalStore, type StoredHour } from '../../src/app/index.ts';
import { filePorts } from '../../src/ingest/catalogues.ts';
import { kyselyIntervalStore } from '../../src/store/interval-port.ts';
import { openDatabase, timeSortedIds } from '../../src/store/index.ts';

const [target = '', meter = '', file = '', after = '12000'] = process.argv.slice(2);
const db = openDatabase(target);
const store = kyselyIntervalStore({
  db: () => Promise.resolve(db),
  ids: timeSortedIds(),
  clock: { now: () => Date.now() },
  by: 'killed',
});
const halt = Number(after);
const storeUpload: IntervalStore['storeUpload'] = (upload, hours, options) => {
  async function* slow(): AsyncGenerator<StoredHour> {
    let n = 0;
    for await (const h of hours) {
      if (++n === halt) {
        process.stdout.write('half-way\n');
        await new Promise(() => undefined); // never resolves: the parent kills us here
      }
      yield h;
    }
  }
  return store.storeUpload(upload, slow(), options);
};
const app = createApp({ ...filePorts(), intervals: { ...store, storeUpload } });
await app.run('ingest', { files: [file], meter });
process.stdout.write('finished\n');
await db.destroy();
