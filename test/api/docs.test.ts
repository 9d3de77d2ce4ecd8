// docs/api.md's examples, run as written (issue 11): every ```sh block, in order, in one bash session with
// `trec` being bin/trec, against the live server the first block starts on a free port. Their output lines
// are the answers the document promises: 431 certificates, 401 without a token, the pointer /tons, 3 stored
// hours, a replayed upload, the stored and posted energy (hand figure: 6.94 kWh an hour, see helpers.ts),
// a next page, OpenAPI 3.1.0; then issue 10's certificates over HTTP.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'trec-api-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

it('the curl examples of docs/api.md run against a live server and give the documented answers', async () => {
  const doc = readFileSync(join(root, 'docs/api.md'), 'utf8');
  const blocks = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  expect(blocks.length).toBeGreaterThanOrEqual(4);
  const bin = join(dir, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  writeFileSync(join(bin, 'trec'), `#!/bin/sh\nexec "${root}/bin/trec" "$@"\n`);
  chmodSync(join(bin, 'trec'), 0o755);
  const port = await freePort();
  // Whatever happens, the server the examples start is stopped.
  const trap = `trap 'if [ -n "\${SERVER:-}" ]; then kill "$SERVER" 2>/dev/null || true; fi' EXIT`;
  const script = `${trap}\n${blocks.join('\n')}`;
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: dir,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, PORT: String(port), TREC_USER: 'docs' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines[0]).toBe('431');
  expect(lines[1]).toBe('401');
  expect(lines[2]).toBe('/tons');
  expect(lines[3]).toBe('3');
  expect(lines[4]?.toLowerCase()).toMatch(/^idempotent-replayed: true/);
  const stored = Number(lines[5]);
  expect(stored).toBeGreaterThan(3 * 6.94 * 0.99);
  expect(stored).toBeLessThan(3 * 6.94 * 1.01);
  expect(Number(lines[6])).toBeCloseTo(stored, 2); // the same file's 3 h, posted and not stored
  expect(lines[7]).toBe('null'); // one system: no next page
  expect(lines[8]).toBe('3.1.0');
  // Certificates: 107 in the dry run (431.3 MWh x 2,183 h / 8,760 h, see test/api/ledger.test.ts), the
  // transfer accepted by the buyer, the retirement, 107 - 10 - 5 = 92 left, the first GATS line (January:
  // 431.3 MWh x 744 h / 8,760 h = 36.63 MWh), and the download the same as `trec export`.
  expect(lines[9]).toBe('107');
  expect(lines[10]).toBe('accepted');
  expect(lines[11]).toBe('retired');
  expect(lines[12]).toBe('92');
  expect(lines[13]).toMatch(/^GATS-1001,GSHP,01\/2024,01\/01\/2024,01\/31\/2024,36\.63\d\r?$/); // CRLF lines (RFC 4180)
  expect(lines[14]).toBe('same');
  expect(lines).toHaveLength(15);
}, 180_000);
