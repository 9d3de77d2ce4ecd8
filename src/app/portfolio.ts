import { z } from 'zod';
import { check, DEFAULT_DATA_COVERAGE, isOk, tonsToW, type Check } from '../core/index.ts';
import { issuePeriod, type HeldLine } from './issuance.ts';
import type { IssuanceRecord } from './ledger-port.ts';
import type { PortfolioHolding, PortfolioRows } from './portfolio-port.ts';
import type { Registry } from './registry-port.ts';
import { presentSite, presentSystem } from './registry.ts';
import { dbInput, open } from './registry-open.ts';
import { defineUseCase } from './use-case.ts';

// The portfolio (issue 12, GET /v1/portfolio): one page of the caller's systems with, for each, its stored
// energy by month, certificates by period and program, held periods with their reasons and data-quality
// alerts, plus the totals and the certificates by period of the whole scope. The store reads a page in a
// fixed number of queries (src/store/portfolio.ts); held periods are the issuance dry run's own reasons
// (src/app/issuance.ts `issuePeriod`), run over the page only, fed from that read.

/** Systems per page: the list routes' default and limit (docs/api.md, Pagination). */
export const PORTFOLIO_PAGE = { default: 100, max: 1000 } as const;

export const portfolioInput = z
  .object({
    db: dbInput,
    limit: z
      .number()
      .int()
      .min(1)
      .max(PORTFOLIO_PAGE.max)
      .meta({ description: `systems per page (1 to ${PORTFOLIO_PAGE.max})` }),
    after: z
      .string()
      .trim()
      .min(1)
      .optional()
      .meta({ description: 'the last system id of the previous page (`next_after`)' }),
  })
  .strict();

const mwh = (wh: number) => wh / 1_000_000;

/** Certificates of a group of batches by status; `held_elsewhere`: held by another organisation. */
interface ByStatus {
  active: number;
  pending: number;
  retired: number;
  withdrawn: number;
  held_elsewhere: number;
}
const noStatus = (): ByStatus => ({ active: 0, pending: 0, retired: 0, withdrawn: 0, held_elsewhere: 0 });
function addHolding(s: ByStatus, h: Pick<PortfolioHolding, 'status' | 'heldByOwner' | 'quantity'>) {
  if (h.heldByOwner) s[h.status] += h.quantity;
  else s.held_elsewhere += h.quantity;
}

/** A dry run of issuance over the page's enrolments, from the page's rows: nothing is written. */
async function heldOf(
  ports: Parameters<typeof issuePeriod>[0],
  registry: Registry,
  rows: PortfolioRows,
  codeVersion: string,
): Promise<{ held: HeldLine[]; checks: Check[] }> {
  if (!rows.enrolments.length) return { held: [], checks: [] };
  const attested = new Set(rows.attestations.map((a) => `${a.enrolmentId}|${a.period}`));
  const writes = () => Promise.reject(new Error('the portfolio runs issuance dry: it writes nothing'));
  const page: Registry = {
    ...registry,
    transaction: writes,
    listSites: () => Promise.resolve(rows.systems.map((s) => s.site)),
    listSystems: () => Promise.resolve(rows.systems.map((s) => s.system)),
    listEnrolments: () => Promise.resolve(rows.enrolments),
    listIssuances: () => Promise.resolve(rows.issuances),
    periodSums: (ids, fromMs, toMs, asOfMs) =>
      asOfMs === undefined ? rows.periodSums(ids, fromMs, toMs) : Promise.reject(new Error('as of')),
    // Provenance only (the generation record's upload hashes): a dry run's held reason never reads it.
    uploadsInRange: () => Promise.resolve([]),
    getAttestation: (enrolmentId, period) =>
      Promise.resolve(
        attested.has(`${enrolmentId}|${period}`)
          ? { enrolmentId, period, by: '', note: null, createdBy: '', createdAt: 0 }
          : undefined,
      ),
  };
  const run = await issuePeriod(
    ports,
    page,
    () => {
      throw new Error('the portfolio runs issuance dry: it writes nothing');
    },
    { dryRun: true },
    codeVersion,
  );
  const seen = new Set<string>();
  const checks = run.checks.filter((c) => !seen.has(c.message) && (seen.add(c.message), true));
  return { held: run.held, checks };
}

export const portfolioUseCase = defineUseCase({
  name: 'portfolio',
  summary:
    'The portfolio, a page of systems: energy by month, certificates by period and program, held periods, data-quality alerts',
  input: portfolioInput,
  defaults: {
    limit: { value: PORTFOLIO_PAGE.default, source: 'the list routes’ page size (docs/api.md, Pagination)' },
  },
  async run(i, { ports }) {
    const { registry } = await open(ports, i.db);
    const rows = await registry.portfolio(
      { organisationId: null, systemIds: null, certificates: true },
      { limit: i.limit, ...(i.after === undefined ? {} : { after: i.after }) },
    );
    const { held, checks } = await heldOf(ports, registry, rows, ports.codeVersion ?? 'trec');
    return { rows, held, checks, coverageThreshold: DEFAULT_DATA_COVERAGE };
  },
  present: (r) => {
    const { rows } = r;
    const kept = new Map(rows.kept.map((k) => [k.entityId, k.detail]));
    const checksOf = (id: string): Check[] => {
      const c = kept.get(id)?.checks;
      return Array.isArray(c) ? (c as Check[]) : [];
    };
    const issuancesOf = new Map<string, IssuanceRecord[]>();
    for (const x of rows.issuances) issuancesOf.set(x.systemId, [...(issuancesOf.get(x.systemId) ?? []), x]);
    const holdingsOf = new Map<string, PortfolioHolding[]>();
    for (const h of rows.holdings ?? [])
      holdingsOf.set(h.issuanceId, [...(holdingsOf.get(h.issuanceId) ?? []), h]);
    const systems = rows.systems.map(({ system, site }) => {
      const meters = rows.meters.filter((m) => m.systemId === system.id);
      const heatMeters = meters.filter((m) => m.kind === 'heat').length;
      const months = rows.months.filter((m) => m.systemId === system.id);
      const energy = { heat_wh: 0, cool_wh: 0, elec_wh: 0, hours: 0, error_hours: 0 };
      for (const m of months) {
        energy.heat_wh += m.heatWh;
        energy.cool_wh += m.coolWh;
        energy.elec_wh += m.elecWh;
        energy.hours += m.hours;
        energy.error_hours += m.errorHours;
      }
      // Certificates by period and program (one enrolment's issuance per period; several enrolments add).
      const byPeriod = new Map<
        string,
        { period: string; program: string; unit: string; certificates: number; energy_wh: number } & {
          status: ByStatus;
        }
      >();
      for (const x of issuancesOf.get(system.id) ?? []) {
        const key = `${x.period}|${x.programId}|${x.unit}`;
        const row = byPeriod.get(key) ?? {
          period: x.period,
          program: x.programId,
          unit: x.unit,
          certificates: 0,
          energy_wh: 0,
          status: noStatus(),
        };
        row.certificates += x.certificates;
        row.energy_wh += x.energyWh;
        for (const h of holdingsOf.get(x.id) ?? []) addHolding(row.status, h);
        byPeriod.set(key, row);
      }
      const certificates = [...byPeriod.values()]
        .sort((a, b) => b.period.localeCompare(a.period) || a.program.localeCompare(b.program))
        .map(({ status, ...row }) => ({
          ...row,
          energy_mwh: mwh(row.energy_wh),
          ...(rows.holdings ? status : {}),
        }));
      // Data-quality alerts: registration and upload checks (not info), hours under an error check, and
      // months whose heat-meter coverage is under TREC's default issuance threshold.
      const alerts: (Check & { source: string; month?: string; upload?: string; file_name?: string })[] = [];
      for (const c of checksOf(system.id))
        if (c.severity !== 'info') alerts.push({ ...c, source: 'registration' });
      for (const u of rows.uploadChecks)
        if (u.systemId === system.id)
          for (const c of u.checks)
            if (c.severity !== 'info')
              alerts.push({ ...c, source: 'upload', upload: u.uploadId, file_name: u.fileName });
      for (const m of months) {
        if (m.errorHours > 0)
          alerts.push({
            ...check(
              'error-hours',
              'error',
              `${m.month}: ${m.errorHours} stored hour(s) carry an error-severity check: never certified`,
            ),
            source: 'data',
            month: m.month,
          });
        const coverage = m.cleanHeatCoverageS / (m.monthHours * 3600);
        if (heatMeters > 0 && coverage < r.coverageThreshold)
          alerts.push({
            ...check(
              'low-coverage',
              'warning',
              `${m.month}: heat-meter data for ${(coverage * 100).toFixed(1)} % of the month's ${m.monthHours} h (TREC's default for issuance is ${r.coverageThreshold * 100} %)`,
            ),
            source: 'data',
            month: m.month,
          });
      }
      const enrolments = rows.enrolments.filter((e) => e.systemId === system.id);
      return {
        ...presentSystem(system),
        rated_capacity_tons: system.ratedCapacityW / tonsToW(1),
        site: presentSite(site),
        meters: { heat: heatMeters, electricity: meters.length - heatMeters },
        enrolments: enrolments.map((e) => ({
          id: e.id,
          program_id: e.programId,
          method: e.method,
          unit_id: e.unitId,
          start: e.startOn,
          end: e.endOn,
          pilot: kept.get(e.id)?.pilot === true,
        })),
        energy: {
          ...energy,
          heat_mwh: mwh(energy.heat_wh),
          cool_mwh: mwh(energy.cool_wh),
          elec_mwh: mwh(energy.elec_wh),
        },
        months: months.map((m) => ({
          month: m.month,
          hours: m.monthHours,
          stored_hours: m.hours,
          error_hours: m.errorHours,
          heat_wh: m.heatWh,
          heat_mwh: mwh(m.heatWh),
          cool_wh: m.coolWh,
          elec_wh: m.elecWh,
          coverage: heatMeters > 0 ? m.cleanHeatCoverageS / (m.monthHours * 3600) : null,
        })),
        certificates: {
          issued: certificates.reduce((n, c) => n + c.certificates, 0),
          by_period: certificates,
        },
        held: r.held
          .filter((h) => h.system.id === system.id)
          .map((h) => ({
            enrolment: h.enrolment.id,
            program: h.enrolment.programId,
            period: h.period,
            reason: h.reason,
            energy_mwh: h.generation ? mwh(h.generation.energyWh) : null,
          })),
        alerts,
      };
    });
    const holdings = new Map<string, ByStatus>();
    for (const h of rows.byPeriodHoldings ?? []) {
      const key = `${h.period}|${h.programId}|${h.unit}`;
      const s = holdings.get(key) ?? noStatus();
      addHolding(s, h);
      holdings.set(key, s);
    }
    const byPeriod = rows.byPeriod.map((p) => ({
      period: p.period,
      program: p.programId,
      unit: p.unit,
      issuances: p.issuances,
      certificates: p.certificates,
      energy_wh: p.energyWh,
      energy_mwh: mwh(p.energyWh),
      adjustment_wh: p.adjustmentWh,
      ...(rows.byPeriodHoldings ? (holdings.get(`${p.period}|${p.programId}|${p.unit}`) ?? noStatus()) : {}),
    }));
    return {
      totals: {
        systems: rows.totals.systems,
        heat_wh: rows.totals.heatWh,
        heat_mwh: mwh(rows.totals.heatWh),
        cool_wh: rows.totals.coolWh,
        elec_wh: rows.totals.elecWh,
        certificates_issued: rows.byPeriod.reduce((n, p) => n + p.certificates, 0),
      },
      months: rows.scopeMonths.map((m) => ({
        month: m.month,
        systems: m.systems,
        heat_wh: m.heatWh,
        heat_mwh: mwh(m.heatWh),
        cool_wh: m.coolWh,
        elec_wh: m.elecWh,
        elec_mwh: mwh(m.elecWh),
      })),
      by_period: byPeriod,
      coverage_threshold: r.coverageThreshold,
      systems,
      next_after: rows.nextAfter,
      ok: isOk(r.checks),
      checks: r.checks,
    };
  },
});
