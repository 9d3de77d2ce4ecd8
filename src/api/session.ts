// Sign-in for the dashboard (issue 12, docs/demo.md "Signing in"): `trec start` prints a sign-in link
// (`/signin?code=...`, the code is 32 random bytes, new at every start); following it sets a session cookie
// (HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it; Secure when served over
// https) and the session stands for one API token made at start for the demo organisation. The API keeps its
// Bearer tokens: a request with an Authorization header is judged by that header alone, and a cookie only
// speaks for a request without one. Sessions live in memory: a restart signs everyone out (follow the new
// link). A state-changing request carried by the cookie must come from this origin (its Origin header, when
// sent, names this host), on top of SameSite=Strict.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, Env, Hono } from 'hono';

export const SESSION_COOKIE = 'trec_session';

/** Who a session acts as (shown by GET /session; the token itself never leaves the server). */
export interface SessionIdentity {
  organisationId: string | null;
  organisationName: string | null;
  role: string;
}

export interface SessionOptions {
  /** The Authorization header value the sessions act with: `Bearer <token>`. */
  authorization: string;
  identity: SessionIdentity;
  /** How long a session lives after its last use, ms (default 12 h). */
  idleMs?: number;
  /** At most this many sessions at once; the least recently used goes first (default 1,000). */
  maxSessions?: number;
  now?: () => number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const token = () => randomBytes(32).toString('base64url');
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of cookie `name` in a Cookie header, or undefined. */
export function cookieValue(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Whether a request came over https (directly, or as a proxy in front of us says). */
const overHttps = (request: Request) =>
  new URL(request.url).protocol === 'https:' ||
  (request.headers.get('x-forwarded-proto') ?? '').split(',')[0]?.trim() === 'https';

/** The sign-in code, the sessions it opened, and the routes that open, show and close them. */
export class Sessions {
  /** The sign-in code of this start (the printed link carries it). */
  readonly code: string = token();
  private readonly codeHash = sha256(this.code);
  /** SHA-256 of a session id (hex) -> last use, ms; Map order is least recently used first. */
  private readonly open = new Map<string, number>();
  private readonly idleMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(private readonly options: SessionOptions) {
    this.idleMs = options.idleMs ?? 12 * 3_600_000;
    this.maxSessions = options.maxSessions ?? 1000;
    this.now = options.now ?? (() => Date.now());
  }

  get identity(): SessionIdentity {
    return this.options.identity;
  }

  /** The path of the sign-in link (append it to the server's URL). */
  signInPath(): string {
    return `/signin?code=${this.code}`;
  }

  /** Whether `code` is this start's sign-in code (compared in constant time). */
  private codeMatches(code: string | undefined): boolean {
    return code !== undefined && timingSafeEqual(sha256(code), this.codeHash);
  }

  private live(sessionId: string | undefined): string | undefined {
    if (!sessionId) return undefined;
    const key = sha256(sessionId).toString('hex');
    const last = this.open.get(key);
    if (last === undefined) return undefined;
    const now = this.now();
    this.open.delete(key);
    if (now - last > this.idleMs) return undefined;
    this.open.set(key, now); // most recently used last
    return key;
  }

  /**
   * The Authorization header a request's session cookie stands for, or undefined: no cookie, an unknown or
   * expired session, or a state-changing request whose Origin is another site.
   */
  authorization(request: Request): string | undefined {
    const id = cookieValue(request.headers.get('cookie'), SESSION_COOKIE);
    if (!this.live(id)) return undefined;
    if (!SAFE.has(request.method.toUpperCase())) {
      const origin = request.headers.get('origin');
      const host = request.headers.get('host') ?? new URL(request.url).host;
      if (origin !== null) {
        let from: string | undefined;
        try {
          from = new URL(origin).host;
        } catch {
          from = undefined;
        }
        if (from !== host) return undefined;
      }
    }
    return this.options.authorization;
  }

  private cookie(request: Request, value: string, maxAgeS?: number): string {
    return [
      `${SESSION_COOKIE}=${value}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Strict',
      ...(overHttps(request) ? ['Secure'] : []),
      ...(maxAgeS === undefined ? [] : [`Max-Age=${maxAgeS}`]),
    ].join('; ');
  }

  /** GET /signin?code=...[&next=/path]: a new session (cookie), then the dashboard; POST /signout; GET /session. */
  routes<E extends Env>(api: Hono<E>): void {
    const noStore = (c: Context<E>) => {
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
    };
    api.get('/signin', (c) => {
      noStore(c);
      if (!this.codeMatches(c.req.query('code')))
        return c.html(
          page(
            'Sign-in link not valid',
            '<p>This sign-in link is not valid. Every start of <code>npm start</code> (<code>trec start</code>) prints a new one; use the link of the running server.</p>',
          ),
          401,
        );
      const id = token();
      this.open.set(sha256(id).toString('hex'), this.now());
      while (this.open.size > this.maxSessions) {
        const oldest = this.open.keys().next().value;
        if (oldest === undefined) break;
        this.open.delete(oldest);
      }
      const next = c.req.query('next');
      // Only a path of this site (never `//host` or a URL): no open redirect.
      const to = next !== undefined && /^\/(?![/\\])/.test(next) ? next : '/';
      c.header('Set-Cookie', this.cookie(c.req.raw, id));
      return c.redirect(to, 303);
    });
    api.post('/signout', (c) => {
      noStore(c);
      const id = cookieValue(c.req.header('cookie'), SESSION_COOKIE);
      if (id) this.open.delete(sha256(id).toString('hex'));
      c.header('Set-Cookie', this.cookie(c.req.raw, '', 0));
      return c.body(null, 204);
    });
    api.get('/session', (c) => {
      noStore(c);
      const id = cookieValue(c.req.header('cookie'), SESSION_COOKIE);
      if (!this.live(id)) return c.json({ signed_in: false }, 401);
      const who = this.options.identity;
      return c.json({
        signed_in: true,
        organisation_id: who.organisationId,
        organisation_name: who.organisationName,
        role: who.role,
      });
    });
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A small self-contained HTML page (the sign-in error, the dashboard placeholder). */
export function page(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · TREC</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#1b1f23}code{background:#f1f3f5;padding:0 .25em;border-radius:3px}a{color:#0b5cad}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>
${bodyHtml}
</main></body></html>
`;
}
