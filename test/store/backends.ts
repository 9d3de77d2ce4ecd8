// The databases the store contract suite runs against: SQLite always (a temp file and :memory:), and
// PostgreSQL when TREC_TEST_PG_URL names a server (.ci/run sets it). Each PostgreSQL run works in a schema
// of its own (created here, set as search_path on every pooled connection, dropped afterwards), so that runs
// never see each other's rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type Database, type DialectName } from '../../src/store/index.ts';

export interface Opened {
  db: Kysely<Database>;
  close(): Promise<void>;
}

export interface Backend {
  name: string;
  dialect: DialectName;
  /** Why it does not run here, or undefined when it does. */
  skip: string | undefined;
  open(): Promise<Opened>;
}

export const PG_URL = process.env.TREC_TEST_PG_URL;

let warned = false;
function pgSkipReason(): string | undefined {
  if (PG_URL) return undefined;
  const reason = 'TREC_TEST_PG_URL is not set: the PostgreSQL store tests are skipped (.ci/run sets it)';
  if (!warned) {
    warned = true;
    console.warn(reason);
  }
  return reason;
}

const sqliteFile: Backend = {
  name: 'sqlite file',
  dialect: 'sqlite',
  skip: undefined,
  open() {
    const dir = mkdtempSync(join(tmpdir(), 'trec-store-'));
    const db = openDatabase(join(dir, 'nested', 'trec.db'));
    return Promise.resolve({
      db,
      async close() {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    });
  },
};

const sqliteMemory: Backend = {
  name: 'sqlite :memory:',
  dialect: 'sqlite',
  skip: undefined,
  open() {
    const db = openDatabase(':memory:');
    return Promise.resolve({ db, close: () => db.destroy() });
  },
};

const postgres: Backend = {
  name: 'postgres',
  dialect: 'postgres',
  skip: pgSkipReason(),
  async open() {
    if (!PG_URL) throw new Error('TREC_TEST_PG_URL is not set');
    const schema = `trec_test_${process.pid}_${randomBytes(6).toString('hex')}`;
    const admin = openDatabase(PG_URL);
    await sql`create schema ${sql.id(schema)}`.execute(admin);
    const db = openDatabase(PG_URL, { schema });
    return {
      db,
      async close() {
        await db.destroy();
        await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
        await admin.destroy();
      },
    };
  },
};

export const BACKENDS: readonly Backend[] = [sqliteFile, sqliteMemory, postgres];
