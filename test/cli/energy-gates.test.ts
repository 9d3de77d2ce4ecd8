import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-energy-gates-'));
let n = 0;
function file(text: string): string {
  const path = join(dir, `g${n++}.csv`);
  writeFileSync(path, text);
  return path;
}
const T0 = Date.UTC(2024, 0, 15);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const rows = (count: number, stepMin: number, fields: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => `${iso(T0 + i * stepMin * 60_000)},${fields(i)}\n`).join('');

interface Interval {
  ok: boolean;
  heat_kwh: number;
  cool_kwh: number;
  defrost_kwh: number;
  transient_kwh: number;
  excluded_kwh: number;
  cop: number | null;
  heat_register: {
    register_kwh: number;
    measured_kwh: number;
    difference_kwh: number;
    difference_pct: number | null;
  } | null;
}
interface Out {
  ok: boolean;
  intervals: Interval[];
  total: Interval;
  checks: { code: string; severity: string; message: string }[];
}
async function json(path: string, ...args: string[]): Promise<Out> {
  const r = await trec('energy', path, '--json', ...args);
  expect(r.code).toBe(0);
  return r.json<Out>();
}
const okRule = (o: Out) => o.ok === !o.checks.some((c) => c.severity === 'error');

describe('trec energy: plausibility gates (issue 7)', () => {
  // heat register every 15 min at 6 kW (1.5 kWh each); line 5 (header = line 1) jumps to 1e9 kWh and back
  const spike = 'time,heat_kwh\n' + rows(6, 15, (i) => String([100, 101.5, 103, 1e9, 104.5, 106][i]));

  it('a register spike is excluded with an error naming its line; counted 6 kWh, excluded 999,999,897 kWh', async () => {
    const out = await json(file(spike), '--interval', 'total');
    // counted: 4 steps of 1.5 kWh; the spike step 103 -> 1e9 is excluded
    expect(out.total.heat_kwh).toBeCloseTo(6, 9);
    expect(out.total.excluded_kwh).toBeCloseTo(999_999_897, 3);
    const c = out.checks.find((x) => x.code === 'register-jump');
    expect(c).toMatchObject({ severity: 'error' });
    expect(c?.message).toMatch(/line 5 .*999,999,897\.000 kWh/);
    expect(out.ok).toBe(false);
    expect(out.total.ok).toBe(false);
    expect(okRule(out)).toBe(true);
  });

  it('human output leads with the error before any number, and lists errors first', async () => {
    const r = await trec('energy', file(spike), '--interval', 'total');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^NOT A CLEAN FIGURE: 1 error check/);
    expect(lines[1]).toMatch(/ERROR register-jump: .*line 5/);
    const table = lines.findIndex((l) => l.startsWith('start'));
    expect(table).toBeGreaterThan(1);
    expect(r.stdout).toMatch(/excluded register steps .*heat 999,?999,?897\.00 kWh/);
  });

  it('COP 0.5 is an error and the interval is not ok', async () => {
    // 20 L/min, 40/35 degC: about 6.92 kW of heat; 13.85 kW of electricity: COP 0.5
    const text = 'time,flow_lpm,supply_c,return_c,elec_kw\n' + rows(61, 1, () => '20,40,35,13.85');
    const out = await json(file(text), '--interval', 'hour');
    expect(out.total.cop).toBeGreaterThan(0.49);
    expect(out.total.cop).toBeLessThan(0.51);
    expect(out.checks).toContainEqual(expect.objectContaining({ code: 'cop-below-one', severity: 'error' }));
    expect(out.intervals[0]!.ok).toBe(false);
    expect(out.ok).toBe(false);
    expect(okRule(out)).toBe(true);
  });

  it('a cooling COP above Carnot (return logged in F, labelled C) is an error', async () => {
    // supply 7 degC, return 12 degC = 53.6 degF written into return_c: dT -46.6 K, about 64.5 kW of cooling
    // for 2 kW of electricity: EER 32; Carnot between 7 and 30 degC is 280.15 / 23 = 12.18
    const text = 'time,flow_lpm,supply_c,return_c,source_c,elec_kw\n' + rows(61, 1, () => '20,7,53.6,30,2');
    const out = await json(file(text), '--interval', 'total');
    expect(out.total.cool_kwh).toBeGreaterThan(60);
    expect(out.checks).toContainEqual(
      expect.objectContaining({ code: 'cop-above-carnot', severity: 'error' }),
    );
    expect(out.ok).toBe(false);
  });

  it('a heating-only file with scattered reverse-dT minutes reports no cooling (transient instead)', async () => {
    // 24 h of heating at 40/35 degC; every 37th minute (from 18) the supply reads 34 degC: dT -1 K
    const text =
      'time,flow_lpm,supply_c,return_c\n' +
      rows(1441, 1, (i) => (i % 37 === 18 && i < 1440 ? '20,34,35' : '20,40,35'));
    const out = await json(file(text), '--interval', 'day');
    expect(out.total.cool_kwh).toBe(0);
    expect(out.total.defrost_kwh).toBe(0);
    // 39 events of about 2 x 1385 W / 2 x 10 s of reverse dT each: about 0.0038 kWh each
    expect(out.total.transient_kwh).toBeGreaterThan(0.1);
    expect(out.total.transient_kwh).toBeLessThan(0.2);
    expect(out.ok).toBe(true);
    const human = await trec('energy', file(text), '--interval', 'day');
    expect(human.stdout).toMatch(/^start\s+heat kWh\s+cool kWh\s+defrost kWh\s+transient kWh/m);
    expect(human.stdout).toMatch(/transient reverse dT .*: 0\.1\d kWh/);
  });

  it('flow and temperatures beside a register: both totals and their difference, JSON and human', async () => {
    // 6.92 kW for 1 h from flow and temperatures; the register rises 0.1 kWh per minute (6 kWh)
    const text =
      'time,flow_lpm,supply_c,return_c,heat_kwh\n' +
      rows(61, 1, (i) => `20,40,35,${(1000 + i / 10).toFixed(1)}`);
    const out = await json(file(text), '--interval', 'total');
    const c = out.total.heat_register!;
    expect(c.register_kwh).toBeCloseTo(6, 9);
    expect(c.measured_kwh).toBeCloseTo(out.total.heat_kwh, 9);
    expect(c.difference_kwh).toBeCloseTo(6 - out.total.heat_kwh, 9);
    expect(c.difference_pct).toBeCloseTo((100 * (6 - out.total.heat_kwh)) / out.total.heat_kwh, 9);
    const human = await trec('energy', file(text), '--interval', 'total');
    expect(human.stdout).toMatch(
      /heat register 6\.00 kWh beside 6\.9\d kWh from flow and temperatures over the same time: difference -0\.9\d kWh \(-13\.\d %\)/,
    );
  });
});

describe('trec energy --source-kind', () => {
  it('names the assumed source in the Carnot check when no source temperature is measured', async () => {
    // 20 L/min at 60/55 degC: about 6.9 kW of heat; 0.2 kW of electricity: COP about 34.
    // air (default): Carnot at 45 degC = 333.15 / 15 = 22.21; brine: at 30 degC = 333.15 / 30 = 11.1
    const text = 'time,flow_lpm,supply_c,return_c,elec_kw\n' + rows(61, 1, () => '20,60,55,0.2');
    const path = file(text);
    const air = await json(path, '--interval', 'total');
    const c = air.checks.find((x) => x.code === 'cop-above-carnot');
    expect(c?.message).toMatch(/Carnot limit 22\.21 .*assumed 45 degC, the warmest an air source/);
    const brine = await json(path, '--interval', 'total', '--source-kind', 'brine');
    expect(brine.checks.find((x) => x.code === 'cop-above-carnot')?.message).toMatch(
      /Carnot limit 11\.1\d .*assumed 30 degC, the warmest a brine source/,
    );
    const bad = await trec('energy', path, '--source-kind', 'lava');
    expect(bad.code).toBe(2);
  });
});

describe('trec energy: stuck sensors and gaps (issue 7, section 2)', () => {
  it('a stuck-sensor duration does not run across a gap', async () => {
    // constant 40/35 degC for 90 min, no data for 60 min, constant again for 90 min: two runs of 1.5 h,
    // each shorter than the 2 h stuck limit. Across the gap it would read 4.0 h.
    const part = (fromMin: number, count = 91) =>
      Array.from({ length: count }, (_, i) => `${iso(T0 + (fromMin + i) * 60_000)},20,40,35\n`).join('');
    const text = 'time,flow_lpm,supply_c,return_c\n' + part(0) + part(150);
    const out = await json(file(text), '--interval', 'total');
    expect(out.checks.map((c) => c.code)).toContain('gap');
    expect(out.checks.some((c) => c.code === 'stuck-sensor')).toBe(false);
    // the same 4 h without the gap (241 rows, minutes 0..240) is one stuck run of 4.0 h
    const stuck = await json(file('time,flow_lpm,supply_c,return_c\n' + part(0, 241)), '--interval', 'total');
    expect(stuck.checks.find((c) => c.code === 'stuck-sensor')?.message).toMatch(
      /reads exactly 40 for 4\.0 h/,
    );
  });
});
