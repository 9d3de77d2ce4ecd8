// The LiveStaging port (src/app/live-port.ts) over the store (Kysely, SQLite or PostgreSQL; migration
// 0006_live): shared mode's staged readings and the per-meter leases of their closers (docs/scaling.md).
import type { ColumnType, Insertable, Kysely } from 'kysely';
import type { LiveBatchWritten, LiveStaging, StagedCommit, StagedReading } from '../app/index.ts';
import type { MeterSample } from '../core/index.ts';
import { writeLiveEntries, type LiveStoreConfig } from './live-port.ts';
import { STAGED_VALUE_COLUMNS } from './live-migration.ts';
import type { Database, Int } from './schema.ts';
import { safeInteger } from './values.ts';

interface LiveReadingsTable {
  meter_id: string;
  time_ms: Int;
  values_key: string;
  channels: string;
  line: number;
  flow_m3s: number | null;
  supply_c: number | null;
  return_c: number | null;
  source_c: number | null;
  heat_w: number | null;
  heat_register_j: number | null;
  elec_w: number | null;
  elec_register_j: number | null;
  received_at: Int;
  kept: ColumnType<number, number | undefined, number>;
}

interface LiveServersTable {
  holder: string;
  heard_ms: Int;
}

interface LiveLeasesTable {
  meter_id: string;
  holder: string;
  expires_ms: Int;
}

// a type, not an interface: withTables needs an index signature
export type StagingTables = {
  live_readings: LiveReadingsTable;
  live_leases: LiveLeasesTable;
  live_servers: LiveServersTable;
};

type Db = Kysely<Database & StagingTables>;

/** Rows per INSERT (15 values each: under SQLite's 32,766 and PostgreSQL's 65,535 parameters). */
const INSERT_ROWS = 1000;
/** Staged keys per DELETE or UPDATE (an OR of (time, values) pairs on the primary key). */
const KEY_ROWS = 200;

const chunks = <T>(xs: readonly T[], n: number): T[][] => {
  const out: T[][] = [];
  for (let k = 0; k < xs.length; k += n) out.push(xs.slice(k, k + n));
  return out;
};

const nullable = (v: number): number | null => (Number.isNaN(v) ? null : v);

export function kyselyLiveStaging(config: LiveStoreConfig): LiveStaging {
  const db = async (): Promise<Db> => (await config.db()).withTables<StagingTables>();

  return {
    async stage(readings) {
      const d = await db();
      const rows = readings.map((r) => {
        const row: Insertable<LiveReadingsTable> = {
          meter_id: r.meterId,
          time_ms: r.sample.timeMs,
          values_key: r.valuesKey,
          channels: r.channels,
          line: r.sample.line,
          flow_m3s: nullable(r.sample.flowM3s),
          supply_c: nullable(r.sample.supplyC),
          return_c: nullable(r.sample.returnC),
          source_c: nullable(r.sample.sourceC),
          heat_w: nullable(r.sample.heatW),
          heat_register_j: nullable(r.sample.heatRegisterJ),
          elec_w: nullable(r.sample.elecW),
          elec_register_j: nullable(r.sample.elecRegisterJ),
          received_at: r.receivedAtMs,
          kept: 0,
        };
        return row;
      });
      const insert = async (tx: Db) => {
        let staged = 0;
        for (const chunk of chunks(rows, INSERT_ROWS)) {
          const r = await tx
            .insertInto('live_readings')
            .values(chunk)
            .onConflict((oc) => oc.columns(['meter_id', 'time_ms', 'values_key']).doNothing())
            .executeTakeFirst();
          staged += Number(r.numInsertedOrUpdatedRows ?? 0n);
        }
        return staged;
      };
      const staged =
        rows.length <= INSERT_ROWS ? await insert(d) : await d.transaction().execute((tx) => insert(tx));
      return { staged, duplicates: rows.length - staged };
    },

    async summary(receivedByMs) {
      const rows = await (
        await db()
      )
        .selectFrom('live_readings')
        .select((eb) => [
          'meter_id',
          eb.fn.countAll<number | string>().as('n'),
          eb.fn.min<number | string>('time_ms').as('first'),
          eb.fn
            .max<number | string | null>(
              eb.case().when('received_at', '<=', receivedByMs).then(eb.ref('time_ms')).else(null).end(),
            )
            .as('releasable'),
          eb.fn.max<number | string>('received_at').as('heard'),
          eb.fn
            .min<number | string | null>(
              eb.case().when('kept', '=', 0).then(eb.ref('time_ms')).else(null).end(),
            )
            .as('unkept'),
        ])
        .groupBy('meter_id')
        .orderBy('meter_id')
        .execute();
      return rows.map((r) => ({
        meterId: r.meter_id,
        count: Number(r.n),
        firstMs: safeInteger(r.first, 'min(time_ms)'),
        releasableMs: r.releasable === null ? null : safeInteger(r.releasable, 'max(time_ms)'),
        lastArrivalMs: safeInteger(r.heard, 'max(received_at)'),
        firstUnkeptMs: r.unkept === null ? null : safeInteger(r.unkept, 'min(time_ms)'),
      }));
    },

    async lease(holder, nowMs, ttlMs, meterIds) {
      const d = await db();
      const candidates = [...meterIds].sort();
      const held: string[] = [];
      // in meter order, so two servers taking leases at once lock the rows in the same order
      for (const chunk of chunks(candidates, INSERT_ROWS)) {
        const rows = await d
          .insertInto('live_leases')
          .values(chunk.map((meter_id) => ({ meter_id, holder, expires_ms: nowMs + ttlMs })))
          .onConflict((oc) =>
            oc
              .column('meter_id')
              .doUpdateSet((eb) => ({
                holder: eb.ref('excluded.holder'),
                expires_ms: eb.ref('excluded.expires_ms'),
              }))
              .where((eb) =>
                eb.or([eb('live_leases.holder', '=', holder), eb('live_leases.expires_ms', '<=', nowMs)]),
              ),
          )
          .returning('meter_id')
          .execute();
        for (const r of rows) held.push(r.meter_id);
      }
      return held.sort();
    },

    async staged(meterId) {
      const rows = await (
        await db()
      )
        .selectFrom('live_readings')
        .selectAll()
        .where('meter_id', '=', meterId)
        .execute();
      return rows.map((r): StagedReading => {
        const sample = { timeMs: safeInteger(r.time_ms, 'time_ms'), line: Number(r.line) } as MeterSample;
        for (const [field, column] of STAGED_VALUE_COLUMNS) {
          const v = r[column];
          sample[field] = v === null ? NaN : Number(v);
        }
        return {
          meterId: r.meter_id,
          sample,
          valuesKey: r.values_key,
          channels: r.channels,
          receivedAtMs: safeInteger(r.received_at, 'received_at'),
          kept: Number(r.kept) === 1,
        };
      });
    },

    async commit(holder, nowMs, ttlMs, closes): Promise<StagedCommit> {
      const d = await db();
      const sorted = [...closes].sort((a, b) => (a.meterId < b.meterId ? -1 : a.meterId > b.meterId ? 1 : 0));
      return d.transaction().execute(async (tx) => {
        const written: LiveBatchWritten[] = [];
        const lostLease: string[] = [];
        for (const c of sorted) {
          // the lease row is locked (PostgreSQL) until the commit: no other server closes the meter meanwhile
          const renewed = await tx
            .updateTable('live_leases')
            .set({ expires_ms: nowMs + ttlMs })
            .where('meter_id', '=', c.meterId)
            .where('holder', '=', holder)
            .executeTakeFirst();
          if (Number(renewed.numUpdatedRows) !== 1) {
            lostLease.push(c.meterId);
            continue;
          }
          if (c.entries.length > 0)
            written.push(...(await writeLiveEntries(tx as unknown as Kysely<Database>, config, c.entries)));
          for (const keys of chunks(c.consumed, KEY_ROWS))
            await tx
              .deleteFrom('live_readings')
              .where('meter_id', '=', c.meterId)
              .where((eb) =>
                eb.or(
                  keys.map((k) => eb.and([eb('time_ms', '=', k.timeMs), eb('values_key', '=', k.valuesKey)])),
                ),
              )
              .execute();
          for (const keys of chunks(c.kept, KEY_ROWS))
            await tx
              .updateTable('live_readings')
              .set({ kept: 1 })
              .where('meter_id', '=', c.meterId)
              .where((eb) =>
                eb.or(
                  keys.map((k) => eb.and([eb('time_ms', '=', k.timeMs), eb('values_key', '=', k.valuesKey)])),
                ),
              )
              .execute();
        }
        return { written, lostLease };
      });
    },

    async release(holder) {
      const d = await db();
      await d.updateTable('live_leases').set({ expires_ms: 0 }).where('holder', '=', holder).execute();
      await d.deleteFrom('live_servers').where('holder', '=', holder).execute();
    },

    async heartbeat(holder, nowMs) {
      await (
        await db()
      )
        .insertInto('live_servers')
        .values({ holder, heard_ms: nowMs })
        .onConflict((oc) => oc.column('holder').doUpdateSet({ heard_ms: nowMs }))
        .execute();
    },

    async absent(heardBeforeMs) {
      const rows = await (
        await db()
      )
        .selectFrom('live_servers')
        .select(['holder', 'heard_ms'])
        .where('heard_ms', '<', heardBeforeMs)
        .orderBy('holder')
        .execute();
      return rows.map((r) => ({ holder: r.holder, heardMs: safeInteger(r.heard_ms, 'heard_ms') }));
    },

    async count() {
      const r = await (
        await db()
      )
        .selectFrom('live_readings')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
