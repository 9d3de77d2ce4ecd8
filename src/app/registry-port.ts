import type { Check } from '../core/index.ts';
import type { LedgerStore } from './ledger-port.ts';
import type { PortfolioStore } from './portfolio-port.ts';
import type { IdSource } from './ports.ts';

/**
 * The registry port: the stored organisations, accounts, sites, systems, meters, enrolments, uploads and audit
 * log, as the registration use cases see them (src/store/registry-port.ts implements it over Kysely). Records
 * are plain camelCase objects; instants are ms since 1970-01-01T00:00:00Z, calendar dates `YYYY-MM-DD`.
 */

/** Who does a registry action and when, and where the ids of what it makes come from. */
export interface RegistryAction {
  by: string;
  at: number;
  ids: IdSource;
}

export interface MadeRecord {
  createdBy: string;
  createdAt: number;
}

export interface OrganisationRecord extends MadeRecord {
  id: string;
  name: string;
  defaultAccountId: string;
}

export interface AccountRecord extends MadeRecord {
  id: string;
  organisationId: string;
  name: string;
  isDefault: boolean;
}

export interface NewSiteRecord {
  organisationId: string;
  name: string;
  address?: string | null;
  state?: string | null;
  country?: string | null;
  timeZone: string;
}

export interface SiteRecord extends MadeRecord {
  id: string;
  organisationId: string;
  name: string;
  address: string | null;
  state: string | null;
  country: string | null;
  timeZone: string;
}

export type StoredTechnology = 'ground-source' | 'air-to-water' | 'water-to-water' | 'air-to-air' | 'hybrid';

export interface NewSystemRecord {
  siteId: string;
  name: string;
  technology: StoredTechnology;
  ratedCapacityW: number;
  ratedCop: number;
  ratingPoint?: string | null;
  ahriRef?: string | null;
  ahriCapacityW?: number | null;
  ahriCop?: number | null;
  keymarkRef?: string | null;
  performanceMapRef?: string | null;
  commissionedOn?: string | null;
}

export interface SystemRecord extends MadeRecord {
  id: string;
  siteId: string;
  organisationId: string;
  name: string;
  technology: StoredTechnology;
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

export interface NewMeterRecord {
  systemId: string;
  kind: 'heat' | 'electricity';
  serial?: string | null;
  fluid?: string | null;
  massFraction?: number | null;
  flowSensor?: 'supply' | 'return' | null;
  en1434Class?: 1 | 2 | 3 | null;
  qpM3h?: number | null;
  dtMinK?: number | null;
  registerRollover?: number | null;
  installedOn?: string | null;
  removedOn?: string | null;
}

export interface MeterRecord extends MadeRecord {
  id: string;
  systemId: string;
  kind: 'heat' | 'electricity';
  serial: string | null;
  fluid: string | null;
  massFraction: number | null;
  flowSensor: 'supply' | 'return' | null;
  en1434Class: 1 | 2 | 3 | null;
  qpM3h: number | null;
  dtMinK: number | null;
  registerRollover: number | null;
  installedOn: string | null;
  removedOn: string | null;
}

export interface NewEnrolmentRecord {
  systemId: string;
  programId: string;
  programVersion: string;
  method?: string | null;
  unitId?: string | null;
  reportingUnitId?: string | null;
  startOn: string;
  endOn?: string | null;
  /** The account its certificates are issued to; null or absent: the organisation's default account. */
  accountId?: string | null;
  /** Conservative issuance: deduct the meter's EN 1434 uncertainty (default false). */
  conservative?: boolean;
  /** Cap a prescriptive figure at the physical maximum (capacity x hours; default false). */
  capAtPhysical?: boolean;
  /** The multiplier chosen at enrolment; null or absent: the program's own. */
  multiplier?: number | null;
}

export interface EnrolmentRecord extends MadeRecord {
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

export interface UploadRecord extends MadeRecord {
  id: string;
  meterId: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  rowCount: number;
  intervalCount: number;
  rangeStart: number | null;
  rangeEnd: number | null;
  checks: readonly Check[];
}

export interface AuditRecord {
  at: number;
  actor: string;
  /** `organisation.create`, `enrolment.checks`, ... */
  action: string;
  entity: string;
  entityId: string;
  organisationId: string | null;
  detail: unknown;
}

export interface StoredAuditRecord extends AuditRecord {
  seq: number;
}

/** Exact sums over stored hourly intervals (integers). */
export interface EnergySumsRecord {
  intervals: number;
  heatWh: number;
  coolWh: number;
  defrostWh: number;
  transientWh: number;
  excludedWh: number;
  elecWh: number;
  excludedElecWh: number;
  coverageS: number;
  uncertaintyWh: number;
}

/**
 * One opened registry database. Every create also appends its audit entry (in the same transaction). The
 * ledger (issuances, batches, transfers, attestations, events) is part of it (ledger-port.ts).
 */
export interface Registry extends LedgerStore, PortfolioStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** What was opened: the SQLite file or the PostgreSQL URL (without its password). */
  readonly target: string;
  /** Migrations applied to the database (all of them), and those this opening applied. */
  readonly migrations: { readonly applied: readonly string[]; readonly justApplied: readonly string[] };
  /** Runs `fn` in one transaction (all-or-nothing); nested calls join the outer one. */
  transaction<T>(fn: (tx: Registry) => Promise<T>): Promise<T>;
  createOrganisation(action: RegistryAction, input: { name: string }): Promise<OrganisationRecord>;
  getOrganisation(id: string): Promise<OrganisationRecord | undefined>;
  listOrganisations(): Promise<OrganisationRecord[]>;
  listAccounts(organisationId: string): Promise<AccountRecord[]>;
  createSite(action: RegistryAction, input: NewSiteRecord): Promise<SiteRecord>;
  getSite(id: string): Promise<SiteRecord | undefined>;
  listSites(filter?: { organisationId?: string }): Promise<SiteRecord[]>;
  createSystem(action: RegistryAction, input: NewSystemRecord): Promise<SystemRecord>;
  getSystem(id: string): Promise<SystemRecord | undefined>;
  listSystems(filter?: { siteId?: string; organisationId?: string }): Promise<SystemRecord[]>;
  createMeter(action: RegistryAction, input: NewMeterRecord): Promise<MeterRecord>;
  listMeters(systemId: string): Promise<MeterRecord[]>;
  createEnrolment(action: RegistryAction, input: NewEnrolmentRecord): Promise<EnrolmentRecord>;
  /** A system's enrolments, or every enrolment when no system is given. */
  listEnrolments(systemId?: string): Promise<EnrolmentRecord[]>;
  listUploads(meterId: string): Promise<UploadRecord[]>;
  /** Sums of the stored hours of a meter or system starting in [fromMs, toMs). */
  sumIntervals(
    scope: { meterId: string } | { systemId: string },
    fromMs: number,
    toMs: number,
  ): Promise<EnergySumsRecord>;
  appendAudit(entry: AuditRecord): Promise<void>;
  listAudit(filter?: { entityId?: string }): Promise<StoredAuditRecord[]>;
}

/**
 * How use cases reach the registry: `open(db)` opens (once per command) the database `db` names, or the
 * configured default, and migrates it (a database newer than the code is an InputError at `db`). The
 * composition root loads the store only when this is called, and closes what it opened when the command ends.
 */
export interface RegistryAccess {
  open(db: string | undefined): Promise<Registry>;
  /** The database used when none is named, and where that default comes from. */
  readonly defaultDb: { value: string; source: string };
  /** Who acts: `TREC_USER`, or the operating system's user name. */
  readonly actor: string;
}

/** One record of a registration file: its values as written (CSV: text; JSON: as typed), by the file's keys. */
export interface FileRecord {
  /** CSV: the 1-based line; JSON: the 1-based position in the array. */
  row: number;
  values: Readonly<Record<string, unknown>>;
}

/** A file of many registrations at once: a JSON array of objects, or a CSV file with a header line. */
export interface RecordFile {
  file: string;
  format: 'json' | 'csv';
  records: readonly FileRecord[];
}

export interface RecordFiles {
  /** An unreadable file, or one that is neither a JSON array of objects nor CSV, is an InputError at the file. */
  read(path: string): RecordFile;
}
