// The HTTP API (issue 11, docs/api.md): every route of ROUTES runs one app use case. Inputs are read into the
// use case's plain input and validated by its own zod schema (runUseCase), the answer is `present`'s JSON,
// and /openapi.json (OpenAPI 3.1) is generated from the same schemas. Auth (Bearer tokens), roles and the
// tenant scope come from src/app (authenticate, assertMayRun, scopedPorts): a route only maps a request.
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import {
  actorName,
  assertMayRun,
  authenticate,
  createApp,
  readsOnly,
  scopedPorts,
  USE_CASES,
  visible,
  type Actor,
  type App,
  type IdempotencyKey,
  type StoredResponse,
  type TokenStore,
} from '../app/index.ts';
import { errorAnswer, notFound, type Answer } from './errors.ts';
import {
  BodyError,
  coerceText,
  fileExtension,
  isArrayField,
  readBody,
  shapeOf,
  TempFiles,
} from './inputs.ts';
import { DEFAULT_RATE_LIMIT, TokenBuckets, type RateLimit } from './rate-limit.ts';
import { ROUTES, SERVER_ONLY, type ApiRoute } from './routes.ts';

export interface ApiOptions {
  /** One line per request (JSON); default: standard error. Never given a token. */
  log?: (line: string) => void;
  /** Per-token rate limit (in memory), or false for none. Default 50 requests/s, bursts of 100. */
  rateLimit?: RateLimit | false;
  /** Largest JSON body, bytes (default 1 MiB). */
  maxJsonBytes?: number;
  /** Largest file body (uploads, posted meter files, multipart), bytes (default 64 MiB). */
  maxFileBytes?: number;
  /** The routes to serve (default: ROUTES). */
  routes?: readonly ApiRoute[];
  /**
   * How long a checked token is taken as checked, ms (default 1000): a revoked or expired token is refused
   * at most this late, and a busy client costs one token lookup a second, not one a request. 0: every time.
   */
  authCacheMs?: number;
  /**
   * The dashboard's sign-in sessions (src/api/session.ts): a request without an Authorization header is
   * authenticated by its session cookie, when it has one.
   */
  session?: { authorization(request: Request): string | undefined };
}

type Env = {
  Variables: {
    requestId: string;
    actor?: Actor;
    failure?: unknown;
  };
};

const MiB = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const PAGE_MAX = 1000;
const PAGE_DEFAULT = 100;

const errorSchema = z
  .object({
    error: z.object({
      message: z.string(),
      request_id: z.string(),
      fields: z
        .array(z.object({ pointer: z.string(), message: z.string() }))
        .optional()
        .meta({ description: 'each input field the error is about, as a JSON pointer into the input' }),
      file: z.string().optional(),
      line: z.number().int().optional(),
      column: z.string().optional(),
      checks: z.array(z.record(z.string(), z.unknown())).optional().meta({
        description: 'the checks that refused the answer (a registry export with an error check: 422)',
      }),
    }),
  })
  .meta({ id: 'Error' });

const resultSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: "the use case's JSON, as `trec ... --json` prints it" });

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** The use case's input schema without `keys` (the server's own inputs, path parameters, files). */
function without(schema: z.ZodType, keys: readonly string[]): ObjectSchema {
  const shape = shapeOf(schema);
  const drop = Object.fromEntries(keys.filter((k) => k in shape).map((k) => [k, true] as const));
  const obj = schema as unknown as ObjectSchema;
  return typeof obj.omit === 'function' ? obj.omit(drop) : obj;
}

const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** The OpenAPI description of a route, from its use case's schema. */
function openApiRoute(route: ApiRoute, operationId: string) {
  const uc = USE_CASES[route.useCase];
  const params = Object.keys(route.params ?? {});
  const fields = Object.values(route.params ?? {});
  const files = route.files ?? [];
  const rest = without(uc.input, [...SERVER_ONLY, ...fields, ...files]);
  const binary = z.string().meta({ format: 'binary' });
  const pageQuery = z.object({
    limit: z
      .number()
      .int()
      .min(1)
      .max(PAGE_MAX)
      .optional()
      .meta({ description: `default ${PAGE_DEFAULT}` }),
    after: z.string().optional().meta({ description: 'the last id of the previous page (`next_after`)' }),
  });
  const request: Record<string, unknown> = {};
  // A path parameter that fills an enumerated input is documented with its choices (`/v1/exports/{format}`).
  const paramSchema = (field: string | undefined) => {
    const s = field === undefined ? undefined : shapeOf(uc.input)[field];
    return s && (s as unknown as { def: { type: string } }).def.type === 'enum' ? s : z.string().min(1);
  };
  if (params.length)
    request.params = z.object(Object.fromEntries(params.map((p) => [p, paramSchema(route.params?.[p])])));
  if (route.keyRequired)
    request.headers = z.object({
      'idempotency-key': (route.keyRequired === true ? z.string() : z.string().optional()).meta({
        description:
          route.keyRequired === true
            ? 'required: this request moves or issues certificates; a retry with the same key never acts twice'
            : `required unless ${route.keyRequired.unless} is true: a retry with the same key never issues twice`,
      }),
    });
  if (route.input === 'query') request.query = route.page ? rest.extend(pageQuery.shape) : rest;
  else if (route.streamed) {
    request.query = without(uc.input, [...SERVER_ONLY, ...fields, ...files]);
    request.body = {
      required: true,
      description: 'the meter file itself (CSV or JSON lines), streamed; name it with X-File-Name',
      content: { 'text/csv': { schema: binary }, 'application/x-ndjson': { schema: binary } },
    };
  } else {
    const fileShape = shapeOf(uc.input);
    const form = without(uc.input, [...SERVER_ONLY, ...fields]).extend(
      Object.fromEntries(
        files
          .filter((f) => f in fileShape)
          .map((f) => [f, isArrayField(uc.input, f) ? z.array(binary).optional() : binary.optional()]),
      ),
    );
    request.body = {
      required: true,
      content: {
        'application/json': { schema: rest },
        ...(files.length ? { 'multipart/form-data': { schema: form } } : {}),
      },
    };
  }
  const err = (description: string) => ({
    description,
    content: { 'application/json': { schema: errorSchema } },
  });
  return createRoute({
    method: route.method,
    path: route.path,
    tags: [route.tag],
    summary: uc.summary,
    operationId,
    security: [{ bearerAuth: [] }],
    request: request as never,
    responses: {
      [route.status ?? 200]: {
        description: route.download
          ? "the file (Content-Disposition: attachment); with Accept: application/json, the use case's JSON"
          : 'the result',
        content: {
          ...(route.download ? { 'text/csv': { schema: z.string() } } : {}),
          'application/json': { schema: resultSchema },
        },
      },
      ...(route.download ? { 422: err('the export has an error check: the checks, no file') } : {}),
      ...(route.keyRequired
        ? {
            409: err('a request with this Idempotency-Key is still being answered'),
            422: err('the Idempotency-Key was used for another request'),
          }
        : {}),
      400: err('bad input: each field as a JSON pointer'),
      401: err('no valid API token'),
      403: err('the token may not do this'),
      404: err('no such resource (or not one the token may see)'),
      413: err('the body is too large'),
      429: err('too many requests: wait Retry-After seconds'),
      500: err('internal error (no detail; quote the request id)'),
    },
  });
}

/** Whether a request to `route` with `input` must carry an Idempotency-Key (a dry run need not). */
function keyRequired(route: ApiRoute, input: Readonly<Record<string, unknown>>): boolean {
  const rule = route.keyRequired;
  if (rule === undefined) return false;
  return rule === true || input[rule.unless] !== true;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * A JSON body, whole. With a Content-Length within the limit: at once from the request's stream buffer when
 * all of it is there (parsedBody), else by @hono/node-server's direct path (`arrayBuffer()` from the socket,
 * without building a web stream; Node's parser delivers exactly that many bytes); otherwise (chunked, or over
 * the limit) by readBody, which refuses it past the limit while reading.
 */
function jsonBody(c: Context<Env>, limitBytes: number): Buffer | Promise<Buffer> {
  const request = c.req.raw;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isInteger(declared) && declared >= 0 && declared <= limitBytes)
    return parsedBody(c, declared) ?? request.arrayBuffer().then((b) => Buffer.from(b));
  return readBody(request, limitBytes);
}

/**
 * On Node's http server (@hono/node-server passes the IncomingMessage as `c.env.incoming`), a small body
 * has usually been parsed into the message's stream buffer by the time the route reads it (it came in the
 * request's packet). When all Content-Length bytes are there (the parser never gives a message more), they
 * are taken at once (readable.read()), without the listeners and the copy into an ArrayBuffer of the
 * general path; otherwise undefined (the general path reads it).
 */
function parsedBody(c: Context<Env>, declared: number): Buffer | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || declared === 0 || incoming.readableDidRead || incoming.readableLength !== declared)
    return undefined;
  const chunk: unknown = incoming.read();
  if (!Buffer.isBuffer(chunk) || chunk.length !== declared)
    throw new Error(
      `the parsed body read as ${Buffer.isBuffer(chunk) ? chunk.length : typeof chunk}, not ${declared} bytes`,
    );
  incoming.resume(); // nothing is left but the message's end: let it flow ('end', readableEnded)
  return chunk;
}

interface ReadInput {
  input: Record<string, unknown>;
  /** SHA-256 of the body as received (for the Idempotency-Key fingerprint), computed when asked for. */
  bodySha256: () => string;
}

/** A request's input for `route`: query, body (JSON, form, or a file), path parameters, the actor's org. */
async function readInput(
  c: Context<Env>,
  route: ApiRoute,
  temp: TempFiles,
  limits: { json: number; file: number },
): Promise<ReadInput> {
  const uc = USE_CASES[route.useCase];
  const query = c.req.url.includes('?') ? { ...c.req.queries() } : {};
  if (route.page) {
    delete query.limit;
    delete query.after;
  }
  const input = coerceText(uc.input, query);
  const files = route.files ?? [];
  let bodySha256 = () => sha256('');
  const setFile = (key: string, path: string) => {
    if (isArrayField(uc.input, key)) {
      const list = Array.isArray(input[key]) ? (input[key] as unknown[]) : [];
      input[key] = [...list, path];
    } else input[key] = path;
  };
  // A file input given as text would be a path on the server: refused, whatever it names.
  for (const f of files)
    if (f in input)
      throw new BodyError(
        `${f} is a file: send it as a multipart part (or as the body), not a path`,
        400,
        `/${f}`,
      );
  const fileName = (fallback: string) => c.req.header('x-file-name') ?? fallback;
  if (route.method === 'post') {
    const given = c.req.header('content-type') ?? '';
    const type = given === 'application/json' ? given : (given.split(';')[0]?.trim().toLowerCase() ?? '');
    if (route.streamed) {
      const ext = fileExtension(type, input.format);
      const file = await temp.stream(c.req.raw, fileName(`upload${ext}`), limits.file);
      bodySha256 = () => file.sha256;
      setFile(route.streamed, file.path);
    } else if (type === 'multipart/form-data') {
      const bytes = await readBody(c.req.raw, limits.file);
      bodySha256 = () => sha256(bytes);
      const form = await new Request('http://form.invalid/', {
        method: 'POST',
        headers: { 'content-type': c.req.header('content-type') ?? '' },
        body: bytes,
      }).formData();
      const texts: Record<string, string[]> = {};
      for (const [key, value] of form.entries()) {
        if (typeof value === 'string') {
          if (files.includes(key))
            throw new BodyError(`${key} is a file: send it as a file part, not a text field`, 400, `/${key}`);
          (texts[key] ??= []).push(value);
        } else {
          if (!files.includes(key))
            throw new BodyError(`${key} is not a file input of this route`, 400, `/${key}`);
          setFile(key, await temp.write(value.name || key, new Uint8Array(await value.arrayBuffer())));
        }
      }
      Object.assign(input, coerceText(uc.input, texts));
    } else if (type === 'application/json' || (type === '' && !files.length)) {
      const read = jsonBody(c, limits.json); // a Buffer at once when the body is already here
      const bytes = read instanceof Buffer ? read : await read;
      bodySha256 = () => sha256(bytes);
      const text = bytes.toString('utf8');
      if (text.trim() !== '') {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new BodyError('the body is not JSON');
        }
        if (body === null || typeof body !== 'object' || Array.isArray(body))
          throw new BodyError('the body must be a JSON object of the inputs');
        for (const f of files)
          if (f in body)
            throw new BodyError(
              `${f} is a file: send it as a multipart part (or as the body), not a path`,
              400,
              `/${f}`,
            );
        for (const [k, v] of Object.entries(body)) {
          if (k === '__proto__') throw new BodyError('__proto__ is not an input', 400, '/__proto__');
          input[k] = v;
        }
      }
    } else if (files.length) {
      // The whole body is the route's first file input (curl --data-binary @day.csv -H 'Content-Type: text/csv').
      const ext = fileExtension(type, input.format);
      const bytes = await readBody(c.req.raw, limits.file);
      bodySha256 = () => sha256(bytes);
      setFile(files[0] ?? 'files', await temp.write(fileName(`body${ext}`), bytes));
    } else throw new BodyError(`this route reads application/json, not ${type}`, 415);
  }
  for (const key of SERVER_ONLY)
    if (key in input)
      throw new BodyError(`${key} is not an input over HTTP: the server has its database`, 400, `/${key}`);
  for (const [param, field] of Object.entries(route.params ?? {})) {
    const value = c.req.param(param);
    if (field in input && input[field] !== value)
      throw new BodyError(`${field} is given by the path (${value})`, 400, `/${field}`);
    input[field] = value;
  }
  const actor = c.get('actor');
  if (route.actorOrg && input[route.actorOrg] === undefined && actor && actor.organisationId !== null)
    input[route.actorOrg] = actor.organisationId;
  return { input, bodySha256 };
}

let isoMs = NaN;
let isoText = '';
/** The time now as ISO 8601 (toISOString), made once per millisecond (a busy server logs several). */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}

/**
 * A request's log line: the JSON of `{at, request_id, method, path, status, ms, token_id?, error?}` in that
 * order (docs/api.md), written out directly (each string by JSON.stringify) rather than built as an object.
 */
export function logLine(
  requestId: string,
  method: string,
  path: string,
  status: number,
  ms: number,
  tokenId: string | undefined,
  error: string | undefined,
): string {
  const q = JSON.stringify;
  return (
    `{"at":"${isoNow()}","request_id":${q(requestId)},"method":${q(method)},"path":${q(path)},` +
    `"status":${status},"ms":${ms}${tokenId === undefined ? '' : `,"token_id":${q(tokenId)}`}` +
    `${error === undefined ? '' : `,"error":${q(error)}`}}`
  );
}

/**
 * A route's JSON answer with its X-Request-Id, the headers given as a plain object: @hono/node-server then
 * writes them as they are, where c.json would build a Headers object and the log step read it back.
 */
function answer(c: Context<Env>, json: unknown, status: number): Response {
  const res = new Response(JSON.stringify(json), {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': c.get('requestId') },
  });
  withRequestId.add(res);
  return res;
}

/** The answers made by answer(): the log step adds X-Request-Id to any other. */
const withRequestId = new WeakSet<Response>();

/** A page of the list under `key`: ids after `after`, at most `limit`; `next_after` when more follow. */
function paged(
  json: Record<string, unknown>,
  key: string,
  query: Record<string, string | undefined>,
): Record<string, unknown> {
  const list = json[key];
  if (!Array.isArray(list)) return json;
  const limitText = query.limit;
  const limit = limitText === undefined ? PAGE_DEFAULT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX)
    throw new BodyError(`limit must be an integer from 1 to ${PAGE_MAX}`, 400, '/limit');
  const after = query.after;
  const items = (list as { id?: unknown }[]).filter((x) => after === undefined || String(x.id) > after);
  const page = items.slice(0, limit);
  const last = page.at(-1);
  return { ...json, [key]: page, next_after: items.length > limit && last ? String(last.id) : null };
}

/**
 * The Hono app of the API over `app`'s ports (the registry, interval store and token store must be there for
 * the registry routes and for auth). `app.request(...)` answers without a socket (tests, contract runner);
 * src/api/server.ts serves it.
 */
export function createApi(app: App, options: ApiOptions = {}): OpenAPIHono<Env> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const limits = { json: options.maxJsonBytes ?? MiB, file: options.maxFileBytes ?? 64 * MiB };
  const buckets =
    options.rateLimit === false ? undefined : new TokenBuckets(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  let swept = 0;
  const api = new OpenAPIHono<Env>();
  const send = <C extends Context<Env, string>>(c: C, a: Answer) => {
    for (const [k, v] of Object.entries(a.headers ?? {})) c.header(k, v);
    return c.json(a.body, a.status as 400);
  };

  // Request id, timing and the one log line of every request (method, path, status, ms, id, token id).
  api.use('*', async (c, next) => {
    const given = c.req.header('x-request-id');
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    const start = performance.now();
    let failed: unknown;
    try {
      await next();
    } catch (error) {
      failed = error;
      const a = errorAnswer(error, requestId);
      c.res = c.json(a.body, a.status as 500);
    }
    // Reading a response's headers makes @hono/node-server build a Headers object for it: an answer made by
    // answer() carries its id already.
    if (!withRequestId.has(c.res)) c.res.headers.set('X-Request-Id', requestId);
    const error = failed ?? c.get('failure');
    log(
      logLine(
        requestId,
        c.req.method,
        c.req.path,
        c.res.status,
        Math.round((performance.now() - start) * 10) / 10,
        c.get('actor')?.tokenId,
        error === undefined
          ? undefined
          : error instanceof Error
            ? `${error.name}: ${error.message}`
            : JSON.stringify(error),
      ),
    );
  });

  api.get('/openapi.json', (c) => c.json(document()));

  // Checked tokens by the SHA-256 of the header (the token itself is not kept as a key).
  const authCacheMs = options.authCacheMs ?? 1000;
  const checked = new Map<string, { actor: Actor; untilMs: number }>();
  const authenticated = async (header: string | undefined): Promise<Actor> => {
    if (authCacheMs <= 0 || header === undefined) return authenticate(app.ports, header);
    const key = sha256(header);
    const now = performance.now();
    const hit = checked.get(key);
    if (hit && hit.untilMs > now) return hit.actor;
    const actor = await authenticate(app.ports, header);
    if (checked.size >= 10_000) checked.clear();
    checked.set(key, { actor, untilMs: now + authCacheMs });
    return actor;
  };

  // The ports and use cases an actor sees (scopedPorts), made once per actor: a checked token's actor is the
  // same object for authCacheMs, so a busy client's requests share them.
  const scopedApps = new WeakMap<Actor, { ports: App['ports']; scoped: App }>();
  const scopedApp = (actor: Actor) => {
    let made = scopedApps.get(actor);
    if (!made) {
      const ports = scopedPorts(app.ports, actor);
      scopedApps.set(actor, (made = { ports, scoped: createApp(ports) }));
    }
    return made;
  };

  // Auth and the rate limit, for everything under /v1.
  api.use('/v1/*', async (c, next) => {
    let actor: Actor;
    try {
      actor = await authenticated(c.req.header('authorization') ?? options.session?.authorization(c.req.raw));
    } catch (error) {
      return send(c, errorAnswer(error, c.get('requestId')));
    }
    c.set('actor', actor);
    if (buckets) {
      if (++swept % 1000 === 0) buckets.sweep();
      const wait = buckets.take(actor.tokenId);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        return send(c, {
          status: 429,
          body: {
            error: { message: `too many requests: retry after ${wait} s`, request_id: c.get('requestId') },
          },
        });
      }
    }
    await next();
  });

  const routes = options.routes ?? ROUTES;
  const names = new Set<string>();
  for (const r of routes) {
    const name = `${r.method} ${r.path}`;
    if (names.has(name) || names.has(r.useCase))
      throw new Error(`route ${name} (${r.useCase}) is listed twice`);
    names.add(name).add(r.useCase);
  }
  const operations = new Map<string, number>();
  for (const route of routes) {
    const n = (operations.get(route.useCase) ?? 0) + 1;
    operations.set(route.useCase, n);
    api.openAPIRegistry.registerPath(openApiRoute(route, n === 1 ? route.useCase : `${route.useCase}${n}`));
    api.on(route.method.toUpperCase(), honoPath(route.path), (c) => handle(c, route));
  }

  api.notFound((c) => send(c, notFound(c.get('requestId'), `no route ${c.req.method} ${c.req.path}`)));
  api.onError((error, c) => {
    c.set('failure', error);
    return send(c, errorAnswer(error, c.get('requestId')));
  });

  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'an API token from `trec tokens create` (trec_tok_..._...)',
  });
  let doc: ReturnType<typeof api.getOpenAPI31Document> | undefined;
  const document = () =>
    (doc ??= api.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'TREC API',
        version: '1',
        description:
          'Thermal renewable energy certificates: the answers of the `trec` CLI over HTTP (docs/api.md).',
      },
    }));

  async function idempotent(
    c: Context<Env>,
    store: TokenStore | undefined,
    key: IdempotencyKey | undefined,
    fingerprint: string,
    act: () => Promise<Answer | Response>,
  ): Promise<Response> {
    if (!store || !key) return toResponse(c, await act());
    const clock = app.ports.clock;
    const claim = await store.claim(key, fingerprint, clock ? clock.now() : Date.now());
    if (claim.state === 'replay') {
      const r = claim.response;
      return new Response(r.body, {
        status: r.status,
        headers: { 'content-type': r.contentType, 'Idempotent-Replayed': 'true' },
      });
    }
    if (claim.state === 'pending') {
      c.header('Retry-After', '1');
      return send(c, {
        status: 409,
        body: {
          error: {
            message: 'a request with this Idempotency-Key is still being answered',
            request_id: c.get('requestId'),
          },
        },
      });
    }
    if (claim.state === 'mismatch')
      return send(c, {
        status: 422,
        body: {
          error: {
            message: 'this Idempotency-Key was used for a different request (method, path or body)',
            request_id: c.get('requestId'),
            fields: [{ pointer: '', message: 'Idempotency-Key reused with another request' }],
          },
        },
      });
    let res: Response;
    try {
      res = toResponse(c, await act());
    } catch (error) {
      await store.release(key);
      throw error;
    }
    if (res.status >= 500) await store.release(key);
    else {
      const stored: StoredResponse = {
        status: res.status,
        contentType: res.headers.get('content-type') ?? 'application/json',
        body: await res.clone().text(),
      };
      await store.complete(key, stored);
    }
    return res;
  }

  /**
   * A registry export as a file: its text with `text/csv` and an attachment name (`nepool-gis-2026-Q3.csv`);
   * JSON when the caller asks for it (Accept: application/json); 422 with the checks when one is an error
   * (the CLI exits non-zero then: no file is half right).
   */
  function download(c: Context<Env>, route: ApiRoute, json: Record<string, unknown>): Answer | Response {
    if (json.ok === false) {
      const checks = Array.isArray(json.checks) ? (json.checks as Record<string, unknown>[]) : [];
      const errors = checks.filter((x) => x.severity === 'error');
      return {
        status: 422,
        body: {
          error: {
            message: `the export has ${errors.length} error check${errors.length === 1 ? '' : 's'}: ${errors.map((x) => String(x.message)).join('; ')}`,
            request_id: c.get('requestId'),
            checks,
          },
        },
      };
    }
    const accept = c.req.header('accept') ?? '';
    if (/application\/json/i.test(accept) && !/text\/csv/i.test(accept)) return c.json(json, 200);
    const name = [json.format, json.period].map((x) => String(x).replace(/[^A-Za-z0-9._-]/g, '_')).join('-');
    return new Response(typeof json.text === 'string' ? json.text : '', {
      status: 200,
      headers: {
        'content-type': `text/${route.download ?? 'csv'}; charset=utf-8`,
        'content-disposition': `attachment; filename="${name}.csv"`,
      },
    });
  }

  function toResponse(c: Context<Env>, a: Answer | Response): Response {
    return a instanceof Response ? a : send(c, a);
  }

  async function handle(c: Context<Env>, route: ApiRoute): Promise<Response> {
    const requestId = c.get('requestId');
    const actor = c.get('actor');
    if (!actor) throw new Error('no actor: the auth middleware runs before every /v1 route');
    const temp = new TempFiles();
    let status = 500;
    try {
      assertMayRun(actor, route.useCase);
      const { ports, scoped } = scopedApp(actor);
      const exists = route.exists;
      const missing = async (): Promise<Answer | undefined> => {
        if (!exists) return undefined;
        const id = c.req.param(exists.param) ?? '';
        return (await visible(ports, exists.kind, id))
          ? undefined
          : notFound(requestId, `no ${exists.kind} ${id}`);
      };
      // A retry with an Idempotency-Key gets the stored answer even when the record has moved out of sight
      // since (a whole batch transferred and accepted): the key is looked up first, the record then. Streamed
      // uploads are checked before their body is read.
      const keyed =
        route.method === 'post' && !route.streamed && c.req.header('idempotency-key') !== undefined;
      if (!keyed) {
        const absent = await missing();
        if (absent) return send(c, absent);
      }
      const { input, bodySha256 } = await readInput(c, route, temp, limits);
      const keyText = route.method === 'post' ? c.req.header('idempotency-key') : undefined;
      if (keyText !== undefined && !/^[\x21-\x7e]{1,255}$/.test(keyText))
        throw new BodyError('Idempotency-Key must be 1 to 255 visible ASCII characters');
      if (keyText === undefined && keyRequired(route, input))
        throw new BodyError(
          `this request moves or issues certificates: send an Idempotency-Key header (1 to 255 visible ASCII characters, new for each action; a retry with the same key never acts twice)`,
        );
      if (route.guard) await route.guard(ports, input);
      const url = keyText === undefined ? undefined : new URL(c.req.url);
      const fingerprint = url
        ? sha256(`${c.req.method}\n${url.pathname}\n${url.search}\n${bodySha256()}`)
        : '';
      const store =
        keyText !== undefined && app.ports.tokens ? await app.ports.tokens.open(undefined) : undefined;
      const res = await idempotent(
        c,
        store,
        keyText === undefined ? undefined : { tokenId: actor.tokenId, key: keyText },
        fingerprint,
        async () => {
          if (keyed) {
            const absent = await missing();
            if (absent) return absent;
          }
          try {
            const outcome = await scoped.run(route.useCase, input);
            let json = temp.shownJson(scoped.present(route.useCase, outcome)) as Record<string, unknown>;
            if (route.download) return download(c, route, json);
            if (route.page)
              json = paged(json, route.page, { limit: c.req.query('limit'), after: c.req.query('after') });
            const code = route.status === 201 && json.already_ingested === true ? 200 : (route.status ?? 200);
            return answer(c, json, code);
          } catch (error) {
            const a = errorAnswer(error, requestId, (s) => temp.shown(s));
            if (a.status >= 500) throw error;
            return a;
          }
        },
      );
      status = res.status;
      return res;
    } catch (error) {
      const a = errorAnswer(error, requestId, (s) => temp.shown(s));
      if (a.status >= 500) c.set('failure', error);
      status = a.status;
      return send(c, a);
    } finally {
      await temp.remove();
      if (route.method === 'post' && !readsOnly(route.useCase) && app.ports.registry)
        await audit(route, c, actor, status).catch((error: unknown) => {
          log(
            JSON.stringify({
              request_id: requestId,
              audit_error: error instanceof Error ? error.message : String(error),
            }),
          );
        });
    }
  }

  /** The audit entry of a state-changing call: who (token id and organisation), what, when, and the status. */
  async function audit(route: ApiRoute, c: Context<Env>, actor: Actor, status: number): Promise<void> {
    const access = app.ports.registry;
    if (!access) return;
    const registry = await access.open(undefined);
    await registry.appendAudit({
      at: app.ports.clock ? app.ports.clock.now() : Date.now(),
      actor: actorName(actor),
      action: `api.${route.useCase}`,
      entity: 'request',
      entityId: c.get('requestId'),
      organisationId: actor.organisationId,
      detail: {
        method: c.req.method,
        path: c.req.path,
        status,
        role: actor.role,
        ...(c.req.header('idempotency-key') === undefined
          ? {}
          : { idempotency_key: c.req.header('idempotency-key') }),
      },
    });
  }

  return api;
}
