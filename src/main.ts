// The composition root: configuration -> ports -> use cases -> the CLI (and, with the registry, the store and
// the HTTP API). The only module that knows every layer (docs/architecture.md).
import { createApp, type App } from './app/index.ts';
import { processIO, type CliIO } from './cli/context.ts';
import { runCli } from './cli/main.ts';
import { filePorts, type FilePortsConfig } from './ingest/catalogues.ts';
import { lazyStore, storeTarget } from './store/open-config.ts';

/** The use cases over file-based ports (the package's programs, reference data and the user's files). */
export function createFileApp(config: FilePortsConfig = {}): App {
  return createApp(filePorts(config));
}

/** Configuration from the environment: `TREC_PROGRAMS_DIR` reads program files from another folder. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): FilePortsConfig {
  return env.TREC_PROGRAMS_DIR ? { programsDir: env.TREC_PROGRAMS_DIR } : {};
}

/** `trec ARGS...`: the CLI over the use cases, configured from the environment. */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const store = lazyStore(storeTarget(argv, process.env), process.env);
  try {
    return await runCli(argv, io, createApp({ ...filePorts(configFromEnv()), intervals: store.intervals }));
  } finally {
    await store.close();
  }
}

// Run directly (`node --import tsx src/main.ts`). No top-level await: bin/trec runs a CommonJS bundle.
if (import.meta.url === `file://${process.argv[1]}`)
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
