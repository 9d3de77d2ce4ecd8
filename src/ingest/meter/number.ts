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

/**
 * Parses bytes [start, end) as a decimal number. A comma is a decimal mark only when `commaDecimal` is set
 * (files whose delimiter is not a comma). Returns NaN for anything that is not a plain finite decimal
 * (empty, text, two decimal marks, thousands separators, NaN, Infinity).
 */
export function parseDecimal(buf: Uint8Array, start: number, end: number, commaDecimal: boolean): number {
  while (start < end && (buf[start] === SPACE || buf[start] === TAB)) start++;
  while (end > start && (buf[end - 1] === SPACE || buf[end - 1] === TAB)) end--;
  let i = start;
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
  if (i === end) {
    if (!anyDigit) return NaN;
    if (digits <= 15 && fractionDigits <= 22) {
      const value = mantissa / POW10[fractionDigits]!;
      return negative ? -value : value;
    }
  } else if (buf[i] !== 0x65 && buf[i] !== 0x45) return NaN; // only an exponent (e/E) may follow
  return slowParse(buf, start, end, commaDecimal);
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
