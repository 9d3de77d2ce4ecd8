// The issue-4 laundry acceptance, end to end through the CLI (not a test: it writes 52 MB and takes seconds).
//   node --import tsx bench/laundry-acceptance.ts [DAYS]
// Runs `trec simulate laundry --days 730`, then `trec energy FILE --interval total --json` on its file, and
// checks the seed 000 figures: 700,000-900,000 BTU/day, COP above 4, about $0.03 per kWh of heat at $0.12/kWh.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/main.ts';

const days = Number(process.argv[2] ?? 730);
const dir = mkdtempSync(join(tmpdir(), 'trec-laundry-'));
const file = join(dir, 'laundry.csv');

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'trec', ...args], {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
  });
  return { code, out, err };
}

try {
  let t = performance.now();
  const sim = await run('simulate', 'laundry', '--days', String(days), '--out', file, '--json');
  if (sim.code !== 0) throw new Error(sim.err);
  console.log(`simulate: ${days} days in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const energy = await run('energy', file, '--interval', 'total', '--json');
  if (energy.code !== 0) throw new Error(`trec energy failed : ${energy.err}`);
  console.log(`energy:   read and integrated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const total = (
    JSON.parse(energy.out) as { total: { heat_kwh: number; heat_btu: number; elec_kwh: number } }
  ).total;
  const btuPerDay = total.heat_btu / days;
  const cop = total.heat_kwh / total.elec_kwh;
  const cost = 0.12 / cop;
  const verdict = (ok: boolean): string => (ok ? 'ok' : 'FAIL');
  console.log(
    `heat      ${Math.round(btuPerDay).toLocaleString('en-US')} BTU/day  ${verdict(btuPerDay > 7e5 && btuPerDay < 9e5)}`,
  );
  console.log(`COP       ${cop.toFixed(3)}  ${verdict(cop > 4)}`);
  console.log(
    `cost      $${cost.toFixed(4)} per kWh of heat at $0.12/kWh  ${verdict(cost > 0.025 && cost < 0.035)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
