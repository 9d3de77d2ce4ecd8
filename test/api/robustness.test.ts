/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return -- answers are plain JSON, read untyped by design (as in test/contract, eslint.config.js) */
// The API's robustness (issue 11): 400 with JSON pointers, 413, 429 with Retry-After, idempotent uploads
// (content hash and Idempotency-Key), no stack trace in a 500, request ids, tokens stored hashed and never
// logged, revoked and expired tokens, pagination, and a graceful stop that finishes requests in flight.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/index.ts';
import { createApi, listen } from '../../src/api/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { apiOn, meterCsv, world, type Json, type TestApi, type World } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('API robustness (sqlite file)', () => {
  const db = join(dir, 'robust.db');
  let t: TestApi;
  let w: World;
  beforeAll(async () => {
    t = apiOn(db, { maxJsonBytes: 4096, maxFileBytes: 200_000 });
    w = await world(t);
  }, 60_000);
  afterAll(() => t.close());

  it('400 names each field as a JSON pointer into the input, with the value', async () => {
    const r = await t.call('POST', '/v1/calc', {
      token: w.admin,
      json: { method: 'grec-formula', tons: -4, cop: 3.5 },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toHaveLength(1);
    expect(r.json.error.fields[0].pointer).toBe('/tons');
    expect(r.json.error.value).toBe(-4);
    expect(r.json.error.request_id).toBe(r.headers.get('x-request-id'));
    // An unknown input: its own pointer.
    const unknown = await t.call('POST', '/v1/calc', {
      token: w.admin,
      json: { tons: 4, cop: 3.5, bogus: 1 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields.map((f: Json) => f.pointer)).toEqual(['/bogus']);
    // A query parameter that is not a number, read by the schema's own type.
    const site = await t.call('POST', '/v1/sites', {
      token: w.admin,
      json: { org: w.orgs.a.id, name: 'Bad zone', tz: 'Mars/Olympus' },
    });
    expect(site.json.error.fields[0].pointer).toBe('/tz');
    // Two inputs that conflict: both named.
    const both = await t.call('POST', '/v1/calc', {
      token: w.admin,
      json: { method: 'grec-formula', tons: 4, capacityKw: 14, cop: 3.5 },
    });
    expect(both.status).toBe(400);
    expect(both.json.error.fields.map((f: Json) => f.pointer).sort()).toEqual(['/capacityKw', '/tons']);
    // The server's own database is no input; nor is a server path for a file input.
    const dbInput = await t.call('GET', `/v1/systems?db=${encodeURIComponent(db)}`, { token: w.admin });
    expect(dbInput.status).toBe(400);
    expect(dbInput.json.error.fields[0].pointer).toBe('/db');
    const path = await t.call('POST', '/v1/scop', {
      token: w.admin,
      json: { unit: '/etc/passwd', climate: 'average', hours: 'keymark' },
    });
    expect(path.status).toBe(400);
    expect(path.json.error.fields[0].pointer).toBe('/unit');
    // No prototype games: a __proto__ key is refused, not merged.
    const proto = await t.call('POST', '/v1/calc', {
      token: w.admin,
      body: '{"method": "grec-formula", "tons": 4, "cop": 3.5, "__proto__": {"db": "/tmp/x.db"}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(proto.status).toBe(400);
    expect(proto.json.error.fields[0].pointer).toBe('/__proto__');
    const protoQuery = await t.call('GET', '/v1/systems?__proto__=x', { token: w.admin });
    expect(protoQuery.status).toBe(400);
    // Not JSON at all.
    const bad = await t.call('POST', '/v1/calc', {
      token: w.admin,
      body: '{"tons": 4,',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/not JSON/);
  });

  it('413 for a body over the limit: JSON and uploads (nothing stored)', async () => {
    const big = await t.call('POST', '/v1/calc', {
      token: w.admin,
      json: { method: 'grec-formula', tons: 4, cop: 3.5, note: 'x'.repeat(5000) },
    });
    expect(big.status).toBe(413);
    expect(big.json.error.request_id).toBeTruthy();
    // 4 days of minutes, about 260 kB > 200,000 bytes; sent as a stream without Content-Length.
    const text = meterCsv(Date.UTC(2024, 3, 1), 4 * 1440);
    expect(text.length).toBeGreaterThan(200_000);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        const bytes = new TextEncoder().encode(text);
        for (let k = 0; k < bytes.length; k += 16_384) c.enqueue(bytes.slice(k, k + 16_384));
        c.close();
      },
    });
    const res = await t.api.request(`/v1/meters/${w.meters.a.id}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.admin}`, 'content-type': 'text/csv' },
      body: stream,
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    const shown = await t.call('GET', `/v1/meters/${w.meters.a.id}`, { token: w.admin });
    expect(shown.status).toBe(200);
    const sys = await t.call('GET', `/v1/systems/${w.systems.a.id}`, { token: w.admin });
    expect(sys.json.meters[0].uploads).toEqual([]);
  });

  it('an upload: stored once by content hash; an Idempotency-Key replays the first answer', async () => {
    const csv = meterCsv(Date.UTC(2024, 4, 1, 4), 180); // 3 h of minutes, 04:00-07:00 UTC
    const sha = createHash('sha256').update(csv).digest('hex');
    const send = (key?: string, body = csv) =>
      t.call('POST', `/v1/meters/${w.meters.a.id}/uploads`, {
        token: w.tokens.installerA,
        body,
        headers: {
          'content-type': 'text/csv',
          'x-file-name': 'may-1.csv',
          ...(key === undefined ? {} : { 'idempotency-key': key }),
        },
      });
    const first = await send('upload-may-1');
    expect(first.status, first.text).toBe(201);
    expect(first.json.already_ingested).toBe(false);
    expect(first.json.upload.sha256).toBe(sha);
    expect(first.json.upload.file_name).toBe('may-1.csv'); // the temp folder is never shown
    expect(first.json.stored_hours).toBe(3);
    expect(first.json.upload.sent_by).toBe(
      `token:${/^trec_(tok_[0-9a-z]+)_/.exec(w.tokens.installerA)?.[1]}`,
    );
    const replay = await send('upload-may-1');
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json).toEqual(first.json);
    // The same key for another body: refused, nothing done.
    const other = await send('upload-may-1', meterCsv(Date.UTC(2024, 4, 2, 4), 60));
    expect(other.status).toBe(422);
    // Without a key, the same content again: found by its hash, not stored twice.
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.json.already_ingested).toBe(true);
    expect(again.json.id).toBe(first.json.id);
    const sys = await t.call('GET', `/v1/systems/${w.systems.a.id}`, { token: w.admin });
    expect(sys.json.meters[0].uploads).toHaveLength(1);
    const data = await t.call(
      'GET',
      `/v1/systems/${w.systems.a.id}/data?from=2024-05-01&to=2024-05-02&interval=day`,
      {
        token: w.tokens.viewerA,
      },
    );
    expect(data.status, data.text).toBe(200);
    // 3 h of the file's 6.94 kWh an hour (the hand figure of the energy test below): 20.8 kWh.
    expect(data.json.total.heat_kwh).toBeGreaterThan(3 * 6.94 * 0.99);
    expect(data.json.total.heat_kwh).toBeLessThan(3 * 6.94 * 1.01);
    // Another token's same key is its own key: acts (here: found by hash) rather than replaying A's answer.
    const b = await t.call('POST', `/v1/meters/${w.meters.b.id}/uploads`, {
      token: w.tokens.aggregatorB,
      body: csv,
      headers: { 'content-type': 'text/csv', 'idempotency-key': 'upload-may-1' },
    });
    expect(b.status).toBe(201);
    expect(b.json.meter).toBe(w.meters.b.id);
  });

  it('the energy of a posted meter file (the body itself): the use case run on the same file, nothing stored', async () => {
    // 61 samples, one a minute: 1 h of 20 L/min with 5 K. By hand: 20 L/min = 1/3000 m3/s; water near
    // 30 C has rho ~995.6 kg/m3 and cp ~4,180 J/kg K: 1/3000 x 995.6 x 4,180 x 5 = 6,936 W, 6.94 kWh in 1 h.
    const csv = meterCsv(Date.UTC(2024, 5, 1, 0), 60);
    const r = await t.call('POST', '/v1/energy?interval=total', {
      token: w.tokens.viewerA,
      body: csv,
      headers: { 'content-type': 'text/csv', 'x-file-name': 'june.csv' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json.total.heat_kwh).toBeGreaterThan(6.94 * 0.99);
    expect(r.json.total.heat_kwh).toBeLessThan(6.94 * 1.01);
    const file = join(dir, 'june.csv');
    writeFileSync(file, csv);
    const direct = t.app.present(
      'energy',
      await t.app.run('energy', { files: [file], interval: 'total' }),
    ) as Json;
    expect(r.json.total).toEqual(direct.total);
    expect(r.text).not.toContain('trec-api-'); // the temp folder is never shown
  });

  it('concurrent requests with one Idempotency-Key act once', async () => {
    const json = { name: 'Idempotent house', tz: 'America/New_York' };
    const results = await Promise.all(
      [1, 2, 3, 4].map(() =>
        t.call('POST', '/v1/sites', {
          token: w.tokens.aggregatorA,
          json,
          headers: { 'idempotency-key': 'site-once' },
        }),
      ),
    );
    const created = results.filter((r) => r.status === 201);
    for (const r of results) expect([201, 409]).toContain(r.status);
    expect(new Set(created.map((r) => r.json.id as string)).size).toBe(1);
    const sites = await t.call('GET', '/v1/sites', { token: w.tokens.aggregatorA });
    expect((sites.json.sites as Json[]).filter((s) => s.name === 'Idempotent house')).toHaveLength(1);
  });

  it('every answer carries X-Request-Id (a sane one given is kept); unknown routes 404', async () => {
    const r = await t.call('GET', '/v1/nothing-here', {
      token: w.admin,
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(r.status).toBe(404);
    expect(r.headers.get('x-request-id')).toBe('abc-123');
    expect(r.json.error.request_id).toBe('abc-123');
    const odd = await t.call('GET', '/v1/programs', { token: w.admin, headers: { 'x-request-id': 'a b c' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const outside = await t.call('GET', '/elsewhere');
    expect(outside.status).toBe(404);
    expect(outside.headers.get('x-request-id')).toBeTruthy();
  });

  it('one log line per request with method, path, status, ms and request id; never a token', async () => {
    t.logs.length = 0;
    await t.call('GET', '/v1/programs', { token: w.tokens.viewerA, headers: { 'x-request-id': 'log-1' } });
    expect(t.logs).toHaveLength(1);
    const line = JSON.parse(t.logs[0]!) as Json;
    expect(line).toMatchObject({ method: 'GET', path: '/v1/programs', status: 200, request_id: 'log-1' });
    expect(typeof line.ms).toBe('number');
    // The secret part of trec_tok_<id>_<secret> (base64url, which may itself hold '_').
    const secret = w.tokens.viewerA.split('_').slice(3).join('_');
    expect(secret.length).toBeGreaterThan(20);
    expect(t.logs.join('\n')).not.toContain(secret);
  });

  it('tokens are stored as their SHA-256 only; revoked and expired tokens are refused', async () => {
    const token = await t.token({ role: 'viewer', org: w.orgs.a.id as string });
    const k = openDatabase(db);
    try {
      const rows = (await sql<Json>`select * from api_tokens`.execute(k)).rows;
      const text = JSON.stringify(rows);
      expect(text).not.toContain(token.split('_').pop()!);
      expect(rows.map((r) => r.token_sha256)).toContain(createHash('sha256').update(token).digest('hex'));
    } finally {
      await k.destroy();
    }
    expect((await t.call('GET', '/v1/programs', { token })).status).toBe(200);
    const id = /^trec_(tok_[0-9a-z]+)_/.exec(token)![1]!;
    await t.app.run('tokenRevoke', { id });
    expect((await t.call('GET', '/v1/programs', { token })).status).toBe(401);
    // Expiry: a token valid until 2030-01-01 is refused by a clock past it.
    const expiring = await t.token({ role: 'viewer', org: w.orgs.a.id as string, expires: '2030-01-01' });
    expect((await t.call('GET', '/v1/programs', { token: expiring })).status).toBe(200);
    const later = createApi(createApp({ ...t.app.ports, clock: { now: () => Date.UTC(2030, 0, 1) } }), {
      log: () => undefined,
    });
    const res = await later.request('/v1/programs', { headers: { authorization: `Bearer ${expiring}` } });
    expect(res.status).toBe(401);
  });

  it('a checked token is taken as checked for authCacheMs: a revoked one is refused that much later', async () => {
    const cached = apiOn(db, { authCacheMs: 1000 });
    try {
      const token = await cached.token({ role: 'viewer', org: w.orgs.a.id as string });
      expect((await cached.call('GET', '/v1/programs', { token })).status).toBe(200);
      await cached.app.run('tokenRevoke', { id: /^trec_(tok_[0-9a-z]+)_/.exec(token)![1]! });
      expect((await cached.call('GET', '/v1/programs', { token })).status).toBe(200); // within 1 s
      await new Promise((r) => setTimeout(r, 1100));
      expect((await cached.call('GET', '/v1/programs', { token })).status).toBe(401);
    } finally {
      await cached.close();
    }
  });

  it('lists page by limit and after (ids in the order made)', async () => {
    const all = await t.call('GET', '/v1/sites', { token: w.admin });
    const ids = (all.json.sites as Json[]).map((s) => s.id as string);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const p1 = await t.call('GET', '/v1/sites?limit=2', { token: w.admin });
    expect((p1.json.sites as Json[]).map((s) => s.id)).toEqual(ids.slice(0, 2));
    expect(p1.json.next_after).toBe(ids[1]);
    const p2 = await t.call('GET', `/v1/sites?limit=2&after=${p1.json.next_after as string}`, {
      token: w.admin,
    });
    expect((p2.json.sites as Json[]).map((s) => s.id)).toEqual(ids.slice(2, 4));
    expect((await t.call('GET', '/v1/sites?limit=0', { token: w.admin })).status).toBe(400);
  });
});

describe('API rate limit and internal errors', () => {
  it('429 with Retry-After past a token bucket of 2 and 1 a second; another token is not limited', async () => {
    const t = apiOn(join(dir, 'rate.db'), { rateLimit: { perSecond: 1, burst: 2 } });
    try {
      const a = await t.token({ role: 'admin' });
      const b = await t.token({ role: 'admin' });
      const statuses = [];
      for (let k = 0; k < 3; k++) statuses.push((await t.call('GET', '/v1/programs', { token: a })).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await t.call('GET', '/v1/programs', { token: a });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited.json.error.request_id).toBeTruthy();
      expect((await t.call('GET', '/v1/programs', { token: b })).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('500: "internal error" and the request id, no stack and no message of ours; the log has it', async () => {
    const t = apiOn(join(dir, 'fail.db'), {}, (app) =>
      createApp({
        ...app.ports,
        programs: {
          list: () => {
            throw new Error('secret detail at /srv/trec/internal.ts');
          },
          get: (id: string) => app.ports.programs.get(id),
        },
      }),
    );
    try {
      const a = await t.token({ role: 'admin' });
      const r = await t.call('GET', '/v1/programs', { token: a });
      expect(r.status).toBe(500);
      expect(r.json).toEqual({
        error: { message: 'internal error', request_id: r.headers.get('x-request-id') },
      });
      expect(r.text).not.toContain('secret');
      expect(r.text).not.toContain('.ts');
      expect(t.logs.at(-1)).toContain('secret detail');
    } finally {
      await t.close();
    }
  });
});

describe('graceful stop', () => {
  it('a stop lets the request in flight finish, then refuses new connections and closes the database', async () => {
    const t = apiOn(join(dir, 'stop.db'));
    const token = await t.token({ role: 'admin' });
    let closed = false;
    const server = await listen(t.api, {
      port: 0,
      host: '127.0.0.1',
      onClosed: async () => {
        await t.close();
        closed = true;
      },
    });
    // A request whose body arrives slowly: the stop comes while it is in flight.
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/v1/calc`,
        { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{"method":"grec-formula",');
      setTimeout(() => req.end('"tons":4,"cop":3.5}'), 300);
    });
    await new Promise((r) => setTimeout(r, 100));
    const stopping = server.close();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as Json).certificates).toBe(431);
    await stopping;
    expect(closed).toBe(true);
    await expect(fetch(`${server.url}/v1/programs`)).rejects.toThrow();
  });
});
