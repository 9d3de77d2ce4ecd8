// The TokenStore port (src/app/tokens.ts) over Kysely: API tokens stored as the SHA-256 of the token, checked
// in constant time, and the stored responses of Idempotency-Key requests (migration 0003, migration-api.ts).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CompiledQuery, type Kysely, type Selectable } from 'kysely';
import type { IdempotencyClaim, IdSource, Role, TokenRecord, TokenStore } from '../app/index.ts';
import type { ApiTables } from './migration-api.ts';
import type { Database } from './schema.ts';
import { isUniqueViolation } from './transaction.ts';
import { safeInteger, safeIntegerOrNull } from './values.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A token is `trec_<id>_<secret>`: the id finds the row, the secret is 32 random bytes (256 bits, base64url).
 * The row keeps the SHA-256 of the whole token; a presented token's hash is compared with it by
 * crypto.timingSafeEqual, so the comparison takes the same time wherever the two differ.
 */
const TOKEN = /^trec_(tok_[0-9a-z]+)_([A-Za-z0-9_-]{43})$/;

type TokenRow = Selectable<ApiTables['api_tokens']>;

const record = (r: TokenRow): TokenRecord => ({
  id: r.id,
  organisationId: r.organisation_id,
  role: r.role as Role,
  systemIds: JSON.parse(r.systems_json) as string[],
  createdBy: r.created_by,
  createdAt: safeInteger(r.created_at, 'created_at'),
  expiresAt: safeIntegerOrNull(r.expires_at, 'expires_at'),
  revokedAt: safeIntegerOrNull(r.revoked_at, 'revoked_at'),
});

/** The store of each database and id source, made once (the API checks a token on every request). */
const made = new WeakMap<Kysely<Database>, WeakMap<IdSource, TokenStore>>();

export function kyselyTokenStore(database: Kysely<Database>, ids: IdSource): TokenStore {
  let stores = made.get(database);
  if (!stores) made.set(database, (stores = new WeakMap()));
  let store = stores.get(ids);
  if (!store) stores.set(ids, (store = tokenStore(database, ids)));
  return store;
}

function tokenStore(database: Kysely<Database>, ids: IdSource): TokenStore {
  const db = database.withTables<ApiTables>();
  // The token lookup of every API request, compiled once for the dialect (`?` or `$1`): each call runs this
  // SQL text with the id, and the SQLite connection keeps its prepared statement (src/store/open.ts).
  const byIdSql = db.selectFrom('api_tokens').selectAll().where('id', '=', '').compile().sql;
  const byId = async (id: string) =>
    (await db.executeQuery<TokenRow>(CompiledQuery.raw(byIdSql, [id]))).rows[0];
  return {
    async create(t) {
      const id = `tok_${ids.next()}`;
      const token = `trec_${id}_${randomBytes(32).toString('base64url')}`;
      const row = {
        id,
        token_sha256: sha256(token),
        organisation_id: t.organisationId,
        role: t.role,
        systems_json: JSON.stringify(t.systemIds),
        created_by: t.by,
        created_at: t.at,
        expires_at: t.expiresAt,
        revoked_at: null,
      };
      await db.insertInto('api_tokens').values(row).execute();
      return { record: record(row), token };
    },
    async verify(token) {
      const m = TOKEN.exec(token);
      const id = m?.[1];
      const row = id ? await byId(id) : undefined;
      // Hash and compare even without a row, so an unknown id costs what a wrong secret costs.
      const stored = Buffer.from(row?.token_sha256 ?? '0'.repeat(64), 'hex');
      const given = Buffer.from(sha256(token), 'hex');
      const same = timingSafeEqual(stored, given);
      return row && same ? record(row) : undefined;
    },
    async revoke(id, at) {
      const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      if (row.revoked_at === null)
        await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
      return record({ ...row, revoked_at: row.revoked_at ?? at });
    },
    async list() {
      return (await db.selectFrom('api_tokens').selectAll().orderBy('id').execute()).map(record);
    },
    async claim(key, fingerprint, at): Promise<IdempotencyClaim> {
      try {
        await db
          .insertInto('idempotency_keys')
          .values({ token_id: key.tokenId, idem_key: key.key, fingerprint, created_at: at })
          .execute();
        return { state: 'claimed' };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const row = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('token_id', '=', key.tokenId)
        .where('idem_key', '=', key.key)
        .executeTakeFirst();
      if (!row) return this.claim(key, fingerprint, at); // released in between: try again
      if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
      if (row.status === null || row.body === null) return { state: 'pending' };
      return {
        state: 'replay',
        response: { status: row.status, contentType: row.content_type ?? 'application/json', body: row.body },
      };
    },
    async complete(key, response) {
      await db
        .updateTable('idempotency_keys')
        .set({ status: response.status, content_type: response.contentType, body: response.body })
        .where('token_id', '=', key.tokenId)
        .where('idem_key', '=', key.key)
        .execute();
    },
    async release(key) {
      await db
        .deleteFrom('idempotency_keys')
        .where('token_id', '=', key.tokenId)
        .where('idem_key', '=', key.key)
        .execute();
    },
  };
}
