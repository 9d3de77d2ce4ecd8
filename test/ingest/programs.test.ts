import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProgram, loadPrograms } from '../../src/ingest/programs.ts';

const BAD_DIR = fileURLToPath(new URL('../fixtures/programs/bad/', import.meta.url));

describe('shipped program files', () => {
  const programs = loadPrograms();
  it('all validate, and the issue-2 programs are there', () => {
    expect(programs.map((p) => p.id)).toEqual(
      expect.arrayContaining([
        'md-geothermal',
        'va-geothermal',
        'ma-aps-air-source',
        'ma-aps-ground-source',
        'nh-class-i-thermal',
        'm-rets-thermal',
        'proposed-air-to-water-trec',
      ]),
    );
  });
  it('carry the rule values the issue names, with their status', () => {
    const nh = loadProgram('nh-class-i-thermal');
    expect(nh.btuPerMwh).toMatchObject({ value: 3_412_000, status: 'verified' });
    expect(nh.reportingCadence.value).toBe('quarterly');
    expect(nh.effective.value?.from).toBe('2023-10-03');
    expect(loadProgram('m-rets-thermal').certificate.value).toMatchObject({ size: 1, unit: 'Dth' });
    expect(loadProgram('va-geothermal').methods).toMatchObject({ value: null, status: 'unknown' });
    const ma = loadProgram('ma-aps-air-source');
    expect(ma.energyCounted.cooling).toMatchObject({ value: false, status: 'verified' });
    expect([...new Set(ma.multipliers.value?.map((m) => m.value))].sort()).toEqual([2, 3]);
    expect(loadProgram('proposed-air-to-water-trec').programStatus).toBe('proposal');
  });
});

describe('loadPrograms / loadProgram errors', () => {
  it('a bad file fails naming the file and the field', () => {
    expect(() => loadPrograms(BAD_DIR)).toThrow(
      /bad-unit\.json, field certificate\.value\.unit: invalid program file/,
    );
  });
  it('an unknown id lists the known ones', () => {
    expect(() => loadProgram('atlantis')).toThrow(/field program \(value "atlantis"\).*md-geothermal/);
  });
});
