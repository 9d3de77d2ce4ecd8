/**
 * Integers as the drivers give them (number, bigint or decimal text from PostgreSQL) to a JS number, refusing
 * what a number cannot hold exactly (beyond 2^53 - 1): stored energy is exact or it is an error.
 */
export function safeInteger(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  // Fast path (pg's int8 text): an optional '-' and 1 to 15 digits is below 10^15 < 2^53, so Number() of it
  // is exact (every integer up to 2^53 is a double); checked by its characters, no regex, no BigInt.
  if (typeof value === 'string' && value.length > 0 && value.length <= 15 && shortDigits(value))
    return Number(value) || 0; // '-0' is 0, as BigInt gives
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

/** '-'? then digits only (the caller bounds the length to 15 characters). */
function shortDigits(text: string): boolean {
  let k = text.charCodeAt(0) === 45 ? 1 : 0; // '-'
  if (k === text.length) return false;
  for (; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
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
