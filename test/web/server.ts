/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- use-case answers are plain JSON, read untyped by design (as in test/contract) */
// A real server for the dashboard's browser tests and screenshots: a temp SQLite database, the use cases
// seeded as `trec` would seed them (docs/walkthrough.md), the API (createApi) and web/dist served from one
// origin on a free loopback port, as `npm start` serves them. The dashboard talks to it only over HTTP.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { App } from '../../src/app/index.ts';
import { createApi, ROUTES, type ApiRoute } from '../../src/api/index.ts';
import { createFileApp, lazyRegistry } from '../../src/main.ts';
import { lazyStore } from '../../src/store/open-config.ts';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'web', 'dist');

/**
 * Routes the dashboard calls for issue 10's use cases, added only where src/api/routes.ts does not yet list
 * a route for that use case: the paths of the api-ledger branch (src/api/routes.ts there), which the
 * dashboard's web/src/api.ts calls. Once that branch is merged, ROUTES has them all and this adds nothing.
 */
const LEDGER_ROUTES: ApiRoute[] = [
  {
    method: 'get',
    path: '/v1/batches',
    useCase: 'certificates',
    tag: 'certificates',
    input: 'query',
    page: 'batches',
  },
  {
    method: 'get',
    path: '/v1/batches/{id}',
    useCase: 'certificateShow',
    tag: 'certificates',
    params: { id: 'batch' },
    input: 'query',
  },
  {
    method: 'post',
    path: '/v1/batches/{id}/transfers',
    useCase: 'transfer',
    tag: 'transfers',
    params: { id: 'batch' },
    input: 'body',
    status: 201,
  },
  {
    method: 'post',
    path: '/v1/batches/{id}/retirements',
    useCase: 'retire',
    tag: 'retirements',
    params: { id: 'batch' },
    input: 'body',
    status: 201,
  },
  { method: 'get', path: '/v1/transfers', useCase: 'transfers', tag: 'transfers', input: 'query' },
  {
    method: 'post',
    path: '/v1/transfers/{id}/{decision}',
    useCase: 'transferDecide',
    tag: 'transfers',
    params: { id: 'transfer', decision: 'decision' },
    input: 'body',
  },
  {
    method: 'get',
    path: '/v1/ledger/verification',
    useCase: 'ledgerVerify',
    tag: 'ledger',
    input: 'query',
  },
  { method: 'post', path: '/v1/issuance', useCase: 'issue', tag: 'issuance', input: 'body' },
];

export function routesWithLedger(): ApiRoute[] {
  const have = new Set(ROUTES.map((r) => r.useCase));
  return [...ROUTES, ...LEDGER_ROUTES.filter((r) => !have.has(r.useCase))];
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export interface WebServer {
  url: string;
  app: App;
  dir: string;
  /** An aggregator token of the demo organisation. */
  token: string;
  seed: Seeded;
  close(): Promise<void>;
}

export interface Seeded {
  org: Json;
  buyer: Json;
  gshp: Json;
  awhp: Json;
  meter: Json;
  batches: Json[];
}

const run = async (app: App, name: Parameters<App['run']>[0], input: Json): Promise<Json> =>
  app.present(name, await app.run(name, input));

/**
 * The demo world: an organisation with a 4-ton Maryland GSHP on the formula and the laundry air-to-water
 * heat pump with `days` of simulated 1-minute data from 2026-07-01, the quarter issued, two certificates
 * transferred to a buyer (accepted), one retired.
 */
export async function seed(app: App, dir: string, days = 92): Promise<Seeded> {
  const org = await run(app, 'orgAdd', { name: 'Chesapeake Thermal' });
  const buyer = await run(app, 'orgAdd', { name: 'Harbor Utility' });
  const md = await run(app, 'siteAdd', {
    org: org.id,
    name: 'Annapolis house',
    state: 'MD',
    tz: 'America/New_York',
  });
  const ny = await run(app, 'siteAdd', {
    org: org.id,
    name: 'Laundry, Brooklyn',
    state: 'NY',
    tz: 'America/New_York',
  });
  const gshp = await run(app, 'systemAdd', {
    site: md.id,
    name: 'GSHP-1',
    technology: 'ground-source',
    tons: 4,
    cop: 3.5,
    commissioned: '2024-05-01',
  });
  await run(app, 'enrol', {
    system: gshp.id,
    program: 'md-geothermal',
    method: 'grec-formula',
    unitId: 'NON12345',
    start: '2026-01-01',
  });
  const awhp = await run(app, 'systemAdd', {
    site: ny.id,
    name: 'Laundry AWHP',
    technology: 'air-to-water',
    capacityKw: 40,
    cop: 4.2,
    commissioned: '2026-06-01',
  });
  const meter = await run(app, 'meterAdd', {
    system: awhp.id,
    kind: 'heat',
    fluid: 'water',
    flowSensor: 'return',
    meterClass: 2,
    qpM3h: 2.5,
    dtMinK: 3,
  });
  await run(app, 'enrol', {
    system: awhp.id,
    program: 'proposed-air-to-water-trec',
    unitId: 'TREC-PILOT-1',
    start: '2026-07-01',
    pilot: true,
  });
  const file = join(dir, 'laundry.csv');
  await run(app, 'simulate', { days, start: '2026-07-01', utcOffset: '-04:00', out: file });
  await run(app, 'ingest', { files: [file], meter: meter.id });
  const issued = await run(app, 'issue', { period: '2026-Q3', dryRun: false });
  const laundry = (issued.issued as Json[]).find((l) => l.system === awhp.id);
  if (laundry?.batch) {
    const moved = await run(app, 'transfer', {
      batch: laundry.batch,
      to: buyer.default_account_id,
      quantity: 2,
    });
    if (moved.transfer) await run(app, 'transferDecide', { transfer: moved.transfer.id, decision: 'accept' });
  }
  const batches = (await run(app, 'certificates', {})).batches as Json[];
  return { org, buyer, gshp, awhp, meter, batches };
}

/** Serves web/dist and the API on 127.0.0.1 (a free port), over a seeded temp database. */
export async function startWebServer(options: { days?: number } = {}): Promise<WebServer> {
  const dir = mkdtempSync(join(tmpdir(), 'trec-web-'));
  const db = join(dir, 'trec.db');
  const registry = lazyRegistry({ db, actor: 'web-test' });
  const store = lazyStore(db, { TREC_USER: 'web-test' });
  const app = createFileApp({}, registry.access, store.intervals, registry.tokens);
  await run(app, 'dbMigrate', { db });
  const seeded = await seed(app, dir, options.days);
  const made = await run(app, 'tokenCreate', { role: 'aggregator', org: seeded.org.id });
  const api = createApi(app, { log: () => {}, rateLimit: false, routes: routesWithLedger() });
  const listener = getRequestListener(api.fetch);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/v1/') || path === '/openapi.json') return void listener(req, res);
    let file = normalize(join(DIST, decodeURIComponent(path)));
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory())
      file = join(DIST, 'index.html'); // client routes: the app's own router reads the path
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    dir,
    token: made.token as string,
    seed: seeded,
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      await store.close();
      await registry.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
