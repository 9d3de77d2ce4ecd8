import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/cli/commands/energy.ts';
import { trec } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-energy-opt-'));
let n = 0;
function file(text: string, ext = 'csv'): string {
  const path = join(dir, `m${n++}.${ext}`);
  writeFileSync(path, text);
  return path;
}
const hours = (count: number, start: string, row: (h: number) => string) =>
  Array.from({ length: count }, (_, h) => {
    const t = new Date(Date.parse(start) + h * 3.6e6).toISOString().replace('.000Z', 'Z');
    return `${t},${row(h)}\n`;
  }).join('');

describe('trec energy: options and messages', () => {
  it('reads a vendor export through --map and notes unmapped columns on stderr', async () => {
    const csv = file(
      'Zeit;Durchfluss;VL;RL;Status\n2024-01-15T00:00Z;20,0;40;35;1\n2024-01-15T01:00Z;20,0;40;35;1\n',
    );
    const map = file(
      JSON.stringify({ Zeit: 'time', Durchfluss: 'flow_lpm', VL: 'supply_c', RL: 'return_c' }),
      'json',
    );
    const r = await trec('energy', csv, '--map', map, '--json', '--interval', 'total', '--max-gap', '1h');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/column "Status" is not a canonical name and is ignored/);
    const out = r.json<{
      total: { heat_kwh: number };
      source: { ignored_columns: string[]; delimiter: string };
    }>();
    expect(out.total.heat_kwh).toBeCloseTo(166.17 / 24, 1); // one hour of the 6.92 kW of energy.test.ts
    expect(out.source).toMatchObject({ ignored_columns: ['Status'], delimiter: ';' });
  });

  it('refuses a map that is not an object of names, and a missing file, with exit 2', async () => {
    const csv = file('time,flow_lpm\n2024-01-15T00:00Z,1\n');
    const bad = await trec('energy', csv, '--map', file('["time"]', 'json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--map/);
    const missing = await trec('energy', join(dir, 'nope.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
  });

  it('lists skipped rows in the result and on stderr with --skip-bad-rows', async () => {
    const text =
      'time,flow_lpm,supply_c,return_c\n' +
      hours(3, '2024-01-15T00:00Z', (h) => (h === 1 ? 'x,40,35' : '20,40,35'));
    const r = await trec('energy', file(text), '--skip-bad-rows', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/skipped 1 bad row[\s\S]*line 3, flow_lpm \("x"\): not a number/);
    const out = r.json<{
      checks: { code: string }[];
      source: { skipped_rows: number; bad_rows: unknown[] };
    }>();
    expect(out.source.skipped_rows).toBe(1);
    expect(out.source.bad_rows).toEqual([{ line: 3, field: 'flow_lpm', value: 'x', reason: 'not a number' }]);
    expect(out.checks.map((c) => c.code)).toContain('skipped-rows');
  });

  it('cuts days at local midnight with --tz and prints local times', async () => {
    // 2024-07-15 22:00 to 2024-07-16 02:00 New York time (UTC-4): two local days
    const text =
      'time,flow_lpm,supply_c,return_c\n' +
      hours(5, '2024-07-15T22:00:00', () => '20,40,35').replace(/Z,/g, ',');
    const r = await trec('energy', file(text), '--tz', 'America/New_York', '--json', '--max-gap', '1h');
    expect(r.code).toBe(0);
    const out = r.json<{ intervals: { start: string; end: string }[] }>();
    expect(out.intervals.map((i) => i.start)).toEqual([
      '2024-07-15T00:00:00-04:00',
      '2024-07-16T00:00:00-04:00',
    ]);
  });

  it('prints a readable table with the total, checks and the file hash', async () => {
    const text = 'time,flow_lpm,supply_c,return_c\n' + hours(3, '2024-01-15T00:00Z', () => '20,40,35');
    const r = await trec('energy', file(text), '--interval', 'hour', '--max-gap', '60m');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^start\s+heat kWh\s+cool kWh\s+defrost kWh\s+elec kWh\s+COP\s+coverage\s+± %$/m,
    );
    expect(r.stdout).toMatch(/^2024-01-15T00:00:00\.000Z\s+6\.92\s/m);
    expect(r.stdout).toMatch(/^total\s+13\.85\s/m);
    expect(r.stdout).toMatch(/3 rows, .* sha256 [0-9a-f]{64}/);
  });

  it('reports the EN 1434 bound with a complete meter class and refuses an incomplete one', async () => {
    const text = 'time,flow_lpm,supply_c,return_c\n' + hours(3, '2024-01-15T00:00Z', () => '20,40,35');
    const path = file(text);
    const ok = await trec(
      'energy',
      path,
      '--json',
      '--max-gap',
      '1h',
      '--meter-class',
      '2',
      '--qp-m3h',
      '1.5',
      '--dt-min-k',
      '3',
    );
    expect(ok.code).toBe(0);
    expect(ok.json<{ total: { uncertainty_pct: number } }>().total.uncertainty_pct).toBeGreaterThan(0);
    const partial = await trec('energy', path, '--meter-class', '2');
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/field --meter-class and --qp-m3h and --dt-min-k: .* go together/);
    expect(
      (await trec('energy', path, '--meter-class', '4', '--qp-m3h', '1.5', '--dt-min-k', '3')).code,
    ).toBe(2);
  });

  it('flags a heat rate above --rated-kw (6.92 kW of heat: above 5 kW, not above 10 kW)', async () => {
    const path = file('time,flow_lpm,supply_c,return_c\n' + hours(3, '2024-01-15T00:00Z', () => '20,40,35'));
    const run = async (kw: string) =>
      (await trec('energy', path, '--json', '--max-gap', '1h', '--rated-kw', kw))
        .json<{ checks: { code: string; message: string }[] }>()
        .checks.filter((c) => c.code === 'exceeds-capacity');
    const above = await run('5');
    expect(above).toHaveLength(1);
    expect(above[0]!.message).toMatch(/above the rated 5\.00 kW .* peak 6\.92 kW/);
    expect(await run('10')).toEqual([]);
  });

  it('refuses a bad fluid, a bad --max-gap and a rollover without a register, with exit 2', async () => {
    const path = file('time,flow_lpm,supply_c,return_c\n' + hours(2, '2024-01-15T00:00Z', () => '20,40,35'));
    expect((await trec('energy', path, '--fluid', 'oil')).stderr).toMatch(/unknown fluid/);
    expect((await trec('energy', path, '--max-gap', 'soon')).code).toBe(2);
    const r = await trec('energy', path, '--register-rollover', '100000');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--register-rollover.*no such register column/);
  });

  it('reads JSON lines and a glycol', async () => {
    const lines = [0, 1].map((h) =>
      JSON.stringify({ time: `2024-01-15T0${h}:00:00Z`, flow_lpm: 20, supply_c: 40, return_c: 35 }),
    );
    const water = await trec('energy', file(lines.join('\n') + '\n', 'jsonl'), '--json', '--max-gap', '1h');
    const glycol = await trec(
      'energy',
      file(lines.join('\n') + '\n', 'jsonl'),
      '--json',
      '--max-gap',
      '1h',
      '--fluid',
      'propylene-glycol:0.3',
    );
    expect(water.code).toBe(0);
    const heat = (r: typeof water) => r.json<{ total: { heat_kwh: number } }>().total.heat_kwh;
    // 30 % propylene glycol carries less heat per litre than water (lower cp, ASHRAE: about 3.8 vs 4.18 kJ/kg K)
    expect(heat(glycol) / heat(water)).toBeGreaterThan(0.85);
    expect(heat(glycol) / heat(water)).toBeLessThan(0.97);
  });

  it('parses durations', () => {
    expect([parseDuration('15m'), parseDuration('900s'), parseDuration('1h'), parseDuration('90')]).toEqual([
      900, 900, 3600, 90,
    ]);
    expect(() => parseDuration('0m')).toThrow();
    expect(() => parseDuration('15 minutes')).toThrow();
  });
});
