import { z } from 'zod';
import { InputError, type Check } from '../core/index.ts';
import type { Ports } from './ports.ts';
import { ROLES, type Actor, type Role } from './scope.ts';
import { dbInput } from './registry-open.ts';
import { defineUseCase } from './use-case.ts';

// API tokens (issue 11, docs/api.md "Authentication"): made with `trec tokens create`, shown once, stored as
// the SHA-256 of the token (src/store/tokens.ts; the secret is 32 random bytes, so a fast hash is enough: no
// password to guess), compared in constant time, revoked with `trec tokens revoke`. The same store keeps the
// Idempotency-Key responses of the API.

/** A token as stored: never its secret, never its hash. */
export interface TokenRecord {
  id: string;
  /** The organisation the token acts for; null only for an admin token given none. */
  organisationId: string | null;
  role: Role;
  /** A monitor's assigned systems. */
  systemIds: string[];
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

export interface NewToken {
  organisationId: string | null;
  role: Role;
  systemIds: readonly string[];
  expiresAt: number | null;
  by: string;
  at: number;
}

/** A stored response of an Idempotency-Key (the first answer, replayed for a retry). */
export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
}

/** The outcome of claiming an Idempotency-Key for a request. */
export type IdempotencyClaim =
  /** Ours: act, then `complete` (or `release` on a failure of ours, so a retry may act). */
  | { state: 'claimed' }
  /** Answered before with the same request: replay this. */
  | { state: 'replay'; response: StoredResponse }
  /** Another request with the same key is still being answered. */
  | { state: 'pending' }
  /** The key was used for a different request (method, path or body). */
  | { state: 'mismatch' };

export interface IdempotencyKey {
  tokenId: string;
  key: string;
}

/** The tokens table and the idempotency keys (src/store/tokens.ts, migration 0003). */
export interface TokenStore {
  /** Makes a token: its secret generated here, only its hash stored; the token is returned once. */
  create(token: NewToken): Promise<{ record: TokenRecord; token: string }>;
  /** The token's record when `token` is one of ours (hashes compared in constant time), else undefined. */
  verify(token: string): Promise<TokenRecord | undefined>;
  /** Marks a token revoked at `at`; undefined when there is no such token. */
  revoke(id: string, at: number): Promise<TokenRecord | undefined>;
  list(): Promise<TokenRecord[]>;
  /** Claims `key` for a request whose method, path and body hash to `fingerprint`. */
  claim(key: IdempotencyKey, fingerprint: string, at: number): Promise<IdempotencyClaim>;
  complete(key: IdempotencyKey, response: StoredResponse): Promise<void>;
  release(key: IdempotencyKey): Promise<void>;
}

/** How use cases and the API reach the token store: the database `db` names, or the configured default. */
export interface TokenAccess {
  open(db: string | undefined): Promise<TokenStore>;
}

/** A request without a valid token (HTTP 401): missing, malformed, unknown, revoked or expired. */
export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

function tokens(ports: Ports): TokenAccess {
  if (!ports.tokens) throw new Error('this app was built without a token store (src/main.ts passes one)');
  return ports.tokens;
}

/**
 * The actor of an `Authorization` header value (`Bearer <token>`). Every failure is the same
 * UnauthorizedError wording apart from missing versus not accepted, so that nothing tells a caller whether a
 * token id exists. Expiry is checked against the ports' clock.
 */
export async function authenticate(ports: Ports, authorization: string | undefined): Promise<Actor> {
  if (authorization === undefined || authorization === '')
    throw new UnauthorizedError('an API token is required: Authorization: Bearer <token>');
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (!m?.[1]) throw new UnauthorizedError('the Authorization header must be: Bearer <token>');
  const record = await (await tokens(ports).open(undefined)).verify(m[1]);
  const now = ports.clock?.now();
  if (
    !record ||
    record.revokedAt !== null ||
    (record.expiresAt !== null && (now === undefined || now >= record.expiresAt))
  )
    throw new UnauthorizedError('the API token is not valid (unknown, revoked or expired)');
  return {
    organisationId: record.role === 'admin' ? null : record.organisationId,
    role: record.role,
    tokenId: record.id,
    systemIds: record.role === 'monitor' ? record.systemIds : null,
  };
}

const db = dbInput;

const presentToken = (t: TokenRecord) => ({
  id: t.id,
  organisation_id: t.organisationId,
  role: t.role,
  systems: t.systemIds,
  created_by: t.createdBy,
  created_at: new Date(t.createdAt).toISOString(),
  expires_at: t.expiresAt === null ? null : new Date(t.expiresAt).toISOString(),
  revoked_at: t.revokedAt === null ? null : new Date(t.revokedAt).toISOString(),
});

/** `YYYY-MM-DD` (00:00 UTC of that day) or an ISO 8601 instant with its offset, as ms. */
function expiry(text: string, now: number): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? Date.parse(`${text}T00:00:00Z`)
    : /(Z|[+-]\d{2}:?\d{2})$/.test(text)
      ? Date.parse(text)
      : NaN;
  if (!Number.isFinite(ms))
    throw new InputError('expected a date YYYY-MM-DD (00:00 UTC) or an ISO 8601 instant with its offset', {
      path: ['expires'],
      value: text,
    });
  if (ms <= now) throw new InputError('the expiry is not in the future', { path: ['expires'], value: text });
  return ms;
}

export const tokenCreateUseCase = defineUseCase({
  name: 'tokenCreate',
  summary: 'Make an API token for an organisation and role (shown once; only its hash is stored)',
  input: z
    .object({
      db,
      org: z
        .string()
        .trim()
        .min(1)
        .optional()
        .meta({ description: 'organisation id or name (admin: optional)' }),
      role: z.enum(ROLES, { error: `unknown role; use one of ${ROLES.join(', ')}` }),
      expires: z
        .string()
        .trim()
        .min(1)
        .optional()
        .meta({ description: 'YYYY-MM-DD (00:00 UTC) or an instant' }),
      systems: z
        .array(z.string().trim().min(1))
        .optional()
        .meta({ description: "a monitor's assigned systems (ids)" }),
    })
    .strict(),
  defaults: {},
  async run(i, { ports }) {
    const access = ports.registry;
    const clock = ports.clock;
    if (!access || !clock) throw new Error('this app was built without a registry and clock');
    const now = clock.now();
    const expiresAt = i.expires === undefined ? null : expiry(i.expires, now);
    const registry = await access.open(i.db);
    let organisationId: string | null = null;
    if (i.org !== undefined) {
      const org =
        (await registry.getOrganisation(i.org)) ??
        (await registry.listOrganisations()).find((o) => o.name === i.org);
      if (!org) throw new InputError(`no organisation ${i.org}`, { path: ['org'], value: i.org });
      organisationId = org.id;
    } else if (i.role !== 'admin')
      throw new InputError(`required: a ${i.role} token acts for one organisation`, { path: ['org'] });
    const systemIds = i.systems ?? [];
    if (i.role === 'monitor' && systemIds.length === 0)
      throw new InputError('required: a monitor token reads only the systems it is assigned to', {
        path: ['systems'],
      });
    if (i.role !== 'monitor' && systemIds.length > 0)
      throw new InputError('only a monitor token is assigned systems', {
        path: ['systems'],
        also: [['role']],
      });
    for (const [k, id] of systemIds.entries())
      if (!(await registry.getSystem(id)))
        throw new InputError(`no system ${id}`, { path: ['systems', k], value: id });
    const made = await (
      await tokens(ports).open(i.db)
    ).create({ organisationId, role: i.role, systemIds, expiresAt, by: access.actor, at: now });
    await registry.appendAudit({
      at: now,
      actor: access.actor,
      action: 'token.create',
      entity: 'token',
      entityId: made.record.id,
      organisationId,
      detail: { role: i.role, systems: systemIds, expiresAt },
    });
    return { ...made, checks: [] as Check[] };
  },
  present: (r) => ({ ...presentToken(r.record), token: r.token, ok: true, checks: r.checks }),
});

export const tokenRevokeUseCase = defineUseCase({
  name: 'tokenRevoke',
  summary: 'Revoke an API token (it is refused from then on)',
  input: z.object({ db, id: z.string().trim().min(1) }).strict(),
  defaults: {},
  async run(i, { ports }) {
    const access = ports.registry;
    const clock = ports.clock;
    if (!access || !clock) throw new Error('this app was built without a registry and clock');
    const now = clock.now();
    const record = await (await tokens(ports).open(i.db)).revoke(i.id, now);
    if (!record) throw new InputError(`no token ${i.id}`, { path: ['id'], value: i.id });
    await (
      await access.open(i.db)
    ).appendAudit({
      at: now,
      actor: access.actor,
      action: 'token.revoke',
      entity: 'token',
      entityId: record.id,
      organisationId: record.organisationId,
      detail: null,
    });
    return { record, checks: [] as Check[] };
  },
  present: (r) => ({ ...presentToken(r.record), ok: true, checks: r.checks }),
});

export const tokensUseCase = defineUseCase({
  name: 'tokens',
  summary: 'List the API tokens (ids, organisations, roles, expiry; never a token)',
  input: z.object({ db }).strict(),
  defaults: {},
  async run(i, { ports }) {
    return { tokens: await (await tokens(ports).open(i.db)).list(), checks: [] as Check[] };
  },
  present: (r) => ({ tokens: r.tokens.map(presentToken), ok: true, checks: r.checks }),
});
