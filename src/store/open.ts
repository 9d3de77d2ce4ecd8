import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { CurrentSchemaPostgresDialect } from './pg-introspector.ts';
import type { Database } from './schema.ts';
import { safeInteger } from './values.ts';

export type DialectName = 'sqlite' | 'postgres';

/**
 * The drivers are CommonJS packages loaded on first use with require, not import(): bin/trec runs a CommonJS
 * bundle in a vm.Script with a code cache, where a dynamic import() fails once the cache is used
 * (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING on Node 20) and warns without it.
 */
const load = createRequire(import.meta.url);

/** `postgres://` or `postgresql://` is PostgreSQL; anything else is a SQLite file (`:memory:` allowed). */
export function dialectFor(target: string): DialectName {
  return /^postgres(ql)?:\/\//i.test(target) ? 'postgres' : 'sqlite';
}

export function dialectOf<DB>(db: Kysely<DB>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * SQLite transactions BEGIN IMMEDIATE: the write lock is taken at the start, waiting up to busy_timeout for
 * another process's writer, instead of at the first write. A deferred transaction that reads and then writes
 * while another process commits gets SQLITE_BUSY at once (its snapshot is stale; the busy handler is not
 * called), so two concurrent issuers would fail instead of taking turns (docs/store.md, "concurrency").
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** Prepared statements kept per SQLite connection (the most recently used). */
const STATEMENT_CACHE = 256;

/**
 * The connection as Kysely's SqliteDialect uses it, with its prepared statements kept by SQL text: Kysely
 * prepares every query it runs, and better-sqlite3's prepare (SQLite compiling the statement) cost more than
 * running the small statements of an issuance (about 0.8 ms of 2.6 an enrolment). A statement still busy (an
 * iterating stream) is not shared: a new one is prepared. SQLite recompiles a statement after a schema
 * change by itself (sqlite3_prepare_v2), so a kept statement never runs against an old schema.
 */
function cachedStatements(sqlite: import('better-sqlite3').Database) {
  const cache = new Map<string, import('better-sqlite3').Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare(text: string) {
      const kept = cache.get(text);
      cache.delete(text);
      const statement = kept && !kept.busy ? kept : sqlite.prepare(text);
      cache.set(text, statement);
      if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

export interface OpenOptions {
  /** PostgreSQL: the schema every connection works in (`search_path`), e.g. one per test run. */
  schema?: string;
  /** SQLite: how long a writer waits for another's lock before failing, ms. Default 5000. */
  busyTimeoutMs?: number;
}

/**
 * A Kysely instance on the database `target` names: a PostgreSQL URL (pg Pool) or a SQLite file path
 * (better-sqlite3; the parent folder is created). The driver is loaded and connected on the first query, so
 * opening costs nothing until the store is used. The caller decides the default path and calls `db.destroy()`.
 *
 * SQLite runs with journal_mode WAL (readers never block the writer), foreign_keys ON and busy_timeout, and
 * its transactions BEGIN IMMEDIATE (they wait for another process's writer instead of failing).
 * PostgreSQL int8 values (bigint columns, count) come back as numbers, checked to be safe integers.
 */
export function openDatabase(target: string, options: OpenOptions = {}): Kysely<Database> {
  if (dialectFor(target) === 'postgres') {
    const { schema } = options;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new Error(`schema ${JSON.stringify(schema)}: use lower-case letters, digits and _`);
    return new Kysely<Database>({
      dialect: new CurrentSchemaPostgresDialect({
        pool: () => {
          const pg = load('pg') as typeof import('pg');
          const int8 = (text: string) => safeInteger(text, 'bigint value');
          const pool = new pg.Pool({
            connectionString: target,
            ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
            types: {
              // OID 20 is int8 (bigint); every other type keeps pg's own parser.
              getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
                if (oid === 20 && format !== 'binary') return int8;
                const parser: unknown = pg.types.getTypeParser(oid, format);
                return parser;
              }) as typeof pg.types.getTypeParser,
            },
          });
          return Promise.resolve(pool);
        },
      }),
    });
  }
  const busy = options.busyTimeoutMs ?? 5000;
  return new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({
      database: async () => {
        const SQLite = load('better-sqlite3') as typeof import('better-sqlite3');
        const memory = target === ':memory:' || target === '';
        if (!memory) await mkdir(dirname(resolve(target)), { recursive: true });
        const sqlite = new SQLite(target);
        if (!memory) sqlite.pragma('journal_mode = WAL');
        sqlite.pragma('foreign_keys = ON');
        sqlite.pragma(`busy_timeout = ${Math.round(busy)}`);
        return cachedStatements(sqlite);
      },
    }),
  });
}
