import { sql, type Kysely, type Migration } from 'kysely';
import type { Int } from './schema.ts';

// Migration 0003 (issue 11, the HTTP API): API tokens (only the SHA-256 of each token is stored) and the
// responses of Idempotency-Key requests. docs/api.md describes both tables.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The tables this migration adds, as the store's queries see them (src/store/tokens.ts). */
export type ApiTables = {
  api_tokens: {
    id: string;
    /** hex SHA-256 of the whole token `trec_<id>_<secret>` */
    token_sha256: string;
    organisation_id: string | null;
    role: string;
    /** JSON array of a monitor's system ids */
    systems_json: string;
    created_by: string;
    created_at: Int;
    expires_at: Int | null;
    revoked_at: Int | null;
  };
  idempotency_keys: {
    token_id: string;
    idem_key: string;
    /** hex SHA-256 of method, path and body */
    fingerprint: string;
    created_at: Int;
    /** null while the first request is being answered */
    status: number | null;
    content_type: string | null;
    body: string | null;
  };
};

export const apiMigration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_sha256', 'text', (c) =>
        c
          .notNull()
          .unique()
          .check(sql`length(token_sha256) = 64`),
      )
      .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
      .addColumn('role', 'text', (c) =>
        c.notNull().check(sql`role in ('admin', 'aggregator', 'installer', 'monitor', 'viewer')`),
      )
      .addColumn('systems_json', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .addCheckConstraint('api_tokens_org', sql`role = 'admin' or organisation_id is not null`)
      .execute();
    await db.schema
      .createTable('idempotency_keys')
      .addColumn('token_id', 'text', (c) => c.notNull().references('api_tokens.id'))
      .addColumn('idem_key', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'integer')
      .addColumn('content_type', 'text')
      .addColumn('body', 'text')
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['token_id', 'idem_key'])
      .execute();
  },
};
