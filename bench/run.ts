// `npm run bench`: parse + integrate a 1,000,000-row flow/temperature CSV with TREC, and the same energy in
// SQL with DuckDB on the same file in the same run (docs/performance.md).
import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { createHeatMeterIntegrator, fluidModel, jToKwh, type HeatMeterResult } from '../src/core/index.ts';
import { readMeterFile } from '../src/ingest/index.ts';
import { duckdbEnergyKwh } from './duckdb.ts';
import { generateMeterCsv } from './generate.ts';

const ROWS = 1_000_000;
const RUNS = 7;
const dir = new URL('./out/', import.meta.url);
mkdirSync(dir, { recursive: true });
const path = new URL('meter-1m.csv', dir).pathname;
const water = fluidModel({ kind: 'water', massFraction: 0 });

async function trecOnce(): Promise<{ kwh: number; rows: number; seconds: number }> {
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

const best = <T extends { seconds: number }>(runs: T[]): T =>
  runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
// The median run: the machine's cores are shared, so the best run says what the code can do and the median
// what a run typically took.
const median = <T extends { seconds: number }>(runs: T[]): T =>
  [...runs].sort((a, b) => a.seconds - b.seconds)[runs.length >> 1]!;

console.log(`generating ${ROWS.toLocaleString('en-US')} rows in ${path} ...`);
await generateMeterCsv(path, ROWS);
console.log(`node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model ?? '?'})`);

const trecRuns = [];
for (let i = 0; i < RUNS; i++) trecRuns.push(await trecOnce());
const t = median(trecRuns);
const duckRuns = [];
for (let i = 0; i < RUNS; i++) duckRuns.push(await duckdbEnergyKwh(path, water, 25, 50));
const d = median(duckRuns);

const rate = (r: { rows: number; seconds: number }) => r.rows / r.seconds;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(
  `TREC   parse+integrate: ${fmt(rate(t))} rows/s (median of ${RUNS}: ${t.seconds.toFixed(3)} s; best ${fmt(rate(best(trecRuns)))} rows/s), ${t.kwh.toFixed(6)} kWh`,
);
console.log(
  `DuckDB read_csv + SQL:  ${fmt(rate(d))} rows/s (median of ${RUNS}: ${d.seconds.toFixed(3)} s; best ${fmt(rate(best(duckRuns)))} rows/s), ${d.kwh.toFixed(6)} kWh`,
);
console.log(`ratio TREC / DuckDB (1 thread): ${(rate(t) / rate(d)).toFixed(2)}`);
const relDiff = Math.abs(t.kwh / d.kwh - 1);
// TREC interpolates rho and cp in a 0.05 K table (error < 1e-5 by its own measure, docs/methods.md); the SQL
// uses the fluid model at each data point exactly.
const agree = relDiff < 1e-5 && t.rows === d.rows;
console.log(
  `energies ${agree ? 'agree' : 'DISAGREE'}: relative difference ${relDiff.toExponential(2)} (rows ${t.rows} / ${d.rows})`,
);
console.log(`goal >= 5,000,000 rows/s in process (median): ${rate(t) >= 5e6 ? 'met' : 'NOT met'}`);
if (!agree) process.exitCode = 1;
