/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- answers are plain JSON, read untyped by design (as in test/contract, eslint.config.js) */
// Issue 10's use cases over HTTP (issue 11): issuance (dry run and real, once per period even when two
// requests race), attestations by an assigned monitor, certificate batches, transfers that the receiver
// accepts and the sender withdraws, retirements, admin-only withdrawals, ledger verification scoped to the
// caller, and 401/403/404-across-organisations for each of these resource types. On SQLite always, on
// PostgreSQL when TREC_TEST_PG_URL is set. The steps build on each other, in order.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.ts';
import { REGISTRY_BACKENDS, type Target } from '../helpers/registry-db.ts';
import { apiOn, world, type Json, type TestApi, type World } from './helpers.ts';

// The world's systems are 4-ton Maryland ground-source systems on the GREC formula (COP 3.5): 431.3 MWh a
// year (docs/api.md's calc example, 431 certificates; the formula's source: docs/methods.md). Q1 2024 in
// America/New_York is 1 Jan 00:00 EST to 1 Apr 00:00 EDT: 91 days x 24 h - 1 h (10 March, clocks forward)
// = 2,183 h, so the quarter counts 431.3 x 2,183 / 8,760 = 107.48 MWh: 107 whole certificates (any annual
// figure from 431.0 to 432.0 MWh gives 107.40 to 107.65, so 107).
const Q1_CERTIFICATES = 107;

for (const backend of REGISTRY_BACKENDS)
  describe.skipIf(backend.skip)(`API ledger (${backend.name})`, () => {
    let target: Target;
    let t: TestApi;
    let w: World;
    let aggC: string;
    let accountA: string;
    let accountB: string;
    let trading: string;
    let batchA: Json;
    let batchB: Json;
    beforeAll(async () => {
      target = await backend.open();
      t = apiOn(target.db);
      w = await world(t);
      const orgC = await t.call('POST', '/v1/organisations', {
        token: w.admin,
        json: { name: 'Harbor Buyer' },
      });
      aggC = await t.token({ role: 'aggregator', org: orgC.json.id as string });
      accountA = w.orgs.a.default_account_id as string;
      accountB = w.orgs.b.default_account_id as string;
    }, 60_000);
    afterAll(async () => {
      await t.close();
      await target.close();
    });

    const post = (path: string, token: string, json: unknown, key?: string) =>
      t.call('POST', path, { token, json, headers: key === undefined ? {} : { 'idempotency-key': key } });
    const get = (path: string, token: string) => t.call('GET', path, { token });
    /** The answer apart from ids and the request id: nothing tells "exists elsewhere" from "does not exist". */
    const strip = (j: Json) =>
      JSON.stringify(j)
        .replace(/"request_id":"[^"]+"/, '')
        .replace(/(bat|iss|trf|acct|enr)_[0-9a-z]+/g, 'ID');
    const batches = async (token: string, query = '') =>
      (await get(`/v1/batches${query}`, token)).json.batches as Json[];

    it('issuance: a dry run changes nothing; a real one needs an Idempotency-Key; viewers, installers and monitors may not', async () => {
      const dry = await post('/v1/issuance', w.tokens.aggregatorA, { period: '2024-Q1', dryRun: true });
      expect(dry.status, dry.text).toBe(200);
      expect(dry.json.dry_run).toBe(true);
      // Only the caller's organisation's enrolments are issued.
      expect(dry.json.issued.map((l: Json) => [l.enrolment, l.certificates, l.batch])).toEqual([
        [w.enrolments.a.id, Q1_CERTIFICATES, null],
      ]);
      expect(await batches(w.tokens.aggregatorA)).toEqual([]);
      const noKey = await post('/v1/issuance', w.tokens.aggregatorA, { period: '2024-Q1' });
      expect(noKey.status).toBe(400);
      expect(noKey.json.error.message).toMatch(/Idempotency-Key/);
      expect(await batches(w.admin)).toEqual([]);
      for (const token of [w.tokens.viewerA, w.tokens.installerA, w.tokens.monitorA]) {
        const r = await post('/v1/issuance', token, { period: '2024-Q1' }, `forbidden-${token.slice(-6)}`);
        expect(r.status, r.text).toBe(403);
      }
      expect((await t.call('POST', '/v1/issuance', { json: { period: '2024-Q1' } })).status).toBe(401);
      expect(await batches(w.admin)).toEqual([]);
    });

    it('two concurrent issuance requests for one period issue once; a repeated key replays the answer', async () => {
      const send = (key: string) => post('/v1/issuance', w.tokens.aggregatorA, { period: '2024-Q1' }, key);
      const [one, two] = await Promise.all([send('issue-q1-a'), send('issue-q1-b')]);
      expect([one.status, two.status]).toEqual([200, 200]);
      const issued = [one, two].flatMap((r) => r.json.issued as Json[]);
      expect(issued.map((l) => l.enrolment)).toEqual([w.enrolments.a.id]);
      const already = [one, two].flatMap((r) => r.json.already_issued as Json[]);
      expect(already.map((l) => l.enrolment)).toEqual([w.enrolments.a.id]);
      const listed = await batches(w.tokens.aggregatorA);
      expect(listed).toHaveLength(1);
      batchA = listed[0]!;
      expect(batchA).toMatchObject({ quantity: Q1_CERTIFICATES, status: 'active', account: accountA });
      expect(batchA.id).toBe(issued[0]!.batch);
      // The same key again: the stored answer, nothing issued.
      const first = issued[0] === one.json.issued[0] ? one : two;
      const again = await send(first === one ? 'issue-q1-a' : 'issue-q1-b');
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.text).toBe(first.text);
      // A third request with a new key issues nothing new either: the period is issued.
      const third = await send('issue-q1-c');
      expect(third.json.issued).toEqual([]);
      expect(await batches(w.admin)).toHaveLength(1);
      // B's aggregator issues B's own enrolment.
      const b = await post('/v1/issuance', w.tokens.aggregatorB, { period: '2024-Q1' }, 'issue-q1-b-org');
      expect(b.json.issued.map((l: Json) => l.enrolment)).toEqual([w.enrolments.b.id]);
      batchB = (await batches(w.tokens.aggregatorB))[0]!;
      expect(batchB).toMatchObject({ quantity: Q1_CERTIFICATES, account: accountB });
    });

    it('another organisation batches and issuances answer 404 as unknown ids, and are in no list', async () => {
      for (const [path, unknown] of [
        [`/v1/batches/${batchB.id}`, '/v1/batches/bat_nosuchid'],
        [`/v1/issuances/${batchB.issuance}`, '/v1/issuances/iss_nosuchid'],
      ] as const) {
        const theirs = await get(path, w.tokens.aggregatorA);
        expect(theirs.status, path).toBe(404);
        const none = await get(unknown, w.tokens.aggregatorA);
        expect(none.status).toBe(404);
        expect(strip(theirs.json)).toBe(strip(none.json));
        expect((await get(path, w.tokens.aggregatorB)).status).toBe(200);
        expect((await get(path, w.tokens.viewerA)).status).toBe(404);
      }
      expect((await batches(w.tokens.viewerA)).map((b) => b.id)).toEqual([batchA.id]);
      const issuances = (await get('/v1/issuances', w.tokens.aggregatorA)).json.issuances as Json[];
      expect(issuances.map((i) => i.id)).toEqual([batchA.issuance]);
      expect(issuances[0]).toMatchObject({ enrolment: w.enrolments.a.id, certificates: Q1_CERTIFICATES });
      const all = (await get('/v1/issuances', w.admin)).json.issuances as Json[];
      expect(all).toHaveLength(2);
      // Acting on B's batch: 404 before anything is read or written.
      for (const action of ['transfers', 'retirements']) {
        const r = await post(
          `/v1/batches/${batchB.id}/${action}`,
          w.tokens.aggregatorA,
          { to: accountA, quantity: 1, beneficiary: 'x', reason: 'y' },
          `steal-${action}`,
        );
        expect(r.status, r.text).toBe(404);
      }
      expect((await get(`/v1/batches/${batchB.id}`, w.tokens.aggregatorB)).json).toMatchObject({
        quantity: Q1_CERTIFICATES,
        status: 'active',
        account: accountB,
      });
    });

    it('accounts: add one to the own organisation; allowing on another organisation account is 404', async () => {
      const added = await post('/v1/accounts', w.tokens.aggregatorA, { name: 'Trading' });
      expect(added.status, added.text).toBe(201);
      expect(added.json.organisation_id).toBe(w.orgs.a.id);
      trading = added.json.id as string;
      // Naming another organisation in the body: as an unknown one.
      const elsewhere = await post('/v1/accounts', w.tokens.aggregatorA, {
        org: w.orgs.b.id,
        name: 'Sneaky',
      });
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.json.error.fields[0].pointer).toBe('/org');
      expect((await post('/v1/accounts', w.tokens.viewerA, { name: 'Nope' })).status).toBe(403);
      const theirs = await post(`/v1/accounts/${accountB}/allows`, w.tokens.aggregatorA, { from: accountA });
      expect(theirs.status).toBe(404);
      const none = await post('/v1/accounts/acct_nosuchid/allows', w.tokens.aggregatorA, { from: accountA });
      expect(strip(theirs.json)).toBe(strip(none.json));
      expect(
        (await post(`/v1/accounts/${accountA}/allows`, w.tokens.viewerA, { from: accountB })).status,
      ).toBe(403);
    });

    it('attestations: a monitor attests only its assigned systems (others 404); other roles 403', async () => {
      const body = { period: '2024-Q1', by: 'J. Monitor, PE (NH)' };
      // monitorA is assigned B's system only.
      const own = await post(`/v1/enrolments/${w.enrolments.b.id}/attestations`, w.tokens.monitorA, body);
      expect(own.status, own.text).toBe(201);
      expect(own.json).toMatchObject({ enrolment: w.enrolments.b.id, period: '2024-Q1', by: body.by });
      const twice = await post(`/v1/enrolments/${w.enrolments.b.id}/attestations`, w.tokens.monitorA, body);
      expect(twice.status).toBe(400);
      expect(twice.json.error.message).toMatch(/already attested by J\. Monitor/);
      const other = await post(`/v1/enrolments/${w.enrolments.a.id}/attestations`, w.tokens.monitorA, body);
      expect(other.status).toBe(404);
      const none = await post('/v1/enrolments/enr_nosuchid/attestations', w.tokens.monitorA, body);
      expect(strip(other.json)).toBe(strip(none.json));
      for (const token of [w.tokens.aggregatorA, w.tokens.viewerA, w.tokens.installerA]) {
        const r = await post(`/v1/enrolments/${w.enrolments.a.id}/attestations`, token, body);
        expect(r.status).toBe(403);
      }
      // The monitor holds no certificates and sees none.
      expect(await batches(w.tokens.monitorA)).toEqual([]);
      expect((await get(`/v1/batches/${batchB.id}`, w.tokens.monitorA)).status).toBe(404);
    });

    it('a repeated Idempotency-Key transfer moves certificates once', async () => {
      const send = (key: string, quantity: number) =>
        post(`/v1/batches/${batchA.id}/transfers`, w.tokens.aggregatorA, { to: trading, quantity }, key);
      const first = await send('move-10', 10);
      expect(first.status, first.text).toBe(201);
      // Within one organisation a transfer is immediate.
      expect(first.json.transfer).toBeNull();
      expect(first.json.batch).toMatchObject({ quantity: 10, status: 'active', account: trading });
      const retried = await Promise.all([send('move-10', 10), send('move-10', 10), send('move-10', 10)]);
      for (const r of retried) {
        expect(r.status).toBe(201);
        expect(r.headers.get('idempotent-replayed')).toBe('true');
        expect(r.text).toBe(first.text);
      }
      // The same key with another body: 422, nothing moved.
      const other = await send('move-10', 11);
      expect(other.status).toBe(422);
      // No key: 400, nothing moved.
      expect((await send(undefined as unknown as string, 10)).status).toBe(400);
      const active = await batches(w.tokens.aggregatorA, '?status=active');
      expect(active.map((b) => [b.account, b.quantity])).toEqual([
        [trading, 10],
        [accountA, Q1_CERTIFICATES - 10],
      ]);
      // The parts cover the parent's serials exactly: no gap, no overlap.
      const serial = (s: string) => Number(s.split('/').at(-1));
      const parts = active
        .map((b) => [serial(b.serial_first), serial(b.serial_last)])
        .sort((x, y) => x[0]! - y[0]!);
      expect(parts).toEqual([
        [serial(batchA.serial_first), serial(batchA.serial_first) + 9],
        [serial(batchA.serial_first) + 10, serial(batchA.serial_last)],
      ]);
      const split = await batches(w.tokens.aggregatorA, '?status=split');
      expect(split.map((b) => b.id)).toEqual([batchA.id]);
    });

    /** A's largest active batch in its default account (parts that came back are batches of their own). */
    const keptA = async () => {
      const list = (await batches(w.tokens.aggregatorA, '?status=active')).filter(
        (b) => b.account === accountA,
      );
      expect(list.length).toBeGreaterThan(0);
      return list.sort((x, y) => y.quantity - x.quantity)[0]!;
    };

    it('a transfer to another organisation waits: the receiver (not the sender) accepts, the sender (not the receiver) withdraws', async () => {
      const kept = await keptA();
      const sent = await post(
        `/v1/batches/${kept.id}/transfers`,
        w.tokens.aggregatorA,
        { to: accountB, quantity: 7 },
        'to-b-7',
      );
      expect(sent.status, sent.text).toBe(201);
      expect(sent.json.transfer).toMatchObject({
        status: 'pending',
        from_account: accountA,
        to_account: accountB,
      });
      expect(sent.json.batch).toMatchObject({ quantity: 7, status: 'pending', account: accountA });
      const transfer = sent.json.transfer.id as string;
      const moving = sent.json.batch.id as string;
      // Both sides see it; a third organisation does not (404 as an unknown transfer).
      for (const token of [w.tokens.aggregatorA, w.tokens.aggregatorB]) {
        const listed = (await get('/v1/transfers?status=pending', token)).json.transfers as Json[];
        expect(listed.map((x) => x.id)).toEqual([transfer]);
      }
      expect((await get('/v1/transfers', aggC)).json.transfers).toEqual([]);
      const third = await post(`/v1/transfers/${transfer}/accept`, aggC, {}, 'c-accept');
      expect(third.status).toBe(404);
      const none = await post('/v1/transfers/trf_nosuchid/accept', aggC, {}, 'c-accept-2');
      expect(strip(third.json)).toBe(strip(none.json));
      // The receiver sees the batch coming (and its issuance, the provenance), not the sender's system.
      const shown = await get(`/v1/batches/${moving}`, w.tokens.aggregatorB);
      expect(shown.status, shown.text).toBe(200);
      expect(shown.json.issuance.id).toBe(batchA.issuance);
      expect((await get(`/v1/systems/${w.systems.a.id}`, w.tokens.aggregatorB)).status).toBe(404);
      // The sender may not accept, the receiver may not withdraw: refused, still pending.
      const senderAccepts = await post(
        `/v1/transfers/${transfer}/accept`,
        w.tokens.aggregatorA,
        {},
        'a-accept',
      );
      expect(senderAccepts.status).toBe(400);
      expect(senderAccepts.json.error.message).toMatch(/only by the receiving account/);
      const receiverWithdraws = await post(
        `/v1/transfers/${transfer}/withdraw`,
        w.tokens.aggregatorB,
        {},
        'b-withdraw',
      );
      expect(receiverWithdraws.status).toBe(400);
      expect(receiverWithdraws.json.error.message).toMatch(/only by the sending account/);
      expect(((await get('/v1/transfers?status=pending', w.admin)).json.transfers as Json[]).length).toBe(1);
      // A pending batch cannot be acted on (its status named).
      const early = await post(
        `/v1/batches/${moving}/retirements`,
        w.tokens.aggregatorA,
        { beneficiary: 'x', reason: 'y' },
        'early',
      );
      expect(early.status).toBe(400);
      expect(early.json.error.message).toMatch(/pending/);
      // A decision needs a key too; an unknown decision is 400 at /decision.
      expect((await post(`/v1/transfers/${transfer}/accept`, w.tokens.aggregatorB, {})).status).toBe(400);
      const maybe = await post(`/v1/transfers/${transfer}/maybe`, w.tokens.aggregatorB, {}, 'b-maybe');
      expect(maybe.status).toBe(400);
      expect(maybe.json.error.fields[0].pointer).toBe('/decision');
      // The receiver accepts.
      const accepted = await post(`/v1/transfers/${transfer}/accept`, w.tokens.aggregatorB, {}, 'b-accept');
      expect(accepted.status, accepted.text).toBe(200);
      expect(accepted.json.transfer.status).toBe('accepted');
      expect(accepted.json.batch).toMatchObject({
        id: moving,
        quantity: 7,
        status: 'active',
        account: accountB,
      });
      expect((await get(`/v1/batches/${moving}`, w.tokens.aggregatorA)).status).toBe(404);
      // The holder sees its provenance but may not recompute another organisation's system: 403.
      expect((await get(`/v1/batches/${moving}?verify=true`, w.tokens.aggregatorB)).status).toBe(403);

      // The sender withdraws a second one; the receiver rejects a third: both back in A's account.
      for (const [decision, by, key] of [
        ['withdraw', w.tokens.aggregatorA, 'to-b-3'],
        ['reject', w.tokens.aggregatorB, 'to-b-2'],
      ] as const) {
        const k = await keptA();
        const r = await post(
          `/v1/batches/${k.id}/transfers`,
          w.tokens.aggregatorA,
          { to: accountB, quantity: 3 },
          key,
        );
        expect(r.json.transfer.status).toBe('pending');
        const d = await post(`/v1/transfers/${r.json.transfer.id}/${decision}`, by, {}, `${key}-${decision}`);
        expect(d.status, d.text).toBe(200);
        expect(d.json.transfer.status).toBe(decision === 'withdraw' ? 'withdrawn' : 'rejected');
        expect(d.json.batch).toMatchObject({ quantity: 3, status: 'active', account: accountA });
      }

      // B accepts transfers from A's account without asking: the next one is immediate.
      const allow = await post(`/v1/accounts/${accountB}/allows`, w.tokens.aggregatorB, { from: accountA });
      expect(allow.status, allow.text).toBe(201);
      expect(allow.json.allows_from).toEqual([accountA]);
      const k = await keptA();
      const direct = await post(
        `/v1/batches/${k.id}/transfers`,
        w.tokens.aggregatorA,
        { to: accountB, quantity: 4 },
        'to-b-4',
      );
      expect(direct.status, direct.text).toBe(201);
      expect(direct.json.transfer).toBeNull();
      expect(direct.json.batch).toMatchObject({ quantity: 4, status: 'active', account: accountB });
      // A whole batch moved out of sight: the retry with its key still gets the stored answer, not 404.
      const back = (await batches(w.tokens.aggregatorA, '?status=active')).find((x) => x.quantity === 3)!;
      const whole = () =>
        post(`/v1/batches/${back.id}/transfers`, w.tokens.aggregatorA, { to: accountB }, 'whole-3');
      const moved = await whole();
      expect(moved.status, moved.text).toBe(201);
      expect(moved.json.batch).toMatchObject({ id: back.id, quantity: 3, account: accountB });
      expect((await get(`/v1/batches/${back.id}`, w.tokens.aggregatorA)).status).toBe(404);
      const retry = await whole();
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.text).toBe(moved.text);
      // A viewer moves nothing.
      const viewer = await post(
        `/v1/batches/${k.id}/transfers`,
        w.tokens.viewerA,
        { to: accountB, quantity: 1 },
        'v-1',
      );
      expect(viewer.status).toBe(403);
    });

    it('retirement is final; withdrawals are the admin alone', async () => {
      const k = await keptA();
      const body = {
        quantity: 2,
        beneficiary: 'Harbor customers',
        reason: 'voluntary',
        claimPeriod: '2024-Q1',
      };
      expect((await post(`/v1/batches/${k.id}/retirements`, w.tokens.aggregatorA, body)).status).toBe(400);
      const retired = await post(`/v1/batches/${k.id}/retirements`, w.tokens.aggregatorA, body, 'retire-2');
      expect(retired.status, retired.text).toBe(201);
      expect(retired.json).toMatchObject({
        quantity: 2,
        status: 'retired',
        beneficiary: 'Harbor customers',
        claim_period: '2024-Q1',
      });
      const moveRetired = await post(
        `/v1/batches/${retired.json.id}/transfers`,
        w.tokens.aggregatorA,
        { to: trading },
        'move-retired',
      );
      expect(moveRetired.status).toBe(400);
      expect(moveRetired.json.error.message).toMatch(/is retired/);
      // Withdrawing: the Trading account's batch, by the admin only.
      const tradingBatch = (await batches(w.tokens.aggregatorA, `?account=${trading}`))[0]!;
      const reason = { reason: 'meter found out of calibration' };
      for (const token of [w.tokens.aggregatorA, w.tokens.installerA, w.tokens.viewerA, w.tokens.monitorA]) {
        const r = await post(
          `/v1/batches/${tradingBatch.id}/withdrawals`,
          token,
          reason,
          `withdraw-${token.slice(-5)}`,
        );
        expect(r.status).toBe(403);
      }
      expect((await post(`/v1/batches/${tradingBatch.id}/withdrawals`, w.admin, reason)).status).toBe(400);
      const withdrawn = await post(
        `/v1/batches/${tradingBatch.id}/withdrawals`,
        w.admin,
        reason,
        'withdraw-admin',
      );
      expect(withdrawn.status, withdrawn.text).toBe(201);
      expect(withdrawn.json).toMatchObject({ quantity: 10, status: 'withdrawn', reason: reason.reason });
      const again = await post(
        `/v1/batches/${tradingBatch.id}/withdrawals`,
        w.admin,
        reason,
        'withdraw-admin-2',
      );
      expect(again.status).toBe(400);
      expect(again.json.error.message).toMatch(/is withdrawn/);
      // The generator's organisation recomputes its own batch: reproduced.
      const verified = await get(`/v1/batches/${(await keptA()).id}?verify=true`, w.tokens.aggregatorA);
      expect(verified.status, verified.text).toBe(200);
      expect(verified.json.verification).toEqual({ reproduced: true, differences: [] });
    });

    it("ledger verification: the whole chain for everyone, balances of the caller's accounts, a break's detail for the admin", async () => {
      // By hand: A issued 107; 10 to Trading (then withdrawn), 7 accepted by B, 3 withdrawn and 3 rejected
      // (back), 4 and then 3 to B at once, 2 retired: A's default account holds 107 - 10 - 7 - 4 - 3 - 2 = 81
      // active. B: its own 107 + 7 + 4 + 3 = 121.
      const mine = await get('/v1/ledger/verification', w.tokens.aggregatorA);
      expect(mine.status, mine.text).toBe(200);
      expect(mine.json.ok).toBe(true);
      expect(mine.json.balances).toEqual([
        { account: accountA, unit: 'MWh', active: 81, pending: 0, retired: 2 },
      ]);
      const all = await get('/v1/ledger/verification', w.admin);
      expect(all.json.events).toBe(mine.json.events);
      expect(all.json.balances).toEqual(
        expect.arrayContaining([
          { account: accountA, unit: 'MWh', active: 81, pending: 0, retired: 2 },
          { account: accountB, unit: 'MWh', active: 121, pending: 0, retired: 0 },
        ]),
      );
      // A retired batch's beneficiary changed behind TREC's back: everyone sees the break and where; only the
      // admin reads what the row held.
      const kdb = openDatabase(target.db);
      try {
        await sql`update batches set beneficiary = ${'Tampered Corp'} where beneficiary = ${'Harbor customers'}`.execute(
          kdb,
        );
        const admin = await get('/v1/ledger/verification', w.admin);
        expect(admin.json.ok).toBe(false);
        expect(admin.text).toContain('Tampered Corp');
        for (const token of [w.tokens.aggregatorA, w.tokens.aggregatorB, w.tokens.viewerA]) {
          const r = await get('/v1/ledger/verification', token);
          expect(r.json.ok).toBe(false);
          expect(r.json.problems.length).toBe(admin.json.problems.length);
          expect(r.text).not.toContain('Tampered');
          expect(r.text).not.toContain('Harbor customers');
        }
        await sql`update batches set beneficiary = ${'Harbor customers'} where beneficiary = ${'Tampered Corp'}`.execute(
          kdb,
        );
        expect((await get('/v1/ledger/verification', w.admin)).json.ok).toBe(true);
      } finally {
        await kdb.destroy();
      }
      expect((await t.call('GET', '/v1/ledger/verification')).status).toBe(401);
    });

    it('an export with an error check is 422 with the checks, no file', async () => {
      // The world's enrolments have no GATS unit id: their rows cannot be reported.
      const r = await get('/v1/exports/gats?period=2024-Q1', w.tokens.aggregatorA);
      expect(r.status, r.text).toBe(422);
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
      // One error per month of A's system only (Jan, Feb, Mar 2024: 744 + 696 + 743 = 2,183 h), none of B's.
      const errors = (r.json.error.checks as Json[]).filter((c) => c.severity === 'error');
      expect(errors.map((c) => [c.code, /\), (\d{4}-\d{2}):/.exec(c.message)?.[1]])).toEqual([
        ['export-unit-id-missing', '2024-01'],
        ['export-unit-id-missing', '2024-02'],
        ['export-unit-id-missing', '2024-03'],
      ]);
      expect(r.text).toContain('GSHP A');
      expect(r.text).not.toContain('GSHP B');
      expect(r.json.error.message).toMatch(
        /^the export has 3 error checks: .*no PJM-GATS unit id is enrolled/,
      );
      const format = await get('/v1/exports/xls?period=2024-Q1', w.tokens.aggregatorA);
      expect(format.status).toBe(400);
      expect(format.json.error.fields[0].pointer).toBe('/format');
      expect((await t.call('GET', '/v1/exports/gats?period=2024-Q1')).status).toBe(401);
    });

    it('one Idempotency-Key sent three times at once issues once (the last step: it adds a quarter)', async () => {
      // One acts (200), the others wait (409) or replay; one issuance of 2024-Q2.
      const q2 = () =>
        post('/v1/issuance', w.tokens.aggregatorA, { period: '2024-Q2', dryRun: false }, 'q2-once');
      const racing = await Promise.all([q2(), q2(), q2()]);
      for (const r of racing) expect([200, 409]).toContain(r.status);
      const q2Issued = racing.filter((r) => r.status === 200).flatMap((r) => r.json.issued as Json[]);
      expect(new Set(q2Issued.map((l) => l.issuance)).size).toBe(1);
      expect((await get('/v1/issuances?period=2024-Q2', w.admin)).json.issuances).toHaveLength(1);
    });

    it('every new route: 401 without a token', async () => {
      const routes: [string, string][] = [
        ['POST', '/v1/accounts'],
        ['POST', `/v1/accounts/${accountA}/allows`],
        ['POST', '/v1/issuance'],
        ['GET', '/v1/issuances'],
        ['GET', `/v1/issuances/${batchA.issuance}`],
        ['POST', `/v1/enrolments/${w.enrolments.a.id}/attestations`],
        ['GET', '/v1/batches'],
        ['GET', `/v1/batches/${batchA.id}`],
        ['POST', `/v1/batches/${batchA.id}/transfers`],
        ['POST', `/v1/batches/${batchA.id}/retirements`],
        ['POST', `/v1/batches/${batchA.id}/withdrawals`],
        ['GET', '/v1/transfers'],
        ['POST', '/v1/transfers/trf_x/accept'],
        ['GET', '/v1/ledger/verification'],
        ['GET', '/v1/exports/gats?period=2024-Q1'],
      ];
      for (const [method, path] of routes) {
        const r = await t.call(method, path, method === 'POST' ? { json: {} } : {});
        expect(r.status, `${method} ${path}`).toBe(401);
      }
    });
  });
