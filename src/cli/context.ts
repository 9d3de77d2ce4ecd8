import { InvalidArgumentError, type Command } from 'commander';
import type { App } from '../app/index.ts';

/** Where a command writes. JSON and results go to stdout; messages and warnings to stderr. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIO: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

export interface CliContext {
  io: CliIO;
  /** The use cases, bound to their ports by the composition root (src/main.ts). */
  app: App;
  /** `trec serve`: the HTTP API, started by the composition root (src/main.ts serveApi). */
  serve?: ServeApi;
}

/**
 * Thrown by a command after it printed its result, when that result says the thing checked is not clean (a
 * ledger that does not verify, a batch not reproduced, rows an export could not write): exit 3.
 */
export class NotClean extends Error {}

export interface ServeOptions {
  port: number;
  host: string;
  db?: string;
  mqtt?: string;
  /** The MQTT client id of the server's persistent session (default trec-<hostname>). */
  mqttClientId?: string;
  /** Seconds within which late or out-of-order readings are put in order (default 120). */
  mqttWindowS?: number;
  /** MQTT 5 shared-subscription group: readings staged in the database, meters closed under leases. */
  mqttShare?: string;
  /** `trec start`: load the demo data into an empty registry first (TREC_DEMO=0 says no). */
  demo?: boolean;
  /** `trec start`: serve the dashboard (web/dist) at `/` and print a sign-in link. */
  dashboard?: boolean;
}

/** A running `trec serve`: it ends (resolving `stopped` with the signal) on SIGTERM or SIGINT. */
export interface ServeHandle {
  url: string;
  stopped: Promise<string>;
}

export type ServeApi = (options: ServeOptions) => Promise<ServeHandle>;

/** A command module adds its command(s) to the program. */
export type CommandModule = (program: Command, ctx: CliContext) => void;

/**
 * Prints `data` as JSON (with --json) or the human text. A non-finite number anywhere in `data` (Infinity or
 * NaN, which JSON would print as null) is a defect, never a result: it ends the command as an internal error
 * naming the field, before anything is printed.
 */
export function emit(ctx: CliContext, json: boolean | undefined, data: unknown, human: () => string): void {
  assertFinite(data);
  if (json) ctx.io.stdout(JSON.stringify(data, null, 2) + '\n');
  else ctx.io.stdout(human().replace(/\n?$/, '\n'));
}

/** Throws (a defect, exit 1) at the first non-finite number in `data`, naming its path. */
export function assertFinite(data: unknown, path = 'result'): void {
  if (typeof data === 'number') {
    if (!Number.isFinite(data))
      throw new Error(
        `${path} is ${String(data)}: a non-finite result is a defect, never printed as a number`,
      );
  } else if (Array.isArray(data)) data.forEach((x, i) => assertFinite(x, `${path}[${i}]`));
  else if (data !== null && typeof data === 'object')
    for (const [k, v] of Object.entries(data)) assertFinite(v, `${path}.${k}`);
}

/** A plain decimal: optional sign, digits with an optional point (`5`, `.5`, `5.`), optional exponent. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * commander argument parser for a finite decimal number; commander names the option and the text as typed.
 * Decimal only: `0x10`, `0b11`, `0o7`, `Infinity`, `1_000` and blanks are refused (JavaScript's Number() would
 * read the first three as 16, 3 and 7); so is a number too small to compute with (below 2.2e-308, the
 * smallest normal double, which JavaScript would silently round to 0 or keep without precision). -0 is 0.
 */
export function parseNumber(text: string): number {
  if (!DECIMAL.test(text))
    throw new InvalidArgumentError(
      'expected a decimal number (digits, an optional point and exponent: 5, -5, .5, 1e3).',
    );
  const value = Number(text);
  if (!Number.isFinite(value))
    throw new InvalidArgumentError('expected a finite number: this one is too large.');
  const mantissa = text.replace(/[eE].*$/, '');
  if ((value === 0 && /[1-9]/.test(mantissa)) || (value !== 0 && Math.abs(value) < 2.2250738585072014e-308))
    throw new InvalidArgumentError(
      'expected a number of at least 2.2e-308 in size, or 0: this one is too small.',
    );
  return value + 0; // -0 + 0 is 0
}

export function parsePositive(text: string): number {
  const value = parseNumber(text);
  if (value <= 0) throw new InvalidArgumentError('expected a number greater than 0.');
  return value;
}

export function parseNonNegative(text: string): number {
  const value = parseNumber(text);
  if (value < 0) throw new InvalidArgumentError('expected a number of 0 or more.');
  return value;
}

export function parseInteger(text: string): number {
  const value = parseNumber(text);
  if (!Number.isInteger(value)) throw new InvalidArgumentError('expected a whole number.');
  return value;
}

/**
 * Format a number for people: fixed decimals with thousands separators. A non-finite value is a defect and
 * throws (it would print as "∞" or "NaN"), so it never reaches the output as a number.
 */
export function fmt(value: number, decimals = 2): string {
  if (!Number.isFinite(value))
    throw new Error(
      `${String(value)} reached the output: a non-finite result is a defect, never printed as a number`,
    );
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** The help text of every registry command's --db. */
export const DB_HELP =
  'the database: a SQLite file or a postgres:// URL (default: TREC_DB, else ./data/trec.db)';

/** The options a registry command has: its database and JSON output. */
export interface DbOptions {
  db?: string;
  json?: boolean;
}

/** Adds --db and --json to a registry command. */
export const withDb = (cmd: Command): Command =>
  cmd.option('--db <file|url>', DB_HELP).option('--json', 'print JSON');

/** The options commander gives, without `json` (not an input) and without undefined values. */
export function inputOf<T extends { json?: boolean }>(options: T): Omit<T, 'json'> {
  const { json: _json, ...rest } = options;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Omit<T, 'json'>;
}
