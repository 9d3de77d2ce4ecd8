import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { sampleHeatJ } from '../helpers/water-ashrae.ts';
import { contractSuite, defaultArgv } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-simulate-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = (name: string) => join(dir, name);
const J_PER_KWH = 3.6e6;
const BTU_PER_KWH = J_PER_KWH / 1055.05585262; // NIST SP 811, exact BTU

contractSuite({
  useCase: 'simulate',
  command: ['simulate', 'laundry'],
  argv: ({ set, ...rest }) => [
    ...defaultArgv(rest),
    ...Object.entries(set ?? {}).flatMap(([name, value]) => ['--set', `${name}=${value}`]),
  ],
  cases: [
    {
      name: '2 seeded days: 2 x 1,440 rows + the end instant, and the file integrated by hand gives the heat',
      input: { days: 2, out: out('two.csv'), seed: 3, start: '2024-07-01' },
      expect: (j) => {
        const lines = readFileSync(out('two.csv'), 'utf8').trimEnd().split('\n');
        expect(lines[0]).toBe('time,flow_lpm,supply_c,return_c,source_c,elec_kw');
        expect(j.rows).toBe(2 * 1440 + 1);
        expect(lines).toHaveLength(1 + j.rows);
        // The defaults: -05:00 (US Eastern Standard Time) from the first day given.
        expect(lines[1]).toMatch(/^2024-07-01T00:00:00-05:00,/);
        expect(lines.at(-1)).toMatch(/^2024-07-03T00:00:00-05:00,/);
        // Hand integration: each row holds for the following minute (ASHRAE water table, its own code).
        let heatJ = 0;
        let elecJ = 0;
        for (const line of lines.slice(1, -1)) {
          const [, flow, supply, ret, , elec] = line.split(',').map(Number);
          heatJ += sampleHeatJ(flow!, supply!, ret!, 60);
          elecJ += elec! * 1000 * 60;
        }
        expect(heatJ / J_PER_KWH / j.heat_kwh).toBeGreaterThan(0.995);
        expect(heatJ / J_PER_KWH / j.heat_kwh).toBeLessThan(1.005);
        expect(elecJ / J_PER_KWH / j.elec_kwh).toBeCloseTo(1, 3); // kW rounded to the watt in the file
        // The summary's own arithmetic: COP = heat / electricity, cost = price / COP, cooling = heat - elec.
        expect(j.cop).toBeCloseTo(j.heat_kwh / j.elec_kwh, 12);
        expect(j.cost_per_kwh_heat_usd).toBeCloseTo(0.12 / j.cop, 12);
        expect(j.cooling_kwh).toBeCloseTo(j.heat_kwh - j.elec_kwh, 9);
        expect(j.mean_daily_heat_kwh).toBeCloseTo(j.heat_kwh / 2, 12);
        expect(j.mean_daily_heat_btu).toBeCloseTo((j.heat_kwh / 2) * BTU_PER_KWH, 6);
        expect(j).toMatchObject({
          days: 2,
          seed: 3,
          start: '2024-07-01',
          electricity_price_usd_per_kwh: 0.12,
        });
        expect(j.parameters.carnotFraction).toMatchObject({ value: 0.57, unit: '1', default: true });
      },
    },
    {
      name: 'an override is reported as such; the price given sets the cost of heat',
      input: { days: 1, out: out('set.csv'), set: { tankOffAtC: 60 }, electricityPrice: 0.2, utcOffset: 'Z' },
      expect: (j) => {
        expect(j.parameters.tankOffAtC).toMatchObject({ value: 60, default: false });
        expect(j.cost_per_kwh_heat_usd).toBeCloseTo(0.2 / j.cop, 12);
        expect(readFileSync(out('set.csv'), 'utf8').split('\n')[1]).toMatch(/^2024-01-01T00:00:00Z,/);
      },
    },
  ],
  errors: [
    {
      name: 'no day to simulate',
      input: { days: 0, out: out('x.csv') },
      path: ['days'],
      detail: /whole number from 1 to 3,660 days/,
    },
    {
      name: 'a date that does not exist',
      input: { days: 1, out: out('x.csv'), start: '2024-02-30' },
      path: ['start'],
      detail: /expected a calendar date YYYY-MM-DD/,
    },
    {
      name: 'an offset without sign and minutes',
      input: { days: 1, out: out('x.csv'), utcOffset: '5' },
      path: ['utcOffset'],
      detail: /expected a UTC offset such as -05:00/,
    },
    {
      name: 'an unknown parameter',
      input: { days: 1, out: out('x.csv'), set: { warpDrive: 9 } },
      path: ['set', 'warpDrive'],
      detail: /unknown parameter; known: outdoorMeanC/,
    },
    {
      // tankVolumeL defaults to 3800 L: at most 1,000 times that.
      name: 'a tank of 1e308 L',
      input: { days: 1, out: out('x.csv'), set: { tankVolumeL: 1e308 } },
      path: ['set', 'tankVolumeL'],
      detail: /must be from 0 to 3800000 L/,
    },
    {
      name: 'a heat pump that starts above the temperature it stops at',
      input: { days: 1, out: out('x.csv'), set: { tankOnBelowC: 70, tankOffAtC: 60 } },
      path: ['set', 'tankOnBelowC'],
      detail: /the start temperature must be below the stop temperature/,
    },
    {
      name: 'a file in a folder that does not exist',
      input: { days: 1, out: join(dir, 'none', 'x.csv') },
      path: ['out'],
      detail: /cannot write the file/,
    },
  ],
});
