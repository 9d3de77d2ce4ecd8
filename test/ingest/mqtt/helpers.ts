// Shared by the live (MQTT) ingest tests: a registry with two organisations in a real database, a day of
// 1-minute heat-pump readings with defrosts, a cooling run, a transient and a gap, `trec ingest` of those
// readings as a file, and the stored hours read back.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { createApp, type IdSource } from '../../../src/app/index.ts';
import { filePorts } from '../../../src/ingest/catalogues.ts';
import { kyselyIntervalStore } from '../../../src/store/interval-port.ts';
import {
  createMeter,
  createOrganisation,
  createSite,
  createSystem,
  kyselyLiveStore,
  migrateToLatest,
  openDatabase,
  sequentialIds,
  type Database,
} from '../../../src/store/index.ts';

export const PG_URL = process.env.TREC_TEST_PG_URL;
if (!PG_URL)
  console.warn('TREC_TEST_PG_URL is not set: the PostgreSQL cases of the live ingest tests are skipped');

export interface LiveDb {
  name: string;
  db: Kysely<Database>;
  dir: string;
  ids: IdSource;
  orgId: string;
  otherOrgId: string;
  /** Two meters of the same registration (file vs live), and one of the other organisation. */
  fileMeter: string;
  liveMeter: string;
  foreignMeter: string;
  /** Another connection to the same database (a second server). */
  open(): Kysely<Database>;
  close(): Promise<void>;
}

export const TZ = 'America/New_York';

/** A heat meter of a new site and system of the organisation (the registration every test meter has). */
export async function addMeter(
  db: Kysely<Database>,
  ids: IdSource,
  organisationId: string,
  name: string,
): Promise<string> {
  const a = { ids, by: 'test', at: Date.UTC(2024, 0, 1) };
  const site = await createSite(db, a, { organisationId, name, state: 'MD', timeZone: TZ });
  const system = await createSystem(db, a, {
    siteId: site.id,
    name: 'ASHP',
    technology: 'air-to-water',
    ratedCapacityW: 14_000,
    ratedCop: 3.5,
  });
  const meter = await createMeter(db, a, {
    systemId: system.id,
    kind: 'heat',
    fluid: 'water',
    flowSensor: 'return',
    en1434Class: 2,
    qpM3h: 1.5,
    dtMinK: 3,
  });
  return meter.id;
}

async function registerAll(db: Kysely<Database>, ids: IdSource) {
  await migrateToLatest(db);
  const a = { ids, by: 'test', at: Date.UTC(2024, 0, 1) };
  const org = await createOrganisation(db, a, { name: 'Aggregator' });
  const other = await createOrganisation(db, a, { name: 'Other aggregator' });
  const meterOf = (organisationId: string, name: string) => addMeter(db, ids, organisationId, name);
  return {
    orgId: org.id,
    otherOrgId: other.id,
    fileMeter: await meterOf(org.id, 'Home A'),
    liveMeter: await meterOf(org.id, 'Home B'),
    foreignMeter: await meterOf(other.id, 'Home C'),
  };
}

export interface LiveBackend {
  name: string;
  skip: string | undefined;
  create(): Promise<LiveDb>;
}

export const LIVE_BACKENDS: readonly LiveBackend[] = [
  {
    name: 'sqlite file',
    skip: undefined,
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'trec-live-'));
      const db = openDatabase(join(dir, 'trec.db'));
      const ids = sequentialIds();
      const reg = await registerAll(db, ids);
      const others: Kysely<Database>[] = [];
      return {
        name: 'sqlite file',
        db,
        dir,
        ids,
        ...reg,
        open() {
          const other = openDatabase(join(dir, 'trec.db'));
          others.push(other);
          return other;
        },
        async close() {
          for (const o of others) await o.destroy();
          await db.destroy();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    skip: PG_URL ? undefined : 'TREC_TEST_PG_URL is not set',
    async create() {
      if (!PG_URL) throw new Error('TREC_TEST_PG_URL is not set');
      const dir = mkdtempSync(join(tmpdir(), 'trec-live-pg-'));
      const schema = `trec_test_${process.pid}_${randomBytes(6).toString('hex')}`;
      const admin = openDatabase(PG_URL);
      await sql`create schema ${sql.id(schema)}`.execute(admin);
      const db = openDatabase(PG_URL, { schema });
      const ids = sequentialIds();
      const reg = await registerAll(db, ids);
      const others: Kysely<Database>[] = [];
      return {
        name: 'postgres',
        db,
        dir,
        ids,
        ...reg,
        open() {
          const other = openDatabase(PG_URL, { schema });
          others.push(other);
          return other;
        },
        async close() {
          for (const o of others) await o.destroy();
          await db.destroy();
          await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
          await admin.destroy();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

export const clock = { now: () => Date.now() };

export function liveStore(t: LiveDb) {
  return kyselyLiveStore({ db: () => Promise.resolve(t.db), ids: t.ids, clock, by: 'mqtt-test' });
}

/** A reading with the canonical column names of `trec energy` (time in UTC). */
export interface Reading {
  time: string;
  flow_lpm: number;
  supply_c: number;
  return_c: number;
  elec_kw: number;
  heat_kwh: number;
}

/** 2024-11-03 00:00 in New York (EDT); the clocks go back at 02:00 (a 25-hour local day). */
export const DAY_START = Date.UTC(2024, 10, 3, 4);

/**
 * One-minute readings from `startMs`: heating in 47-minute cycles with a 5-minute defrost (reverse dT with
 * flow) at minutes 40-44, so defrosts fall across hour ends; an off spell with a 3-minute transient at
 * 05:00-06:00; a 25-minute cooling run across 14:00 (13:50-14:15); no readings 18:20-18:45 (a gap longer than
 * the 15-minute maximum); a 13-minute defrost across 10:00 (09:55-10:08). A heat register (0.1 kWh steps) and electrical power ride along.
 */
export function readings(startMs = DAY_START, minutes = 24 * 60 + 1, seed = 7): Reading[] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const out: Reading[] = [];
  let registerKwh = 1234.5;
  for (let k = 0; k < minutes; k++) {
    const t = startMs + k * 60_000;
    const minuteOfDay = k % 1440;
    if (minuteOfDay >= 18 * 60 + 20 && minuteOfDay < 18 * 60 + 45) continue;
    let flow = 18 + 4 * next();
    const supply = 38 + 4 * Math.sin(k / 200) + next();
    let ret = supply - 4 - 2 * next();
    let elec = 1.5 + 0.5 * next();
    const cycle = k % 47;
    if (minuteOfDay >= 5 * 60 && minuteOfDay < 6 * 60) {
      // off, then a short reverse-dT transient (not after heating: neither defrost nor cooling)
      const m = minuteOfDay - 5 * 60;
      flow = m >= 30 && m < 33 ? 12 + next() : 0;
      ret = m >= 30 && m < 33 ? supply + 0.8 + next() : supply - 0.05;
      elec = 0.01;
    } else if (minuteOfDay >= 13 * 60 + 50 && minuteOfDay < 14 * 60 + 15) {
      ret = supply + 3 + next(); // cooling run, 25 min
      elec = 1.8 + next() * 0.2;
    } else if (minuteOfDay >= 9 * 60 + 55 && minuteOfDay < 10 * 60 + 8) {
      ret = supply + 2 + 2 * next(); // a long defrost, 13 min across 10:00: classed 8 min after the hour
      elec = 2 + 0.3 * next();
    } else if (cycle >= 40 && cycle < 45) {
      ret = supply + 2 + 2 * next(); // defrost: reverse dT with flow, between heating
      elec = 2 + 0.3 * next();
    }
    // heat register: the heat of the minute (water, ~4.18 kJ/kg K), floored to 0.1 kWh steps
    if (ret < supply) registerKwh += ((flow / 60) * 0.998 * 4.18 * (supply - ret) * 60) / 3600;
    out.push({
      time: new Date(t).toISOString(),
      flow_lpm: Number(flow.toFixed(3)),
      supply_c: Number(supply.toFixed(3)),
      return_c: Number(ret.toFixed(3)),
      elec_kw: Number(elec.toFixed(4)),
      heat_kwh: Math.floor(registerKwh * 10) / 10,
    });
  }
  return out;
}

/** The readings as a JSON-lines meter file (what `trec energy` and `trec ingest` read). */
export function jsonlFile(path: string, rows: readonly Reading[]): string {
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

/** `trec ingest FILE --meter ID` through the use case, on the test's database. */
export async function ingestFile(t: LiveDb, meterId: string, file: string) {
  const intervals = kyselyIntervalStore({
    db: () => Promise.resolve(t.db),
    ids: t.ids,
    clock,
    by: 'file-test',
  });
  const app = createApp({ ...filePorts(), intervals });
  return app.run('ingest', { files: [file], meter: meterId });
}

export interface HourRow {
  start: number;
  heat_wh: number;
  cool_wh: number;
  defrost_wh: number;
  transient_wh: number;
  excluded_wh: number;
  elec_wh: number;
  excluded_elec_wh: number;
  coverage_s: number;
  uncertainty_wh: number | null;
  mean_supply_c: number | null;
  mean_source_c: number | null;
}

/** A meter's stored hours, by start (numbers as numbers in both dialects). */
export async function hours(t: LiveDb, meterId: string): Promise<HourRow[]> {
  const rows = await t.db
    .selectFrom('interval_energy')
    .select([
      'start',
      'heat_wh',
      'cool_wh',
      'defrost_wh',
      'transient_wh',
      'excluded_wh',
      'elec_wh',
      'excluded_elec_wh',
      'coverage_s',
      'uncertainty_wh',
      'mean_supply_c',
      'mean_source_c',
    ])
    .where('meter_id', '=', meterId)
    .orderBy('start')
    .execute();
  return rows.map((r) => ({
    start: Number(r.start),
    heat_wh: Number(r.heat_wh),
    cool_wh: Number(r.cool_wh),
    defrost_wh: Number(r.defrost_wh),
    transient_wh: Number(r.transient_wh),
    excluded_wh: Number(r.excluded_wh),
    elec_wh: Number(r.elec_wh),
    excluded_elec_wh: Number(r.excluded_elec_wh),
    coverage_s: Number(r.coverage_s),
    uncertainty_wh: r.uncertainty_wh === null ? null : Number(r.uncertainty_wh),
    mean_supply_c: r.mean_supply_c,
    mean_source_c: r.mean_source_c,
  }));
}

export const sum = (rows: readonly HourRow[], key: keyof HourRow) =>
  rows.reduce((n, r) => n + Number(r[key] ?? 0), 0);
