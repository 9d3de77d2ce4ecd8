/**
 * Errors the domain raises. Anything that is the caller's fault (bad input, a value outside the range where a
 * formula or table is valid) is an {@link InputError}: surfaces map it to "bad input" (CLI exit 2, HTTP 400).
 * Every other error is a defect (CLI exit 1, HTTP 500).
 */
export interface InputLocation {
  /** File the value came from, when it came from a file. */
  file?: string;
  /** 1-based line number in that file. */
  line?: number;
  /** Column or field name (CSV header, JSON key, CLI option). */
  field?: string;
  /** The offending value, as read. */
  value?: unknown;
}

export class InputError extends Error {
  override readonly name: string = 'InputError';
  constructor(
    message: string,
    readonly where: InputLocation = {},
  ) {
    super(InputError.format(message, where));
  }

  /** "file.csv line 12, field flow_lpm (value "abc"): message" */
  static format(message: string, where: InputLocation): string {
    const parts: string[] = [];
    if (where.file !== undefined) parts.push(where.file);
    if (where.line !== undefined) parts.push(`line ${where.line}`);
    if (where.field !== undefined) parts.push(`field ${where.field}`);
    let prefix = parts.join(', ');
    if (where.value !== undefined) prefix += `${prefix ? ' ' : ''}(value ${JSON.stringify(where.value)})`;
    return prefix ? `${prefix}: ${message}` : message;
  }
}

/** A value outside the range where a table, correlation or standard is valid. Never extrapolated silently. */
export class OutOfRangeError extends InputError {
  override readonly name = 'OutOfRangeError';
}
