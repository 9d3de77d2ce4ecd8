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
 * Which byte is the decimal mark: `point` (`.`), `comma` (`,`) or `either` (a `;`- or tab-delimited file
 * whose convention was not stated). With a stated mark the other one is a thousands separator, accepted only
 * in groups of three digits ("1.234,5" with `comma`); with `either` a value that one mark and exactly three
 * digits after it make ambiguous ("1.000", "12,500": 1 or 1000?) is refused, never guessed.
 */
export type DecimalMark = 'point' | 'comma' | 'either';

/**
 * Reads decimal numbers from bytes. One scanner per reader (no state shared between readers): {@link end}
 * is where the last {@link scan} stopped and {@link ambiguous} whether its NaN was an ambiguous value.
 */
export class DecimalScanner {
  /** Where the last {@link scan} stopped: the delimiter ending the field, or the line end. */
  end = 0;
  /** The last scan returned NaN because the value is ambiguous between a thousands separator and a mark. */
  ambiguous = false;
  private readonly dot: boolean;
  private readonly comma: boolean;

  constructor(readonly mark: DecimalMark) {
    this.dot = mark !== 'comma';
    this.comma = mark !== 'point';
  }

  /**
   * Reads the decimal number of a field starting at `start` and ending at the next `delimiter` byte or at
   * `end` (pass -1 as delimiter for a field that is exactly [start, end)), in ONE pass: finding the field
   * and parsing it are the same loop. Sets {@link end}. Returns NaN for anything that is not a plain finite
   * decimal (empty, text, two decimal marks, misplaced thousands separators, NaN, Infinity, ambiguous).
   */
  scan(buf: Uint8Array, start: number, end: number, delimiter: number): number {
    this.ambiguous = false;
    // Fast path: unsigned digits, at most one mark, at most 15 digit characters in all, then the field's
    // end: the same mantissa and the same one division as below. Anything else (a sign, spaces, more
    // digits, an exponent, separators, a value `either` could find ambiguous) takes the full path.
    let i = start;
    let digitsValue = 0;
    for (; i < end; i++) {
      const d = buf[i]! - ZERO;
      if (d >>> 0 > 9) break; // not a digit (a byte below '0' wraps above 9)
      digitsValue = digitsValue * 10 + d;
    }
    if (i > start) {
      let fractionDigits = 0;
      let count = i - start;
      const c = i < end ? buf[i] : -1;
      if ((c === DOT && this.dot) || (c === COMMA && this.comma)) {
        const markAt = i++;
        for (; i < end; i++) {
          const d = buf[i]! - ZERO;
          if (d >>> 0 > 9) break;
          digitsValue = digitsValue * 10 + d;
        }
        fractionDigits = i - markAt - 1;
        count += fractionDigits;
      }
      if (
        count <= 15 &&
        (i === end || buf[i] === delimiter) &&
        !(fractionDigits === 3 && this.mark === 'either')
      ) {
        this.end = i;
        return digitsValue / POW10[fractionDigits]!;
      }
    }
    return this.scanAny(buf, start, end, delimiter);
  }

  /** {@link scan} of any field (the fast path's small size lets it be inlined where fields are read). */
  private scanAny(buf: Uint8Array, start: number, end: number, delimiter: number): number {
    let i = start;
    while (i < end && (buf[i] === SPACE || buf[i] === TAB) && buf[i] !== delimiter) i++;
    const from = i;
    let negative = false;
    if (buf[i] === MINUS || buf[i] === PLUS) negative = buf[i++] === MINUS;
    const intFrom = i;
    let markAt = -1;
    let mantissa = 0;
    let digits = 0;
    let fractionDigits = 0;
    let anyDigit = false;
    for (; i < end; i++) {
      const c = buf[i]!;
      if (c >= ZERO && c <= NINE) {
        anyDigit = true;
        if (mantissa !== 0 || c !== ZERO) digits++; // leading zeros are not significant
        mantissa = mantissa * 10 + (c - ZERO);
        if (markAt >= 0) fractionDigits++;
      } else if (((c === DOT && this.dot) || (c === COMMA && this.comma)) && markAt < 0) markAt = i;
      else break;
    }
    let stop = i;
    while (i < end && (buf[i] === SPACE || buf[i] === TAB) && buf[i] !== delimiter) i++;
    if (i === end || buf[i] === delimiter) {
      this.end = i;
      if (!anyDigit) return NaN;
      if (fractionDigits === 3 && this.mark === 'either' && markAt - intFrom <= 3 && buf[intFrom] !== ZERO) {
        // "1.000" / "12,500": a thousands separator or a decimal mark (docs/methods.md, "Numbers")
        this.ambiguous = markAt > intFrom;
        if (this.ambiguous) return NaN;
      }
      if (digits <= 15 && fractionDigits <= 22) {
        const value = mantissa / POW10[fractionDigits]!;
        return negative ? -value : value;
      }
    } else {
      while (i < end && buf[i] !== delimiter) i++;
      this.end = i;
      const c = buf[stop];
      if (this.mark !== 'either' && (c === DOT || c === COMMA)) {
        stop = i;
        while (stop > from && (buf[stop - 1] === SPACE || buf[stop - 1] === TAB)) stop--;
        return grouped(buf, from, stop, this.mark);
      }
      if (c !== 0x65 && c !== 0x45) return NaN; // only an exponent (e/E) may follow
      stop = i;
      while (stop > from && (buf[stop - 1] === SPACE || buf[stop - 1] === TAB)) stop--;
    }
    return slowParse(buf, from, stop, this.mark);
  }

  /** {@link scan} of exactly the bytes [start, end). */
  parse(buf: Uint8Array, start: number, end: number): number {
    return this.scan(buf, start, end, -1);
  }
}

/** Reads bytes [start, end) as a decimal with the given mark (a scanner of its own, for one-off values). */
export function parseDecimal(buf: Uint8Array, start: number, end: number, mark: DecimalMark): number {
  return new DecimalScanner(mark).parse(buf, start, end);
}

function decode(buf: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(buf[i]!);
  return text;
}

/** A value with thousands separators under a stated mark: "1.234.567,5" (comma) or "1,234,567.5" (point). */
function grouped(buf: Uint8Array, start: number, end: number, mark: 'point' | 'comma'): number {
  const text = decode(buf, start, end);
  const re = mark === 'comma' ? /^[+-]?\d{1,3}(\.\d{3})+(,\d*)?$/ : /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
  if (!re.test(text)) return NaN;
  const plain = mark === 'comma' ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  return Number(plain);
}

function slowParse(buf: Uint8Array, start: number, end: number, mark: DecimalMark): number {
  let text = decode(buf, start, end);
  if (mark !== 'point') text = text.replace(',', '.');
  // Number() accepts "Infinity", hex and binary literals; a meter file number is plain decimal.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}
