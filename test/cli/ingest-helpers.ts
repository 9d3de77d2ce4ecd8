// Shared by the ingest tests: the databases (a SQLite temp file always, PostgreSQL in a schema of its own
// when TREC_TEST_PG_URL is set), a registered meter made through the store's repository functions, generated
// meter files, and a checksum of every table.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import {
  createMeter,
  createOrganisation,
  createSite,
  createSystem,
  migrateToLatest,
  openDatabase,
  sequentialIds,
  type Database,
} from '../../src/store/index.ts';

export const PG_URL = process.env.TREC_TEST_PG_URL;

export interface TestDb {
  name: string;
  /** What `--db` takes: a SQLite path, or a PostgreSQL URL whose connections use the run's schema. */
  target: string;
  dir: string;
  open(): Kysely<Database>;
  close(): Promise<void>;
}

export interface IngestBackend {
  name: string;
  skip: string | undefined;
  create(): Promise<TestDb>;
}

const sqliteFile: IngestBackend = {
  name: 'sqlite file',
  skip: undefined,
  create() {
    const dir = mkdtempSync(join(tmpdir(), 'trec-ingest-'));
    const target = join(dir, 'trec.db');
    return Promise.resolve({
      name: 'sqlite file',
      target,
      dir,
      open: () => openDatabase(target),
      close: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    });
  },
};

const postgres: IngestBackend = {
  name: 'postgres',
  skip: PG_URL ? undefined : 'TREC_TEST_PG_URL is not set: the PostgreSQL ingest tests are skipped',
  async create() {
    if (!PG_URL) throw new Error('TREC_TEST_PG_URL is not set');
    const dir = mkdtempSync(join(tmpdir(), 'trec-ingest-pg-'));
    const schema = `trec_test_${process.pid}_${randomBytes(6).toString('hex')}`;
    const admin = openDatabase(PG_URL);
    await sql`create schema ${sql.id(schema)}`.execute(admin);
    const url = new URL(PG_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return {
      name: 'postgres',
      target: url.toString(),
      dir,
      open: () => openDatabase(PG_URL, { schema }),
      async close() {
        await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
        await admin.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const INGEST_BACKENDS: readonly IngestBackend[] = [sqliteFile, postgres];

export interface Registered {
  systemId: string;
  meterId: string;
}

/** An organisation, a site in `timeZone`, a ground-source system and its heat meter (class 2, water). */
export async function register(t: TestDb, timeZone = 'America/New_York'): Promise<Registered> {
  const db = t.open();
  try {
    await migrateToLatest(db);
    const a = { ids: sequentialIds(), by: 'test', at: Date.UTC(2024, 0, 1) };
    const org = await createOrganisation(db, a, { name: 'Aggregator' });
    const site = await createSite(db, a, { organisationId: org.id, name: 'Home', state: 'MD', timeZone });
    const system = await createSystem(db, a, {
      siteId: site.id,
      name: 'GSHP',
      technology: 'ground-source',
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
    return { systemId: system.id, meterId: meter.id };
  } finally {
    await db.destroy();
  }
}

/**
 * A canonical meter file (time in UTC, flow, supply, return, electrical power) of `samples` rows every
 * `stepS` seconds from `startMs`, the values varying by a seeded generator so hours do not round alike.
 */
export function meterFile(path: string, startMs: number, samples: number, stepS = 60, seed = 1): string {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const lines = ['time,flow_lpm,supply_c,return_c,elec_kw'];
  for (let k = 0; k < samples; k++) {
    const t = startMs + k * stepS * 1000;
    const on = Math.sin(k / 97) > -0.3;
    const flow = on ? 18 + 4 * next() : 0;
    const supply = 35 + 5 * Math.sin(k / 300) + next();
    const ret = supply - (on ? 4 + 2 * next() : 0.1);
    const elec = on ? 2 + next() : 0.01;
    lines.push(
      `${new Date(t).toISOString()},${flow.toFixed(3)},${supply.toFixed(3)},${ret.toFixed(3)},${elec.toFixed(4)}`,
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const TABLES = [
  'organisations',
  'accounts',
  'sites',
  'systems',
  'meters',
  'enrolments',
  'uploads',
  'interval_energy',
  'audit_log',
  'kysely_migration',
] as const;

/** Row counts and a SHA-256 over every row of every table (in a fixed order). */
export async function tableState(t: TestDb): Promise<{ counts: Record<string, number>; sha256: string }> {
  const db = t.open();
  try {
    const hash = createHash('sha256');
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
      const texts = rows.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))));
      texts.sort();
      counts[table] = rows.length;
      hash.update(`${table}\n${texts.join('\n')}\n`);
    }
    return { counts, sha256: hash.digest('hex') };
  } finally {
    await db.destroy();
  }
}
