import { describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';
import { ashraeRows } from '../helpers/fluid-reference.ts';

interface FluidJson {
  fluid: string;
  mass_fraction: number;
  temp_c: number;
  density_kg_m3: number;
  cp_j_kgk: number;
  valid_min_c: number;
  valid_max_c: number;
  freeze_c: number | null;
  source: string;
}

describe('trec fluid', () => {
  it('water at 20 C: density 998.2 +-0.3 kg/m3, cp 4182 +-6 J/(kg K) (issue 2 acceptance)', async () => {
    const run = await trec('fluid', 'water', '--temp-c', '20', '--json');
    expect(run.code).toBe(0);
    const out = run.json<FluidJson>();
    expect(Math.abs(out.density_kg_m3 - 998.2)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(out.cp_j_kgk - 4182)).toBeLessThanOrEqual(6);
    expect(out).toMatchObject({
      fluid: 'water',
      mass_fraction: 0,
      temp_c: 20,
      valid_min_c: 0,
      valid_max_c: 125,
    });
    expect(out.source).toMatch(/ASHRAE/);
  });
  it('30 % propylene glycol at 20 C gives the ASHRAE/EnergyPlus table row (cp 3848, density 1028)', async () => {
    const row = (property: string) =>
      ashraeRows().find(
        (r) => r.fluid === 'PropyleneGlycol' && r.property === property && r.x === 0.3 && r.tC === 20,
      )!.value;
    const run = await trec('fluid', 'propylene-glycol', '--mass-fraction', '0.3', '--temp-c', '20', '--json');
    expect(run.code).toBe(0);
    const out = run.json<FluidJson>();
    expect(out.cp_j_kgk).toBeCloseTo(row('cp_J_per_kgK'), 9);
    expect(out.density_kg_m3).toBeCloseTo(row('density_kg_per_m3'), 9);
    expect(out.freeze_c).toBe(-13.08164068); // Melinder_Propylene_Glycol_TFreeze.txt, 30 % row
  });
  it('human output names the fluid, the numbers and the source', async () => {
    const run = await trec('fluid', 'ethylene-glycol', '--mass-fraction', '0.25', '--temp-c', '40');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /ethylene-glycol 25\.0 % by mass at 40 C[\s\S]*kg\/m3[\s\S]*J\/\(kg K\)[\s\S]*CoolProp MEG/,
    );
  });
  it('below the freezing point: exit 2, the message names --temp-c and the freezing point', async () => {
    const run = await trec('fluid', 'propylene-glycol', '--mass-fraction', '0.3', '--temp-c', '-20');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /--temp-c.*-20.*below the freezing point of 30 % propylene glycol \(-13\.08 C\)/,
    );
  });
  it('water below 0 C or above 125 C: exit 2', async () => {
    expect((await trec('fluid', 'water', '--temp-c', '-1')).stderr).toMatch(/freezing point of water/);
    const hot = await trec('fluid', 'water', '--temp-c', '130');
    expect(hot.code).toBe(2);
    expect(hot.stderr).toMatch(/above the highest temperature.*0 to 125 C/);
  });
  it('bad concentration, missing concentration, unknown fluid, non-numeric temperature: exit 2', async () => {
    const high = await trec('fluid', 'ethylene-glycol', '--mass-fraction', '0.7', '--temp-c', '20');
    expect([high.code, high.stderr]).toEqual([
      2,
      expect.stringMatching(/--mass-fraction.*0\.7.*between 0 and 0\.6/),
    ]);
    const missing = await trec('fluid', 'propylene-glycol', '--temp-c', '20');
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/--mass-fraction/)]);
    const oil = await trec('fluid', 'oil', '--temp-c', '20');
    expect([oil.code, oil.stderr]).toEqual([2, expect.stringMatching(/fluid.*oil/)]);
    const nan = await trec('fluid', 'water', '--temp-c', 'warm');
    expect([nan.code, nan.stderr]).toEqual([2, expect.stringMatching(/--temp-c/)]);
    const water = await trec('fluid', 'water', '--mass-fraction', '0.2', '--temp-c', '20');
    expect(water.code).toBe(2);
  });
  it('--help describes the ranges', async () => {
    const run = await trec('fluid', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--mass-fraction[\s\S]*--temp-c[\s\S]*--json/);
    expect(run.stdout).toMatch(/ethylene glycol 0\.\.60 %, to 100 C/);
  });
});
