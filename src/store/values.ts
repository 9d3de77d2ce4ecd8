/**
 * Integers as the drivers give them (number, bigint or decimal text from PostgreSQL) to a JS number, refusing
 * what a number cannot hold exactly (beyond 2^53 - 1): stored energy is exact or it is an error.
 */
export function safeInteger(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  const big =
    typeof value === 'bigint'
      ? value
      : typeof value === 'string' && /^-?\d+$/.test(value)
        ? BigInt(value)
        : undefined;
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  if (big !== undefined && big <= max && big >= -max) return Number(big);
  throw new Error(`${what} ${String(value)} is not an integer a JS number holds exactly (|x| <= 2^53 - 1)`);
}

/** The same for a nullable column. */
export function safeIntegerOrNull(value: unknown, what: string): number | null {
  return value === null ? null : safeInteger(value, what);
}

/** An integer to store: a finite safe integer, else an error naming the field. */
export function storedInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw new Error(`${what} must be an integer (got ${value})`);
  return value;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: string | null, fallback: T): T {
  return text === null ? fallback : (JSON.parse(text) as T);
}

/** A calendar date `YYYY-MM-DD` that exists (2024-02-30 does not). */
export function isoDate(value: string, what: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!d || d.toISOString().slice(0, 10) !== value)
    throw new Error(`${what} ${JSON.stringify(value)} is not a date YYYY-MM-DD`);
  return value;
}
