import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
    expect(r.stdout).toMatch(/checks: none/);
    expect(r.stdout).not.toMatch(/NOT A CLEAN FIGURE/);
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
  it('a temperature outside -60..+40 C is refused naming the field', async () => {
    const r = await trec('scop', write('cold.json', { ...constantUnit, tol_c: -300 }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cold\.json, field tol_c/);
  });
  it('a unit file with a UTF-8 byte-order mark reads as without one', async () => {
    const path = join(dir, 'bom.json');
    writeFileSync(path, '\uFEFF' + JSON.stringify(constantUnit));
    const r = await trec('scop', path, '--json');
    expect(r.code).toBe(0);
    expect(r.json<{ scop: number }>().scop).toBeCloseTo(3, 10);
  });
  it('Tbiv and TOL listed beside A..D (one with Cdh, one COP 0.01 off) compute; the declared Cdh is kept', async () => {
    // The example's Keymark declaration (line 90) as the datasheet lists it: Tbiv -7 C repeats point A,
    // once with a declared Cdh 0.97 and a COP 3.14 rounded the other way.
    const example = JSON.parse(readFileSync('examples/scop-unit.json', 'utf8')) as typeof constantUnit;
    const points = [...example.points, { tj_c: -7, pdh_kw: 5.98, copd: 3.14, cdh: 0.97 }];
    const r = await trec('scop', write('dup.json', { ...example, points }), '--json');
    expect(r.code).toBe(0);
    const j = r.json<{
      scop: number;
      ok: boolean;
      bins: { tj_c: number; cdh: number }[];
      checks: { code: string }[];
    }>();
    expect(j.ok).toBe(true);
    expect(j.scop).toBeCloseTo(4.71, 1); // published SCOP 4.71 (Keymark, line 90)
    expect(j.bins.find((b) => b.tj_c === -7)!.cdh).toBe(0.97);
    expect(j.checks.map((c) => c.code)).toEqual(['duplicate-point-merged']);
  });
  it('a real conflict at one Tj exits 2 naming both points', async () => {
    const points = [...constantUnit.points, { tj_c: 2, pdh_kw: 20, copd: 3.5 }];
    const r = await trec('scop', write('conflict.json', { ...constantUnit, points }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /conflict\.json.*points\[2\] \(2 C: 20 kW, COP 3\) and points\[5\] \(2 C: 20 kW, COP 3\.5\)/,
    );
  });
  it('COP 50 at a point: the error leads the human output, before the SCOP; JSON ok false', async () => {
    const points = constantUnit.points.map((p) => (p.tj_c === 2 ? { ...p, copd: 50 } : p));
    const path = write('cop50.json', { ...constantUnit, points });
    const r = await trec('scop', path);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^NOT A CLEAN FIGURE: 1 error check/);
    expect(lines[1]).toMatch(/ERROR cop-above-carnot: declared point points\[2\] \(Tj 2 C\): COP 50\.00/);
    expect(r.stdout.indexOf('cop-above-carnot')).toBeLessThan(r.stdout.indexOf('SCOP '));
    const j = (await trec('scop', path, '--json')).json<{ ok: boolean; checks: { severity: string }[] }>();
    expect(j.ok).toBe(false);
    expect(j.checks.some((c) => c.severity === 'error')).toBe(true);
  });
  it('POFF 1 MW with the heating-only hours: eta_s below 0 and the off-mode power are errors', async () => {
    const path = write('poff.json', { ...constantUnit, poff_w: 1_000_000 });
    const r = await trec('scop', path, '--hours', 'heating-only', '--json');
    const j = r.json<{ ok: boolean; eta_s_pct: number; checks: { code: string }[] }>();
    expect(j.eta_s_pct).toBeLessThan(0);
    expect(j.ok).toBe(false);
    expect(j.checks.map((c) => c.code).sort()).toEqual(['eta-s-negative', 'off-mode-power-above-input']);
  });
});
