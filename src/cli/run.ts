import type { App, InputOf, ResultOf, UseCaseName, Outcome } from '../app/index.ts';
import { fieldWords, InputError, type FieldPath } from '../core/index.ts';

/**
 * The CLI's words for a use-case input: `--kebab-case` of its name (`capacityKw` -> `--capacity-kw`), unless a
 * command says otherwise (`flags`, keyed by the dotted path or its first name).
 */
export function flagOf(path: FieldPath, flags: Readonly<Record<string, string>> = {}): string {
  const [head, ...rest] = path.map(String);
  const named = flags[path.join('.')] ?? flags[head ?? ''];
  if (named) return named;
  const flag = `--${(head ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return rest.length ? `${flag} ${rest.join('.')}` : flag;
}

/**
 * An InputError located at use-case fields (`where.path`), worded with the flags the user typed. Errors about
 * a file (file, line, header) keep their own words. Data to data: no message is parsed.
 */
export function inCliWords(error: unknown, flags: Readonly<Record<string, string>> = {}): unknown {
  if (!(error instanceof InputError) || !error.where.path || error.where.field !== undefined) return error;
  const { path: _path, also: _also, either: _either, ...rest } = error.where;
  const field = fieldWords(error.where, (p) => flagOf(p, flags));
  const Ctor = error.constructor as new (d: string, w: object, o?: { cause?: unknown }) => InputError;
  return new Ctor(error.detail, { ...rest, field }, { cause: error });
}

/**
 * An InputError about an input the user typed as text keeps that text as its value (`1e308`, as typed, not
 * the number read, 1e+308); `typed` holds the texts by dotted input path.
 */
export function asTyped(error: unknown, typed: Readonly<Record<string, string>>): unknown {
  if (!(error instanceof InputError) || !error.where.path) return error;
  const text = typed[error.where.path.join('.')];
  if (text === undefined) return error;
  const Ctor = error.constructor as new (d: string, w: object, o?: { cause?: unknown }) => InputError;
  return new Ctor(error.detail, { ...error.where, value: text }, { cause: error });
}

/**
 * Runs a use case for a command; its input errors come back in the command's flags, with the value as typed
 * where the command gives it (`typed`, by input path).
 */
export async function runCase<K extends UseCaseName>(
  app: App,
  name: K,
  input: InputOf<K>,
  flags: Readonly<Record<string, string>> = {},
  typed: Readonly<Record<string, string>> = {},
): Promise<Outcome<ResultOf<K>>> {
  try {
    return await app.run(name, input);
  } catch (error) {
    throw inCliWords(asTyped(error, typed), flags);
  }
}
