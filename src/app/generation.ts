import { DateTime } from 'luxon';
import {
  check,
  coverageVerdict,
  isMethodName,
  isOk,
  meteredGeneration,
  monthId,
  prescriptiveGeneration,
  type Check,
  type Period,
  type Program,
} from '../core/index.ts';
import type { LedgerStore, PeriodSumsRecord } from './ledger-port.ts';
import type { EnrolmentRecord, SiteRecord, SystemRecord } from './registry-port.ts';

// The generation of one enrolment for one reporting period (issue 10, docs/methods.md "Issuance"): what
// `trec issue` certifies and what `trec certificates show --verify` recomputes. The rules are in
// src/core/issuance; this module finds the period's local bounds, the enrolled part, and the stored sums.

const H_MS = 3_600_000;

/** One calendar month of the period in the site's time zone, clamped to the enrolment's dates. */
export interface MonthGeneration {
  month: string;
  fromMs: number;
  toMs: number;
  /** Hours of the month the enrolment covers (DST-aware: 743 or 745 h in a month with a change). */
  enrolledH: number;
  energyWh: number;
  heatWh: number;
  coolWh: number;
  elecWh: number;
  deductedUncertaintyWh: number;
  coverageS: number;
}

export interface Generation {
  enrolmentId: string;
  systemId: string;
  period: string;
  method: string;
  programId: string;
  programVersion: string;
  /** The program's status: an issuance under a proposal says so (pilot or demonstration). */
  programStatus: string;
  timeZone: string;
  fromMs: number;
  toMs: number;
  enrolledH: number;
  energyWh: number;
  months: MonthGeneration[];
  coverage: {
    fraction: number;
    threshold: number;
    thresholdSource: 'program' | 'default';
    ok: boolean;
    reason: string | null;
  } | null;
  /** Prescriptive: the method's inputs, figures and physics audit as computed. */
  prescriptive: {
    capacityW: number;
    cop: number;
    periodH: number;
    capped: boolean;
    formulaEnergyWh: number;
    capWh: number;
    renewableCapWh: number;
    basis: string;
  } | null;
  conservative: boolean;
  capAtPhysical: boolean;
  /** The program's multiplier for the system's size class, applied when certificates are counted. */
  multiplier: number;
  uploads: { sha256: string; fileName: string }[];
  /** Why the period cannot be issued (held), or null. */
  held: string | null;
  checks: Check[];
}

/**
 * Checks that months share (`2026-07: the program does not state ...` three times) as one check naming the
 * months (`2026-07, 2026-08, 2026-09: ...`); other checks as they are, in their order.
 */
function mergeMonthly(checks: readonly Check[]): Check[] {
  const out: Check[] = [];
  const merged = new Map<string, { check: Check; months: string[]; text: string }>();
  for (const c of checks) {
    const m = /^(\d{4}-\d{2}): ([\s\S]*)$/.exec(c.message);
    if (!m?.[1] || m[2] === undefined) {
      out.push(c);
      continue;
    }
    const key = `${c.code}|${c.severity}|${m[2]}`;
    const seen = merged.get(key);
    if (seen) seen.months.push(m[1]);
    else {
      const entry = { check: { ...c }, months: [m[1]], text: m[2] };
      merged.set(key, entry);
      out.push(entry.check);
    }
  }
  for (const e of merged.values()) e.check.message = `${e.months.join(', ')}: ${e.text}`;
  return out;
}

/** Local months of periods by `period|tz`: the same few periods and zones are asked for 10,000 times. */
const BOUNDS = new Map<string, readonly { month: string; fromMs: number; toMs: number }[]>();

/** Local months of `period` in `tz`, as [from, to) instants. */
export function periodBounds(period: Period, tz: string): { month: string; fromMs: number; toMs: number }[] {
  const key = `${period.id}|${tz}`;
  let bounds = BOUNDS.get(key);
  if (!bounds) {
    bounds = period.months.map((m) => {
      const from = DateTime.fromObject({ year: m.year, month: m.month, day: 1 }, { zone: tz });
      return { month: monthId(m), fromMs: from.toMillis(), toMs: from.plus({ months: 1 }).toMillis() };
    });
    if (BOUNDS.size > 10_000) BOUNDS.clear();
    BOUNDS.set(key, bounds);
  }
  return bounds.map((b) => ({ ...b }));
}

/** The instant a local date (`YYYY-MM-DD`) starts in `tz`. */
export function localDateMs(date: string, tz: string): number {
  return DateTime.fromISO(date, { zone: tz }).startOf('day').toMillis();
}

/** The enrolment's span [start, end) as instants in the site's time zone (end: +infinity when open). */
export function enrolledSpan(e: EnrolmentRecord, tz: string): { fromMs: number; toMs: number } {
  return {
    fromMs: localDateMs(e.startOn, tz),
    toMs: e.endOn === null ? Number.POSITIVE_INFINITY : localDateMs(e.endOn, tz),
  };
}

export interface GenerationContext {
  program: Program;
  enrolment: EnrolmentRecord;
  system: SystemRecord;
  site: SiteRecord;
  period: Period;
  /** Sums per month for this system, by month id (from `LedgerStore.periodSums`, clamped to the enrolment). */
  sums: ReadonlyMap<string, PeriodSumsRecord | undefined>;
  uploads: { sha256: string; fileName: string }[];
}

/** The months of the period the enrolment covers, clamped (empty when it covers none). */
export function enrolledMonths(
  period: Period,
  enrolment: EnrolmentRecord,
  tz: string,
): { month: string; fromMs: number; toMs: number }[] {
  const span = enrolledSpan(enrolment, tz);
  return periodBounds(period, tz)
    .map((m) => ({
      month: m.month,
      fromMs: Math.max(m.fromMs, span.fromMs),
      toMs: Math.min(m.toMs, span.toMs),
    }))
    .filter((m) => m.toMs > m.fromMs);
}

const ZERO_SUMS = (systemId: string): PeriodSumsRecord => ({
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
});

/**
 * The generation of one enrolment for one period, from the stored sums (metered) or the program's method
 * (prescriptive). `held` says why it may not be issued; checks carry every finding.
 */
export function computeGeneration(ctx: GenerationContext): Generation {
  const { program, enrolment, system, site, period } = ctx;
  const months = enrolledMonths(period, enrolment, site.timeZone);
  const checks: Check[] = [];
  const method = enrolment.method ?? 'metered';
  if (program.programStatus === 'proposal')
    checks.push(
      check(
        'proposal-program',
        'warning',
        `program ${program.id} is a proposal, not in force: certificates issued under it are for a pilot or demonstration only`,
      ),
    );
  if (enrolment.programVersion !== program.version)
    checks.push(
      check(
        'program-version-changed',
        'warning',
        `enrolled under ${program.id} ${enrolment.programVersion}; generation computed with the rule file now loaded, version ${program.version}`,
      ),
    );
  const base: Generation = {
    enrolmentId: enrolment.id,
    systemId: system.id,
    period: period.id,
    method,
    programId: program.id,
    programVersion: program.version,
    programStatus: program.programStatus,
    timeZone: site.timeZone,
    fromMs: months[0]?.fromMs ?? 0,
    toMs: months.at(-1)?.toMs ?? 0,
    enrolledH: months.reduce((s, m) => s + (m.toMs - m.fromMs) / H_MS, 0),
    energyWh: 0,
    months: [],
    coverage: null,
    prescriptive: null,
    conservative: enrolment.conservative,
    capAtPhysical: enrolment.capAtPhysical,
    multiplier: 1,
    uploads: ctx.uploads,
    held: null,
    checks,
  };
  if (!months.length) return { ...base, held: `the enrolment does not cover ${period.id}` };

  if (method === 'metered') {
    let coverageS = 0;
    for (const m of months) {
      const sums = ctx.sums.get(m.month) ?? ZERO_SUMS(system.id);
      const g = meteredGeneration({ program, sums, conservative: enrolment.conservative });
      checks.push(...g.checks.map((c) => ({ ...c, message: `${m.month}: ${c.message}` })));
      coverageS += sums.coverageS;
      base.months.push({
        month: m.month,
        fromMs: m.fromMs,
        toMs: m.toMs,
        enrolledH: (m.toMs - m.fromMs) / H_MS,
        energyWh: g.energyWh,
        heatWh: g.heatWh,
        coolWh: g.coolWh,
        elecWh: g.elecWh,
        deductedUncertaintyWh: g.deductedUncertaintyWh,
        coverageS: sums.coverageS,
      });
    }
    const coverage = coverageVerdict({ program, coverageS, enrolledHours: base.enrolledH });
    base.coverage = coverage;
    base.energyWh = base.months.reduce((s, m) => s + m.energyWh, 0);
    if (!coverage.ok) base.held = coverage.reason;
  } else if (isMethodName(method)) {
    for (const m of months) {
      const periodH = (m.toMs - m.fromMs) / H_MS;
      const g = prescriptiveGeneration({
        program,
        method,
        capacityW: system.ratedCapacityW,
        cop: system.ratedCop,
        periodH,
        capAtPhysical: enrolment.capAtPhysical,
      });
      checks.push(...g.checks.map((c) => ({ ...c, message: `${m.month}: ${c.message}` })));
      base.months.push({
        month: m.month,
        fromMs: m.fromMs,
        toMs: m.toMs,
        enrolledH: periodH,
        energyWh: g.energyWh,
        heatWh: 0,
        coolWh: 0,
        elecWh: 0,
        deductedUncertaintyWh: 0,
        coverageS: 0,
      });
      const p = base.prescriptive ?? {
        capacityW: system.ratedCapacityW,
        cop: system.ratedCop,
        periodH: 0,
        capped: false,
        formulaEnergyWh: 0,
        capWh: 0,
        renewableCapWh: 0,
        basis: g.result.basis,
      };
      p.periodH += periodH;
      p.capped ||= g.capped;
      // The method's figure for these hours before any cap (the annual result x the period's share).
      p.formulaEnergyWh += Math.round((g.result.energyJ * periodH) / g.result.inputs.periodH / 3600);
      p.capWh += g.capWh;
      p.renewableCapWh += g.renewableCapWh;
      base.prescriptive = p;
    }
    base.energyWh = base.months.reduce((s, m) => s + m.energyWh, 0);
  } else {
    base.held = `TREC does not compute the method ${method} of this enrolment: the program's figure must come from its own process`;
  }
  base.checks = mergeMonthly(checks);
  if (!base.held && !isOk(base.checks))
    base.held = `an error-severity check: ${checks.find((c) => c.severity === 'error')?.message ?? ''}`;
  return base;
}

/**
 * Sums for many (key, system, month range) requests: one grouped query per distinct [from, to), so that the
 * systems of one time zone and enrolment span share it. Returns sums by key, then by month id. `asOfMs`:
 * only hours of uploads made by then (to recompute an issuance from the data it had).
 */
export async function sumsByMonth(
  ledger: LedgerStore,
  ranges: readonly { key: string; systemId: string; month: string; fromMs: number; toMs: number }[],
  asOfMs?: number,
): Promise<Map<string, Map<string, PeriodSumsRecord>>> {
  const groups = new Map<
    string,
    { fromMs: number; toMs: number; items: { key: string; systemId: string; month: string }[] }
  >();
  for (const r of ranges) {
    const id = `${r.fromMs}:${r.toMs}`;
    const g = groups.get(id) ?? { fromMs: r.fromMs, toMs: r.toMs, items: [] };
    g.items.push({ key: r.key, systemId: r.systemId, month: r.month });
    groups.set(id, g);
  }
  const out = new Map<string, Map<string, PeriodSumsRecord>>();
  for (const g of groups.values()) {
    const systems = [...new Set(g.items.map((i) => i.systemId))];
    const sums = await ledger.periodSums(systems, g.fromMs, g.toMs, asOfMs);
    for (const item of g.items) {
      const byMonth = out.get(item.key) ?? new Map<string, PeriodSumsRecord>();
      const s = sums.get(item.systemId);
      if (s) byMonth.set(item.month, s);
      out.set(item.key, byMonth);
    }
  }
  return out;
}
