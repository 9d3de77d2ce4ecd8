// The registry commands end to end through the CLI (in-process, src/main.ts): on a temp SQLite file always,
// and on PostgreSQL in a schema of its own when TREC_TEST_PG_URL is set (.ci/run sets it).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.ts';
import { trec } from '../helpers/cli.ts';
import { REGISTRY_BACKENDS as backends, type Target } from '../helpers/registry-db.ts';

const idOf = (run: Awaited<ReturnType<typeof trec>>): string => {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const id = run.json<{ id: string }>().id;
  expect(typeof id).toBe('string');
  return id;
};

for (const backend of backends)
  describe.skipIf(backend.skip)(`registry commands (${backend.name})`, () => {
    let target: Target;
    let db: string;
    beforeEach(async () => {
      target = await backend.open();
      db = target.db;
    });
    afterEach(() => target.close());

    /** org -> site (Maryland) -> a 4-ton ground-source system with its AHRI values. */
    async function maryland() {
      const org = idOf(await trec('org', 'add', '--name', 'Chesapeake Thermal', '--db', db, '--json'));
      const site = idOf(
        await trec(
          'site',
          'add',
          '--org',
          org,
          '--name',
          'Annapolis house',
          '--state',
          'MD',
          '--tz',
          'America/New_York',
          '--db',
          db,
          '--json',
        ),
      );
      const system = idOf(
        await trec(
          'system',
          'add',
          '--site',
          site,
          '--name',
          'GSHP 1',
          '--technology',
          'ground-source',
          '--tons',
          '4',
          '--cop',
          '3.5',
          '--ahri-ref',
          '205012345',
          '--ahri-tons',
          '4',
          '--ahri-cop',
          '3.5',
          '--commissioned',
          '2024-05-01',
          '--db',
          db,
          '--json',
        ),
      );
      return { org, site, system };
    }

    it('registers a 4-ton Maryland ground-source system on the formula end to end and reads it back', async () => {
      const { org, site, system } = await maryland();
      const meter = idOf(
        await trec(
          'meter',
          'add',
          '--system',
          system,
          '--kind',
          'heat',
          '--fluid',
          'water',
          '--flow-sensor',
          'return',
          '--class',
          '2',
          '--qp-m3h',
          '1.5',
          '--dt-min-k',
          '3',
          '--serial',
          'HM-1',
          '--db',
          db,
          '--json',
        ),
      );
      const enrolled = await trec(
        'enrol',
        '--system',
        system,
        '--program',
        'md-geothermal',
        '--method',
        'grec-formula',
        '--unit-id',
        'GATS-NON12345',
        '--start',
        '2024-06-01',
        '--db',
        db,
        '--json',
      );
      const enrolment = idOf(enrolled);
      // md-geothermal's effective dates and size classes are unknown in its file: warnings, not refusals.
      expect(enrolled.json<{ checks: { code: string }[] }>().checks.map((c) => c.code)).toEqual([
        'effective-dates-unknown',
        'size-classes-unknown',
      ]);

      const shown = await trec('system', 'show', system, '--db', db, '--json');
      expect(shown.code).toBe(0);
      const s = shown.json<Record<string, unknown>>();
      expect(s).toMatchObject({
        id: system,
        site_id: site,
        organisation_id: org,
        technology: 'ground-source',
        rated_cop: 3.5,
        ahri_ref: '205012345',
        ahri_cop: 3.5,
        commissioned: '2024-05-01',
        site: { id: site, state: 'MD', tz: 'America/New_York' },
        meters: [
          {
            id: meter,
            kind: 'heat',
            fluid: 'water',
            concentration: 0,
            flow_sensor: 'return',
            meter_class: 2,
            qp_m3h: 1.5,
            dt_min_k: 3,
            serial: 'HM-1',
            installed: '2024-05-01', // defaulted to the commissioning date
            uploads: [],
          },
        ],
        enrolments: [
          {
            id: enrolment,
            program_id: 'md-geothermal',
            method: 'grec-formula',
            unit_id: 'GATS-NON12345',
            start: '2024-06-01',
            end: null,
            pilot: false,
            carried_checks: [],
          },
        ],
      });
      // 4 tons x 12,000 BTU/h x 0.29307107 W per BTU/h (ASHRAE: 1 ton = 3,516.8528 W)
      expect(s.rated_capacity_w as number).toBeCloseTo(4 * 3516.8528420667, 6);
      expect(
        (s.open_checks as { code: string; entity_id: string }[]).map((c) => [c.code, c.entity_id]),
      ).toEqual([
        ['effective-dates-unknown', enrolment],
        ['size-classes-unknown', enrolment],
      ]);

      const list = await trec('systems', '--db', db, '--json');
      expect(list.json<{ systems: { id: string }[] }>().systems.map((x) => x.id)).toEqual([system]);
      // Human output names the id too.
      expect((await trec('systems', '--db', db)).stdout).toContain(system);
      const human = await trec('org', 'add', '--name', 'Second', '--db', db);
      expect(human.stdout).toMatch(/^organisation org_[0-9a-z]+ "Second" registered \(default account acct_/);
    });

    it('refuses an AHRI mismatch naming both values, exit 2, and writes nothing', async () => {
      const { site, system } = await maryland();
      const before = (await trec('systems', '--db', db, '--json')).json<{ systems: unknown[] }>().systems;
      const run = await trec(
        'system',
        'add',
        '--site',
        site,
        '--name',
        'GSHP 2',
        '--technology',
        'ground-source',
        '--tons',
        '4',
        '--cop',
        '3.5',
        '--ahri-ref',
        '205012345',
        '--ahri-tons',
        '5',
        '--commissioned',
        '2024-05-01',
        '--db',
        db,
        '--json',
      );
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('--ahri-tons and --tons');
      expect(run.stderr).toContain(
        "rated 4 tons does not match the AHRI certificate's 5 tons (AHRI ref 205012345)",
      );
      const after = (await trec('systems', '--db', db, '--json')).json<{ systems: { id: string }[] }>()
        .systems;
      expect(after).toEqual(before);
      expect(after.map((x) => x.id)).toEqual([system]);
    });

    it('refuses an air-to-water system in md-geothermal naming the technologies', async () => {
      const { site } = await maryland();
      const a2w = idOf(
        await trec(
          'system',
          'add',
          '--site',
          site,
          '--name',
          'ASHP',
          '--technology',
          'air-to-water',
          '--capacity-kw',
          '14',
          '--cop',
          '3.2',
          '--commissioned',
          '2024-05-01',
          '--db',
          db,
          '--json',
        ),
      );
      const run = await trec(
        'enrol',
        '--system',
        a2w,
        '--program',
        'md-geothermal',
        '--method',
        'grec-formula',
        '--start',
        '2024-06-01',
        '--db',
        db,
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--program');
      expect(run.stderr).toContain(
        'an air-to-water system (air-to-water / air-source) is not a technology program md-geothermal lists: it lists ground-source, water-source',
      );
      const shown = (await trec('system', 'show', a2w, '--db', db, '--json')).json<{
        enrolments: unknown[];
      }>();
      expect(shown.enrolments).toEqual([]);
    });

    it('refuses a double enrolment naming the other enrolment', async () => {
      const { system } = await maryland();
      const first = idOf(
        await trec(
          'enrol',
          '--system',
          system,
          '--program',
          'md-geothermal',
          '--method',
          'grec-formula',
          '--unit-id',
          'GATS-1',
          '--start',
          '2024-06-01',
          '--db',
          db,
          '--json',
        ),
      );
      const run = await trec(
        'enrol',
        '--system',
        system,
        '--program',
        'm-rets-thermal',
        '--start',
        '2025-01-01',
        '--db',
        db,
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`enrolment ${first} (program md-geothermal`);
      expect(run.stderr).toContain('unit GATS-1');
      expect(run.stderr).toContain('double counting');
      const shown = (await trec('system', 'show', system, '--db', db, '--json')).json<{
        enrolments: { id: string }[];
      }>();
      expect(shown.enrolments.map((e) => e.id)).toEqual([first]);
    });

    it('records who and when in the audit log, and a proposal enrolled as a pilot carries its check', async () => {
      process.env.TREC_USER = 'installer@example.org';
      try {
        const { site } = await maryland();
        const a2w = idOf(
          await trec(
            'system',
            'add',
            '--site',
            site,
            '--name',
            'A2W',
            '--technology',
            'air-to-water',
            '--capacity-kw',
            '14',
            '--cop',
            '3.2',
            '--commissioned',
            '2024-05-01',
            '--db',
            db,
            '--json',
          ),
        );
        const refused = await trec(
          'enrol',
          '--system',
          a2w,
          '--program',
          'proposed-air-to-water-trec',
          '--start',
          '2025-01-01',
          '--method',
          'metered',
          '--db',
          db,
        );
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain('--pilot');
        const run = await trec(
          'enrol',
          '--system',
          a2w,
          '--program',
          'proposed-air-to-water-trec',
          '--start',
          '2025-01-01',
          '--method',
          'metered',
          '--pilot',
          '--db',
          db,
          '--json',
        );
        expect(run.code).toBe(0);
        const e = run.json<{ pilot: boolean; carried_checks: { code: string }[]; created_by: string }>();
        expect(e.pilot).toBe(true);
        expect(e.carried_checks.map((c) => c.code)).toEqual(['program-is-proposal']);
        expect(e.created_by).toBe('installer@example.org');
        const shown = (await trec('system', 'show', a2w, '--db', db, '--json')).json<{
          created_by: string;
          enrolments: { carried_checks: { code: string }[] }[];
        }>();
        expect(shown.created_by).toBe('installer@example.org');
        expect(shown.enrolments[0]?.carried_checks.map((c) => c.code)).toEqual(['program-is-proposal']);
      } finally {
        delete process.env.TREC_USER;
      }
    });

    it('refuses an unknown time zone, an unknown organisation and a second organisation of one name', async () => {
      const org = idOf(await trec('org', 'add', '--name', 'One', '--db', db, '--json'));
      const tz = await trec(
        'site',
        'add',
        '--org',
        org,
        '--name',
        'S',
        '--state',
        'MD',
        '--tz',
        'Mars/Olympus',
        '--db',
        db,
      );
      expect(tz.code).toBe(2);
      expect(tz.stderr).toContain('--tz');
      expect(tz.stderr).toContain('not an IANA time zone');
      const unknown = await trec(
        'site',
        'add',
        '--org',
        'org_nope',
        '--name',
        'S',
        '--state',
        'MD',
        '--tz',
        'UTC',
        '--db',
        db,
      );
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain(`no organisation org_nope; known: ${org} (One)`);
      const twice = await trec('org', 'add', '--name', 'One', '--db', db);
      expect(twice.code).toBe(2);
      expect(twice.stderr).toContain('organisation "One" is already registered');
    });
  });

describe('registry commands and the database file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trec-reg-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the database where --db says (parent folders too), and TREC_DB when --db is not given', async () => {
    const file = join(dir, 'a', 'b', 'reg.db');
    expect(existsSync(file)).toBe(false);
    const run = await trec('db', 'migrate', '--db', file, '--json');
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({
      dialect: 'sqlite',
      applied: [
        '0001_registry',
        '0002_ledger',
        '0003_api',
        '0004_rollup',
        '0005_readings',
        '0006_live',
        '0007_enrolment_multiplier',
      ],
      just_applied: [
        '0001_registry',
        '0002_ledger',
        '0003_api',
        '0004_rollup',
        '0005_readings',
        '0006_live',
        '0007_enrolment_multiplier',
      ],
    });
    expect(existsSync(file)).toBe(true);
    const again = await trec('db', 'migrate', '--db', file, '--json');
    expect(again.json()).toMatchObject({
      applied: [
        '0001_registry',
        '0002_ledger',
        '0003_api',
        '0004_rollup',
        '0005_readings',
        '0006_live',
        '0007_enrolment_multiplier',
      ],
      just_applied: [],
    });

    const env = join(dir, 'env', 'trec.db');
    process.env.TREC_DB = env;
    try {
      expect((await trec('org', 'add', '--name', 'Env', '--json')).code).toBe(0);
    } finally {
      delete process.env.TREC_DB;
    }
    expect(existsSync(env)).toBe(true);
  });

  it('refuses a database a newer TREC migrated, naming --db', async () => {
    const file = join(dir, 'new.db');
    expect((await trec('db', 'migrate', '--db', file)).code).toBe(0);
    const raw = openDatabase(file);
    await sql`insert into kysely_migration (name, timestamp) values ('9999_future', '2030-01-01')`.execute(
      raw,
    );
    await raw.destroy();
    const run = await trec('systems', '--db', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--db');
    expect(run.stderr).toContain('migrated by a newer TREC (migration 9999_future)');
  });

  it('trec --help lists the registry commands', async () => {
    const help = (await trec('--help')).stdout;
    for (const command of ['org', 'site', 'system', 'meter', 'enrol', 'systems', 'db'])
      expect(help).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    const system = (await trec('system', '--help')).stdout;
    expect(system).toContain('add');
    expect(system).toContain('show');
  });
});

describe('system show: uploads and data coverage by month', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trec-reg-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("gives each meter's uploads and its stored hours by month of the site's time zone", async () => {
    const db = join(dir, 'trec.db');
    const id = (run: Awaited<ReturnType<typeof trec>>) => run.json<{ id: string }>().id;
    const org = id(await trec('org', 'add', '--name', 'O', '--db', db, '--json'));
    const site = id(
      await trec(
        'site',
        'add',
        '--org',
        org,
        '--name',
        'S',
        '--state',
        'MD',
        '--tz',
        'America/New_York',
        '--db',
        db,
        '--json',
      ),
    );
    const system = id(
      await trec(
        'system',
        'add',
        '--site',
        site,
        '--name',
        'G',
        '--technology',
        'ground-source',
        '--tons',
        '4',
        '--cop',
        '3.5',
        '--commissioned',
        '2024-05-01',
        '--db',
        db,
        '--json',
      ),
    );
    const meter = id(await trec('meter', 'add', '--system', system, '--kind', 'heat', '--db', db, '--json'));
    // Three hours around New York's month change: 2024-07-01T03:00Z is 2024-06-30 23:00 EDT (June), the
    // next two are July. Until `trec ingest` lands, the store's own insertUpload writes them.
    const t0 = Date.UTC(2024, 6, 1, 3);
    const store = await import('../../src/store/index.ts');
    const raw = store.openDatabase(db);
    const hour = (i: number, wh: number) => ({
      start: t0 + i * 3_600_000,
      heatWh: wh,
      coolWh: 0,
      defrostWh: 0,
      transientWh: 0,
      excludedWh: 0,
      elecWh: wh / 4,
      excludedElecWh: 0,
      coverageS: 3600 - i * 600,
      uncertaintyWh: null,
      meanSupplyC: null,
      meanSourceC: null,
      checks: null,
    });
    await store.insertUpload(
      raw,
      { by: 'test', at: t0, ids: store.sequentialIds() },
      {
        meterId: meter,
        fileName: 'm.csv',
        sha256: 'a'.repeat(64),
        sizeBytes: 100,
        rowCount: 180,
        rangeStart: t0,
        rangeEnd: t0 + 3 * 3_600_000,
        checks: [],
      },
      [hour(0, 4000), hour(1, 2000), hour(2, 1000)],
    );
    await raw.destroy();
    const shown = (await trec('system', 'show', system, '--db', db, '--json')).json<{
      meters: {
        uploads: { file_name: string; rows: number }[];
        coverage_by_month: Record<string, unknown>[];
      }[];
    }>();
    const [m] = shown.meters;
    expect(m?.uploads.map((u) => [u.file_name, u.rows])).toEqual([['m.csv', 180]]);
    expect(m?.coverage_by_month).toEqual([
      // June 2024: 30 days = 720 h; one stored hour, fully covered.
      {
        month: '2024-06',
        hours: 720,
        intervals: 1,
        coverage_h: 1,
        coverage: 1 / 720,
        heat_wh: 4000,
        cool_wh: 0,
        elec_wh: 1000,
      },
      // July: 744 h; 3000 s + 2400 s covered = 1.5 h.
      {
        month: '2024-07',
        hours: 744,
        intervals: 2,
        coverage_h: 1.5,
        coverage: 1.5 / 744,
        heat_wh: 3000,
        cool_wh: 0,
        elec_wh: 750,
      },
    ]);
    const human = (await trec('system', 'show', system, '--db', db)).stdout;
    expect(human).toContain('2024-07: 1.5 of 744 h covered, heat 3.000 kWh');
  });
});
