// 0006: the staging tables of shared mode (`trec serve --mqtt-share`, docs/scaling.md "Several servers"):
// every server stages the readings it receives in live_readings, and one server per meter at a time (the
// holder of its row in live_leases) closes them into hours (src/store/live-staging.ts).
import { sql, type Kysely, type Migration } from 'kysely';

/** The SI values of a staged reading, one nullable column each (null: the channel is absent). */
export const STAGED_VALUE_COLUMNS = [
  ['flowM3s', 'flow_m3s'],
  ['supplyC', 'supply_c'],
  ['returnC', 'return_c'],
  ['sourceC', 'source_c'],
  ['heatW', 'heat_w'],
  ['heatRegisterJ', 'heat_register_j'],
  ['elecW', 'elec_w'],
  ['elecRegisterJ', 'elec_register_j'],
] as const;

export const liveMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    let t = db.schema
      .createTable('live_readings')
      .addColumn('meter_id', 'text', (c) => c.notNull().references('meters.id'))
      .addColumn('time_ms', 'bigint', (c) => c.notNull())
      // the values as text: a second copy of a reading has the same key, a different reading another
      .addColumn('values_key', 'text', (c) => c.notNull())
      .addColumn('channels', 'text', (c) => c.notNull())
      .addColumn('line', 'integer', (c) => c.notNull());
    for (const [, column] of STAGED_VALUE_COLUMNS) t = t.addColumn(column, 'double precision');
    await t
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('kept', 'integer', (c) =>
        c
          .notNull()
          .defaultTo(0)
          .check(sql`kept in (0, 1)`),
      )
      .addPrimaryKeyConstraint('live_readings_pk', ['meter_id', 'time_ms', 'values_key'])
      .execute();
    await db.schema
      .createTable('live_leases')
      .addColumn('meter_id', 'text', (c) => c.primaryKey().references('meters.id'))
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('expires_ms', 'bigint', (c) => c.notNull())
      .execute();
    // the servers of the group, heard at every flush; a graceful stop removes its row
    await db.schema
      .createTable('live_servers')
      .addColumn('holder', 'text', (c) => c.primaryKey())
      .addColumn('heard_ms', 'bigint', (c) => c.notNull())
      .execute();
  },
};
