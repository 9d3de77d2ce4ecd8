// The dashboard's files (issue 12): the Vite build in web/dist served at `/`, beside the API. A path that
// names a file serves it; a path without a file extension that names none is a client route of the single
// page app and serves index.html (the app's router shows the page); anything else is 404. /v1 and
// /openapi.json stay the API's (their unknown paths answer the API's JSON 404, never the page). Hashed
// assets (/assets/...) are cached for a year, everything else revalidated (ETag); text is gzipped when the
// browser accepts it. Without a build (web/dist/index.html missing), a placeholder page says how to build it.
import { readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Context, Env, Hono } from 'hono';
import { page } from './session.ts';

export interface DashboardOptions {
  /** The built app: a folder with index.html (web/dist). */
  dir: string;
  /** Shown on the placeholder page when there is no build (how to make one). */
  buildHint?: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json)|image\/svg\+xml)/;
/** Paths the API answers (its own 404 for unknown ones). */
const API_PATH = /^\/(v1(\/|$)|openapi\.json$)/;

interface Loaded {
  stamp: string;
  body: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer> | undefined;
  type: string;
  etag: string;
}

/** Serves the dashboard from `options.dir` on every GET (and HEAD) that no route before it answered. */
export function serveDashboard<E extends Env>(api: Hono<E>, options: DashboardOptions): void {
  const root = resolve(options.dir);
  const cache = new Map<string, Loaded>();

  /** The file at `path` (cached while its size and mtime stay the same), or undefined. */
  const load = (path: string): Loaded | undefined => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const stamp = `${stat.size}-${Math.floor(stat.mtimeMs)}`;
    const hit = cache.get(path);
    if (hit?.stamp === stamp) return hit;
    const body = Uint8Array.from(readFileSync(path));
    const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    const loaded: Loaded = {
      stamp,
      body,
      gzip: COMPRESSIBLE.test(type) && body.length > 1024 ? Uint8Array.from(gzipSync(body)) : undefined,
      type,
      etag: `"${stamp}"`,
    };
    if (cache.size > 2000) cache.clear();
    cache.set(path, loaded);
    return loaded;
  };

  const send = (c: Context<E>, file: Loaded, cacheControl: string) => {
    c.header('Content-Type', file.type);
    c.header('Cache-Control', cacheControl);
    c.header('ETag', file.etag);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Vary', 'Accept-Encoding');
    if (file.type.startsWith('text/html')) {
      c.header('Content-Security-Policy', "frame-ancestors 'none'");
      c.header('Referrer-Policy', 'same-origin');
    }
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
    const gzip = file.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    if (gzip) c.header('Content-Encoding', 'gzip');
    return c.body(gzip && file.gzip ? file.gzip : file.body, 200);
  };

  const placeholder = (c: Context<E>) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(
      page(
        'TREC',
        `<p>The API is running: <a href="/openapi.json">/openapi.json</a> describes every route under <code>/v1</code>; <a href="/session">/session</a> says whether you are signed in.</p>
<p>The dashboard is not built yet (no <code>web/dist/index.html</code>). ${options.buildHint ?? 'Build it with <code>npm run build:web</code>, or start with <code>npm start</code>, which builds it when <code>web/</code> changed.'}</p>`,
      ),
      200,
    );
  };

  api.get('*', (c) => {
    const path = c.req.path;
    if (API_PATH.test(path)) return c.notFound();
    let rel: string;
    try {
      rel = decodeURIComponent(path);
    } catch {
      return c.text('not found', 404);
    }
    if (rel.includes('\0') || rel.split(/[\\/]/).includes('..')) return c.text('not found', 404);
    const index = load(join(root, 'index.html'));
    const target = resolve(root, `.${rel.endsWith('/') ? `${rel}index.html` : rel}`);
    if (target !== root && !target.startsWith(root + sep)) return c.text('not found', 404);
    const file = load(target);
    if (file)
      return send(c, file, rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    // A client route (no extension in its last segment) gets the app; a missing file is 404.
    if (extname(rel) !== '') return c.text('not found', 404);
    return index ? send(c, index, 'no-cache') : placeholder(c);
  });
}
