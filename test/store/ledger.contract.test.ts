// The ledger store contract (src/store/ledger.ts, migration 0002): the same cases against every backend of
// backends.ts (SQLite file and :memory: always, PostgreSQL when TREC_TEST_PG_URL is set).
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Check } from '../../src/core/index.ts';
import { canonicalJson, InputError } from '../../src/core/index.ts';
import {
  GENESIS_HASH,
  HOUR_MS,
  MIGRATIONS,
  PERIOD_SUMS_CHUNK,
  appliedMigrations,
  createMeter,
  createOrganisation,
  createSite,
  createSystem,
  eventHash,
  insertUpload,
  migrateToLatest,
  sequentialIds,
  type Action,
  type Database,
  type IntervalRow,
} from '../../src/store/index.ts';
import { BACKENDS, type Opened } from './backends.ts';
import { AT, issue, newIssuance, registered, smallLedger, storeRegistryOf } from './ledger-fixture.ts';

let ids = sequentialIds();
const action = (): Action => ({ ids, by: 'alice@example.org', at: AT });

async function count(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const FEB = Date.UTC(2026, 1, 1);
const error = (start: number): Check => ({
  code: 'flow-out-of-range',
  severity: 'error',
  message: 'flow above qs',
  start: new Date(start).toISOString(),
});
const warning = (start: number): Check => ({
  code: 'gap',
  severity: 'warning',
  message: 'a gap',
  start: new Date(start).toISOString(),
});
const row = (start: number, over: Partial<IntervalRow> = {}): IntervalRow => ({
  start,
  heatWh: 0,
  coolWh: 0,
  defrostWh: 0,
  transientWh: 0,
  excludedWh: 0,
  elecWh: 0,
  excludedElecWh: 0,
  coverageS: 3600,
  uncertaintyWh: null,
  meanSupplyC: null,
  meanSourceC: null,
  checks: null,
  ...over,
});
const h = (i: number) => FEB + i * HOUR_MS;

async function store(
  db: Kysely<Database>,
  meterId: string,
  rows: IntervalRow[],
  sha: string,
  options: { replace?: boolean; from?: number; to?: number } = {},
) {
  const starts = rows.map((r) => r.start);
  return insertUpload(
    db,
    action(),
    {
      meterId,
      fileName: `${sha}.csv`,
      sha256: sha.repeat(64).slice(0, 64),
      sizeBytes: 1,
      rowCount: rows.length,
      rangeStart: options.from ?? Math.min(...starts),
      rangeEnd: options.to ?? Math.max(...starts) + HOUR_MS,
      checks: [],
    },
    rows,
    { replace: options.replace ?? false },
  );
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`ledger store: ${backend.name}`, () => {
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

    it('migration 0002 applies on a 0001 database with rows, backfilling error_checks from checks_json', async () => {
      await migrateToLatest(db, { migrations: { '0001_registry': MIGRATIONS['0001_registry']! } });
      expect(await appliedMigrations(db)).toEqual(['0001_registry']);
      const a = action();
      const org = await createOrganisation(db, a, { name: 'Old Co' });
      const site = await createSite(db, a, {
        organisationId: org.id,
        name: 's',
        state: 'MD',
        timeZone: 'UTC',
      });
      const system = await createSystem(db, a, {
        siteId: site.id,
        name: 'x',
        technology: 'ground-source',
        ratedCapacityW: 1,
        ratedCop: 3,
      });
      const meter = await createMeter(db, a, { systemId: system.id, kind: 'heat' });
      if (backend.dialect === 'postgres')
        await sql`create table interval_energy_y2026m02 partition of interval_energy for values from (${sql.lit(FEB)}) to (${sql.lit(Date.UTC(2026, 2, 1))})`.execute(
          db,
        );
      await sql`insert into enrolments (id, system_id, program_id, program_version, start_on, created_by, created_at)
        values ('enr_old', ${system.id}, 'p', '1', '2026-01-01', 'x', 0)`.execute(db);
      await sql`insert into uploads (id, meter_id, file_name, sha256, size_bytes, row_count, interval_count, checks_json, created_by, created_at)
        values ('upl_old', ${meter.id}, 'old.csv', ${'c'.repeat(64)}, 1, 1, 4, '[]', 'x', 0)`.execute(db);
      // Hour 0: none; 1: a warning; 2: two errors and a warning; 3: one error.
      const checks = [
        null,
        JSON.stringify([warning(h(1))]),
        JSON.stringify([error(h(2)), warning(h(2)), error(h(2))]),
        JSON.stringify([error(h(3))]),
      ];
      for (let i = 0; i < 4; i++)
        await sql`insert into interval_energy (meter_id, start, upload_id, heat_wh, cool_wh, defrost_wh, transient_wh, excluded_wh, elec_wh, excluded_elec_wh, coverage_s, checks_json)
          values (${meter.id}, ${h(i)}, 'upl_old', 100, 0, 0, 0, 0, 0, 0, 3600, ${checks[i]})`.execute(db);

      // 0003 (the API's) and 0004 (the daily rollup, backfilled from these hours) follow.
      expect(await migrateToLatest(db)).toEqual([
        '0002_ledger',
        '0003_api',
        '0004_rollup',
        '0005_readings',
        '0006_live',
        '0007_enrolment_multiplier',
      ]);
      // One UTC day, four hours of 100 Wh, hours 2 and 3 with errors: 200 Wh counted, 200 Wh held.
      const daily = await db.selectFrom('interval_energy_daily').selectAll().execute();
      expect(
        daily.map((d) => [
          d.system_id,
          Number(d.day_start),
          Number(d.day_end),
          Number(d.hours),
          Number(d.error_hours),
          Number(d.heat_wh),
          Number(d.clean_heat_wh),
          Number(d.held_heat_wh),
          Number(d.clean_heat_coverage_s),
        ]),
      ).toEqual([[system.id, FEB, FEB + 24 * 3_600_000, 4, 2, 400, 200, 200, 7200]]);
      const hours = await db
        .selectFrom('interval_energy')
        .select(['start', 'error_checks'])
        .orderBy('start')
        .execute();
      expect(hours.map((r) => Number(r.error_checks))).toEqual([0, 0, 2, 1]);
      const enrolment = await db.selectFrom('enrolments').selectAll().executeTakeFirstOrThrow();
      expect([enrolment.account_id, enrolment.conservative, enrolment.cap_at_physical]).toEqual([null, 0, 0]);
      for (const table of ['issuances', 'batches', 'transfers', 'attestations', 'ledger_events'] as const)
        expect(await count(db, table)).toBe(0);
    });

    describe('on the latest schema', () => {
      beforeEach(async () => {
        await migrateToLatest(db);
      });

      it('stores the enrolment account and choices, and the ingest counts each hour’s error checks', async () => {
        const a = action();
        const reg = await registered(db, a);
        const registry = storeRegistryOf(db);
        const account = await registry.createAccount(a, { organisationId: reg.org.id, name: 'trading' });
        const e = await registry.createEnrolment(a, {
          systemId: reg.system.id,
          programId: 'nh-thermal',
          programVersion: '1',
          startOn: '2026-02-01',
          accountId: account.id,
          conservative: true,
          capAtPhysical: true,
        });
        expect([e.accountId, e.conservative, e.capAtPhysical]).toEqual([account.id, true, true]);
        expect((await registry.listEnrolments(reg.system.id)).find((x) => x.id === e.id)).toEqual(e);
        await store(
          db,
          reg.heat.id,
          [
            row(h(0), { checks: [warning(h(0))] }),
            row(h(1), { checks: [error(h(1)), error(h(1)), warning(h(1))] }),
          ],
          'a',
        );
        const stored = await db
          .selectFrom('interval_energy')
          .select(['start', 'error_checks'])
          .orderBy('start')
          .execute();
        expect(stored.map((r) => Number(r.error_checks))).toEqual([0, 2]);
      });

      it('makes accounts and allow-lists (idempotently); refuses an unknown account', async () => {
        const a = action();
        const reg = await registered(db, a);
        const registry = storeRegistryOf(db);
        const trading = await registry.createAccount(a, { organisationId: reg.org.id, name: 'trading' });
        expect(trading).toMatchObject({ organisationId: reg.org.id, name: 'trading', isDefault: false });
        await registry.allowTransfers(a, {
          accountId: trading.id,
          fromAccountId: reg.other.defaultAccountId,
        });
        await registry.allowTransfers(a, {
          accountId: trading.id,
          fromAccountId: reg.other.defaultAccountId,
        });
        await registry.allowTransfers(a, { accountId: trading.id, fromAccountId: reg.org.defaultAccountId });
        expect((await registry.getAccount(trading.id))?.allowsFrom).toEqual(
          [reg.other.defaultAccountId, reg.org.defaultAccountId].sort(),
        );
        expect(await registry.getAccount('acct_nope')).toBeUndefined();
        await expect(
          registry.allowTransfers(a, { accountId: trading.id, fromAccountId: 'acct_nope' }),
        ).rejects.toBeInstanceOf(InputError);
        expect((await registry.listAudit({ entityId: trading.id })).map((e) => e.action)).toEqual([
          'account.create',
          'account.allow',
          'account.allow',
        ]);
      });

      it('claims an (enrolment, period) once: the second claim is undefined and writes nothing', async () => {
        const a = action();
        const reg = await registered(db, a);
        const registry = storeRegistryOf(db);
        const input = newIssuance({
          enrolmentId: reg.enrolment.id,
          systemId: reg.system.id,
          accountId: reg.org.defaultAccountId,
        });
        const first = await registry.claimIssuance(a, input);
        expect(first).toMatchObject({ ...input, checks: [...input.checks], createdBy: a.by, createdAt: AT });
        expect(first?.id).toMatch(/^iss_/);
        expect(await registry.getIssuance(first!.id)).toEqual(first);
        const before = await Promise.all(
          (['issuances', 'audit_log', 'ledger_events'] as const).map((t) => count(db, t)),
        );
        expect(await registry.claimIssuance(a, { ...input, certificates: 99 })).toBeUndefined();
        // Inside a transaction too (PostgreSQL: the conflict must not abort it).
        await registry.transaction(async (tx) => {
          expect(await tx.claimIssuance(a, input)).toBeUndefined();
          expect(await tx.getIssuance(first!.id)).toEqual(first);
        });
        expect(
          await Promise.all((['issuances', 'audit_log', 'ledger_events'] as const).map((t) => count(db, t))),
        ).toEqual(before);
        expect(await registry.listIssuances({ enrolmentId: reg.enrolment.id })).toEqual([first]);
        // Another period of the same enrolment, and the same period of another, are claims of their own.
        const q4 = await registry.claimIssuance(a, {
          ...input,
          period: '2026-Q4',
          periodStart: Date.UTC(2026, 9, 1),
          periodEnd: Date.UTC(2027, 0, 1),
        });
        const other = await registry.claimIssuance(a, {
          ...input,
          enrolmentId: reg.enrolment2.id,
          systemId: reg.second.id,
        });
        expect(q4 && other).toBeTruthy();
        expect((await registry.listIssuances({ period: '2026-Q3' })).map((i) => i.id)).toEqual(
          [first!.id, other!.id].sort(),
        );
        // The generation is stored as canonical JSON (sorted members, fractions allowed).
        const g = await db
          .selectFrom('issuances')
          .select('generation_json')
          .where('id', '=', first!.id)
          .executeTakeFirstOrThrow();
        expect(g.generation_json).toBe(canonicalJson(input.generation, { fractions: true }));
      });

      it('reserves serial ranges that never overlap, from 1 per prefix; a rolled-back reservation is undone', async () => {
        const registry = storeRegistryOf(db);
        expect(await registry.reserveSerials('P', 10)).toEqual({ first: 1, last: 10 });
        expect(await registry.reserveSerials('P', 5)).toEqual({ first: 11, last: 15 });
        expect(await registry.reserveSerials('Q', 3)).toEqual({ first: 1, last: 3 });
        await expect(
          registry.transaction(async (tx) => {
            await tx.reserveSerials('P', 100);
            throw new Error('issuance failed');
          }),
        ).rejects.toThrow('issuance failed');
        expect(await registry.reserveSerials('P', 1)).toEqual({ first: 16, last: 16 });
        await expect(registry.reserveSerials('P', 0)).rejects.toThrow(/count 0/);
        // Concurrent reservations (PostgreSQL: on several pooled connections at once).
        const ranges = await Promise.all(
          Array.from({ length: 20 }, (_, k) => registry.reserveSerials('R', k + 1)),
        );
        const sorted = [...ranges].sort((x, y) => x.first - y.first);
        let next = 1;
        for (const r of sorted) {
          expect(r.first).toBe(next);
          next = r.last + 1;
        }
        // 1 + 2 + ... + 20 = 210 serials, contiguous.
        expect(next - 1).toBe(210);
      });

      it('records an attestation once', async () => {
        const a = action();
        const reg = await registered(db, a);
        const registry = storeRegistryOf(db);
        const att = await registry.recordAttestation(a, {
          enrolmentId: reg.enrolment.id,
          period: '2026-Q3',
          by: 'Monitor Inc',
          note: 'site visit',
        });
        expect(att).toEqual({
          enrolmentId: reg.enrolment.id,
          period: '2026-Q3',
          by: 'Monitor Inc',
          note: 'site visit',
          createdBy: a.by,
          createdAt: AT,
        });
        expect(await registry.getAttestation(reg.enrolment.id, '2026-Q3')).toEqual(att);
        expect(await registry.getAttestation(reg.enrolment.id, '2026-Q4')).toBeUndefined();
        await expect(
          registry.recordAttestation(a, { enrolmentId: reg.enrolment.id, period: '2026-Q3', by: 'Other' }),
        ).rejects.toThrow(/attested already, by Monitor Inc/);
      });

      it('keeps batches, transfers and the chain; decides a transfer only while pending', async () => {
        const a = action();
        const l = await smallLedger(db, a);
        const registry = l.registry;
        expect(await registry.getBatch(l.root.id)).toMatchObject({
          status: 'split',
          first: 1,
          last: 10,
          quantity: 10,
        });
        expect(
          (await registry.listBatches({ accountId: l.B })).map((b) => [b.first, b.last, b.status]),
        ).toEqual([[5, 10, 'active']]);
        expect((await registry.listBatches({ status: 'retired' })).map((b) => b.id)).toEqual([l.low.id]);
        expect((await registry.listBatches({ issuanceId: l.root.issuanceId })).length).toBe(3);
        expect(await registry.getTransfer(l.transfer.id)).toMatchObject({
          status: 'accepted',
          decidedBy: a.by,
          decidedAt: AT,
        });
        expect((await registry.listTransfers({ accountId: l.B })).map((t) => t.id)).toEqual([l.transfer.id]);
        expect(await registry.listTransfers({ status: 'pending' })).toEqual([]);
        await expect(registry.decideTransfer(a, l.transfer.id, 'rejected')).rejects.toThrow(
          /is accepted, not pending/,
        );
        await expect(registry.decideTransfer(a, 'trf_nope', 'rejected')).rejects.toBeInstanceOf(InputError);
        // A batch whose quantity is not last - first + 1 is refused by constraint.
        await expect(
          registry.createBatch(a, { ...l.low, id: undefined, first: 20, last: 29, quantity: 9 } as never),
        ).rejects.toThrow();

        const events = await registry.listEvents();
        expect(events.map((e) => [e.seq, e.type])).toEqual([
          [1, 'issue'],
          [2, 'split'],
          [3, 'transfer.request'],
          [4, 'transfer.accept'],
          [5, 'retire'],
        ]);
        expect(events[0]?.prevHash).toBe(GENESIS_HASH);
        for (let k = 1; k < events.length; k++) expect(events[k]?.prevHash).toBe(events[k - 1]?.hash);
        // hash = sha256(prevHash + canonicalJson({ seq, at, actor, type, payload })), recomputed here.
        const { createHash } = await import('node:crypto');
        const e2 = events[1]!;
        expect(e2.hash).toBe(
          createHash('sha256')
            .update(
              e2.prevHash +
                canonicalJson({
                  seq: e2.seq,
                  at: e2.at,
                  actor: e2.actor,
                  type: e2.type,
                  payload: e2.payload,
                }),
            )
            .digest('hex'),
        );
        expect((await registry.listEvents({ fromSeq: 4 })).map((e) => e.seq)).toEqual([4, 5]);
        await expect(registry.appendEvent(a, { type: 'mint', payload: {} })).rejects.toThrow(
          /unknown event type/,
        );
        await expect(
          registry.appendEvent(a, { type: 'withdraw', payload: { batchId: 'x', reason: 1 } }),
        ).rejects.toThrow(/reason is 1, not text/);
        expect(await count(db, 'ledger_events')).toBe(5);
      });

      it('appends concurrent events (PostgreSQL: on several pooled connections at once) to one chain', async () => {
        const a = action();
        const reg = await registered(db, a);
        const registry = storeRegistryOf(db);
        const claims = await Promise.all(
          Array.from({ length: 12 }, (_, m) =>
            registry.claimIssuance(
              a,
              newIssuance({
                enrolmentId: reg.enrolment.id,
                systemId: reg.system.id,
                accountId: reg.org.defaultAccountId,
                period: `2025-${String(m + 1).padStart(2, '0')}`,
                periodStart: Date.UTC(2025, m, 1),
                periodEnd: Date.UTC(2025, m + 1, 1),
                certificates: 0,
              }),
            ),
          ),
        );
        await Promise.all(
          claims.map((i) =>
            registry.appendEvent(a, {
              type: 'issue',
              payload: { issuanceId: i!.id, enrolmentId: i!.enrolmentId, period: i!.period, batch: null },
            }),
          ),
        );
        const events = await registry.listEvents();
        expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, k) => k + 1));
        expect(await registry.verifyLedger()).toMatchObject({ ok: true, events: 12, balances: [] });
      });

      describe('verifyLedger', () => {
        it('a clean chain verifies, with the balances of the replay', async () => {
          await smallLedger(db, action());
          const l = await storeRegistryOf(db).verifyLedger();
          expect(l).toMatchObject({ ok: true, events: 5, firstBroken: null, problems: [] });
          // By hand (ledger-fixture.ts): A retired 1-4 = 4; B holds 5-10 = 6.
          const reg = await db
            .selectFrom('organisations')
            .innerJoin('accounts', 'accounts.organisation_id', 'organisations.id')
            .select(['organisations.name', 'accounts.id'])
            .execute();
          const acct = (name: string) => reg.find((r) => r.name === name)!.id;
          expect(l.balances).toEqual(
            [
              { accountId: acct('Acme Heat'), unit: 'MWh', active: 0, pending: 0, retired: 4 },
              { accountId: acct('Buyer Co'), unit: 'MWh', active: 6, pending: 0, retired: 0 },
            ].sort((x, y) => (x.accountId < y.accountId ? -1 : 1)),
          );
          expect((await storeRegistryOf(db).verifyLedger()).ok).toBe(true);
        });

        it('an empty ledger verifies', async () => {
          expect(await storeRegistryOf(db).verifyLedger()).toEqual({
            ok: true,
            events: 0,
            firstBroken: null,
            problems: [],
            balances: [],
          });
        });

        it('a changed payload breaks the chain at that event', async () => {
          const l = await smallLedger(db, action());
          await sql`update ledger_events set payload_json = ${canonicalJson({ batchId: l.low.id, beneficiary: 'Someone else', reason: 'RPS', claimPeriod: '2026' })} where seq = 5`.execute(
            db,
          );
          const v = await storeRegistryOf(db).verifyLedger();
          expect(v.ok).toBe(false);
          expect(v.firstBroken?.seq).toBe(5);
          expect(v.firstBroken?.reason).toMatch(/event 5's hash does not match its content/);
        });

        it('a deleted event is a gap', async () => {
          await smallLedger(db, action());
          await sql`delete from ledger_events where seq = 3`.execute(db);
          const v = await storeRegistryOf(db).verifyLedger();
          expect(v.ok).toBe(false);
          expect(v.firstBroken).toEqual({
            seq: 3,
            reason: 'event 3 is missing (the chain goes from 2 to 4)',
          });
          expect(v.problems.join('\n')).toMatch(/event 4's prev_hash/);
        });

        it('a deleted last event leaves the tables disagreeing with the chain', async () => {
          const l = await smallLedger(db, action());
          await sql`delete from ledger_events where seq = 5`.execute(db);
          const v = await storeRegistryOf(db).verifyLedger();
          expect(v.ok).toBe(false);
          expect(v.firstBroken?.reason).toMatch(
            new RegExp(`batch ${l.low.id}: the table has status "retired", the events "active"`),
          );
        });

        it('an inserted event: with a made-up hash, and with a correct hash the tables do not follow', async () => {
          const l = await smallLedger(db, action());
          const head = await db
            .selectFrom('ledger_events')
            .select('hash')
            .where('seq', '=', 5)
            .executeTakeFirstOrThrow();
          const payload = canonicalJson({ batchId: l.high.id, reason: 'sneaky' });
          const fields = { seq: 6, at: AT, actor: 'mallory', type: 'withdraw' };
          await sql`insert into ledger_events (seq, at, actor, type, payload_json, prev_hash, hash)
            values (6, ${AT}, 'mallory', 'withdraw', ${payload}, ${head.hash}, ${'a'.repeat(64)})`.execute(
            db,
          );
          let v = await storeRegistryOf(db).verifyLedger();
          expect(v.ok).toBe(false);
          expect(v.firstBroken?.seq).toBe(6);
          expect(v.firstBroken?.reason).toMatch(/event 6's hash does not match/);

          await sql`update ledger_events set hash = ${eventHash(head.hash, fields, payload)} where seq = 6`.execute(
            db,
          );
          v = await storeRegistryOf(db).verifyLedger();
          expect(v.ok).toBe(false);
          expect(v.firstBroken).toEqual({
            seq: 6,
            reason: `batch ${l.high.id}: the table has status "active", the events "withdrawn" (set by event 6)`,
          });
        });

        it('a batch row whose account was changed by SQL names the batch and the event that last set it', async () => {
          const l = await smallLedger(db, action());
          await sql`update batches set account_id = ${l.A} where id = ${l.high.id}`.execute(db);
          const v = await storeRegistryOf(db).verifyLedger();
          expect(v.ok).toBe(false);
          // The transfer's acceptance (event 4) last set batch high.
          expect(v.firstBroken).toEqual({
            seq: 4,
            reason: `batch ${l.high.id}: the table has account_id ${JSON.stringify(l.A)}, the events ${JSON.stringify(l.B)} (set by event 4)`,
          });
          // The balances are the chain's, not the tables'.
          expect(v.balances.find((b) => b.accountId === l.B)?.active).toBe(6);
        });

        it('a batch or issuance row inserted by SQL, and a deleted batch row, are named', async () => {
          const l = await smallLedger(db, action());
          await sql`insert into batches (id, issuance_id, parent_id, account_id, serial_prefix, serial_first, serial_last, quantity, unit, vintage, status, created_by, created_at)
            values ('bat_forged', ${l.root.issuanceId}, null, ${l.B}, 'X', 1, 1000, 1000, 'MWh', '2026-Q3', 'active', 'mallory', 0)`.execute(
            db,
          );
          let v = await storeRegistryOf(db).verifyLedger();
          expect(v.ok).toBe(false);
          expect(v.firstBroken).toEqual({
            seq: null,
            reason: `batch bat_forged (X 1-1000, account ${l.B}) is in the batches table but no event made it`,
          });
          await sql`delete from batches where id = 'bat_forged'`.execute(db);
          await sql`update batches set parent_id = null where id = ${l.low.id}`.execute(db);
          v = await storeRegistryOf(db).verifyLedger();
          // The retirement (event 5) set batch low last.
          expect(v.firstBroken?.seq).toBe(5);
          expect(v.firstBroken?.reason).toMatch(
            new RegExp(`batch ${l.low.id}: the table has parent_id null`),
          );
          await sql`update batches set parent_id = ${l.root.id} where id = ${l.low.id}`.execute(db);
          expect((await storeRegistryOf(db).verifyLedger()).ok).toBe(true);
          await sql`delete from batches where id = ${l.low.id}`.execute(db);
          v = await storeRegistryOf(db).verifyLedger();
          expect(v.firstBroken?.reason).toMatch(
            new RegExp(`batch ${l.low.id} .* is not in the batches table`),
          );
          expect(v.firstBroken?.seq).toBe(5);
        });

        it('an issuance without its issue event is named', async () => {
          const a = action();
          const l = await smallLedger(db, a);
          await l.registry.claimIssuance(
            a,
            newIssuance({ enrolmentId: l.enrolment2.id, systemId: l.second.id, accountId: l.A }),
          );
          const v = await storeRegistryOf(db).verifyLedger();
          expect(v.ok).toBe(false);
          expect(v.firstBroken?.reason).toMatch(/is in the issuances table but no issue event records it/);
        });
      });

      it('sums a period per system: error hours held across the system’s meters, heat coverage only', async () => {
        const a = action();
        const reg = await registered(db, a);
        const registry = storeRegistryOf(db);
        const heat = [1000, 1100, 1200, 1300, 1400, 1500];
        const cover = [3600, 3600, 1800, 3600, 3600, 3600];
        await store(
          db,
          reg.heat.id,
          [
            row(h(-1), { heatWh: 99_999 }), // before the range
            ...heat.map((wh, i) =>
              row(h(i), {
                heatWh: wh,
                coolWh: i === 2 ? 50 : 0,
                coverageS: cover[i]!,
                uncertaintyWh: 20,
                excludedWh: i === 3 ? 7 : 0,
                checks: i === 1 ? [error(h(1))] : i === 3 ? [warning(h(3))] : null,
              }),
            ),
            row(h(6), { heatWh: 88_888 }), // at the range's end: outside [from, to)
          ],
          'a',
        );
        await store(
          db,
          reg.elec.id,
          [300, 310, 320, 330, 340, 350].map((wh, i) =>
            row(h(i), { elecWh: wh, coverageS: 600, checks: i === 4 ? [error(h(4))] : null }),
          ),
          'b',
        );
        await store(
          db,
          reg.heat2.id,
          [0, 1, 2].map((i) => row(h(i), { heatWh: 10, coverageS: 3000 })),
          'c',
        );
        // 1,201 ids: the system sits in the second chunk of 500; unknown ids give zeros.
        const idsAsked = Array.from({ length: 1201 }, (_, k) => `sys_none${k}`);
        idsAsked[700] = reg.system.id;
        idsAsked[PERIOD_SUMS_CHUNK] = reg.second.id;
        const sums = await registry.periodSums(idsAsked, h(0), h(6));
        expect(sums.size).toBe(1201);
        // By hand. Error hours: 1 (heat meter) and 4 (electricity meter): both meters' rows held. Counted
        // hours 0, 2, 3, 5: heat 1000 + 1200 + 1300 + 1500 = 5000; cooling 50 (hour 2); electricity
        // 300 + 320 + 330 + 350 = 1300; uncertainty 4 x 20 = 80; heat coverage 3600 + 1800 + 3600 + 3600 =
        // 12600 (the electricity meter's 600 s not counted); held heat 1100 + 1400 = 2500; excluded 7.
        expect(sums.get(reg.system.id)).toEqual({
          systemId: reg.system.id,
          hours: 6,
          heatWh: 5000,
          coolWh: 50,
          elecWh: 1300,
          uncertaintyWh: 80,
          coverageS: 12_600,
          heldHeatWh: 2500,
          heldCoolWh: 0,
          errorHours: 2,
          excludedWh: 7,
        });
        // The second system: 3 hours x 10 Wh, 3 x 3000 s.
        expect(sums.get(reg.second.id)).toMatchObject({
          hours: 3,
          heatWh: 30,
          coverageS: 9000,
          errorHours: 0,
        });
        expect(sums.get('sys_none3')).toMatchObject({ hours: 0, heatWh: 0, coverageS: 0 });
        expect((await registry.periodSums([], h(0), h(6))).size).toBe(0);

        expect(await registry.uploadsInRange(reg.system.id, h(0), h(6))).toEqual([
          { sha256: 'a'.repeat(64), fileName: 'a.csv' },
          { sha256: 'b'.repeat(64), fileName: 'b.csv' },
        ]);
        expect(await registry.uploadsInRange(reg.second.id, h(3), h(6))).toEqual([]);
        expect(await registry.uploadsInRange(reg.second.id, h(0), h(1))).toEqual([
          { sha256: 'c'.repeat(64), fileName: 'c.csv' },
        ]);
      });

      it('refuses --replace over stored hours of an issued period, naming the period and the range', async () => {
        const a = action();
        const reg = await registered(db, a);
        const registry = storeRegistryOf(db);
        const feb = [0, 1, 2].map((i) => row(h(i), { heatWh: 100 }));
        await store(db, reg.heat.id, feb, 'a');
        await store(db, reg.heat2.id, feb, 'b');
        await issue(
          registry,
          a,
          newIssuance({
            enrolmentId: reg.enrolment.id,
            systemId: reg.system.id,
            accountId: reg.org.defaultAccountId,
            period: '2026-02',
            periodStart: FEB,
            periodEnd: Date.UTC(2026, 2, 1),
            certificates: 0,
          }),
        );
        const before = await count(db, 'interval_energy');
        const refused = await store(db, reg.heat.id, [row(h(1), { heatWh: 999 })], 'd', {
          replace: true,
        }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(refused).toBeInstanceOf(InputError);
        expect((refused as InputError).where).toMatchObject({ path: ['replace'], value: '2026-02' });
        expect((refused as InputError).message).toMatch(
          /2026-02-01T01:00:00.000Z to 2026-02-01T02:00:00.000Z inside period 2026-02 .* already issued/,
        );
        expect(await count(db, 'interval_energy')).toBe(before);
        // The electricity meter of the same system: its stored hours are in the issued period too... none
        // are stored, so a replace deletes nothing there and is allowed (new data: an adjustment).
        await store(db, reg.elec.id, [row(h(1), { elecWh: 5 })], 'e', { replace: true });
        // Another system's meter (not issued) may replace; so may the issued meter outside the period.
        await store(db, reg.heat2.id, [row(h(1), { heatWh: 999 })], 'f', { replace: true });
        await store(db, reg.heat.id, [row(Date.UTC(2026, 2, 1), { heatWh: 1 })], 'g');
        await store(db, reg.heat.id, [row(Date.UTC(2026, 2, 1), { heatWh: 2 })], 'h', { replace: true });
        const march = await db
          .selectFrom('interval_energy')
          .select('heat_wh')
          .where('meter_id', '=', reg.heat.id)
          .where('start', '=', Date.UTC(2026, 2, 1))
          .executeTakeFirstOrThrow();
        expect(Number(march.heat_wh)).toBe(2);
      });
    });
  });
}
