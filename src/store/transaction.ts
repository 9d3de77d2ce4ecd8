import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Runs `fn` in a transaction: a new one, or the caller's when `db` already is one (so a use case can make
 * many entities all-or-nothing by calling the repository functions inside its own `db.transaction()`).
 */
export function inTransaction<T>(db: Kysely<Database>, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** A unique or primary-key violation, from either driver (SQLite SQLITE_CONSTRAINT_*, PostgreSQL 23505). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
