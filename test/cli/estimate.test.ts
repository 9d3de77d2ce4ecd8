import { describe, expect, it } from 'vitest';
import { estimateSeason, mapModel } from '../../src/core/index.ts';
import { findMap, loadReferenceMaps } from '../../src/ingest/performance-maps.ts';
import { loadSite } from '../../src/ingest/weather.ts';
import { trec } from '../helpers/cli.ts';

// One real air-to-water unit (AixLib map Vitocal251A08, EN 14511 table) and one building: 8 kW heat loss at
// -15 degC, balance point 15.5 degC, water 35 degC; the same at both sites.
const building = [
  '--map',
  'Vitocal251A08',
  '--design-load-kw',
  '8',
  '--design-temp-c',
  '-15',
  '--water-c',
  '35',
];
const summary = async (site: string) => {
  const run = await trec('estimate', '--site', site, ...building, '--json');
  expect(run.code, run.stderr).toBe(0);
  return run.json<{
    spf: number;
    heat_kwh: number;
    elec_kwh: number;
    unmet_kwh: number;
    months: unknown[];
    checks: { code: string }[];
  }>();
};

describe('trec estimate acceptance', () => {
  it('the same air-to-water unit has a lower SPF in Concord NH than in Richmond VA', async () => {
    const concord = await summary('concord');
    const richmond = await summary('richmond');
    expect(concord.spf).toBeLessThan(richmond.spf);
    expect(concord.heat_kwh).toBeGreaterThan(richmond.heat_kwh); // colder site, more heat wanted
    expect(concord.months).toHaveLength(12);
    expect(concord.checks.map((c) => c.code)).toContain('heating-only');
  });

  it('never delivers more than capacity x hours, hour by hour and in total', () => {
    const model = mapModel(findMap(loadReferenceMaps(), 'Vitocal251A08'));
    for (const site of ['concord', 'richmond', 'boston', 'baltimore']) {
      const r = estimateSeason({
        weather: loadSite(site),
        model,
        type: 'air-to-water',
        designLoadW: 8000,
        designOutdoorC: -15,
        balanceC: 15.5,
        sink: { designC: 35 },
      });
      expect(r.hours).toHaveLength(8760);
      let capacityJ = 0;
      for (const h of r.hours) {
        // capacity x 1 h recomputed from the map at that hour's conditions, not taken from the estimate
        const cap =
          h.capacityJ === 0
            ? 0
            : model.at({ sourceC: h.sourceC, sinkC: h.sinkC, ambientC: h.outdoorC }).capacityW * 3600;
        expect(h.heatJ).toBeLessThanOrEqual(cap);
        expect(h.heatJ + h.backupJ).toBeCloseTo(h.loadJ, 3);
        capacityJ += cap;
      }
      expect(r.heatJ).toBeLessThanOrEqual(capacityJ);
    }
  });

  it('air-source COP falls as the air cools: January SPF below May SPF in Concord', async () => {
    const run = await trec('estimate', '--site', 'concord', ...building, '--json');
    const months = run.json<{ months: { month: number; spf: number }[] }>().months;
    expect(months[0]!.spf).toBeLessThan(months[4]!.spf);
  });
});

describe('trec estimate options', () => {
  it('a Keymark unit (hplib fit) also gives a lower SPF in Concord than in Richmond', async () => {
    const spf = async (site: string) => {
      const r = await trec(
        'estimate',
        '--site',
        site,
        '--keymark',
        'Acond Aconomis N',
        '--design-load-kw',
        '6',
        '--design-temp-c',
        '-15',
        '--json',
      );
      expect(r.code, r.stderr).toBe(0);
      return r.json<{ spf: number }>().spf;
    };
    expect(await spf('concord')).toBeLessThan(await spf('richmond'));
  });

  it('takes the design temperature from the EPW header when not given', async () => {
    const r = await trec(
      'estimate',
      '--site',
      'richmond',
      '--map',
      'Vitocal251A08',
      '--design-load-kw',
      '8',
      '--json',
    );
    expect(r.json<{ design_temp_c: number }>().design_temp_c).toBe(-8.4);
  });

  it('ground-source with a brine map; human output has the monthly table', async () => {
    const r = await trec(
      'estimate',
      '--site',
      'boston',
      '--type',
      'ground-source',
      '--map',
      'Vitocal350BWH110',
      '--design-load-kw',
      '8',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/month +heat kWh/);
    expect(r.stdout).toMatch(/heating only/);
  });

  it('bad input exits 2 and names the argument', async () => {
    const noSite = await trec('estimate', '--map', 'Vitocal251A08', '--design-load-kw', '8');
    expect(noSite.code).toBe(2);
    expect(noSite.stderr).toMatch(/--site or --epw/);
    const noDesign = await trec(
      'estimate',
      '--site',
      'concord',
      '--map',
      'Vitocal251A08',
      '--design-load-kw',
      '8',
    );
    expect(noDesign.code).toBe(2);
    expect(noDesign.stderr).toMatch(/--design-temp-c/);
    const wrongType = await trec(
      'estimate',
      '--site',
      'richmond',
      '--type',
      'ground-source',
      '--keymark',
      'Acond Aconomis N',
      '--design-load-kw',
      '8',
    );
    expect(wrongType.stderr).toMatch(/field --type: .*does not fit system type ground-source/);
    const badNumber = await trec('estimate', '--site', 'richmond', '--map', 'x', '--design-load-kw', 'abc');
    expect(badNumber.code).toBe(2);
  });

  it('reads a user EPW file and a unit JSON (map or Keymark points)', async () => {
    const epw = new URL(
      '../../reference/weather/USA_MA_Boston-Logan.Intl.AP.725090_TMY3.epw',
      import.meta.url,
    ).pathname;
    const unit = (f: string) => new URL(`../fixtures/${f}`, import.meta.url).pathname;
    const viaMap = await trec(
      'estimate',
      '--epw',
      epw,
      '--unit',
      unit('unit-map.json'),
      '--design-load-kw',
      '8',
      '--json',
    );
    expect(viaMap.code, viaMap.stderr).toBe(0);
    expect(viaMap.json<{ unit: string; design_temp_c: number }>()).toMatchObject({
      unit: 'two-by-two test unit',
      design_temp_c: -13.6,
    });
    // The same Keymark points from a file give the same result as --keymark.
    const fromFile = await trec(
      'estimate',
      '--site',
      'richmond',
      '--unit',
      unit('unit-keymark.json'),
      '--design-load-kw',
      '6',
      '--json',
    );
    const fromDb = await trec(
      'estimate',
      '--site',
      'richmond',
      '--keymark',
      'Acond Aconomis N',
      '--design-load-kw',
      '6',
      '--json',
    );
    expect(fromFile.json<{ spf: number }>().spf).toBe(fromDb.json<{ spf: number }>().spf);
  });

  it('--help lists every flag', async () => {
    const r = await trec('estimate', '--help');
    for (const flag of [
      '--site',
      '--epw',
      '--type',
      '--map',
      '--keymark',
      '--unit',
      '--capacity-kw',
      '--design-load-kw',
      '--design-temp-c',
      '--balance-c',
      '--water-c',
      '--water-at-balance-c',
      '--indoor-c',
      '--ground-c',
      '--program',
      '--multiplier',
      '--json',
    ])
      expect(r.stdout).toContain(flag);
  });
});

describe('trec estimate --program', () => {
  interface Certs {
    program_id: string;
    program_version: string;
    eligible: boolean | null;
    counted_kwh: number;
    multiplier: number;
    certificate_unit: string;
    certificates: number;
    remainder_kwh: number;
  }
  const withProgram = async (...extra: string[]) => {
    const r = await trec('estimate', '--site', 'concord', ...building, ...extra, '--json');
    expect(r.code, r.stderr).toBe(0);
    return r.json<{ heat_kwh: number; elec_kwh: number; certificates: Certs; checks: { code: string }[] }>();
  };

  it('M-RETS: gross heat in dekatherms (hand calculation from the printed heat)', async () => {
    const j = await withProgram('--program', 'm-rets-thermal');
    // M-RETS does not say whether electricity is netted: gross heat counts (checked: netting-unknown).
    // heat H kWh x 3,600,000 J/kWh / (1,000,000 BTU x 1,055.05585262 J/BTU) = Dth; floor = certificates.
    // About 20,080 kWh here: 72.29 GJ / 1.05506 GJ = 68.5 Dth -> 68.
    const dth = (j.heat_kwh * 3.6e6) / (1e6 * 1055.05585262);
    expect(j.certificates).toMatchObject({
      program_id: 'm-rets-thermal',
      program_version: '1.2.0',
      certificate_unit: 'Dth',
      multiplier: 1,
      certificates: Math.floor(dth),
    });
    expect(j.certificates.counted_kwh).toBe(j.heat_kwh);
    expect(j.certificates.certificates).toBe(68);
    // remainder: the part of a dekatherm left, in kWh: (dth - 68) x 293.07107 kWh/Dth
    expect(j.certificates.remainder_kwh).toBeCloseTo((dth - 68) * 293.07107017, 3);
    expect(j.checks.map((c) => c.code)).toEqual(expect.arrayContaining(['netting-unknown']));
  });

  it('Massachusetts air source: heat - electricity, x multiplier 3, 1 MWh certificates', async () => {
    const j = await withProgram('--program', 'ma-aps-air-source', '--multiplier', '3');
    // net MWh = (heat - elec) / 1000; certificates = floor(net MWh x 3 / 1 MWh); about
    // (20,080 - 6,264) / 1000 = 13.82 MWh x 3 = 41.4 -> 41.
    const net = (j.heat_kwh - j.elec_kwh) / 1000;
    expect(j.certificates.counted_kwh).toBeCloseTo(j.heat_kwh - j.elec_kwh, 6);
    expect(j.certificates.certificates).toBe(Math.floor(net * 3));
    expect(j.certificates.certificates).toBe(41);
    expect(j.certificates.remainder_kwh).toBeCloseTo((net - 41 / 3) * 1000, 6);
  });

  it('an air-to-water unit under the ground-source-only Maryland program: 0 certificates, not-eligible', async () => {
    const j = await withProgram('--program', 'md-geothermal');
    expect(j.certificates).toMatchObject({ eligible: false, certificates: 0 });
    expect(j.checks.map((c) => c.code)).toContain('not-eligible');
    const human = await trec('estimate', '--site', 'concord', ...building, '--program', 'md-geothermal');
    expect(human.stdout).toMatch(/program md-geothermal v1\.2\.0 \(NOT ELIGIBLE\).* -> 0 certificates/);
  });

  it('an ambiguous multiplier, an unknown program or --multiplier alone exits 2 naming it', async () => {
    const ambiguous = await trec(
      'estimate',
      '--site',
      'concord',
      ...building,
      '--program',
      'ma-aps-air-source',
    );
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/--multiplier/);
    const unknown = await trec('estimate', '--site', 'concord', ...building, '--program', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/program.*nope/);
    const alone = await trec('estimate', '--site', 'concord', ...building, '--multiplier', '2');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--multiplier/);
  });
});
