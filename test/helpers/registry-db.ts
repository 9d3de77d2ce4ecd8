// The databases the registry CLI tests run on: a temp SQLite file always, and PostgreSQL in a schema of its own
// (search_path through the URL's `options`) when TREC_TEST_PG_URL is set (.ci/run sets it).
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../src/store/index.ts';

const PG_URL = process.env.TREC_TEST_PG_URL;
if (!PG_URL)
  console.warn(
    'TREC_TEST_PG_URL is not set: the PostgreSQL registry CLI tests are skipped (.ci/run sets it)',
  );

export interface Target {
  db: string;
  close(): Promise<void>;
}

export const REGISTRY_BACKENDS: { name: string; skip: boolean; open(): Promise<Target> }[] = [
  {
    name: 'sqlite file',
    skip: false,
    open() {
      const dir = mkdtempSync(join(tmpdir(), 'trec-reg-'));
      return Promise.resolve({
        db: join(dir, 'nested', 'trec.db'),
        close: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
      });
    },
  },
  {
    name: 'postgres',
    skip: !PG_URL,
    async open() {
      const url = PG_URL ?? '';
      const schema = `trec_cli_${process.pid}_${randomBytes(5).toString('hex')}`;
      const admin = openDatabase(url);
      await sql`create schema ${sql.id(schema)}`.execute(admin);
      const sep = url.includes('?') ? '&' : '?';
      return {
        db: `${url}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
        async close() {
          await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
          await admin.destroy();
        },
      };
    },
  },
];
