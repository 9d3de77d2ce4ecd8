// docs/walkthrough.md, run block by block (one bash session, so the ids each block picks stay defined) on a
// temp SQLite file and, when TREC_TEST_PG_URL is set, on PostgreSQL in a schema of its own. Each block must
// exit 0; then the test checks what the walkthrough claims against the store, through the CLI's JSON.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTRY_BACKENDS, type Target } from '../helpers/registry-db.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'walkthrough.md'), 'utf8');

/** The ```sh blocks of the walkthrough, with the heading each is under. */
function blocks(markdown: string): { heading: string; code: string }[] {
  const out: { heading: string; code: string }[] = [];
  let heading = '';
  const re = /^## (.*)$|^```sh\n([\s\S]*?)^```$/gm;
  for (const m of markdown.matchAll(re)) {
    if (m[1] !== undefined) heading = m[1];
    else if (m[2] !== undefined) out.push({ heading, code: m[2] });
  }
  return out;
}

interface Run {
  dir: string;
  vars: Record<string, string>;
  steps: { heading: string; status: number | null; stdout: string; stderr: string }[];
}

/** Runs every block in one bash, printing a marker and the shell's variables after each. */
function runWalkthrough(db: string): Run {
  const dir = mkdtempSync(join(tmpdir(), 'trec-walk-'));
  symlinkSync(join(ROOT, 'bin'), join(dir, 'bin'));
  const list = blocks(DOC);
  const script = [
    'set -eo pipefail',
    ...list.map(
      (b, i) =>
        `${b.code}\necho "@@step ${i} done" >&2\necho "@@vars ORG=$ORG GSHP=$GSHP AWHP=$AWHP METER=$METER BATCH=$BATCH BUYER=$BUYER GSHP_ENROL=$GSHP_ENROL AWHP_ENROL=$AWHP_ENROL SOLD=$SOLD" >&2`,
    ),
  ].join('\n');
  const r = spawnSync('bash', ['-c', script], {
    cwd: dir,
    env: { ...process.env, TREC_DB: db, TREC_USER: 'walkthrough' },
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const done = [...r.stderr.matchAll(/@@step (\d+) done/g)].map((m) => Number(m[1]));
  const last = [...r.stderr.matchAll(/@@vars (.*)/g)].at(-1)?.[1] ?? '';
  const vars = Object.fromEntries(last.split(' ').map((kv) => kv.split('=') as [string, string]));
  const steps = list.map((b, i) => ({
    heading: b.heading,
    status: done.includes(i) ? 0 : i === done.length ? r.status : null,
    stdout: r.stdout,
    stderr: r.stderr,
  }));
  return { dir, vars, steps };
}

function trec(
  run: Run,
  db: string,
  args: string[],
): { status: number | null; json: unknown; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'trec'), ...args, '--json'], {
    cwd: run.dir,
    env: { ...process.env, TREC_DB: db },
    encoding: 'utf8',
  });
  return { status: r.status, json: r.stdout ? JSON.parse(r.stdout) : null, stderr: r.stderr };
}

describe.each(REGISTRY_BACKENDS)('docs/walkthrough.md on $name', (backend) => {
  let target: Target | undefined;
  let run: Run | undefined;
  afterAll(async () => {
    if (run) rmSync(run.dir, { recursive: true, force: true });
    await target?.close();
  });

  it.skipIf(backend.skip)('runs every block, in order, each exiting 0', { timeout: 600_000 }, async () => {
    target = await backend.open();
    run = runWalkthrough(target.db);
    const failed = run.steps.find((s) => s.status !== 0);
    expect(
      failed ? `step "${failed.heading}" exited ${failed.status}\n${failed.stderr.slice(-3000)}` : 'all ran',
    ).toBe('all ran');
  });

  it.skipIf(backend.skip)('left the ledger the walkthrough describes', { timeout: 120_000 }, () => {
    if (!run || !target) throw new Error('the walkthrough did not run');
    const db = target.db;
    const issued = JSON.parse(readFileSync(join(run.dir, 'issued.json'), 'utf8')) as {
      issued: {
        enrolment: string;
        certificates: number;
        energy_wh: number;
        remainder_out_mwh: number;
        checks: { code: string }[];
      }[];
    };
    const byEnrolment = new Map(issued.issued.map((l) => [l.enrolment, l]));
    const awhp = byEnrolment.get(run.vars.AWHP_ENROL ?? '');
    const gshp = byEnrolment.get(run.vars.GSHP_ENROL ?? '');
    if (!awhp || !gshp) throw new Error('both enrolments must be issued');
    // Whole certificates of the energy, the rest carried in whole Wh: the proposal counts 3,412,000 BTU(IT) as
    // 1 MWh, so one certificate is 3,412,000 x 1,055.05585262 J / 3,600 = 999,958.49 Wh.
    const certificateWh = (3_412_000 * 1055.05585262) / 3600;
    expect(awhp.certificates).toBe(Math.floor(awhp.energy_wh / certificateWh));
    expect(awhp.remainder_out_mwh * 1e6).toBeCloseTo(
      Math.floor(awhp.energy_wh - awhp.certificates * certificateWh),
      3,
    );
    expect(awhp.checks.map((c) => c.code)).toContain('proposal-program');
    expect(gshp.certificates).toBeGreaterThan(0);

    const all = trec(run, db, ['certificates']).json as {
      batches: { id: string; quantity: number; status: string; account: string }[];
    };
    const buyer = all.batches.filter((b) => b.account === run?.vars.BUYER);
    expect(buyer.map((b) => [b.quantity, b.status]).sort()).toEqual([
      [1, 'active'],
      [1, 'retired'],
    ]);
    const verify = trec(run, db, ['ledger', 'verify']);
    expect(verify.status).toBe(0);
    expect((verify.json as { ok: boolean }).ok).toBe(true);
    const gats = readFileSync(join(run.dir, 'gats-2026-Q3.csv'), 'utf8');
    expect(gats).toContain('12345');
  });
});
