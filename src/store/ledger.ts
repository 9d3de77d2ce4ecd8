// The ledger in the database (issue 10): issuances, serial counters, batches, transfers, attestations and the
// hash-chained events, the LedgerStore port (src/app/ledger-port.ts) over Kysely. docs/store.md, "The ledger".
import { hash as digest } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  AttestationRecord,
  BatchRecord,
  BatchStatus,
  IssuanceRecord,
  LedgerEventRecord,
  LedgerStore,
  LedgerVerification,
  NewIssuanceRecord,
  PeriodSumsRecord,
  TransferRecord,
  TransferStatus,
} from '../app/index.ts';
import {
  canonicalJson,
  createLedgerReplay,
  InputError,
  ledgerBalances,
  ledgerEventText,
  parseLedgerEvent,
  type BatchState,
  type Check,
} from '../core/index.ts';
import { appendAudit } from './audit.ts';
import { newId } from './ids.ts';
import { ledgerLock } from './ledger-lock.ts';
import { dialectOf } from './open.ts';
import { systemZones, wholeDays } from './rollup.ts';
import { createAccount, getAccount, type Action } from './registry.ts';
import type { BatchesTable, Database, IssuancesTable, TransfersTable } from './schema.ts';
import { inTransaction } from './transaction.ts';
import { fromJson, safeInteger, storedInteger, toJson } from './values.ts';

/** The prev_hash of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

// ---- accounts and allow-lists

export async function getLedgerAccount(db: Kysely<Database>, id: string) {
  const account = await getAccount(db, id);
  if (!account) return undefined;
  const allows = await db
    .selectFrom('account_allows')
    .select('from_account_id')
    .where('account_id', '=', id)
    .orderBy('from_account_id')
    .execute();
  return { ...account, allowsFrom: allows.map((a) => a.from_account_id) };
}

/** `accountId` accepts transfers from `fromAccountId` without asking (idempotent; audited). */
export async function allowTransfers(
  db: Kysely<Database>,
  action: Action,
  input: { accountId: string; fromAccountId: string },
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const account = await getAccount(tx, input.accountId);
    if (!account) throw new InputError('no such account', { path: ['accountId'], value: input.accountId });
    if (!(await getAccount(tx, input.fromAccountId)))
      throw new InputError('no such account', { path: ['fromAccountId'], value: input.fromAccountId });
    if (input.fromAccountId === input.accountId)
      throw new InputError('an account does not allow transfers from itself', {
        path: ['fromAccountId'],
        value: input.fromAccountId,
      });
    const r = await tx
      .insertInto('account_allows')
      .values({
        account_id: input.accountId,
        from_account_id: input.fromAccountId,
        created_by: action.by,
        created_at: action.at,
      })
      .onConflict((oc) => oc.columns(['account_id', 'from_account_id']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 0) return;
    await appendAudit(tx, {
      at: action.at,
      actor: action.by,
      action: 'account.allow',
      entity: 'account',
      entityId: input.accountId,
      organisationId: account.organisationId,
      detail: input,
    });
  });
}

// ---- sums of a period for many systems

/** System ids per grouped query: SQLite binds at most 32,766 variables; 500 keeps each query small. */
export const PERIOD_SUMS_CHUNK = 500;

const int = (v: unknown, what: string) => safeInteger(v, what);
const bigSum = (expression: ReturnType<typeof sql>) =>
  sql<unknown>`cast(coalesce(sum(${expression}), 0) as bigint)`;

function emptySums(systemId: string): PeriodSumsRecord {
  return {
    systemId,
    hours: 0,
    heatWh: 0,
    coolWh: 0,
    elecWh: 0,
    uncertaintyWh: 0,
    coverageS: 0,
    heldHeatWh: 0,
    heldCoolWh: 0,
    errorHours: 0,
    excludedWh: 0,
  };
}

/**
 * Sums per system over [fromMs, toMs), for every id given (zeros for a system without stored hours). An hour
 * of a system is an error hour when any of its meters' rows of that hour has an error-severity check
 * (`error_checks > 0`): then none of that hour's rows counts (heat and cooling go to held*, electricity and
 * uncertainty nowhere), so an electricity meter's error never leaves heat counted without its electricity.
 * `coverageS` sums the heat meters' coverage_s over the other hours (an electricity meter's coverage is not
 * heat coverage); `hours` counts distinct stored hours of any meter; `excludedWh` sums every row.
 *
 * The whole local days of the range (of each system's site zone) are read from the daily rollup (rollup.ts,
 * 0004: a day's row holds exactly these sums of that day, kept by every write of hours), the hours at the
 * edges from the hour table: two grouped queries per chunk of 500 systems, one over every row (clean and held
 * rows apart), and one over the few error hours (partial index interval_energy_error_hours) that finds the
 * clean rows of other meters in those hours, which are then moved from counted to held. A local month (what
 * `trec issue` asks) is whole days: 31 rollup rows per system, no hour rows.
 */
export async function periodSums(
  db: Kysely<Database>,
  systemIds: readonly string[],
  fromMs: number,
  toMs: number,
  asOfMs?: number,
): Promise<Map<string, PeriodSumsRecord>> {
  storedInteger(fromMs, 'fromMs');
  storedInteger(toMs, 'toMs');
  if (asOfMs !== undefined) storedInteger(asOfMs, 'asOfMs');
  const out = new Map<string, PeriodSumsRecord>();
  for (const id of systemIds) out.set(id, emptySums(id));
  const ids = [...out.keys()];
  // As of an instant (recomputing an issuance from the uploads it saw): the hour table alone, whose rows
  // carry their upload; the rollup does not.
  if (asOfMs !== undefined) {
    await addHourSums(db, out, ids, fromMs, toMs, asOfMs);
    return out;
  }
  // The whole local days of each system's zone from the daily rollup, the edges from the hour table: the
  // same sums (each hour lies in exactly one of the parts, and every figure adds over disjoint hours).
  for (const [zone, zoneIds] of await systemZones(db, ids)) {
    const whole = wholeDays(zone, fromMs, toMs);
    if (!whole) {
      await addHourSums(db, out, zoneIds, fromMs, toMs);
      continue;
    }
    await addRollupSums(db, out, zoneIds, whole.lo, whole.hi);
    if (fromMs < whole.lo) await addHourSums(db, out, zoneIds, fromMs, whole.lo);
    if (whole.hi < toMs) await addHourSums(db, out, zoneIds, whole.hi, toMs);
  }
  return out;
}

/**
 * periodSums from the hour table alone, without the daily rollup: the reference the rollup is tested against
 * (test/store/rollup.test.ts), and what `asOfMs` reads.
 */
export async function periodSumsFromHours(
  db: Kysely<Database>,
  systemIds: readonly string[],
  fromMs: number,
  toMs: number,
  asOfMs?: number,
): Promise<Map<string, PeriodSumsRecord>> {
  storedInteger(fromMs, 'fromMs');
  storedInteger(toMs, 'toMs');
  if (asOfMs !== undefined) storedInteger(asOfMs, 'asOfMs');
  const out = new Map<string, PeriodSumsRecord>();
  for (const id of systemIds) out.set(id, emptySums(id));
  await addHourSums(db, out, [...out.keys()], fromMs, toMs, asOfMs);
  return out;
}

/** Adds the daily rollup's sums of the days starting in [loMs, hiMs) (whole local days) to `out`. */
async function addRollupSums(
  db: Kysely<Database>,
  out: Map<string, PeriodSumsRecord>,
  ids: readonly string[],
  loMs: number,
  hiMs: number,
): Promise<void> {
  const total = (column: string) => bigSum(sql.ref(`d.${column}`));
  for (let k = 0; k < ids.length; k += PERIOD_SUMS_CHUNK) {
    const rows = await db
      .selectFrom('interval_energy_daily as d')
      .where('d.system_id', 'in', ids.slice(k, k + PERIOD_SUMS_CHUNK))
      .where('d.day_start', '>=', loMs)
      .where('d.day_start', '<', hiMs)
      .select('d.system_id')
      .select([
        total('hours').as('hours'),
        total('error_hours').as('error_hours'),
        total('clean_heat_wh').as('heat_wh'),
        total('clean_cool_wh').as('cool_wh'),
        total('clean_elec_wh').as('elec_wh'),
        total('clean_uncertainty_wh').as('uncertainty_wh'),
        total('clean_heat_coverage_s').as('coverage_s'),
        total('held_heat_wh').as('held_heat_wh'),
        total('held_cool_wh').as('held_cool_wh'),
        total('excluded_wh').as('excluded_wh'),
      ])
      .groupBy('d.system_id')
      .execute();
    for (const r of rows) {
      const s = out.get(r.system_id);
      if (s) addSums(s, r);
    }
  }
}

type PeriodSumsRow = Record<
  | 'hours'
  | 'error_hours'
  | 'heat_wh'
  | 'cool_wh'
  | 'elec_wh'
  | 'uncertainty_wh'
  | 'coverage_s'
  | 'held_heat_wh'
  | 'held_cool_wh'
  | 'excluded_wh',
  unknown
>;

function addSums(s: PeriodSumsRecord, r: PeriodSumsRow) {
  s.hours += int(r.hours, 'hours');
  s.errorHours += int(r.error_hours, 'error hours');
  s.heatWh += int(r.heat_wh, 'heat_wh');
  s.coolWh += int(r.cool_wh, 'cool_wh');
  s.elecWh += int(r.elec_wh, 'elec_wh');
  s.uncertaintyWh += int(r.uncertainty_wh, 'uncertainty_wh');
  s.coverageS += int(r.coverage_s, 'coverage_s');
  s.heldHeatWh += int(r.held_heat_wh, 'held heat_wh');
  s.heldCoolWh += int(r.held_cool_wh, 'held cool_wh');
  s.excludedWh += int(r.excluded_wh, 'excluded_wh');
}

/** periodSums over the hour table for [fromMs, toMs), added to `out` (two grouped queries per chunk). */
async function addHourSums(
  db: Kysely<Database>,
  out: Map<string, PeriodSumsRecord>,
  ids: readonly string[],
  fromMs: number,
  toMs: number,
  asOfMs?: number,
): Promise<void> {
  // As of an instant: only the hours of uploads made by then (what an issuance saw).
  const uploadedBy = (alias: string) =>
    asOfMs === undefined
      ? sql``
      : sql` and ${sql.ref(`${alias}.upload_id`)} in (select u.id from uploads u where u.created_at <= ${asOfMs})`;
  const clean = (column: string) =>
    bigSum(sql`case when e.error_checks = 0 then ${sql.ref(`e.${column}`)} else 0 end`);
  const held = (column: string) =>
    bigSum(sql`case when e.error_checks > 0 then ${sql.ref(`e.${column}`)} else 0 end`);
  for (let k = 0; k < ids.length; k += PERIOD_SUMS_CHUNK) {
    const chunk = ids.slice(k, k + PERIOD_SUMS_CHUNK);
    const rows = await db
      .selectFrom('interval_energy as e')
      .innerJoin('meters as m', 'm.id', 'e.meter_id')
      .where('m.system_id', 'in', chunk)
      .where('e.start', '>=', fromMs)
      .where('e.start', '<', toMs)
      .$if(asOfMs !== undefined, (q) =>
        q.where('e.upload_id', 'in', (eb) =>
          eb
            .selectFrom('uploads')
            .select('uploads.id')
            .where('uploads.created_at', '<=', asOfMs ?? 0),
        ),
      )
      .select('m.system_id')
      .select([
        sql<unknown>`count(distinct e.start)`.as('hours'),
        sql<unknown>`count(distinct case when e.error_checks > 0 then e.start end)`.as('error_hours'),
        clean('heat_wh').as('heat_wh'),
        clean('cool_wh').as('cool_wh'),
        clean('elec_wh').as('elec_wh'),
        clean('uncertainty_wh').as('uncertainty_wh'),
        bigSum(sql`case when e.error_checks = 0 and m.kind = 'heat' then e.coverage_s else 0 end`).as(
          'coverage_s',
        ),
        held('heat_wh').as('held_heat_wh'),
        held('cool_wh').as('held_cool_wh'),
        bigSum(sql`e.excluded_wh`).as('excluded_wh'),
      ])
      .groupBy('m.system_id')
      .execute();
    for (const r of rows) {
      const s = out.get(r.system_id);
      if (s) addSums(s, r);
    }
    // Clean rows (of another meter) in an error hour of their system: held, not counted.
    const moved = await sql<{
      system_id: string;
      heat_wh: unknown;
      cool_wh: unknown;
      elec_wh: unknown;
      uncertainty_wh: unknown;
      coverage_s: unknown;
    }>`
      select h.system_id,
        ${bigSum(sql`c.heat_wh`)} as heat_wh,
        ${bigSum(sql`c.cool_wh`)} as cool_wh,
        ${bigSum(sql`c.elec_wh`)} as elec_wh,
        ${bigSum(sql`c.uncertainty_wh`)} as uncertainty_wh,
        ${bigSum(sql`case when m.kind = 'heat' then c.coverage_s else 0 end`)} as coverage_s
      from (
        select distinct m1.system_id as system_id, e1.start as start
        from interval_energy e1 join meters m1 on m1.id = e1.meter_id
        where m1.system_id in (${sql.join(chunk)}) and e1.start >= ${fromMs} and e1.start < ${toMs}
          and e1.error_checks > 0${uploadedBy('e1')}
      ) h
      join meters m on m.system_id = h.system_id
      join interval_energy c on c.meter_id = m.id and c.start = h.start
      where c.error_checks = 0${uploadedBy('c')}
      group by h.system_id`.execute(db);
    for (const r of moved.rows) {
      const s = out.get(r.system_id);
      if (!s) continue;
      const heat = int(r.heat_wh, 'heat_wh');
      const cool = int(r.cool_wh, 'cool_wh');
      s.heatWh -= heat;
      s.heldHeatWh += heat;
      s.coolWh -= cool;
      s.heldCoolWh += cool;
      s.elecWh -= int(r.elec_wh, 'elec_wh');
      s.uncertaintyWh -= int(r.uncertainty_wh, 'uncertainty_wh');
      s.coverageS -= int(r.coverage_s, 'coverage_s');
    }
  }
}

/**
 * The uploads (hash and file name) of which a system's meters have hours in [fromMs, toMs), oldest first.
 * Found from the uploads side: the system's meters' uploads whose declared range overlaps (every hour of an
 * upload lies in its range) and that still hold an hour in [fromMs, toMs) (a --replace may have taken them
 * all), one probe of the (meter_id, start) key each, instead of visiting every hour of the range.
 */
export async function uploadsInRange(
  db: Kysely<Database>,
  systemId: string,
  fromMs: number,
  toMs: number,
  asOfMs?: number,
): Promise<{ sha256: string; fileName: string }[]> {
  const rows = await db
    .selectFrom('uploads as u')
    .innerJoin('meters as m', 'm.id', 'u.meter_id')
    .select(['u.sha256', 'u.file_name'])
    .where('m.system_id', '=', systemId)
    .where('u.range_start', '<', toMs)
    .where('u.range_end', '>', fromMs)
    .$if(asOfMs !== undefined, (q) => q.where('u.created_at', '<=', asOfMs ?? 0))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('interval_energy as e')
          .select('e.start')
          .whereRef('e.meter_id', '=', 'u.meter_id')
          .where('e.start', '>=', fromMs)
          .where('e.start', '<', toMs)
          // `|| ''` keeps the planners on the (meter_id, start) key: the upload_id index would visit every
          // hour of the upload to find one in the range (2 ms an enrolment on SQLite for a quarter).
          .where(sql`e.upload_id || ''`, '=', sql.ref('u.id')),
      ),
    )
    .orderBy('u.created_at')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ sha256: r.sha256, fileName: r.file_name }));
}

// ---- issuances

const issuance = (r: Selectable<IssuancesTable>): IssuanceRecord => ({
  id: r.id,
  enrolmentId: r.enrolment_id,
  systemId: r.system_id,
  accountId: r.account_id,
  period: r.period,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  programId: r.program_id,
  programVersion: r.program_version,
  method: r.method,
  energyWh: r.energy_wh,
  adjustmentWh: r.adjustment_wh,
  remainderInWh: r.remainder_in_wh,
  remainderOutWh: r.remainder_out_wh,
  certificates: r.certificates,
  unit: r.unit,
  serialPrefix: r.serial_prefix,
  codeVersion: r.code_version,
  generation: fromJson<unknown>(r.generation_json, null),
  checks: fromJson<Check[]>(r.checks_json, []),
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/**
 * Claims (enrolment, period): `insert ... on conflict (enrolment_id, period) do nothing`, so of any number of
 * concurrent claims (processes too) exactly one inserts; the others get undefined and write nothing. On
 * PostgreSQL a second claimer waits for the first's transaction and then sees its row.
 */
export async function claimIssuance(
  db: Kysely<Database>,
  action: Action,
  input: NewIssuanceRecord,
): Promise<IssuanceRecord | undefined> {
  const id = newId(action.ids, 'issuance');
  const values = {
    id,
    enrolment_id: input.enrolmentId,
    system_id: input.systemId,
    account_id: input.accountId,
    period: input.period,
    period_start: storedInteger(input.periodStart, 'periodStart'),
    period_end: storedInteger(input.periodEnd, 'periodEnd'),
    program_id: input.programId,
    program_version: input.programVersion,
    method: input.method,
    energy_wh: storedInteger(input.energyWh, 'energyWh'),
    adjustment_wh: storedInteger(input.adjustmentWh, 'adjustmentWh'),
    remainder_in_wh: storedInteger(input.remainderInWh, 'remainderInWh'),
    remainder_out_wh: storedInteger(input.remainderOutWh, 'remainderOutWh'),
    certificates: storedInteger(input.certificates, 'certificates'),
    unit: input.unit,
    serial_prefix: input.serialPrefix,
    code_version: input.codeVersion,
    generation_json: canonicalJson(input.generation, { fractions: true, omitUndefined: true }),
    checks_json: toJson(input.checks),
    created_by: action.by,
    created_at: action.at,
  };
  return inTransaction(db, async (tx) => {
    await ledgerLock(tx);
    const inserted = await tx
      .insertInto('issuances')
      .values(values)
      .onConflict((oc) => oc.columns(['enrolment_id', 'period']).doNothing())
      .returningAll()
      .execute();
    const row = inserted[0];
    return row && issuance(row);
  });
}

export async function getIssuance(db: Kysely<Database>, id: string): Promise<IssuanceRecord | undefined> {
  const r = await db.selectFrom('issuances').selectAll().where('id', '=', id).executeTakeFirst();
  return r && issuance(r);
}

/** Issuances, of one enrolment and/or period when given, by period start then id. */
export async function listIssuances(
  db: Kysely<Database>,
  filter: { enrolmentId?: string; period?: string } = {},
): Promise<IssuanceRecord[]> {
  let q = db.selectFrom('issuances').selectAll().orderBy('period_start').orderBy('id');
  if (filter.enrolmentId !== undefined) q = q.where('enrolment_id', '=', filter.enrolmentId);
  if (filter.period !== undefined) q = q.where('period', '=', filter.period);
  return (await q.execute()).map(issuance);
}

/**
 * Reserves `count` serial numbers under `prefix`: an atomic upsert of its counter (`insert ... on conflict do
 * update set next_number = next_number + count returning next_number`), so two reservations never overlap,
 * whoever makes them; the first under a new prefix is 1. Rolled back with the caller's transaction.
 */
export async function reserveSerials(
  db: Kysely<Database>,
  prefix: string,
  count: number,
): Promise<{ first: number; last: number }> {
  if (!Number.isSafeInteger(count) || count < 1)
    throw new Error(`reserveSerials: count ${count} is not a whole number of certificates >= 1`);
  if (prefix === '') throw new Error('reserveSerials: an empty serial prefix');
  return inTransaction(db, async (tx) => {
    await ledgerLock(tx);
    const r = await tx
      .insertInto('serial_counters')
      .values({ prefix, next_number: 1 + count })
      .onConflict((oc) =>
        oc.column('prefix').doUpdateSet({ next_number: sql<number>`serial_counters.next_number + ${count}` }),
      )
      .returning('next_number')
      .executeTakeFirstOrThrow();
    const next = safeInteger(r.next_number, 'serial_counters.next_number');
    return { first: next - count, last: next - 1 };
  });
}

// ---- attestations

/** Records an independent monitor's attestation; a second one of the same (enrolment, period) is refused. */
export async function recordAttestation(
  db: Kysely<Database>,
  action: Action,
  input: { enrolmentId: string; period: string; by: string; note?: string | null },
): Promise<AttestationRecord> {
  return inTransaction(db, async (tx) => {
    const r = await tx
      .insertInto('attestations')
      .values({
        enrolment_id: input.enrolmentId,
        period: input.period,
        attested_by: input.by,
        note: input.note ?? null,
        created_by: action.by,
        created_at: action.at,
      })
      .onConflict((oc) => oc.columns(['enrolment_id', 'period']).doNothing())
      .returning('period')
      .execute();
    const stored = await getAttestation(tx, input.enrolmentId, input.period);
    if (!stored) throw new Error(`attestation of ${input.enrolmentId} ${input.period} vanished`);
    if (r.length === 0)
      throw new InputError(
        `period ${input.period} of enrolment ${input.enrolmentId} was attested already, by ${stored.by} (${new Date(stored.createdAt).toISOString()})`,
        { path: ['period'], value: input.period },
      );
    return stored;
  });
}

export async function getAttestation(
  db: Kysely<Database>,
  enrolmentId: string,
  period: string,
): Promise<AttestationRecord | undefined> {
  const r = await db
    .selectFrom('attestations')
    .selectAll()
    .where('enrolment_id', '=', enrolmentId)
    .where('period', '=', period)
    .executeTakeFirst();
  return (
    r && {
      enrolmentId: r.enrolment_id,
      period: r.period,
      by: r.attested_by,
      note: r.note,
      createdBy: r.created_by,
      createdAt: r.created_at,
    }
  );
}

// ---- batches

const batch = (r: Selectable<BatchesTable>): BatchRecord => ({
  id: r.id,
  issuanceId: r.issuance_id,
  parentId: r.parent_id,
  accountId: r.account_id,
  serialPrefix: r.serial_prefix,
  first: r.serial_first,
  last: r.serial_last,
  quantity: r.quantity,
  unit: r.unit,
  vintage: r.vintage,
  status: r.status,
  beneficiary: r.beneficiary,
  reason: r.reason,
  claimPeriod: r.claim_period,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** A batch (CHECK: serial_first >= 1 and quantity = serial_last - serial_first + 1). */
export async function createBatch(
  db: Kysely<Database>,
  action: Action,
  input: Omit<BatchRecord, 'id' | 'createdBy' | 'createdAt'>,
): Promise<BatchRecord> {
  const id = newId(action.ids, 'batch');
  return inTransaction(db, async (tx) => {
    await ledgerLock(tx);
    const row = await tx
      .insertInto('batches')
      .values({
        id,
        issuance_id: input.issuanceId,
        parent_id: input.parentId,
        account_id: input.accountId,
        serial_prefix: input.serialPrefix,
        serial_first: storedInteger(input.first, 'first'),
        serial_last: storedInteger(input.last, 'last'),
        quantity: storedInteger(input.quantity, 'quantity'),
        unit: input.unit,
        vintage: input.vintage,
        status: input.status,
        beneficiary: input.beneficiary,
        reason: input.reason,
        claim_period: input.claimPeriod,
        created_by: action.by,
        created_at: action.at,
      })
      .returningAll()
      .executeTakeFirst();
    return must(row && batch(row), id);
  });
}

export async function getBatch(db: Kysely<Database>, id: string): Promise<BatchRecord | undefined> {
  const r = await db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirst();
  return r && batch(r);
}

/** Batches, filtered, in the order they were made. */
export async function listBatches(
  db: Kysely<Database>,
  filter: { accountId?: string; status?: BatchStatus; issuanceId?: string } = {},
): Promise<BatchRecord[]> {
  let q = db.selectFrom('batches').selectAll().orderBy('created_at').orderBy('id');
  if (filter.accountId !== undefined) q = q.where('account_id', '=', filter.accountId);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.issuanceId !== undefined) q = q.where('issuance_id', '=', filter.issuanceId);
  return (await q.execute()).map(batch);
}

export async function updateBatch(
  db: Kysely<Database>,
  id: string,
  change: Partial<Pick<BatchRecord, 'status' | 'accountId' | 'beneficiary' | 'reason' | 'claimPeriod'>>,
): Promise<BatchRecord> {
  return inTransaction(db, async (tx) => {
    await ledgerLock(tx);
    const set: Partial<
      Pick<BatchesTable, 'status' | 'account_id' | 'beneficiary' | 'reason' | 'claim_period'>
    > = {};
    if (change.status !== undefined) set.status = change.status;
    if (change.accountId !== undefined) set.account_id = change.accountId;
    if (change.beneficiary !== undefined) set.beneficiary = change.beneficiary;
    if (change.reason !== undefined) set.reason = change.reason;
    if (change.claimPeriod !== undefined) set.claim_period = change.claimPeriod;
    if (Object.keys(set).length > 0) {
      const r = await tx.updateTable('batches').set(set).where('id', '=', id).executeTakeFirst();
      if (r.numUpdatedRows === 0n) throw new Error(`no batch ${id}`);
    }
    const stored = await getBatch(tx, id);
    if (!stored) throw new Error(`no batch ${id}`);
    return stored;
  });
}

// ---- transfers

const transfer = (r: Selectable<TransfersTable>): TransferRecord => ({
  id: r.id,
  batchId: r.batch_id,
  fromAccountId: r.from_account_id,
  toAccountId: r.to_account_id,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
});

/** A transfer; one made decided (not pending) is decided by its maker, at once. */
export async function createTransfer(
  db: Kysely<Database>,
  action: Action,
  input: Omit<TransferRecord, 'id' | 'createdBy' | 'createdAt' | 'decidedBy' | 'decidedAt'>,
): Promise<TransferRecord> {
  const id = newId(action.ids, 'transfer');
  const decided = input.status !== 'pending';
  return inTransaction(db, async (tx) => {
    await ledgerLock(tx);
    await tx
      .insertInto('transfers')
      .values({
        id,
        batch_id: input.batchId,
        from_account_id: input.fromAccountId,
        to_account_id: input.toAccountId,
        status: input.status,
        created_by: action.by,
        created_at: action.at,
        decided_by: decided ? action.by : null,
        decided_at: decided ? action.at : null,
      })
      .execute();
    return must(await getTransfer(tx, id), id);
  });
}

export async function getTransfer(db: Kysely<Database>, id: string): Promise<TransferRecord | undefined> {
  const r = await db.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirst();
  return r && transfer(r);
}

/** Transfers from or to an account and/or of a status, in the order they were made. */
export async function listTransfers(
  db: Kysely<Database>,
  filter: { accountId?: string; status?: TransferStatus } = {},
): Promise<TransferRecord[]> {
  let q = db.selectFrom('transfers').selectAll().orderBy('created_at').orderBy('id');
  const { accountId } = filter;
  if (accountId !== undefined)
    q = q.where((eb) => eb.or([eb('from_account_id', '=', accountId), eb('to_account_id', '=', accountId)]));
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  return (await q.execute()).map(transfer);
}

/** Decides a pending transfer; one that is not pending (or does not exist) is an InputError naming it. */
export async function decideTransfer(
  db: Kysely<Database>,
  action: Action,
  id: string,
  status: Exclude<TransferStatus, 'pending'>,
): Promise<TransferRecord> {
  return inTransaction(db, async (tx) => {
    await ledgerLock(tx);
    const r = await tx
      .updateTable('transfers')
      .set({ status, decided_by: action.by, decided_at: action.at })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    const stored = await getTransfer(tx, id);
    if (!stored) throw new InputError('no such transfer', { path: ['transfer'], value: id });
    if (r.numUpdatedRows === 0n)
      throw new InputError(`transfer ${id} is ${stored.status}, not pending: it cannot be ${status}`, {
        path: ['transfer'],
        value: id,
      });
    return stored;
  });
}

// ---- the event chain

/** SHA-256 hex of (prevHash + canonical JSON of { seq, at, actor, type, payload }). */
export function eventHash(
  prevHash: string,
  event: { seq: number; at: number; actor: string; type: string },
  payloadJson: string,
): string {
  // One-shot crypto.hash (Node >= 20.12): a third faster than createHash per event over a million events.
  return digest('sha256', prevHash + ledgerEventText(event, payloadJson), 'hex');
}

const eventRecordOf = (r: Selectable<Database['ledger_events']>): LedgerEventRecord => ({
  seq: safeInteger(r.seq, 'ledger_events.seq'),
  at: r.at,
  actor: r.actor,
  type: r.type,
  payload: JSON.parse(r.payload_json) as unknown,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * Appends one event: under the ledger lock (PostgreSQL: the advisory lock; SQLite: the write lock its
 * IMMEDIATE transaction holds) it reads the head, and inserts seq = head + 1 (1 for the first) with prev_hash
 * = the head's hash (64 zeros for the first). An event replay.ts would not understand is refused (a defect of
 * the caller), so the chain only ever holds events a verifier can replay.
 */
export async function appendEvent(
  db: Kysely<Database>,
  action: { by: string; at: number },
  event: { type: string; payload: unknown },
): Promise<LedgerEventRecord> {
  const parsed = parseLedgerEvent(event.type, event.payload);
  if ('reason' in parsed) throw new Error(`ledger event refused: ${parsed.reason}`);
  storedInteger(action.at, 'event time');
  const payloadJson = canonicalJson(event.payload);
  return inTransaction(db, async (tx) => {
    await ledgerLock(tx);
    const head = await tx
      .selectFrom('ledger_events')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const seq = head ? safeInteger(head.seq, 'ledger_events.seq') + 1 : 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const fields = { seq, at: action.at, actor: action.by, type: event.type };
    const row = {
      ...fields,
      payload_json: payloadJson,
      prev_hash: prevHash,
      hash: eventHash(prevHash, fields, payloadJson),
    };
    await tx.insertInto('ledger_events').values(row).execute();
    return eventRecordOf(row);
  });
}

export async function listEvents(
  db: Kysely<Database>,
  filter: { fromSeq?: number } = {},
): Promise<LedgerEventRecord[]> {
  let q = db.selectFrom('ledger_events').selectAll().orderBy('seq');
  if (filter.fromSeq !== undefined) q = q.where('seq', '>=', filter.fromSeq);
  return (await q.execute()).map(eventRecordOf);
}

/** Events read per query by verifyLedger (keyset pages by seq: memory stays flat over a million events). */
export const VERIFY_PAGE = 20_000;

const BATCH_FIELDS: readonly [keyof BatchState, keyof BatchesTable][] = [
  ['issuanceId', 'issuance_id'],
  ['parentId', 'parent_id'],
  ['accountId', 'account_id'],
  ['serialPrefix', 'serial_prefix'],
  ['first', 'serial_first'],
  ['last', 'serial_last'],
  ['quantity', 'quantity'],
  ['unit', 'unit'],
  ['vintage', 'vintage'],
  ['status', 'status'],
  ['beneficiary', 'beneficiary'],
  ['reason', 'reason'],
  ['claimPeriod', 'claim_period'],
];

const TRANSFER_COLUMNS = ['id', 'batch_id', 'from_account_id', 'to_account_id', 'status'] as const;

/**
 * Every row of a ledger table in pages (the columns verifyLedger compares, not the generation record), without holding them all: SQLite by rowid (the table's own order:
 * sequential reads, no index lookups), PostgreSQL by id (its primary key index).
 */
async function* scan<
  T extends 'batches' | 'transfers' | 'issuances',
  C extends keyof Selectable<Database[T]> & string,
>(db: Kysely<Database>, table: T, columns: readonly C[]): AsyncGenerator<Pick<Selectable<Database[T]>, C>[]> {
  const sqlite = dialectOf(db) === 'sqlite';
  const key = sqlite ? sql<string | number>`rowid` : sql<string | number>`id`;
  const list = sql.join(columns.map((c) => sql.ref(c)));
  let after: string | number = sqlite ? 0 : '';
  for (;;) {
    const page = (
      await sql<Pick<Selectable<Database[T]>, C> & { page_key: string | number }>`
        select ${list}, ${key} as page_key from ${sql.table(table)} where ${key} > ${after} order by ${key} limit ${VERIFY_PAGE}`.execute(
        db,
      )
    ).rows;
    yield page;
    if (page.length < VERIFY_PAGE) return;
    after = page[page.length - 1]!.page_key;
  }
}

/**
 * Recomputes the chain and replays it against the tables (docs/store.md, "verify"): every event's hash from
 * its stored fields, seq continuity from 1, prev_hash linkage (64 zeros first); the replay's impossible
 * events; then every batch, transfer and issuance row against what the events made (a row changed, deleted
 * or inserted behind TREC's back is a problem naming the row and the event that last set it). `firstBroken`
 * is the chain's first break (hash, seq or link) by seq when there is one, else the replay's or the tables'
 * problem with the lowest seq (rows no event made have none and come last). Balances are the replay's.
 */
export async function verifyLedger(db: Kysely<Database>): Promise<LedgerVerification> {
  const problems: { seq: number | null; reason: string }[] = [];
  const replay = createLedgerReplay();
  let events = 0;
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('ledger_events')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(VERIFY_PAGE)
      .execute();
    for (const r of page) {
      const seq = safeInteger(r.seq, 'ledger_events.seq');
      events += 1;
      if (seq !== expected)
        problems.push({
          seq: expected,
          reason:
            seq > expected
              ? `event${seq - expected > 1 ? `s ${expected} to ${seq - 1} are` : ` ${expected} is`} missing (the chain goes from ${expected - 1} to ${seq})`
              : `event ${seq} is out of order`,
        });
      if (r.prev_hash !== prevHash)
        problems.push({
          seq,
          reason: `event ${seq}'s prev_hash ${r.prev_hash.slice(0, 12)}... is not the hash of the event before it (${prevHash.slice(0, 12)}...)`,
        });
      const hash = eventHash(r.prev_hash, { seq, at: r.at, actor: r.actor, type: r.type }, r.payload_json);
      if (hash !== r.hash)
        problems.push({
          seq,
          reason: `event ${seq}'s hash does not match its content (stored ${r.hash.slice(0, 12)}..., computed ${hash.slice(0, 12)}...)`,
        });
      let payload: unknown;
      try {
        payload = JSON.parse(r.payload_json);
      } catch {
        problems.push({ seq, reason: `event ${seq}'s payload is not JSON` });
      }
      if (payload !== undefined) replay.apply({ seq, type: r.type, payload });
      expected = seq + 1;
      prevHash = r.hash;
      after = seq;
    }
    if (page.length < VERIFY_PAGE) break;
  }
  const chainProblems = problems.length;
  const state = replay.result();
  for (const p of state.problems) problems.push({ seq: p.seq, reason: `event ${p.seq}: ${p.reason}` });

  // The tables against the replay.
  const seenBatches = new Set<string>();
  for await (const page of scan(db, 'batches', ['id', ...BATCH_FIELDS.map(([, column]) => column)]))
    for (const r of page) {
      seenBatches.add(r.id);
      const b = state.batches.get(r.id);
      if (!b) {
        problems.push({
          seq: null,
          reason: `batch ${r.id} (${r.serial_prefix} ${r.serial_first}-${r.serial_last}, account ${r.account_id}) is in the batches table but no event made it`,
        });
        continue;
      }
      const by = state.batchSetBy.get(r.id) ?? null;
      for (const [key, column] of BATCH_FIELDS) {
        const stored: unknown = r[column];
        if (stored !== b[key])
          problems.push({
            seq: by,
            reason: `batch ${r.id}: the table has ${column} ${JSON.stringify(stored)}, the events ${JSON.stringify(b[key])} (set by event ${by})`,
          });
      }
    }
  for (const [id, b] of state.batches)
    if (!seenBatches.has(id)) {
      const by = state.batchSetBy.get(id) ?? null;
      problems.push({
        seq: by,
        reason: `batch ${id} (${b.serialPrefix} ${b.first}-${b.last}) was made by the events (last set by event ${by}) but is not in the batches table`,
      });
    }
  const seenTransfers = new Set<string>();
  for await (const page of scan(db, 'transfers', TRANSFER_COLUMNS))
    for (const r of page) {
      seenTransfers.add(r.id);
      const t = state.transfers.get(r.id);
      if (!t) {
        // An immediate transfer is recorded by a 'transfer' event without a transfer id: a decided row is the
        // use case's record of it only when its batch's events moved it; a pending row always needs its event.
        if (r.status === 'pending')
          problems.push({
            seq: null,
            reason: `transfer ${r.id} is pending in the transfers table but no event requested it`,
          });
        continue;
      }
      const by = state.transferSetBy.get(r.id) ?? null;
      for (const [key, column] of [
        ['batchId', 'batch_id'],
        ['fromAccountId', 'from_account_id'],
        ['toAccountId', 'to_account_id'],
        ['status', 'status'],
      ] as const)
        if (r[column] !== t[key])
          problems.push({
            seq: by,
            reason: `transfer ${r.id}: the table has ${column} ${JSON.stringify(r[column])}, the events ${JSON.stringify(t[key])} (set by event ${by})`,
          });
    }
  for (const [id, t] of state.transfers)
    if (!seenTransfers.has(id)) {
      const by = state.transferSetBy.get(id) ?? null;
      problems.push({
        seq: by,
        reason: `transfer ${id} of batch ${t.batchId} was made by the events (last set by event ${by}) but is not in the transfers table`,
      });
    }
  const seenIssuances = new Set<string>();
  for await (const page of scan(db, 'issuances', ['id', 'enrolment_id', 'period', 'certificates']))
    for (const r of page) {
      seenIssuances.add(r.id);
      const i = state.issuances.get(r.id);
      if (!i) {
        problems.push({
          seq: null,
          reason: `issuance ${r.id} (enrolment ${r.enrolment_id}, ${r.period}) is in the issuances table but no issue event records it`,
        });
        continue;
      }
      if (i.enrolmentId !== r.enrolment_id || i.period !== r.period || i.certificates !== r.certificates)
        problems.push({
          seq: i.seq,
          reason: `issuance ${r.id}: the table has enrolment ${r.enrolment_id} ${r.period} with ${r.certificates} certificates, its issue event (${i.seq}) ${i.enrolmentId} ${i.period} with ${i.certificates}`,
        });
    }
  for (const [id, i] of state.issuances)
    if (!seenIssuances.has(id))
      problems.push({
        seq: i.seq,
        reason: `issuance ${id} was issued by event ${i.seq} but is not in the issuances table`,
      });

  // The chain's own breaks first (a table that disagrees after a deleted event is its consequence), then the
  // replay's and the tables' problems, each by seq (rows no event made last).
  const sorted = problems
    .map((p, k) => ({ ...p, k }))
    .sort(
      (a, b) =>
        Number(a.k >= chainProblems) - Number(b.k >= chainProblems) ||
        (a.seq ?? Infinity) - (b.seq ?? Infinity) ||
        a.k - b.k,
    );
  const first = sorted[0];
  return {
    ok: sorted.length === 0,
    events,
    firstBroken: first ? { seq: first.seq, reason: first.reason } : null,
    problems: sorted.map((p) => p.reason),
    balances: ledgerBalances(state.batches.values()),
  };
}

/** The LedgerStore port over `db` (a transaction when the Registry's `transaction` made one). */
export function ledgerStore(db: Kysely<Database>): LedgerStore {
  return {
    createAccount: (a, input) => createAccount(db, a, input),
    getAccount: (id) => getLedgerAccount(db, id),
    allowTransfers: (a, input) => allowTransfers(db, a, input),
    periodSums: (systemIds, fromMs, toMs, asOfMs) => periodSums(db, systemIds, fromMs, toMs, asOfMs),
    uploadsInRange: (systemId, fromMs, toMs, asOfMs) => uploadsInRange(db, systemId, fromMs, toMs, asOfMs),
    claimIssuance: (a, input) => claimIssuance(db, a, input),
    getIssuance: (id) => getIssuance(db, id),
    listIssuances: (filter) => listIssuances(db, filter),
    reserveSerials: (prefix, count) => reserveSerials(db, prefix, count),
    recordAttestation: (a, input) => recordAttestation(db, a, input),
    getAttestation: (enrolmentId, period) => getAttestation(db, enrolmentId, period),
    createBatch: (a, input) => createBatch(db, a, input),
    getBatch: (id) => getBatch(db, id),
    listBatches: (filter) => listBatches(db, filter),
    updateBatch: (id, change) => updateBatch(db, id, change),
    createTransfer: (a, input) => createTransfer(db, a, input),
    getTransfer: (id) => getTransfer(db, id),
    listTransfers: (filter) => listTransfers(db, filter),
    decideTransfer: (a, id, status) => decideTransfer(db, a, id, status),
    appendEvent: (a, event) => appendEvent(db, a, event),
    listEvents: (filter) => listEvents(db, filter),
    verifyLedger: () => verifyLedger(db),
  };
}

function must<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new Error(`${id} was not found right after it was stored`);
  return value;
}
