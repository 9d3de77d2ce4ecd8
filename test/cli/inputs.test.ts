import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNumber } from '../../src/cli/context.ts';
import { RANGES, describeRange, inRange, type Range } from '../../src/app/index.ts';
import { ranged } from '../../src/cli/ranges.ts';
import { trec } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = join(dir, 'laundry.csv');

/** Every absurd value the issue lists: huge, tiny, not a number, not decimal, negative zero. */
const ABSURD = ['1e308', '-1e308', 'NaN', '0x10', '0b11', '1e-320', '-0'];

/** True when a JSON value holds only finite numbers (JSON cannot hold Infinity/NaN: they would be null). */
function finiteNumbers(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(finiteNumbers);
  if (value !== null && typeof value === 'object') return Object.values(value).every(finiteNumbers);
  return true;
}

/**
 * Each command with each numeric flag (X marks where the value goes) and the name the refusal must carry:
 * the flag as typed (for convert's positional value, commander's or our `<value>`).
 */
const CASES: [string, string[], RegExp][] = [
  ['--tons', ['calc', '--method', 'grec-formula', '--tons', 'X', '--cop', '3.5'], /--tons/],
  [
    '--capacity-kw',
    ['calc', '--method', 'grec-formula', '--capacity-kw', 'X', '--cop', '3.5'],
    /--capacity-kw/,
  ],
  [
    '--capacity-btuh',
    ['calc', '--method', 'grec-formula', '--capacity-btuh', 'X', '--cop', '3.5'],
    /--capacity-btuh/,
  ],
  ['--cop', ['calc', '--method', 'grec-formula', '--tons', '4', '--cop', 'X'], /--cop/],
  [
    '--multiplier',
    ['calc', '--method', 'grec-formula', '--tons', '4', '--cop', '3.5', '--multiplier', 'X'],
    /--multiplier/,
  ],
  [
    '--hours',
    [
      'calc',
      '--method',
      'runtime-renewable',
      '--capacity-kw',
      '10',
      '--cop',
      '3',
      '--runtime-h',
      '1',
      '--hours',
      'X',
    ],
    /--hours/,
  ],
  [
    '--runtime-h',
    ['calc', '--method', 'runtime-renewable', '--capacity-kw', '10', '--cop', '3', '--runtime-h', 'X'],
    /--runtime-h/,
  ],
  [
    '--load-fraction',
    [
      ...['calc', '--method', 'runtime-renewable', '--capacity-kw', '10', '--cop', '3'],
      ...['--runtime-h', '1000', '--load-fraction', 'X'],
    ],
    /--load-fraction/,
  ],
  [
    '--full-load-hours',
    ['calc', '--method', 'full-load-hours', '--capacity-kw', '10', '--cop', '3', '--full-load-hours', 'X'],
    /--full-load-hours/,
  ],
  [
    '--source-c',
    ['calc', '--method', 'grec-formula', '--tons', '4', '--cop', '3.5', '--source-c', 'X', '--sink-c', '35'],
    /--source-c/,
  ],
  [
    '--sink-c',
    ['calc', '--method', 'grec-formula', '--tons', '4', '--cop', '3.5', '--source-c', '0', '--sink-c', 'X'],
    /--sink-c/,
  ],
  ...(
    [
      '--capacity-kw',
      '--design-temp-c',
      '--balance-c',
      '--water-c',
      '--water-at-balance-c',
      '--indoor-c',
      '--ground-c',
    ] as const
  ).map((flag): [string, string[], RegExp] => [
    `estimate ${flag}`,
    ['estimate', '--site', 'boston', '--map', 'Vitocal251A08', '--design-load-kw', '8', flag, 'X'],
    new RegExp(flag),
  ]),
  [
    'estimate --design-load-kw',
    ['estimate', '--site', 'boston', '--map', 'Vitocal251A08', '--design-load-kw', 'X'],
    /--design-load-kw/,
  ],
  [
    'estimate --multiplier',
    [
      ...['estimate', '--site', 'boston', '--map', 'Vitocal251A08', '--design-load-kw', '8'],
      ...['--program', 'ma-aps-air-source', '--multiplier', 'X'],
    ],
    /--multiplier/,
  ],
  ...(
    [
      '--formula-mwh',
      '--metered-mwh',
      '--certificate-price',
      '--meter-cost-low',
      '--meter-cost-high',
      '--meter-cost',
      '--upkeep',
      '--discount-rate',
      '--years',
      '--multiplier',
    ] as const
  ).map((flag): [string, string[], RegExp] => [
    `evaluate ${flag}`,
    [
      'evaluate',
      ...(flag === '--formula-mwh' ? [] : ['--formula-mwh', '10']),
      ...(flag === '--metered-mwh' ? [] : ['--metered-mwh', '12']),
      flag,
      'X',
    ],
    new RegExp(flag),
  ]),
  ['evaluate --tons', ['evaluate', '--tons', 'X', '--cop', '3.5', '--metered-mwh', '12'], /--tons/],
  ['evaluate --cop', ['evaluate', '--tons', '4', '--cop', 'X', '--metered-mwh', '12'], /--cop/],
  [
    'evaluate --capacity-kw',
    ['evaluate', '--formula-mwh', '10', '--metered-mwh', '12', '--capacity-kw', 'X'],
    /--capacity-kw/,
  ],
  [
    'evaluate --design-load-kw',
    [
      'evaluate',
      '--formula-mwh',
      '10',
      '--site',
      'boston',
      '--map',
      'Vitocal251A08',
      '--design-load-kw',
      'X',
    ],
    /--design-load-kw/,
  ],
  ['simulate --days', ['simulate', 'laundry', '--days', 'X', '--out', out], /--days/],
  ['simulate --seed', ['simulate', 'laundry', '--days', '1', '--out', out, '--seed', 'X'], /--seed/],
  [
    'simulate --electricity-price',
    ['simulate', 'laundry', '--days', '1', '--out', out, '--electricity-price', 'X'],
    /--electricity-price/,
  ],
  [
    'simulate --set',
    ['simulate', 'laundry', '--days', '1', '--out', out, '--set', 'tankVolumeL=X'],
    /--set.*tankVolumeL/,
  ],
  ['convert energy', ['convert', 'energy', 'X', 'kWh', 'J'], /value/],
  ['convert temperature', ['convert', 'temperature', 'X', 'C', 'K'], /value/],
  ['convert efficiency', ['convert', 'efficiency', 'X', 'COP', 'EER'], /value/],
  ['fluid --temp-c', ['fluid', 'water', '--temp-c', 'X'], /--temp-c/],
  [
    'fluid --mass-fraction',
    ['fluid', 'propylene-glycol', '--temp-c', '20', '--mass-fraction', 'X'],
    /--mass-fraction/,
  ],
];

describe('every numeric flag at absurd values: exit 2 naming the flag, or a finite, sensible result', () => {
  const table = CASES.flatMap(([name, args, flag]) =>
    // Only the placeholder argument (`X`, or `NAME=X`) takes the value: a temp path may contain an X too.
    ABSURD.map((v) => [name, v, args.map((a) => (a === 'X' ? v : a.replace(/=X$/, `=${v}`))), flag] as const),
  );
  it.each(table)('%s %s', async (_name, value, args, flag) => {
    const r = await trec(...args, '--json');
    expect([0, 2], `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
    if (r.code === 2) {
      // The flag as typed, the value as typed (never "value null"), and no internal field name.
      expect(r.stderr).toMatch(flag);
      expect(r.stderr).toContain(value.replace(/^-0$/, '0') === '0' ? '' : value);
      expect(r.stderr).not.toMatch(/value null|energyJ|discountRate|meterCost(Low|High)Usd|designLoadW/);
    } else {
      expect(finiteNumbers(r.json()), r.stdout).toBe(true);
      const human = await trec(...args);
      expect(human.code).toBe(0);
      expect(human.stdout).not.toMatch(/∞|NaN|Infinity/);
    }
  });
});

describe('CLI numbers are decimal only (parseNumber)', () => {
  it.each([
    ['1e3', 1000],
    ['-5', -5],
    ['.5', 0.5],
    ['5.', 5],
    ['+2.5', 2.5],
    ['1.5E-3', 0.0015],
    ['-0', 0],
  ])('%s is %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
    expect(Object.is(parseNumber(text), -0)).toBe(false);
  });

  it.each([
    '0x10',
    '0b11',
    '0o7',
    'Infinity',
    '-Infinity',
    'NaN',
    '1_000',
    ' ',
    '',
    ' 5',
    '5 ',
    '1,5',
    '1e',
    'e3',
    '--5',
    '1e400',
    '1e-400',
    '1e-320',
  ])('%j is refused', (text) => {
    expect(() => parseNumber(text)).toThrow(InvalidArgumentError);
  });

  it('the issue examples: --tons 0x10 (16 by Number()) and --cop 0b11 (3) exit 2 naming the flag and the text', async () => {
    const tons = await trec('calc', '--method', 'grec-formula', '--tons', '0x10', '--cop', '3.5');
    expect(tons.code).toBe(2);
    expect(tons.stderr).toMatch(/option '--tons <n>' argument '0x10' is invalid\. expected a decimal number/);
    const cop = await trec('calc', '--method', 'grec-formula', '--tons', '4', '--cop', '0b11');
    expect(cop.code).toBe(2);
    expect(cop.stderr).toMatch(/option '--cop <n>' argument '0b11' is invalid/);
  });
});

describe('ranges', () => {
  it('--design-temp-c: the coldest and warmest air recorded on Earth (WMO: -89.2 and 56.7 degC) are the bounds', () => {
    const parse = ranged('--design-temp-c');
    expect(parse('-89.2')).toBe(-89.2);
    expect(parse('56.7')).toBe(56.7);
    expect(() => parse('-89.3')).toThrow(/from -89\.2 to 56\.7 degC/);
    expect(() => parse('-300')).toThrow(/Vostok/);
  });

  it('--cop is above 1 (open) and at most 20; --years a whole number 1-100', () => {
    const cop = ranged('--cop');
    expect(() => cop('1')).toThrow(/above 1 and at most 20/);
    expect(cop('1.01')).toBe(1.01);
    expect(cop('20')).toBe(20);
    expect(() => cop('20.1')).toThrow();
    const years = ranged('--years');
    expect(() => years('10.5')).toThrow(/whole number/);
    expect(years('100')).toBe(100);
  });

  it('capacity bounds agree across units: 0.1 kW = 0.0284 tons = 341.2 BTU/h, 1 GW = 284,345 tons', () => {
    // 1 ton = 12,000 BTU/h x 1055.05585262 J / 3600 s = 3516.8528 W; 100 W / 3516.8528 = 0.0284345 tons
    expect(RANGES.tons.min).toBeCloseTo(100 / 3516.8528421, 6);
    expect(RANGES.tons.max).toBeCloseTo(1e9 / 3516.8528421, 1);
    // 1 BTU/h = 1055.05585262 / 3600 W = 0.293071 W; 100 W = 341.214 BTU/h
    expect(RANGES.capacityBtuh.min).toBeCloseTo(341.2142, 3);
  });

  it('no product of the largest inputs overflows: the NPV at every maximum stays finite', () => {
    // certificates 1e9/yr x $10,000 x AF(-0.1, 100 years) = 1e9 x 1e4 x (1 - 0.9^-100) / -0.1 = 3.8e18
    const af = (1 - 0.9 ** -100) / -0.1;
    expect(RANGES.formulaMwh.max * RANGES.certificatePrice.max * af).toBeLessThan(1e20);
  });

  it('every range is described and its bounds are inside it (unless open)', () => {
    for (const r of Object.values(RANGES) as Range[]) {
      expect(describeRange(r)).toMatch(/\d/);
      expect(inRange(r, r.min)).toBe(!('minOpen' in r && r.minOpen));
      expect(inRange(r, r.max)).toBe(true);
      expect(inRange(r, Number.NaN)).toBe(false);
    }
  });
});

describe('ranges in --help and docs/methods.md', () => {
  it('--help prints the range the parser enforces', async () => {
    const calc = await trec('calc', '--help');
    expect(calc.stdout.replace(/\s+/g, ' ')).toContain(
      'heating COP (W/W), greater than 1 [above 1 and at most 20 W/W]',
    );
    const estimate = await trec('estimate', '--help');
    expect(estimate.stdout.replace(/\s+/g, ' ')).toMatch(
      /--design-temp-c <degC> .*\[from -89\.2 to 56\.7 degC\]/,
    );
  });

  it('every ranged option is in the docs table "Input ranges (CLI)"', async () => {
    const { readFileSync } = await import('node:fs');
    const docs = readFileSync('docs/methods.md', 'utf8');
    const section = docs.slice(docs.indexOf('## Input ranges (CLI)'));
    expect(section.length).toBeGreaterThan(1000);
    for (const key of Object.keys(RANGES)) {
      const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      expect(section, flag).toContain(`\`${flag}\``);
    }
  });
});

describe('out-of-range inputs: the issue examples', () => {
  it('--design-temp-c -300 (below absolute zero) exits 2 naming the flag and -300', async () => {
    const r = await trec(
      ...['estimate', '--site', 'boston', '--map', 'Vitocal251A08', '--design-load-kw', '8'],
      ...['--design-temp-c', '-300'],
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/option '--design-temp-c <degC>' argument '-300' is invalid/);
  });

  it('--design-load-kw 1e308 and --certificate-price 1e308 exit 2 (no "unmet ∞ kWh", no "-$∞")', async () => {
    const load = await trec(
      'estimate',
      '--site',
      'boston',
      '--map',
      'Vitocal251A08',
      '--design-load-kw',
      '1e308',
    );
    expect(load.code).toBe(2);
    expect(load.stderr).toMatch(/--design-load-kw.*'1e308'/);
    const price = await trec(
      'evaluate',
      '--formula-mwh',
      '10',
      '--metered-mwh',
      '12',
      '--certificate-price',
      '1e308',
    );
    expect(price.code).toBe(2);
    expect(price.stderr).toMatch(/--certificate-price.*'1e308'/);
  });

  it('a balance point at or below the design temperature names both flags', async () => {
    const r = await trec(
      ...['estimate', '--site', 'boston', '--map', 'Vitocal251A08', '--design-load-kw', '8'],
      ...['--design-temp-c', '-15', '--balance-c', '-20'],
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/field --balance-c and --design-temp-c: .*-20 degC is not above -15 degC/);
  });

  it('convert: below absolute zero, overflow and underflow are refused with the value as typed', async () => {
    const cold = await trec('convert', 'temperature', '--', '-300', 'C', 'K');
    expect(cold.code).toBe(2);
    expect(cold.stderr).toMatch(/<value> \(value "-300"\): -300 C is below absolute zero/);
    // 1e308 kWh x 3.6e6 J/kWh = 3.6e314 J: beyond the largest double (1.8e308)
    const big = await trec('convert', 'energy', '1e308', 'kWh', 'J');
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/value "1e308".*beyond the largest/);
    // 1e-300 J / 3.6e6 J/kWh / 1e3 = 2.8e-310 MWh: a subnormal, printed without precision
    const tiny = await trec('convert', 'energy', '1e-300', 'J', 'MWh');
    expect(tiny.code).toBe(2);
    expect(tiny.stderr).toMatch(/below the smallest normal double/);
    const unit = await trec('convert', 'energy', '1', 'J', 'GWh');
    expect(unit.stderr).toMatch(/field <to> \(value "GWh"\)/);
  });

  it('an estimate file with a non-finite or absurd figure names the file and field, not "value null"', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = join(dir, 'est.json');
    writeFileSync(file, '{"heat_kwh": 1e308}');
    const r = await trec('evaluate', '--formula-mwh', '1', '--estimate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /est\.json, field heat_kwh \(value 1e\+308\): must be a number of kWh from 0 to 1e10/,
    );
  });
});
