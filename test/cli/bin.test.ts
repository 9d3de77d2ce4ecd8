import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// bin/trec runs dist/trec.cjs only when its recorded fingerprint matches the build inputs now (bin/launch.js),
// else rebuilds it, else runs the sources through tsx. Shown on a copy of the repository in a temporary
// directory (its own dist/), so the real dist/ that other tests run is never rebuilt or touched here.
describe('bin/trec never runs a stale build (a copy of the repository)', () => {
  const root = mkdtempSync(join(tmpdir(), 'trec-bin-'));
  beforeAll(() => {
    for (const rel of ['bin', 'scripts', 'src', 'tsconfig.json', 'package.json', 'package-lock.json'])
      cpSync(rel, join(root, rel), { recursive: true });
    symlinkSync(realpathSync('node_modules'), join(root, 'node_modules'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const bin = join(root, 'bin', 'trec');
  const bundle = join(root, 'dist', 'trec.cjs');
  const main = join(root, 'src', 'cli', 'main.ts');
  const run = () => spawnSync(bin, ['--help'], { encoding: 'utf8' });
  const header = () => readFileSync(bundle, 'utf8').split('\n', 1)[0]!;

  // A whole second, which utimes can set back exactly (a file's own mtime has nanoseconds it cannot).
  const mtime = new Date('2026-01-01T00:00:00Z');

  it('runs the bundle when it is fresh: a marked bundle with the current fingerprint is what runs', () => {
    utimesSync(main, mtime, mtime);
    execFileSync(process.execPath, [join(root, 'scripts', 'build.js')], { stdio: 'pipe' });
    // Keep the build's header line (its fingerprint), replace the body by a marker; a new id, so no cache.
    const built = JSON.parse(header().replace('// trec-build ', '')) as { fingerprint: string };
    const marked = `// trec-build ${JSON.stringify({ fingerprint: built.fingerprint, id: 'marked' })}\n`;
    writeFileSync(
      bundle,
      `${marked}exports.main = async () => (process.stdout.write('FROM THE BUNDLE\\n'), 0);\n`,
    );
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('FROM THE BUNDLE\n');
  });

  it('rebuilds after a source edit of the same size with its mtime set back, and runs the edit', () => {
    const text = readFileSync(main, 'utf8');
    expect(text).toContain("'TREC: thermal renewable");
    writeFileSync(main, text.replace("'TREC: thermal renewable", "'TREX: thermal renewable"));
    utimesSync(main, mtime, mtime); // size and mtime as before; only the ctime tells
    expect(statSync(main).size).toBe(Buffer.byteLength(text));
    expect(statSync(main).mtimeMs).toBe(mtime.getTime());
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^TREX: thermal renewable/m);
    expect(r.stdout).not.toMatch(/FROM THE BUNDLE/);
    expect(r.stderr).toBe(''); // the rebuild is silent
    expect(header()).not.toContain('"id":"marked"'); // dist/ holds the new build
    expect(run().stdout).toMatch(/^TREX: thermal renewable/m); // and runs it from then on
  });

  it('runs the sources through tsx, with a note, when the stale build cannot be rebuilt', () => {
    writeFileSync(main, readFileSync(main, 'utf8').replace("'TREX: thermal", "'TREY: thermal"));
    rmSync(join(root, 'dist'), { recursive: true, force: true });
    writeFileSync(join(root, 'dist'), 'a file where the build directory should be\n');
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^TREY: thermal renewable/m);
    expect(r.stderr).toMatch(/^trec: note: could not rebuild dist\/ .*; running the sources through tsx/);
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
