import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  certificatesFromEnergy,
  InputError,
  programMultiplier,
  sizeClassFor,
  validateProgram,
  type Program,
} from '../../src/core/index.ts';

const J_PER_BTU = 1055.05585262;
const raw = (id: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../programs/${id}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
const program = (id: string): Program => validateProgram(raw(id), `${id}.json`);

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('validateProgram', () => {
  it('names the file and the field path of a bad value', () => {
    const bad = raw('nh-class-i-thermal');
    (bad.certificate as { value: { unit: string } }).value.unit = 'kWh';
    const e = errorOf(() => validateProgram(bad, 'nh-class-i-thermal.json'));
    expect(e.where).toMatchObject({ file: 'nh-class-i-thermal.json', field: 'certificate.value.unit' });
    expect(e.message).toMatch(
      /^nh-class-i-thermal\.json, field certificate\.value\.unit: invalid program file/,
    );
  });
  it('refuses a verified value without a source, an unknown value that has a value, and an uncited source', () => {
    const a = raw('nh-class-i-thermal');
    (a.registry as { sources: string[] }).sources = [];
    expect(errorOf(() => validateProgram(a, 'nh-class-i-thermal.json')).where.field).toBe('registry.sources');
    const b = raw('nh-class-i-thermal');
    (b.remainder as { value: unknown }).value = 'dropped';
    expect(errorOf(() => validateProgram(b, 'nh-class-i-thermal.json')).where.field).toBe('remainder.value');
    const c = raw('nh-class-i-thermal');
    (c.energyCounted as { heating: { sources: string[] } }).heating.sources = ['nowhere'];
    const e = errorOf(() => validateProgram(c, 'nh-class-i-thermal.json'));
    expect(e.where.field).toBe('energyCounted.heating.sources.0');
    expect(e.message).toMatch(/"nowhere", which is not listed in sources/);
  });
  it('requires an assumption to say why, and the id to match the file name', () => {
    const a = raw('md-geothermal');
    delete (a.multipliers as { note?: string }).note;
    expect(errorOf(() => validateProgram(a, 'md-geothermal.json')).where.field).toBe('multipliers.note');
    expect(errorOf(() => validateProgram(raw('md-geothermal'), 'programs/other.json')).where).toMatchObject({
      file: 'programs/other.json',
      field: 'id',
    });
  });
  it('refuses a verified value that cites only secondary sources', () => {
    // New Hampshire's technologies rest on its rule (primary) and a metering vendor (secondary); citing the
    // vendor alone and calling it verified is refused, naming the status field.
    const a = raw('nh-class-i-thermal');
    Object.assign(a.technologies as object, { status: 'verified', sources: ['ges'] });
    const e = errorOf(() => validateProgram(a, 'nh-class-i-thermal.json'));
    expect(e.where.field).toBe('technologies.status');
    expect(e.message).toMatch(
      /verified but cites no statute, regulation, regulator or registry source \(ges\)/,
    );
  });
  it('refuses text that points at a file outside the repository or names an internal document', () => {
    for (const [text, found] of [
      ['Read in full (shared/seeds/001_17530580c727024c.txt).', 'shared/'],
      ['see /work/shared/reference/x.csv', '/work/'],
      ['as seed 001 publishes it', 'seed 001'],
      ['C:\\data\\rules.pdf', 'C:\\'],
    ]) {
      const a = raw('nh-class-i-thermal');
      (a.sources as { checked: string }[])[0]!.checked = text!;
      const e = errorOf(() => validateProgram(a, 'nh-class-i-thermal.json'));
      expect(e.where.field).toBe('sources.0.checked');
      expect(e.message).toContain(`("${found}")`);
    }
    const b = raw('md-geothermal');
    (b.multipliers as { note: string }).note = 'seed-001 says so';
    expect(errorOf(() => validateProgram(b, 'md-geothermal.json')).where.field).toBe('multipliers.note');
    const d = raw('nh-class-i-thermal');
    (d.metering as { value: string }).value = 'see shared/seeds/000_x.txt';
    expect(errorOf(() => validateProgram(d, 'nh-class-i-thermal.json')).where.field).toBe('metering.value');
    // A path inside another public repository, cited with its address, is not a local file.
    const c = raw('m-rets-thermal');
    (c.sources as { checked: string }[])[0]!.checked = 'Read from the public repository (rt/index.md).';
    expect(validateProgram(c, 'm-rets-thermal.json').id).toBe('m-rets-thermal');
  });
});

describe('dataCoverage and independentMonitor', () => {
  it('take a fraction in (0, 1] and a boolean, each with its status, and are required', () => {
    const a = raw('nh-class-i-thermal');
    Object.assign(a.dataCoverage as object, { value: 0.95, status: 'assumption', note: 'test' });
    expect(validateProgram(a, 'nh-class-i-thermal.json').dataCoverage.value).toBe(0.95);
    for (const bad of [0, 1.01, -0.5]) {
      const b = raw('nh-class-i-thermal');
      Object.assign(b.dataCoverage as object, { value: bad, status: 'assumption', note: 'test' });
      expect(errorOf(() => validateProgram(b, 'nh-class-i-thermal.json')).where.field, String(bad)).toBe(
        'dataCoverage.value',
      );
    }
    const c = raw('nh-class-i-thermal');
    (c.independentMonitor as { value: unknown }).value = 'yes';
    expect(errorOf(() => validateProgram(c, 'nh-class-i-thermal.json')).where.field).toBe(
      'independentMonitor.value',
    );
    const d = raw('md-geothermal');
    delete d.independentMonitor;
    expect(errorOf(() => validateProgram(d, 'md-geothermal.json')).where.field).toBe('independentMonitor');
    // A verified requirement must cite a primary source: New Hampshire's rests on Puc 2505.10.
    const e = raw('nh-class-i-thermal');
    (e.independentMonitor as { sources: string[] }).sources = ['ges'];
    expect(errorOf(() => validateProgram(e, 'nh-class-i-thermal.json')).where.field).toBe(
      'independentMonitor.status',
    );
  });
});

describe('certificatesFromEnergy', () => {
  it('New Hampshire: 10 x 3,412,000 BTU is exactly 10 certificates (RSA 362-F:6 V), no floating-point loss', () => {
    const c = certificatesFromEnergy(program('nh-class-i-thermal'), 10 * 3_412_000 * J_PER_BTU);
    expect(c).toMatchObject({ certificates: 10, unit: 'MWh' });
    expect(c.remainderJ).toBeLessThan(1e-3);
    expect(c.unitEnergyJ).toBeCloseTo(3_412_000 * J_PER_BTU, 3);
  });
  it('M-RETS: 2.5 Dth (2,500,000 BTU) gives 2 certificates and 0.5 Dth carried forward', () => {
    const c = certificatesFromEnergy(program('m-rets-thermal'), 2_500_000 * J_PER_BTU);
    expect(c.certificates).toBe(2);
    expect(c.unit).toBe('Dth');
    expect(c.remainderJ / J_PER_BTU).toBeCloseTo(500_000, 6);
    expect(c.creditedCertificates).toBeCloseTo(2.5, 12); // 2,500,000 BTU / 1,000,000 BTU per Dth, unrounded
  });
  it('a multiplier of 3 on 1.5 MWh (exact, no program constant) gives floor(4.5) = 4 AECs', () => {
    const c = certificatesFromEnergy(program('ma-aps-air-source'), 1.5 * 3.6e9, 3);
    expect(c.certificates).toBe(4);
    // 4 AECs use 4/3 MWh of energy; 1.5 - 4/3 = 1/6 MWh left
    expect(c.remainderJ).toBeCloseTo(3.6e9 / 6, 0);
  });
});

describe('size classes and multipliers (Massachusetts air source: <=134,000; 134,000-1,000,000; >=1,000,000 BTU/h)', () => {
  const ma = program('ma-aps-air-source');
  it('puts the boundaries where DOER does', () => {
    expect(sizeClassFor(ma, 134_000).sizeClass?.name).toBe('small');
    expect(sizeClassFor(ma, 134_001).sizeClass?.name).toBe('intermediate');
    expect(sizeClassFor(ma, 999_999).sizeClass?.name).toBe('intermediate');
    expect(sizeClassFor(ma, 1_000_000).sizeClass?.name).toBe('large');
  });
  it('asks the user to choose between 2 and 3 for a small unit, and takes 3 for an intermediate one', () => {
    expect(() => programMultiplier(ma, sizeClassFor(ma, 48_000).sizeClass, undefined)).toThrow(/2 \(.*3 \(/);
    expect(programMultiplier(ma, sizeClassFor(ma, 200_000).sizeClass, undefined).multiplier).toBe(3);
    const odd = programMultiplier(ma, sizeClassFor(ma, 200_000).sizeClass, 5);
    expect(odd.checks[0]?.code).toBe('multiplier-not-in-program');
  });
  it('a multiplier given for a program without multipliers (M-RETS) is kept with a warning, never silently', () => {
    const mrets = program('m-rets-thermal');
    expect(programMultiplier(mrets, undefined, undefined)).toEqual({ multiplier: 1, checks: [] });
    expect(programMultiplier(mrets, undefined, 1).checks).toEqual([]);
    const given = programMultiplier(mrets, undefined, 3);
    expect(given.multiplier).toBe(3);
    expect(given.checks[0]).toMatchObject({ code: 'multiplier-not-in-program', severity: 'warning' });
    expect(given.checks[0]?.message).toMatch(/program m-rets-thermal has no multipliers/);
  });
  it('New Hampshire: 1,000,000 BTU/h is not above the threshold; a check says so', () => {
    const nh = program('nh-class-i-thermal');
    expect(sizeClassFor(nh, 1_000_000).checks[0]?.code).toBe('outside-size-classes');
    expect(sizeClassFor(nh, 1_000_001).sizeClass?.name).toBe('eligible');
  });
});
