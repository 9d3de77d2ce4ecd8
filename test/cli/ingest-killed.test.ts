// An ingest killed half-way (SIGKILL inside its transaction, after several batches of hours were written)
// leaves no upload, no hour and no audit entry of it: every table is as it was before.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INGEST_BACKENDS, meterFile, register, tableState } from './ingest-helpers.ts';

/** Runs ingest-killed-child.ts, waits for "half-way", kills it, and returns once it is gone. */
async function killHalfWay(args: string[]): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'ingest-killed-child.ts'), ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  let out = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('half-way')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the ingest ended by itself (exit ${code}): ${out}${err}`)));
  });
  const gone = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}

/** 14,000 hours of 10-minute data: 84,000 rows; killed after 12,000 hours (5 SQLite batches, 2 PostgreSQL). */
const HOURS = 14_000;

for (const backend of INGEST_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`trec ingest killed half-way, ${backend.name}`, () => {
    it('leaves every table as it was', { timeout: 60_000 }, async () => {
      const t = await backend.create();
      try {
        const reg = await register(t);
        const file = meterFile(join(t.dir, 'big.csv'), Date.UTC(2023, 0, 1, 5), HOURS * 6, 600);
        const before = await tableState(t);
        await killHalfWay([t.target, reg.meterId, file, '12000']);
        const after = await tableState(t);
        expect(after.counts.uploads).toBe(0);
        expect(after.counts.interval_energy).toBe(0);
        expect(after).toEqual(before);
      } finally {
        await t.close();
      }
    });
  });
}
