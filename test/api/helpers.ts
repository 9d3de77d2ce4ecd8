/* eslint-disable @typescript-eslint/no-unsafe-assignment -- answers are plain JSON, read untyped by design (as in test/contract) */
// The API over a real database (a temp SQLite file, or PostgreSQL in a schema of its own when
// TREC_TEST_PG_URL is set), asked through Hono's app.request (no socket); tokens made by the tokenCreate use
// case, as `trec tokens create` makes them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App, InputOf } from '../../src/app/index.ts';
import { createApi, type ApiOptions } from '../../src/api/index.ts';
import { createFileApp, lazyRegistry } from '../../src/main.ts';
import { lazyStore } from '../../src/store/open-config.ts';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TestApi {
  app: App;
  api: ReturnType<typeof createApi>;
  logs: string[];
  /** A new token (its text) for `input`. */
  token(input: InputOf<'tokenCreate'>): Promise<string>;
  /** A request with a token (or none), a JSON body when `json` is given. */
  call(
    method: string,
    path: string,
    options?: {
      token?: string;
      json?: unknown;
      body?: RequestInit['body'];
      headers?: Record<string, string>;
    },
  ): Promise<{ status: number; json: Json; headers: Headers; text: string }>;
  close(): Promise<void>;
}

export function apiOn(target: string, options: ApiOptions = {}, appOf?: (app: App) => App): TestApi {
  const registry = lazyRegistry({ db: target, actor: 'test' });
  const store = lazyStore(target, { TREC_USER: 'test' });
  const base = createFileApp({}, registry.access, store.intervals, registry.tokens);
  const app = appOf ? appOf(base) : base;
  const logs: string[] = [];
  const api = createApi(app, { log: (l) => logs.push(l), rateLimit: false, authCacheMs: 0, ...options });
  return {
    app,
    api,
    logs,
    async token(input) {
      const made = app.present('tokenCreate', await app.run('tokenCreate', input)) as Json;
      return made.token as string;
    },
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
      let body = o.body;
      if (o.json !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = JSON.stringify(o.json);
      }
      const res = await api.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await res.text();
      let json: Json = {};
      try {
        json = JSON.parse(text) as Json;
      } catch {
        json = {};
      }
      return { status: res.status, json, headers: res.headers, text };
    },
    async close() {
      await store.close();
      await registry.close();
    },
  };
}

/** Two organisations, each with a site, a system and a heat meter, registered through the API by an admin. */
export interface World {
  admin: string;
  orgs: { a: Json; b: Json };
  sites: { a: Json; b: Json };
  systems: { a: Json; b: Json };
  meters: { a: Json; b: Json };
  enrolments: { a: Json; b: Json };
  tokens: Record<'aggregatorA' | 'installerA' | 'viewerA' | 'monitorA' | 'aggregatorB', string>;
}

export async function world(t: TestApi): Promise<World> {
  const admin = await t.token({ role: 'admin' });
  const ok = async (path: string, json: unknown) => {
    const r = await t.call('POST', path, { token: admin, json });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${r.text}`);
    return r.json;
  };
  const orgA = await ok('/v1/organisations', { name: 'Chesapeake Thermal' });
  const orgB = await ok('/v1/organisations', { name: 'Granite State Heat' });
  const site = (org: Json, name: string, state: string) =>
    ok('/v1/sites', { org: org.id, name, state, tz: 'America/New_York' });
  const siteA = await site(orgA, 'Annapolis house', 'MD');
  const siteB = await site(orgB, 'Concord house', 'NH');
  const system = (s: Json, name: string) =>
    ok('/v1/systems', {
      site: s.id,
      name,
      technology: 'ground-source',
      tons: 4,
      cop: 3.5,
      commissioned: '2024-01-01',
    });
  const systemA = await system(siteA, 'GSHP A');
  const systemB = await system(siteB, 'GSHP B');
  const meter = (s: Json, serial: string) =>
    ok('/v1/meters', {
      system: s.id,
      kind: 'heat',
      fluid: 'water',
      flowSensor: 'return',
      meterClass: 2,
      qpM3h: 1.5,
      dtMinK: 3,
      serial,
    });
  const meterA = await meter(systemA, 'A-1');
  const meterB = await meter(systemB, 'B-1');
  const enrol = (s: Json, program: string) =>
    ok('/v1/enrolments', { system: s.id, program, method: 'grec-formula', start: '2024-01-01' });
  const enrolA = await enrol(systemA, 'md-geothermal');
  const enrolB = await enrol(systemB, 'md-geothermal');
  return {
    admin,
    orgs: { a: orgA, b: orgB },
    sites: { a: siteA, b: siteB },
    systems: { a: systemA, b: systemB },
    meters: { a: meterA, b: meterB },
    enrolments: { a: enrolA, b: enrolB },
    tokens: {
      aggregatorA: await t.token({ role: 'aggregator', org: orgA.id as string }),
      installerA: await t.token({ role: 'installer', org: orgA.id as string }),
      viewerA: await t.token({ role: 'viewer', org: orgA.id as string }),
      monitorA: await t.token({ role: 'monitor', org: orgA.id as string, systems: [systemB.id as string] }),
      aggregatorB: await t.token({ role: 'aggregator', org: orgB.id as string }),
    },
  };
}

/**
 * A canonical meter file: one sample a minute from `startMs` for `minutes` (minutes + 1 samples), constant
 * flow 20 L/min and a 5 K difference: by hand 1/3000 m3/s x ~995.6 kg/m3 x ~4,180 J/kg K x 5 K = ~6.94 kW.
 */
export function meterCsv(startMs: number, minutes: number): string {
  const lines = ['time,flow_lpm,supply_c,return_c'];
  for (let k = 0; k <= minutes; k++)
    lines.push(`${new Date(startMs + k * 60_000).toISOString()},20,32.5,27.5`);
  return lines.join('\n') + '\n';
}

export function writeCsv(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
