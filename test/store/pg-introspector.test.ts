// The schema-scoped PostgreSQL introspector (src/store/pg-introspector.ts): migrations in a fresh schema must
// not depend on other schemas, which tests and benches create and drop concurrently on the same database.
import { randomBytes } from 'node:crypto';
import { PostgresIntrospector, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, MIGRATIONS, openDatabase, type Database } from '../../src/store/index.ts';
import { PG_URL } from './backends.ts';

if (!PG_URL) console.log('test/store/pg-introspector skipped: TREC_TEST_PG_URL is not set (.ci/run sets it)');

const name = (what: string) => `trec_intro_${what}_${process.pid}_${randomBytes(4).toString('hex')}`;

describe.skipIf(!PG_URL)('PostgreSQL introspection of the current schema only', () => {
  let admin: Kysely<Database>;
  const made: string[] = [];
  const schema = async (what: string) => {
    const s = name(what);
    made.push(s);
    await sql`create schema ${sql.id(s)}`.execute(admin);
    return s;
  };

  beforeAll(() => {
    admin = openDatabase(PG_URL!);
  });
  afterAll(async () => {
    for (const s of made) await sql`drop schema if exists ${sql.id(s)} cascade`.execute(admin);
    await admin.destroy();
  });

  it("lists the current schema's tables and not another schema's, which Kysely's own introspector does", async () => {
    const mine = await schema('mine');
    const other = await schema('other');
    await sql`create table ${sql.id(other, 'elsewhere')} (id serial primary key)`.execute(admin);
    await sql`create table ${sql.id(mine, 'here')} (id bigint generated always as identity primary key, note text not null, v double precision)`.execute(
      admin,
    );
    await sql`create view ${sql.id(mine, 'here_view')} as select id from ${sql.id(mine, 'here')}`.execute(
      admin,
    );
    const db = openDatabase(PG_URL!, { schema: mine });
    try {
      const tables = await db.introspection.getTables();
      expect(tables.map((t) => t.name).sort()).toEqual(['here', 'here_view']);
      const here = tables.find((t) => t.name === 'here')!;
      expect(here.schema).toBe(mine);
      expect(here.isView).toBe(false);
      expect(here.columns.map((c) => [c.name, c.dataType, c.isNullable, c.isAutoIncrementing])).toEqual([
        ['id', 'int8', false, true],
        ['note', 'text', false, false],
        ['v', 'float8', true, false],
      ]);
      expect(tables.find((t) => t.name === 'here_view')!.isView).toBe(true);
      // Kysely's introspector sees every schema: that is what made a concurrent drop fail our migrations.
      const all = await new PostgresIntrospector(db).getTables();
      expect(all.some((t) => t.schema === other && t.name === 'elsewhere')).toBe(true);
    } finally {
      await db.destroy();
    }
  });

  it("shows Kysely's own tables only when asked (the Migrator asks)", async () => {
    const s = await schema('migr');
    const db = openDatabase(PG_URL!, { schema: s });
    try {
      expect(await migrateToLatest(db)).toEqual(Object.keys(MIGRATIONS));
      const plain = (await db.introspection.getTables()).map((t) => t.name);
      expect(plain).toContain('meters');
      expect(plain).not.toContain('kysely_migration');
      const withInternal = (await db.introspection.getTables({ withInternalKyselyTables: true })).map(
        (t) => t.name,
      );
      expect(withInternal).toContain('kysely_migration');
      expect(withInternal).toContain('kysely_migration_lock');
      // a second run applies nothing
      expect(await migrateToLatest(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('migrates fresh schemas while other schemas are created and dropped all the time', async () => {
    const churning = { on: true };
    let churned = 0;
    const churn = (async () => {
      while (churning.on) {
        const s = name('churn');
        await sql`create schema ${sql.id(s)}`.execute(admin);
        await sql`create table ${sql.id(s, 't')} (id serial primary key, a text, b text, c text)`.execute(
          admin,
        );
        await sql`drop schema ${sql.id(s)} cascade`.execute(admin);
        churned++;
      }
    })();
    try {
      for (let k = 0; k < 8; k++) {
        const s = await schema(`fresh${k}`);
        const db = openDatabase(PG_URL!, { schema: s });
        try {
          expect(await migrateToLatest(db)).toEqual(Object.keys(MIGRATIONS));
        } finally {
          await db.destroy();
        }
      }
    } finally {
      churning.on = false;
      await churn;
    }
    expect(churned).toBeGreaterThan(0);
  }, 120_000);
});
