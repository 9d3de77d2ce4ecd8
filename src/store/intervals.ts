import { sql, type Kysely, type Selectable } from 'kysely';
import type { EnergySumsRecord, StoredHour } from '../app/index.ts';
import { InputError, type Check } from '../core/index.ts';
import { appendAudit } from './audit.ts';
import { newId } from './ids.ts';
import { dialectOf, type DialectName } from './open.ts';
import { ledgerLock } from './ledger-lock.ts';
import { ensureMonthPartitions } from './partitions.ts';
import { insertReadings, removeReadings, type ReadingsInput } from './readings.ts';
import { refreshEnergyRollup, systemZones, wholeDays } from './rollup.ts';
import type { Action, Made } from './registry.ts';
import type { Database, IntervalEnergyTable, UploadsTable } from './schema.ts';
import { inTransaction } from './transaction.ts';
import { fromJson, safeInteger, safeIntegerOrNull, storedInteger, toJson } from './values.ts';

export const HOUR_MS = 3_600_000;

// ---- uploads

export interface NewUpload {
  meterId: string;
  fileName: string;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
  sizeBytes: number;
  /** Data rows read from the file. */
  rowCount: number;
  /** [rangeStart, rangeEnd) in ms: every interval's start lies in it; null for an upload without intervals. */
  rangeStart: number | null;
  rangeEnd: number | null;
  checks: readonly Check[];
}

export interface Upload extends NewUpload, Made {
  id: string;
  /** Hourly intervals stored from it. */
  intervalCount: number;
}

const upload = (r: Selectable<UploadsTable>): Upload => ({
  id: r.id,
  meterId: r.meter_id,
  fileName: r.file_name,
  sha256: r.sha256,
  sizeBytes: r.size_bytes,
  rowCount: r.row_count,
  intervalCount: r.interval_count,
  rangeStart: r.range_start,
  rangeEnd: r.range_end,
  checks: fromJson<Check[]>(r.checks_json, []),
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export async function getUpload(db: Kysely<Database>, id: string): Promise<Upload | undefined> {
  const r = await db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
  return r && upload(r);
}

/** The upload of this file (by content hash) for this meter, if it was stored: "already ingested". */
export async function findUploadByHash(
  db: Kysely<Database>,
  meterId: string,
  sha256: string,
): Promise<Upload | undefined> {
  const r = await db
    .selectFrom('uploads')
    .selectAll()
    .where('meter_id', '=', meterId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return r && upload(r);
}

/** The uploads of a meter, oldest first. */
export async function listUploads(db: Kysely<Database>, meterId: string): Promise<Upload[]> {
  const rows = await db
    .selectFrom('uploads')
    .selectAll()
    .where('meter_id', '=', meterId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(upload);
}

// ---- interval energy

/** One hour of one meter, energies in integer Wh: the shape of the app's IntervalStore port. */
export type IntervalRow = StoredHour;

export interface StoredInterval extends IntervalRow {
  meterId: string;
  uploadId: string;
}

const ENERGY = [
  ['heatWh', 'heat_wh'],
  ['coolWh', 'cool_wh'],
  ['defrostWh', 'defrost_wh'],
  ['transientWh', 'transient_wh'],
  ['excludedWh', 'excluded_wh'],
  ['elecWh', 'elec_wh'],
  ['excludedElecWh', 'excluded_elec_wh'],
] as const;

/** Columns of one interval_energy row, for the batch size. */
const INTERVAL_COLUMNS = 16;

/**
 * Rows per multi-row INSERT: as many as the dialect's bound-parameter limit allows (SQLite since 3.32:
 * 32,766 variables; PostgreSQL's protocol: 65,535 parameters).
 */
export function batchRows(dialect: DialectName, columns: number): number {
  const limit = dialect === 'postgres' ? 65_535 : 32_766;
  return Math.floor(limit / columns);
}

function intervalValues(
  meterId: string,
  uploadId: string,
  row: IntervalRow,
  range: { from: number; to: number } | null,
): Selectable<IntervalEnergyTable> {
  const start = storedInteger(row.start, 'interval start');
  if (range === null || start < range.from || start >= range.to)
    throw new Error(
      `interval ${new Date(start).toISOString()} lies outside the upload's range` +
        (range ? ` [${new Date(range.from).toISOString()}, ${new Date(range.to).toISOString()})` : ' (none)'),
    );
  const values = {
    meter_id: meterId,
    start,
    upload_id: uploadId,
    coverage_s: storedInteger(row.coverageS, 'coverageS'),
    uncertainty_wh: row.uncertaintyWh === null ? null : storedInteger(row.uncertaintyWh, 'uncertaintyWh'),
    mean_supply_c: row.meanSupplyC,
    mean_source_c: row.meanSourceC,
    checks_json: row.checks === null || row.checks.length === 0 ? null : toJson(row.checks),
    // The hour's error-severity checks: an hour with any is never certified (periodSums holds it back).
    error_checks: row.checks === null ? 0 : row.checks.filter((c) => c.severity === 'error').length,
  } as Selectable<IntervalEnergyTable>;
  for (const [key, column] of ENERGY) values[column] = storedInteger(row[key], key);
  return values;
}

/** PostgreSQL: rows per `insert ... select from unnest(...)` (one array parameter per column). */
const PG_UNNEST_ROWS = 5_000;

/** Interval rows per INSERT statement of `insertUpload`: 2,047 on SQLite, 5,000 on PostgreSQL. */
export function intervalBatchRows(dialect: DialectName): number {
  return dialect === 'postgres' ? PG_UNNEST_ROWS : batchRows(dialect, INTERVAL_COLUMNS);
}

/** The column types of interval_energy in PostgreSQL, for the arrays of `insertUnnest`. */
const PG_COLUMN_TYPES: Readonly<Record<keyof IntervalEnergyTable, string>> = {
  meter_id: 'text',
  start: 'bigint',
  upload_id: 'text',
  heat_wh: 'bigint',
  cool_wh: 'bigint',
  defrost_wh: 'bigint',
  transient_wh: 'bigint',
  excluded_wh: 'bigint',
  elec_wh: 'bigint',
  excluded_elec_wh: 'bigint',
  coverage_s: 'integer',
  uncertainty_wh: 'bigint',
  mean_supply_c: 'double precision',
  mean_source_c: 'double precision',
  checks_json: 'text',
  error_checks: 'integer',
};

/**
 * On PostgreSQL one array per column and `unnest`: 15 parameters however many rows, instead of a multi-row
 * VALUES with 15 per row (parsing and planning that costs more than the rows themselves).
 */
async function insertUnnest(tx: Kysely<Database>, rows: readonly Selectable<IntervalEnergyTable>[]) {
  const columns = Object.keys(PG_COLUMN_TYPES) as (keyof IntervalEnergyTable)[];
  const arrays = columns.map((c) => sql`${rows.map((r) => r[c])}::${sql.raw(PG_COLUMN_TYPES[c])}[]`);
  await sql`insert into interval_energy (${sql.join(columns.map((c) => sql.ref(c)))})
    select * from unnest(${sql.join(arrays)})`.execute(tx);
}

/** Longest span one upload may cover: more than 20 years of hours in one file is a timestamp error. */
export const MAX_UPLOAD_SPAN_MS = 20 * 366 * 24 * HOUR_MS;

function checkRange({ from, to }: { from: number; to: number }) {
  storedInteger(from, 'rangeStart');
  storedInteger(to, 'rangeEnd');
  if (!(to > from)) throw new Error(`upload range end ${to} is not after its start ${from}`);
  if (to - from > MAX_UPLOAD_SPAN_MS)
    throw new Error(
      `upload range ${new Date(from).toISOString()} to ${new Date(to).toISOString()} spans more than 20 years: a timestamp error, refused (it would also make a partition per month on PostgreSQL)`,
    );
}

export interface InsertUploadOptions {
  /**
   * Delete the meter's stored intervals in the upload's range first (in the same transaction). Whether the
   * period may be replaced (not yet issued) is the caller's rule.
   */
  replace?: boolean;
  /**
   * The upload's readings by UTC day (0005_readings, readings.ts), written in the same transaction; with
   * `replace`, the meter's stored readings in the range are removed first.
   */
  readings?: ReadingsInput;
}

export interface InsertedUpload {
  upload: Upload;
  /** Stored intervals the replace deleted. */
  replaced: number;
}

/**
 * Stores an upload and its hourly intervals in ONE transaction: all of them or, on any failure (a duplicate
 * hour, the same file again, an interval outside the declared range, an interruption), none. `intervals`
 * may be an async iterable, consumed inside the transaction and written in batches.
 *
 * On PostgreSQL the month partitions of the upload's range are made first (partitions.ts), in their own
 * short transaction, or inside the caller's when `db` is a transaction.
 */
export async function insertUpload(
  db: Kysely<Database>,
  action: Action,
  input: NewUpload,
  intervals: Iterable<IntervalRow> | AsyncIterable<IntervalRow>,
  options: InsertUploadOptions = {},
): Promise<InsertedUpload> {
  const dialect = dialectOf(db);
  const range =
    input.rangeStart === null || input.rangeEnd === null
      ? null
      : { from: input.rangeStart, to: input.rangeEnd };
  if (range) checkRange(range);
  if (dialect === 'postgres' && range) await ensureMonthPartitions(db, range.from, range.to);
  const id = newId(action.ids, 'upload');
  const batch = intervalBatchRows(dialect);
  return inTransaction(db, async (tx) => {
    const organisation = await tx
      .selectFrom('meters')
      .innerJoin('systems', 'systems.id', 'meters.system_id')
      .innerJoin('sites', 'sites.id', 'systems.site_id')
      .select(['sites.organisation_id', 'meters.system_id', 'sites.time_zone'])
      .where('meters.id', '=', input.meterId)
      .executeTakeFirst();
    let replaced = 0;
    if (options.replace && range) {
      await refuseIssuedReplace(tx, input.meterId, range);
      const r = await tx
        .deleteFrom('interval_energy')
        .where('meter_id', '=', input.meterId)
        .where('start', '>=', range.from)
        .where('start', '<', range.to)
        .executeTakeFirst();
      replaced = Number(r.numDeletedRows);
      await removeReadings(tx, input.meterId, range.from, range.to);
    }
    await tx
      .insertInto('uploads')
      .values({
        id,
        meter_id: input.meterId,
        file_name: input.fileName,
        sha256: input.sha256,
        size_bytes: storedInteger(input.sizeBytes, 'sizeBytes'),
        row_count: storedInteger(input.rowCount, 'rowCount'),
        interval_count: 0,
        range_start: input.rangeStart,
        range_end: input.rangeEnd,
        checks_json: toJson(input.checks),
        created_by: action.by,
        created_at: action.at,
      })
      .execute();
    let pending: Selectable<IntervalEnergyTable>[] = [];
    let count = 0;
    const flush = async () => {
      if (pending.length === 0) return;
      if (dialect === 'postgres') await insertUnnest(tx, pending);
      else await tx.insertInto('interval_energy').values(pending).execute();
      count += pending.length;
      pending = [];
    };
    for await (const row of intervals) {
      pending.push(intervalValues(input.meterId, id, row, range));
      if (pending.length >= batch) await flush();
    }
    await flush();
    if (options.readings) await insertReadings(tx, input.meterId, id, options.readings);
    // The daily rollup of the days this upload (and its replace) touched, from the hour table (rollup.ts).
    if (range && organisation)
      await refreshEnergyRollup(
        tx,
        { systemId: organisation.system_id },
        range.from,
        range.to,
        organisation.time_zone,
      );
    await tx.updateTable('uploads').set({ interval_count: count }).where('id', '=', id).execute();
    await appendAudit(tx, {
      at: action.at,
      actor: action.by,
      action: 'upload.create',
      entity: 'upload',
      entityId: id,
      organisationId: organisation?.organisation_id ?? null,
      detail: {
        meterId: input.meterId,
        fileName: input.fileName,
        sha256: input.sha256,
        intervals: count,
        replaced,
      },
    });
    const stored = await getUpload(tx, id);
    if (!stored) throw new Error(`upload ${id} vanished inside its own transaction`);
    return { upload: stored, replaced };
  });
}

/**
 * `--replace` replaces only hours of a period not yet issued (issue 10, part 1): refused, naming the issued
 * period and the range, when it would delete a stored hour of the meter inside an issued period of any
 * enrolment of the meter's system. Data for an issued period is counted as a prior-period adjustment of the
 * next open period instead, never by changing what was issued. Inside the upload's transaction, after the
 * ledger lock (PostgreSQL; SQLite's write lock is taken at BEGIN IMMEDIATE), so no issuance commits between
 * this check and the replacement.
 */
async function refuseIssuedReplace(
  tx: Kysely<Database>,
  meterId: string,
  range: { from: number; to: number },
): Promise<void> {
  await ledgerLock(tx);
  const issued = await tx
    .selectFrom('issuances as i')
    .innerJoin('enrolments as en', 'en.id', 'i.enrolment_id')
    .innerJoin('meters as m', 'm.system_id', 'en.system_id')
    .select(['i.id', 'i.period', 'i.period_start', 'i.period_end', 'i.enrolment_id'])
    .where('m.id', '=', meterId)
    .where('i.period_start', '<', range.to)
    .where('i.period_end', '>', range.from)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('interval_energy as e')
          .select('e.start')
          .whereRef('e.meter_id', '=', 'm.id')
          .where('e.start', '>=', range.from)
          .where('e.start', '<', range.to)
          .whereRef('e.start', '>=', 'i.period_start')
          .whereRef('e.start', '<', 'i.period_end'),
      ),
    )
    .orderBy('i.period_start')
    .orderBy('i.id')
    .executeTakeFirst();
  if (!issued) return;
  const iso = (ms: number) => new Date(ms).toISOString();
  throw new InputError(
    `--replace would replace stored hours of ${iso(range.from)} to ${iso(range.to)} inside period ${issued.period} ` +
      `(${iso(issued.period_start)} to ${iso(issued.period_end)}), already issued (issuance ${issued.id}, enrolment ` +
      `${issued.enrolment_id}): an issued period is never replaced; data that arrives for it is counted as a ` +
      `prior-period adjustment of the next open period`,
    { path: ['replace'], value: issued.period },
  );
}

/** Whose intervals: one meter, or every meter of a system. */
export type IntervalScope = { meterId: string } | { systemId: string };

/** Exact sums over stored intervals (integers): the shape of the app's Registry port. */
export type EnergySums = EnergySumsRecord;

function scoped(db: Kysely<Database>, scope: IntervalScope, fromMs: number, toMs: number) {
  let q = db
    .selectFrom('interval_energy as e')
    .innerJoin('meters as m', 'm.id', 'e.meter_id')
    .where('e.start', '>=', fromMs)
    .where('e.start', '<', toMs);
  q =
    'meterId' in scope
      ? q.where('e.meter_id', '=', scope.meterId)
      : q.where('m.system_id', '=', scope.systemId);
  return q;
}

const total = (column: string) => sql<unknown>`cast(coalesce(sum(${sql.ref(`e.${column}`)}), 0) as bigint)`;

/** The sums every energy read returns, computed by the database. */
const SUMS = [
  sql<unknown>`count(*)`.as('intervals'),
  total('heat_wh').as('heat_wh'),
  total('cool_wh').as('cool_wh'),
  total('defrost_wh').as('defrost_wh'),
  total('transient_wh').as('transient_wh'),
  total('excluded_wh').as('excluded_wh'),
  total('elec_wh').as('elec_wh'),
  total('excluded_elec_wh').as('excluded_elec_wh'),
  total('coverage_s').as('coverage_s'),
  total('uncertainty_wh').as('uncertainty_wh'),
] as const;

type SumsRow = { intervals: unknown; coverage_s: unknown; uncertainty_wh: unknown } & Record<
  (typeof ENERGY)[number][1],
  unknown
>;

function toSums(r: SumsRow): EnergySums {
  const sums = {
    intervals: safeInteger(r.intervals, 'count'),
    coverageS: safeInteger(r.coverage_s, 'sum of coverage_s'),
    uncertaintyWh: safeInteger(r.uncertainty_wh, 'sum of uncertainty_wh'),
  } as EnergySums;
  for (const [key, column] of ENERGY) sums[key] = safeInteger(r[column], `sum of ${column}`);
  return sums;
}

/**
 * Stored intervals of a meter or system whose start lies in [fromMs, toMs), by start then meter, and their
 * sums computed by the database (exact integers, checked on the way back).
 */
export async function readIntervals(
  db: Kysely<Database>,
  scope: IntervalScope,
  fromMs: number,
  toMs: number,
): Promise<{ rows: StoredInterval[]; sums: EnergySums }> {
  return {
    rows: await readIntervalRows(db, scope, fromMs, toMs),
    sums: await sumIntervals(db, scope, fromMs, toMs),
  };
}

/** The rows of `readIntervals` alone (what `trec data` reads: it sums them itself, by hour, day or month). */
export async function readIntervalRows(
  db: Kysely<Database>,
  scope: IntervalScope,
  fromMs: number,
  toMs: number,
): Promise<StoredInterval[]> {
  const rows = await scoped(db, scope, fromMs, toMs)
    .selectAll('e')
    .orderBy('e.start')
    .orderBy('e.meter_id')
    .execute();
  return rows.map((r) => {
    const row: StoredInterval = {
      meterId: r.meter_id,
      uploadId: r.upload_id,
      start: r.start,
      heatWh: 0,
      coolWh: 0,
      defrostWh: 0,
      transientWh: 0,
      excludedWh: 0,
      elecWh: 0,
      excludedElecWh: 0,
      coverageS: r.coverage_s,
      uncertaintyWh: safeIntegerOrNull(r.uncertainty_wh, 'uncertainty_wh'),
      meanSupplyC: r.mean_supply_c,
      meanSourceC: r.mean_source_c,
      checks: fromJson<Check[] | null>(r.checks_json, null),
    };
    for (const [key, column] of ENERGY) row[key] = safeInteger(r[column], column);
    return row;
  });
}

/** The sums alone (for a month of many systems without moving the rows). */
export async function sumIntervals(
  db: Kysely<Database>,
  scope: IntervalScope,
  fromMs: number,
  toMs: number,
): Promise<EnergySums> {
  const r = await scoped(db, scope, fromMs, toMs).select(SUMS).executeTakeFirstOrThrow();
  return toSums(r);
}

/** What is already stored for a meter in [fromMs, toMs): the hours' span and the uploads they came from. */
export interface Overlap {
  /** First stored hour's start, and the end of the last stored hour (its start + 1 h). */
  from: number;
  to: number;
  intervals: number;
  uploadIds: string[];
}

/** The stored intervals of `meterId` starting in [fromMs, toMs), or undefined when there are none. */
export async function storedOverlap(
  db: Kysely<Database>,
  meterId: string,
  fromMs: number,
  toMs: number,
): Promise<Overlap | undefined> {
  const inRange = db
    .selectFrom('interval_energy')
    .where('meter_id', '=', meterId)
    .where('start', '>=', fromMs)
    .where('start', '<', toMs);
  const span = await inRange
    .select((eb) => [
      eb.fn.min<number | string | null>('start').as('first'),
      eb.fn.max<number | string | null>('start').as('last'),
      eb.fn.countAll<number | string | bigint>().as('n'),
    ])
    .executeTakeFirstOrThrow();
  const n = safeInteger(span.n, 'count');
  if (n === 0) return undefined;
  const uploads = await inRange.select('upload_id').distinct().orderBy('upload_id').execute();
  return {
    from: safeInteger(span.first, 'min(start)'),
    to: safeInteger(span.last, 'max(start)') + HOUR_MS,
    intervals: n,
    uploadIds: uploads.map((u) => u.upload_id),
  };
}

/** The summed columns of interval_energy, in the order of SUMS. */
const SUMMED = [...ENERGY.map(([, column]) => column), 'coverage_s', 'uncertainty_wh'] as const;

/**
 * Sums per system over [fromMs, toMs), of one organisation or of the systems given; systems without stored
 * hours in the range are left out. By system id (JavaScript code-unit order, the same in both dialects).
 *
 * The whole local days of each system's zone come from the daily rollup (rollup.ts: 31 rows per system for
 * a month instead of 744 per meter), the hours at the edges of the range from the hour table; each hour lies
 * in exactly one part and every figure adds, so the sums are the hour table's to the Wh
 * (test/store/rollup.test.ts compares them on both dialects).
 */
export async function sumIntervalsBySystem(
  db: Kysely<Database>,
  filter: { organisationId: string } | { systemIds: readonly string[] },
  fromMs: number,
  toMs: number,
): Promise<{ systemId: string; sums: EnergySums }[]> {
  storedInteger(fromMs, 'fromMs');
  storedInteger(toMs, 'toMs');
  const ids =
    'systemIds' in filter
      ? [...new Set(filter.systemIds)]
      : (
          await db
            .selectFrom('systems as s')
            .innerJoin('sites as si', 'si.id', 's.site_id')
            .select('s.id')
            .where('si.organisation_id', '=', filter.organisationId)
            .execute()
        ).map((r) => r.id);
  if (ids.length === 0) return [];
  const out = new Map<string, EnergySums>();
  const add = (systemId: string, r: SumsRow) => {
    const sums = toSums(r);
    const s = out.get(systemId);
    if (!s) {
      out.set(systemId, sums);
      return;
    }
    s.intervals += sums.intervals;
    s.coverageS += sums.coverageS;
    s.uncertaintyWh += sums.uncertaintyWh;
    for (const [key] of ENERGY) s[key] += sums[key];
  };
  for (const [zone, zoneIds] of await systemZones(db, ids)) {
    const whole = wholeDays(zone, fromMs, toMs);
    const edges: [number, number][] = whole
      ? [
          [fromMs, whole.lo],
          [whole.hi, toMs],
        ]
      : [[fromMs, toMs]];
    for (let k = 0; k < zoneIds.length; k += SYSTEMS_PER_QUERY) {
      const chunk = zoneIds.slice(k, k + SYSTEMS_PER_QUERY);
      if (whole) {
        const rows = await db
          .selectFrom('interval_energy_daily as d')
          .where('d.system_id', 'in', chunk)
          .where('d.day_start', '>=', whole.lo)
          .where('d.day_start', '<', whole.hi)
          .select('d.system_id')
          .select([
            sql<unknown>`cast(coalesce(sum(d.intervals), 0) as bigint)`.as('intervals'),
            ...SUMMED.map((c) => sql<unknown>`cast(coalesce(sum(${sql.ref(`d.${c}`)}), 0) as bigint)`.as(c)),
          ])
          .groupBy('d.system_id')
          .execute();
        for (const r of rows) add(r.system_id, r);
      }
      for (const [from, to] of edges) {
        if (!(to > from)) continue;
        const rows = await db
          .selectFrom('interval_energy as e')
          .innerJoin('meters as m', 'm.id', 'e.meter_id')
          .where('m.system_id', 'in', chunk)
          .where('e.start', '>=', from)
          .where('e.start', '<', to)
          .select('m.system_id')
          .select(SUMS)
          .groupBy('m.system_id')
          .execute();
        for (const r of rows) add(r.system_id, r);
      }
    }
  }
  return [...out]
    .filter(([, sums]) => sums.intervals > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([systemId, sums]) => ({ systemId, sums }));
}

/** System ids per grouped query of sumIntervalsBySystem (SQLite binds at most 32,766 variables). */
const SYSTEMS_PER_QUERY = 500;
