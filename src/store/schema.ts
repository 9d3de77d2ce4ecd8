import type { ColumnType, Generated } from 'kysely';

/**
 * The registry's tables as Kysely sees them (docs/store.md describes each column). One representation in both
 * dialects, so that the same query compares and sums the same way on SQLite and PostgreSQL:
 *
 * - Instants (`*_at`, `start`, `range_start`, `range_end`) are integers: milliseconds since
 *   1970-01-01T00:00:00Z (INTEGER in SQLite, bigint in PostgreSQL). They compare and subtract exactly.
 * - Calendar dates (`*_on`: commissioning, installation, enrolment start and end) are ISO text `YYYY-MM-DD`,
 *   a date in the site's time zone; they compare as text.
 * - Energy is integer Wh (`*_wh`: INTEGER / bigint), so that sums are exact. Values come back as JS numbers,
 *   checked to be safe integers (|x| <= 2^53 - 1 Wh, about 9 PWh): a value or sum beyond that is an error,
 *   never a rounding (`safeInteger` in values.ts).
 * - Ratings and physical quantities that are not sums (`*_w`, `cop`, `qp_m3h`, ...) are double precision.
 * - JSON (`*_json`) is text in both dialects.
 * - Flags are integers 0/1.
 */
export interface Database {
  organisations: OrganisationsTable;
  accounts: AccountsTable;
  sites: SitesTable;
  systems: SystemsTable;
  meters: MetersTable;
  enrolments: EnrolmentsTable;
  uploads: UploadsTable;
  interval_energy: IntervalEnergyTable;
  interval_energy_daily: IntervalEnergyDailyTable;
  meter_readings: MeterReadingsTable;
  audit_log: AuditLogTable;
  account_allows: AccountAllowsTable;
  issuances: IssuancesTable;
  serial_counters: SerialCountersTable;
  batches: BatchesTable;
  transfers: TransfersTable;
  attestations: AttestationsTable;
  ledger_events: LedgerEventsTable;
}

/** An integer column that PostgreSQL holds as bigint; read back as a number (see `safeInteger`). */
export type Int = ColumnType<number, number, number>;

interface Made {
  created_by: string;
  created_at: Int;
}

export interface OrganisationsTable extends Made {
  id: string;
  name: string;
}

export interface AccountsTable extends Made {
  id: string;
  organisation_id: string;
  name: string;
  is_default: number;
}

export interface SitesTable extends Made {
  id: string;
  organisation_id: string;
  name: string;
  address: string | null;
  /** Subdivision code (US state `MD`, ISO 3166-2 part after the dash elsewhere), when known. */
  state: string | null;
  /** ISO 3166-1 alpha-2 country code, when known. */
  country: string | null;
  /** IANA time zone (`America/New_York`): local dates and months of the site's data. */
  time_zone: string;
}

export const TECHNOLOGIES = [
  'ground-source',
  'air-to-water',
  'water-to-water',
  'air-to-air',
  'hybrid',
] as const;
export type Technology = (typeof TECHNOLOGIES)[number];

export interface SystemsTable extends Made {
  id: string;
  site_id: string;
  name: string;
  technology: Technology;
  rated_capacity_w: number;
  rated_cop: number;
  /** The rating point of the rated capacity and COP as written on the rating (`A7/W35`, `ISO 13256-1 GLHP`). */
  rating_point: string | null;
  ahri_ref: string | null;
  ahri_capacity_w: number | null;
  ahri_cop: number | null;
  keymark_ref: string | null;
  performance_map_ref: string | null;
  commissioned_on: string | null;
}

export const METER_KINDS = ['heat', 'electricity'] as const;
export type MeterKind = (typeof METER_KINDS)[number];
export const FLOW_SENSOR_PLACES = ['supply', 'return'] as const;
export type FlowSensorPlace = (typeof FLOW_SENSOR_PLACES)[number];

export interface MetersTable extends Made {
  id: string;
  system_id: string;
  kind: MeterKind;
  serial: string | null;
  /** Heat meters: the fluid (`water`, `propylene-glycol`, `ethylene-glycol`) and its mass fraction 0..1. */
  fluid: string | null;
  mass_fraction: number | null;
  flow_sensor: FlowSensorPlace | null;
  /** EN 1434 accuracy class 1, 2 or 3, its permanent flow qp (m3/h) and minimum dT (K). */
  en1434_class: number | null;
  qp_m3h: number | null;
  dt_min_k: number | null;
  /** The register value at which it wraps to 0, in the register's unit as the meter files give it. */
  register_rollover: number | null;
  installed_on: string | null;
  removed_on: string | null;
}

export interface EnrolmentsTable extends Made {
  id: string;
  system_id: string;
  program_id: string;
  program_version: string;
  method: string | null;
  /** The registry's unit id (NEPOOL-GIS unit, GATS unit, M-RETS generator) and reporting unit. */
  unit_id: string | null;
  reporting_unit_id: string | null;
  start_on: string;
  end_on: string | null;
  /** The account its certificates are issued to; null: the organisation's default account (0002). */
  account_id: string | null;
  /** 0/1: conservative issuance (deduct the EN 1434 uncertainty); cap at the physical maximum (0002). */
  conservative: number;
  cap_at_physical: number;
  /** The multiplier chosen at enrolment; null: the program's own (0007). */
  multiplier: number | null;
}

export interface UploadsTable extends Made {
  id: string;
  meter_id: string;
  file_name: string;
  /** Lower-case hex SHA-256 of the file's bytes: unique per meter, so the same file is never stored twice. */
  sha256: string;
  size_bytes: Int;
  /** Data rows read from the file, and hourly intervals stored from it. */
  row_count: Int;
  interval_count: Int;
  /** [range_start, range_end) covered by its intervals; null for an upload without intervals. */
  range_start: Int | null;
  range_end: Int | null;
  checks_json: string;
}

/**
 * Hourly energy of one meter. Primary key (meter_id, start): an hour is stored once. Who and when come from
 * its upload (`upload_id`). PostgreSQL partitions it by UTC month of `start` (partitions.ts).
 */
export interface IntervalEnergyTable {
  meter_id: string;
  start: Int;
  upload_id: string;
  heat_wh: Int;
  cool_wh: Int;
  defrost_wh: Int;
  transient_wh: Int;
  excluded_wh: Int;
  elec_wh: Int;
  excluded_elec_wh: Int;
  /** Seconds of the hour covered by valid data, 0..3600. */
  coverage_s: Int;
  /** EN 1434 maximum permissible error of the heat (or cooling) figure, Wh; null without a meter class. */
  uncertainty_wh: Int | null;
  /** Heat-weighted mean supply and source temperatures, degC (for day and month rollups weight by heat_wh). */
  mean_supply_c: number | null;
  mean_source_c: number | null;
  checks_json: string | null;
  /** How many of the hour's checks have severity error (0002): such an hour is never certified. */
  error_checks: Int;
}

/**
 * The readings of an upload (0005_readings, readings.ts; docs/store.md "Readings"): one row per meter, UTC day
 * and upload, the samples the integrator was given as Float64 columns in one deflated blob. Primary key
 * (meter_id, day_start_ms, upload_id).
 */
export interface MeterReadingsTable {
  meter_id: string;
  /** The UTC day, ms. */
  day_start_ms: Int;
  upload_id: string;
  /** The first and last reading's time, ms (inside the day). */
  first_ms: Int;
  last_ms: Int;
  /** Readings in the row. */
  count: Int;
  /** The channels present, comma-separated, in column order (`flow,supply,return`). */
  channels: string;
  /** The heat register's rollover the ingest used, J; null for none. */
  heat_rollover_j: number | null;
  /** The blob's layout (readings.ts: `f64-shuffle-deflate`). */
  encoding: string;
  data: Uint8Array;
}

/**
 * The daily rollup (0004_rollup, rollup.ts): per system and local day of its site's zone, [day_start,
 * day_end) in ms, the hour table's sums of that day. Derived: rewritten from interval_energy for the days a
 * write touched, in the write's transaction. Primary key (system_id, day_start).
 */
export interface IntervalEnergyDailyTable {
  system_id: string;
  day_start: Int;
  day_end: Int;
  /** Rows of interval_energy (every meter). */
  intervals: Int;
  /** Distinct stored hours (any meter), and those with an error-severity check on any meter's row. */
  hours: Int;
  error_hours: Int;
  /** Sums over every row (sumIntervalsBySystem). uncertainty_wh: nulls count as 0. */
  heat_wh: Int;
  cool_wh: Int;
  defrost_wh: Int;
  transient_wh: Int;
  excluded_wh: Int;
  elec_wh: Int;
  excluded_elec_wh: Int;
  coverage_s: Int;
  uncertainty_wh: Int;
  /** Sums over the rows of hours without an error (periodSums); coverage: heat meters' rows only. */
  clean_heat_wh: Int;
  clean_cool_wh: Int;
  clean_elec_wh: Int;
  clean_uncertainty_wh: Int;
  clean_heat_coverage_s: Int;
  /** Heat and cooling of the error hours (every row of them). */
  held_heat_wh: Int;
  held_cool_wh: Int;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: Int;
  actor: string;
  /** What happened: `organisation.create`, `upload.create`, ... */
  action: string;
  entity: string;
  entity_id: string;
  organisation_id: string | null;
  detail_json: string | null;
}

// ---- the ledger (0002; docs/store.md, "The ledger")

/** `account_id` accepts transfers from `from_account_id` without asking (an allow-list entry). */
export interface AccountAllowsTable extends Made {
  account_id: string;
  from_account_id: string;
}

/** One issuance per (enrolment_id, period), by a unique constraint: the exactly-once guarantee. */
export interface IssuancesTable extends Made {
  id: string;
  enrolment_id: string;
  system_id: string;
  account_id: string;
  /** `YYYY-MM` or `YYYY-Qn`, and its bounds in ms [period_start, period_end). */
  period: string;
  period_start: Int;
  period_end: Int;
  program_id: string;
  program_version: string;
  method: string;
  energy_wh: Int;
  adjustment_wh: Int;
  remainder_in_wh: Int;
  remainder_out_wh: Int;
  certificates: Int;
  unit: string;
  serial_prefix: string;
  code_version: string;
  /** Canonical JSON (RFC 8785, fractions allowed) of the generation record. */
  generation_json: string;
  checks_json: string;
}

/** The next free serial number under each prefix. */
export interface SerialCountersTable {
  prefix: string;
  next_number: Int;
}

export const BATCH_STATUS_VALUES = ['active', 'pending', 'retired', 'withdrawn', 'split'] as const;
export const TRANSFER_STATUS_VALUES = ['pending', 'accepted', 'rejected', 'withdrawn'] as const;

/** A certificate batch: the inclusive range [serial_first, serial_last] under serial_prefix. */
export interface BatchesTable extends Made {
  id: string;
  issuance_id: string;
  parent_id: string | null;
  account_id: string;
  serial_prefix: string;
  serial_first: Int;
  serial_last: Int;
  quantity: Int;
  unit: string;
  vintage: string;
  status: (typeof BATCH_STATUS_VALUES)[number];
  beneficiary: string | null;
  reason: string | null;
  claim_period: string | null;
}

export interface TransfersTable extends Made {
  id: string;
  batch_id: string;
  from_account_id: string;
  to_account_id: string;
  status: (typeof TRANSFER_STATUS_VALUES)[number];
  decided_by: string | null;
  decided_at: Int | null;
}

/** An independent monitor's attestation of one (enrolment, period). */
export interface AttestationsTable extends Made {
  enrolment_id: string;
  period: string;
  attested_by: string;
  note: string | null;
}

/**
 * The hash chain. `seq` is assigned by the appender (previous + 1, not an autoincrement), so a deleted row
 * is a gap; `hash` = SHA-256 hex of (prev_hash + canonical JSON of { seq, at, actor, type, payload }).
 */
export interface LedgerEventsTable {
  seq: Int;
  at: Int;
  actor: string;
  type: string;
  /** Canonical JSON (RFC 8785, integers only) of the payload. */
  payload_json: string;
  prev_hash: string;
  hash: string;
}
