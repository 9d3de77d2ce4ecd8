import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import {
  capacityFromOne,
  checkEnrolment,
  checkMeter,
  checkMeterForProgram,
  checkMeterOverlap,
  checkSystem,
  FLUID_KINDS,
  InputError,
  isOk,
  PROGRAM_METHODS,
  REGISTRATION_TECHNOLOGIES,
  systemMultiplier,
  tonsToW,
  wToBtuh,
  powerToW,
  btuhToW,
  type Check,
  type MeterRegistration,
  type RegisteredEnrolment,
  type RegisteredMeter,
  type SystemRegistration,
} from '../core/index.ts';
import { relocated } from './errors.ts';
import { rangedNumber } from './ranges.ts';
import type {
  EnrolmentRecord,
  MeterRecord,
  OrganisationRecord,
  Registry,
  RegistryAction,
  SiteRecord,
  SystemRecord,
  UploadRecord,
} from './registry-port.ts';
import { defineUseCase } from './use-case.ts';
import { dbInput, idInput, instant, made, open, organisationOf, siteOf, systemOf } from './registry-open.ts';

// The registration use cases (issue 9): organisations, sites, systems, meters and enrolments, validated by
// src/core/registry before anything is stored, each create audited (who: the actor, when: the clock). The
// checks a registration gave are kept in the audit log beside the entity (`<entity>.checks`), in the same
// transaction, so `system show` can list them and what an enrolment carries travels with it.

const db = dbInput;
const id = idInput;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const positive = z.number().positive().finite();

/** An entity's checks as the audit log keeps them. */
async function keepChecks(
  tx: Registry,
  a: RegistryAction,
  entity: string,
  entityId: string,
  organisationId: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await tx.appendAudit({
    at: a.at,
    actor: a.by,
    action: `${entity}.checks`,
    entity,
    entityId,
    organisationId,
    detail,
  });
}

interface KeptChecks {
  checks: Check[];
  carried: Check[];
  detail: Record<string, unknown>;
}

async function keptChecks(registry: Registry, entityId: string): Promise<KeptChecks> {
  const entries = await registry.listAudit({ entityId });
  const kept = entries.filter((e) => e.action.endsWith('.checks'));
  const detail = (kept.at(-1)?.detail ?? {}) as Record<string, unknown>;
  const list = (v: unknown): Check[] => (Array.isArray(v) ? (v as Check[]) : []);
  return { checks: list(detail.checks), carried: list(detail.carried), detail };
}

/** A unique-name violation as the user's error (the store refuses the second row; nothing is written). */
async function unique<T>(what: string, path: string, value: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE')
      throw new InputError(
        `${what} ${JSON.stringify(value)} is already registered`,
        { path: [path], value },
        { cause: error },
      );
    throw error;
  }
}

// ---- db migrate

export const dbMigrateUseCase = defineUseCase({
  name: 'dbMigrate',
  summary: 'Apply the registry database migrations (a database newer than this TREC is refused)',
  input: z.object({ db }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry } = await open(ports, i.db);
    return {
      dialect: registry.dialect,
      target: registry.target,
      ...registry.migrations,
      checks: [] as Check[],
    };
  },
  present: (r) => ({
    database: r.target,
    dialect: r.dialect,
    applied: r.applied,
    just_applied: r.justApplied,
    ok: true,
    checks: r.checks,
  }),
});

// ---- organisations

export const presentOrg = (o: OrganisationRecord) => ({
  id: o.id,
  name: o.name,
  default_account_id: o.defaultAccountId,
  ...made(o),
});

export const orgAddUseCase = defineUseCase({
  name: 'orgAdd',
  summary: 'Register an organisation (an aggregator, the tenant), with its default account',
  input: z.object({ db, name: z.string().trim().min(1) }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry, action } = await open(ports, i.db);
    const organisation = await unique('organisation', 'name', i.name, () =>
      registry.createOrganisation(action(), { name: i.name }),
    );
    return { organisation, checks: [] as Check[] };
  },
  present: (r) => ({ ...presentOrg(r.organisation), ok: true, checks: r.checks }),
});

// ---- sites

export const siteAddUseCase = defineUseCase({
  name: 'siteAdd',
  summary: 'Register a site of an organisation (state or country, IANA time zone)',
  input: z
    .object({
      db,
      org: id.meta({ description: 'organisation id or name' }),
      name: z.string().trim().min(1),
      state: z
        .string()
        .trim()
        .regex(/^[A-Za-z]{2,3}$/, 'expected a state or subdivision code (MD, NH)')
        .transform((s) => s.toUpperCase())
        .optional(),
      country: z
        .string()
        .trim()
        .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code (US)')
        .transform((s) => s.toUpperCase())
        .optional(),
      address: z.string().trim().min(1).optional(),
      tz: z.string().refine((tz) => IANAZone.isValidZone(tz), 'not an IANA time zone (America/New_York)'),
    })
    .strict(),
  defaults: {
    country: { value: 'US', source: 'TREC default: the programs TREC knows are US programs' },
  },
  async run(i, { ports }) {
    const { registry, action } = await open(ports, i.db);
    const site = await registry.transaction(async (tx) => {
      const org = await organisationOf(tx, i.org);
      return unique('site', 'name', i.name, () =>
        tx.createSite(action(), {
          organisationId: org.id,
          name: i.name,
          state: i.state ?? null,
          country: i.country ?? null,
          address: i.address ?? null,
          timeZone: i.tz,
        }),
      );
    });
    return { site, checks: [] as Check[] };
  },
  present: (r) => ({ ...presentSite(r.site), ok: true, checks: r.checks }),
});

export const presentSite = (s: SiteRecord) => ({
  id: s.id,
  organisation_id: s.organisationId,
  name: s.name,
  address: s.address,
  state: s.state,
  country: s.country,
  tz: s.timeZone,
  ...made(s),
});

// ---- systems

export const systemAddInput = z
  .object({
    db,
    site: id,
    name: z.string().trim().min(1),
    technology: z.enum(REGISTRATION_TECHNOLOGIES, {
      error: `unknown technology; use one of ${REGISTRATION_TECHNOLOGIES.join(', ')}`,
    }),
    tons: rangedNumber('tons').optional(),
    capacityKw: rangedNumber('capacityKw').optional(),
    capacityBtuh: rangedNumber('capacityBtuh').optional(),
    cop: rangedNumber('cop'),
    ahriRef: z.string().trim().min(1).optional(),
    ahriTons: positive.optional(),
    ahriCapacityKw: positive.optional(),
    ahriCapacityBtuh: positive.optional(),
    ahriCop: positive.optional(),
    keymarkRef: z.string().trim().min(1).optional(),
    performanceMapRef: z.string().trim().min(1).optional(),
    commissioned: isoDate,
  })
  .strict();

function systemRegistration(i: z.output<typeof systemAddInput>): SystemRegistration {
  const capacityGivenAs =
    i.tons !== undefined ? 'tons' : i.capacityKw !== undefined ? 'capacityKw' : 'capacityBtuh';
  const anyAhri = [i.ahriTons, i.ahriCapacityKw, i.ahriCapacityBtuh, i.ahriCop].some((v) => v !== undefined);
  const reg: SystemRegistration = {
    technology: i.technology,
    ratedCapacityW: capacityFromOne(i),
    capacityGivenAs,
    ratedCop: i.cop,
    commissioned: i.commissioned,
  };
  if (i.ahriRef !== undefined || anyAhri)
    reg.ahri = {
      ref: i.ahriRef ?? '',
      ...(i.ahriTons === undefined ? {} : { tons: i.ahriTons }),
      ...(i.ahriCapacityKw === undefined ? {} : { capacityKw: i.ahriCapacityKw }),
      ...(i.ahriCapacityBtuh === undefined ? {} : { capacityBtuh: i.ahriCapacityBtuh }),
      ...(i.ahriCop === undefined ? {} : { cop: i.ahriCop }),
    };
  if (i.keymarkRef !== undefined) reg.keymarkRef = i.keymarkRef;
  if (i.performanceMapRef !== undefined) reg.performanceMapRef = i.performanceMapRef;
  return reg;
}

export const systemAddUseCase = defineUseCase({
  name: 'systemAdd',
  summary: 'Register a heat-pump system on a site (rated values checked against its AHRI certificate)',
  input: systemAddInput,
  defaults: {},
  async run(i, { ports }) {
    const reg = systemRegistration(i);
    const checks = checkSystem(reg); // refuses before anything is opened or written
    const ahriCapacityW =
      i.ahriTons !== undefined
        ? tonsToW(i.ahriTons)
        : i.ahriCapacityKw !== undefined
          ? powerToW(i.ahriCapacityKw, 'kW')
          : i.ahriCapacityBtuh !== undefined
            ? btuhToW(i.ahriCapacityBtuh)
            : null;
    const { registry, action } = await open(ports, i.db);
    const system = await registry.transaction(async (tx) => {
      const site = await siteOf(tx, i.site);
      const a = action();
      const made = await unique('system', 'name', i.name, () =>
        tx.createSystem(a, {
          siteId: site.id,
          name: i.name,
          technology: i.technology,
          ratedCapacityW: reg.ratedCapacityW,
          ratedCop: i.cop,
          ahriRef: i.ahriRef ?? null,
          ahriCapacityW,
          ahriCop: i.ahriCop ?? null,
          keymarkRef: i.keymarkRef ?? null,
          performanceMapRef: i.performanceMapRef ?? null,
          commissionedOn: i.commissioned,
        }),
      );
      await keepChecks(tx, a, 'system', made.id, site.organisationId, { checks });
      return made;
    });
    return { system, checks };
  },
  present: (r) => ({ ...presentSystem(r.system), ok: isOk(r.checks), checks: r.checks }),
});

export const presentSystem = (s: SystemRecord) => ({
  id: s.id,
  site_id: s.siteId,
  organisation_id: s.organisationId,
  name: s.name,
  technology: s.technology,
  rated_capacity_w: s.ratedCapacityW,
  rated_capacity_tons: s.ratedCapacityW / tonsToW(1),
  rated_cop: s.ratedCop,
  ahri_ref: s.ahriRef,
  ahri_capacity_w: s.ahriCapacityW,
  ahri_cop: s.ahriCop,
  keymark_ref: s.keymarkRef,
  performance_map_ref: s.performanceMapRef,
  commissioned: s.commissionedOn,
  ...made(s),
});

// ---- meters

export const meterAddInput = z
  .object({
    db,
    system: id,
    kind: z.enum(['heat', 'electricity'], { error: 'unknown meter kind; use heat or electricity' }),
    fluid: z.enum(FLUID_KINDS, { error: `unknown fluid; use one of ${FLUID_KINDS.join(', ')}` }).optional(),
    concentration: z.number().min(0).max(1).optional().meta({ description: 'glycol mass fraction 0..1' }),
    flowSensor: z.enum(['supply', 'return'], { error: 'use supply or return' }).optional(),
    meterClass: z.number().int().min(1).max(3).optional().meta({ description: 'EN 1434 class 1, 2 or 3' }),
    qpM3h: positive.optional(),
    dtMinK: positive.optional(),
    registerRollover: positive.optional(),
    serial: z.string().trim().min(1).optional(),
    installed: isoDate.optional().meta({ description: "default: the system's commissioning date" }),
    removed: isoDate.optional(),
  })
  .strict();

const registeredMeter = (m: MeterRecord): RegisteredMeter => ({
  id: m.id,
  kind: m.kind,
  installed: m.installedOn ?? '0000-01-01',
  removed: m.removedOn,
  ...(m.serial === null ? {} : { serial: m.serial }),
});

export const meterAddUseCase = defineUseCase({
  name: 'meterAdd',
  summary: 'Register a heat or electricity meter on a system (a meter swap is a new meter)',
  input: meterAddInput,
  defaults: {},
  async run(i, { ports }) {
    const { registry, action } = await open(ports, i.db);
    return registry.transaction(async (tx) => {
      const system = await systemOf(tx, i.system);
      const installed = i.installed ?? system.commissionedOn ?? undefined;
      if (installed === undefined)
        throw new InputError('required: the system has no commissioning date to default to', {
          path: ['installed'],
        });
      const reg: MeterRegistration = { kind: i.kind, installed, removed: i.removed ?? null };
      for (const k of [
        'fluid',
        'concentration',
        'flowSensor',
        'meterClass',
        'qpM3h',
        'dtMinK',
        'registerRollover',
        'serial',
      ] as const)
        if (i[k] !== undefined) Object.assign(reg, { [k]: i[k] });
      const checks = checkMeter(reg);
      checkMeterOverlap(reg, (await tx.listMeters(system.id)).map(registeredMeter));
      for (const e of await tx.listEnrolments(system.id))
        checks.push(...checkMeterForProgram(ports.programs.get(e.programId), reg));
      const a = action();
      const meter = await unique('meter', 'serial', i.serial ?? '', () =>
        tx.createMeter(a, {
          systemId: system.id,
          kind: i.kind,
          serial: i.serial ?? null,
          fluid: i.fluid ?? null,
          massFraction: i.concentration ?? (i.fluid === 'water' ? 0 : null),
          flowSensor: i.flowSensor ?? null,
          en1434Class: i.meterClass === 1 || i.meterClass === 2 || i.meterClass === 3 ? i.meterClass : null,
          qpM3h: i.qpM3h ?? null,
          dtMinK: i.dtMinK ?? null,
          registerRollover: i.registerRollover ?? null,
          installedOn: installed,
          removedOn: i.removed ?? null,
        }),
      );
      await keepChecks(tx, a, 'meter', meter.id, system.organisationId, { checks });
      return { meter, installedDefaulted: i.installed === undefined, checks };
    });
  },
  present: (r) => ({
    ...presentMeter(r.meter),
    installed_source: r.installedDefaulted ? "the system's commissioning date" : 'given',
    ok: isOk(r.checks),
    checks: r.checks,
  }),
});

export const presentMeter = (m: MeterRecord) => ({
  id: m.id,
  system_id: m.systemId,
  kind: m.kind,
  serial: m.serial,
  fluid: m.fluid,
  concentration: m.massFraction,
  flow_sensor: m.flowSensor,
  meter_class: m.en1434Class,
  qp_m3h: m.qpM3h,
  dt_min_k: m.dtMinK,
  register_rollover: m.registerRollover,
  installed: m.installedOn,
  removed: m.removedOn,
  ...made(m),
});

// ---- enrolments

export const enrolInput = z
  .object({
    db,
    system: id,
    program: id,
    programVersion: z
      .string()
      .trim()
      .min(1)
      .optional()
      .meta({ description: "default: the program file's version" }),
    method: z
      .enum(PROGRAM_METHODS, { error: `unknown method; use one of ${PROGRAM_METHODS.join(', ')}` })
      .optional(),
    unitId: z.string().trim().min(1).optional(),
    reportingUnitId: z.string().trim().min(1).optional(),
    start: isoDate,
    end: isoDate.optional(),
    pilot: z.boolean(),
    combinedCapacityKw: positive.optional(),
    account: id.optional().meta({
      description: "the account certificates are issued to (default: the organisation's default account)",
    }),
    conservative: z
      .boolean()
      .meta({ description: "issue metered energy less the meter's EN 1434 uncertainty" }),
    capPhysical: z
      .boolean()
      .meta({ description: 'cap a prescriptive figure at the physical maximum (capacity x hours)' }),
    multiplier: positive.optional().meta({
      description:
        "the program's multiplier chosen at qualification, where it lists several for the system's size class (kept for the enrolment's life)",
    }),
  })
  .strict();

const systemAsRegistered = (s: SystemRecord): SystemRegistration => ({
  technology: s.technology,
  ratedCapacityW: s.ratedCapacityW,
  ratedCop: s.ratedCop,
  commissioned: s.commissionedOn ?? '0000-01-01',
});

export const enrolUseCase = defineUseCase({
  name: 'enrol',
  summary: "Enrol a system in a program (the program's rules and double counting checked first)",
  input: enrolInput,
  defaults: {
    pilot: {
      value: false,
      source: 'TREC default: an enrolment is a production one unless marked as a pilot',
    },
    conservative: {
      value: false,
      source:
        'TREC default: the metered figure as measured (conservative issuance deducts the EN 1434 uncertainty)',
    },
    capPhysical: {
      value: false,
      source: "TREC default: the program's method as written, its physics audit beside it",
    },
  },
  async run(i, { ports }) {
    const program = relocated({ program: ['program'] }, () => ports.programs.get(i.program));
    const { registry, action } = await open(ports, i.db);
    return registry.transaction(async (tx) => {
      const system = await systemOf(tx, i.system);
      const others: RegisteredEnrolment[] = (await tx.listEnrolments(system.id)).map((e) => ({
        id: e.id,
        programId: e.programId,
        programVersion: e.programVersion,
        start: e.startOn,
        end: e.endOn,
        energyCounted: ports.programs.get(e.programId).energyCounted,
        ...(e.unitId === null ? {} : { unitId: e.unitId }),
      }));
      const meters = (await tx.listMeters(system.id)).map(registeredMeter);
      // The multiplier is settled now, not at the first issuance: a program that lists several for the size
      // class (or none) needs the one given at qualification (src/core/programs/apply.ts).
      const multiplier = relocated({ multiplier: ['multiplier'] }, () =>
        systemMultiplier(program, wToBtuh(system.ratedCapacityW), i.multiplier),
      );
      const verdict = checkEnrolment(
        program,
        systemAsRegistered(system),
        {
          programId: program.id,
          programVersion: i.programVersion ?? program.version,
          start: i.start,
          end: i.end ?? null,
          pilot: i.pilot,
          ...(i.method === undefined ? {} : { method: i.method }),
          ...(i.unitId === undefined ? {} : { unitId: i.unitId }),
          ...(i.reportingUnitId === undefined ? {} : { reportingUnitId: i.reportingUnitId }),
          ...(i.combinedCapacityKw === undefined
            ? {}
            : { combinedCapacityW: powerToW(i.combinedCapacityKw, 'kW') }),
        },
        { meters, enrolments: others },
      );
      if (i.account !== undefined) {
        const accounts = await tx.listAccounts(system.organisationId);
        if (!accounts.some((x) => x.id === i.account))
          throw new InputError(
            `no account ${i.account} in the system's organisation ${system.organisationId}${accounts.length ? `; its accounts: ${accounts.map((x) => `${x.id} (${x.name})`).join(', ')}` : ''}`,
            { path: ['account'], value: i.account },
          );
      }
      const a = action();
      const enrolment = await unique('enrolment of this system in program', 'start', i.start, () =>
        tx.createEnrolment(a, {
          systemId: system.id,
          programId: program.id,
          programVersion: i.programVersion ?? program.version,
          method: verdict.method,
          unitId: i.unitId ?? null,
          reportingUnitId: i.reportingUnitId ?? null,
          startOn: i.start,
          endOn: i.end ?? null,
          accountId: i.account ?? null,
          conservative: i.conservative,
          capAtPhysical: i.capPhysical,
          multiplier: i.multiplier ?? null,
        }),
      );
      await keepChecks(tx, a, 'enrolment', enrolment.id, system.organisationId, {
        checks: verdict.checks,
        carried: verdict.carried,
        pilot: verdict.pilot,
        sizeClass: verdict.sizeClass,
      });
      return {
        enrolment,
        pilot: verdict.pilot,
        sizeClass: verdict.sizeClass,
        carried: verdict.carried,
        checks: [...verdict.checks, ...multiplier.checks],
      };
    });
  },
  present: (r) => ({
    ...presentEnrolment(r.enrolment, { pilot: r.pilot, sizeClass: r.sizeClass, carried: r.carried }),
    ok: isOk(r.checks),
    checks: r.checks,
  }),
});

export const presentEnrolment = (
  e: EnrolmentRecord,
  kept: { pilot: boolean; sizeClass: string | null; carried: readonly Check[] },
) => ({
  id: e.id,
  system_id: e.systemId,
  program_id: e.programId,
  program_version: e.programVersion,
  method: e.method,
  unit_id: e.unitId,
  reporting_unit_id: e.reportingUnitId,
  start: e.startOn,
  end: e.endOn,
  account: e.accountId,
  conservative: e.conservative,
  cap_physical: e.capAtPhysical,
  multiplier: e.multiplier,
  pilot: kept.pilot,
  size_class: kept.sizeClass,
  carried_checks: kept.carried,
  ...made(e),
});

// ---- reading back

export const systemsUseCase = defineUseCase({
  name: 'systems',
  summary: 'List the registered systems (of one organisation or site when given)',
  input: z.object({ db, org: id.optional(), site: id.optional() }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry } = await open(ports, i.db);
    const org = i.org === undefined ? undefined : await organisationOf(registry, i.org);
    const systems = await registry.listSystems({
      ...(org ? { organisationId: org.id } : {}),
      ...(i.site === undefined ? {} : { siteId: i.site }),
    });
    return { systems, checks: [] as Check[] };
  },
  present: (r) => ({ systems: r.systems.map(presentSystem), ok: true, checks: r.checks }),
});

interface MonthCoverage {
  /** The calendar month in the site's time zone, `YYYY-MM`. */
  month: string;
  hours: number;
  intervals: number;
  coverageS: number;
  heatWh: number;
  coolWh: number;
  elecWh: number;
}

interface ShownMeter {
  meter: MeterRecord;
  uploads: UploadRecord[];
  checks: Check[];
  coverage: MonthCoverage[];
}

/** Months of the site's time zone from the one holding `fromMs` to the one holding the last ms before `toMs`. */
function monthsOf(fromMs: number, toMs: number, tz: string): { month: string; from: number; to: number }[] {
  const months = [];
  let m = DateTime.fromMillis(fromMs, { zone: tz }).startOf('month');
  while (m.toMillis() < toMs && months.length < 12 * 25) {
    const next = m.plus({ months: 1 });
    months.push({ month: m.toFormat('yyyy-MM'), from: m.toMillis(), to: next.toMillis() });
    m = next;
  }
  return months;
}

/** Stored data of a meter by month (site time zone), over the months its uploads span. */
async function coverageOf(registry: Registry, meterId: string, uploads: readonly UploadRecord[], tz: string) {
  const starts = uploads.flatMap((u) => (u.rangeStart === null ? [] : [u.rangeStart]));
  const ends = uploads.flatMap((u) => (u.rangeEnd === null ? [] : [u.rangeEnd]));
  if (!starts.length || !ends.length) return [];
  const coverage: MonthCoverage[] = [];
  for (const m of monthsOf(Math.min(...starts), Math.max(...ends), tz)) {
    const sums = await registry.sumIntervals({ meterId }, m.from, m.to);
    coverage.push({
      month: m.month,
      hours: (m.to - m.from) / 3_600_000,
      intervals: sums.intervals,
      coverageS: sums.coverageS,
      heatWh: sums.heatWh,
      coolWh: sums.coolWh,
      elecWh: sums.elecWh,
    });
  }
  return coverage;
}

export const systemShowUseCase = defineUseCase({
  name: 'systemShow',
  summary: 'One system: its site, meters, enrolments, uploads and open checks',
  input: z.object({ db, system: id }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const { registry } = await open(ports, i.db);
    const system = await systemOf(registry, i.system);
    const site = await siteOf(registry, system.siteId);
    const meters: ShownMeter[] = [];
    for (const meter of await registry.listMeters(system.id)) {
      const uploads = await registry.listUploads(meter.id);
      meters.push({
        meter,
        uploads,
        checks: (await keptChecks(registry, meter.id)).checks,
        coverage: await coverageOf(registry, meter.id, uploads, site.timeZone),
      });
    }
    const enrolments = [];
    for (const e of await registry.listEnrolments(system.id))
      enrolments.push({ enrolment: e, kept: await keptChecks(registry, e.id) });
    const systemChecks = (await keptChecks(registry, system.id)).checks;
    const openChecks: (Check & { entity_id: string })[] = [];
    const add = (entityId: string, checks: readonly Check[]) => {
      for (const c of checks) if (c.severity !== 'info') openChecks.push({ ...c, entity_id: entityId });
    };
    add(system.id, systemChecks);
    for (const m of meters) {
      add(m.meter.id, m.checks);
      for (const u of m.uploads) add(u.id, u.checks);
    }
    for (const e of enrolments) add(e.enrolment.id, e.kept.checks);
    return { system, site, meters, enrolments, systemChecks, open: openChecks, checks: [] as Check[] };
  },
  present: (r) => ({
    ...presentSystem(r.system),
    site: presentSite(r.site),
    registration_checks: r.systemChecks,
    meters: r.meters.map((m) => ({
      ...presentMeter(m.meter),
      registration_checks: m.checks,
      uploads: m.uploads.map((u) => ({
        id: u.id,
        file_name: u.fileName,
        sha256: u.sha256,
        size_bytes: u.sizeBytes,
        rows: u.rowCount,
        intervals: u.intervalCount,
        from: u.rangeStart === null ? null : instant(u.rangeStart),
        to: u.rangeEnd === null ? null : instant(u.rangeEnd),
        checks: u.checks,
        ...made(u),
      })),
      coverage_by_month: m.coverage.map((c) => ({
        month: c.month,
        hours: c.hours,
        intervals: c.intervals,
        coverage_h: c.coverageS / 3600,
        coverage: c.coverageS / (c.hours * 3600),
        heat_wh: c.heatWh,
        cool_wh: c.coolWh,
        elec_wh: c.elecWh,
      })),
    })),
    enrolments: r.enrolments.map((e) => ({
      ...presentEnrolment(e.enrolment, {
        pilot: e.kept.detail.pilot === true,
        sizeClass: typeof e.kept.detail.sizeClass === 'string' ? e.kept.detail.sizeClass : null,
        carried: e.kept.carried,
      }),
      registration_checks: e.kept.checks,
    })),
    open_checks: r.open,
    ok: true,
    checks: r.checks,
  }),
});
