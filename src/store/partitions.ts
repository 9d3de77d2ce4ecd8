import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { inTransaction } from './transaction.ts';

/**
 * PostgreSQL partitions of interval_energy: one per UTC calendar month of `start`, named
 * `interval_energy_yYYYYmMM`, holding [first ms of the month, first ms of the next). They are made on demand:
 * `insertUpload` calls `ensureMonthPartitions` for the months of the upload's range before it writes, in a
 * short transaction of its own (CREATE TABLE ... PARTITION OF locks the parent table, and that lock should
 * last milliseconds, not a whole ingest). Idempotent, and serialised by a transaction-level advisory lock so
 * that two ingests needing the same month do not race; an empty partition left by a failed ingest is
 * harmless. There is no default partition: a row for a month without one is refused, never misfiled.
 */
export interface Month {
  year: number;
  /** 1..12 */
  month: number;
}

/** The UTC months that [fromMs, toMs) touches, in order. */
export function monthsOf(fromMs: number, toMs: number): Month[] {
  const months: Month[] = [];
  if (!(toMs > fromMs)) return months;
  const first = new Date(fromMs);
  let y = first.getUTCFullYear();
  let m = first.getUTCMonth();
  while (Date.UTC(y, m, 1) < toMs) {
    months.push({ year: y, month: m + 1 });
    m += 1;
    if (m === 12) {
      m = 0;
      y += 1;
    }
  }
  return months;
}

export const partitionName = ({ year, month }: Month): string =>
  `interval_energy_y${String(year).padStart(4, '0')}m${String(month).padStart(2, '0')}`;

/** Creates the missing month partitions of [fromMs, toMs) (PostgreSQL only; call it on PostgreSQL). */
export async function ensureMonthPartitions(
  db: Kysely<Database>,
  fromMs: number,
  toMs: number,
): Promise<string[]> {
  const months = monthsOf(fromMs, toMs);
  if (months.length === 0) return [];
  const existing = new Set(await monthPartitions(db));
  const missing = months.filter((m) => !existing.has(partitionName(m)));
  if (missing.length === 0) return [];
  await inTransaction(db, async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('trec.interval_energy.partitions'))`.execute(tx);
    for (const m of missing) {
      const from = Date.UTC(m.year, m.month - 1, 1);
      const to = Date.UTC(m.year, m.month, 1);
      await sql`create table if not exists ${sql.id(partitionName(m))} partition of interval_energy for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(
        tx,
      );
    }
  });
  return missing.map(partitionName);
}

/** The names of interval_energy's partitions in the current schema, sorted. */
export async function monthPartitions(db: Kysely<Database>): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select c.relname as name
    from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    where i.inhparent = to_regclass('interval_energy')
    order by c.relname`.execute(db);
  return rows.rows.map((r) => r.name);
}
