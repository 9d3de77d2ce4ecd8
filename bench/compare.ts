// `node --import tsx bench/compare.ts REF [ROUNDS]`: parse + integrate the bench's 1,000,000-row file with the
// code at git REF and with the working tree, alternately in ONE process, each pair followed by a DuckDB run,
// and print medians and bests. On a machine whose cores are shared, this compares code, not clocks
// (docs/performance.md). Needs bench/out/meter-1m.csv and props.csv (`npm run bench` writes them); the DuckDB
// figure is bench/duckdb-energy.js's query time, one thread.
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';

const ref = process.argv[2];
if (!ref) throw new Error('usage: bench/compare.ts REF [ROUNDS]');
const rounds = Number(process.argv[3] ?? 9);
const out = new URL('./out/', import.meta.url).pathname;
const path = `${out}meter-1m.csv`;
const propsPath = `${out}props.csv`;
for (const f of [path, propsPath])
  if (!existsSync(f)) throw new Error(`${f} is missing: run npm run bench first`);
const duckScript = new URL('./duckdb-energy.js', import.meta.url).pathname;
/** DuckDB's query time (one thread) and energy, from the bench's reference process. */
function duckdbOnce(): { seconds: number; kwh: number } {
  const out = JSON.parse(
    execFileSync(process.execPath, [duckScript, path, propsPath, '1'], { encoding: 'utf8' }),
  ) as {
    kwh: number;
    query_s: number;
  };
  return { seconds: out.query_s, kwh: out.kwh };
}
// under .tmp/ (git- and lint-ignored, outside the type-checked tree): a copy of the code at REF
const baseDir = new URL('../.tmp/compare-base/', import.meta.url).pathname;
rmSync(baseDir, { recursive: true, force: true });
mkdirSync(baseDir, { recursive: true });
execSync(`git archive --format=tar ${JSON.stringify(ref)} src | tar -x -C ${JSON.stringify(baseDir)}`);

interface Code {
  core: typeof import('../src/core/index.ts');
  ingest: typeof import('../src/ingest/index.ts');
}
const load = async (root: string): Promise<Code> => ({
  core: (await import(`${root}src/core/index.ts`)) as Code['core'],
  ingest: (await import(`${root}src/ingest/index.ts`)) as Code['ingest'],
});
const before = await load(baseDir);
const after = await load(new URL('../', import.meta.url).pathname);

async function once({ core, ingest }: Code): Promise<{ seconds: number; kwh: number }> {
  const water = core.fluidModel({ kind: 'water', massFraction: 0 });
  const started = performance.now();
  let integrator: ReturnType<Code['core']['createHeatMeterIntegrator']> | undefined;
  await ingest.readMeterFile(path, {}, (info) => {
    const created = core.createHeatMeterIntegrator({
      channels: info.plan.channels,
      fluid: water,
      flowSensor: 'return',
      interval: 'day',
      maxGapS: 900,
    });
    integrator = created;
    return (sample) => created.push(sample);
  });
  const result = integrator!.finish();
  return { seconds: (performance.now() - started) / 1000, kwh: core.jToKwh(result.total.heatJ) };
}

const times = { before: [] as number[], after: [] as number[], duckdb: [] as number[] };
const kwh = { before: 0, after: 0, duckdb: 0 };
for (let i = 0; i < rounds; i++) {
  const b = await once(before);
  const a = await once(after);
  const d = duckdbOnce();
  times.before.push(b.seconds);
  times.after.push(a.seconds);
  times.duckdb.push(d.seconds);
  [kwh.before, kwh.after, kwh.duckdb] = [b.kwh, a.kwh, d.kwh];
}
const median = (v: number[]) => [...v].sort((x, y) => x - y)[v.length >> 1]!;
const best = (v: number[]) => Math.min(...v);
const rate = (s: number) => Math.round(1e6 / s).toLocaleString('en-US');
for (const k of ['before', 'after', 'duckdb'] as const)
  console.log(
    `${k.padEnd(6)} median ${rate(median(times[k]))} rows/s, best ${rate(best(times[k]))} rows/s, ${kwh[k]} kWh`,
  );
const ratio = (x: number[], y: number[]) => (median(y) / median(x)).toFixed(2);
console.log(
  `after/before ${ratio(times.after, times.before)}; after/DuckDB ${ratio(times.after, times.duckdb)}; before/DuckDB ${ratio(times.before, times.duckdb)} (medians)`,
);
