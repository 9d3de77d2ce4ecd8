import {
  Migrator,
  sql,
  type CreateTableBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';
import { InputError } from '../core/index.ts';
import { apiMigration } from './migration-api.ts';
import { liveMigration } from './live-migration.ts';
import { dialectOf } from './open.ts';
import { rebuildEnergyRollup, ROLLUP_COLUMNS } from './rollup.ts';
import {
  BATCH_STATUS_VALUES,
  FLOW_SENSOR_PLACES,
  METER_KINDS,
  TECHNOLOGIES,
  TRANSFER_STATUS_VALUES,
  type Database,
} from './schema.ts';

// Migrations take `Kysely<any>`: they run against whatever schema the database has at that step.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Who made the row and when: every table of rows a user's action makes. */
const made = (t: CreateTableBuilder<string, string>) =>
  t.addColumn('created_by', 'text', (c) => c.notNull()).addColumn('created_at', 'bigint', (c) => c.notNull());

const oneOf = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * 0001: the registry of part 1 (organisations to interval energy, and the audit log). On PostgreSQL
 * interval_energy is partitioned by range of `start` (one partition per UTC month, made on demand by
 * partitions.ts); on SQLite it is a plain table.
 */
const registry: Migration = {
  async up(db: AnyDb) {
    const pg = dialectOf(db) === 'postgres';
    await made(
      db.schema
        .createTable('organisations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique()),
    ).execute();
    await made(
      db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('is_default', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`is_default in (0, 1)`),
        )
        .addUniqueConstraint('accounts_organisation_name', ['organisation_id', 'name']),
    ).execute();
    // One default account per organisation.
    await db.schema
      .createIndex('accounts_one_default')
      .on('accounts')
      .column('organisation_id')
      .unique()
      .where(sql.ref('is_default'), '=', 1)
      .execute();
    await made(
      db.schema
        .createTable('sites')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('address', 'text')
        .addColumn('state', 'text')
        .addColumn('country', 'text')
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addUniqueConstraint('sites_organisation_name', ['organisation_id', 'name'])
        .addCheckConstraint('sites_state_or_country', sql`state is not null or country is not null`),
    ).execute();
    await made(
      db.schema
        .createTable('systems')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('technology', 'text', (c) => c.notNull().check(oneOf('technology', TECHNOLOGIES)))
        .addColumn('rated_capacity_w', 'double precision', (c) =>
          c.notNull().check(sql`rated_capacity_w > 0`),
        )
        .addColumn('rated_cop', 'double precision', (c) => c.notNull().check(sql`rated_cop > 0`))
        .addColumn('rating_point', 'text')
        .addColumn('ahri_ref', 'text')
        .addColumn('ahri_capacity_w', 'double precision')
        .addColumn('ahri_cop', 'double precision')
        .addColumn('keymark_ref', 'text')
        .addColumn('performance_map_ref', 'text')
        .addColumn('commissioned_on', 'text')
        .addUniqueConstraint('systems_site_name', ['site_id', 'name']),
    ).execute();
    await made(
      db.schema
        .createTable('meters')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('system_id', 'text', (c) => c.notNull().references('systems.id'))
        .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', METER_KINDS)))
        .addColumn('serial', 'text')
        .addColumn('fluid', 'text')
        .addColumn('mass_fraction', 'double precision', (c) =>
          c.check(sql`mass_fraction >= 0 and mass_fraction < 1`),
        )
        .addColumn('flow_sensor', 'text', (c) => c.check(oneOf('flow_sensor', FLOW_SENSOR_PLACES)))
        .addColumn('en1434_class', 'integer', (c) => c.check(sql`en1434_class in (1, 2, 3)`))
        .addColumn('qp_m3h', 'double precision', (c) => c.check(sql`qp_m3h > 0`))
        .addColumn('dt_min_k', 'double precision', (c) => c.check(sql`dt_min_k > 0`))
        .addColumn('register_rollover', 'double precision', (c) => c.check(sql`register_rollover > 0`))
        .addColumn('installed_on', 'text')
        .addColumn('removed_on', 'text')
        // The same meter (serial) installed on the same system on the same day is registered once.
        .addUniqueConstraint('meters_system_serial_installed', [
          'system_id',
          'kind',
          'serial',
          'installed_on',
        ])
        .addCheckConstraint(
          'meters_removed_after_installed',
          sql`removed_on is null or installed_on is null or removed_on >= installed_on`,
        ),
    ).execute();
    await db.schema.createIndex('meters_system').on('meters').column('system_id').execute();
    await made(
      db.schema
        .createTable('enrolments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('system_id', 'text', (c) => c.notNull().references('systems.id'))
        .addColumn('program_id', 'text', (c) => c.notNull())
        .addColumn('program_version', 'text', (c) => c.notNull())
        .addColumn('method', 'text')
        .addColumn('unit_id', 'text')
        .addColumn('reporting_unit_id', 'text')
        .addColumn('start_on', 'text', (c) => c.notNull())
        .addColumn('end_on', 'text')
        .addUniqueConstraint('enrolments_system_program_start', ['system_id', 'program_id', 'start_on'])
        .addCheckConstraint('enrolments_end_after_start', sql`end_on is null or end_on > start_on`),
    ).execute();
    await db.schema.createIndex('enrolments_system').on('enrolments').column('system_id').execute();
    await made(
      db.schema
        .createTable('uploads')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('meter_id', 'text', (c) => c.notNull().references('meters.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull().check(sql`length(sha256) = 64`))
        .addColumn('size_bytes', 'bigint', (c) => c.notNull().check(sql`size_bytes >= 0`))
        .addColumn('row_count', 'bigint', (c) => c.notNull().check(sql`row_count >= 0`))
        .addColumn('interval_count', 'bigint', (c) => c.notNull().check(sql`interval_count >= 0`))
        .addColumn('range_start', 'bigint')
        .addColumn('range_end', 'bigint')
        .addColumn('checks_json', 'text', (c) => c.notNull())
        // The same file for the same meter is stored once.
        .addUniqueConstraint('uploads_meter_sha256', ['meter_id', 'sha256'])
        .addCheckConstraint(
          'uploads_range',
          sql`(range_start is null and range_end is null) or (range_start is not null and range_end > range_start)`,
        ),
    ).execute();
    const energy = (name: string) => sql`${sql.ref(name)} >= 0`;
    let intervals = db.schema
      .createTable('interval_energy')
      .addColumn('meter_id', 'text', (c) => c.notNull().references('meters.id'))
      .addColumn('start', 'bigint', (c) => c.notNull())
      .addColumn('upload_id', 'text', (c) => c.notNull().references('uploads.id'));
    for (const column of [
      'heat_wh',
      'cool_wh',
      'defrost_wh',
      'transient_wh',
      'excluded_wh',
      'elec_wh',
      'excluded_elec_wh',
    ])
      intervals = intervals.addColumn(column, 'bigint', (c) => c.notNull().check(energy(column)));
    intervals = intervals
      .addColumn('coverage_s', 'integer', (c) => c.notNull().check(sql`coverage_s between 0 and 3600`))
      .addColumn('uncertainty_wh', 'bigint', (c) => c.check(sql`uncertainty_wh >= 0`))
      .addColumn('mean_supply_c', 'double precision')
      .addColumn('mean_source_c', 'double precision')
      .addColumn('checks_json', 'text')
      // An hour of a meter is stored once.
      .addPrimaryKeyConstraint('interval_energy_pk', ['meter_id', 'start']);
    if (pg) intervals = intervals.modifyEnd(sql`partition by range (${sql.ref('start')})`);
    await intervals.execute();
    await db.schema.createIndex('interval_energy_upload').on('interval_energy').column('upload_id').execute();
    await db.schema
      .createTable('audit_log')
      .addColumn('seq', pg ? 'bigint' : 'integer', (c) =>
        pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
      )
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text')
      .addColumn('detail_json', 'text')
      .execute();
    await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_id', 'seq']).execute();
  },
};

const flag = (column: string) => sql`${sql.ref(column)} in (0, 1)`;

/**
 * 0002: the ledger (issue 10). Enrolments gain the account they issue to and two choices (conservative
 * issuance, cap at the physical maximum); every stored hour gains `error_checks` (backfilled from its
 * checks_json); new tables for transfer allow-lists, issuances (one per enrolment and period, by a unique
 * constraint), serial counters, batches, transfers, attestations and the hash-chained ledger events.
 */
const ledger: Migration = {
  async up(db: AnyDb) {
    const pg = dialectOf(db) === 'postgres';
    await db.schema
      .alterTable('enrolments')
      .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
      .execute();
    for (const column of ['conservative', 'cap_at_physical'])
      await db.schema
        .alterTable('enrolments')
        .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0).check(flag(column)))
        .execute();
    await db.schema
      .alterTable('interval_energy')
      .addColumn('error_checks', 'integer', (c) =>
        c
          .notNull()
          .defaultTo(0)
          .check(sql`error_checks >= 0`),
      )
      .execute();
    // Backfill: the number of the hour's checks whose severity is 'error'.
    await (
      pg
        ? sql`update interval_energy set error_checks = (
          select count(*) from json_array_elements(checks_json::json) as c where c ->> 'severity' = 'error'
        ) where checks_json is not null`
        : sql`update interval_energy set error_checks = (
          select count(*) from json_each(checks_json) where json_extract(value, '$.severity') = 'error'
        ) where checks_json is not null`
    ).execute(db);
    // Error hours are few: a partial index finds them without scanning every hour (periodSums).
    await db.schema
      .createIndex('interval_energy_error_hours')
      .on('interval_energy')
      .columns(['meter_id', 'start'])
      .where(sql.ref('error_checks'), '>', 0)
      .execute();

    await made(
      db.schema
        .createTable('account_allows')
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('from_account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addPrimaryKeyConstraint('account_allows_pk', ['account_id', 'from_account_id']),
    ).execute();

    const wh = (t: CreateTableBuilder<string, string>, column: string) =>
      t.addColumn(column, 'bigint', (c) => c.notNull());
    let issuances = db.schema
      .createTable('issuances')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('enrolment_id', 'text', (c) => c.notNull().references('enrolments.id'))
      .addColumn('system_id', 'text', (c) => c.notNull().references('systems.id'))
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('period_start', 'bigint', (c) => c.notNull())
      .addColumn('period_end', 'bigint', (c) => c.notNull())
      .addColumn('program_id', 'text', (c) => c.notNull())
      .addColumn('program_version', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull());
    for (const column of ['energy_wh', 'adjustment_wh', 'remainder_in_wh', 'remainder_out_wh'])
      issuances = wh(issuances, column);
    issuances = issuances
      .addColumn('certificates', 'bigint', (c) => c.notNull().check(sql`certificates >= 0`))
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('serial_prefix', 'text', (c) => c.notNull())
      .addColumn('code_version', 'text', (c) => c.notNull())
      .addColumn('generation_json', 'text', (c) => c.notNull())
      .addColumn('checks_json', 'text', (c) => c.notNull())
      // Exactly once: one issuance per enrolment and period, whoever and however many issue at once.
      .addUniqueConstraint('issuances_enrolment_period', ['enrolment_id', 'period'])
      .addCheckConstraint('issuances_period_order', sql`period_end > period_start`);
    await made(issuances).execute();
    await db.schema
      .createIndex('issuances_system')
      .on('issuances')
      .columns(['system_id', 'period_start'])
      .execute();

    await db.schema
      .createTable('serial_counters')
      .addColumn('prefix', 'text', (c) => c.primaryKey())
      .addColumn('next_number', 'bigint', (c) => c.notNull().check(sql`next_number >= 1`))
      .execute();

    await made(
      db.schema
        .createTable('batches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuance_id', 'text', (c) => c.notNull().references('issuances.id'))
        .addColumn('parent_id', 'text', (c) => c.references('batches.id'))
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('serial_prefix', 'text', (c) => c.notNull())
        .addColumn('serial_first', 'bigint', (c) => c.notNull())
        .addColumn('serial_last', 'bigint', (c) => c.notNull())
        .addColumn('quantity', 'bigint', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('vintage', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', BATCH_STATUS_VALUES)))
        .addColumn('beneficiary', 'text')
        .addColumn('reason', 'text')
        .addColumn('claim_period', 'text')
        // Inclusive ranges: quantity = last - first + 1, serials from 1.
        .addCheckConstraint(
          'batches_range',
          sql`serial_first >= 1 and quantity = serial_last - serial_first + 1`,
        ),
    ).execute();
    await db.schema.createIndex('batches_account').on('batches').column('account_id').execute();
    await db.schema.createIndex('batches_issuance').on('batches').column('issuance_id').execute();
    await db.schema.createIndex('batches_parent').on('batches').column('parent_id').execute();

    await made(
      db.schema
        .createTable('transfers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id'))
        .addColumn('from_account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('to_account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', TRANSFER_STATUS_VALUES)))
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'bigint')
        .addCheckConstraint(
          'transfers_decided',
          sql`(status = 'pending') = (decided_at is null and decided_by is null)`,
        ),
    ).execute();
    await db.schema.createIndex('transfers_batch').on('transfers').column('batch_id').execute();
    await db.schema.createIndex('transfers_from').on('transfers').column('from_account_id').execute();
    await db.schema.createIndex('transfers_to').on('transfers').column('to_account_id').execute();

    await made(
      db.schema
        .createTable('attestations')
        .addColumn('enrolment_id', 'text', (c) => c.notNull().references('enrolments.id'))
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('attested_by', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addPrimaryKeyConstraint('attestations_pk', ['enrolment_id', 'period']),
    ).execute();

    const hex64 = (column: string) =>
      pg ? sql`${sql.ref(column)} ~ '^[0-9a-f]{64}$'` : sql`length(${sql.ref(column)}) = 64`;
    await db.schema
      .createTable('ledger_events')
      // Assigned by the appender (previous + 1), never generated: a deleted row shows as a gap.
      .addColumn('seq', pg ? 'bigint' : 'integer', (c) => c.primaryKey().check(sql`seq >= 1`))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('payload_json', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull().check(hex64('prev_hash')))
      .addColumn('hash', 'text', (c) => c.notNull().check(hex64('hash')))
      .execute();
  },
};

/**
 * 0004: the daily rollup `interval_energy_daily` (rollup.ts; docs/store.md "The daily rollup"): per system
 * and local day of its site's time zone, the hour table's sums of the day, kept by every write of hours in
 * its transaction, and backfilled here from the hours already stored.
 */
const rollup: Migration = {
  async up(db: AnyDb) {
    const sum = (t: CreateTableBuilder<string, string>, column: string) =>
      t.addColumn(column, 'bigint', (c) => c.notNull().check(sql`${sql.ref(column)} >= 0`));
    let t = db.schema
      .createTable('interval_energy_daily')
      .addColumn('system_id', 'text', (c) => c.notNull().references('systems.id'))
      .addColumn('day_start', 'bigint', (c) => c.notNull())
      .addColumn('day_end', 'bigint', (c) => c.notNull());
    for (const column of ROLLUP_COLUMNS) t = sum(t, column);
    await t
      .addPrimaryKeyConstraint('interval_energy_daily_pk', ['system_id', 'day_start'])
      .addCheckConstraint('interval_energy_daily_day', sql`day_end > day_start`)
      .execute();
    await rebuildEnergyRollup(db as Kysely<Database>);
  },
};

/**
 * 0007: an enrolment keeps the multiplier chosen when it was enrolled, where its program lists several for the
 * system's size class (Massachusetts: "a unit keeps the multiplier given at qualification for its lifetime")
 * or does not state one; null: the program's own.
 */
const enrolmentMultiplier: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable('enrolments')
      .addColumn('multiplier', 'double precision', (c) => c.check(sql`multiplier is null or multiplier > 0`))
      .execute();
  },
};

/**
 * 0005: the readings of every upload (readings.ts; docs/store.md "Readings"): per meter, UTC day and upload,
 * the samples the integrator was given, as Float64 columns in one deflated blob, for minutes on demand.
 * Uploads stored before it have none (their minutes are not known; their hours are).
 */
const readings: Migration = {
  async up(db: AnyDb) {
    const pg = dialectOf(db) === 'postgres';
    await db.schema
      .createTable('meter_readings')
      .addColumn('meter_id', 'text', (c) => c.notNull().references('meters.id'))
      .addColumn('day_start_ms', 'bigint', (c) => c.notNull())
      .addColumn('upload_id', 'text', (c) => c.notNull().references('uploads.id'))
      .addColumn('first_ms', 'bigint', (c) => c.notNull())
      .addColumn('last_ms', 'bigint', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull().check(sql`count > 0`))
      .addColumn('channels', 'text', (c) => c.notNull())
      .addColumn('heat_rollover_j', 'double precision')
      .addColumn('encoding', 'text', (c) => c.notNull())
      .addColumn('data', pg ? 'bytea' : 'blob', (c) => c.notNull())
      .addPrimaryKeyConstraint('meter_readings_pk', ['meter_id', 'day_start_ms', 'upload_id'])
      .addCheckConstraint(
        'meter_readings_in_day',
        sql`first_ms >= day_start_ms and last_ms >= first_ms and last_ms < day_start_ms + 86400000`,
      )
      .execute();
  },
};

/** Every migration the code knows, by name; applied in name order. Never rename or edit one that shipped. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_registry': registry,
  '0002_ledger': ledger,
  '0003_api': apiMigration,
  '0004_rollup': rollup,
  '0005_readings': readings,
  '0006_live': liveMigration,
  '0007_enrolment_multiplier': enrolmentMultiplier,
};

/** The in-code migration set (no files are read at run time), for Kysely's Migrator. */
export function migrationProvider(
  migrations: Readonly<Record<string, Migration>> = MIGRATIONS,
): MigrationProvider {
  return { getMigrations: () => Promise.resolve({ ...migrations }) };
}

export interface MigrateOptions {
  /** Tests only: another migration set. */
  migrations?: Readonly<Record<string, Migration>>;
}

/**
 * PostgreSQL's introspection lists tables of every schema, so Kysely's Migrator is told the schema it works
 * in (the first of search_path), or it would take another schema's kysely_migration for its own.
 */
async function migrator(
  db: Kysely<Database>,
  migrations: Readonly<Record<string, Migration>>,
): Promise<Migrator> {
  const schema =
    dialectOf(db) === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  return new Migrator({
    db,
    provider: migrationProvider(migrations),
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}

/** The names of the migrations applied to this database, in order (none on an empty database). */
export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const m = await migrator(db, MIGRATIONS);
  return (await m.getMigrations()).filter((x) => x.executedAt !== undefined).map((x) => x.name);
}

/**
 * Refuses a database that a newer TREC migrated (an applied migration this code does not know): reading or
 * writing it with an older schema could lose data. An InputError at `db`: the user picks a TREC or a database.
 */
export async function assertKnownMigrations(
  db: Kysely<Database>,
  migrations: Readonly<Record<string, Migration>> = MIGRATIONS,
): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const exists = pg
    ? (await sql<{ t: string | null }>`select to_regclass('kysely_migration')::text as t`.execute(db)).rows[0]
        ?.t
    : (
        await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db)
      ).rows[0]?.name;
  if (exists === undefined || exists === null) return;
  const applied = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db))
    .rows;
  const unknown = applied.map((r) => r.name).filter((name) => !(name in migrations));
  if (unknown.length > 0)
    throw new InputError(
      `this database was migrated by a newer TREC (migration ${unknown.join(', ')}); upgrade TREC`,
      { path: ['db'] },
    );
}

/** Applies every migration not yet applied (each in a transaction), after refusing a newer database. */
export async function migrateToLatest(db: Kysely<Database>, options: MigrateOptions = {}): Promise<string[]> {
  const migrations = options.migrations ?? MIGRATIONS;
  await assertKnownMigrations(db, migrations);
  const { error, results = [] } = await (await migrator(db, migrations)).migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error');
    const why = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`migration ${failed?.migrationName ?? '(before any migration)'} failed: ${why}`, {
      cause: error,
    });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
