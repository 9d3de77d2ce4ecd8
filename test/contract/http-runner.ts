// The contract suites' third runner (issue 11): the same cases over HTTP, through Hono's app.request (no
// socket), with an admin token on a database of the runner's own (or the `db` a registry suite gives, whose
// records the cases build on). Inputs go where the route reads them (path, query, JSON body, or multipart
// parts for files); a 400's first field pointer is turned back into the input path the suite names.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll } from 'vitest';
import type { InputOf, UseCaseName } from '../../src/app/index.ts';
import { pathOf, routeOf, type ApiRoute } from '../../src/api/index.ts';
import { flagOf } from '../../src/cli/run.ts';
import { apiOn, type TestApi } from '../api/helpers.ts';
import type { Answer, ContractSuite, Runner } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'trec-contract-http-'));
const apis = new Map<string, Promise<{ t: TestApi; token: string }>>();

afterAll(async () => {
  for (const a of apis.values()) await (await a).t.close();
  apis.clear();
  rmSync(dir, { recursive: true, force: true });
});

function apiFor(db: string) {
  let a = apis.get(db);
  if (!a) {
    a = (async () => {
      const t = apiOn(db);
      return { t, token: await t.token({ role: 'admin' }) };
    })();
    apis.set(db, a);
  }
  return a;
}

const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);

function request(route: ApiRoute, input: Record<string, unknown>): { path: string; init: RequestInit } {
  const rest = { ...input };
  let path = route.path;
  for (const [param, field] of Object.entries(route.params ?? {})) {
    path = path.replace(`{${param}}`, encodeURIComponent(text(rest[field])));
    delete rest[field];
  }
  const query = new URLSearchParams();
  const files = (route.files ?? []).filter((f) => rest[f] !== undefined);
  if (route.input === 'query' || route.streamed) {
    for (const [k, v] of Object.entries(rest)) {
      if (v === undefined || files.includes(k)) continue;
      if (Array.isArray(v)) for (const x of v as unknown[]) query.append(k, text(x));
      else query.set(k, text(v));
    }
    const q = query.toString();
    const url = q ? `${path}?${q}` : path;
    if (!route.streamed) return { path: url, init: { method: 'GET' } };
    const file = [rest[route.streamed]].flat()[0] as string;
    return {
      path: url,
      init: { method: 'POST', body: readFileSync(file), headers: { 'x-file-name': basename(file) } },
    };
  }
  if (!files.length)
    return {
      path,
      init: { method: 'POST', body: JSON.stringify(rest), headers: { 'content-type': 'application/json' } },
    };
  const form = new FormData();
  for (const [k, v] of Object.entries(rest)) {
    if (v === undefined) continue;
    if (files.includes(k))
      for (const f of [v].flat() as string[]) form.append(k, new Blob([readFileSync(f)]), basename(f));
    else if (Array.isArray(v)) for (const x of v as unknown[]) form.append(k, text(x));
    else form.append(k, text(v));
  }
  return { path, init: { method: 'POST', body: form } };
}

/** The files a request uploads, by the name it gives them (their base name). */
function uploadedFiles(route: ApiRoute, input: Record<string, unknown>): Map<string, string> {
  const named = new Map<string, string>();
  for (const f of route.files ?? [])
    for (const path of [input[f] ?? []].flat() as string[]) named.set(basename(path), path);
  return named;
}

/** Strings that are exactly an uploaded file's name, as the path the suite gave. */
function namedAsGiven(value: unknown, named: ReadonlyMap<string, string>): unknown {
  if (named.size === 0) return value;
  if (typeof value === 'string') return named.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => namedAsGiven(v, named));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, namedAsGiven(v, named)]));
  return value;
}

export const httpRunner: Runner = {
  name: 'http',
  supports: (useCase: UseCaseName) => routeOf(useCase) !== undefined,
  async ask<K extends UseCaseName>(suite: ContractSuite<K>, input: InputOf<K>): Promise<Answer> {
    const route = routeOf(suite.useCase);
    if (!route) throw new Error(`no route runs ${suite.useCase}`);
    const { db, ...rest } = input as Record<string, unknown>;
    const { t, token } = await apiFor(typeof db === 'string' ? db : join(dir, 'http.db'));
    const { path, init } = request(route, rest);
    // A route that moves or issues certificates needs an Idempotency-Key (one per request: each case acts);
    // an export answers its JSON when asked for it instead of the CSV file.
    const res = await t.api.request(path, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        authorization: `Bearer ${token}`,
        ...(route.keyRequired ? { 'idempotency-key': randomUUID() } : {}),
        ...(route.download ? { accept: 'application/json' } : {}),
      },
    });
    const body = (await res.json()) as Record<string, unknown>;
    // Over HTTP a file is named by its upload name; the suites name the files they gave.
    if (res.ok) return { json: namedAsGiven(body, uploadedFiles(route, rest)) as Record<string, unknown> };
    const error = body.error as { message: string; fields?: { pointer: string }[] } | undefined;
    if (res.status !== 400 || !error) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
    const pointer = error.fields?.[0]?.pointer;
    const p = pointer === undefined ? undefined : pathOf(pointer);
    return {
      error: {
        field: p && p.length ? flagOf(p, suite.flags) : '',
        detail: error.message,
        ...(p && p.length ? { path: p } : {}),
      },
    };
  },
};
