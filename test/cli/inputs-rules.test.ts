import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-inputs-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Evaluated {
  verdict: string;
  recommendation: string;
  ok: boolean;
  formula_ok: boolean;
  metered_ok: boolean;
  extra_certificates_per_year: number;
  pv_extra_revenue_usd: number;
  formula: {
    certificates: number;
    formula_certificates: number;
    credited: boolean;
    not_credited_reason: string;
  };
  checks: { code: string; severity: string }[];
}

describe('evaluate never recommends a side under an error', () => {
  it('a metered 5,000 MWh a year from 4 tons (at most 123.23 MWh) gets no recommendation', async () => {
    const r = await trec(
      'evaluate',
      '--tons',
      '4',
      '--formula-not-accepted',
      '--metered-mwh',
      '5000',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const j = r.json<Evaluated>();
    // Ceiling: 4 x 12,000 BTU/h x 1,055.05585262 J/BTU x 8,760 h / 3.6e9 J/MWh = 123.231 MWh a year.
    expect(j.checks.find((c) => c.code === 'metered-above-capacity')?.severity).toBe('error');
    expect(j.verdict).toBe('none');
    expect(j.recommendation).toMatch(
      /^No recommendation: the metered figure carries error check metered-above-capacity/,
    );
    expect(j).toMatchObject({ ok: false, formula_ok: true, metered_ok: false });
    // The arithmetic stays, for reference: 5,000 x $20 x 7.721735 = $772,173.49.
    expect(j.pv_extra_revenue_usd).toBeCloseTo(772_173.49, 1);
    const human = await trec('evaluate', '--tons', '4', '--formula-not-accepted', '--metered-mwh', '5000');
    const lines = human.stdout.split('\n');
    expect(lines[0]).toMatch(/^NOT A CLEAN FIGURE: 1 error check/);
    expect(lines.findIndex((l) => /metered-above-capacity/.test(l))).toBeLessThan(
      lines.findIndex((l) => /^NPV of metering/.test(l)),
    );
    expect(human.stdout).not.toMatch(/^Meter:/m);
  });

  it('clean figures still get a recommendation, and ok is true', async () => {
    // 10 vs 12 a year at $100: NPV low = 2 x 100 x 7.721735 - 500 - 100 x 7.721735 = $272.17 > 0,
    // high = 772.17 - 1500 - 0... = 2 x 100 x 7.721735 - 1500 - 772.17 = -$727.83: depends on the meter cost.
    const r = await trec(
      'evaluate',
      '--formula-mwh',
      '10',
      '--metered-mwh',
      '12',
      '--certificate-price',
      '100',
      '--json',
    );
    const j = r.json<Evaluated>();
    expect(j.verdict).toBe('depends-on-meter-cost');
    expect(j).toMatchObject({ ok: true, formula_ok: true, metered_ok: true });
  });

  it('not eligible: the formula side shows 0 credited certificates and why, never "431 whole certificates"', async () => {
    const args = [
      'evaluate',
      '--tons',
      '4',
      '--cop',
      '3.5',
      '--program',
      'md-geothermal',
      '--type',
      'air-to-water',
    ];
    const r = await trec(...args, '--metered-mwh', '100', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = r.json<Evaluated>();
    // 4 x 12,000 x 8,760 x 3.5 / 3,412,000 = 431.32 MWh by the formula; credited 0 (air-to-water is not ground-source).
    expect(j.formula).toMatchObject({ certificates: 0, formula_certificates: 431, credited: false });
    expect(j.formula.not_credited_reason).toMatch(
      /^not eligible: air-to-water is not a technology program md-geothermal lists \(ground-source, water-source\)/,
    );
    expect(j.verdict).toBe('none');
    const human = await trec(...args, '--metered-mwh', '100');
    expect(human.stdout).not.toMatch(/431 whole certificates/);
    expect(human.stdout).toMatch(
      /formula: 431\.32 MWh x multiplier 1 -> 0 credited certificates \(not eligible: /,
    );
    expect(human.stdout.split('\n')[0]).toMatch(/^NOT A CLEAN FIGURE/);
  });

  it('an estimate file carries its checks into the metered side: an error there means no recommendation', async () => {
    const { writeFileSync } = await import('node:fs');
    const flagged = join(dir, 'flagged.json');
    const error = { code: 'cop-above-carnot', severity: 'error', message: 'COP 33 above Carnot' };
    writeFileSync(flagged, JSON.stringify({ heat_kwh: 30000, checks: [error] }));
    const r = await trec('evaluate', '--formula-not-accepted', '--estimate', flagged, '--json');
    expect(r.code, r.stderr).toBe(0);
    // 30,000 kWh = 30 MWh a year, every one extra (no formula): the numbers favour the meter, the file's error does not.
    const j = r.json<Evaluated>();
    expect(j.extra_certificates_per_year).toBeCloseTo(30, 9);
    expect(j).toMatchObject({ verdict: 'none', ok: false, metered_ok: false });
    const notOk = join(dir, 'not-ok.json');
    writeFileSync(notOk, JSON.stringify({ heat_kwh: 30000, ok: false, checks: [] }));
    const n = await trec('evaluate', '--formula-not-accepted', '--estimate', notOk, '--json');
    expect(n.json<Evaluated>().checks.map((c) => c.code)).toContain('estimate-not-ok');
    const bad = join(dir, 'bad-checks.json');
    writeFileSync(bad, JSON.stringify({ heat_kwh: 30000, checks: [{ code: 'x' }] }));
    const b = await trec('evaluate', '--formula-not-accepted', '--estimate', bad);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/bad-checks\.json, field checks\[0\]/);
  });

  it.each([
    [
      ['--formula-mwh', '10', '--formula-not-accepted', '--metered-mwh', '5'],
      /field --formula-mwh and --formula-not-accepted: they conflict/,
    ],
    [
      ['--formula-mwh', '10', '--cop', '3', '--metered-mwh', '5'],
      /field --cop and --formula-mwh: they conflict/,
    ],
    [
      ['--formula-not-accepted', '--cop', '3', '--metered-mwh', '5'],
      /field --cop and --formula-not-accepted: they conflict/,
    ],
    [
      ['--formula-mwh', '1', '--metered-mwh', '5', '--meter-cost', '900', '--meter-cost-low', '100'],
      /field --meter-cost and --meter-cost-low: they conflict/,
    ],
    [
      ['--formula-mwh', '1', '--metered-mwh', '5', '--meter-cost', '900', '--meter-cost-high', '1000'],
      /field --meter-cost and --meter-cost-high: they conflict/,
    ],
    [
      ['--formula-mwh', '1', '--metered-mwh', '5', '--metered-basis', 'renewable'],
      /field --metered-basis and --metered-mwh: they conflict/,
    ],
    [
      ['--tons', '4', '--cop', '3', '--capacity-kw', '14', '--metered-mwh', '5'],
      /field --tons and --capacity-kw: they conflict/,
    ],
    [
      ['--formula-mwh', '1', '--metered-mwh', '5', '--meter-cost-low', '2000'],
      /field --meter-cost-low and --meter-cost-high: .*2000 is above 1500 \(the default\)/,
    ],
    [
      ['--formula-mwh', '1', '--metered-mwh', '5', '--estimate', 'x.json'],
      /field --metered-mwh and --estimate: give exactly one metered source/,
    ],
  ])('conflicting flags %j exit 2 naming both', async (args, message) => {
    const r = await trec('evaluate', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('estimate: flags that mean nothing for the --type are refused naming both', () => {
  const base = ['estimate', '--site', 'boston', '--map', 'Vitocal251A08', '--design-load-kw', '8'];
  it.each([
    [['--indoor-c', '21'], /field --indoor-c and --type: .*\(air-to-water\) heats water/],
    [['--ground-c', '8'], /field --ground-c and --type: .*\(air-to-water\) draws on outdoor air/],
    [
      ['--type', 'air-to-air', '--water-c', '45'],
      /field --water-c and --type: an air-to-air unit heats indoor air, not water/,
    ],
    [
      ['--type', 'air-to-air', '--water-at-balance-c', '30'],
      /field --water-at-balance-c and --type: an air-to-air unit heats indoor air, not water/,
    ],
  ])('%j', async (args, message) => {
    const r = await trec(...base, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('the rule everywhere: JSON carries ok beside checks; human output leads with the errors', () => {
  it('calc: the GREC formula (exceeds-capacity, an error) is ok false and leads; runtime-renewable is ok true', async () => {
    const formula = await trec('calc', '--method', 'grec-formula', '--tons', '4', '--cop', '3.5', '--json');
    expect(formula.json()).toMatchObject({ ok: false });
    const text = (await trec('calc', '--method', 'grec-formula', '--tons', '4', '--cop', '3.5')).stdout.split(
      '\n',
    );
    expect(text[0]).toMatch(/^NOT A CLEAN FIGURE: 1 error check/);
    expect(text[1]).toMatch(/ERROR exceeds-capacity/);
    expect(text.findIndex((l) => /ERROR exceeds-capacity/.test(l))).toBeLessThan(
      text.findIndex((l) => /Formula result: 431\.32 MWh/.test(l)),
    );
    // 10 kW x 1,000 h x (1 - 1/3) = 6.667 MWh, within 10 kW x 8,760 h = 87.6 MWh: clean.
    const args = [
      'calc',
      '--method',
      'runtime-renewable',
      '--capacity-kw',
      '10',
      '--cop',
      '3',
      '--runtime-h',
      '1000',
    ];
    const clean = await trec(...args, '--json');
    expect(clean.json<{ ok: boolean; mwh: number }>()).toMatchObject({ ok: true });
    expect(clean.json<{ mwh: number }>().mwh).toBeCloseTo((10 * 1000 * (1 - 1 / 3)) / 1000, 9);
    expect((await trec(...args)).stdout).not.toMatch(/NOT A CLEAN FIGURE/);
  });

  it('calc refuses a sink not warmer than the source, naming both', async () => {
    const r = await trec(
      ...[
        'calc',
        '--method',
        'grec-formula',
        '--tons',
        '4',
        '--cop',
        '3.5',
        '--source-c',
        '40',
        '--sink-c',
        '35',
      ],
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/field --sink-c and --source-c: .*sink 35 degC must be above source 40 degC/);
  });

  it('estimate: not eligible under a program is an error that leads; a plain estimate is ok', async () => {
    const base = ['estimate', '--site', 'boston', '--map', 'Vitocal251A08', '--design-load-kw', '8'];
    const bad = await trec(...base, '--program', 'md-geothermal', '--json');
    expect(bad.json()).toMatchObject({ ok: false });
    const text = (await trec(...base, '--program', 'md-geothermal')).stdout.split('\n');
    expect(text[0]).toMatch(/^NOT A CLEAN FIGURE/);
    expect(text[1]).toMatch(/ERROR not-eligible/);
    const plain = await trec(...base, '--json');
    expect(plain.json()).toMatchObject({ ok: true });
  });

  it('simulate laundry: JSON carries ok', async () => {
    const r = await trec('simulate', 'laundry', '--days', '1', '--out', join(dir, 'l.csv'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = r.json<{ ok: boolean; checks: { severity: string }[] }>();
    expect(j.ok).toBe(!j.checks.some((c) => c.severity === 'error'));
  });
});

describe('user-facing text names the source, never "seed 001"', () => {
  it.each([
    [['calc', '--help']],
    [['evaluate', '--formula-mwh', '10', '--metered-mwh', '12']],
    [
      [
        'evaluate',
        '--tons',
        '4',
        '--cop',
        '3.5',
        '--program',
        'va-geothermal',
        '--type',
        'ground-source',
        '--metered-mwh',
        '100',
        '--multiplier',
        '1',
      ],
    ],
  ])('%j', async (args) => {
    const r = await trec(...args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/seed 00\d/);
  });

  it('evaluate cites Emergent Energy Solutions, "How Is Thermal Energy Measured for GREC Purposes?", 2022', async () => {
    const r = await trec('evaluate', '--formula-mwh', '10', '--metered-mwh', '12');
    expect(r.stdout).toContain(
      'Emergent Energy Solutions, "How Is Thermal Energy Measured for GREC Purposes?", 2022',
    );
  });
});
