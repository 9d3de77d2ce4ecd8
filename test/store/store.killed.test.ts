// An upload whose process is killed half-way (SIGKILL, inside its transaction, after several batches were
// written) leaves no upload, no interval, no readings and no audit entry of it, on every backend: killed
// while writing its hours, and while writing its readings (0005) after all its hours.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { listAudit, listOrganisations, openDatabase, type OpenOptions } from '../../src/store/index.ts';
import { BACKENDS, PG_URL } from './backends.ts';

/** Runs killed-writer.ts, waits for "half-way", kills it, and returns once it is gone. */
async function killHalfWay(args: string[], killedIn: 'hours' | 'readings'): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'killed-writer.ts'), ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KILLED_IN: killedIn },
    },
  );
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('half-way')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the writer ended by itself (exit ${code}): ${err}`)));
  });
  const gone = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}

for (const backend of BACKENDS.filter((b) => b.name !== 'sqlite :memory:')) {
  describe.skipIf(backend.skip !== undefined)(`store: a killed upload, ${backend.name}`, () => {
    it.each(['hours', 'readings'] as const)(
      'leaves nothing of the upload behind (killed in its %s)',
      async (killedIn) => {
        let target: string;
        let options: OpenOptions = {};
        let cleanup: () => Promise<void>;
        if (backend.dialect === 'postgres') {
          if (!PG_URL) throw new Error('TREC_TEST_PG_URL is not set');
          const schema = `trec_test_${process.pid}_${randomBytes(6).toString('hex')}`;
          const admin = openDatabase(PG_URL);
          await sql`create schema ${sql.id(schema)}`.execute(admin);
          target = PG_URL;
          options = { schema };
          cleanup = async () => {
            await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
            await admin.destroy();
          };
        } else {
          const dir = mkdtempSync(join(tmpdir(), 'trec-store-killed-'));
          target = join(dir, 'trec.db');
          cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
        }
        try {
          await killHalfWay(options.schema ? [target, options.schema] : [target], killedIn);
          const db = openDatabase(target, options);
          try {
            // The registry rows committed before the upload began are there; nothing of the upload is.
            expect((await listOrganisations(db)).map((o) => o.name)).toEqual(['Killed Ltd']);
            for (const table of ['uploads', 'interval_energy', 'meter_readings'] as const) {
              const r = await db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow();
              expect(Number(r.n)).toBe(0);
            }
            expect((await listAudit(db)).map((e) => e.action)).not.toContain('upload.create');
          } finally {
            await db.destroy();
          }
        } finally {
          await cleanup();
        }
      },
    );
  });
}
