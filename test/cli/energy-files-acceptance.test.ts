import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';
import { waterCpJKgK, waterDensityKgM3 } from '../helpers/water-ashrae.ts';

/*
 * Issue 7 acceptance: a per-channel building-management export of a hot-water heat pump, one week at 1 minute.
 * Three instant files (flow in m3/uur, supply, return; Dutch headers with units in brackets) and an hourly
 * interval-energy file labelled at hour end: UTF-8 BOM, every field quoted, `;`, decimal comma, CRLF, local
 * times (Europe/Amsterdam, winter: UTC+1).
 *
 * The physics is computed here by hand, independently of TREC's fluid code: per minute
 *   P = V x rho(T_return) x cp((T_supply + T_return) / 2) x (T_supply - T_return)
 * with rho and cp linearly interpolated in the ASHRAE water table (test/helpers/water-ashrae.ts, read from
 * reference/fluids), integrated by the trapezoid rule between minutes and summed per hour. The meter's own
 * hourly file is that energy rounded to its resolution, 0.1 kWh.
 */
const dir = mkdtempSync(join(tmpdir(), 'trec-files-'));
const BOM = '\ufeff';
const MINUTES = 7 * 24 * 60;
const HOURS = 7 * 24;
const RESOLUTION_KWH = 0.1;

const pad = (n: number) => String(n).padStart(2, '0');
/** Local wall time of minute m after 2024-01-15 00:00 (no DST change in this week). */
function local(m: number): string {
  const d = new Date(Date.UTC(2024, 0, 15) + m * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00`;
}
const comma = (v: number, decimals: number) => v.toFixed(decimals).replace('.', ',');

// The heat pump runs a varying part of each hour; values as the export rounds them (flow 3 decimals, 0.1 K).
const hourOf = (m: number) => Math.floor(m / 60);
const running = (m: number) => m % 60 < 20 + ((hourOf(m) * 7) % 31);
const flowM3h = (m: number) => (running(m) ? Number((1.15 + 0.1 * Math.sin(m / 50)).toFixed(3)) : 0);
const supplyC = (m: number) => Number((52 + 3 * Math.sin(m / 300)).toFixed(1));
const returnC = (m: number) => Number((supplyC(m) - (5 + Math.sin(m / 97))).toFixed(1));

function powerW(m: number): number {
  const ts = supplyC(m);
  const tr = returnC(m);
  return (flowM3h(m) / 3600) * waterDensityKgM3(tr) * waterCpJKgK((ts + tr) / 2) * (ts - tr);
}
/** Hand-integrated energy per hour, kWh: trapezoid between consecutive minutes. */
const handHourKwh = Array.from({ length: HOURS }, (_, h) => {
  let j = 0;
  for (let m = h * 60; m < (h + 1) * 60; m++) j += ((powerW(m) + powerW(m + 1)) / 2) * 60;
  return j / 3.6e6;
});
const meterHourKwh = handHourKwh.map((k) => Math.round(k / RESOLUTION_KWH) * RESOLUTION_KWH);

function write(name: string, header: string, rows: [string, string][]): string {
  const path = join(dir, name);
  const lines = [`"Tijdstip";"${header}"`, ...rows.map(([t, v]) => `"${t}";"${v}"`)];
  writeFileSync(path, BOM + lines.join('\r\n') + '\r\n');
  return path;
}
const minutes = Array.from({ length: MINUTES + 1 }, (_, m) => m);
const FLOW = 'Debietmeting [WP-01] [m3/uur]';
const SUPPLY = 'Aanvoertemperatuur [WP-01] [°C]';
const RETURN = 'Retourtemperatuur [WP-01] [°C]';
const ENERGY = 'Warmte per uur (kWh)';
const flowFile = write(
  'debiet.csv',
  FLOW,
  minutes.map((m) => [local(m), comma(flowM3h(m), 3)]),
);
const supplyFile = write(
  'aanvoer.csv',
  SUPPLY,
  minutes.map((m) => [local(m), comma(supplyC(m), 1)]),
);
const returnFile = write(
  'retour.csv',
  RETURN,
  minutes.map((m) => [local(m), comma(returnC(m), 1)]),
);
// the energy of hour h is labelled at its end, h + 1
const energyFile = write(
  'warmte.csv',
  ENERGY,
  meterHourKwh.map((k, h) => [local((h + 1) * 60), comma(k, 1)]),
);
const mapFile = join(dir, 'map.json');
const MAP = {
  Tijdstip: 'time',
  [FLOW]: 'flow_m3h',
  [SUPPLY]: 'supply_c',
  [RETURN]: 'return_c',
  [ENERGY]: 'heat_kwh_interval',
};
writeFileSync(mapFile, JSON.stringify(MAP));

interface Out {
  intervals: { start: string; heat_kwh: number }[];
  total: { heat_kwh: number; coverage: number };
  checks: { code: string; severity: string; message: string }[];
  heat_basis: string;
  sources: { file: string; rows: number; bom: boolean; delimiter: string }[];
}
const FILES = [flowFile, supplyFile, returnFile, energyFile];
const COMMON = ['--map', mapFile, '--tz', 'Europe/Amsterdam', '--decimal', 'comma', '--interval', 'hour'];

describe('trec energy on a per-channel export (issue 7 acceptance)', () => {
  it('--suggest-map proposes this map from the headers and their units', async () => {
    const r = await trec('energy', ...FILES, '--suggest-map');
    expect(r.code).toBe(0);
    expect(r.json()).toEqual(MAP);
  });

  it('the four files with a map agree with the hourly energy: within 1 % over the week, each hour within 0.1 kWh', async () => {
    const r = await trec('energy', ...FILES, ...COMMON, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.json<Out>();
    expect(out.heat_basis).toBe('flow-temperature');
    expect(out.sources.map((s) => [s.rows, s.bom, s.delimiter])).toEqual([
      [MINUTES + 1, true, ';'],
      [MINUTES + 1, true, ';'],
      [MINUTES + 1, true, ';'],
      [HOURS, true, ';'],
    ]);
    expect(out.intervals).toHaveLength(HOURS);
    expect(out.intervals[0]!.start).toBe('2024-01-15T00:00:00+01:00');
    const meterWeek = meterHourKwh.reduce((a, b) => a + b, 0);
    const handWeek = handHourKwh.reduce((a, b) => a + b, 0);
    expect(meterWeek).toBeGreaterThan(400); // a real week's worth: ~3-6 kWh an hour
    expect(Math.abs(out.total.heat_kwh - meterWeek) / meterWeek).toBeLessThan(0.01);
    expect(Math.abs(out.total.heat_kwh - handWeek) / handWeek).toBeLessThan(0.001);
    out.intervals.forEach((e, h) => {
      expect(Math.abs(e.heat_kwh - meterHourKwh[h]!), `hour ${h}`).toBeLessThanOrEqual(RESOLUTION_KWH);
      expect(Math.abs(e.heat_kwh - handHourKwh[h]!), `hour ${h}`).toBeLessThan(0.01);
    });
    expect(out.total.coverage).toBe(1);
    // the hourly file and flow x dT agree, so the register cross-check raises nothing
    expect(out.checks.filter((c) => c.severity !== 'info')).toEqual([]);
  });

  it('the hourly interval-energy file alone gives its own hours and their sum (not 277 of 625 kWh)', async () => {
    const own = join(dir, 'map-energy.json');
    writeFileSync(own, JSON.stringify({ Tijdstip: 'time', [ENERGY]: 'heat_kwh_interval' }));
    const args = [...COMMON.slice(2), '--map', own];
    const r = await trec('energy', energyFile, ...args, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.json<Out>();
    expect(out.heat_basis).toBe('heat-register');
    expect(out.intervals).toHaveLength(HOURS);
    out.intervals.forEach((e, h) => expect(e.heat_kwh, `hour ${h}`).toBeCloseTo(meterHourKwh[h]!, 9));
    expect(out.total.heat_kwh).toBeCloseTo(
      meterHourKwh.reduce((a, b) => a + b, 0),
      6,
    );
  });

  it('mapped as a running total (heat_kwh) instead, the same file is an error check, not a clean figure', async () => {
    const own = join(dir, 'map-as-register.json');
    writeFileSync(own, JSON.stringify({ Tijdstip: 'time', [ENERGY]: 'heat_kwh' }));
    const r = await trec('energy', energyFile, ...COMMON.slice(2), '--map', own, '--json');
    expect(r.code).toBe(0);
    const out = r.json<Out>();
    const drops = out.checks.find((c) => c.code === 'register-drops');
    expect(drops?.severity).toBe('error');
    expect(drops?.message).toContain('heat_kwh_interval');
    // what the old reading gave: only the rises between hours count, far below the week
    expect(out.total.heat_kwh).toBeLessThan(0.5 * meterHourKwh.reduce((a, b) => a + b, 0));
  });

  it('without --decimal the 3-decimal flow values are refused as ambiguous, naming file, line, field and value', async () => {
    const args = COMMON.filter((a) => a !== '--decimal' && a !== 'comma');
    const r = await trec('energy', ...FILES, ...args);
    expect(r.code).toBe(2);
    // line 2 is minute 0: the pump runs, flow 1,150 (1.15 or 1150?)
    expect(r.stderr).toContain(`${flowFile}, line 2, field ${FLOW} (value "1,150"): ambiguous number`);
    expect(r.stderr).toContain('--decimal comma');
  });
});
