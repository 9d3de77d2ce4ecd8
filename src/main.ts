// The composition root: configuration -> ports -> use cases -> the CLI (and, with the registry, the store and
// the HTTP API). The only module that knows every layer (docs/architecture.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createApp,
  DEMO_ORGANISATION,
  loadDemo,
  type App,
  type IdSource,
  type IntervalStore,
  type RegistryAccess,
  type TokenAccess,
} from './app/index.ts';
import { processIO, type CliIO, type ServeHandle, type ServeOptions } from './cli/context.ts';
import { runCli } from './cli/main.ts';
import { filePorts, type FilePortsConfig } from './ingest/catalogues.ts';
import { fileRecordFiles } from './ingest/record-file.ts';
import { timeSortedIds } from './store/ids.ts';
import type { OpenedRegistry } from './store/registry-port.ts';

/** The embedded default database (git-ignored), relative to the working directory. */
export const DEFAULT_DB = './data/trec.db';

export interface RegistryConfig {
  /** The database when a command names none (`TREC_DB`; default ./data/trec.db). */
  db?: string;
  /** Who acts (`TREC_USER`, else the operating system's user name). */
  actor?: string;
}

/** An opened-on-demand registry: the store (Kysely and its driver) is loaded only when a command opens it. */
export interface LazyRegistry {
  access: RegistryAccess;
  /** API tokens and idempotency keys, in the same databases (src/store/tokens.ts). */
  tokens: TokenAccess;
  /** Closes every database opened (the end of a command). */
  close(): Promise<void>;
}

export function lazyRegistry(config: RegistryConfig = {}): LazyRegistry {
  const opened = new Map<string, Promise<OpenedRegistry>>();
  const defaultDb = config.db
    ? { value: config.db, source: 'TREC_DB' }
    : { value: DEFAULT_DB, source: 'TREC default (the embedded SQLite file; TREC_DB or --db say otherwise)' };
  const openOnce = (db: string | undefined) => {
    const target = db ?? defaultDb.value;
    let once = opened.get(target);
    if (!once) {
      once = import('./store/registry-port.ts').then((store) => store.openRegistry(target));
      opened.set(target, once);
    }
    return once;
  };
  const tokenIds = timeSortedIds();
  return {
    access: {
      defaultDb,
      actor: config.actor ?? 'unknown',
      open: async (db) => (await openOnce(db)).registry,
    },
    tokens: {
      async open(db) {
        const [{ db: kysely }, store] = await Promise.all([openOnce(db), import('./store/tokens.ts')]);
        return store.kyselyTokenStore(kysely, tokenIds);
      },
    },
    async close() {
      const all = [...opened.values()];
      opened.clear();
      for (const o of await Promise.allSettled(all)) if (o.status === 'fulfilled') await o.value.close();
    },
  };
}

const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Ids that sort in the order they were made, also within one millisecond (a file of many registrations):
 * a token not above the last one is the last one plus 1 (in the ids' own alphabet, Crockford base32).
 */
export function monotonicIds(ids: IdSource): IdSource {
  let last = '';
  return {
    next() {
      let token = ids.next();
      if (token.length === last.length && token <= last) {
        const digits = [...last];
        for (let i = digits.length - 1; i >= 0; i--) {
          const d = ID_ALPHABET.indexOf(digits[i] ?? '0');
          if (d < ID_ALPHABET.length - 1) {
            digits[i] = ID_ALPHABET[d + 1] ?? '0';
            break;
          }
          digits[i] = '0';
        }
        token = digits.join('');
      }
      last = token;
      return token;
    },
  };
}
import { lazyStore, storeTarget } from './store/open-config.ts';

/** The use cases over file-based ports (the package's programs, reference data and the user's files). */
export function createFileApp(
  config: FilePortsConfig = {},
  registry?: RegistryAccess,
  intervals?: IntervalStore,
  tokens?: TokenAccess,
): App {
  return createApp({
    ...filePorts(config),
    ...(intervals ? { intervals } : {}),
    ...(tokens ? { tokens } : {}),
    ...(registry
      ? {
          registry,
          codeVersion: codeVersion(),
          clock: { now: () => Date.now() },
          ids: monotonicIds(timeSortedIds()),
          recordFiles: fileRecordFiles(),
        }
      : {}),
  });
}

/** The package version, as `trec --version` prints it. */
export const TREC_VERSION = '0.1.0';

/**
 * The code version recorded with every issuance: the package version, and the build (a commit id, say) when
 * `TREC_CODE_VERSION` names one.
 */
export function codeVersion(env: NodeJS.ProcessEnv = process.env): string {
  return env.TREC_CODE_VERSION ? `trec ${TREC_VERSION} (${env.TREC_CODE_VERSION})` : `trec ${TREC_VERSION}`;
}

/** Configuration from the environment: `TREC_PROGRAMS_DIR` reads program files from another folder. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): FilePortsConfig {
  return env.TREC_PROGRAMS_DIR ? { programsDir: env.TREC_PROGRAMS_DIR } : {};
}

/** The registry's configuration from the environment: `TREC_DB`, `TREC_USER`. */
export function registryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RegistryConfig {
  let actor = env.TREC_USER;
  if (!actor)
    try {
      actor = userInfo().username;
    } catch {
      actor = env.USER ?? env.USERNAME ?? 'unknown';
    }
  return { ...(env.TREC_DB ? { db: env.TREC_DB } : {}), actor };
}

/**
 * `trec serve`: the HTTP API (src/api, loaded only here) over the database `db` (else TREC_DB, else
 * ./data/trec.db), migrated before the first request. Logs one line at start (URL, database, MQTT state) and
 * one per request to `log`; SIGTERM or SIGINT stops it gracefully (requests in flight finish, then the
 * database is closed) and resolves `stopped`.
 */
export async function serveApi(
  options: ServeOptions,
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = stderrLines(),
  print: (line: string) => void = (line) => void process.stdout.write(`${line}\n`),
): Promise<ServeHandle & { close(): Promise<void> }> {
  const config = registryConfigFromEnv(env);
  const target = options.db ?? config.db ?? DEFAULT_DB;
  const registry = lazyRegistry({ ...config, db: target });
  const store = lazyStore(target, env);
  const closeDb = async () => {
    await store.close();
    await registry.close();
  };
  let mqttStop = () => Promise.resolve();
  const startMqtt = async (
    url: string,
    db: string,
    s: typeof store,
    by: string,
    say: (line: string) => void,
  ) => {
    const [{ startMqttIngest }, { kyselyLiveStore }, { kyselyLiveStaging }] = await Promise.all([
      import('./ingest/mqtt/index.ts'),
      import('./store/live-port.ts'),
      import('./store/live-staging.ts'),
    ]);
    const live = { db: () => s.db(), ids: timeSortedIds(), clock: { now: () => Date.now() }, by };
    const ingest = await startMqttIngest({
      url,
      store: kyselyLiveStore(live),
      // Readings of hours not yet stored survive a restart (docs/mqtt.md): in a journal beside a SQLite
      // file, or (--mqtt-share, several servers) staged in the database itself (docs/scaling.md).
      ...(options.mqttShare === undefined
        ? { journal: mqttJournalPath(db) }
        : { shareGroup: options.mqttShare, staging: kyselyLiveStaging(live) }),
      waitForConnection: false,
      ...(options.mqttClientId === undefined ? {} : { clientId: options.mqttClientId }),
      ...(options.mqttWindowS === undefined ? {} : { orderingWindowS: options.mqttWindowS }),
      log: (e) =>
        say(`trec serve: mqtt ${e.level} ${e.event}${e.meterId ? ` ${e.meterId}` : ''}: ${e.message}`),
    });
    mqttStop = () => ingest.stop();
    return ingest;
  };
  try {
    const app = createFileApp(configFromEnv(env), registry.access, store.intervals, registry.tokens);
    const opened = await registry.access.open(undefined); // migrates; a bad database fails here, not later
    const { createApi, listen, closeOnSignals } = await import('./api/index.ts');
    // `trec start`: the demo data, then the dashboard's files and sign-in sessions beside the API.
    const dashboard = options.dashboard
      ? await startDashboard(registry, store.intervals, options, env, log)
      : undefined;
    const server = await listen(dashboard ? dashboard.api(app, log) : createApi(app, { log }), {
      port: options.port,
      host: options.host,
      onClosed: async () => {
        await mqttStop();
        await closeDb();
      },
    });
    const mqtt =
      options.mqtt === undefined
        ? undefined
        : await startMqtt(options.mqtt, target, store, config.actor ?? 'trec serve', log);
    log(
      `trec serve: listening on ${server.url}, database ${opened.target} (${opened.dialect}), mqtt: ${
        mqtt
          ? `${options.mqtt} (${mqtt.stats().connected ? 'connected' : 'connecting'}, topics ${options.mqttShare === undefined ? '' : `$share/${options.mqttShare}/`}trec/<org>/<meter>/readings)`
          : 'off'
      }`,
    );
    dashboard?.announce(server, options.host, print);
    let unsubscribe = () => {};
    const stopped = new Promise<string>((resolve) => {
      unsubscribe = closeOnSignals(server, (signal) => {
        log(`trec serve: ${signal}: stopped (requests in flight finished, database closed)`);
        resolve(signal);
      });
    });
    return {
      url: server.url,
      stopped,
      close: () => {
        unsubscribe();
        return server.close();
      },
    };
  } catch (error) {
    await closeDb();
    throw error;
  }
}

let stderrLog: ((line: string) => void) | undefined;

/**
 * Lines to standard error, gathered and written once per turn of the event loop (setImmediate), or at
 * 64 KiB: a busy server writes its request lines with one system call per turn rather than one a request
 * (a write of a file or pipe is synchronous in Node). Whatever is still gathered is written at exit.
 */
export function stderrLines(): (line: string) => void {
  if (stderrLog) return stderrLog;
  let text = '';
  const flush = () => {
    if (text === '') return;
    const out = text;
    text = '';
    process.stderr.write(out);
  };
  process.on('exit', flush);
  return (stderrLog = (line) => {
    if (text === '') setImmediate(flush);
    text += `${line}\n`;
    if (text.length >= 65_536) flush();
  });
}

/** Where `trec serve --mqtt` keeps its journal: beside a SQLite database, else ./data. */
export function mqttJournalPath(db: string): string {
  return /^postgres(ql)?:\/\//i.test(db)
    ? join('data', 'mqtt-journal.jsonl')
    : join(dirname(db), 'mqtt-journal.jsonl');
}

/** The dashboard's build (`npm run build:web`), beside src/ in the package; TREC_WEB_DIST names another. */
export const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

/** Who makes the demo data, and the API token behind the sign-in sessions of one start. */
export const DEMO_ACTOR = 'trec demo';
export const SIGN_IN_ACTOR = 'trec start (sign-in link)';
const SIGN_IN_TOKEN_DAYS = 30;

/**
 * `trec start`'s preparation before it listens: the demo data (unless `options.demo` is false or
 * TREC_DEMO=0; only into an empty registry, once), then the API token the sign-in link's sessions act with:
 * an aggregator of the demo organisation, or the registry operator (admin) when there is none. The tokens
 * of earlier starts are revoked (only this start's link signs in).
 */
export async function startDashboard(
  registry: LazyRegistry,
  intervals: IntervalStore,
  options: ServeOptions,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<{
  /** The API over `app` with the sign-in routes and the dashboard's files. */
  api(app: App, log: (line: string) => void): ReturnType<typeof import('./api/index.ts').createApi>;
  /** Prints the address and the sign-in link. */
  announce(server: { url: string; port: number }, host: string, print: (line: string) => void): void;
}> {
  const as = (actor: string) =>
    createFileApp(configFromEnv(env), { ...registry.access, actor }, intervals, registry.tokens);
  if (options.demo !== false && env.TREC_DEMO !== '0') {
    const dir = mkdtempSync(join(tmpdir(), 'trec-demo-'));
    try {
      const demo = await loadDemo(
        as(DEMO_ACTOR),
        {
          scratch: (name) => join(dir, name),
          remove: (path) => rmSync(path, { force: true }),
        },
        { log, now: () => performance.now() },
      );
      log(`trec start: demo ${demo.state}: ${demo.reason} (${(demo.ms / 1000).toFixed(1)} s)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else log('trec start: demo data off (TREC_DEMO=0 or --no-demo)');
  const app = as(SIGN_IN_ACTOR);
  const organisations = (await app.run('organisations', {})).result.organisations;
  const org = organisations.find((o) => o.name === DEMO_ORGANISATION);
  for (const t of (await app.run('tokens', {})).result.tokens)
    if (t.createdBy === SIGN_IN_ACTOR && t.revokedAt === null) await app.run('tokenRevoke', { id: t.id });
  const expires = new Date(Date.now() + SIGN_IN_TOKEN_DAYS * 86_400_000).toISOString();
  const role = org ? 'aggregator' : 'admin';
  const made = (await app.run('tokenCreate', { ...(org ? { org: org.id } : {}), role, expires })).result;
  const api = await import('./api/index.ts');
  const sessions = new api.Sessions({
    authorization: `Bearer ${made.token}`,
    identity: { organisationId: org?.id ?? null, organisationName: org?.name ?? null, role },
  });
  return {
    api(app, log) {
      const hono = api.createApi(app, { log, session: sessions });
      sessions.routes(hono);
      api.serveDashboard(hono, { dir: env.TREC_WEB_DIST ?? WEB_DIST });
      return hono;
    },
    announce(server, host, print) {
      const base = /^(127\.0\.0\.1|localhost|0\.0\.0\.0|::1?|\[::1?\])$/.test(host)
        ? `http://localhost:${server.port}`
        : server.url;
      const who = sessions.identity;
      print(`TREC dashboard and API: ${base}/ (API under ${base}/v1, ${base}/openapi.json)`);
      print(
        `Sign in (${who.organisationName ?? 'the registry operator'}, role ${who.role}): ${base}${sessions.signInPath()}`,
      );
    },
  };
}

/** `trec ARGS...`: the CLI over the use cases, configured from the environment. */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const registry = lazyRegistry(registryConfigFromEnv());
  const store = lazyStore(storeTarget(argv, process.env), process.env);
  try {
    return await runCli(
      argv,
      io,
      createFileApp(configFromEnv(), registry.access, store.intervals, registry.tokens),
      (options) => serveApi(options),
    );
  } finally {
    await store.close();
    await registry.close();
  }
}

// Run directly (`node --import tsx src/main.ts`). No top-level await: bin/trec runs a CommonJS bundle.
if (import.meta.url === `file://${process.argv[1]}`)
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
