import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
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
});

describe('trec --help', () => {
  it('lists each command with its first whole sentence, even when its description wraps mid-sentence', async () => {
    // `trec estimate`'s description wraps after "hour by hour over a"; its sentence ends at "typical year:".
    const r = await trec('--help');
    expect(r.stdout).toMatch(/^ {2}estimate \[options\] +Seasonal heating estimate .* over a typical year$/m);
    expect(r.stdout).toMatch(/^ {2}convert .* Convert a quantity between units with exact constants$/m);
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
