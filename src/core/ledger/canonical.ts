/**
 * Canonical JSON: RFC 8785, the JSON Canonicalization Scheme (JCS), for the values the ledger hashes.
 *
 * - Object members are sorted by their names compared as arrays of UTF-16 code units (RFC 8785 section
 *   3.2.3), which is what JavaScript's default string comparison does; arrays keep their order.
 * - Strings are serialised as ECMAScript's JSON.stringify does (RFC 8785 section 3.2.2.2: the shortest escape
 *   for `"`, `\` and the control characters, `\uXXXX` lower-case hex for the others below U+0020, everything
 *   else as itself).
 * - Numbers: RFC 8785 section 3.2.2.3 serialises them as ECMAScript's Number.prototype.toString; we accept
 *   only safe integers (|x| <= 2^53 - 1) by default, so a hashed event never depends on how a fraction is
 *   printed. `fractions: true` allows every finite number (still JCS: JSON.stringify prints exactly that).
 *   NaN and the infinities have no JSON form and throw.
 * - `undefined` (a member, an array element or the value itself), functions, symbols, bigints and objects that
 *   are not plain (Date, Map, class instances) throw, naming where they are; `omitUndefined: true` drops
 *   undefined members as JSON.stringify does.
 * - No whitespace.
 */
export interface CanonicalOptions {
  /** Allow finite non-integer numbers (default: integers only). */
  fractions?: boolean;
  /** Drop members whose value is undefined (default: throw). */
  omitUndefined?: boolean;
}

export function canonicalJson(value: unknown, options: CanonicalOptions = {}): string {
  return write(value, '$', options);
}

function write(value: unknown, where: string, options: CanonicalOptions): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value))
        throw new Error(`canonical JSON: ${where} is ${value}, which JSON cannot hold`);
      if (!options.fractions && !Number.isSafeInteger(value))
        throw new Error(`canonical JSON: ${where} is ${value}, not an integer with |x| <= 2^53 - 1`);
      // -0 serialises as 0 (RFC 8785 3.2.2.3, as JSON.stringify does).
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new Error(`canonical JSON: ${where} is a ${typeof value}, which JSON cannot hold`);
  }
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined) throw new Error(`canonical JSON: ${where}[${i}] is undefined`);
      parts.push(write(item, `${where}[${i}]`, options));
    }
    return `[${parts.join(',')}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    throw new Error(`canonical JSON: ${where} is not a plain object`);
  const record = value as Record<string, unknown>;
  // Default sort: by UTF-16 code units (RFC 8785 3.2.3).
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) {
      if (options.omitUndefined) continue;
      throw new Error(`canonical JSON: ${where}.${key} is undefined`);
    }
    parts.push(`${JSON.stringify(key)}:${write(member, `${where}.${key}`, options)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * The text an event's hash covers, after the previous hash: canonicalJson({ seq, at, actor, type, payload }),
 * built from the payload's canonical JSON as stored (the members in RFC 8785 order: actor, at, payload, seq,
 * type), so a verifier need not re-serialise every payload. The store hashes `prevHash + this` (SHA-256).
 */
export function ledgerEventText(
  event: { seq: number; at: number; actor: string; type: string },
  payloadJson: string,
): string {
  for (const [name, n] of [
    ['seq', event.seq],
    ['at', event.at],
  ] as const)
    if (!Number.isSafeInteger(n)) throw new Error(`canonical JSON: $.${name} is ${n}, not a safe integer`);
  return `{"actor":${JSON.stringify(event.actor)},"at":${JSON.stringify(event.at)},"payload":${payloadJson},"seq":${JSON.stringify(event.seq)},"type":${JSON.stringify(event.type)}}`;
}
