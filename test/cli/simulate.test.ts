import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';
import { sampleHeatJ } from '../helpers/water-ashrae.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-laundry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface LaundryJson {
  rows: number;
  days: number;
  heat_kwh: number;
  elec_kwh: number;
  cop: number;
  cost_per_kwh_heat_usd: number;
  cooling_kwh: number;
  mean_daily_heat_btu: number;
  parameters: Record<string, { value: number; unit: string; reason: string; default: boolean }>;
}

describe('trec simulate laundry', () => {
  it('writes a 14-day canonical meter file whose independent integration matches the printed heat', async () => {
    const out = join(dir, 'f.csv');
    const r = await trec(
      'simulate',
      'laundry',
      '--days',
      '14',
      '--out',
      out,
      '--start',
      '2024-07-01',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = r.json<LaundryJson>();
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('time,flow_lpm,supply_c,return_c,source_c,elec_kw');
    expect(lines).toHaveLength(1 + 14 * 1440 + 1);
    expect(j.rows).toBe(14 * 1440 + 1);
    expect(lines[1]).toMatch(/^2024-07-01T00:00:00-05:00,/);
    expect(lines.at(-1)).toMatch(/^2024-07-15T00:00:00-05:00,/);
    // Hand integration: each row holds for the following minute (the last row is the end instant).
    let heatJ = 0;
    let elecJ = 0;
    for (const line of lines.slice(1, -1)) {
      const [, flow, supply, ret, , elec] = line.split(',').map(Number);
      heatJ += sampleHeatJ(flow!, supply!, ret!, 60);
      elecJ += elec! * 1000 * 60;
    }
    expect(heatJ / 3.6e6 / j.heat_kwh).toBeGreaterThan(0.995);
    expect(heatJ / 3.6e6 / j.heat_kwh).toBeLessThan(1.005);
    expect(elecJ / 3.6e6 / j.elec_kwh).toBeCloseTo(1, 3); // kW rounded to the watt in the file
    // Cost per kWh of heat = price / COP; cooling = heat - electricity.
    expect(j.cost_per_kwh_heat_usd).toBeCloseTo(0.12 / j.cop, 12);
    expect(j.cooling_kwh).toBeCloseTo(j.heat_kwh - j.elec_kwh, 9);
    expect(j.parameters.carnotFraction).toMatchObject({ value: 0.57, unit: '1', default: true });
  });

  it('the same seed writes the same file; --set overrides a parameter and says so', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    await trec('simulate', 'laundry', '--days', '2', '--out', a, '--seed', '7');
    const r = await trec('simulate', 'laundry', '--days', '2', '--out', b, '--seed', '7', '--json');
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    const hot = await trec(
      'simulate',
      'laundry',
      '--days',
      '2',
      '--out',
      b,
      '--set',
      'tankOffAtC=60',
      '--json',
    );
    expect(hot.json<LaundryJson>().parameters.tankOffAtC).toMatchObject({ value: 60, default: false });
    expect(hot.json<LaundryJson>().heat_kwh).not.toBe(r.json<LaundryJson>().heat_kwh);
    // The text reports the overridden value, not the default.
    const cool = await trec(
      ...['simulate', 'laundry', '--days', '1', '--out', b, '--set', 'spaceHeatingSetpointC=15'],
    );
    expect(cool.stdout).toMatch(/to hold 15 degC/);
  });

  it('prints the seed figures in words: BTU/day, COP, cost per kWh of heat, cooling delivered', async () => {
    const r = await trec('simulate', 'laundry', '--days', '1', '--out', join(dir, 'h.csv'));
    expect(r.stdout).toMatch(/BTU\/day/);
    expect(r.stdout).toMatch(/COP \d\.\d\d/);
    expect(r.stdout).toMatch(/per kWh of heat at \$0\.12\/kWh/);
    expect(r.stdout).toMatch(/Cooling delivered/);
  });

  it('bad input exits 2 and names the argument', async () => {
    const out = join(dir, 'x.csv');
    const zero = await trec('simulate', 'laundry', '--days', '0', '--out', out);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--days/);
    const date = await trec('simulate', 'laundry', '--days', '1', '--out', out, '--start', '2024-02-30');
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/--start/);
    const set = await trec('simulate', 'laundry', '--days', '1', '--out', out, '--set', 'warpDrive=9');
    expect(set.code).toBe(2);
    expect(set.stderr).toMatch(/--set.*warpDrive/);
    const missing = await trec('simulate', 'laundry', '--days', '1');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--out/);
  });
});
