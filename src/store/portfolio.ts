// The portfolio read (src/app/portfolio-port.ts; issue 12, GET /v1/portfolio): one page of systems and
// what the portfolio shows of them, in a fixed number of queries per page (one per site time zone for the
// months), whatever the number of systems: energy from the daily rollup (rollup.ts, interval_energy_daily),
// certificates from the issuance and batch tables grouped in SQL. Both dialects run the same SQL.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { DateTime } from 'luxon';
import type {
  BatchStatus,
  IssuanceRecord,
  PortfolioFilter,
  PortfolioMonthRow,
  PortfolioRows,
} from '../app/index.ts';
import type { Check } from '../core/index.ts';
import { periodSums } from './ledger.ts';
import { enrolment, site, system } from './registry.ts';
import type { Database } from './schema.ts';
import { fromJson, safeInteger } from './values.ts';

const int = (v: unknown, what: string) => safeInteger(v ?? 0, what);

/** The systems of the filter as a SQL condition over `s` (systems) and `si` (their sites). */
function inScope(filter: PortfolioFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (filter.systemIds !== null)
    parts.push(filter.systemIds.length ? sql`s.id in (${sql.join([...filter.systemIds])})` : sql`1 = 0`);
  if (filter.organisationId !== null) parts.push(sql`si.organisation_id = ${filter.organisationId}`);
  return parts.length ? sql.join(parts, sql` and `) : sql`1 = 1`;
}

/** The local months of `timeZone` from the one holding `fromMs` to the one holding the last ms before `toMs`. */
function monthsOf(timeZone: string, fromMs: number, toMs: number) {
  const months: { month: string; lo: number; hi: number }[] = [];
  let m = DateTime.fromMillis(fromMs, { zone: timeZone }).startOf('month');
  if (!m.isValid) throw new Error(`time zone ${JSON.stringify(timeZone)} is not an IANA zone luxon knows`);
  while (m.toMillis() < toMs) {
    const next = m.plus({ months: 1 });
    months.push({ month: m.toFormat('yyyy-MM'), lo: m.toMillis(), hi: next.toMillis() });
    m = next;
  }
  return months;
}

const STATUSES: readonly string[] = ['active', 'pending', 'retired', 'withdrawn'];
const status = (v: string): Exclude<BatchStatus, 'split'> => {
  if (!STATUSES.includes(v)) throw new Error(`batch status ${v} in a portfolio holding`);
  return v as Exclude<BatchStatus, 'split'>;
};

export async function portfolioRows(
  db: Kysely<Database>,
  filter: PortfolioFilter,
  page: { limit: number; after?: string },
): Promise<PortfolioRows> {
  const scope = inScope(filter);
  // 1. The page of systems (one more than the limit says whether more follow), 2. their sites.
  let q = db
    .selectFrom('systems as s')
    .innerJoin('sites as si', 'si.id', 's.site_id')
    .selectAll('s')
    .select('si.organisation_id')
    .where(scope as RawBuilder<boolean>)
    .orderBy('s.id')
    .limit(page.limit + 1);
  if (page.after !== undefined) q = q.where('s.id', '>', page.after);
  const rows = await q.execute();
  const more = rows.length > page.limit;
  const pageSystems = rows.slice(0, page.limit).map(system);
  const ids = pageSystems.map((s) => s.id);
  const siteIds = [...new Set(pageSystems.map((s) => s.siteId))];
  const sites = new Map(
    (siteIds.length ? await db.selectFrom('sites').selectAll().where('id', 'in', siteIds).execute() : [])
      .map(site)
      .map((x) => [x.id, x]),
  );

  const out: PortfolioRows = {
    systems: pageSystems.map((s) => {
      const shown = sites.get(s.siteId);
      if (!shown) throw new Error(`system ${s.id} has no site ${s.siteId}`);
      return { system: s, site: shown };
    }),
    nextAfter: more ? (ids.at(-1) ?? null) : null,
    meters: [],
    enrolments: [],
    months: [],
    issuances: [],
    holdings: filter.certificates ? [] : null,
    attestations: [],
    uploadChecks: [],
    kept: [],
    totals: { systems: 0, heatWh: 0, coolWh: 0, elecWh: 0 },
    scopeMonths: [],
    byPeriod: [],
    byPeriodHoldings: filter.certificates ? [] : null,
    periodSums: async (systemIds, fromMs, toMs) => {
      const allowed = new Set(ids);
      return periodSums(
        db,
        systemIds.filter((id) => allowed.has(id)),
        fromMs,
        toMs,
      );
    },
  };

  if (ids.length) {
    // 3. Meters, 4. enrolments.
    out.meters = (
      await db
        .selectFrom('meters')
        .select(['id', 'system_id', 'kind'])
        .where('system_id', 'in', ids)
        .orderBy('id')
        .execute()
    ).map((m) => ({ id: m.id, systemId: m.system_id, kind: m.kind }));
    out.enrolments = (
      await db
        .selectFrom('enrolments')
        .selectAll()
        .where('system_id', 'in', ids)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    ).map(enrolment);

    // 5. The span of the page's rollup, 6. per site time zone, the rollup by local month (a VALUES list of the
    // months' bounds, computed here with luxon; a local day never crosses a month).
    const span = await sql<{ lo: unknown; hi: unknown }>`
      select min(day_start) as lo, max(day_end) as hi from interval_energy_daily
      where system_id in (${sql.join(ids)})`.execute(db);
    const lo = span.rows[0]?.lo;
    const hi = span.rows[0]?.hi;
    if (lo !== null && lo !== undefined && hi !== null && hi !== undefined) {
      const zones = new Map<string, string[]>();
      for (const { system: s, site: si } of out.systems)
        zones.set(si.timeZone, [...(zones.get(si.timeZone) ?? []), s.id]);
      for (const [zone, zoneIds] of zones) {
        const months = monthsOf(zone, int(lo, 'min(day_start)'), int(hi, 'max(day_end)'));
        const hoursOf = new Map(months.map((m) => [m.month, (m.hi - m.lo) / 3_600_000]));
        const values = sql.join(
          months.map((m) => sql`(${sql.lit(m.month)}, ${sql.lit(m.lo)}, ${sql.lit(m.hi)})`),
          sql`, `,
        );
        const r = await sql<Record<string, unknown>>`
          with m (month, lo, hi) as (values ${values})
          select d.system_id, m.month, count(*) as days,
            cast(sum(d.hours) as bigint) as hours, cast(sum(d.error_hours) as bigint) as error_hours,
            cast(sum(d.heat_wh) as bigint) as heat_wh, cast(sum(d.cool_wh) as bigint) as cool_wh,
            cast(sum(d.elec_wh) as bigint) as elec_wh,
            cast(sum(d.clean_heat_coverage_s) as bigint) as clean_heat_coverage_s
          from interval_energy_daily as d
            inner join m on d.day_start >= m.lo and d.day_start < m.hi
          where d.system_id in (${sql.join(zoneIds)})
          group by d.system_id, m.month
          order by d.system_id, m.month`.execute(db);
        for (const x of r.rows) {
          const month = String(x.month);
          const row: PortfolioMonthRow = {
            systemId: String(x.system_id),
            month,
            monthHours: hoursOf.get(month) ?? 0,
            days: int(x.days, 'days'),
            hours: int(x.hours, 'hours'),
            errorHours: int(x.error_hours, 'error_hours'),
            heatWh: int(x.heat_wh, 'heat_wh'),
            coolWh: int(x.cool_wh, 'cool_wh'),
            elecWh: int(x.elec_wh, 'elec_wh'),
            cleanHeatCoverageS: int(x.clean_heat_coverage_s, 'clean_heat_coverage_s'),
          };
          out.months.push(row);
        }
      }
      out.months.sort((a, b) =>
        a.systemId < b.systemId ? -1 : a.systemId > b.systemId ? 1 : a.month.localeCompare(b.month),
      );
    }

    // 7. The page's issuances (not their generation records: the portfolio shows figures, not provenance).
    out.issuances = (
      await db
        .selectFrom('issuances')
        .select([
          'id',
          'enrolment_id',
          'system_id',
          'account_id',
          'period',
          'period_start',
          'period_end',
          'program_id',
          'program_version',
          'method',
          'energy_wh',
          'adjustment_wh',
          'remainder_in_wh',
          'remainder_out_wh',
          'certificates',
          'unit',
          'serial_prefix',
          'code_version',
          'created_by',
          'created_at',
        ])
        .where('system_id', 'in', ids)
        .orderBy('period_start')
        .orderBy('id')
        .execute()
    ).map((r): IssuanceRecord => ({
      id: r.id,
      enrolmentId: r.enrolment_id,
      systemId: r.system_id,
      accountId: r.account_id,
      period: r.period,
      periodStart: int(r.period_start, 'period_start'),
      periodEnd: int(r.period_end, 'period_end'),
      programId: r.program_id,
      programVersion: r.program_version,
      method: r.method,
      energyWh: int(r.energy_wh, 'energy_wh'),
      adjustmentWh: int(r.adjustment_wh, 'adjustment_wh'),
      remainderInWh: int(r.remainder_in_wh, 'remainder_in_wh'),
      remainderOutWh: int(r.remainder_out_wh, 'remainder_out_wh'),
      certificates: int(r.certificates, 'certificates'),
      unit: r.unit,
      serialPrefix: r.serial_prefix,
      codeVersion: r.code_version,
      generation: null,
      checks: [],
      createdBy: r.created_by,
      createdAt: int(r.created_at, 'created_at'),
    }));

    // 8. The page's batches by issuance and status, held by the system's organisation or not.
    if (filter.certificates) {
      const r = await sql<Record<string, unknown>>`
        select b.issuance_id, b.status,
          case when a.organisation_id = si.organisation_id then 1 else 0 end as own,
          cast(sum(b.quantity) as bigint) as quantity
        from batches as b
          inner join issuances as i on i.id = b.issuance_id
          inner join accounts as a on a.id = b.account_id
          inner join systems as s on s.id = i.system_id
          inner join sites as si on si.id = s.site_id
        where i.system_id in (${sql.join(ids)}) and b.status <> 'split'
        group by b.issuance_id, b.status, case when a.organisation_id = si.organisation_id then 1 else 0 end
        order by b.issuance_id, b.status`.execute(db);
      out.holdings = r.rows.map((x) => ({
        issuanceId: String(x.issuance_id),
        status: status(String(x.status)),
        heldByOwner: int(x.own, 'own') === 1,
        quantity: int(x.quantity, 'quantity'),
      }));
    }

    // 9. Attestations of the page's enrolments.
    const enrolmentIds = out.enrolments.map((e) => e.id);
    if (enrolmentIds.length)
      out.attestations = (
        await db
          .selectFrom('attestations')
          .select(['enrolment_id', 'period'])
          .where('enrolment_id', 'in', enrolmentIds)
          .execute()
      ).map((a) => ({ enrolmentId: a.enrolment_id, period: a.period }));

    // 10. Uploads with checks, 11. what registration kept of the systems and enrolments (checks, pilot).
    out.uploadChecks = (
      await db
        .selectFrom('uploads as u')
        .innerJoin('meters as m', 'm.id', 'u.meter_id')
        .select(['u.id', 'u.meter_id', 'u.file_name', 'u.range_start', 'u.checks_json', 'm.system_id'])
        .where('m.system_id', 'in', ids)
        .where('u.checks_json', '<>', '[]')
        .orderBy('u.id')
        .execute()
    )
      .map((u) => ({
        systemId: u.system_id,
        meterId: u.meter_id,
        uploadId: u.id,
        fileName: u.file_name,
        rangeStart: u.range_start === null ? null : int(u.range_start, 'range_start'),
        checks: fromJson<Check[]>(u.checks_json, []),
      }))
      .filter((u) => u.checks.length > 0);
    const kept = new Map<string, Record<string, unknown>>();
    for (const e of await db
      .selectFrom('audit_log')
      .select(['entity_id', 'detail_json'])
      .where('entity_id', 'in', [...ids, ...enrolmentIds])
      .where('action', 'like', '%.checks')
      .orderBy('seq')
      .execute()) {
      kept.set(e.entity_id, fromJson<Record<string, unknown> | null>(e.detail_json, null) ?? {});
    }
    out.kept = [...kept].map(([entityId, detail]) => ({ entityId, detail }));
  }

  // 12. The whole scope: systems and stored energy (the rollup holds every stored hour).
  const count = await sql<{ n: unknown }>`
    select count(*) as n from systems as s inner join sites as si on si.id = s.site_id where ${scope}`.execute(
    db,
  );
  const energy = await sql<Record<string, unknown>>`
    select cast(sum(d.heat_wh) as bigint) as heat_wh, cast(sum(d.cool_wh) as bigint) as cool_wh,
      cast(sum(d.elec_wh) as bigint) as elec_wh
    from interval_energy_daily as d
      inner join systems as s on s.id = d.system_id
      inner join sites as si on si.id = s.site_id
    where ${scope}`.execute(db);
  out.totals = {
    systems: int(count.rows[0]?.n, 'count'),
    heatWh: int(energy.rows[0]?.heat_wh, 'heat_wh'),
    coolWh: int(energy.rows[0]?.cool_wh, 'cool_wh'),
    elecWh: int(energy.rows[0]?.elec_wh, 'elec_wh'),
  };

  // 12b. The whole scope's energy by local month: its zones and the rollup's span in each, then per zone one
  // grouped query over a VALUES list of that zone's months.
  const spans = await sql<Record<string, unknown>>`
    select si.time_zone, min(d.day_start) as lo, max(d.day_end) as hi
    from interval_energy_daily as d
      inner join systems as s on s.id = d.system_id
      inner join sites as si on si.id = s.site_id
    where ${scope}
    group by si.time_zone`.execute(db);
  const byMonth = new Map<string, PortfolioRows['scopeMonths'][number]>();
  for (const z of spans.rows) {
    const zone = String(z.time_zone);
    const months = monthsOf(zone, int(z.lo, 'min(day_start)'), int(z.hi, 'max(day_end)'));
    const values = sql.join(
      months.map((m) => sql`(${sql.lit(m.month)}, ${sql.lit(m.lo)}, ${sql.lit(m.hi)})`),
      sql`, `,
    );
    const r = await sql<Record<string, unknown>>`
      with m (month, lo, hi) as (values ${values})
      select m.month, count(distinct d.system_id) as systems,
        cast(sum(d.heat_wh) as bigint) as heat_wh, cast(sum(d.cool_wh) as bigint) as cool_wh,
        cast(sum(d.elec_wh) as bigint) as elec_wh
      from interval_energy_daily as d
        inner join m on d.day_start >= m.lo and d.day_start < m.hi
        inner join systems as s on s.id = d.system_id
        inner join sites as si on si.id = s.site_id
      where ${scope} and si.time_zone = ${zone}
      group by m.month`.execute(db);
    for (const x of r.rows) {
      const month = String(x.month);
      const row = byMonth.get(month) ?? { month, systems: 0, heatWh: 0, coolWh: 0, elecWh: 0 };
      row.systems += int(x.systems, 'systems');
      row.heatWh += int(x.heat_wh, 'heat_wh');
      row.coolWh += int(x.cool_wh, 'cool_wh');
      row.elecWh += int(x.elec_wh, 'elec_wh');
      byMonth.set(month, row);
    }
  }
  out.scopeMonths = [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));

  // 13. Issuances of the whole scope by period and program, 14. their batches by status.
  const periods = await sql<Record<string, unknown>>`
    select i.period, i.program_id, i.unit, count(*) as n, cast(sum(i.certificates) as bigint) as certificates,
      cast(sum(i.energy_wh) as bigint) as energy_wh, cast(sum(i.adjustment_wh) as bigint) as adjustment_wh
    from issuances as i
      inner join systems as s on s.id = i.system_id
      inner join sites as si on si.id = s.site_id
    where ${scope}
    group by i.period, i.program_id, i.unit
    order by i.period desc, i.program_id, i.unit`.execute(db);
  out.byPeriod = periods.rows.map((x) => ({
    period: String(x.period),
    programId: String(x.program_id),
    unit: String(x.unit),
    issuances: int(x.n, 'count'),
    certificates: int(x.certificates, 'certificates'),
    energyWh: int(x.energy_wh, 'energy_wh'),
    adjustmentWh: int(x.adjustment_wh, 'adjustment_wh'),
  }));
  if (filter.certificates) {
    const held = await sql<Record<string, unknown>>`
      select i.period, i.program_id, b.unit, b.status,
        case when a.organisation_id = si.organisation_id then 1 else 0 end as own,
        cast(sum(b.quantity) as bigint) as quantity
      from batches as b
        inner join issuances as i on i.id = b.issuance_id
        inner join accounts as a on a.id = b.account_id
        inner join systems as s on s.id = i.system_id
        inner join sites as si on si.id = s.site_id
      where ${scope} and b.status <> 'split'
      group by i.period, i.program_id, b.unit, b.status,
        case when a.organisation_id = si.organisation_id then 1 else 0 end
      order by i.period desc, i.program_id, b.unit, b.status`.execute(db);
    out.byPeriodHoldings = held.rows.map((x) => ({
      period: String(x.period),
      programId: String(x.program_id),
      unit: String(x.unit),
      status: status(String(x.status)),
      heldByOwner: int(x.own, 'own') === 1,
      quantity: int(x.quantity, 'quantity'),
    }));
  }
  return out;
}
