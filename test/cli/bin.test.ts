import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { firstSentence } from '../../src/cli/main.ts';
import { trec } from '../helpers/cli.ts';

describe('bin/trec (as installed: a separate process from the sources)', () => {
  it('prints help with exit 0', () => {
    const out = execFileSync('bin/trec', ['--help'], { encoding: 'utf8' });
    expect(out).toMatch(/Usage: trec/);
    expect(out).toMatch(/convert/);
  });
  it('exits 2 and names the argument on bad input', () => {
    const r = spawnSync('bin/trec', ['convert', 'energy', 'abc', 'kWh', 'MWh'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/'abc'.*'value'/);
  });
  it('numbers are decimal only: --tons 0x10 (16 to JavaScript) exits 2 naming the option and the text', () => {
    const args = ['calc', '--method', 'grec-formula', '--tons', '0x10', '--cop', '3.5'];
    const r = spawnSync('bin/trec', args, { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/option '--tons <n>' argument '0x10' is invalid\. expected a decimal number/);
  });
});

describe('trec --help', () => {
  it('lists each command on one line: its summary, or the first whole sentence of its description', async () => {
    const r = await trec('--help');
    expect(r.stdout).toMatch(/^ {2}convert .* Convert a quantity between units with exact constants$/m);
    expect(r.stdout).toMatch(
      /^ {2}estimate \[options\] +Seasonal heating estimate of a heat pump at a site/m,
    );
  });
  it('takes the first sentence across wrapped lines, ending at ". " or ": "', () => {
    expect(firstSentence('Seasonal estimate, hour by hour over a\ntypical year: more here.')).toBe(
      'Seasonal estimate, hour by hour over a typical year',
    );
    expect(firstSentence('Convert units. Exact constants.')).toBe('Convert units');
    expect(firstSentence('No full stop')).toBe('No full stop');
  });
});

describe('trec convert', () => {
  it('converts 1 MWh to BTU with the exact constant and prints JSON', async () => {
    const r = await trec('convert', 'energy', '1', 'MWh', 'BTU', '--json');
    expect(r.code).toBe(0);
    expect(r.json<{ result: number }>().result).toBeCloseTo(3.6e9 / 1055.05585262, 6);
  });
  it('refuses SCOP -> HSPF with exit 2 and the reason', async () => {
    const r = await trec('convert', 'efficiency', '3', 'SCOP', 'HSPF');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/EN 14825/);
  });
});
