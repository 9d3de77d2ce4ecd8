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
  it('state whether an independent monitor attests each period, and the data coverage they require', () => {
    // Puc 2505.10: New Hampshire's independent monitor reports the thermal production and the REC calculation
    // to the GIS. M-RETS thermal: output reported by an Independent Reporting Entity or the generator itself.
    expect(loadProgram('nh-class-i-thermal').independentMonitor).toMatchObject({
      value: true,
      status: 'verified',
      sources: ['nh-puc2505-10', 'nh-rsa-362f6'],
    });
    expect(loadProgram('m-rets-thermal').independentMonitor).toMatchObject({
      value: false,
      status: 'verified',
    });
    for (const id of ['ma-aps-air-source', 'ma-aps-ground-source', 'md-geothermal', 'va-geothermal'])
      expect(loadProgram(id).independentMonitor, id).toMatchObject({ value: null, status: 'unknown' });
    // No program read states a minimum share of metered hours: all null, TREC's 0.9 default applies.
    for (const p of programs) expect(p.dataCoverage, p.id).toMatchObject({ value: null, status: 'unknown' });
    // The two fields sit after `metering` in every file.
    for (const p of programs) {
      const keys = Object.keys(p);
      expect(keys.slice(keys.indexOf('metering'), keys.indexOf('metering') + 3), p.id).toEqual([
        'metering',
        'dataCoverage',
        'independentMonitor',
      ]);
    }
  });
  it('mark what the sources say: verified only where a primary source was read for the value', () => {
    // M-RETS Renewable Thermal Operating Procedures (effective 2020-01-01): Section 4.3 names ground source
    // heating and cooling pumps, Section 1.1 air source and water source thermal pumps.
    const mrets = loadProgram('m-rets-thermal');
    expect(mrets.technologies).toMatchObject({ status: 'verified', sources: ['mrets-rt-op'] });
    expect(mrets.technologies.value).toEqual(['ground-source', 'air-source', 'water-source']);
    expect(mrets.effective).toMatchObject({ value: { from: '2020-01-01' }, status: 'verified' });
    // Section 4.5.1: one year to upload for 1-150 Dth/year, 60 days above 150 Dth/year.
    expect(mrets.reportingCadence.note).toMatch(/1 to 150 Dth\/year.*one year.*> 150 Dth\/year\) 60 days/);
    // New Hampshire: the statute defines useful thermal energy to include cooling, but only heating was credited
    // when the thermal class began (Ground Energy Support, 2014): cooling is not verified.
    const nh = loadProgram('nh-class-i-thermal');
    expect(nh.energyCounted.cooling).toMatchObject({ value: null, status: 'unknown' });
    expect(nh.energyCounted.cooling.sources).toContain('groundenergy-2014');
    // Massachusetts: the metering split is read from the guideline titles alone.
    for (const id of ['ma-aps-air-source', 'ma-aps-ground-source'])
      expect(loadProgram(id).metering.status).toBe('assumption');
    // Maryland: PUA 7-701(d) (ground-source, closed or open loop) and the PSC FAQ (1 REC = 1 MWh).
    const md = loadProgram('md-geothermal');
    expect(md.technologies).toMatchObject({ status: 'verified', value: ['ground-source', 'water-source'] });
    expect(md.technologies.sources).toContain('md-pua-7-701');
    expect(md.certificate).toMatchObject({ status: 'verified', value: { size: 1, unit: 'MWh' } });
    expect(md.certificate.sources).toContain('md-psc-faq');
    expect(md.registry.status).toBe('secondary');
    // Virginia: the SCC says all Virginia-eligible RECs are registered via PJM-EIS GATS.
    const va = loadProgram('va-geothermal');
    expect(va.registry).toMatchObject({ value: 'PJM-GATS', status: 'verified' });
    expect(va.registry.sources).toContain('va-scc-recs');
    // The proposal cites its precedents: Massachusetts's air-source page and M-RETS's thermal procedures.
    const proposal = loadProgram('proposed-air-to-water-trec');
    expect(proposal.technologies.sources).toEqual(expect.arrayContaining(['mass-ashp', 'mrets-rt-op']));
    expect(proposal.sources.map((s) => s.kind)).toEqual(
      expect.arrayContaining(['proposal', 'regulator', 'registry']),
    );
  });
  it('name their sources by author and title, never by a local path or an internal document number', () => {
    for (const p of programs) {
      const text = JSON.stringify(p);
      expect(text, p.id).not.toMatch(/seed[ -]?0\d\d|shared\/|seeds\//i);
      expect(
        p.sources.map((s) => s.kind),
        p.id,
      ).not.toContain('seed');
    }
    const md = loadProgram('md-geothermal');
    expect(md.sources.find((s) => s.id === 'emergent-2022')?.title).toBe(
      'Emergent Energy Solutions, "How Is Thermal Energy Measured for GREC Purposes?", 2022',
    );
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
