/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return -- answers are plain JSON, read untyped by design (as in test/contract, eslint.config.js) */
// Tenant isolation and roles over HTTP (issue 11): another organisation's id answers 404 for every resource
// type, exactly as an id that does not exist, and its records never appear in a list; no token 401; a role
// that may not act 403. On SQLite always, on PostgreSQL when TREC_TEST_PG_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTRY_BACKENDS, type Target } from '../helpers/registry-db.ts';
import { apiOn, meterCsv, world, type Json, type TestApi, type World } from './helpers.ts';

for (const backend of REGISTRY_BACKENDS)
  describe.skipIf(backend.skip)(`API isolation (${backend.name})`, () => {
    let target: Target;
    let t: TestApi;
    let w: World;
    beforeAll(async () => {
      target = await backend.open();
      t = apiOn(target.db);
      w = await world(t);
    }, 60_000);
    afterAll(async () => {
      await t.close();
      await target.close();
    });

    // Each resource type: the path of A's record and of B's (the aggregator of A asks).
    const resources = (): [string, string, string][] => [
      ['organisation', `/v1/organisations/${w.orgs.a.id}`, `/v1/organisations/${w.orgs.b.id}`],
      ['site', `/v1/sites/${w.sites.a.id}`, `/v1/sites/${w.sites.b.id}`],
      ['system', `/v1/systems/${w.systems.a.id}`, `/v1/systems/${w.systems.b.id}`],
      [
        'system data',
        `/v1/systems/${w.systems.a.id}/data?from=2024-03-01&to=2024-03-02`,
        `/v1/systems/${w.systems.b.id}/data?from=2024-03-01&to=2024-03-02`,
      ],
      [
        'system minutes',
        `/v1/systems/${w.systems.a.id}/minutes?from=2024-03-01&to=2024-03-02`,
        `/v1/systems/${w.systems.b.id}/minutes?from=2024-03-01&to=2024-03-02`,
      ],
      ['meters', `/v1/systems/${w.systems.a.id}/meters`, `/v1/systems/${w.systems.b.id}/meters`],
      ['meter', `/v1/meters/${w.meters.a.id}`, `/v1/meters/${w.meters.b.id}`],
      ['enrolments', `/v1/systems/${w.systems.a.id}/enrolments`, `/v1/systems/${w.systems.b.id}/enrolments`],
    ];

    it('every resource type: own 200, another organisation 404 as an unknown id, never its data', async () => {
      for (const [kind, own, other] of resources()) {
        const mine = await t.call('GET', own, { token: w.tokens.aggregatorA });
        expect(mine.status, `${kind} ${mine.text} ${t.logs.slice(-2).join(' ')}`).toBe(200);
        const theirs = await t.call('GET', other, { token: w.tokens.aggregatorA });
        expect(theirs.status, kind).toBe(404);
        const unknown = await t.call('GET', other.replace(/(org|site|sys|mtr)_[0-9a-z]+/, '$1_nosuchid'), {
          token: w.tokens.aggregatorA,
        });
        expect(unknown.status, kind).toBe(404);
        // The same answer apart from the id and the request id: nothing tells "exists elsewhere".
        const strip = (j: Json) =>
          JSON.stringify(j)
            .replace(/"request_id":"[^"]+"/, '')
            .replace(/(org|site|sys|mtr)_[0-9a-z]+/g, 'ID');
        expect(strip(theirs.json)).toBe(strip(unknown.json));
        for (const id of [w.orgs.b.id, w.sites.b.name, w.systems.b.name, w.meters.b.serial])
          expect(theirs.text).not.toContain(String(id === w.orgs.b.id ? w.orgs.b.name : id));
        // And the other way round: B's aggregator sees B, not A.
        const back = await t.call('GET', own, { token: w.tokens.aggregatorB });
        expect(back.status, kind).toBe(404);
      }
    });

    it('uploads to another organisation meter: 404, nothing stored', async () => {
      const r = await t.call('POST', `/v1/meters/${w.meters.b.id}/uploads`, {
        token: w.tokens.aggregatorA,
        body: meterCsv(Date.UTC(2024, 2, 1, 5), 120),
        headers: { 'content-type': 'text/csv' },
      });
      expect(r.status).toBe(404);
      const shown = await t.call('GET', `/v1/systems/${w.systems.b.id}`, { token: w.tokens.aggregatorB });
      expect(shown.json.meters[0].uploads).toEqual([]);
    });

    it('lists hold only the caller organisation records; the admin sees both', async () => {
      for (const [path, key] of [
        ['/v1/organisations', 'organisations'],
        ['/v1/sites', 'sites'],
        ['/v1/systems', 'systems'],
        ['/v1/portfolio', 'systems'],
      ] as const) {
        const a = await t.call('GET', path, { token: w.tokens.viewerA });
        expect(a.status).toBe(200);
        const ids = (a.json[key] as Json[]).map((x) => x.id as string);
        const all = await t.call('GET', path, { token: w.admin });
        const allIds = (all.json[key] as Json[]).map((x) => x.id as string);
        expect(allIds.length, path).toBe(2);
        expect(ids.length, path).toBe(1);
        expect(allIds).toContain(ids[0]);
        expect(a.text).not.toContain('Granite State Heat');
        expect(a.text).not.toContain('Concord house');
      }
      // Asking for B's systems by its organisation: as for an organisation that does not exist (400 at org).
      const byOrg = await t.call('GET', `/v1/systems?org=${w.orgs.b.id}`, { token: w.tokens.viewerA });
      expect(byOrg.status).toBe(400);
      expect(byOrg.json.error.fields).toEqual([
        { pointer: '/org', message: expect.stringMatching(/no organisation/) },
      ]);
      expect(byOrg.text).not.toContain('Granite');
    });

    it("naming another organisation's parent in a create is refused as an unknown one, nothing written", async () => {
      const site = await t.call('POST', '/v1/systems', {
        token: w.tokens.installerA,
        json: {
          site: w.sites.b.id,
          name: 'Sneaky',
          technology: 'ground-source',
          tons: 3,
          cop: 3,
          commissioned: '2024-01-01',
        },
      });
      expect(site.status).toBe(400);
      expect(site.json.error.fields[0].pointer).toBe('/site');
      const org = await t.call('POST', '/v1/sites', {
        token: w.tokens.aggregatorA,
        json: { org: w.orgs.b.id, name: 'Sneaky site', tz: 'America/New_York' },
      });
      expect(org.status).toBe(400);
      expect(org.json.error.fields[0].pointer).toBe('/org');
      const meter = await t.call('POST', '/v1/meters', {
        token: w.tokens.aggregatorA,
        json: { system: w.systems.b.id, kind: 'heat' },
      });
      expect(meter.status).toBe(400);
      const all = await t.call('GET', '/v1/systems', { token: w.admin });
      expect((all.json.systems as Json[]).map((s) => s.name)).not.toContain('Sneaky');
      const sites = await t.call('GET', '/v1/sites', { token: w.admin });
      expect((sites.json.sites as Json[]).map((s) => s.name)).not.toContain('Sneaky site');
    });

    it('an aggregator registering a site names no organisation: its own', async () => {
      const r = await t.call('POST', '/v1/sites', {
        token: w.tokens.aggregatorA,
        json: { name: 'Baltimore house', state: 'MD', tz: 'America/New_York' },
      });
      expect(r.status, r.text).toBe(201);
      expect(r.json.organisation_id).toBe(w.orgs.a.id);
    });

    it('a monitor reads only its assigned systems (here one of B), and registers nothing', async () => {
      const assigned = await t.call('GET', `/v1/systems/${w.systems.b.id}`, { token: w.tokens.monitorA });
      expect(assigned.status).toBe(200);
      expect(assigned.json.id).toBe(w.systems.b.id);
      const other = await t.call('GET', `/v1/systems/${w.systems.a.id}`, { token: w.tokens.monitorA });
      expect(other.status).toBe(404);
      const list = await t.call('GET', '/v1/systems', { token: w.tokens.monitorA });
      expect((list.json.systems as Json[]).map((s) => s.id)).toEqual([w.systems.b.id]);
      // The portfolio too: its assigned system, of whatever organisation, and no certificate holdings.
      const portfolio = await t.call('GET', '/v1/portfolio', { token: w.tokens.monitorA });
      expect(portfolio.status, portfolio.text).toBe(200);
      expect((portfolio.json.systems as Json[]).map((s) => s.id)).toEqual([w.systems.b.id]);
      expect(portfolio.json.totals.systems).toBe(1);
      expect(portfolio.text).not.toMatch(/"(active|held_elsewhere)":/);
      expect(portfolio.text).not.toContain('Annapolis house');
      const sites = await t.call('GET', '/v1/sites', { token: w.tokens.monitorA });
      expect((sites.json.sites as Json[]).map((s) => s.id)).toEqual([w.sites.b.id]);
      expect((await t.call('GET', `/v1/sites/${w.sites.a.id}`, { token: w.tokens.monitorA })).status).toBe(
        404,
      );
      const data = await t.call('GET', `/v1/systems/${w.systems.b.id}/data?from=2024-03-01&to=2024-03-02`, {
        token: w.tokens.monitorA,
      });
      expect(data.status).toBe(200);
      const minutes = (id: unknown) =>
        t.call('GET', `/v1/systems/${String(id)}/minutes?from=2024-03-01&to=2024-03-02`, {
          token: w.tokens.monitorA,
        });
      expect((await minutes(w.systems.b.id)).status).toBe(200);
      expect((await minutes(w.systems.a.id)).status).toBe(404);
      const post = await t.call('POST', '/v1/meters', {
        token: w.tokens.monitorA,
        json: { system: w.systems.b.id, kind: 'heat' },
      });
      expect(post.status).toBe(403);
    });

    it('no token 401 (with WWW-Authenticate), a bad or unknown token 401, on every route', async () => {
      for (const path of [
        '/v1/programs',
        `/v1/systems/${w.systems.a.id}`,
        '/v1/organisations',
        '/v1/portfolio',
        `/v1/systems/${w.systems.a.id}/minutes?from=2024-03-01&to=2024-03-02`,
      ]) {
        const none = await t.call('GET', path);
        expect(none.status).toBe(401);
        expect(none.headers.get('www-authenticate')).toBe('Bearer');
        const bad = await t.call('GET', path, { token: 'not-a-token' });
        expect(bad.status).toBe(401);
        const forged = w.tokens.viewerA.slice(0, -4) + 'AAAA';
        expect((await t.call('GET', path, { token: forged })).status).toBe(401);
      }
      const post = await t.call('POST', '/v1/calc', { json: { method: 'grec-formula', tons: 4, cop: 3.5 } });
      expect(post.status).toBe(401);
    });

    it('wrong role 403: viewers write nothing, installers and aggregators make no organisation', async () => {
      const cases: [string, string, unknown][] = [
        [w.tokens.viewerA, '/v1/sites', { name: 'x', tz: 'America/New_York' }],
        [w.tokens.viewerA, '/v1/meters', { system: w.systems.a.id, kind: 'heat' }],
        [w.tokens.installerA, '/v1/organisations', { name: 'New org' }],
        [w.tokens.aggregatorA, '/v1/organisations', { name: 'New org' }],
        [
          w.tokens.installerA,
          '/v1/enrolments',
          { system: w.systems.a.id, program: 'md-geothermal', start: '2025-01-01' },
        ],
      ];
      for (const [token, path, json] of cases) {
        const r = await t.call('POST', path, { token, json });
        expect(r.status, `${path} ${r.text}`).toBe(403);
        expect(r.json.error.message).toMatch(/may not/);
      }
      const upload = await t.call('POST', `/v1/meters/${w.meters.a.id}/uploads`, {
        token: w.tokens.viewerA,
        body: meterCsv(Date.UTC(2024, 2, 1, 5), 60),
        headers: { 'content-type': 'text/csv' },
      });
      expect(upload.status).toBe(403);
    });

    it('one Idempotency-Key sent four times at once registers one site, and replays its answer', async () => {
      const json = { name: 'Once house', tz: 'America/New_York' };
      const send = () =>
        t.call('POST', '/v1/sites', {
          token: w.tokens.aggregatorA,
          json,
          headers: { 'idempotency-key': 'once-1' },
        });
      const results = await Promise.all([send(), send(), send(), send()]);
      for (const r of results) expect([201, 409]).toContain(r.status);
      const again = await send();
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const sites = await t.call('GET', '/v1/sites', { token: w.tokens.aggregatorA });
      expect((sites.json.sites as Json[]).filter((x) => x.name === 'Once house').map((x) => x.id)).toEqual([
        again.json.id,
      ]);
    });

    it('every state-changing call is audited: who (token and organisation), what, when', async () => {
      const r = await t.call('POST', '/v1/sites', {
        token: w.tokens.installerA,
        json: { name: 'Audited house', tz: 'America/New_York' },
      });
      expect(r.status).toBe(201);
      const tokenId = /^trec_(tok_[0-9a-z]+)_/.exec(w.tokens.installerA)?.[1];
      expect(r.json.created_by).toBe(`token:${tokenId}`);
      const registry = await t.app.ports.registry!.open(undefined);
      const entries = await registry.listAudit();
      const api = entries.filter((e) => e.action === 'api.siteAdd' && e.actor === `token:${tokenId}`);
      expect(api).toHaveLength(1);
      expect(api[0]).toMatchObject({
        organisationId: w.orgs.a.id,
        detail: { method: 'POST', path: '/v1/sites', status: 201, role: 'installer' },
      });
      expect(Math.abs(api[0]!.at - Date.now())).toBeLessThan(60_000);
      const created = entries.filter((e) => e.action === 'site.create' && e.entityId === r.json.id);
      expect(created[0]?.actor).toBe(`token:${tokenId}`);
      // Reads are not audited.
      const before = entries.length;
      await t.call('GET', '/v1/sites', { token: w.tokens.installerA });
      expect((await registry.listAudit()).length).toBe(before);
    });
  });
