// The store contract: the same cases against every backend of backends.ts (SQLite file and :memory: always,
// PostgreSQL when TREC_TEST_PG_URL is set).
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/index.ts';
import {
  MIGRATIONS,
  appliedMigrations,
  assertKnownMigrations,
  intervalBatchRows,
  createAccount,
  createEnrolment,
  createMeter,
  createOrganisation,
  createSite,
  createSystem,
  ensureMonthPartitions,
  findUploadByHash,
  getEnrolment,
  getMeter,
  getOrganisation,
  getSite,
  getSystem,
  getUpload,
  HOUR_MS,
  insertUpload,
  isUniqueViolation,
  listAccounts,
  listAudit,
  listEnrolments,
  listMeters,
  listOrganisations,
  listSites,
  listSystems,
  listUploads,
  migrateToLatest,
  monthPartitions,
  readIntervals,
  removeMeter,
  sequentialIds,
  storedOverlap,
  sumIntervals,
  sumIntervalsBySystem,
  type Action,
  type Database,
  type IntervalRow,
  type Meter,
  type NewUpload,
} from '../../src/store/index.ts';
import { BACKENDS, type Opened } from './backends.ts';

const T0 = Date.UTC(2024, 0, 31, 20); // 2024-01-31T20:00Z: four hours before February
const at = Date.UTC(2024, 5, 1, 12);
// One id sequence per test (reset in beforeEach), so ids are deterministic and never collide.
let ids = sequentialIds();
const action = (): Action => ({ ids, by: 'alice@example.org', at });

const hour = (i: number, wh = 1000 + i): IntervalRow => ({
  start: T0 + i * HOUR_MS,
  heatWh: wh,
  coolWh: 0,
  defrostWh: i % 3,
  transientWh: 1,
  excludedWh: 0,
  elecWh: Math.round(wh / 3),
  excludedElecWh: 0,
  coverageS: 3600,
  uncertaintyWh: 20,
  meanSupplyC: 35.5,
  meanSourceC: null,
  checks: null,
});
const hours = (n: number, from = 0) => Array.from({ length: n }, (_, i) => hour(from + i));

const upload = (meterId: string, n: number, from = 0, sha = 'a'): NewUpload => ({
  meterId,
  fileName: 'meter.csv',
  sha256: sha.repeat(64).slice(0, 64),
  sizeBytes: 12_345,
  rowCount: n * 60,
  rangeStart: T0 + from * HOUR_MS,
  rangeEnd: T0 + (from + n) * HOUR_MS,
  checks: [{ code: 'gap', severity: 'warning', message: 'a 20 min gap' }],
});

async function count(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function counts(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables: (keyof Database)[] = ['uploads', 'interval_energy', 'audit_log'];
  const entries = await Promise.all(
    tables.map(async (t): Promise<[string, number]> => [t, await count(db, t)]),
  );
  return Object.fromEntries(entries);
}

/** An organisation, a site, a system and its heat and electricity meters. */
async function registry(db: Kysely<Database>, a: Action) {
  const org = await createOrganisation(db, a, { name: 'Acme Heat' });
  const site = await createSite(db, a, {
    organisationId: org.id,
    name: 'Main St',
    address: '1 Main St, Baltimore',
    state: 'MD',
    timeZone: 'America/New_York',
  });
  const system = await createSystem(db, a, {
    siteId: site.id,
    name: 'GSHP 1',
    technology: 'ground-source',
    ratedCapacityW: 14_067.85,
    ratedCop: 3.5,
    ratingPoint: 'ISO 13256-1 GLHP',
    ahriRef: '210000001',
    ahriCapacityW: 14_067.85,
    ahriCop: 3.5,
    commissionedOn: '2024-05-01',
  });
  const heat = await createMeter(db, a, {
    systemId: system.id,
    kind: 'heat',
    serial: 'HM-1',
    fluid: 'propylene-glycol',
    massFraction: 0.3,
    flowSensor: 'return',
    en1434Class: 2,
    qpM3h: 1.5,
    dtMinK: 3,
    registerRollover: 99_999_999,
    installedOn: '2024-05-01',
  });
  const elec = await createMeter(db, a, { systemId: system.id, kind: 'electricity', serial: 'EM-1' });
  return { org, site, system, heat, elec };
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`store contract: ${backend.name}`, () => {
    let opened: Opened;
    let db: Kysely<Database>;
    beforeEach(async () => {
      ids = sequentialIds();
      opened = await backend.open();
      db = opened.db;
    });
    afterEach(async () => {
      await opened.close();
    });

    describe('migrations', () => {
      it('migrates an empty database to the latest, and again changes nothing', async () => {
        expect(await appliedMigrations(db)).toEqual([]);
        expect(await migrateToLatest(db)).toEqual(Object.keys(MIGRATIONS));
        expect(await appliedMigrations(db)).toEqual(Object.keys(MIGRATIONS));
        expect(await migrateToLatest(db)).toEqual([]);
        for (const table of ['organisations', 'interval_energy', 'audit_log'] as const)
          expect(await count(db, table)).toBe(0);
      });

      it('refuses a database migrated by a newer TREC, naming the migration', async () => {
        const future = { ...MIGRATIONS, '9999_future': { up: () => Promise.resolve() } };
        await migrateToLatest(db, { migrations: future });
        const refused = migrateToLatest(db);
        await expect(refused).rejects.toThrow(InputError);
        await expect(refused).rejects.toThrow(
          'this database was migrated by a newer TREC (migration 9999_future); upgrade TREC',
        );
        await expect(assertKnownMigrations(db)).rejects.toMatchObject({ where: { path: ['db'] } });
      });
    });

    it.runIf(backend.dialect === 'sqlite')(
      'runs SQLite with foreign keys, a busy timeout and WAL on a file',
      async () => {
        const pragma = async (name: string) =>
          Object.values(
            (await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(db)).rows[0] ?? {},
          )[0];
        expect(await pragma('foreign_keys')).toBe(1);
        expect(await pragma('busy_timeout')).toBe(5000);
        expect(await pragma('journal_mode')).toBe(backend.name.includes('memory') ? 'memory' : 'wal');
      },
    );

    it.runIf(backend.dialect === 'postgres')('reads PostgreSQL bigint back as numbers', async () => {
      const r = await sql<{ n: unknown }>`select cast(9007199254740991 as bigint) as n`.execute(db);
      expect(r.rows[0]?.n).toBe(Number.MAX_SAFE_INTEGER);
      await expect(sql`select cast(9007199254740992 as bigint) as n`.execute(db)).rejects.toThrow(
        /not an integer a JS number holds exactly/,
      );
    });

    describe('registry', () => {
      beforeEach(async () => {
        await migrateToLatest(db);
      });

      it('round-trips every entity, with who and when, in camelCase', async () => {
        const a = action();
        const { org, site, system, heat, elec } = await registry(db, a);
        const made = { createdBy: 'alice@example.org', createdAt: at };
        expect(org).toEqual({
          id: 'org_000001',
          name: 'Acme Heat',
          defaultAccountId: 'acct_000002',
          ...made,
        });
        expect(await getOrganisation(db, org.id)).toEqual(org);
        expect(await listOrganisations(db)).toEqual([org]);
        const extra = await createAccount(db, a, { organisationId: org.id, name: 'pilot' });
        expect((await listAccounts(db, org.id)).map((x) => [x.name, x.isDefault])).toEqual([
          ['default', true],
          ['pilot', false],
        ]);
        expect(extra).toMatchObject({ organisationId: org.id, isDefault: false, ...made });

        expect(site).toEqual({
          id: 'site_000003',
          organisationId: org.id,
          name: 'Main St',
          address: '1 Main St, Baltimore',
          state: 'MD',
          country: null,
          timeZone: 'America/New_York',
          ...made,
        });
        expect(await getSite(db, site.id)).toEqual(site);
        expect(await listSites(db, { organisationId: org.id })).toEqual([site]);

        expect(system).toEqual({
          id: 'sys_000004',
          siteId: site.id,
          organisationId: org.id,
          name: 'GSHP 1',
          technology: 'ground-source',
          ratedCapacityW: 14_067.85,
          ratedCop: 3.5,
          ratingPoint: 'ISO 13256-1 GLHP',
          ahriRef: '210000001',
          ahriCapacityW: 14_067.85,
          ahriCop: 3.5,
          keymarkRef: null,
          performanceMapRef: null,
          commissionedOn: '2024-05-01',
          ...made,
        });
        expect(await getSystem(db, system.id)).toEqual(system);
        expect(await listSystems(db, { organisationId: org.id })).toEqual([system]);
        expect(await listSystems(db, { siteId: 'site_nope' })).toEqual([]);

        expect(heat).toEqual({
          id: 'mtr_000005',
          systemId: system.id,
          kind: 'heat',
          serial: 'HM-1',
          fluid: 'propylene-glycol',
          massFraction: 0.3,
          flowSensor: 'return',
          en1434Class: 2,
          qpM3h: 1.5,
          dtMinK: 3,
          registerRollover: 99_999_999,
          installedOn: '2024-05-01',
          removedOn: null,
          ...made,
        });
        expect(await getMeter(db, heat.id)).toEqual(heat);

        // A meter swap: the old one removed, a new one on the same system.
        const removed = await removeMeter(db, a, heat.id, '2024-09-01');
        const swapped = await createMeter(db, a, {
          systemId: system.id,
          kind: 'heat',
          serial: 'HM-2',
          installedOn: '2024-09-01',
        });
        expect(removed.removedOn).toBe('2024-09-01');
        expect((await listMeters(db, system.id)).map((m: Meter) => m.id)).toEqual([
          elec.id,
          heat.id,
          swapped.id,
        ]);

        const enrolment = await createEnrolment(db, a, {
          systemId: system.id,
          programId: 'md-geothermal',
          programVersion: '2024-01',
          method: 'metered',
          unitId: 'GATS-NON123',
          reportingUnitId: 'GATS-RU9',
          startOn: '2024-05-01',
          multiplier: 2.5,
        });
        expect(enrolment).toEqual({
          id: 'enr_000009',
          systemId: system.id,
          programId: 'md-geothermal',
          programVersion: '2024-01',
          method: 'metered',
          unitId: 'GATS-NON123',
          reportingUnitId: 'GATS-RU9',
          startOn: '2024-05-01',
          endOn: null,
          accountId: null,
          conservative: false,
          capAtPhysical: false,
          multiplier: 2.5,
          ...made,
        });
        expect(await getEnrolment(db, enrolment.id)).toEqual(enrolment);
        expect(await listEnrolments(db, system.id)).toEqual([enrolment]);

        const audit = await listAudit(db);
        expect(audit.map((e) => e.action)).toEqual([
          'organisation.create',
          'account.create',
          'site.create',
          'system.create',
          'meter.create',
          'meter.create',
          'account.create',
          'meter.remove',
          'meter.create',
          'enrolment.create',
        ]);
        expect(audit.every((e) => e.actor === 'alice@example.org' && e.at === at)).toBe(true);
        expect(audit.every((e) => e.organisationId === org.id)).toBe(true);
        expect(audit[2]?.detail).toMatchObject({ name: 'Main St', state: 'MD' });
      });

      it('refuses what would be stored twice or point nowhere, by constraint', async () => {
        const a = action();
        const { org, site, system } = await registry(db, a);
        const refused = async (p: Promise<unknown>) => {
          const e: unknown = await p.then(
            () => undefined,
            (err: unknown) => err,
          );
          expect(e).toBeDefined();
          return e;
        };
        expect(isUniqueViolation(await refused(createOrganisation(db, a, { name: 'Acme Heat' })))).toBe(true);
        // a second default account
        expect(
          isUniqueViolation(
            await refused(createAccount(db, a, { organisationId: org.id, name: 'other', isDefault: true })),
          ),
        ).toBe(true);
        expect(
          isUniqueViolation(
            await refused(
              createSite(db, a, { organisationId: org.id, name: 'Main St', state: 'MD', timeZone: 'UTC' }),
            ),
          ),
        ).toBe(true);
        // foreign key: a site of an organisation that does not exist
        await refused(
          createSite(db, a, { organisationId: 'org_nope', name: 'X', state: 'MD', timeZone: 'UTC' }),
        );
        // check: a technology outside the list
        await refused(
          createSystem(db, a, {
            siteId: site.id,
            name: 'odd',
            technology: 'steam' as 'hybrid',
            ratedCapacityW: 1,
            ratedCop: 1,
          }),
        );
        // the same meter registered twice
        expect(
          isUniqueViolation(
            await refused(
              createMeter(db, a, {
                systemId: system.id,
                kind: 'heat',
                serial: 'HM-1',
                installedOn: '2024-05-01',
              }),
            ),
          ),
        ).toBe(true);
        await refused(
          createEnrolment(db, a, {
            systemId: system.id,
            programId: 'p',
            programVersion: '1',
            startOn: '2024-02-30',
          }),
        );
        // Nothing of the refused ones is stored, and their audit entries went with them.
        expect(await count(db, 'organisations')).toBe(1);
        expect(await count(db, 'sites')).toBe(1);
        expect(await count(db, 'audit_log')).toBe(6);
      });
    });

    describe('uploads and interval energy', () => {
      let meters: Awaited<ReturnType<typeof registry>>;
      beforeEach(async () => {
        await migrateToLatest(db);
        meters = await registry(db, action());
      });

      it('stores an upload with its intervals, and reads them back with exact sums', async () => {
        const a = action();
        const rows48 = hours(48);
        // Text that array literals and JSON must both carry intact (PostgreSQL writes through unnest arrays).
        const odd = {
          code: 'odd',
          severity: 'info',
          message: 'a "quoted", {braced} \\ NULL message',
        } as const;
        rows48[1] = { ...hour(1), checks: [odd], uncertaintyWh: null, meanSourceC: -1.25 };
        const { upload: u, replaced } = await insertUpload(db, a, upload(meters.heat.id, 48), rows48);
        expect(replaced).toBe(0);
        expect(u).toMatchObject({
          meterId: meters.heat.id,
          fileName: 'meter.csv',
          sizeBytes: 12_345,
          rowCount: 2880,
          intervalCount: 48,
          rangeStart: T0,
          rangeEnd: T0 + 48 * HOUR_MS,
          checks: [{ code: 'gap', severity: 'warning', message: 'a 20 min gap' }],
          createdBy: 'alice@example.org',
          createdAt: at,
        });
        expect(await getUpload(db, u.id)).toEqual(u);
        expect(await listUploads(db, meters.heat.id)).toEqual([u]);
        expect(await findUploadByHash(db, meters.heat.id, u.sha256)).toEqual(u);

        const { rows, sums } = await readIntervals(db, { meterId: meters.heat.id }, T0, T0 + 24 * HOUR_MS);
        expect(rows).toHaveLength(24);
        expect(rows[0]).toEqual({ ...hour(0), meterId: meters.heat.id, uploadId: u.id });
        expect(rows[1]).toEqual({ ...rows48[1], meterId: meters.heat.id, uploadId: u.id });
        // sum over i = 0..23 of (1000 + i) = 24,000 + 276
        expect(sums).toEqual({
          intervals: 24,
          heatWh: 24_276,
          coolWh: 0,
          defrostWh: 8 * (0 + 1 + 2),
          transientWh: 24,
          excludedWh: 0,
          elecWh: rows.reduce((s, r) => s + r.elecWh, 0),
          excludedElecWh: 0,
          coverageS: 24 * 3600,
          uncertaintyWh: 23 * 20, // hour 1 has no bound
        });
        expect(typeof sums.heatWh).toBe('number');
      });

      it('sums are exact integers where doubles would round', async () => {
        // 2^50 + 1 Wh per hour, 7 hours: 7 * 2^50 + 7 < 2^53. As float sums of a float column this would
        // be exact too, but stored as REAL/double any value above 2^53 would silently round; here each value
        // and the sum come back as integers, checked to be safe.
        const big = 2 ** 50 + 1;
        const rows = Array.from({ length: 7 }, (_, i) => hour(i, big));
        await insertUpload(db, action(), upload(meters.heat.id, 7), rows);
        const sums = await sumIntervals(db, { meterId: meters.heat.id }, T0, T0 + 7 * HOUR_MS);
        expect(BigInt(sums.heatWh)).toBe(7n * BigInt(big));
        expect(Number.isSafeInteger(sums.heatWh)).toBe(true);
        // A system sums its meters: the electricity meter's hours add to the heat meter's.
        await insertUpload(db, action(), upload(meters.elec.id, 7, 0, 'b'), hours(7));
        const system = await readIntervals(db, { systemId: meters.system.id }, T0, T0 + 7 * HOUR_MS);
        expect(system.rows).toHaveLength(14);
        expect(system.sums.heatWh).toBe(7 * big + 7 * 1000 + 21);
        expect(system.sums.intervals).toBe(14);
      });

      it('sums many systems in one query, by organisation or by the ids given', async () => {
        const a = action();
        const other = await createSystem(db, a, {
          siteId: meters.site.id,
          name: 'GSHP 2',
          technology: 'ground-source',
          ratedCapacityW: 10_000,
          ratedCop: 4,
        });
        const otherMeter = await createMeter(db, a, { systemId: other.id, kind: 'heat' });
        await insertUpload(db, a, upload(meters.heat.id, 10), hours(10));
        await insertUpload(db, a, upload(otherMeter.id, 4, 2), hours(4, 2));
        const month = [T0, T0 + 100 * HOUR_MS] as const;
        const byOrg = await sumIntervalsBySystem(db, { organisationId: meters.org.id }, ...month);
        expect(byOrg.map((x) => [x.systemId, x.sums.intervals, x.sums.heatWh])).toEqual(
          [
            [meters.system.id, 10, 10_045], // sum of 1000 + i, i = 0..9
            [other.id, 4, 4014], // i = 2..5
          ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
        );
        for (const { systemId, sums } of byOrg)
          expect(sums).toEqual(await sumIntervals(db, { systemId }, ...month));
        expect(await sumIntervalsBySystem(db, { systemIds: [other.id] }, ...month)).toEqual([byOrg[1]]);
        expect(await sumIntervalsBySystem(db, { systemIds: [] }, ...month)).toEqual([]);
        expect(await sumIntervalsBySystem(db, { organisationId: 'org_nope' }, ...month)).toEqual([]);
      });

      it('writes every batch or none: one duplicate hour rolls the whole upload back', async () => {
        const before = await counts(db);
        const batch = intervalBatchRows(backend.dialect);
        const n = batch + 500; // more than one batch: the first batch is written before the failure
        const rows = hours(n);
        rows.push(hour(3)); // a duplicate hour in the last batch
        await expect(insertUpload(db, action(), upload(meters.heat.id, n), rows)).rejects.toThrow();
        expect(await counts(db)).toEqual(before);
      });

      it('rolls back an interrupted upload (the intervals fail half-way) and one outside its range', async () => {
        const before = await counts(db);
        async function* interrupted() {
          yield* hours(3000);
          await Promise.resolve();
          throw new Error('the file ended half-way');
        }
        await expect(insertUpload(db, action(), upload(meters.heat.id, 3000), interrupted())).rejects.toThrow(
          'the file ended half-way',
        );
        await expect(insertUpload(db, action(), upload(meters.heat.id, 2), hours(3))).rejects.toThrow(
          /outside the upload's range/,
        );
        const wild = { ...upload(meters.heat.id, 1), rangeStart: 0 }; // 1970: a timestamp error
        await expect(insertUpload(db, action(), wild, hours(1))).rejects.toThrow(/spans more than 20 years/);
        expect(await counts(db)).toEqual(before);
      });

      it('refuses the same file (content hash) for the same meter by constraint; another meter may have it', async () => {
        await insertUpload(db, action(), upload(meters.heat.id, 2), hours(2));
        const before = await counts(db);
        const again = await insertUpload(db, action(), upload(meters.heat.id, 2, 10), hours(2, 10)).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isUniqueViolation(again)).toBe(true);
        expect(await counts(db)).toEqual(before);
        await insertUpload(db, action(), upload(meters.elec.id, 2), hours(2));
        expect(await count(db, 'uploads')).toBe(2);
      });

      it('refuses an hour stored twice across uploads, and finds the overlap', async () => {
        const first = await insertUpload(db, action(), upload(meters.heat.id, 10), hours(10));
        const second = await insertUpload(db, action(), upload(meters.heat.id, 5, 20, 'c'), hours(5, 20));
        await expect(
          insertUpload(db, action(), upload(meters.heat.id, 5, 8, 'd'), hours(5, 8)),
        ).rejects.toThrow();

        expect(await storedOverlap(db, meters.heat.id, T0 + 8 * HOUR_MS, T0 + 13 * HOUR_MS)).toEqual({
          from: T0 + 8 * HOUR_MS,
          to: T0 + 10 * HOUR_MS,
          intervals: 2,
          uploadIds: [first.upload.id],
        });
        const both = await storedOverlap(db, meters.heat.id, T0, T0 + 100 * HOUR_MS);
        expect(both).toEqual({
          from: T0,
          to: T0 + 25 * HOUR_MS,
          intervals: 15,
          uploadIds: [first.upload.id, second.upload.id].sort(),
        });
        expect(await storedOverlap(db, meters.heat.id, T0 + 10 * HOUR_MS, T0 + 20 * HOUR_MS)).toBeUndefined();
        expect(await storedOverlap(db, meters.elec.id, T0, T0 + 100 * HOUR_MS)).toBeUndefined();
      });

      it('replaces the stored hours of the upload range when asked, in the same transaction', async () => {
        await insertUpload(db, action(), upload(meters.heat.id, 10), hours(10));
        const replacement = hours(4, 4).map((r) => ({ ...r, heatWh: 7 }));
        const { replaced } = await insertUpload(
          db,
          action(),
          upload(meters.heat.id, 4, 4, 'e'),
          replacement,
          {
            replace: true,
          },
        );
        expect(replaced).toBe(4);
        const { rows } = await readIntervals(db, { meterId: meters.heat.id }, T0, T0 + 10 * HOUR_MS);
        expect(rows.map((r) => r.heatWh)).toEqual([1000, 1001, 1002, 1003, 7, 7, 7, 7, 1008, 1009]);
      });

      it.runIf(backend.dialect === 'postgres')(
        'partitions interval_energy by UTC month, made on demand and idempotently',
        async () => {
          expect(await monthPartitions(db)).toEqual([]);
          // 2024-01-31T20:00Z + 8 h reaches 2024-02-01T04:00Z: two months.
          await insertUpload(db, action(), upload(meters.heat.id, 8), hours(8));
          expect(await monthPartitions(db)).toEqual(['interval_energy_y2024m01', 'interval_energy_y2024m02']);
          expect(await ensureMonthPartitions(db, T0, T0 + 8 * HOUR_MS)).toEqual([]);
          const rows = await sql<{ part: string; n: string }>`
            select tableoid::regclass::text as part, count(*)::text as n from interval_energy group by 1 order by 1`.execute(
            db,
          );
          expect(rows.rows).toEqual([
            { part: 'interval_energy_y2024m01', n: '4' },
            { part: 'interval_energy_y2024m02', n: '4' },
          ]);
          const kind = await sql<{ relkind: string }>`
            select relkind from pg_class where oid = to_regclass('interval_energy')`.execute(db);
          expect(kind.rows[0]?.relkind).toBe('p');
        },
      );
    });
  });
}
