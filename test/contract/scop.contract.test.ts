import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/index.ts';
import { createFileApp } from '../../src/main.ts';
import { trec } from '../helpers/cli.ts';
import { contractSuite, defaultArgv } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-scop-contract-'));
const write = (name: string, data: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(data));
  return path;
};

// A unit of constant COP 3 and 20 kW at every Tj, Cdh 1, no off-mode power: every bin runs at COP 3 with no
// backup (20 kW is above the 10 kW design load), so SCOP = SCOPon = SCOPnet = 3 exactly.
const constant = {
  prated_kw: 10,
  tbiv_c: -10,
  tol_c: -10,
  cdh: 1,
  points: [-10, -7, 2, 7, 12].map((t) => ({ tj_c: t, pdh_kw: 20, copd: 3 })),
};
const constantFile = write('constant.json', constant);
const warmerFile = write('warmer.json', {
  ...constant,
  tbiv_c: 2,
  tol_c: 2,
  points: constant.points.slice(2),
});

contractSuite({
  useCase: 'scop',
  command: ['scop'],
  argv: ({ unit, ...rest }) => [unit, ...defaultArgv(rest)],
  flags: { unit: '<unit>' },
  cases: [
    {
      // Heat Pump Keymark via hplib (reference/keymark/hplib_output_database_reduced_2024-10.csv, line 90):
      // Aira HPO-AW-6-230V-1.0, W35, average climate: published SCOP 4.71, eta_s 185 %.
      name: 'a Keymark declaration: within 2 % of its published SCOP 4.71 (eta_s 185 %)',
      input: { unit: 'examples/scop-unit.json' },
      expect: (j) => {
        expect(Math.abs(j.scop / 4.71 - 1)).toBeLessThanOrEqual(0.02);
        expect(Math.abs(j.eta_s_pct - 185)).toBeLessThanOrEqual(185 * 0.02);
        expect(j.climate).toBe('average');
        expect(j.file).toBe('examples/scop-unit.json');
        expect(j.ok).toBe(true);
      },
    },
    {
      // eta_s = 100 x SCOP / CC - F(1) = 100 x 3 / 2.5 - 3 = 117 % (Regulation (EU) 813/2013 Annex IV, CC 2.5,
      // F(1) 3 % temperature control); the average climate has 26 bins (-10..+15 C, EN 14825 Annex B) and
      // the Keymark hour set counts HTO = HCK = 179 h (EN 14825 Annex A, average: HTO 179).
      name: 'constant COP 3: SCOP = SCOPon = SCOPnet = 3, eta_s 117 %, 26 bins, HTO = HCK = 179 h',
      input: { unit: constantFile },
      expect: (j) => {
        for (const k of ['scop', 'scop_on', 'scop_net']) expect(j[k]).toBeCloseTo(3, 10);
        expect(j.eta_s_pct).toBeCloseTo(117, 10);
        expect(j.bins).toHaveLength(26);
        expect(j.hours).toMatchObject({ name: 'keymark-heating-season', hto_h: 179, hsb_h: 0, hck_h: 179 });
      },
    },
    {
      // EN 14825 Annex B: the warmer climate's bins are +2..+15 C (14); Annex A: HOFF 4345 h heating-only.
      name: 'the warmer climate with the EN 14825 heating-only hours: 14 bins, HOFF 4345 h',
      input: { unit: warmerFile, climate: 'warmer', hours: 'heating-only' },
      expect: (j) => {
        expect(j.climate).toBe('warmer');
        expect(j.bins).toHaveLength(14);
        expect(j.hours.hoff_h).toBe(4345);
        expect(j.scop).toBeCloseTo(3, 10);
      },
    },
  ],
  errors: [
    {
      name: 'an unknown climate',
      // @ts-expect-error -- a value the schema refuses
      input: { unit: 'examples/scop-unit.json', climate: 'arctic' },
      path: ['climate'],
      detail: /use one of average, colder, warmer/,
    },
    {
      name: 'an unknown hour set',
      // @ts-expect-error -- a value the schema refuses
      input: { unit: 'examples/scop-unit.json', hours: 'all-year' },
      path: ['hours'],
      detail: /use keymark or heating-only/,
    },
  ],
});

describe('contract: scop, errors about the unit file name the file and its key (both surfaces)', () => {
  const tol = write('tol.json', { ...constant, tol_c: -4 });
  const badPoint = write('bad.json', { ...constant, points: [{ tj_c: -10, pdh_kw: -1, copd: 3 }] });
  const cases: [string, string, string, RegExp][] = [
    ['TOL above Tbiv (EN 14825 needs TOL <= Tbiv)', tol, 'tol_c', /TOL -4 C is above Tbiv -10 C/],
    ['a negative declared capacity', badPoint, 'points[0].pdh_kw', /./],
  ];
  for (const [name, file, key, detail] of cases) {
    it(`through app: ${name}`, async () => {
      const error = await createFileApp()
        .run('scop', { unit: file })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ where: { file, field: key } });
      expect((error as InputError).detail).toMatch(detail);
    });
    it(`through cli: ${name}`, async () => {
      const r = await trec('scop', file, '--json');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file}, field ${key}`);
      expect(r.stderr).toMatch(detail);
    });
  }
});
