// `npm run bench`: on a generated 1,000,000-row flow/temperature CSV, in one run (docs/performance.md):
//   1. in process: TREC's parse + integrate, rows/s (target 5,000,000), and DuckDB's query time;
//   2. whole processes: `bin/trec energy FILE --json` against a node process running the same energy in
//      DuckDB (bench/duckdb-energy.js), wall time from spawn to exit (target TREC / DuckDB <= 0.75);
//   3. start-up: `bin/trec --help` against `node -e 0` (target under 2x);
//   4. the store (issue 9, bench/store.ts): `trec ingest` of a year of 1-minute data against `trec energy`,
//      with the child's peak RSS, and reading back a year of one system and a month of 10,000 systems, on
//      SQLite and on PostgreSQL (`--pg URL` or TREC_TEST_PG_URL; a schema of its own, dropped after).
//      `--skip-fleet` leaves out the 10,000-system database (the longest part).
//   6. the dashboard (issue 12, bench/web.ts): a year of 1-minute data drawn on the system page, and a one-day
//      zoom, in Chromium; `--skip-web` leaves it out.
//   7. MQTT (issue 11, bench/mqtt.ts): 5,000 readings/s for 60 s through 127.0.0.1:1883, every reading stored,
//      memory flat; `--skip-mqtt` leaves it out.
//   8. the HTTP API (issue 11, bench/api.ts): POST /v1/calc against a bare Hono route, requests/s and p99
//      (`--skip-api` leaves it out).
// Each figure is the median of several repetitions, the two sides of a comparison interleaved so that both
// see the same load. Targets are printed as met or not; only a disagreement of the energies (or a wrong API
// answer) fails the run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createHeatMeterIntegrator, fluidModel, jToKwh, type HeatMeterResult } from '../src/core/index.ts';
import { readMeterFile } from '../src/ingest/index.ts';
import { generateMeterCsv } from './generate.ts';
import { apiBench } from './api.ts';
import { issuanceBench } from './issuance.ts';
import { ledgerBench } from './ledger.ts';
import { webBench } from './web.ts';
import { mqttBench } from './mqtt.ts';
import { goalTable, pgUrlFrom, storeBench, type GoalRow } from './store.ts';
// @ts-expect-error: plain JavaScript without type declarations (it runs before anything is compiled)
import * as untypedLaunch from '../bin/launch.js';

// The two exports of bin/launch.js used here, typed as that file defines them.
const { INPUTS, fingerprint } = untypedLaunch as {
  INPUTS: readonly string[];
  fingerprint: (root?: string) => string;
};

const ROWS = 1_000_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5); // heavy figures (each ~1 s)
const START_RUNS = Number(process.env.BENCH_START_RUNS ?? 21); // start-up figures (each ~0.1 s)
const TARGET_ROWS_S = 5_000_000;
const TARGET_WHOLE_RATIO = 0.75;
const TARGET_START_RATIO = 2;

const dir = new URL('./out/', import.meta.url);
mkdirSync(dir, { recursive: true });
const path = fileURLToPath(new URL('meter-1m.csv', dir));
const propsPath = fileURLToPath(new URL('props.csv', dir));
const trecBin = fileURLToPath(new URL('../bin/trec', import.meta.url));
const duckScript = fileURLToPath(new URL('./duckdb-energy.js', import.meta.url));
const water = fluidModel({ kind: 'water', massFraction: 0 });
const COLD_CHECK =
  `const { fingerprint } = await import(${JSON.stringify(new URL('../bin/launch.js', import.meta.url).href)});` +
  'const t = performance.now(); const c = process.cpuUsage(); fingerprint(); const u = process.cpuUsage(c);' +
  'process.stdout.write(`${performance.now() - t} ${(u.user + u.system) / 1000}`);';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** Spawns a command, returns its stdout and the wall time from spawn to exit; a failure stops the bench. */
function timed(command: string, args: string[]): { seconds: number; stdout: string } {
  const started = performance.now();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { seconds, stdout: r.stdout };
}

async function trecInProcess(): Promise<{ kwh: number; rows: number; seconds: number }> {
  const started = performance.now();
  let integrator: ReturnType<typeof createHeatMeterIntegrator> | undefined;
  const summary = await readMeterFile(path, {}, (info) => {
    const created = createHeatMeterIntegrator({
      channels: info.plan.channels,
      fluid: water,
      flowSensor: 'return',
      interval: 'day',
      maxGapS: 900,
    });
    integrator = created;
    return (sample) => created.push(sample);
  });
  const result: HeatMeterResult = integrator!.finish();
  const seconds = (performance.now() - started) / 1000;
  return { kwh: jToKwh(result.total.heatJ), rows: summary.rows, seconds };
}

/** `trec energy` as a user runs it: defaults are water, flow sensor in the return, daily intervals. */
function trecWhole() {
  const r = timed(trecBin, ['energy', path, '--json']);
  const out = JSON.parse(r.stdout) as {
    total: { heat_kwh: number };
    source?: { rows: number };
    sources?: { rows: number }[];
  };
  const rows = out.source?.rows ?? out.sources?.reduce((n, s) => n + s.rows, 0) ?? NaN;
  return { seconds: r.seconds, kwh: out.total.heat_kwh, rows };
}

function duckWhole(threads: string) {
  const r = timed(process.execPath, [duckScript, path, propsPath, threads]);
  const out = JSON.parse(r.stdout) as { kwh: number; rows: number; query_s: number };
  return { seconds: r.seconds, kwh: out.kwh, rows: out.rows, querySeconds: out.query_s };
}

console.log(`generating ${ROWS.toLocaleString('en-US')} rows in ${path} ...`);
await generateMeterCsv(path, ROWS);
// rho and cp of TREC's water model at every 0.005 K step from 25 to 50 C, for the SQL (bench/duckdb-energy.js).
const props = ['k,rho,cp'];
for (let k = 25 * 200; k <= 50 * 200; k++)
  props.push(`${k},${water.densityKgM3(k / 200)},${water.cpJKgK(k / 200)}`);
writeFileSync(propsPath, props.join('\n') + '\n');
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(
  `node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model ?? '?'}), load average ${load()}`,
);

// 1. In process.
const inProc = [];
for (let i = 0; i < RUNS; i++) inProc.push(await trecInProcess());
const inRate = median(inProc.map((r) => r.rows / r.seconds));

// 2. Whole processes, interleaved. The first bin/trec run is a warm-up, not counted: it also rebuilds
// dist/ if the sources changed since the build (bin/trec never runs a stale build).
trecWhole();
const trecRuns = [];
const duckRuns = [];
const duckAllRuns = [];
for (let i = 0; i < RUNS; i++) {
  trecRuns.push(trecWhole());
  duckRuns.push(duckWhole('1'));
  duckAllRuns.push(duckWhole('all'));
}
const trecS = median(trecRuns.map((r) => r.seconds));
const duckS = median(duckRuns.map((r) => r.seconds));
const duckAllS = median(duckAllRuns.map((r) => r.seconds));
const duckQueryS = median(duckRuns.map((r) => r.querySeconds));

// 3. Start-up, interleaved.
const nodeStart = [];
const trecStart = [];
for (let i = 0; i < START_RUNS; i++) {
  nodeStart.push(timed('node', ['-e', '0']).seconds);
  trecStart.push(timed(trecBin, ['--help']).seconds);
}
const nodeS = median(nodeStart);
const helpS = median(trecStart);
// What bin/trec's staleness check costs, once per start: cold, in a fresh node process, and warm here.
const checkCold: number[] = [];
const checkColdCpu: number[] = [];
for (let i = 0; i < START_RUNS; i++) {
  const [wallMs, cpuMs] = timed('node', ['--input-type=module', '-e', COLD_CHECK])
    .stdout.split(' ')
    .map(Number);
  checkCold.push(wallMs!);
  checkColdCpu.push(cpuMs!);
}
const checkWarm = [];
for (let i = 0; i < START_RUNS; i++) {
  const started = performance.now();
  fingerprint();
  checkWarm.push(performance.now() - started);
}
const inputFiles = readdirSync(fileURLToPath(new URL('../src/', import.meta.url)), {
  recursive: true,
  withFileTypes: true,
}).filter((e) => !e.isDirectory()).length;

const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
console.log(`\nmedians of ${RUNS} runs (start-up: ${START_RUNS}); load average now ${load()}`);
console.log('in process (parse + integrate, one thread):');
console.log(
  `  TREC   ${fmt(inRate)} rows/s (${median(inProc.map((r) => r.seconds)).toFixed(3)} s)` +
    `   target >= ${fmt(TARGET_ROWS_S)} rows/s: ${met(inRate >= TARGET_ROWS_S)}`,
);
console.log(`  DuckDB ${fmt(ROWS / duckQueryS)} rows/s (${duckQueryS.toFixed(3)} s, query only, 1 thread)`);
console.log('whole process (spawn to exit):');
console.log(`  bin/trec energy FILE --json            ${trecS.toFixed(3)} s`);
console.log(`  node + DuckDB (bench/duckdb-energy.js) ${duckS.toFixed(3)} s (1 thread)`);
console.log(
  `  node + DuckDB, all ${cpus().length} cores            ${duckAllS.toFixed(3)} s (for information)`,
);
const wholeRatio = trecS / duckS;
console.log(
  `  ratio TREC / DuckDB (1 thread): ${wholeRatio.toFixed(2)}x   target <= ${TARGET_WHOLE_RATIO}x: ${met(wholeRatio <= TARGET_WHOLE_RATIO)}`,
);
console.log(`  ratio TREC / DuckDB (all cores): ${(trecS / duckAllS).toFixed(2)}x (for information)`);
console.log('start-up:');
const startRatio = helpS / nodeS;
console.log(
  `  bin/trec --help ${ms(helpS)}, node -e 0 ${ms(nodeS)}: ${startRatio.toFixed(2)}x` +
    `   target < ${TARGET_START_RATIO}x: ${met(startRatio < TARGET_START_RATIO)}`,
);
console.log(
  `  of which the staleness check (fingerprint of ${inputFiles} files under src/ and ${INPUTS.length} more):` +
    ` ${median(checkCold).toFixed(1)} ms (CPU ${median(checkColdCpu).toFixed(1)} ms) in a fresh process,` +
    ` ${median(checkWarm).toFixed(1)} ms warm`,
);

// TREC interpolates rho and cp in a 0.05 K table (error < 1e-5 by its own measure, docs/methods.md); the SQL
// uses the fluid model at each data point exactly.
const reference = duckRuns[0]!;
const all = [
  ...inProc.map((r) => ({ who: 'TREC in process', ...r })),
  ...trecRuns.map((r) => ({ who: 'bin/trec energy', ...r })),
  ...[...duckRuns, ...duckAllRuns].map((r) => ({ who: 'DuckDB', ...r })),
];
const worst = Math.max(...all.map((r) => Math.abs(r.kwh / reference.kwh - 1)));
const agree = worst < 1e-5 && all.every((r) => r.rows === ROWS);
console.log(
  `energies ${agree ? 'agree' : 'DISAGREE'}: ${inProc[0]!.kwh.toFixed(6)} kWh (TREC), ${reference.kwh.toFixed(6)} kWh` +
    ` (DuckDB), largest relative difference ${worst.toExponential(2)}; rows ${all.map((r) => r.rows).every((n) => n === ROWS) ? ROWS : 'DIFFER'}`,
);
if (!agree) process.exitCode = 1;

// 4. The store (issue 9). Its absolute times are read against this run's machine reference: DuckDB's query
// rate above (about 1.4 M rows/s on a quiet machine, docs/performance.md).
console.log(`\nstore (bench/store.ts); machine reference: DuckDB ${fmt(ROWS / duckQueryS)} rows/s, 1 thread`);
const storeRows = await storeBench({
  pgUrl: pgUrlFrom(process.argv),
  runs: RUNS,
  fleet: !process.argv.includes('--skip-fleet'),
  log: (line) => console.log(line),
});
console.log(`\nstore goals (issue 9), medians of ${RUNS} runs; load average now ${load()}:`);
console.log(goalTable(storeRows));

// 5. Issuance and the ledger (issue 10): a quarter for 10,000 enrolled systems, and verify over 1,000,000
// events (bench/issuance.ts, bench/ledger.ts). Skipped with --skip-issuance / --skip-ledger.
const ledgerRows: GoalRow[] = [];
if (!process.argv.includes('--skip-issuance')) {
  console.log('\nissuance (bench/issuance.ts):');
  ledgerRows.push(
    ...(await issuanceBench({ pgUrl: pgUrlFrom(process.argv), log: (line) => console.log(line) })),
  );
}
if (!process.argv.includes('--skip-ledger')) {
  console.log('\nledger verify (bench/ledger.ts):');
  ledgerRows.push(
    ...(await ledgerBench({ pgUrl: pgUrlFrom(process.argv), log: (line) => console.log(line) })),
  );
}
if (ledgerRows.length) {
  console.log(`\nissuance and ledger goals (issue 10); load average now ${load()}:`);
  console.log(goalTable(ledgerRows));
}

// 6. The dashboard (issue 12): a year of 1-minute data on a system page drawn within 1 s of its data, and a
// one-day zoom (bench/web.ts: Chromium over the browser tests' server). Skipped with --skip-web.
if (!process.argv.includes('--skip-web')) {
  console.log('\ndashboard (bench/web.ts):');
  const webRows = await webBench({ runs: RUNS, log: (line) => console.log(line) });
  console.log(`\ndashboard goals (issue 12); load average now ${load()}:`);
  console.log(goalTable(webRows));
}

// 7. MQTT (issue 11): 5,000 readings/s for 60 s (BENCH_MQTT_S) through 127.0.0.1:1883 (bench/mqtt.ts).
// Skipped with --skip-mqtt, and (with a printed reason) when no broker answers.
if (!process.argv.includes('--skip-mqtt')) {
  console.log('\nMQTT (bench/mqtt.ts):');
  const mqttRows = await mqttBench({ log: (line) => console.log(line) });
  if (mqttRows.length) {
    console.log(`\nMQTT goals (issue 11); load average now ${load()}:`);
    console.log(goalTable(mqttRows));
  }
}

// 8. The HTTP API (issue 11): POST /v1/calc against a bare Hono hello route, each server in a child process
// (bench/api.ts). Skipped with --skip-api.
if (!process.argv.includes('--skip-api')) {
  console.log(`\nAPI (bench/api.ts); load average ${load()}:`);
  const apiRows = await apiBench({ log: (line) => console.log(line) });
  console.log(`\nAPI goals (issue 11); load average now ${load()}:`);
  console.log(goalTable(apiRows));
}
