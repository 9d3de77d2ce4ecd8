import { DateTime } from 'luxon';
import { z } from 'zod';
import {
  cadencePeriodKind,
  check,
  InputError,
  isOk,
  issueWhole,
  monitorRequirement,
  parsePeriod,
  periodContaining,
  previousPeriod,
  serialPrefix,
  formatSerial,
  systemMultiplier,
  wToBtuh,
  type Check,
  type Period,
  type Program,
  eventRecord,
  type BatchState,
} from '../core/index.ts';
import { computeGeneration, enrolledMonths, sumsByMonth, type Generation } from './generation.ts';
import type { BatchRecord, IssuanceRecord } from './ledger-port.ts';
import type { Ports } from './ports.ts';
import type { EnrolmentRecord, Registry, RegistryAction, SiteRecord, SystemRecord } from './registry-port.ts';
import { dbInput, open, periodInput } from './registry-open.ts';
import { defineUseCase } from './use-case.ts';

// `trec issue` and `trec attest` (issue 10): each enrolment's generation for a reporting period, issued as
// whole certificates once per (enrolment, period) — the store's unique constraint decides, not luck —
// with the remainder carried forward and data that arrived for an issued period counted as a prior-period
// adjustment in the next one. docs/methods.md "Issuance" gives the rules and their sources.

const db = dbInput;
const periodText = periodInput;

export const issueInput = z
  .object({
    db,
    period: periodText
      .optional()
      .meta({ description: "reporting period; default: each program's cadence, the last one ended" }),
    program: z.string().trim().min(1).optional().meta({ description: 'only enrolments in this program' }),
    dryRun: z.boolean().meta({ description: 'print what would be issued and why; change nothing' }),
  })
  .strict();

/** One enrolment's outcome for a period. */
export interface IssueLine {
  enrolment: EnrolmentRecord;
  system: SystemRecord;
  period: string;
  generation: Generation;
  adjustmentWh: number;
  remainderInWh: number;
  remainderOutWh: number;
  certificates: number;
  unit: string;
  serialFirst: string | null;
  serialLast: string | null;
  batchId: string | null;
  issuanceId: string | null;
  checks: Check[];
}

export interface HeldLine {
  enrolment: EnrolmentRecord;
  system: SystemRecord;
  period: string;
  reason: string;
  generation: Generation | null;
}

export interface IssueResult {
  period: string | null;
  dryRun: boolean;
  issued: IssueLine[];
  held: HeldLine[];
  alreadyIssued: { enrolment: EnrolmentRecord; system: SystemRecord; period: string; issuanceId: string }[];
  checks: Check[];
}

interface Candidate {
  enrolment: EnrolmentRecord;
  system: SystemRecord;
  site: SiteRecord;
  program: Program;
  period: Period;
}

/** Enrolments written per transaction by `trec issue` (each still claimed on its own). */
const ISSUE_CHUNK = 250;

/** The period to issue for a program: the one given, or the last of the program's cadence that has ended. */
function periodFor(
  program: Program,
  given: Period | undefined,
  nowMs: number,
  tz: string,
  checks: Check[],
): Period {
  const cadence = cadencePeriodKind(program.reportingCadence.value);
  if (given) {
    if (given.kind !== cadence.kind)
      throw new InputError(
        `program ${program.id} issues by ${cadence.kind} (its reporting cadence: ${program.reportingCadence.value ?? 'not stated, TREC assumes quarterly'}); give a ${cadence.kind === 'quarter' ? 'quarter such as 2026-Q3' : 'month such as 2026-07'} so that no energy falls in two periods`,
        { path: ['period'], value: given.id },
      );
    return given;
  }
  checks.push(...cadence.checks.map((c) => ({ ...c, message: `${program.id}: ${c.message}` })));
  const now = DateTime.fromMillis(nowMs, { zone: tz });
  return previousPeriod(periodContaining(cadence.kind, { year: now.year, month: now.month }));
}

export interface IssueOptions {
  period?: string;
  program?: string;
  dryRun: boolean;
}

/** The issuance run: computes every candidate, then claims and issues each in its own transaction. */
export async function issuePeriod(
  ports: Ports,
  registry: Registry,
  action: () => RegistryAction,
  o: IssueOptions,
  codeVersion: string,
): Promise<IssueResult> {
  const ledger = registry;
  const clockNow = ports.clock?.now() ?? 0;
  const given = o.period === undefined ? undefined : parsePeriod(o.period, 'period');
  const programFilter = o.program === undefined ? undefined : ports.programs.get(o.program);
  const checks: Check[] = [];
  const sites = new Map((await registry.listSites()).map((s) => [s.id, s]));
  const systems = new Map((await registry.listSystems()).map((s) => [s.id, s]));
  const enrolments = await registry.listEnrolments();
  const programs = new Map<string, Program>();
  const programOf = (id: string) => {
    let p = programs.get(id);
    if (!p) programs.set(id, (p = ports.programs.get(id)));
    return p;
  };

  const candidates: Candidate[] = [];
  for (const enrolment of enrolments) {
    if (programFilter && enrolment.programId !== programFilter.id) continue;
    const system = systems.get(enrolment.systemId);
    const site = system && sites.get(system.siteId);
    if (!system || !site) continue;
    const program = programOf(enrolment.programId);
    const period = periodFor(program, given, clockNow, site.timeZone, checks);
    if (!enrolledMonths(period, enrolment, site.timeZone).length) continue;
    candidates.push({ enrolment, system, site, program, period });
  }

  // All issuances so far, by enrolment (remainders, adjustments, overlap).
  const previous = new Map<string, IssuanceRecord[]>();
  for (const iss of await ledger.listIssuances()) {
    const list = previous.get(iss.enrolmentId) ?? [];
    list.push(iss);
    previous.set(iss.enrolmentId, list);
  }
  for (const list of previous.values())
    list.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));

  // Stored sums for the candidates' months and, for prior-period adjustments, the months already issued.
  const requests: { key: string; systemId: string; month: string; fromMs: number; toMs: number }[] = [];
  const priorPeriods = new Map<string, Period[]>();
  for (const c of candidates) {
    for (const m of enrolledMonths(c.period, c.enrolment, c.site.timeZone))
      requests.push({ key: `${c.enrolment.id}|${c.period.id}`, systemId: c.system.id, ...m });
    if ((c.enrolment.method ?? 'metered') !== 'metered') continue;
    const priors = (previous.get(c.enrolment.id) ?? [])
      .filter((p) => p.period !== c.period.id)
      .map((p) => parsePeriod(p.period));
    priorPeriods.set(c.enrolment.id, priors);
    for (const p of priors)
      for (const m of enrolledMonths(p, c.enrolment, c.site.timeZone))
        requests.push({ key: `${c.enrolment.id}|${p.id}`, systemId: c.system.id, ...m });
  }
  const sums = await sumsByMonth(ledger, requests);

  const result: IssueResult = {
    period: given?.id ?? null,
    dryRun: o.dryRun,
    issued: [],
    held: [],
    alreadyIssued: [],
    checks,
  };
  const writes: {
    c: Candidate;
    line: IssueLine;
    prefix: string;
    generation: Generation;
    adjustmentWh: number;
    remainderInWh: number;
    whole: ReturnType<typeof issueWhole>;
    lineChecks: Check[];
  }[] = [];
  for (const c of candidates) {
    const prior = previous.get(c.enrolment.id) ?? [];
    const same = prior.find((p) => p.period === c.period.id);
    if (same) {
      result.alreadyIssued.push({
        enrolment: c.enrolment,
        system: c.system,
        period: c.period.id,
        issuanceId: same.id,
      });
      continue;
    }
    const hold = (reason: string, generation: Generation | null) =>
      result.held.push({ enrolment: c.enrolment, system: c.system, period: c.period.id, reason, generation });
    const periodEndMs = enrolledMonths(c.period, c.enrolment, c.site.timeZone).at(-1)?.toMs ?? 0;
    const uploads =
      (c.enrolment.method ?? 'metered') === 'metered'
        ? await ledger.uploadsInRange(c.system.id, ...spanOf(c.period, c.enrolment, c.site.timeZone))
        : [];
    const generation = computeGeneration({
      program: c.program,
      enrolment: c.enrolment,
      system: c.system,
      site: c.site,
      period: c.period,
      sums: sums.get(`${c.enrolment.id}|${c.period.id}`) ?? new Map(),
      uploads,
    });
    if (periodEndMs > clockNow) {
      hold(
        `the period ${c.period.id} has not ended (it ends ${new Date(periodEndMs).toISOString()})`,
        generation,
      );
      continue;
    }
    if (generation.held) {
      hold(generation.held, generation);
      continue;
    }
    const monitor = monitorRequirement(c.program);
    if (monitor.required && !(await ledger.getAttestation(c.enrolment.id, c.period.id))) {
      hold(
        `program ${c.program.id} needs an independent monitor's attestation of ${c.period.id} before issuance (trec attest --enrolment ${c.enrolment.id} --period ${c.period.id} --by NAME)`,
        generation,
      );
      continue;
    }
    const lineChecks: Check[] = [...generation.checks, ...monitor.checks];

    // Prior-period adjustment: what the issued periods count now, less what was counted for them.
    let adjustmentWh = 0;
    const priors = priorPeriods.get(c.enrolment.id) ?? [];
    if (priors.length) {
      let recount = 0;
      for (const p of priors) {
        const g = computeGeneration({
          ...c,
          period: p,
          sums: sums.get(`${c.enrolment.id}|${p.id}`) ?? new Map(),
          uploads: [],
        });
        recount += g.energyWh;
      }
      const counted = prior.reduce((s, p) => s + p.energyWh + p.adjustmentWh, 0);
      adjustmentWh = recount - counted;
      if (adjustmentWh < 0) {
        lineChecks.push(
          check(
            'adjustment-negative',
            'warning',
            `the issued periods now count ${recount} Wh, ${-adjustmentWh} Wh less than was issued for them; nothing is deducted (certificates are never re-issued)`,
          ),
        );
        adjustmentWh = 0;
      } else if (adjustmentWh > 0)
        lineChecks.push(
          check(
            'prior-period-adjustment',
            'info',
            `${adjustmentWh} Wh of data for already issued periods (${priors.map((p) => p.id).join(', ')}) counted in ${c.period.id} as a prior-period adjustment`,
          ),
        );
    }
    const remainderInWh = prior.at(-1)?.remainderOutWh ?? 0;
    let multiplier: { multiplier: number; checks: Check[] };
    try {
      multiplier = systemMultiplier(
        c.program,
        wToBtuh(c.system.ratedCapacityW),
        c.enrolment.multiplier ?? undefined,
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      hold(error.detail, generation);
      continue;
    }
    lineChecks.push(...multiplier.checks);
    generation.multiplier = multiplier.multiplier;
    const whole = issueWhole({
      program: c.program,
      energyWh: generation.energyWh,
      adjustmentWh,
      remainderInWh,
      multiplier: multiplier.multiplier,
    });
    lineChecks.push(...whole.checks);
    const prefix = serialPrefix({
      programId: c.program.id,
      unitId: c.enrolment.unitId,
      enrolmentId: c.enrolment.id,
      vintage: c.period.id,
    });
    const line: IssueLine = {
      enrolment: c.enrolment,
      system: c.system,
      period: c.period.id,
      generation,
      adjustmentWh,
      remainderInWh,
      remainderOutWh: whole.remainderOutWh,
      certificates: whole.certificates,
      unit: whole.unit,
      serialFirst: null,
      serialLast: null,
      batchId: null,
      issuanceId: null,
      checks: lineChecks,
    };
    if (!isOk(lineChecks)) {
      hold(
        `an error-severity check: ${lineChecks.find((x) => x.severity === 'error')?.message ?? ''}`,
        generation,
      );
      continue;
    }
    if (o.dryRun) {
      result.issued.push(line);
      continue;
    }
    writes.push({ c, line, prefix, generation, adjustmentWh, remainderInWh, whole, lineChecks });
  }
  // Written in chunks, each one transaction: every (enrolment, period) is still claimed on its own by the
  // store's unique constraint (a claim another process made is skipped, the rest of the chunk goes on), but
  // 10,000 enrolments commit in 40 transactions, not 10,000 (docs/performance.md, issuance).
  const accounts = new Map<string, string>();
  for (let k = 0; k < writes.length; k += ISSUE_CHUNK) {
    const chunk = writes.slice(k, k + ISSUE_CHUNK);
    const claims = await registry.transaction(async (tx) => {
      const out = [];
      for (const w of chunk) out.push(await claimOne(tx, w));
      return out;
    });
    chunk.forEach((w, i) => {
      const claimed = claims[i];
      if (!claimed) {
        result.alreadyIssued.push({
          enrolment: w.c.enrolment,
          system: w.c.system,
          period: w.c.period.id,
          issuanceId: '',
        });
        return;
      }
      w.line.issuanceId = claimed.issuance.id;
      if (claimed.batch) {
        w.line.batchId = claimed.batch.id;
        w.line.serialFirst = formatSerial(w.prefix, claimed.batch.first);
        w.line.serialLast = formatSerial(w.prefix, claimed.batch.last);
      }
      result.issued.push(w.line);
    });
  }

  async function claimOne(tx: Registry, w: (typeof writes)[number]) {
    const { c, prefix, generation, adjustmentWh, remainderInWh, whole, lineChecks } = w;
    const a = action();
    let accountId = c.enrolment.accountId ?? accounts.get(c.system.organisationId);
    if (accountId === undefined) {
      accountId = await defaultAccount(tx, c.system.organisationId);
      accounts.set(c.system.organisationId, accountId);
    }
    const issuance = await tx.claimIssuance(a, {
      enrolmentId: c.enrolment.id,
      systemId: c.system.id,
      accountId,
      period: c.period.id,
      periodStart: generation.fromMs,
      periodEnd: generation.toMs,
      programId: c.program.id,
      programVersion: c.program.version,
      method: generation.method,
      energyWh: generation.energyWh,
      adjustmentWh,
      remainderInWh,
      remainderOutWh: whole.remainderOutWh,
      certificates: whole.certificates,
      unit: whole.unit,
      serialPrefix: prefix,
      codeVersion,
      generation,
      checks: lineChecks,
    });
    if (!issuance) return undefined;
    let batch = null;
    if (whole.certificates > 0) {
      const range = await tx.reserveSerials(prefix, whole.certificates);
      batch = await tx.createBatch(a, {
        issuanceId: issuance.id,
        parentId: null,
        accountId: issuance.accountId,
        serialPrefix: prefix,
        first: range.first,
        last: range.last,
        quantity: range.last - range.first + 1,
        unit: whole.unit,
        vintage: c.period.id,
        status: 'active',
        beneficiary: null,
        reason: null,
        claimPeriod: null,
      });
    }
    await tx.appendEvent(
      a,
      eventRecord({
        type: 'issue',
        issuanceId: issuance.id,
        enrolmentId: c.enrolment.id,
        period: c.period.id,
        batch: batch && batchState(batch),
      }),
    );
    return { issuance, batch };
  }
  result.issued.sort(
    (a, b) => a.period.localeCompare(b.period) || a.enrolment.id.localeCompare(b.enrolment.id),
  );
  return result;
}

function spanOf(period: Period, enrolment: EnrolmentRecord, tz: string): [number, number] {
  const months = enrolledMonths(period, enrolment, tz);
  return [months[0]?.fromMs ?? 0, months.at(-1)?.toMs ?? 0];
}

async function defaultAccount(registry: Registry, organisationId: string): Promise<string> {
  const org = await registry.getOrganisation(organisationId);
  if (!org) throw new Error(`organisation ${organisationId} of a registered system is missing`);
  return org.defaultAccountId;
}

/** A stored batch as the ledger's events carry it. */
export const batchState = (b: BatchRecord): BatchState => ({
  id: b.id,
  issuanceId: b.issuanceId,
  parentId: b.parentId,
  accountId: b.accountId,
  serialPrefix: b.serialPrefix,
  first: b.first,
  last: b.last,
  quantity: b.quantity,
  unit: b.unit,
  vintage: b.vintage,
  status: b.status,
  beneficiary: b.beneficiary,
  reason: b.reason,
  claimPeriod: b.claimPeriod,
});

const WH_PER_MWH = 1_000_000;
const mwh = (wh: number) => wh / WH_PER_MWH;

export const issueUseCase = defineUseCase({
  name: 'issue',
  summary: "Issue each enrolment's certificates for a reporting period (once per enrolment and period)",
  input: issueInput,
  defaults: {
    dryRun: { value: false, source: 'TREC default: issue (use --dry-run to only see what would be issued)' },
  },
  async run(i, { ports }): Promise<IssueResult> {
    const { registry, action } = await open(ports, i.db);
    return issuePeriod(ports, registry, action, { ...i, dryRun: i.dryRun }, ports.codeVersion ?? 'unknown');
  },
  present: (r) => ({
    period: r.period,
    dry_run: r.dryRun,
    issued: r.issued.map((l) => ({
      enrolment: l.enrolment.id,
      system: l.system.id,
      system_name: l.system.name,
      period: l.period,
      program: l.generation.programId,
      program_version: l.generation.programVersion,
      method: l.generation.method,
      energy_mwh: mwh(l.generation.energyWh),
      energy_wh: l.generation.energyWh,
      adjustment_mwh: mwh(l.adjustmentWh),
      certificates: l.certificates,
      unit: l.unit,
      remainder_in_mwh: mwh(l.remainderInWh),
      remainder_out_mwh: mwh(l.remainderOutWh),
      serial_first: l.serialFirst,
      serial_last: l.serialLast,
      batch: l.batchId,
      issuance: l.issuanceId,
      coverage: l.generation.coverage?.fraction ?? null,
      ok: isOk(l.checks),
      checks: l.checks,
    })),
    held: r.held.map((h) => ({
      enrolment: h.enrolment.id,
      system: h.system.id,
      system_name: h.system.name,
      period: h.period,
      reason: h.reason,
      energy_mwh: h.generation ? mwh(h.generation.energyWh) : null,
      checks: h.generation?.checks ?? [],
    })),
    already_issued: r.alreadyIssued.map((a) => ({
      enrolment: a.enrolment.id,
      system: a.system.id,
      period: a.period,
      issuance: a.issuanceId || null,
    })),
    ok: isOk(r.checks),
    checks: r.checks,
  }),
});

// ---- attest

export const attestUseCase = defineUseCase({
  name: 'attest',
  summary: "Record an independent monitor's attestation of an enrolment's period (New Hampshire)",
  input: z
    .object({
      db,
      enrolment: z.string().trim().min(1),
      period: periodText,
      by: z.string().trim().min(1).meta({ description: 'the independent monitor (name, credential)' }),
      note: z.string().trim().min(1).optional(),
    })
    .strict(),
  defaults: {},
  async run(i, { ports }) {
    const period = parsePeriod(i.period, 'period');
    const { registry, action } = await open(ports, i.db);
    return registry.transaction(async (txr) => {
      const tx = txr;
      const enrolment = (await txr.listEnrolments()).find((e) => e.id === i.enrolment);
      if (!enrolment)
        throw new InputError(`no enrolment ${i.enrolment}`, { path: ['enrolment'], value: i.enrolment });
      // Read in the transaction: on SQLite the registry outside it waits for the transaction's one
      // connection, which waits for this read (the command hung, exit 13).
      const existing = await tx.getAttestation(enrolment.id, period.id);
      if (existing)
        throw new InputError(
          `${period.id} of enrolment ${enrolment.id} was already attested by ${existing.by} on ${new Date(existing.createdAt).toISOString()}`,
          { path: ['period'], value: period.id },
        );
      const attestation = await tx.recordAttestation(action(), {
        enrolmentId: enrolment.id,
        period: period.id,
        by: i.by,
        note: i.note ?? null,
      });
      return { attestation, checks: [] as Check[] };
    });
  },
  present: (r) => ({
    enrolment: r.attestation.enrolmentId,
    period: r.attestation.period,
    by: r.attestation.by,
    note: r.attestation.note,
    created_by: r.attestation.createdBy,
    created_at: new Date(r.attestation.createdAt).toISOString(),
    ok: true,
    checks: r.checks,
  }),
});
