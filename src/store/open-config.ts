// Where the store is and who uses it, from the command line and the environment; opened on first use, so
// commands that never touch the store load neither Kysely nor a driver (docs/store.md).
import { userInfo } from 'node:os';
import type { Kysely } from 'kysely';
import type { IntervalStore } from '../app/index.ts';
import { timeSortedIds } from './ids.ts';
import type { Database } from './schema.ts';

/** The default database: a SQLite file under the working directory (git-ignored). */
export const DEFAULT_DB = './data/trec.db';

/** `--db X` or `--db=X` in argv, else TREC_DB, else ./data/trec.db. */
export function storeTarget(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--') break;
    if (a === '--db' && argv[k + 1] !== undefined) return argv[k + 1]!;
    if (a.startsWith('--db=')) return a.slice('--db='.length);
  }
  return env.TREC_DB || DEFAULT_DB;
}

/** Who sends uploads and makes rows: TREC_USER, else the OS user. */
export function storeUser(env: NodeJS.ProcessEnv): string {
  if (env.TREC_USER) return env.TREC_USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export interface LazyStore {
  intervals: IntervalStore;
  /** The opened, migrated database (opened on the first call): what the live MQTT writer stores through. */
  db(): Promise<Kysely<Database>>;
  /** Closes the database if it was opened. */
  close(): Promise<void>;
}

/** The store's ports over the database `target`, opened and migrated on the first call. */
export function lazyStore(target: string, env: NodeJS.ProcessEnv): LazyStore {
  let opened: Promise<{ db: Kysely<Database>; intervals: IntervalStore }> | undefined;
  const open = () =>
    (opened ??= (async () => {
      const store = await import('./index.ts');
      const port = await import('./interval-port.ts');
      const db = store.openDatabase(target);
      await store.migrateToLatest(db);
      const intervals = port.kyselyIntervalStore({
        db: () => Promise.resolve(db),
        ids: timeSortedIds(),
        clock: { now: () => Date.now() },
        by: storeUser(env),
      });
      return { db, intervals };
    })());
  const intervals: IntervalStore = {
    meter: async (...a) => (await open()).intervals.meter(...a),
    system: async (...a) => (await open()).intervals.system(...a),
    findUpload: async (...a) => (await open()).intervals.findUpload(...a),
    overlap: async (...a) => (await open()).intervals.overlap(...a),
    storeUpload: async (...a) => (await open()).intervals.storeUpload(...a),
    systemHours: async (...a) => (await open()).intervals.systemHours(...a),
    systemReadings: async (...a) => (await open()).intervals.systemReadings(...a),
    encodeReadings: async (...a) => (await open()).intervals.encodeReadings(...a),
  };
  return {
    intervals,
    db: async () => (await open()).db,
    async close() {
      if (!opened) return;
      const o = opened;
      opened = undefined;
      await (await o.catch(() => undefined))?.db.destroy();
    },
  };
}
