import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';

// Issue 4 acceptance, end to end: the laundry simulation's meter file feeds `trec energy` unchanged.
// Two independent accounts of the same heat: the simulator's own (its water model, per minute) and the
// heat-meter integrator's (ASHRAE water tables, trapezoid rule) must agree, and the file must pass the
// meter's physics checks. The 730-day figures are checked by bench/laundry-acceptance.ts (52 MB file).
const dir = mkdtempSync(join(tmpdir(), 'trec-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface EnergyJson {
  intervals: { heat_kwh: number }[];
  total: { heat_kwh: number; elec_kwh: number; cop: number; coverage: number };
  checks: { code: string; severity: string }[];
}

describe('simulate laundry -> energy', () => {
  it('reads the simulated file unchanged and agrees with the simulation within 0.5 %', async () => {
    const file = join(dir, 'laundry.csv');
    const sim = await trec(
      'simulate',
      'laundry',
      '--days',
      '14',
      '--out',
      file,
      '--start',
      '2024-03-01',
      '--json',
    );
    expect(sim.code).toBe(0);
    const s = sim.json<{ heat_kwh: number; elec_kwh: number; cop: number }>();

    const e = await trec('energy', file, '--interval', 'day', '--tz', 'Etc/GMT+5', '--json');
    expect(e.code, e.stderr).toBe(0);
    const r = e.json<EnergyJson>();
    // The simulator writes standard time (-05:00) all year; days in that fixed zone (IANA Etc/GMT+5).
    expect(r.intervals).toHaveLength(14);
    expect(r.total.heat_kwh / s.heat_kwh).toBeGreaterThan(0.995);
    expect(r.total.heat_kwh / s.heat_kwh).toBeLessThan(1.005);
    expect(r.total.elec_kwh / s.elec_kwh).toBeCloseTo(1, 3);
    expect(r.total.coverage).toBe(1);
    expect(r.checks.filter((c) => c.severity === 'error')).toEqual([]);
    // Seed 000: COP frequently above 4; a March fortnight of a hot laundry room is above 4 too.
    expect(r.total.cop).toBeGreaterThan(4);
  });
});
