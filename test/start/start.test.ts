// `npm start` (issue 12): on a fresh working directory it migrates ./data/trec.db, loads the demo data,
// serves `/` and the API on one port and prints a sign-in link whose cookie is HttpOnly and SameSite=Strict
// and stands for the demo organisation; a second start loads nothing twice (and the first start's sessions
// and token no longer work); TREC_DEMO=0 starts empty. The time to the first page is printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trec } from '../helpers/cli.ts';
import { npmStart, signIn, type Started } from './helpers.ts';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'trec-start-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const DEMO_SYSTEMS = ['ASHP Worcester', 'Concord GSHP plant', 'GSHP-1', 'Laundry AWHP'];

async function get(s: Started, path: string, cookie?: string, init: RequestInit = {}) {
  const res = await fetch(`${s.base}${path}`, {
    ...init,
    headers: { ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string> | undefined) },
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json: json as Record<string, unknown>, headers: res.headers };
}

const names = (json: Record<string, unknown>, key: string) =>
  ((json[key] ?? []) as { name: string }[]).map((x) => x.name).sort();

describe('npm start', () => {
  const dir = fresh();
  const db = join(dir, 'data', 'trec.db');
  /** A session of the first start, never signed out. */
  let kept = '';

  it('serves / and /v1 with the demo data, signed in by the printed link (HttpOnly, SameSite=Strict)', async () => {
    const s = await npmStart(dir);
    try {
      console.log(
        `npm start (fresh data dir, demo loaded): sign-in link after ${(s.readyMs / 1000).toFixed(1)} s, first page after ${(s.firstPageMs / 1000).toFixed(1)} s`,
      );
      expect(s.firstPageMs).toBeLessThan(60_000);
      expect(s.stderr()).toMatch(/trec start: demo loaded: loaded: 4 systems/);

      const page = await get(s, '/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      // A client route of the dashboard gets the same page; the API's unknown paths stay JSON 404s.
      expect((await get(s, '/systems/anything')).status).toBe(200);
      expect((await get(s, '/v1/no-such-route')).json.error).toBeDefined();

      // No cookie, no token: 401. A wrong code signs no one in.
      expect((await get(s, '/v1/systems')).status).toBe(401);
      expect((await fetch(`${s.base}/signin?code=wrong`, { redirect: 'manual' })).status).toBe(401);

      const { cookie, setCookie, res } = await signIn(s.signIn);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/');
      const attrs = setCookie.split(';').map((a) => a.trim());
      expect(attrs[0]).toMatch(/^trec_session=[A-Za-z0-9_-]{43}$/);
      expect(attrs).toContain('HttpOnly');
      expect(attrs).toContain('SameSite=Strict');
      expect(attrs).toContain('Path=/');

      const who = await get(s, '/session', cookie);
      expect(who.json).toMatchObject({
        signed_in: true,
        organisation_name: 'Chesapeake Thermal',
        role: 'aggregator',
      });
      const systems = await get(s, '/v1/systems', cookie);
      expect(systems.status).toBe(200);
      expect(names(systems.json, 'systems')).toEqual(DEMO_SYSTEMS);
      // The session sees its organisation only (the buyer is another tenant).
      expect(names((await get(s, '/v1/organisations', cookie)).json, 'organisations')).toEqual([
        'Chesapeake Thermal',
      ]);

      // A state-changing request carried by the cookie from another site's page is not signed in.
      const calc = { method: 'grec-formula', tons: 4, cop: 3.5 };
      const post = (origin: string) =>
        get(s, '/v1/calc', cookie, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin },
          body: JSON.stringify(calc),
        });
      expect((await post('http://evil.example')).status).toBe(401);
      const ours = await post(s.base);
      expect(ours.status).toBe(200);
      // The Bearer tokens still work beside the cookie (and win over it).
      expect(
        (await get(s, '/v1/systems', cookie, { headers: { authorization: 'Bearer nope' } })).status,
      ).toBe(401);

      kept = (await signIn(s.signIn)).cookie;
      expect((await get(s, '/v1/systems', kept)).status).toBe(200);
      // Signing out ends the session.
      const out = await get(s, '/signout', cookie, { method: 'POST' });
      expect(out.status).toBe(204);
      expect((await get(s, '/v1/systems', cookie)).status).toBe(401);
    } finally {
      expect(await s.stop()).toBe(0);
    }

    // The ledger as loaded: batches issued over several periods, a transfer accepted, retirements; verified.
    const batches = (await trec('certificates', '--db', db, '--json')).json<{
      batches: { status: string; quantity: number }[];
    }>().batches;
    expect(
      batches
        .filter((b) => b.status === 'retired')
        .map((b) => b.quantity)
        .sort(),
    ).toEqual([25, 4]);
    const transfers = (await trec('transfers', '--db', db, '--json')).json<{
      transfers: { status: string; quantity?: number }[];
    }>().transfers;
    expect(transfers.map((t) => t.status)).toEqual(['accepted']);
    const verify = await trec('ledger', 'verify', '--db', db, '--json');
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  }, 180_000);

  it('a second start loads nothing twice; the first start’s sign-in no longer works', async () => {
    const before = (await trec('certificates', '--db', db, '--json')).json<{ batches: unknown[] }>().batches;
    const s = await npmStart(dir);
    try {
      expect(s.stderr()).toMatch(/trec start: demo already-loaded/);
      expect((await get(s, '/v1/systems', kept)).status).toBe(401);
      const { cookie } = await signIn(s.signIn);
      const systems = await get(s, '/v1/systems', cookie);
      expect(names(systems.json, 'systems')).toEqual(DEMO_SYSTEMS);
    } finally {
      expect(await s.stop()).toBe(0);
    }
    const after = (await trec('certificates', '--db', db, '--json')).json<{ batches: unknown[] }>().batches;
    expect(after).toEqual(before);
    // One sign-in token per start: the earlier start's is revoked.
    const tokens = (await trec('tokens', 'list', '--db', db, '--json')).json<{
      tokens: { created_by: string; revoked_at: string | null }[];
    }>().tokens;
    const signIns = tokens.filter((t) => t.created_by === 'trec start (sign-in link)');
    expect(signIns.length).toBe(2);
    expect(signIns.filter((t) => t.revoked_at === null).length).toBe(1);
  }, 180_000);

  it('TREC_DEMO=0 starts empty (the link signs in as the registry operator)', async () => {
    const s = await npmStart(fresh(), { TREC_DEMO: '0' });
    try {
      expect(s.stderr()).toMatch(/demo data off/);
      const { cookie } = await signIn(s.signIn);
      expect((await get(s, '/session', cookie)).json).toMatchObject({ signed_in: true, role: 'admin' });
      const orgs = await get(s, '/v1/organisations', cookie);
      expect(orgs.status).toBe(200);
      expect(orgs.json.organisations).toEqual([]);
      expect((await get(s, '/v1/systems', cookie)).json.systems).toEqual([]);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  }, 180_000);
});
