// The energy use case's contract: heat from meter files by hand calculation, run against the use case directly
// and through `trec energy`. The meter files the cases read are written into a temp dir here.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { EnergyInput } from '../../src/app/index.ts';
import { contractSuite, defaultArgv, type ResultJson } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-energy-contract-'));
let n = 0;
function file(text: string, ext = 'csv'): string {
  const path = join(dir, `m${n++}.${ext}`);
  writeFileSync(path, text);
  return path;
}
const T0 = Date.parse('2024-01-15T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
/** `count` rows `step` minutes apart from T0: time,<row(i)>. */
const rows = (count: number, step: number, row: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => `${iso(T0 + i * step * 60_000)},${row(i)}\n`).join('');

/*
 * 20 L/min of water, supply 40 C, return 35 C, flow sensor in the return (the default):
 *   V   = 20 L/min = 20 / 60,000 m3/s = 3.3333e-4 m3/s
 *   rho = rho(35 C) = 994.2 kg/m3                          (ASHRAE table, reference/fluids, 35 C row)
 *   cp  = cp(37.5 C) = (4178 + 4179) / 2 = 4178.5 J/(kg K)  (ASHRAE table, 35 and 40 C rows)
 *   P   = V rho cp dT = 3.3333e-4 x 994.2 x 4178.5 x 5 = 6,923.7 W
 *   24 h: 6,923.7 W x 24 h = 166.17 kWh; 2 h: 13.847 kWh
 */
const P_W = (20 / 60_000) * 994.2 * 4178.5 * 5;
const DAY_KWH = (P_W * 24) / 1000;
const TWO_H_KWH = (P_W * 2) / 1000;

const day = file('time,flow_lpm,supply_c,return_c\n' + rows(145, 10, () => '20,40,35'));
// one channel per file, as building-management systems export them: 2 h every 10 min
const flow = file('time,flow_lpm\n' + rows(13, 10, () => '20'));
const supply = file('time,supply_c\n' + rows(13, 10, () => '40'));
const ret = file('time,return_c\n' + rows(13, 10, () => '35'));
// the same 2 h with vendor headers, read through a map file
const vendor = file('Zeit;Durchfluss;VL;RL\n' + rows(13, 10, () => '20;40;35').replace(/Z,/g, 'Z;'));
const vendorMap = file(
  JSON.stringify({ Zeit: 'time', Durchfluss: 'flow_lpm', VL: 'supply_c', RL: 'return_c' }),
  'json',
);
// a heat register that rolls over at 100,000 kWh: 99,990.0 -> 5.0 -> 20.0 kWh, hourly
const rollover = file('time,heat_kwh\n' + rows(3, 60, (i) => ['99990.0', '5.0', '20.0'][i]!));
// a heat register every 15 min at 6 kW (1.5 kWh each) whose 4th reading spikes to 1e9 kWh (line 5)
const spike = file('time,heat_kwh\n' + rows(6, 15, (i) => String([100, 101.5, 103, 1e9, 104.5, 106][i])));
// files logged at different times: no instant shares a time with the others
const odd = (name: string, offset: number, value: number) =>
  file(
    `time,${name}\n` +
      rows(2, 20, () => String(value)).replace(
        /T00:(\d\d)/g,
        (_, m: string) => `T00:${String(Number(m) + offset).padStart(2, '0')}`,
      ),
  );

const FLAGS = { files: 'FILE', map: '--map', mapFile: '--map' };
const codes = (j: ResultJson) => (j.checks as { code: string }[]).map((c) => c.code);

contractSuite({
  useCase: 'energy',
  command: ['energy'],
  flags: FLAGS,
  // positional files first; a map object goes to the CLI as a map file
  argv: ({ files = [], map, ...rest }) => [
    ...files,
    ...(map === undefined ? [] : ['--map', file(JSON.stringify(map), 'json')]),
    ...defaultArgv(rest, FLAGS),
  ],
  cases: [
    {
      name: '20 L/min of water at 40/35 C for 24 h: 166.17 kWh (V x rho(35 C) x cp(37.5 C) x dT x 24 h)',
      input: { files: [day], interval: 'total' },
      expect: (j) => {
        expect(j.total.heat_kwh / DAY_KWH - 1).toBeLessThan(2e-4);
        expect(j.total.heat_kwh / DAY_KWH - 1).toBeGreaterThan(-2e-4);
        expect(j.total).toMatchObject({ cool_kwh: 0, defrost_kwh: 0, coverage: 1 });
        expect(j.heat_basis).toBe('flow-temperature');
        expect(j.source).toMatchObject({ file: day, rows: 145, time_zone: 'UTC' });
        expect(j.join).toEqual({ mode: 'exact', max_gap_s: 900, label: 'end', files: 1 });
        expect(j.ok).toBe(true);
      },
    },
    {
      name: 'a register rolling over at 100,000 kWh: (100,000 - 99,990) + 5 + 15 = 30 kWh, no reset',
      input: { files: [rollover], registerRollover: 100_000, interval: 'total' },
      expect: (j) => {
        expect(j.total.heat_kwh).toBeCloseTo(30, 9);
        expect(j.heat_basis).toBe('heat-register');
        expect(codes(j)).not.toContain('register-reset');
      },
    },
    {
      // 4 steps of 1.5 kWh count (6 kWh); the step 103 -> 1e9 kWh (999,999,897 kWh in 15 min) is excluded
      name: 'a register spike is excluded with an error: 6 kWh counted, 999,999,897 kWh excluded',
      input: { files: [spike], interval: 'total' },
      expect: (j) => {
        expect(j.total.heat_kwh).toBeCloseTo(6, 9);
        expect(j.total.excluded_kwh).toBeCloseTo(999_999_897, 3);
        const jump = (j.checks as { code: string; severity: string; message: string }[]).find(
          (c) => c.code === 'register-jump',
        );
        expect(jump?.severity).toBe('error');
        expect(jump?.message).toMatch(/line 5 /);
        expect(j.ok).toBe(false);
      },
    },
    {
      name: 'flow, supply and return in three files joined on time: 2 h x 6,923.7 W = 13.847 kWh',
      input: { files: [flow, supply, ret], interval: 'total' },
      expect: (j) => {
        expect(j.total.heat_kwh / TWO_H_KWH - 1).toBeLessThan(2e-4);
        expect(j.total.heat_kwh / TWO_H_KWH - 1).toBeGreaterThan(-2e-4);
        expect(j.source).toBeUndefined();
        expect((j.sources as { file: string; rows: number }[]).map((s) => [s.file, s.rows])).toEqual([
          [flow, 13],
          [supply, 13],
          [ret, 13],
        ]);
        expect(j.join).toEqual({ mode: 'exact', max_gap_s: 900, label: 'end', files: 3 });
        expect(codes(j)).toContain('joined-files');
        expect(codes(j)).not.toContain('join-missing');
      },
    },
    {
      name: 'vendor headers through a header map: the same 2 h, 13.847 kWh',
      input: { files: [vendor], mapFile: vendorMap, interval: 'total' },
      expect: (j) => {
        expect(j.total.heat_kwh / TWO_H_KWH - 1).toBeLessThan(2e-4);
        expect(j.source).toMatchObject({ delimiter: ';', ignored_columns: [] });
      },
    },
    {
      name: 'a header map given as an object reads the same',
      input: {
        files: [vendor],
        map: { Zeit: 'time', Durchfluss: 'flow_lpm', VL: 'supply_c', RL: 'return_c' },
        interval: 'total',
      },
      expect: (j) => expect(j.total.heat_kwh / TWO_H_KWH - 1).toBeLessThan(2e-4),
    },
  ],
  errors: [
    {
      name: 'an interval that is none of hour, day, month, total',
      input: { files: [day], interval: 'week' as EnergyInput['interval'] },
      path: ['interval'],
      detail: /hour, day, month, total/,
    },
    {
      name: 'a map file entry for a header no file has',
      input: { files: [vendor], mapFile: file(JSON.stringify({ Zeitx: 'time' }), 'json') },
      path: ['mapFile'],
      detail: /the map names a header no file has: "Zeitx"/,
    },
    {
      name: 'a map entry for a header no file has',
      input: { files: [vendor], map: { Zeitx: 'time' } },
      path: ['map'],
      detail: /the map names a header no file has: "Zeitx"/,
    },
    {
      name: 'an EN 1434 meter class without qp and the minimum dT',
      input: { files: [day], meterClass: 2 },
      path: ['meterClass'],
      detail: /go together \(EN 1434 needs all three\)/,
    },
    {
      name: 'an EN 1434 accuracy class 4',
      input: { files: [day], meterClass: 4, qpM3h: 1.5, dtMinK: 3 },
      path: ['meterClass'],
      detail: /accuracy class is 1, 2 or 3/,
    },
    {
      name: 'a register rollover for files without a register',
      input: { files: [day], registerRollover: 100_000 },
      path: ['registerRollover'],
      detail: /no such register column/,
    },
    {
      name: 'an unknown fluid',
      input: { files: [day], fluid: 'oil' },
      path: ['fluid'],
      detail: /unknown fluid/,
    },
    {
      name: 'the same file twice',
      input: { files: [flow, flow] },
      path: ['files', 1],
      detail: /the same file is given twice/,
    },
    {
      name: 'files that share no time, joined exactly',
      input: { files: [odd('flow_lpm', 0, 20), odd('supply_c', 5, 40), odd('return_c', 5, 35)] },
      path: ['join'],
      detail: /the files share no time/,
    },
  ],
});
