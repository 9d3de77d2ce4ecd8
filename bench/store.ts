// The store's speed and memory goals (issue 9), run by `npm run bench` after the meter-file figures, or alone:
//   node --import tsx bench/store.ts [--pg URL] [--skip-fleet | --fleet-only]
// PostgreSQL runs when --pg URL or TREC_TEST_PG_URL names a server: in a schema of its own, dropped after.
//   1. `bin/trec ingest` of a year of 1-minute data (525,600 rows) for one meter against `bin/trec energy` on
//      the same file, whole child processes interleaved, wall time from spawn to exit, peak RSS of each child
//      (bench/maxrss.cjs): ingest / energy <= 1.5x, ingest RSS < 200 MB.
//   2. Reading back: a year of one system's hours in process (the store's read behind `trec data`, and the
//      data use case on it) < 50 ms; `bin/trec data` as a process for information; a month of 10,000 systems
//      (a fleet made by bulk SQL, bench/fleet.ts) summed per system in one grouped query < 2 s.
// Every figure is checked against a number computed without the store: a wrong sum fails the run.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { createApp } from '../src/app/index.ts';
import { filePorts } from '../src/ingest/catalogues.ts';
import { kyselyIntervalStore } from '../src/store/interval-port.ts';
import {
  createMeter,
  createOrganisation,
  createSite,
  createSystem,
  migrateToLatest,
  openDatabase,
  sumIntervals,
  sumIntervalsBySystem,
  timeSortedIds,
  type Database,
} from '../src/store/index.ts';
import { buildFleet, elecWhOf, fleetSystemId, heatWhOf, HOUR_MS, type Fleet } from './fleet.ts';
import { generateMeterCsv } from './generate.ts';

export const TARGET_INGEST_RATIO = 1.5;
export const TARGET_INGEST_RSS_MB = 200;
export const TARGET_YEAR_READ_MS = 50;
export const TARGET_FLEET_MONTH_S = 2;

/** One line of the goal table. `pass` null: for information, no target. */
export interface GoalRow {
  goal: string;
  measured: string;
  target: string;
  pass: boolean | null;
}

export interface StoreBenchOptions {
  /** A PostgreSQL server (the bench makes and drops a schema of its own), or undefined for SQLite alone. */
  pgUrl: string | undefined;
  /** Repetitions of each whole-process figure. */
  runs: number;
  /** Build and query the 10,000-system fleet (the longest part: 30-60 s per database). */
  fleet: boolean;
  /** Only the fleet (`--fleet-only`): no ingest, no year read. */
  fleetOnly?: boolean;
  log: (line: string) => void;
}

const YEAR_ROWS = 525_600; // 365 days of 1-minute samples
const YEAR_HOURS = 8_760;
/** The year file starts at local midnight of 2025-01-01 in New York (EST, UTC-5); the site's zone. */
const TZ = 'America/New_York';
const YEAR_START_MS = Date.UTC(2025, 0, 1, 5);
const FLEET_SYSTEMS = 10_000;
/** The fleet's month: May 2025, 31 days (744 hours), the longest kind. */
const FLEET_MONTH = { year: 2025, month: 5 };
const READ_RUNS = 21;
const FLEET_RUNS = 3;

const outDir = fileURLToPath(new URL('./out/', import.meta.url));
const yearFile = join(outDir, 'meter-year-1min.csv');
const trecBin = fileURLToPath(new URL('../bin/trec', import.meta.url));
const rssPreload = fileURLToPath(new URL('./maxrss.cjs', import.meta.url));
/** The meter's registered settings, as `trec energy` options (what ingest passes the same integrator). */
const METER_OPTIONS = ['--meter-class', '2', '--qp-m3h', '1.5', '--dt-min-k', '3'];

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
export const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

interface Child {
  seconds: number;
  /** Peak resident set size, MB (10^6 bytes). */
  rssMb: number;
  stdout: string;
}

/** `node -r bench/maxrss.cjs bin/trec ARGS`: wall time from spawn to exit and the child's peak RSS. */
function trec(args: readonly string[]): Child {
  const rssFile = join(outDir, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const started = performance.now();
  const r = spawnSync(process.execPath, ['-r', rssPreload, trecBin, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    env: { ...process.env, TREC_BENCH_RSS_FILE: rssFile, TREC_USER: 'bench' },
  });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`bin/trec ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const rssMb = (Number(readFileSync(rssFile, 'utf8')) * 1024) / 1e6;
  rmSync(rssFile, { force: true });
  return { seconds, rssMb, stdout: r.stdout };
}

export interface Store {
  name: string;
  /** What `--db` takes. */
  target: string;
  db: Kysely<Database>;
  close(): Promise<void>;
}

export function sqliteStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'trec-bench-'));
  const target = join(dir, 'trec.db');
  const db = openDatabase(target);
  return {
    name: 'SQLite',
    target,
    db,
    async close() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresStore(url: string): Promise<Store> {
  const schema = `trec_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = openDatabase(url);
  await sql`create schema ${sql.id(schema)}`.execute(admin);
  const target = new URL(url);
  target.searchParams.set('options', `-c search_path=${schema}`);
  const db = openDatabase(url, { schema });
  return {
    name: 'PostgreSQL',
    target: target.toString(),
    db,
    async close() {
      await db.destroy();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
      await admin.destroy();
    },
  };
}

interface Registered {
  systemId: string;
  meterId: string;
}

/** A site in New York, a ground-source system and its class-2 water heat meter (as `trec meter add` makes). */
async function registerMeter(db: Kysely<Database>, organisationId: string, n: number): Promise<Registered> {
  const a = { ids: timeSortedIds(), by: 'bench', at: Date.now() };
  const site = await createSite(db, a, { organisationId, name: `house ${n}`, state: 'MD', timeZone: TZ });
  const system = await createSystem(db, a, {
    siteId: site.id,
    name: 'GSHP',
    technology: 'ground-source',
    ratedCapacityW: 14_000,
    ratedCop: 3.5,
  });
  const meter = await createMeter(db, a, {
    systemId: system.id,
    kind: 'heat',
    fluid: 'water',
    flowSensor: 'return',
    en1434Class: 2,
    qpM3h: 1.5,
    dtMinK: 3,
  });
  return { systemId: system.id, meterId: meter.id };
}

interface EnergyJson {
  total: { heat_kwh: number; elec_kwh: number | null };
  intervals: unknown[];
}
interface IngestJson {
  already_ingested: boolean;
  stored_hours: number;
  upload: { rows: number };
}

const fail = (what: string): never => {
  throw new Error(`store bench: ${what}`);
};

/** Goal 1 on one store: ingest against energy, interleaved; returns the last ingested system for goal 2. */
async function ingestGoal(store: Store, runs: number, log: StoreBenchOptions['log']) {
  const org = await createOrganisation(
    store.db,
    { ids: timeSortedIds(), by: 'bench', at: Date.now() },
    { name: 'Bench ingest' },
  );
  const same = ['energy', yearFile, '--interval', 'hour', '--tz', TZ, ...METER_OPTIONS, '--json'];
  const plain = ['energy', yearFile, '--json'];
  // Warm-up, not counted: the page cache, and dist/ rebuilt if the sources changed (bin/trec never runs stale).
  const warm = await registerMeter(store.db, org.id, 0);
  trec(['ingest', yearFile, '--meter', warm.meterId, '--db', store.target, '--json']);
  const reference = JSON.parse(trec(same).stdout) as EnergyJson;
  if (reference.intervals.length !== YEAR_HOURS)
    fail(`trec energy gave ${reference.intervals.length} hours, not ${YEAR_HOURS}`);
  const expectedHeatWh = Math.round(reference.total.heat_kwh * 1000);
  const ingest: Child[] = [];
  const energySame: Child[] = [];
  const energyPlain: Child[] = [];
  let last = warm;
  for (let i = 0; i < runs; i++) {
    const reg = await registerMeter(store.db, org.id, i + 1);
    const r = trec(['ingest', yearFile, '--meter', reg.meterId, '--db', store.target, '--json']);
    const j = JSON.parse(r.stdout) as IngestJson;
    if (j.already_ingested || j.stored_hours !== YEAR_HOURS || j.upload.rows !== YEAR_ROWS)
      fail(
        `ingest stored ${j.stored_hours} hours of ${j.upload.rows} rows (expected ${YEAR_HOURS} of ${YEAR_ROWS})`,
      );
    // The stored hours sum to trec energy's total, to the Wh (docs/store.md).
    const sums = await sumIntervals(
      store.db,
      { meterId: reg.meterId },
      YEAR_START_MS,
      YEAR_START_MS + 366 * 86_400_000,
    );
    if (sums.heatWh !== expectedHeatWh || sums.intervals !== YEAR_HOURS)
      fail(
        `${store.name}: stored ${sums.heatWh} Wh in ${sums.intervals} hours, trec energy ${expectedHeatWh} Wh`,
      );
    ingest.push(r);
    energySame.push(trec(same));
    const p = trec(plain);
    if (Math.round((JSON.parse(p.stdout) as EnergyJson).total.heat_kwh * 1000) !== expectedHeatWh)
      fail('trec energy with daily intervals in UTC gave another total than with hours in the site zone');
    energyPlain.push(p);
    last = reg;
  }
  const s = (xs: Child[]) => median(xs.map((x) => x.seconds));
  const rss = (xs: Child[]) => Math.max(...xs.map((x) => x.rssMb));
  const ingestS = s(ingest);
  log(
    `  ${store.name}: ingest ${ingestS.toFixed(3)} s (peak RSS ${rss(ingest).toFixed(0)} MB); trec energy, same` +
      ` settings (hour, ${TZ}, class 2) ${s(energySame).toFixed(3)} s (${rss(energySame).toFixed(0)} MB);` +
      ` trec energy, defaults (day, UTC) ${s(energyPlain).toFixed(3)} s (${rss(energyPlain).toFixed(0)} MB);` +
      ` ${expectedHeatWh.toLocaleString('en-US')} Wh stored = trec energy's total`,
  );
  const rows: GoalRow[] = [
    {
      goal: `1 ${store.name}: ingest / energy, same settings (--interval hour --tz, class)`,
      measured: `${(ingestS / s(energySame)).toFixed(2)}x (${ingestS.toFixed(3)} s / ${s(energySame).toFixed(3)} s)`,
      target: `<= ${TARGET_INGEST_RATIO}x`,
      pass: ingestS / s(energySame) <= TARGET_INGEST_RATIO,
    },
    {
      goal: `1 ${store.name}: ingest / energy, defaults (FILE --json: day, UTC)`,
      measured: `${(ingestS / s(energyPlain)).toFixed(2)}x (${ingestS.toFixed(3)} s / ${s(energyPlain).toFixed(3)} s)`,
      target: `<= ${TARGET_INGEST_RATIO}x`,
      pass: ingestS / s(energyPlain) <= TARGET_INGEST_RATIO,
    },
    {
      goal: `1 ${store.name}: ingest peak RSS (max of ${runs})`,
      measured: `${rss(ingest).toFixed(0)} MB`,
      target: `< ${TARGET_INGEST_RSS_MB} MB`,
      pass: rss(ingest) < TARGET_INGEST_RSS_MB,
    },
  ];
  return { rows, system: last, expectedHeatWh, reference };
}

/** Goal 2a: a year of one system's hours read back, in process and by the CLI. */
async function yearReadGoal(
  store: Store,
  system: Registered,
  expectedHeatWh: number,
  runs: number,
  log: StoreBenchOptions['log'],
): Promise<GoalRow[]> {
  const intervals = kyselyIntervalStore({
    db: () => Promise.resolve(store.db),
    ids: timeSortedIds(),
    clock: { now: () => Date.now() },
    by: 'bench',
  });
  const app = createApp({ ...filePorts(), intervals });
  const input = { system: system.systemId, from: '2025-01-01', to: '2026-01-01', interval: 'hour' } as const;
  const storeMs: number[] = [];
  const useCaseMs: number[] = [];
  const runMs: number[] = [];
  for (let i = 0; i <= READ_RUNS; i++) {
    let t = performance.now();
    const hours = await intervals.systemHours(
      system.systemId,
      YEAR_START_MS,
      YEAR_START_MS + YEAR_HOURS * HOUR_MS,
    );
    const storeT = performance.now() - t;
    if (hours.length !== YEAR_HOURS || hours.reduce((n, h) => n + h.heatWh, 0) !== expectedHeatWh)
      fail(`${store.name}: the store read ${hours.length} hours`);
    t = performance.now();
    const outcome = await app.run('data', input);
    const runT = performance.now() - t;
    const json = JSON.stringify(app.present('data', outcome));
    const useCaseT = performance.now() - t;
    const data = JSON.parse(json) as EnergyJson;
    if (data.intervals.length !== YEAR_HOURS || Math.round(data.total.heat_kwh * 1000) !== expectedHeatWh)
      fail(
        `${store.name}: the data use case gave ${data.intervals.length} hours, ${data.total.heat_kwh} kWh`,
      );
    if (i === 0) continue; // warm-up
    storeMs.push(storeT);
    useCaseMs.push(useCaseT);
    runMs.push(runT);
  }
  const cli: Child[] = [];
  const help: Child[] = [];
  for (let i = 0; i < runs; i++) {
    const args = ['data', '--system', system.systemId, '--from', input.from, '--to', input.to];
    const r = trec([...args, '--interval', 'hour', '--db', store.target, '--json']);
    const data = JSON.parse(r.stdout) as EnergyJson;
    if (data.intervals.length !== YEAR_HOURS || Math.round(data.total.heat_kwh * 1000) !== expectedHeatWh)
      fail(`${store.name}: trec data gave ${data.intervals.length} hours`);
    cli.push(r);
    help.push(trec(['--help']));
  }
  const cliS = median(cli.map((c) => c.seconds));
  const helpS = median(help.map((c) => c.seconds));
  log(
    `  ${store.name}: a year of hours: store read ${median(storeMs).toFixed(1)} ms, data use case` +
      ` ${median(useCaseMs).toFixed(1)} ms (run ${median(runMs).toFixed(1)} ms, present + JSON the rest; medians of` +
      ` ${READ_RUNS}); bin/trec data --json ${cliS.toFixed(3)} s,` +
      ` bin/trec --help ${helpS.toFixed(3)} s (medians of ${runs})`,
  );
  return [
    {
      goal: `2 ${store.name}: a year of hours, the store's read (systemHours) in process`,
      measured: `${median(storeMs).toFixed(1)} ms`,
      target: `< ${TARGET_YEAR_READ_MS} ms`,
      pass: median(storeMs) < TARGET_YEAR_READ_MS,
    },
    {
      goal: `2 ${store.name}: a year of hours, the data use case (trec data's work) in process`,
      measured: `${median(useCaseMs).toFixed(1)} ms`,
      target: `< ${TARGET_YEAR_READ_MS} ms`,
      pass: median(useCaseMs) < TARGET_YEAR_READ_MS,
    },
    {
      goal: `2 ${store.name}: bin/trec data --interval hour --json, whole process`,
      measured: `${cliS.toFixed(3)} s (--help: ${helpS.toFixed(3)} s)`,
      target: 'for information',
      pass: null,
    },
  ];
}

/** Per-system sums of the fleet, computed here from the generating formula. */
function expectedFleet(fleet: Fleet, fromMs: number, toMs: number) {
  const first = fleet.monthStartsMs[0]!;
  const heat = new Float64Array(fleet.systems + 1);
  const elec = new Float64Array(fleet.systems + 1);
  for (let t = fromMs; t < toMs; t += HOUR_MS) {
    const k = (t - first) / HOUR_MS;
    for (let m = 1; m <= fleet.systems; m++) {
      heat[m]! += heatWhOf(m, k);
      elec[m]! += elecWhOf(m, k);
    }
  }
  return { heat, elec, hours: (toMs - fromMs) / HOUR_MS };
}

/** Goal 2b: 10,000 systems, a month, one grouped query. */
async function fleetGoal(store: Store, log: StoreBenchOptions['log']): Promise<GoalRow[]> {
  let t = performance.now();
  const fleet = await buildFleet(store.db, FLEET_SYSTEMS, FLEET_MONTH, 1);
  const buildS = (performance.now() - t) / 1000;
  const from = fleet.monthStartsMs[0]!;
  const to = fleet.endMs;
  const expected = expectedFleet(fleet, from, to);
  const times: number[] = [];
  for (let i = 0; i <= FLEET_RUNS; i++) {
    t = performance.now();
    const sums = await sumIntervalsBySystem(store.db, { organisationId: fleet.organisationId }, from, to);
    const ms = performance.now() - t;
    if (sums.length !== FLEET_SYSTEMS)
      fail(`${store.name}: ${sums.length} systems summed, not ${FLEET_SYSTEMS}`);
    sums.forEach((s, k) => {
      const m = k + 1;
      if (
        s.systemId !== fleetSystemId(m) ||
        s.sums.heatWh !== expected.heat[m] ||
        s.sums.elecWh !== expected.elec[m] ||
        s.sums.intervals !== expected.hours ||
        s.sums.coverageS !== expected.hours * 3600
      )
        fail(`${store.name}: system ${s.systemId} summed to ${JSON.stringify(s.sums)}`);
    });
    if (i > 0) times.push(ms); // the first is a warm-up
  }
  const s = median(times) / 1000;
  log(
    `  ${store.name}: fleet of ${FLEET_SYSTEMS.toLocaleString('en-US')} systems, ${fleet.rows.toLocaleString('en-US')}` +
      ` hourly rows built in ${buildS.toFixed(1)} s; a month summed per system in ${times.map((x) => (x / 1000).toFixed(3)).join(', ')} s`,
  );
  return [
    {
      goal: `2 ${store.name}: a month of ${FLEET_SYSTEMS.toLocaleString('en-US')} systems, sums per system (sumIntervalsBySystem)`,
      measured: `${s.toFixed(3)} s (median of ${FLEET_RUNS})`,
      target: `< ${TARGET_FLEET_MONTH_S} s`,
      pass: s < TARGET_FLEET_MONTH_S,
    },
  ];
}

/** Runs the store goals on SQLite and, given a server, on PostgreSQL; returns the goal table's rows. */
export async function storeBench(options: StoreBenchOptions): Promise<GoalRow[]> {
  const { log } = options;
  mkdirSync(outDir, { recursive: true });
  if (!existsSync(yearFile)) {
    log(`generating ${YEAR_ROWS.toLocaleString('en-US')} rows (a year of 1-minute data) in ${yearFile} ...`);
    // Written aside and renamed, so that an interrupted run never leaves a short file to be reused.
    await generateMeterCsv(`${yearFile}.part`, YEAR_ROWS, 60_000, YEAR_START_MS);
    renameSync(`${yearFile}.part`, yearFile);
  }
  const rows: GoalRow[] = [];
  const stores: (() => Store | Promise<Store>)[] = [sqliteStore];
  if (options.pgUrl) {
    const url = options.pgUrl;
    stores.push(() => postgresStore(url));
  } else log('  PostgreSQL: skipped (give --pg URL or set TREC_TEST_PG_URL)');
  for (const make of stores) {
    const store = await make();
    try {
      await migrateToLatest(store.db);
      log(`${store.name} (load average ${load()}):`);
      if (!options.fleetOnly) {
        const ingest = await ingestGoal(store, options.runs, log);
        rows.push(...ingest.rows);
        rows.push(...(await yearReadGoal(store, ingest.system, ingest.expectedHeatWh, options.runs, log)));
      }
      if (options.fleet || options.fleetOnly) rows.push(...(await fleetGoal(store, log)));
    } finally {
      await store.close();
    }
  }
  return rows;
}

/** The goal table: goal, measured value, target, PASS / MISS (or "info"). */
export function goalTable(rows: readonly GoalRow[]): string {
  const cells = rows.map((r) => [
    r.goal,
    r.measured,
    r.target,
    r.pass === null ? 'info' : r.pass ? 'PASS' : 'MISS',
  ]);
  const head = ['goal', 'measured', 'target', ''];
  const widths = head.map((h, k) => Math.max(h.length, ...cells.map((c) => c[k]!.length)));
  const line = (c: readonly string[]) =>
    c
      .map((x, k) => x.padEnd(widths[k]!))
      .join('  ')
      .trimEnd();
  return [line(head), ...cells.map(line)].join('\n');
}

/** `--pg URL` in argv, else TREC_TEST_PG_URL. */
export function pgUrlFrom(argv: readonly string[]): string | undefined {
  const k = argv.indexOf('--pg');
  if (k >= 0) {
    const url = argv[k + 1];
    if (!url) throw new Error('--pg needs a postgres:// URL');
    return url;
  }
  return process.env.TREC_TEST_PG_URL || undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await storeBench({
    pgUrl: pgUrlFrom(process.argv),
    runs: Number(process.env.BENCH_RUNS ?? 5),
    fleet: !process.argv.includes('--skip-fleet'),
    fleetOnly: process.argv.includes('--fleet-only'),
    log: (line) => console.log(line),
  });
  console.log(`\nstore goals (load average now ${load()}):\n${goalTable(rows)}`);
}
