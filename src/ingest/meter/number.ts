/**
 * Decimal numbers read straight from the bytes of a file, without building a string per field: the meter
 * reader's speed goal (docs/performance.md) rests on this.
 *
 * Fast path (Clinger 1990, "How to read floating point numbers accurately", the exact case): with at most
 * 15 significant digits the digits form an integer m < 2^53, exactly representable, and 10^k for k <= 22 is
 * exact too, so m / 10^k is ONE correctly rounded IEEE operation: the same double as Number(text). Anything
 * else (more digits, an exponent) falls back to Number() on the decoded text.
 */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

const SPACE = 0x20;
const TAB = 0x09;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const COMMA = 0x2c;
const ZERO = 0x30;
const NINE = 0x39;

/** Where the last {@link scanDecimal} stopped: the delimiter ending the field, or the line end. */
export const scanned = { end: 0 };

/**
 * Reads the decimal number of a field starting at `start` and ending at the next `delimiter` byte or at
 * `end` (pass -1 as delimiter for a field that is exactly [start, end)), in ONE pass: finding the field and
 * parsing it are the same loop. Sets {@link scanned}.end. A comma is a decimal mark only with
 * `commaDecimal` (files whose delimiter is not a comma). Returns NaN for anything that is not a plain finite
 * decimal (empty, text, two decimal marks, thousands separators, NaN, Infinity).
 */
export function scanDecimal(
  buf: Uint8Array,
  start: number,
  end: number,
  delimiter: number,
  commaDecimal: boolean,
): number {
  let i = start;
  while (i < end && (buf[i] === SPACE || buf[i] === TAB) && buf[i] !== delimiter) i++;
  const from = i;
  let negative = false;
  if (buf[i] === MINUS || buf[i] === PLUS) negative = buf[i++] === MINUS;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let seenMark = false;
  let anyDigit = false;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c >= ZERO && c <= NINE) {
      anyDigit = true;
      if (mantissa !== 0 || c !== ZERO) digits++; // leading zeros are not significant
      mantissa = mantissa * 10 + (c - ZERO);
      if (seenMark) fractionDigits++;
    } else if ((c === DOT || (c === COMMA && commaDecimal)) && !seenMark) seenMark = true;
    else break;
  }
  let stop = i;
  while (i < end && (buf[i] === SPACE || buf[i] === TAB) && buf[i] !== delimiter) i++;
  if (i === end || buf[i] === delimiter) {
    scanned.end = i;
    if (!anyDigit) return NaN;
    if (digits <= 15 && fractionDigits <= 22) {
      const value = mantissa / POW10[fractionDigits]!;
      return negative ? -value : value;
    }
  } else {
    while (i < end && buf[i] !== delimiter) i++;
    scanned.end = i;
    if (buf[stop] !== 0x65 && buf[stop] !== 0x45) return NaN; // only an exponent (e/E) may follow
    stop = i;
    while (stop > from && (buf[stop - 1] === SPACE || buf[stop - 1] === TAB)) stop--;
  }
  return slowParse(buf, from, stop, commaDecimal);
}

/** {@link scanDecimal} of exactly the bytes [start, end). */
export function parseDecimal(buf: Uint8Array, start: number, end: number, commaDecimal: boolean): number {
  return scanDecimal(buf, start, end, -1, commaDecimal);
}

function slowParse(buf: Uint8Array, start: number, end: number, commaDecimal: boolean): number {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(buf[i]!);
  if (commaDecimal) text = text.replace(',', '.');
  // Number() accepts "Infinity", hex and binary literals; a meter file number is plain decimal.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}
