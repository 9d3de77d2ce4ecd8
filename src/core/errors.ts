/**
 * Errors the domain raises. Anything that is the caller's fault (bad input, a value outside the range where a
 * formula or table is valid) is an {@link InputError}: surfaces map it to "bad input" (CLI exit 2, HTTP 400).
 * Every other error is a defect (CLI exit 1, HTTP 500).
 *
 * An InputError is data, not a sentence: `detail` is the raw message, `where` says where the bad value is
 * (a file, line and column for file input; `path`, the input field in the use case's own names, for
 * structured input), and `cause` keeps the underlying error. Each surface words the location itself (the CLI
 * as `--tons`, the API as the JSON pointer `/tons`); none parses `message`, which is only a default wording
 * for logs.
 */
export type FieldPath = readonly (string | number)[];

export interface InputLocation {
  /** File the value came from, when it came from a file. */
  file?: string;
  /** 1-based line number in that file. */
  line?: number;
  /** Column or field name as the user wrote it (CSV header, JSON key). */
  field?: string;
  /** The offending value, as read. */
  value?: unknown;
  /** The input field in the use case's own names (`['tons']`, `['points', 2, 'cop']`). */
  path?: FieldPath;
  /** Other input fields the error is about (two that conflict), in the same names. */
  also?: readonly FieldPath[];
  /** Input fields of which one is wanted (`path` is then the first of them). */
  either?: readonly FieldPath[];
}

export class InputError extends Error {
  override readonly name: string = 'InputError';
  /** The message without its location. */
  readonly detail: string;
  constructor(
    detail: string,
    readonly where: InputLocation = {},
    options?: { cause?: unknown },
  ) {
    super(InputError.format(detail, where), options);
    this.detail = detail;
  }

  /** The same error located at `path` (a use case's field), keeping file, line, value and cause. */
  at(path: FieldPath): InputError {
    const Ctor = this.constructor as new (d: string, w: InputLocation, o?: { cause?: unknown }) => InputError;
    return new Ctor(this.detail, { ...this.where, path }, { cause: this.cause });
  }

  /** Default wording: "file.csv line 12, field flow_lpm (value "abc"): message". */
  static format(detail: string, where: InputLocation): string {
    const parts: string[] = [];
    if (where.file !== undefined) parts.push(where.file);
    if (where.line !== undefined) parts.push(`line ${where.line}`);
    const field = where.field ?? fieldWords(where, (p) => p.join('.'));
    if (field !== undefined) parts.push(`field ${field}`);
    let prefix = parts.join(', ');
    if (where.value !== undefined) prefix += `${prefix ? ' ' : ''}(value ${shownValue(where.value)})`;
    return prefix ? `${prefix}: ${detail}` : detail;
  }
}

/** A value outside the range where a table, correlation or standard is valid. Never extrapolated silently. */
export class OutOfRangeError extends InputError {
  override readonly name: string = 'OutOfRangeError';
}

/** A value as the user gave it: JSON, except numbers JSON cannot write (Infinity, NaN), which it calls null. */
function shownValue(value: unknown): string {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
}

/** The fields of an error in a surface's words: `a`, `a and b` (conflicting), or `a, b or c` (one of them). */
export function fieldWords(where: InputLocation, word: (path: FieldPath) => string): string | undefined {
  if (!where.path) return undefined;
  if (where.either?.length) {
    const words = where.either.map(word);
    return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}` : words[0];
  }
  return [where.path, ...(where.also ?? [])].map(word).join(' and ');
}
