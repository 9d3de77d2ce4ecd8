// Issue 10's ledger speed goal: `trec ledger verify` over 1,000,000 events in under 5 s (SQLite; PostgreSQL
// reported too). Run by `npm run bench`, or alone:
//   node --import tsx bench/ledger.ts [--pg URL]
// The ledger is written here in bulk, as TREC's own functions would have written it: 500,000 issuances, each
// with a batch (an `issue` event, canonical JSON, hash chained with eventHash), then each batch retired (a
// `retire` event): 1,000,000 events, the batches table in its final (retired) state. Then verifyLedger (the
// whole of `trec ledger verify`'s work) in this process, timed; it must find the chain intact, 1,000,000
// events, and the balances of the one account: 0 active, every certificate retired. A changed row is then
// found by a second verify (the run fails otherwise), so the speed is not that of a verifier that skips.
import { sql, type Insertable, type Kysely } from 'kysely';
import { pathToFileURL } from 'node:url';
import { canonicalJson } from '../src/core/index.ts';
import {
  eventHash,
  GENESIS_HASH,
  migrateToLatest,
  verifyLedger,
  dialectOf,
  type BatchesTable,
  type Database,
  type IssuancesTable,
} from '../src/store/index.ts';
import {
  goalTable,
  load,
  median,
  pgUrlFrom,
  postgresStore,
  sqliteStore,
  type GoalRow,
  type Store,
} from './store.ts';

export const TARGET_VERIFY_S = 5;
const EVENTS = Number(process.env.BENCH_LEDGER_EVENTS ?? 1_000_000);
const ISSUES = EVENTS / 2;
const RUNS = Number(process.env.BENCH_LEDGER_RUNS ?? 3);
const ACCOUNT = 'acct_bench';
const AT = Date.UTC(2025, 7, 1);
const QUANTITY = 3;

const fail = (what: string): never => {
  throw new Error(`ledger bench: ${what}`);
};

const pad = (n: number) => String(n).padStart(7, '0');

/** Writes `rows` in multi-row INSERTs under the dialect's parameter limit. */
async function insertAll<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).length;
  const per = Math.floor((dialectOf(db) === 'postgres' ? 65_535 : 32_766) / columns);
  for (let k = 0; k < rows.length; k += per)
    await db
      .insertInto(table)
      .values(rows.slice(k, k + per))
      .execute();
}

/** The ledger of EVENTS events, written in bulk (foreign keys off for the load: enrolments are not made). */
export async function buildLedger(db: Kysely<Database>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  if (!pg) await sql`pragma foreign_keys = off`.execute(db); // outside a transaction, or SQLite ignores it
  await db.transaction().execute(async (tx) => {
    if (pg) await sql`set local session_replication_role = replica`.execute(tx);
    const CHUNK = 50_000;
    let prevHash = GENESIS_HASH;
    for (let from = 1; from <= ISSUES; from += CHUNK) {
      const issuances: Insertable<IssuancesTable>[] = [];
      const batches: Insertable<BatchesTable>[] = [];
      const events: Insertable<Database['ledger_events']>[] = [];
      const pending: { seq: number; type: string; payload: unknown }[] = [];
      for (let i = from; i < Math.min(from + CHUNK, ISSUES + 1); i++) {
        const id = pad(i);
        const prefix = `PAW-UNIT${id}-2025Q2`;
        const batch = {
          id: `bat_${id}`,
          issuanceId: `iss_${id}`,
          parentId: null,
          accountId: ACCOUNT,
          serialPrefix: prefix,
          first: 1,
          last: QUANTITY,
          quantity: QUANTITY,
          unit: 'MWh',
          vintage: '2025-Q2',
          status: 'active',
          beneficiary: null,
          reason: null,
          claimPeriod: null,
        };
        issuances.push({
          id: `iss_${id}`,
          enrolment_id: `enr_${id}`,
          system_id: `sys_${id}`,
          account_id: ACCOUNT,
          period: '2025-Q2',
          period_start: Date.UTC(2025, 3, 1, 4),
          period_end: Date.UTC(2025, 6, 1, 4),
          program_id: 'proposed-air-to-water-trec',
          program_version: '0.2.0',
          method: 'metered',
          energy_wh: QUANTITY * 1_000_000,
          adjustment_wh: 0,
          remainder_in_wh: 0,
          remainder_out_wh: 0,
          certificates: QUANTITY,
          unit: 'MWh',
          serial_prefix: prefix,
          code_version: 'bench',
          generation_json: '{}',
          checks_json: '[]',
          created_by: 'bench',
          created_at: AT,
        });
        batches.push({
          id: batch.id,
          issuance_id: batch.issuanceId,
          parent_id: null,
          account_id: ACCOUNT,
          serial_prefix: prefix,
          serial_first: 1,
          serial_last: QUANTITY,
          quantity: QUANTITY,
          unit: 'MWh',
          vintage: '2025-Q2',
          status: 'retired',
          beneficiary: 'the bench',
          reason: 'bench',
          claim_period: '2025',
          created_by: 'bench',
          created_at: AT,
        });
        pending.push({
          seq: 2 * i - 1,
          type: 'issue',
          payload: { issuanceId: batch.issuanceId, enrolmentId: `enr_${id}`, period: '2025-Q2', batch },
        });
        pending.push({
          seq: 2 * i,
          type: 'retire',
          payload: { batchId: batch.id, beneficiary: 'the bench', reason: 'bench', claimPeriod: '2025' },
        });
      }
      for (const e of pending) {
        const fields = { seq: e.seq, at: AT, actor: 'bench', type: e.type };
        const payloadJson = canonicalJson(e.payload);
        const hash = eventHash(prevHash, fields, payloadJson);
        events.push({ ...fields, payload_json: payloadJson, prev_hash: prevHash, hash });
        prevHash = hash;
      }
      await insertAll(tx, 'issuances', issuances);
      await insertAll(tx, 'batches', batches);
      await insertAll(tx, 'ledger_events', events);
    }
  });
  if (!pg) await sql`pragma foreign_keys = on`.execute(db);
  for (const table of ['issuances', 'batches', 'ledger_events'])
    await sql`analyze ${sql.table(table)}`.execute(db);
}

async function verifyGoal(store: Store, log: (line: string) => void): Promise<GoalRow[]> {
  await migrateToLatest(store.db);
  let t = performance.now();
  await buildLedger(store.db);
  log(
    `  ${store.name}: ledger of ${EVENTS.toLocaleString('en-US')} events (${ISSUES.toLocaleString('en-US')} issuances and batches) built in ${((performance.now() - t) / 1000).toFixed(1)} s; load average ${load()}`,
  );
  const times: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    t = performance.now();
    const v = await verifyLedger(store.db);
    times.push((performance.now() - t) / 1000);
    const retired = v.balances.reduce((s, b) => s + b.retired, 0);
    const active = v.balances.reduce((s, b) => s + b.active, 0);
    if (!v.ok || v.events !== EVENTS || retired !== ISSUES * QUANTITY || active !== 0)
      fail(
        `${store.name}: verify gave ok ${v.ok}, ${v.events} events, ${active} active, ${retired} retired: ${v.firstBroken?.reason ?? ''}`,
      );
  }
  // The same verifier must see a changed row.
  await sql`update batches set quantity = 4, serial_last = 4 where id = ${`bat_${pad(ISSUES)}`}`.execute(
    store.db,
  );
  const broken = await verifyLedger(store.db);
  if (broken.ok || !broken.firstBroken?.reason.includes(`bat_${pad(ISSUES)}`))
    fail(`${store.name}: a changed batch row was not found: ${JSON.stringify(broken.firstBroken)}`);
  const s = median(times);
  log(
    `  ${store.name}: verifyLedger over ${EVENTS.toLocaleString('en-US')} events: ${times.map((x) => x.toFixed(2)).join(', ')} s; a changed batch row is named`,
  );
  return [
    {
      goal: `10.2 ${store.name}: trec ledger verify over ${EVENTS.toLocaleString('en-US')} events (verifyLedger, in process)`,
      measured: `${s.toFixed(2)} s (median of ${RUNS})`,
      target: `< ${TARGET_VERIFY_S} s`,
      pass: store.name === 'SQLite' ? s < TARGET_VERIFY_S : null,
    },
  ];
}

export async function ledgerBench(options: {
  pgUrl: string | undefined;
  log: (line: string) => void;
}): Promise<GoalRow[]> {
  const rows: GoalRow[] = [];
  const stores: (() => Store | Promise<Store>)[] = [sqliteStore];
  if (options.pgUrl) {
    const url = options.pgUrl;
    stores.push(() => postgresStore(url));
  } else options.log('  PostgreSQL: skipped (give --pg URL or set TREC_TEST_PG_URL)');
  for (const make of stores) {
    const store = await make();
    try {
      rows.push(...(await verifyGoal(store, options.log)));
    } finally {
      await store.close();
    }
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await ledgerBench({ pgUrl: pgUrlFrom(process.argv), log: (line) => console.log(line) });
  console.log(`\nledger goals (load average now ${load()}):\n${goalTable(rows)}`);
}
