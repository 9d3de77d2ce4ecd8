// The daily rollup of interval energy (migration 0004_rollup; docs/store.md "The daily rollup",
// docs/performance.md): per system and local day of its site's time zone, the sums that `periodSums` (the
// issuer) and `sumIntervalsBySystem` (a month of many systems) would compute from the hour table for that
// day, so that a month reads 31 rows per system instead of 744 x meters. It is derived data, recomputed
// from the hour table for the days an ingest (or a --replace, or a live writer) touched, in the writer's
// transaction: every figure of a day is the hour table's own answer, never an increment that could drift.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { DateTime } from 'luxon';
import { dialectOf } from './open.ts';
import type { Database } from './schema.ts';

/** A local day [startMs, endMs) of a time zone (23, 24 or 25 h long). */
export interface LocalDay {
  startMs: number;
  endMs: number;
}

function localMidnight(ms: number, timeZone: string): number {
  const d = DateTime.fromMillis(ms, { zone: timeZone });
  if (!d.isValid) throw new Error(`time zone ${JSON.stringify(timeZone)} is not an IANA zone luxon knows`);
  return d.startOf('day').toMillis();
}

/** The start of the local day after the one that starts at `dayStartMs`. */
function nextMidnight(dayStartMs: number, timeZone: string): number {
  return DateTime.fromMillis(dayStartMs, { zone: timeZone }).plus({ days: 1 }).startOf('day').toMillis();
}

/** The local days of `timeZone` that overlap [fromMs, toMs), in order (luxon's startOf('day')). */
export function localDays(timeZone: string, fromMs: number, toMs: number): LocalDay[] {
  const days: LocalDay[] = [];
  if (!(toMs > fromMs)) return days;
  for (let start = localMidnight(fromMs, timeZone); start < toMs;) {
    const end = nextMidnight(start, timeZone);
    days.push({ startMs: start, endMs: end });
    start = end;
  }
  return days;
}

/**
 * The whole local days inside [fromMs, toMs): [lo, hi) from the first local midnight at or after fromMs to
 * the last at or before toMs, or null when no whole day fits. The hours of [fromMs, lo) and [hi, toMs) are
 * the edges, read from the hour table.
 */
export function wholeDays(timeZone: string, fromMs: number, toMs: number): { lo: number; hi: number } | null {
  const first = localMidnight(fromMs, timeZone);
  const lo = first === fromMs ? fromMs : nextMidnight(first, timeZone);
  const hi = localMidnight(toMs, timeZone);
  return lo < hi ? { lo, hi } : null;
}

/** Days per INSERT ... SELECT of the refresh (their bounds are inlined as a VALUES list). */
const DAYS_PER_STATEMENT = 400;

/** The rollup's summed columns, in table order after the key. */
export const ROLLUP_COLUMNS = [
  'intervals',
  'hours',
  'error_hours',
  'heat_wh',
  'cool_wh',
  'defrost_wh',
  'transient_wh',
  'excluded_wh',
  'elec_wh',
  'excluded_elec_wh',
  'coverage_s',
  'uncertainty_wh',
  'clean_heat_wh',
  'clean_cool_wh',
  'clean_elec_wh',
  'clean_uncertainty_wh',
  'clean_heat_coverage_s',
  'held_heat_wh',
  'held_cool_wh',
] as const;

/**
 * Writes the rollup rows of `days` for the systems `systems` selects (a SQL list of system ids), from the
 * hour table. First per system and hour (an hour is an error hour when any meter's row of it has an
 * error-severity check: periodSums' rule), then per day. Days without stored hours get no row.
 */
async function insertDays(db: Kysely<Database>, systems: RawBuilder<unknown>, days: readonly LocalDay[]) {
  const pg = dialectOf(db) === 'postgres';
  for (let k = 0; k < days.length; k += DAYS_PER_STATEMENT) {
    const chunk = days.slice(k, k + DAYS_PER_STATEMENT);
    const cast = (e: RawBuilder<unknown>) => sql`cast(${e} as bigint)`;
    const clean = (column: string) =>
      cast(sql`sum(case when h.err = 0 then ${sql.ref(`h.${column}`)} else 0 end)`);
    const held = (column: string) =>
      cast(sql`sum(case when h.err = 1 then ${sql.ref(`h.${column}`)} else 0 end)`);
    const all = (column: string) => cast(sql`sum(${sql.ref(`h.${column}`)})`);
    const perHour = sql`count(*) as n,
          case when max(e.error_checks) > 0 then 1 else 0 end as err,
          sum(e.heat_wh) as heat_wh, sum(e.cool_wh) as cool_wh, sum(e.defrost_wh) as defrost_wh,
          sum(e.transient_wh) as transient_wh, sum(e.excluded_wh) as excluded_wh, sum(e.elec_wh) as elec_wh,
          sum(e.excluded_elec_wh) as excluded_elec_wh, sum(e.coverage_s) as coverage_s,
          coalesce(sum(e.uncertainty_wh), 0) as uncertainty_wh,
          sum(case when m.kind = 'heat' then e.coverage_s else 0 end) as heat_coverage_s`;
    const sums = sql`${all('n')}, count(*), cast(sum(h.err) as bigint),
        ${all('heat_wh')}, ${all('cool_wh')}, ${all('defrost_wh')}, ${all('transient_wh')},
        ${all('excluded_wh')}, ${all('elec_wh')}, ${all('excluded_elec_wh')}, ${all('coverage_s')},
        ${all('uncertainty_wh')},
        ${clean('heat_wh')}, ${clean('cool_wh')}, ${clean('elec_wh')}, ${clean('uncertainty_wh')},
        ${clean('heat_coverage_s')}, ${held('heat_wh')}, ${held('cool_wh')}`;
    const into = sql`insert into interval_energy_daily (system_id, day_start, day_end, ${sql.join(
      ROLLUP_COLUMNS.map((c) => sql.ref(c)),
    )})`;
    // Day bounds are integers computed here, inlined as literals (no parameter limit, typed bigint).
    if (pg) {
      // PostgreSQL: each hour's day by binary search in the days' starts (width_bucket), no range join; the
      // constant bounds prune the month partitions at plan time.
      const starts = sql`array[${sql.join(chunk.map((d) => sql.lit(d.startMs)))}]::bigint[]`;
      const ends = sql`array[${sql.join(chunk.map((d) => sql.lit(d.endMs)))}]::bigint[]`;
      await sql`${into}
        select h.system_id, (${starts})[h.b], (${ends})[h.b], ${sums}
        from (
          select m.system_id, width_bucket(e.start, ${starts}) as b, e.start, ${perHour}
          from meters as m
            inner join interval_energy as e on e.meter_id = m.id
          where m.system_id in (${systems})
            and e.start >= ${sql.lit(chunk[0]!.startMs)} and e.start < ${sql.lit(chunk.at(-1)!.endMs)}
          group by m.system_id, b, e.start
        ) as h
        group by h.system_id, h.b`.execute(db);
      continue;
    }
    // SQLite: the days as a VALUES list; per meter and day one range of the (meter_id, start) key.
    const values = sql.join(
      chunk.map((d) => sql`(${sql.lit(d.startMs)}, ${sql.lit(d.endMs)})`),
      sql`, `,
    );
    await sql`
      with d (day_start, day_end) as (values ${values})
      ${into}
      select h.system_id, h.day_start, h.day_end, ${sums}
      from (
        select m.system_id, d.day_start, d.day_end, e.start, ${perHour}
        from meters as m
          cross join d
          inner join interval_energy as e
            on e.meter_id = m.id and e.start >= d.day_start and e.start < d.day_end
        where m.system_id in (${systems})
        group by m.system_id, d.day_start, d.day_end, e.start
      ) as h
      group by h.system_id, h.day_start, h.day_end`.execute(db);
  }
}

async function zoneOfSystem(db: Kysely<Database>, systemId: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('systems as s')
    .innerJoin('sites as si', 'si.id', 's.site_id')
    .select('si.time_zone')
    .where('s.id', '=', systemId)
    .executeTakeFirst();
  return r?.time_zone;
}

/**
 * Recomputes the daily rollup of one system for every local day (of its site's zone) that overlaps [fromMs,
 * toMs), from the hour table: call it in the transaction that wrote or deleted that system's hours, after
 * the writes (insertUpload does; the live MQTT writer must, with the hour(s) it wrote). A meter scope
 * refreshes the meter's system. Exact whatever was there before: the days' rows are deleted and rewritten.
 * On PostgreSQL call it inside the writing transaction (it then takes a lock per system until commit).
 */
export async function refreshEnergyRollup(
  db: Kysely<Database>,
  scope: { meterId: string } | { systemId: string },
  fromMs: number,
  toMs: number,
  timeZone?: string,
): Promise<void> {
  let systemId: string;
  if ('systemId' in scope) systemId = scope.systemId;
  else {
    const m = await db
      .selectFrom('meters')
      .select('system_id')
      .where('id', '=', scope.meterId)
      .executeTakeFirst();
    if (!m) throw new Error(`refreshEnergyRollup: no meter ${scope.meterId}`);
    systemId = m.system_id;
  }
  const zone = timeZone ?? (await zoneOfSystem(db, systemId));
  if (zone === undefined) throw new Error(`refreshEnergyRollup: no system ${systemId} (or its site)`);
  const days = localDays(zone, fromMs, toMs);
  if (days.length === 0) return;
  // PostgreSQL: two writers of one system's hours (two meters' ingests, a live writer) take turns here, and
  // each statement after the lock sees the other's committed hours (READ COMMITTED), so neither rewrites a
  // day from a snapshot without the other's rows (or collides on its key). Held until commit. SQLite's
  // writers are serialised by BEGIN IMMEDIATE already.
  if (dialectOf(db) === 'postgres' && db.isTransaction)
    await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.trec.rollup.' || ${systemId}))`.execute(
      db,
    );
  await db
    .deleteFrom('interval_energy_daily')
    .where('system_id', '=', systemId)
    .where('day_start', '>=', days[0]!.startMs)
    .where('day_start', '<', days.at(-1)!.endMs)
    .execute();
  await insertDays(db, sql`${systemId}`, days);
}

/**
 * Rebuilds the whole rollup from the hour table (migration 0004's backfill; a bulk load such as the bench's
 * fleet): per time zone, every local day from its systems' first stored hour to their last, for all of
 * them in set-based statements.
 */
export async function rebuildEnergyRollup(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('interval_energy_daily').execute();
  const zones = await db
    .selectFrom('interval_energy as e')
    .innerJoin('meters as m', 'm.id', 'e.meter_id')
    .innerJoin('systems as s', 's.id', 'm.system_id')
    .innerJoin('sites as si', 'si.id', 's.site_id')
    .select('si.time_zone')
    .select((eb) => [eb.fn.min('e.start').as('first'), eb.fn.max('e.start').as('last')])
    .groupBy('si.time_zone')
    .execute();
  for (const z of zones) {
    const first = Number(z.first);
    const last = Number(z.last);
    const systems = sql`select s.id from systems as s inner join sites as si on si.id = s.site_id where si.time_zone = ${z.time_zone}`;
    await insertDays(db, systems, localDays(z.time_zone, first, last + 3_600_000));
  }
}

/** System ids per query of systemZones (SQLite's variable limit). */
const ZONE_CHUNK = 500;

/** The site time zone of each system that exists, as zone -> system ids (in the order given). */
export async function systemZones(
  db: Kysely<Database>,
  systemIds: readonly string[],
): Promise<Map<string, string[]>> {
  const zoneOf = new Map<string, string>();
  for (let k = 0; k < systemIds.length; k += ZONE_CHUNK) {
    const rows = await db
      .selectFrom('systems as s')
      .innerJoin('sites as si', 'si.id', 's.site_id')
      .select(['s.id', 'si.time_zone'])
      .where('s.id', 'in', systemIds.slice(k, k + ZONE_CHUNK))
      .execute();
    for (const r of rows) zoneOf.set(r.id, r.time_zone);
  }
  const zones = new Map<string, string[]>();
  for (const id of systemIds) {
    const zone = zoneOf.get(id);
    if (zone === undefined) continue;
    const list = zones.get(zone) ?? [];
    list.push(id);
    zones.set(zone, list);
  }
  return zones;
}
