import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-scop-'));
const write = (name: string, data: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data));
  return path;
};
const constantUnit = {
  prated_kw: 10,
  tbiv_c: -10,
  tol_c: -10,
  cdh: 1,
  points: [-10, -7, 2, 7, 12].map((t) => ({ tj_c: t, pdh_kw: 20, copd: 3 })),
};

describe('trec scop', () => {
  it('prints the example Keymark unit (published SCOP 4.71, eta_s 185 %)', async () => {
    const r = await trec('scop', 'examples/scop-unit.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SCOP\s+4\.71/);
    expect(r.stdout).toMatch(/eta_s\s+185 %/);
  });
  it('--json: constant COP 3 gives scop = scop_on = scop_net = 3, eta_s 117 %, 26 bins and the hour set', async () => {
    const r = await trec('scop', write('c.json', constantUnit), '--json');
    expect(r.code).toBe(0);
    const j = r.json<Record<string, number> & { bins: unknown[]; hours: Record<string, number> }>();
    for (const k of ['scop', 'scop_on', 'scop_net']) expect(j[k]).toBeCloseTo(3, 10);
    expect(j.eta_s_pct).toBeCloseTo(117, 10);
    expect(j.bins).toHaveLength(26);
    expect(j.hours).toMatchObject({ hto_h: 179, hsb_h: 0, hck_h: 179, hoff_h: 0 });
  });
  it('--climate warmer uses the 14 warmer bins and --hours heating-only the EN 14825 set', async () => {
    const unit = { ...constantUnit, tbiv_c: 2, tol_c: 2, points: constantUnit.points.slice(2) };
    const r = await trec(
      'scop',
      write('w.json', unit),
      '--climate',
      'warmer',
      '--hours',
      'heating-only',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = r.json<{ bins: unknown[]; hours: { hoff_h: number } }>();
    expect(j.bins).toHaveLength(14);
    expect(j.hours.hoff_h).toBe(4345);
  });
  it('exits 2 naming file and field for an invalid UNIT.json', async () => {
    const bad = { ...constantUnit, points: [{ tj_c: -10, pdh_kw: -1, copd: 3 }] };
    const path = write('bad.json', bad);
    const r = await trec('scop', path);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toMatch(/field points\[0\]\.pdh_kw/);
    const typo = await trec('scop', write('typo.json', { ...constantUnit, pratd_kw: 1 }));
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/pratd_kw/);
  });
  it('exits 2 for a declaration the standard rejects, a missing file and an unknown climate', async () => {
    const r = await trec('scop', write('tol.json', { ...constantUnit, tol_c: -4 }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tol\.json, field tol_c .*TOL -4 C is above Tbiv/);
    expect((await trec('scop', join(dir, 'none.json'))).code).toBe(2);
    const c = await trec('scop', 'examples/scop-unit.json', '--climate', 'arctic');
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--climate/);
  });
});
