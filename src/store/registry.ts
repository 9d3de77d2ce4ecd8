import { sql, type Kysely, type Selectable } from 'kysely';
import type { IdSource, NewSystemRecord } from '../app/index.ts';
import { appendAudit, type Actor } from './audit.ts';
import { newId, type Entity } from './ids.ts';
import type {
  AccountsTable,
  Database,
  EnrolmentsTable,
  FlowSensorPlace,
  MeterKind,
  MetersTable,
  SitesTable,
  SystemsTable,
  Technology,
} from './schema.ts';
import { inTransaction } from './transaction.ts';
import { isoDate } from './values.ts';

/** Who makes rows and when, and where their ids come from: every create takes one. */
export interface Action extends Actor {
  ids: IdSource;
}

/** Who made a stored row and when (ms since 1970-01-01T00:00:00Z). */
export interface Made {
  createdBy: string;
  createdAt: number;
}

const made = (r: { created_by: string; created_at: number }): Made => ({
  createdBy: r.created_by,
  createdAt: r.created_at,
});
const stamp = (a: Action) => ({ created_by: a.by, created_at: a.at });
const dateOrNull = (v: string | null | undefined, what: string) =>
  v === undefined || v === null ? null : isoDate(v, what);

/** Inserts `values` (with a new id), and its audit entry, in one transaction; returns the id. */
async function create(
  db: Kysely<Database>,
  action: Action,
  entity: Entity,
  organisationId: (tx: Kysely<Database>, id: string) => Promise<string | null>,
  insert: (tx: Kysely<Database>, id: string) => Promise<unknown>,
  detail: unknown,
): Promise<string> {
  const id = newId(action.ids, entity);
  await inTransaction(db, async (tx) => {
    await insert(tx, id);
    await appendAudit(tx, {
      at: action.at,
      actor: action.by,
      action: `${entity}.create`,
      entity,
      entityId: id,
      organisationId: await organisationId(tx, id),
      detail,
    });
  });
  return id;
}

// ---- organisations and accounts

export interface Organisation extends Made {
  id: string;
  name: string;
  defaultAccountId: string;
}

export interface Account extends Made {
  id: string;
  organisationId: string;
  name: string;
  isDefault: boolean;
}

const account = (r: Selectable<AccountsTable>): Account => ({
  id: r.id,
  organisationId: r.organisation_id,
  name: r.name,
  isDefault: r.is_default === 1,
  ...made(r),
});

/** An organisation (the tenant) and its default account `default`, in one transaction. */
export async function createOrganisation(
  db: Kysely<Database>,
  action: Action,
  input: { name: string },
): Promise<Organisation> {
  return inTransaction(db, async (tx) => {
    const id = await create(
      tx,
      action,
      'organisation',
      (_t, id) => Promise.resolve(id),
      (t, id) =>
        t
          .insertInto('organisations')
          .values({ id, name: input.name, ...stamp(action) })
          .execute(),
      input,
    );
    await createAccount(tx, action, { organisationId: id, name: 'default', isDefault: true });
    const org = await getOrganisation(tx, id);
    if (!org) throw new Error(`organisation ${id} vanished inside its own transaction`);
    return org;
  });
}

async function organisationRows(db: Kysely<Database>, id?: string) {
  let q = db
    .selectFrom('organisations as o')
    .leftJoin('accounts as a', (j) => j.onRef('a.organisation_id', '=', 'o.id').on('a.is_default', '=', 1))
    .select(['o.id', 'o.name', 'o.created_by', 'o.created_at', 'a.id as default_account_id'])
    .orderBy('o.created_at')
    .orderBy('o.id');
  if (id !== undefined) q = q.where('o.id', '=', id);
  return (await q.execute()).map((r): Organisation => ({
    id: r.id,
    name: r.name,
    defaultAccountId: r.default_account_id ?? '',
    ...made(r),
  }));
}

export async function getOrganisation(db: Kysely<Database>, id: string): Promise<Organisation | undefined> {
  return (await organisationRows(db, id))[0];
}

/** Every organisation, in the order they were made. */
export function listOrganisations(db: Kysely<Database>): Promise<Organisation[]> {
  return organisationRows(db);
}

export async function createAccount(
  db: Kysely<Database>,
  action: Action,
  input: { organisationId: string; name: string; isDefault?: boolean },
): Promise<Account> {
  const id = await create(
    db,
    action,
    'account',
    () => Promise.resolve(input.organisationId),
    (t, id) =>
      t
        .insertInto('accounts')
        .values({
          id,
          organisation_id: input.organisationId,
          name: input.name,
          is_default: input.isDefault ? 1 : 0,
          ...stamp(action),
        })
        .execute(),
    input,
  );
  return must(await getAccount(db, id), id);
}

export async function getAccount(db: Kysely<Database>, id: string): Promise<Account | undefined> {
  const r = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return r && account(r);
}

/** The accounts of an organisation, the default first, then in the order they were made. */
export async function listAccounts(db: Kysely<Database>, organisationId: string): Promise<Account[]> {
  const rows = await db
    .selectFrom('accounts')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('is_default', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(account);
}

// ---- sites

export interface NewSite {
  organisationId: string;
  name: string;
  address?: string | null;
  state?: string | null;
  country?: string | null;
  /** IANA zone, e.g. America/New_York. */
  timeZone: string;
}

export interface Site extends Made {
  id: string;
  organisationId: string;
  name: string;
  address: string | null;
  state: string | null;
  country: string | null;
  timeZone: string;
}

export const site = (r: Selectable<SitesTable>): Site => ({
  id: r.id,
  organisationId: r.organisation_id,
  name: r.name,
  address: r.address,
  state: r.state,
  country: r.country,
  timeZone: r.time_zone,
  ...made(r),
});

export async function createSite(db: Kysely<Database>, action: Action, input: NewSite): Promise<Site> {
  const id = await create(
    db,
    action,
    'site',
    () => Promise.resolve(input.organisationId),
    (t, id) =>
      t
        .insertInto('sites')
        .values({
          id,
          organisation_id: input.organisationId,
          name: input.name,
          address: input.address ?? null,
          state: input.state ?? null,
          country: input.country ?? null,
          time_zone: input.timeZone,
          ...stamp(action),
        })
        .execute(),
    input,
  );
  return must(await getSite(db, id), id);
}

export async function getSite(db: Kysely<Database>, id: string): Promise<Site | undefined> {
  const r = await db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  return r && site(r);
}

/** Sites, of one organisation when given, in the order they were made. */
export async function listSites(
  db: Kysely<Database>,
  filter: { organisationId?: string } = {},
): Promise<Site[]> {
  let q = db.selectFrom('sites').selectAll().orderBy('created_at').orderBy('id');
  if (filter.organisationId !== undefined) q = q.where('organisation_id', '=', filter.organisationId);
  return (await q.execute()).map(site);
}

// ---- systems

/** A system to register: the shape of the app's Registry port (commissionedOn: YYYY-MM-DD, site's zone). */
export type NewSystem = NewSystemRecord;

export interface System extends Made {
  id: string;
  siteId: string;
  organisationId: string;
  name: string;
  technology: Technology;
  ratedCapacityW: number;
  ratedCop: number;
  ratingPoint: string | null;
  ahriRef: string | null;
  ahriCapacityW: number | null;
  ahriCop: number | null;
  keymarkRef: string | null;
  performanceMapRef: string | null;
  commissionedOn: string | null;
}

export const system = (r: Selectable<SystemsTable> & { organisation_id: string }): System => ({
  id: r.id,
  siteId: r.site_id,
  organisationId: r.organisation_id,
  name: r.name,
  technology: r.technology,
  ratedCapacityW: r.rated_capacity_w,
  ratedCop: r.rated_cop,
  ratingPoint: r.rating_point,
  ahriRef: r.ahri_ref,
  ahriCapacityW: r.ahri_capacity_w,
  ahriCop: r.ahri_cop,
  keymarkRef: r.keymark_ref,
  performanceMapRef: r.performance_map_ref,
  commissionedOn: r.commissioned_on,
  ...made(r),
});

const orgOfSite = async (t: Kysely<Database>, siteId: string) =>
  (await t.selectFrom('sites').select('organisation_id').where('id', '=', siteId).executeTakeFirst())
    ?.organisation_id ?? null;
const orgOfSystem = async (t: Kysely<Database>, systemId: string) =>
  (
    await t
      .selectFrom('systems')
      .innerJoin('sites', 'sites.id', 'systems.site_id')
      .select('sites.organisation_id')
      .where('systems.id', '=', systemId)
      .executeTakeFirst()
  )?.organisation_id ?? null;

export async function createSystem(db: Kysely<Database>, action: Action, input: NewSystem): Promise<System> {
  const id = await create(
    db,
    action,
    'system',
    (t) => orgOfSite(t, input.siteId),
    (t, id) =>
      t
        .insertInto('systems')
        .values({
          id,
          site_id: input.siteId,
          name: input.name,
          technology: input.technology,
          rated_capacity_w: input.ratedCapacityW,
          rated_cop: input.ratedCop,
          rating_point: input.ratingPoint ?? null,
          ahri_ref: input.ahriRef ?? null,
          ahri_capacity_w: input.ahriCapacityW ?? null,
          ahri_cop: input.ahriCop ?? null,
          keymark_ref: input.keymarkRef ?? null,
          performance_map_ref: input.performanceMapRef ?? null,
          commissioned_on: dateOrNull(input.commissionedOn, 'commissionedOn'),
          ...stamp(action),
        })
        .execute(),
    input,
  );
  return must(await getSystem(db, id), id);
}

const systems = (db: Kysely<Database>) =>
  db
    .selectFrom('systems')
    .innerJoin('sites', 'sites.id', 'systems.site_id')
    .selectAll('systems')
    .select('sites.organisation_id');

export async function getSystem(db: Kysely<Database>, id: string): Promise<System | undefined> {
  const r = await systems(db).where('systems.id', '=', id).executeTakeFirst();
  return r && system(r);
}

/** Systems, of one site or organisation when given, in the order they were made. */
export async function listSystems(
  db: Kysely<Database>,
  filter: { siteId?: string; organisationId?: string } = {},
): Promise<System[]> {
  let q = systems(db).orderBy('systems.created_at').orderBy('systems.id');
  if (filter.siteId !== undefined) q = q.where('systems.site_id', '=', filter.siteId);
  if (filter.organisationId !== undefined) q = q.where('sites.organisation_id', '=', filter.organisationId);
  return (await q.execute()).map(system);
}

// ---- meters

export interface NewMeter {
  systemId: string;
  kind: MeterKind;
  serial?: string | null;
  fluid?: string | null;
  massFraction?: number | null;
  flowSensor?: FlowSensorPlace | null;
  en1434Class?: 1 | 2 | 3 | null;
  qpM3h?: number | null;
  dtMinK?: number | null;
  registerRollover?: number | null;
  installedOn?: string | null;
  removedOn?: string | null;
}

export interface Meter extends Made {
  id: string;
  systemId: string;
  kind: MeterKind;
  serial: string | null;
  fluid: string | null;
  massFraction: number | null;
  flowSensor: FlowSensorPlace | null;
  en1434Class: 1 | 2 | 3 | null;
  qpM3h: number | null;
  dtMinK: number | null;
  registerRollover: number | null;
  installedOn: string | null;
  removedOn: string | null;
}

const meter = (r: Selectable<MetersTable>): Meter => ({
  id: r.id,
  systemId: r.system_id,
  kind: r.kind,
  serial: r.serial,
  fluid: r.fluid,
  massFraction: r.mass_fraction,
  flowSensor: r.flow_sensor,
  en1434Class: r.en1434_class === 1 || r.en1434_class === 2 || r.en1434_class === 3 ? r.en1434_class : null,
  qpM3h: r.qp_m3h,
  dtMinK: r.dt_min_k,
  registerRollover: r.register_rollover,
  installedOn: r.installed_on,
  removedOn: r.removed_on,
  ...made(r),
});

/** A meter on a system. A meter swap is a new meter on the same system (the old one gets `removedOn`). */
export async function createMeter(db: Kysely<Database>, action: Action, input: NewMeter): Promise<Meter> {
  const id = await create(
    db,
    action,
    'meter',
    (t) => orgOfSystem(t, input.systemId),
    (t, id) =>
      t
        .insertInto('meters')
        .values({
          id,
          system_id: input.systemId,
          kind: input.kind,
          serial: input.serial ?? null,
          fluid: input.fluid ?? null,
          mass_fraction: input.massFraction ?? null,
          flow_sensor: input.flowSensor ?? null,
          en1434_class: input.en1434Class ?? null,
          qp_m3h: input.qpM3h ?? null,
          dt_min_k: input.dtMinK ?? null,
          register_rollover: input.registerRollover ?? null,
          installed_on: dateOrNull(input.installedOn, 'installedOn'),
          removed_on: dateOrNull(input.removedOn, 'removedOn'),
          ...stamp(action),
        })
        .execute(),
    input,
  );
  return must(await getMeter(db, id), id);
}

export async function getMeter(db: Kysely<Database>, id: string): Promise<Meter | undefined> {
  const r = await db.selectFrom('meters').selectAll().where('id', '=', id).executeTakeFirst();
  return r && meter(r);
}

/**
 * The meters of a system, by installation date (undated first: SQLite and PostgreSQL sort NULL differently,
 * so it is said explicitly) then id.
 */
export async function listMeters(db: Kysely<Database>, systemId: string): Promise<Meter[]> {
  const rows = await db
    .selectFrom('meters')
    .selectAll()
    .where('system_id', '=', systemId)
    .orderBy(sql`case when installed_on is null then 0 else 1 end`)
    .orderBy('installed_on')
    .orderBy('id')
    .execute();
  return rows.map(meter);
}

/** Records that a meter was removed (a swap): the one update of a registry row, audited. */
export async function removeMeter(
  db: Kysely<Database>,
  action: Actor,
  id: string,
  removedOn: string,
): Promise<Meter> {
  await inTransaction(db, async (tx) => {
    const r = await tx
      .updateTable('meters')
      .set({ removed_on: isoDate(removedOn, 'removedOn') })
      .where('id', '=', id)
      .executeTakeFirst();
    if (r.numUpdatedRows === 0n) throw new Error(`no meter ${id}`);
    const system = await tx
      .selectFrom('meters')
      .select('system_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await appendAudit(tx, {
      at: action.at,
      actor: action.by,
      action: 'meter.remove',
      entity: 'meter',
      entityId: id,
      organisationId: await orgOfSystem(tx, system.system_id),
      detail: { removedOn },
    });
  });
  return must(await getMeter(db, id), id);
}

// ---- enrolments

export interface NewEnrolment {
  systemId: string;
  programId: string;
  programVersion: string;
  method?: string | null;
  unitId?: string | null;
  reportingUnitId?: string | null;
  startOn: string;
  endOn?: string | null;
  /** The account its certificates go to; null or absent: the organisation's default account. */
  accountId?: string | null;
  /** Conservative issuance (deduct the meter's EN 1434 uncertainty); cap at the physical maximum. */
  conservative?: boolean;
  capAtPhysical?: boolean;
  /** The multiplier chosen at enrolment; null or absent: the program's own. */
  multiplier?: number | null;
}

export interface Enrolment extends Made {
  id: string;
  systemId: string;
  programId: string;
  programVersion: string;
  method: string | null;
  unitId: string | null;
  reportingUnitId: string | null;
  startOn: string;
  endOn: string | null;
  accountId: string | null;
  conservative: boolean;
  capAtPhysical: boolean;
  multiplier: number | null;
}

export const enrolment = (r: Selectable<EnrolmentsTable>): Enrolment => ({
  id: r.id,
  systemId: r.system_id,
  programId: r.program_id,
  programVersion: r.program_version,
  method: r.method,
  unitId: r.unit_id,
  reportingUnitId: r.reporting_unit_id,
  startOn: r.start_on,
  endOn: r.end_on,
  accountId: r.account_id,
  conservative: r.conservative === 1,
  capAtPhysical: r.cap_at_physical === 1,
  multiplier: r.multiplier,
  ...made(r),
});

export async function createEnrolment(
  db: Kysely<Database>,
  action: Action,
  input: NewEnrolment,
): Promise<Enrolment> {
  const id = await create(
    db,
    action,
    'enrolment',
    (t) => orgOfSystem(t, input.systemId),
    (t, id) =>
      t
        .insertInto('enrolments')
        .values({
          id,
          system_id: input.systemId,
          program_id: input.programId,
          program_version: input.programVersion,
          method: input.method ?? null,
          unit_id: input.unitId ?? null,
          reporting_unit_id: input.reportingUnitId ?? null,
          start_on: isoDate(input.startOn, 'startOn'),
          end_on: dateOrNull(input.endOn, 'endOn'),
          account_id: input.accountId ?? null,
          conservative: input.conservative ? 1 : 0,
          cap_at_physical: input.capAtPhysical ? 1 : 0,
          multiplier: input.multiplier ?? null,
          ...stamp(action),
        })
        .execute(),
    input,
  );
  return must(await getEnrolment(db, id), id);
}

export async function getEnrolment(db: Kysely<Database>, id: string): Promise<Enrolment | undefined> {
  const r = await db.selectFrom('enrolments').selectAll().where('id', '=', id).executeTakeFirst();
  return r && enrolment(r);
}

/** The enrolments of a system, by start date then id. */
/** The enrolments of a system, or every enrolment of the registry when no system is given. */
export async function listEnrolments(db: Kysely<Database>, systemId?: string): Promise<Enrolment[]> {
  const rows = await db
    .selectFrom('enrolments')
    .selectAll()
    .$if(systemId !== undefined, (q) => q.where('system_id', '=', systemId ?? ''))
    .orderBy('start_on')
    .orderBy('id')
    .execute();
  return rows.map(enrolment);
}

function must<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new Error(`${id} was not found right after it was stored`);
  return value;
}
