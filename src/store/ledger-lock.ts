import { sql, type Kysely } from 'kysely';
import { dialectOf } from './open.ts';
import type { Database } from './schema.ts';

/** Transactions that hold the ledger lock already (an advisory lock lasts until its transaction ends). */
const locked = new WeakSet<object>();

/**
 * Serialises ledger writers across processes (docs/store.md, "The ledger: concurrency"). PostgreSQL: a
 * transaction-level advisory lock keyed by the schema, taken once per transaction (`db` must be one) before
 * its first ledger write and held until it commits or rolls back. SQLite needs nothing here: every
 * transaction begins IMMEDIATE (open.ts), so it holds the database's write lock from its first statement.
 */
export async function ledgerLock(db: Kysely<Database>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  if (!db.isTransaction) throw new Error('the ledger lock is taken inside a transaction');
  if (locked.has(db)) return;
  await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.trec.ledger'))`.execute(db);
  locked.add(db);
}
