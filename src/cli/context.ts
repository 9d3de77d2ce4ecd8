import { InvalidArgumentError, type Command } from 'commander';
import { InputError } from '../core/index.ts';

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
}

/** A command module adds its command(s) to the program. */
export type CommandModule = (program: Command, ctx: CliContext) => void;

/** Prints `data` as JSON (with --json) or the human text. */
export function emit(ctx: CliContext, json: boolean | undefined, data: unknown, human: () => string): void {
  if (json) ctx.io.stdout(JSON.stringify(data, null, 2) + '\n');
  else ctx.io.stdout(human().replace(/\n?$/, '\n'));
}

/** commander argument parser for a finite number; the error names the option via commander. */
export function parseNumber(text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError('expected a number.');
  return value;
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

/** Format a number for people: fixed decimals with thousands separators. */
export function fmt(value: number, decimals = 2): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * Runs `fn`; an InputError on a core field listed in `optionOf` (e.g. `cop`) is re-thrown naming the CLI
 * option the user typed (`--cop`), so the message names the argument.
 */
export function withOptionNames<T>(optionOf: Record<string, string>, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const field = error instanceof InputError ? error.where.field : undefined;
    if (error instanceof InputError && field !== undefined && optionOf[field])
      throw new InputError(error.message.slice(InputError.format('', error.where).length), {
        ...error.where,
        field: optionOf[field],
      });
    throw error;
  }
}
