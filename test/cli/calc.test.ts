import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';

interface CalcJson {
  mwh: number;
  btu: number;
  certificates: number;
  certificate_unit: string;
  credited_mwh: number;
  program_id: string | null;
  program_version: string | null;
  checks: { code: string; severity: string; message: string }[];
}

describe('trec calc: acceptance (issue 2)', () => {
  it('bin/trec calc --method grec-formula --tons 4 --cop 3.5 --json: mwh 431.32 and the 123.2 MWh cap', () => {
    const r = spawnSync(
      'bin/trec',
      ['calc', '--method', 'grec-formula', '--tons', '4', '--cop', '3.5', '--json'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as CalcJson;
    // Seed 001: 1,471,680,000 BTU / 3,412,000 BTU/MWh = 431.32 MWh
    expect(Math.abs(out.mwh - 431.32)).toBeLessThanOrEqual(0.01);
    expect(out.btu).toBeCloseTo(1_471_680_000, 3);
    expect(out.certificates).toBe(431);
    const cap = out.checks.find((c) => c.code === 'exceeds-capacity');
    expect(cap?.message).toMatch(/123\.2\d MWh/);
  });
});

describe('trec calc', () => {
  it('prints the number asked for and the physics cap side by side', async () => {
    const r = await trec('calc', '--method', 'grec-formula', '--tons', '4', '--cop', '3.5');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Formula result: 431\.32 MWh/);
    expect(r.stdout).toMatch(/Physics cap: 123\.23 MWh of heat at most.*88\.02 MWh renewable/);
    expect(r.stdout).toMatch(/ERROR exceeds-capacity/);
  });

  it('runs runtime-renewable from kW (10 kW x 1,000 h x (1 - 1/3) = 6.667 MWh)', async () => {
    const r = await trec('calc', '--method', 'runtime-renewable', '--capacity-kw', '10', '--cop', '3');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--runtime-h/);
    const ok = await trec(
      ...['calc', '--method', 'runtime-renewable', '--capacity-kw', '10', '--cop', '3'],
      '--runtime-h',
      '1000',
      '--json',
    );
    expect(ok.json<CalcJson>().mwh).toBeCloseTo(20 / 3, 9);
    expect(ok.json<CalcJson>().checks).toEqual([]);
  });

  /** Seed 001's example (4 tons, COP 3.5) under a program. */
  const example = (...args: string[]) => trec('calc', ...args, '--tons', '4', '--cop', '3.5', '--json');

  it('applies a program, records its id and version, and defaults to its only computable method', async () => {
    // md-geothermal lists grec-formula, savings-calculator and engineering-study: TREC computes only the first.
    const r = await example('--program', 'md-geothermal');
    expect(r.code).toBe(0);
    expect(r.json<CalcJson & { method: string }>()).toMatchObject({
      method: 'grec-formula',
      program_id: 'md-geothermal',
      program_version: '1.2.0',
      certificates: 431,
    });
  });

  it('counts M-RETS certificates in dekatherms: 1,471,680,000 BTU = 1,471.68 Dth -> 1,471', async () => {
    const r = await example('--program', 'm-rets-thermal', '--method', 'grec-formula');
    expect(r.json<CalcJson>()).toMatchObject({ certificate_unit: 'Dth', certificates: 1471 });
  });

  it('Massachusetts air source: 36,000 BTU/h x 1,500 EFLH x (1 - 1/3) = 10.55 MWh x 3 = 31 AECs', async () => {
    const args = [
      'calc',
      '--program',
      'ma-aps-air-source',
      '--method',
      'full-load-hours',
      '--capacity-btuh',
      '36000',
    ];
    const asks = await trec(...args, '--cop', '3', '--full-load-hours', '1500');
    expect(asks.code).toBe(2);
    expect(asks.stderr).toMatch(/field --multiplier: .*choose one/);
    const r = await trec(...args, '--cop', '3', '--full-load-hours', '1500', '--multiplier', '3', '--json');
    expect(r.json<CalcJson>().credited_mwh).toBeCloseTo((3 * 36e6 * 1055.05585262) / 3.6e9, 9);
    expect(r.json<CalcJson>().certificates).toBe(31);
  });
});

describe('trec calc: a proposal program', () => {
  it('uses its 3,412,000 BTU/MWh for heat and renewable portion alike, and says it is a proposal', async () => {
    const r = await trec(
      ...[
        'calc',
        '--program',
        'proposed-air-to-water-trec',
        '--method',
        'full-load-hours',
        '--capacity-kw',
        '30',
      ],
      ...['--cop', '4', '--full-load-hours', '2000', '--json'],
    );
    const out = r.json<CalcJson & { heat_mwh: number }>();
    // heat = 30 kW x 2,000 h = 60,000 kWh = 2.16e11 J = 2.16e11 / 1055.05585262 BTU = 204,728,498 BTU;
    // / 3,412,000 = 60.0025 MWh; renewable = x (1 - 1/4) = 45.0019 MWh -> 45 certificates
    const heatBtu = 2.16e11 / 1055.05585262;
    expect(out.heat_mwh).toBeCloseTo(heatBtu / 3_412_000, 9);
    expect(out.mwh).toBeCloseTo((heatBtu * 0.75) / 3_412_000, 9);
    expect(out.certificates).toBe(45);
    expect(out.checks.map((c) => c.code)).toEqual(['method-not-in-program', 'program-is-proposal']);
  });
});

describe('trec calc: bad input exits 2 naming the argument', () => {
  const base = ['calc', '--method', 'grec-formula', '--tons', '4'];
  it.each([
    [[...base, '--cop', 'abc'], /--cop/],
    // Refused at parse time by its range (src/cli/ranges.ts), naming the option and the text as typed.
    [[...base, '--cop', '0.9'], /option '--cop <n>' argument '0\.9' is invalid\. expected above 1/],
    [
      ['calc', '--method', 'grec-formula', '--cop', '3'],
      /field --tons, --capacity-kw or --capacity-btuh: .*required/,
    ],
    [
      [...base, '--capacity-kw', '5', '--cop', '3'],
      /field --tons and --capacity-kw: give the rated capacity once/,
    ],
    [[...base, '--cop', '3', '--hours', '100'], /field --hours .*8,760/],
    [['calc', '--method', 'magic', '--tons', '4', '--cop', '3'], /field --method \(value "magic"\)/],
    [[...base, '--cop', '3', '--program', 'atlantis'], /field --program \(value "atlantis"\)/],
    [['calc', '--tons', '4'], /--cop/],
  ])('%j', async (args, message) => {
    const r = await trec(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
