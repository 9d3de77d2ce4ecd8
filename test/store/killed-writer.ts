// A child process for store.killed.test.ts: opens the database named by argv (SQLite path or PostgreSQL URL,
// with the schema in argv[3]), registers a meter, then starts an upload whose intervals never end. It prints
// "half-way" after more than one batch is written inside the open transaction, and waits to be killed.
// With KILLED_IN=readings the hours all go in and the readings (0005) never end instead.
import {
  HOUR_MS,
  createMeter,
  createOrganisation,
  createSite,
  createSystem,
  insertUpload,
  migrateToLatest,
  openDatabase,
  sequentialIds,
  type IntervalRow,
} from '../../src/store/index.ts';
import type { ReadingDay } from '../../src/app/index.ts';

const [target = ':memory:', schema] = process.argv.slice(2);
const db = openDatabase(target, schema ? { schema } : {});
await migrateToLatest(db);
const a = { ids: sequentialIds(), by: 'killed', at: 0 };
const org = await createOrganisation(db, a, { name: 'Killed Ltd' });
const site = await createSite(db, a, { organisationId: org.id, name: 's', state: 'MD', timeZone: 'UTC' });
const system = await createSystem(db, a, {
  siteId: site.id,
  name: 'x',
  technology: 'ground-source',
  ratedCapacityW: 10_000,
  ratedCop: 3,
});
const meter = await createMeter(db, a, { systemId: system.id, kind: 'heat' });
const T0 = Date.UTC(2024, 0, 1);
const n = 10_000;
const inReadings = process.env.KILLED_IN === 'readings';
const DAY_MS = 86_400_000;

async function* readings(): AsyncGenerator<ReadingDay> {
  for (let d = 0; d < 400; d++) {
    if (d === 300) {
      process.stdout.write('half-way\n');
      await new Promise(() => undefined); // never resolves: the parent kills us here
    }
    const timeMs = Float64Array.from({ length: 1440 }, (_, i) => T0 + d * DAY_MS + i * 60_000);
    yield {
      dayStartMs: T0 + d * DAY_MS,
      channels: ['heatPower'],
      timeMs,
      columns: [new Float64Array(1440).fill(5000)],
      heatRegisterRolloverJ: null,
    };
  }
}

async function* hours(): AsyncGenerator<IntervalRow> {
  for (let i = 0; i < n; i++) {
    if (i === 9_000 && !inReadings) {
      process.stdout.write('half-way\n');
      await new Promise(() => undefined); // never resolves: the parent kills us here
    }
    yield {
      start: T0 + i * HOUR_MS,
      heatWh: 1000,
      coolWh: 0,
      defrostWh: 0,
      transientWh: 0,
      excludedWh: 0,
      elecWh: 300,
      excludedElecWh: 0,
      coverageS: 3600,
      uncertaintyWh: null,
      meanSupplyC: null,
      meanSourceC: null,
      checks: null,
    };
  }
}

await insertUpload(
  db,
  a,
  {
    meterId: meter.id,
    fileName: 'endless.csv',
    sha256: 'f'.repeat(64),
    sizeBytes: 1,
    rowCount: n,
    rangeStart: T0,
    rangeEnd: T0 + n * HOUR_MS,
    checks: [],
  },
  hours(),
  inReadings ? { readings: readings() } : {},
);
