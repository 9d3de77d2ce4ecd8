import { Command, CommanderError } from 'commander';
import type { App } from '../app/index.ts';
import { InputError } from '../core/index.ts';
import { commands } from './commands/index.ts';
import { NotClean, type CliIO, type ServeApi } from './context.ts';
import { inCliWords } from './run.ts';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;
/** The command ran and printed its result, and that result is not clean (see NotClean). */
export const EXIT_NOT_CLEAN = 3;

export function buildProgram(io: CliIO, app: App, serve?: ServeApi): Command {
  const program = new Command('trec')
    .description(
      'TREC: thermal renewable energy certificates from heat-pump output.\n' +
        'Results go to stdout (--json for machines), messages to stderr.\n' +
        'Exit codes: 0 ok, 2 bad input (the message names it), 3 the result is not clean\n' +
        '(a ledger or batch that does not verify), 1 internal error.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  for (const register of commands) register(program, { io, app, ...(serve ? { serve } : {}) });
  // The command list in `trec --help` shows one line per command: its summary, or else the first sentence
  // of its description (the full description stays in `trec COMMAND --help`).
  for (const command of program.commands)
    if (!command.summary()) command.summary(firstSentence(command.description()));
  return program;
}

/** The first sentence (up to `.` or `:`) of a description whose lines may be wrapped mid-sentence. */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const end = flat.search(/[.:](\s|$)/);
  return end > 0 ? flat.slice(0, end) : flat;
}

/**
 * Runs the CLI on argv (node-style: argv[0] node, argv[1] script) over the use cases of `app`, and returns the
 * exit code. The composition root (src/main.ts) builds the app.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIO,
  app: App,
  serve?: ServeApi,
): Promise<number> {
  const program = buildProgram(io, app, serve);
  try {
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (error instanceof NotClean) {
      io.stderr(`trec: ${error.message}\n`);
      return EXIT_NOT_CLEAN;
    }
    const worded = inCliWords(error);
    if (worded instanceof InputError) {
      io.stderr(`trec: error: ${worded.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const detail =
      error instanceof Error ? (process.env.TREC_DEBUG ? error.stack : error.message) : String(error);
    io.stderr(`trec: internal error: ${detail}\n`);
    return EXIT_INTERNAL;
  }
}
