// A fleet database for the read-back bench (issue 9, "Speed and memory"): N systems, one heat meter each, and
// hourly interval energy for a number of whole UTC months, made by bulk SQL (a recursive CTE on SQLite,
// generate_series on PostgreSQL) inside the registry's own schema, not by ingesting files. The values are a
// function of the meter and the hour (heatWhOf, elecWhOf), so that bench/store.ts computes every system's
// expected sums without the database and a wrong sum fails the bench.
import { sql, type Kysely } from 'kysely';
import { dialectOf, ensureMonthPartitions, rebuildEnergyRollup, type Database } from '../src/store/index.ts';

export interface Fleet {
  organisationId: string;
  systems: number;
  /** First ms of each stored month (UTC), and the end of the last. */
  monthStartsMs: number[];
  endMs: number;
  /** Interval rows written. */
  rows: number;
  /** Seconds the daily rollup's rebuild took (rebuildEnergyRollup, after the bulk insert). */
  rollupS: number;
}

export const HOUR_MS = 3_600_000;
const BY = 'bench';
const AT = Date.UTC(2025, 0, 1);
/** Systems per site (a site holds many systems in the bench; the query joins through sites anyway). */
const SYSTEMS_PER_SITE = 100;

/**
 * Heat of meter `m` (1-based) in the hour `k` (0-based, counted from the first stored month's start), Wh.
 * The SQL below computes the same expression: (m * 7 + k * 13) % 5000.
 */
export const heatWhOf = (m: number, k: number): number => (m * 7 + k * 13) % 5000;
/** Electricity of meter m in hour k, Wh: (m + k) % 1500. */
export const elecWhOf = (m: number, k: number): number => (m + k) % 1500;

const pad = (n: number) => String(n).padStart(6, '0');
export const fleetSystemId = (m: number) => `sys_bench${pad(m)}`;
export const fleetMeterId = (m: number) => `mtr_bench${pad(m)}`;

/**
 * Writes the fleet into a migrated, empty-enough registry: one organisation, `systems / 100` sites, `systems`
 * systems with one heat meter and one upload each, and every hour of the given UTC months for every meter.
 */
export interface FleetOptions {
  /** The systems' technology (default ground-source). */
  technology?: string;
  /** Hours from fromMs to toMs instead of the UTC months (a local quarter, say); monthStartsMs = [fromMs]. */
  span?: { fromMs: number; toMs: number };
}

export async function buildFleet(
  db: Kysely<Database>,
  systems: number,
  firstMonth: { year: number; month: number },
  months: number,
  options: FleetOptions = {},
): Promise<Fleet> {
  const pg = dialectOf(db) === 'postgres';
  const monthStartsMs: number[] = [];
  if (options.span) monthStartsMs.push(options.span.fromMs, options.span.toMs);
  else
    for (let k = 0; k <= months; k++)
      monthStartsMs.push(Date.UTC(firstMonth.year, firstMonth.month - 1 + k, 1));
  const endMs = monthStartsMs.pop()!;
  const startMs = monthStartsMs[0]!;
  const technology = options.technology ?? 'ground-source';
  const hours = (endMs - startMs) / HOUR_MS;
  const organisationId = 'org_bench';
  if (pg) await ensureMonthPartitions(db, startMs, endMs);
  // Numbers 1..n as a table expression, in either dialect.
  const series = (n: number) =>
    pg
      ? sql`select g as n from generate_series(1, ${sql.lit(n)}) as g`
      : sql`select n from (with recursive c(n) as (select 1 union all select n + 1 from c where n < ${sql.lit(n)}) select n from c)`;
  await db.transaction().execute(async (tx) => {
    await sql`insert into organisations (id, name, created_by, created_at)
      values (${organisationId}, 'Bench fleet', ${BY}, ${AT})`.execute(tx);
    const sites = Math.ceil(systems / SYSTEMS_PER_SITE);
    await sql`insert into sites (id, organisation_id, name, state, country, time_zone, created_by, created_at)
      select 'site_bench' || s.n, ${organisationId}, 'site ' || s.n, 'MA', 'US', 'America/New_York', ${BY}, ${AT}
      from (${series(sites)}) as s`.execute(tx);
    const six = (ref: string) =>
      pg ? sql.raw(`lpad(${ref}::text, 6, '0')`) : sql.raw(`printf('%06d', ${ref})`);
    await sql`insert into systems (id, site_id, name, technology, rated_capacity_w, rated_cop, created_by, created_at)
      select 'sys_bench' || ${six('s.n')}, 'site_bench' || ((s.n - 1) / ${sql.lit(SYSTEMS_PER_SITE)} + 1),
        'system ' || s.n, ${technology}, 14000, 3.5, ${BY}, ${AT}
      from (${series(systems)}) as s`.execute(tx);
    await sql`insert into meters (id, system_id, kind, fluid, flow_sensor, en1434_class, qp_m3h, dt_min_k, created_by, created_at)
      select 'mtr_bench' || ${six('s.n')}, 'sys_bench' || ${six('s.n')}, 'heat', 'water', 'return', 2, 1.5, 3, ${BY}, ${AT}
      from (${series(systems)}) as s`.execute(tx);
    await sql`insert into uploads (id, meter_id, file_name, sha256, size_bytes, row_count, interval_count,
        range_start, range_end, checks_json, created_by, created_at)
      select 'upl_bench' || ${six('s.n')}, 'mtr_bench' || ${six('s.n')}, 'bench.csv',
        ${pg ? sql.raw(`lpad(to_hex(s.n), 64, '0')`) : sql.raw(`printf('%064x', s.n)`)},
        0, 0, ${sql.lit(hours)}, ${sql.lit(startMs)}, ${sql.lit(endMs)}, '[]', ${BY}, ${AT}
      from (${series(systems)}) as s`.execute(tx);
    // Hour by hour for every meter: rows in (meter, start) order, as ingests append them. On PostgreSQL the
    // per-row foreign-key triggers (meter, upload) are skipped for this one statement of known-good keys
    // (session_replication_role; local to the transaction): they made the load 5x slower, and the bench
    // times reads, not this load.
    if (pg) await sql`set local session_replication_role = replica`.execute(tx);
    await sql`insert into interval_energy (meter_id, start, upload_id, heat_wh, cool_wh, defrost_wh,
        transient_wh, excluded_wh, elec_wh, excluded_elec_wh, coverage_s, uncertainty_wh, mean_supply_c,
        mean_source_c, checks_json)
      select 'mtr_bench' || ${six('m.n')}, cast(${sql.lit(startMs)} as bigint) + (h.n - 1) * cast(${sql.lit(HOUR_MS)} as bigint),
        'upl_bench' || ${six('m.n')},
        (m.n * 7 + (h.n - 1) * 13) % 5000, 0, 0, 0, 0, (m.n + (h.n - 1)) % 1500, 0, 3600,
        ((m.n * 7 + (h.n - 1) * 13) % 5000) / 20, 40.5, null, null
      from (${series(systems)}) as m cross join (${series(hours)}) as h
      order by m.n, h.n`.execute(tx);
    if (pg) await sql`set local session_replication_role = origin`.execute(tx);
  });
  // The daily rollup (0004) of what was just written, as the migration backfills it: set-based, per zone.
  const rollupStart = performance.now();
  await db.transaction().execute((tx) => rebuildEnergyRollup(tx));
  const rollupS = (performance.now() - rollupStart) / 1000;
  // Statistics for the planner, of this registry's tables only (a bare ANALYZE on PostgreSQL would visit every
  // schema of the database, other runs' included).
  for (const table of ['sites', 'systems', 'meters', 'uploads', 'interval_energy', 'interval_energy_daily'])
    await sql`analyze ${sql.table(table)}`.execute(db);
  return { organisationId, systems, monthStartsMs, endMs, rows: systems * hours, rollupS };
}
