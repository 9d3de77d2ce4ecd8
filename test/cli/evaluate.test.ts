import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-evaluate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface EvaluateJson {
  formula_accepted: boolean;
  extra_certificates_per_year: number;
  annuity_factor: number;
  low: { npv_usd: number; break_even_price_usd: number | null };
  high: { npv_usd: number };
  verdict: string;
  recommendation: string;
  assumptions: { name: string; value: unknown; source: string }[];
  checks: { code: string; severity: string; message: string }[];
}

describe('trec evaluate', () => {
  it('hand calculation: 10 vs 12 MWh/yr, $100, upkeep $50, 5 %, 10 years (AF 7.721735)', async () => {
    const r = await trec(
      'evaluate',
      '--formula-mwh',
      '10',
      '--metered-mwh',
      '12',
      '--certificate-price',
      '100',
      '--upkeep',
      '50',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = r.json<EvaluateJson>();
    expect(j.annuity_factor).toBeCloseTo(7.721735, 6);
    // NPV low = 2 x 100 x 7.721735 - 500 - 50 x 7.721735 = 1544.347 - 500 - 386.087 = 658.260
    expect(j.low.npv_usd).toBeCloseTo(658.26, 2);
    // NPV high = 1544.347 - 1500 - 386.087 = -341.740
    expect(j.high.npv_usd).toBeCloseTo(-341.74, 2);
    expect(j.verdict).toBe('depends-on-meter-cost');
  });

  it('lists every assumption with its source; defaults cite Emergent Energy Solutions (2022) or say "assumption", given ones say "user"', async () => {
    const r = await trec(
      'evaluate',
      '--formula-mwh',
      '10',
      '--metered-mwh',
      '12',
      '--certificate-price',
      '30',
      '--json',
    );
    const a = Object.fromEntries(r.json<EvaluateJson>().assumptions.map((x) => [x.name, x]));
    expect(a['certificate price']).toMatchObject({ value: 30, source: 'user' });
    expect(a['meter cost, low']?.source).toMatch(
      /^Emergent Energy Solutions, "How Is Thermal Energy Measured for GREC Purposes\?", 2022: .*several hundred/,
    );
    expect(r.stdout).not.toMatch(/seed 00/);
    expect(a['meter cost, high']?.value).toBe(1500);
    expect(a['incentive period']).toMatchObject({ value: 10 });
    expect(a['incentive period']?.source).toMatch(/ten-year/);
    expect(a['discount rate']?.source).toMatch(/^assumption/);
    expect(a['meter upkeep']?.source).toMatch(/^assumption/);
    expect(a['metered certificates per year']).toMatchObject({ value: 12, source: 'user' });
  });

  it('says so when metering earns fewer certificates than an accepted formula above capacity x hours', async () => {
    // seed 001: 4 tons (14.07 kW) at COP 3.5: 431.3 MWh/yr by formula; 14.07 kW x 8,760 h = 123.3 MWh/yr at most
    const r = await trec(
      'evaluate',
      '--formula-mwh',
      '431.3',
      '--metered-mwh',
      '40',
      '--capacity-kw',
      '14.07',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/FEWER certificates/);
    expect(r.stdout).toMatch(/formula-above-capacity/);
    expect(r.stdout).toMatch(/metering-earns-fewer/);
  });

  it('takes metered output from a trec estimate JSON (heat or renewable basis)', async () => {
    const file = join(dir, 'estimate.json');
    writeFileSync(file, JSON.stringify({ heat_kwh: 30000, renewable_kwh: 21000 }));
    const heat = await trec('evaluate', '--formula-not-accepted', '--estimate', file, '--json');
    expect(heat.json<EvaluateJson>().extra_certificates_per_year).toBe(30);
    const ren = await trec(
      'evaluate',
      '--formula-not-accepted',
      '--estimate',
      file,
      '--metered-basis',
      'renewable',
      '--json',
    );
    expect(ren.json<EvaluateJson>().extra_certificates_per_year).toBe(21);
  });

  it('bad input exits 2 and names the argument', async () => {
    const none = await trec('evaluate', '--formula-mwh', '10');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--metered-mwh/);
    const noFormula = await trec('evaluate', '--metered-mwh', '10');
    expect(noFormula.code).toBe(2);
    expect(noFormula.stderr).toMatch(/--formula-mwh/);
    const years = await trec('evaluate', '--formula-mwh', '1', '--metered-mwh', '2', '--years', '0');
    expect(years.code).toBe(2);
    expect(years.stderr).toMatch(/years/);
    const missing = await trec('evaluate', '--formula-not-accepted', '--estimate', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json/);
  });
});

describe('trec evaluate for a system and program', () => {
  interface SystemJson extends EvaluateJson {
    program_id: string;
    program_version: string;
    formula_certificates_per_year: number;
    metered_certificates_per_year: number;
    formula: { mwh: number; multiplier: number; certificates: number; btu_per_mwh: number };
    metered: { certificates: number; certificate_unit: string; eligible: boolean | null };
    estimate: { heat_kwh: number; elec_kwh: number } | null;
  }

  it('hand calculation: 4 tons, COP 3.5, Maryland, 100 metered MWh, $30, upkeep $50, 5 %, 10 years', async () => {
    const r = await trec(
      'evaluate',
      ...['--tons', '4', '--cop', '3.5', '--program', 'md-geothermal', '--type', 'ground-source'],
      ...['--metered-mwh', '100', '--certificate-price', '30', '--upkeep', '50', '--json'],
    );
    expect(r.code, r.stderr).toBe(0);
    const j = r.json<SystemJson>();
    expect(j).toMatchObject({ program_id: 'md-geothermal', program_version: '1.2.0' });
    // Formula (seed 001): 4 tons x 12,000 BTU/h x 8,760 h x COP 3.5 = 1,471,680,000 BTU;
    // / 3,412,000 BTU per MWh (Maryland's file, as seed 001) = 431.32474 MWh x multiplier 1 (the file's) -> 431.
    expect(j.formula).toMatchObject({ multiplier: 1, certificates: 431, btu_per_mwh: 3_412_000 });
    expect(j.formula_certificates_per_year).toBeCloseTo(1_471_680_000 / 3_412_000, 9);
    expect(j.formula_certificates_per_year).toBeCloseTo(431.32474, 5);
    // Metered: 100 MWh = 360 GJ = 360e9 / 1,055.05585262 = 341,214,163 BTU; / 3,412,000 = 100.00415 -> 100.
    expect(j.metered_certificates_per_year).toBeCloseTo(100.00415, 5);
    expect(j.metered).toMatchObject({ certificates: 100, certificate_unit: 'MWh', eligible: true });
    // X = 100.00415 - 431.32474 = -331.32059 a year; AF = (1 - 1.05^-10) / 0.05 = 7.721735
    // NPV low  = -331.32059 x 30 x 7.721735 - 500 - 50 x 7.721735 = -76,751.09 - 500 - 386.09 = -77,637.18
    // NPV high = -76,751.09 - 1,500 - 386.09 = -78,637.18
    expect(j.extra_certificates_per_year).toBeCloseTo(-331.32059, 5);
    expect(j.annuity_factor).toBeCloseTo(7.721735, 6);
    expect(j.low.npv_usd).toBeCloseTo(-77637.18, 1);
    expect(j.high.npv_usd).toBeCloseTo(-78637.18, 1);
    // Maryland lists grec-formula, so it credits the formula as written: the physics audit (431.32 MWh from
    // 4 tons, which deliver at most 123.23 MWh) stays beside the figure as a warning, and the formula wins.
    expect(j.verdict).toBe('formula');
    expect(j).toMatchObject({ ok: true, formula_ok: true, metered_ok: true });
    const cap = j.checks.find((c) => c.code === 'exceeds-capacity');
    expect(cap?.severity).toBe('warning');
    expect(cap?.message).toMatch(
      /^program md-geothermal v1\.2\.0 credits grec-formula as written.*at most 123\.23 MWh/,
    );
    expect(j.checks.map((c) => c.code)).toContain('formula-above-capacity');
    const a = Object.fromEntries(j.assumptions.map((x) => [x.name, x]));
    expect(a['program']?.source).toMatch(/programs\/md-geothermal\.json/);
    expect(a['certificate size']?.source).toMatch(/md-geothermal\.json certificate \(verified: md-psc-faq/);
    expect(a['multiplier (both sides)']?.source).toMatch(/multipliers \(assumption/);
    expect(a['energy counted (metered side)']?.value).toMatch(/netting unknown/);
    expect(a['formula COP']).toMatchObject({ value: 3.5, source: 'user' });
  });

  it('the text shows assumptions rounded and what the program file says about methods', async () => {
    const r = await trec(
      'evaluate',
      ...['--tons', '4', '--cop', '3.5', '--program', 'nh-class-i-thermal', '--type', 'ground-source'],
      ...['--metered-mwh', '100'],
    );
    expect(r.code, r.stderr).toBe(0);
    // 4 tons x 12,000 BTU/h x 1,055.05585262 J/BTU / 3,600 s = 14,067.41 W, to 6 significant digits.
    expect(r.stdout).toContain('capacity judged for the size class: 14.0674 kW (user (--tons))');
    // New Hampshire credits metered output only (RSA 362-F:6 V): the formula is shown, not counted.
    expect(r.stdout).toContain(
      'formula accepted by the program: false (program file programs/nh-class-i-thermal.json methods: metered (verified))',
    );
  });

  it('a metering-only program credits no formula: metering is the whole gain', async () => {
    const r = await trec(
      'evaluate',
      ...['--tons', '4', '--cop', '3.5', '--program', 'nh-class-i-thermal', '--type', 'ground-source'],
      ...['--metered-mwh', '100', '--certificate-price', '30', '--upkeep', '50', '--json'],
    );
    expect(r.code, r.stderr).toBe(0);
    const j = r.json<SystemJson>();
    expect(j.formula_accepted).toBe(false);
    expect(j.formula_certificates_per_year).toBe(0);
    // Metered 100 MWh / (3,412,000 BTU x 1,055.05585262 J/BTU / 3.6e9 J/MWh) = 100.00415 certificates a year.
    // NPV low = 100.00415 x 30 x 7.721735 - 500 - 50 x 7.721735 = 23,166.17 - 500 - 386.09 = 22,280.08
    expect(j.extra_certificates_per_year).toBeCloseTo(100.00415, 5);
    expect(j.low.npv_usd).toBeCloseTo(22280.08, 1);
    expect(j.verdict).toBe('meter');
    expect(j.checks.map((c) => c.code)).toContain('formula-not-accepted');
  });

  it('a program with unknown methods (Virginia) counts the formula and says so', async () => {
    const r = await trec(
      'evaluate',
      ...['--tons', '4', '--cop', '3.5', '--program', 'va-geothermal', '--type', 'ground-source'],
      ...['--metered-mwh', '100', '--multiplier', '1', '--json'],
    );
    expect(r.code, r.stderr).toBe(0);
    const j = r.json<SystemJson>();
    expect(j.formula_accepted).toBe(true);
    expect(j.checks.map((c) => c.code)).toContain('formula-acceptance-unknown');
  });

  it('not eligible: an air-to-water unit under the ground-source Maryland program earns 0 on both sides', async () => {
    const r = await trec(
      'evaluate',
      ...['--tons', '4', '--cop', '3.5', '--program', 'md-geothermal', '--type', 'air-to-water'],
      ...['--metered-mwh', '100', '--json'],
    );
    const j = r.json<SystemJson>();
    expect(j.formula_certificates_per_year).toBe(0);
    expect(j.metered_certificates_per_year).toBe(0);
    expect(j.checks.filter((c) => c.code === 'not-eligible')).toHaveLength(1);
  });

  it('runs the seasonal estimate for the metered side and reports both sides, as trec estimate counts them', async () => {
    const system = [
      ...['--site', 'baltimore', '--type', 'ground-source', '--map', 'Vitocal350BWH110'],
      ...['--capacity-kw', '10.55', '--design-load-kw', '10', '--design-temp-c', '-12'],
    ];
    const r = await trec(
      'evaluate',
      '--tons',
      '3',
      '--cop',
      '4',
      '--program',
      'md-geothermal',
      ...system,
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const j = r.json<SystemJson>();
    // Formula: 3 x 12,000 x 8,760 x 4 / 3,412,000 = 369.7069 MWh
    expect(j.formula_certificates_per_year).toBeCloseTo((3 * 12000 * 8760 * 4) / 3_412_000, 9);
    // Metered: gross heat (Maryland states no netting) in Maryland MWh: kWh x 3.6e6 J / 1,055.05585262 / 3,412,000
    const heat = j.estimate!.heat_kwh;
    expect(heat).toBeGreaterThan(0);
    expect(j.metered_certificates_per_year).toBeCloseTo((heat * 3.6e6) / 1055.05585262 / 3_412_000, 9);
    expect(j.metered.certificates).toBe(Math.floor(j.metered_certificates_per_year));
    const names = j.assumptions.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['estimate weather', 'balance point', 'program']));
    expect(j.checks.map((c) => c.code)).toEqual(expect.arrayContaining(['heating-only', 'exceeds-capacity']));
    // The same system through trec estimate --program gives the same whole certificates.
    const est = await trec('estimate', ...system, '--program', 'md-geothermal', '--json');
    expect(est.json<{ certificates: { certificates: number } }>().certificates.certificates).toBe(
      j.metered.certificates,
    );
  });

  it('bad combinations exit 2 and name the argument', async () => {
    const stray = await trec('evaluate', '--tons', '4', '--cop', '3.5', '--map', 'x', '--metered-mwh', '3');
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/field --map: an estimate input needs a weather source/);
    const twoSources = await trec(
      'evaluate',
      '--tons',
      '4',
      '--cop',
      '3.5',
      '--metered-mwh',
      '3',
      '--site',
      'concord',
    );
    expect(twoSources.code).toBe(2);
    expect(twoSources.stderr).toMatch(/field --metered-mwh and --site: give exactly one metered source/);
    const basis = await trec(
      'evaluate',
      ...['--tons', '4', '--cop', '3.5', '--program', 'm-rets-thermal', '--metered-mwh', '3'],
      ...['--metered-basis', 'heat'],
    );
    expect(basis.code).toBe(2);
    expect(basis.stderr).toMatch(/--metered-basis/);
    const cop = await trec('evaluate', '--tons', '4', '--cop', '0.9', '--metered-mwh', '3');
    expect(cop.code).toBe(2);
    expect(cop.stderr).toMatch(/--cop/);
  });
});

it('evaluate --help lists the system, program and estimate flags', async () => {
  const r = await trec('evaluate', '--help');
  for (const flag of [
    '--tons',
    '--cop',
    '--formula-mwh',
    '--program',
    '--multiplier',
    '--metered-mwh',
    '--estimate',
    '--site',
    '--epw',
    '--type',
    '--map',
    '--keymark',
    '--capacity-kw',
    '--design-load-kw',
    '--certificate-price',
    '--years',
  ])
    expect(r.stdout).toContain(flag);
});
