// Exactly once across processes (issue 10, part 2): two child processes issue the same 50 (enrolment, period)
// pairs at the same time, each claim with its batch and its event in one transaction, on a SQLite file and on
// PostgreSQL. Between them: 50 issuances, 50 batches, 50 events, a chain that verifies, serial ranges that
// never overlap.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  createEnrolment,
  createOrganisation,
  createSite,
  createSystem,
  migrateToLatest,
  openDatabase,
  sequentialIds,
  type OpenOptions,
} from '../../src/store/index.ts';
import { BACKENDS, PG_URL } from './backends.ts';
import { storeRegistryOf } from './ledger-fixture.ts';

interface Child {
  ready: Promise<void>;
  done: Promise<{ pairs: number; claimed: number; ranges: { first: number; last: number }[] }>;
  go(): void;
}

function issuer(args: string[]): Child {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'ledger-issuer.ts'), ...args],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) resolve();
    });
    child.on('exit', (code) =>
      reject(new Error(`the issuer ended before it was ready (exit ${code}): ${err}`)),
    );
  });
  const done = new Promise<Child extends { done: Promise<infer T> } ? T : never>((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the issuer failed (exit ${code}): ${err}`));
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return reject(new Error(`the issuer printed no result: ${out} ${err}`));
      resolve(JSON.parse(line) as never);
    });
  });
  return { ready, done, go: () => child.stdin.end('go\n') };
}

for (const backend of BACKENDS.filter((b) => b.name !== 'sqlite :memory:')) {
  describe.skipIf(backend.skip !== undefined)(`ledger: two concurrent issuers, ${backend.name}`, () => {
    it('issue each of 50 (enrolment, period) pairs once between them, on one verifiable chain', async () => {
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
        const dir = mkdtempSync(join(tmpdir(), 'trec-ledger-concurrent-'));
        target = join(dir, 'trec.db');
        cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
      }
      const db = openDatabase(target, options);
      try {
        await migrateToLatest(db);
        const a = { ids: sequentialIds(), by: 'setup', at: 0 };
        const org = await createOrganisation(db, a, { name: 'Acme Heat' });
        const site = await createSite(db, a, {
          organisationId: org.id,
          name: 's',
          state: 'MD',
          timeZone: 'UTC',
        });
        for (let k = 0; k < 5; k++) {
          const system = await createSystem(db, a, {
            siteId: site.id,
            name: `GSHP ${k}`,
            technology: 'ground-source',
            ratedCapacityW: 10_000,
            ratedCop: 3,
          });
          await createEnrolment(db, a, {
            systemId: system.id,
            programId: 'md-geothermal',
            programVersion: '2024-01',
            startOn: '2026-01-01',
          });
        }
        const args = [target, options.schema ?? '-'];
        const children = [issuer([...args, 'forward']), issuer([...args, 'reverse'])];
        await Promise.all(children.map((c) => c.ready));
        for (const c of children) c.go();
        const results = await Promise.all(children.map((c) => c.done));

        // 5 enrolments x 10 months = 50 pairs; each child tried all 50; together they won each once.
        expect(results.map((r) => r.pairs)).toEqual([50, 50]);
        expect(results[0]!.claimed + results[1]!.claimed).toBe(50);
        const count = async (table: 'issuances' | 'batches' | 'ledger_events') =>
          Number(
            (
              await db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        expect([await count('issuances'), await count('batches'), await count('ledger_events')]).toEqual([
          50, 50, 50,
        ]);
        const v = await storeRegistryOf(db).verifyLedger();
        expect(v.problems).toEqual([]);
        expect(v).toMatchObject({ ok: true, events: 50, firstBroken: null });
        // 50 batches of 10 certificates (ledger-fixture.ts) under one prefix: 1-500 exactly, no overlap.
        expect(v.balances).toEqual([
          { accountId: org.defaultAccountId, unit: 'MWh', active: 500, pending: 0, retired: 0 },
        ]);
        const batches = await db
          .selectFrom('batches')
          .select(['serial_first', 'serial_last'])
          .orderBy('serial_first')
          .execute();
        let next = 1;
        for (const b of batches) {
          expect([Number(b.serial_first), Number(b.serial_last)]).toEqual([next, next + 9]);
          next += 10;
        }
        // 2 x 50 reservations of 7 under Q: 1-700, each number once.
        const q = results.flatMap((r) => r.ranges).sort((x, y) => x.first - y.first);
        next = 1;
        for (const r of q) {
          expect(r).toEqual({ first: next, last: next + 6 });
          next += 7;
        }
        expect(next - 1).toBe(700);
      } finally {
        await db.destroy();
        await cleanup();
      }
    });
  });
}
