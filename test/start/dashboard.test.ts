// The dashboard's files and sign-in sessions (src/api/static.ts, src/api/session.ts) on a bare Hono app,
// without a socket: client routes get index.html, hashed assets are cached, nothing outside the build is
// served, text is gzipped, the API's paths stay the API's; the sign-in link's cookie, its expiry, its
// redirect, and the same-origin rule for state-changing requests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { cookieValue, serveDashboard, Sessions } from '../../src/api/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-dashboard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INDEX =
  '<!doctype html><title>TREC</title><div id="root"></div><script src="/assets/app-1234.js"></script>';
const BIG_JS = `export const numbers = [${Array.from({ length: 2000 }, (_, i) => i).join(',')}];\n`;

function dashboard(root: string) {
  const api = new Hono();
  api.get('/v1/programs', (c) => c.json({ programs: [] }));
  serveDashboard(api, { dir: root });
  api.notFound((c) => c.json({ error: { message: `no route ${c.req.path}` } }, 404));
  return api;
}

describe('serveDashboard', () => {
  const root = join(dir, 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'app-1234.js'), BIG_JS);
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the build');
  const api = dashboard(root);

  it('serves index.html at / and for client routes, with no-cache and no framing', async () => {
    for (const path of ['/', '/systems/sys_1', '/calculator?method=grec-formula&tons=4&cop=3.5']) {
      const res = await api.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
      expect(await res.text()).toBe(INDEX);
    }
  });

  it('serves files by type, hashed assets cached for a year; a missing file is 404, not the page', async () => {
    const svg = await api.request('/favicon.svg');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    const js = await api.request('/assets/app-1234.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe(BIG_JS);
    expect((await api.request('/assets/missing-9999.js')).status).toBe(404);
  });

  it('gzips text for a browser that accepts it, and answers 304 to its ETag', async () => {
    const res = await api.request('/assets/app-1234.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBeLessThan(BIG_JS.length);
    expect(gunzipSync(bytes).toString()).toBe(BIG_JS);
    const etag = res.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    expect((await api.request('/assets/app-1234.js', { headers: { 'if-none-match': etag } })).status).toBe(
      304,
    );
  });

  it('serves nothing outside the build', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00.js'])
      expect((await api.request(path)).status, path).toBe(404);
  });

  it("leaves /v1 and /openapi.json to the API: its routes answer, unknown ones get the API's JSON 404", async () => {
    expect(await (await api.request('/v1/programs')).json()).toEqual({ programs: [] });
    for (const path of ['/v1/nope', '/v1', '/openapi.json']) {
      const res = await api.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('without a build, shows a placeholder page that says how to build the dashboard', async () => {
    const empty = dashboard(join(dir, 'no-build'));
    const res = await empty.request('/portfolio');
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/npm run build:web/);
    expect((await empty.request('/app.js')).status).toBe(404);
  });
});

describe('Sessions', () => {
  let nowMs = 1_000_000;
  const sessions = new Sessions({
    authorization: 'Bearer trec_tok_x_secret',
    identity: { organisationId: 'org_1', organisationName: 'Chesapeake Thermal', role: 'aggregator' },
    idleMs: 60_000,
    now: () => nowMs,
  });
  const api = new Hono();
  sessions.routes(api);
  api.all('/v1/whoami', (c) => c.text(sessions.authorization(c.req.raw) ?? 'none'));
  const signIn = async (query = '', headers: Record<string, string> = {}) => {
    const res = await api.request(`http://localhost:8080${sessions.signInPath()}${query}`, { headers });
    return {
      res,
      cookie: `trec_session=${cookieValue(res.headers.get('set-cookie'), 'trec_session') ?? ''}`,
    };
  };
  const whoami = async (cookie: string, init: RequestInit = {}) =>
    (
      await api.request('http://localhost:8080/v1/whoami', {
        ...init,
        headers: { cookie, host: 'localhost:8080', ...(init.headers as Record<string, string> | undefined) },
      })
    ).text();

  it('the code is 32 random bytes, new for every Sessions (every start)', () => {
    expect(sessions.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Sessions({ authorization: 'x', identity: sessions.identity }).code).not.toBe(sessions.code);
  });

  it('sets an HttpOnly, SameSite=Strict cookie (Secure behind https) and redirects within the site only', async () => {
    const { res, cookie } = await signIn();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.get('set-cookie')).toMatch(
      /^trec_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    expect(await whoami(cookie)).toBe('Bearer trec_tok_x_secret');
    const https = await signIn('', { 'x-forwarded-proto': 'https' });
    expect(https.res.headers.get('set-cookie')).toMatch(/; Secure$/);
    expect((await signIn('&next=/systems/sys_1')).res.headers.get('location')).toBe('/systems/sys_1');
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example'])
      expect((await signIn(`&next=${encodeURIComponent(next)}`)).res.headers.get('location'), next).toBe('/');
  });

  it('refuses another code, an unknown cookie, and a session idle too long', async () => {
    expect((await api.request('/signin?code=x')).status).toBe(401);
    expect((await api.request('/signin')).status).toBe(401);
    expect(await whoami('trec_session=made-up')).toBe('none');
    const { cookie } = await signIn();
    nowMs += 59_000;
    expect(await whoami(cookie)).toBe('Bearer trec_tok_x_secret'); // used: idle time starts again
    nowMs += 59_000;
    expect(await whoami(cookie)).toBe('Bearer trec_tok_x_secret');
    nowMs += 61_000;
    expect(await whoami(cookie)).toBe('none');
  });

  it('a state-changing request by cookie must come from this origin', async () => {
    const { cookie } = await signIn();
    const post = (origin?: string) => whoami(cookie, { method: 'POST', headers: origin ? { origin } : {} });
    expect(await post('http://localhost:8080')).toBe('Bearer trec_tok_x_secret');
    expect(await post()).toBe('Bearer trec_tok_x_secret'); // no Origin: SameSite=Strict kept other sites out
    expect(await post('http://evil.example')).toBe('none');
    expect(await post('http://localhost:8081')).toBe('none');
    expect(await post('null')).toBe('none');
  });

  it('GET /session says who is signed in; POST /signout ends it and clears the cookie', async () => {
    const { cookie } = await signIn();
    const who = await api.request('/session', { headers: { cookie } });
    expect(await who.json()).toEqual({
      signed_in: true,
      organisation_id: 'org_1',
      organisation_name: 'Chesapeake Thermal',
      role: 'aggregator',
    });
    const out = await api.request('/signout', { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^trec_session=; .*Max-Age=0/);
    expect((await api.request('/session', { headers: { cookie } })).status).toBe(401);
    expect(await whoami(cookie)).toBe('none');
  });
});
