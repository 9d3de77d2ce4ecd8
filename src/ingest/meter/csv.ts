import type { ColumnPlan } from './columns.ts';
import { DecimalScanner, type DecimalMark } from './number.ts';
import type { RowAssembler } from './rows.ts';
import type { TimeReader } from './time.ts';

/** How a CSV file is written, detected from its header line. */
export interface CsvDialect {
  delimiter: ',' | ';' | '\t';
  /** Whether a comma may be the decimal mark (only when it is not the delimiter). */
  commaDecimal: boolean;
  /** The decimal mark: stated (--decimal), `point` in a comma-delimited file, else `either`. */
  decimal: DecimalMark;
}

/**
 * The delimiter is the first of `;`, tab, `,` that occurs in the header line outside quotes (a header name
 * contains none of them). A comma cannot then be both delimiter and decimal mark, so with `;` or tab either
 * `.` or `,` is read as the decimal mark (a number with both, "1.234,5", is rejected, never guessed).
 */
export function detectDialect(headerLine: string, decimal?: 'point' | 'comma'): CsvDialect {
  const outside = headerLine.replace(/"[^"]*"/g, '');
  const delimiter = outside.includes(';') ? ';' : outside.includes('\t') ? '\t' : ',';
  const commaDecimal = delimiter !== ',' && decimal !== 'point';
  return { delimiter, commaDecimal, decimal: delimiter === ',' ? 'point' : (decimal ?? 'either') };
}

/** Why a numeric field did not parse, in the user's words. */
function failure(scanner: DecimalScanner, buf: Uint8Array, from: number, to: number): string {
  if (scanner.ambiguous)
    return "ambiguous number: the mark could be a thousands separator or the decimal mark; state the file's convention with --decimal comma or --decimal point";
  return isBlank(buf, from, to) ? 'empty value' : 'not a number';
}

/** Splits the header line; names are trimmed and their surrounding quotes removed. */
export function splitHeader(headerLine: string, dialect: CsvDialect): string[] {
  const names: string[] = [];
  const re = new RegExp(`\\s*("((?:[^"]|"")*)"|[^${dialect.delimiter}]*)\\s*(${dialect.delimiter}|$)`, 'y');
  let m: RegExpExecArray | null;
  while (re.lastIndex < headerLine.length && (m = re.exec(headerLine)) !== null) {
    names.push(m[2] !== undefined ? m[2].replace(/""/g, '"') : m[1]!.trim());
    if (m[3] === '') break;
    if (re.lastIndex === headerLine.length) names.push(''); // a trailing delimiter: an empty last name
  }
  return names;
}

const QUOTE = 0x22;
const OTHER = 0;
const TIME = 1;
const NUMERIC = 2;

/** Reads data lines of a CSV file into a {@link RowAssembler}, field by field from the bytes. */
export class CsvRowReader {
  private readonly delimiter: number;
  private readonly width: number;
  private readonly scanner: DecimalScanner;
  /** Per header position: what the column holds (TIME, NUMERIC or OTHER, which is skipped). */
  private readonly kinds: Uint8Array;

  constructor(
    private readonly plan: ColumnPlan,
    private readonly dialect: CsvDialect,
    private readonly time: TimeReader,
    private readonly rows: RowAssembler,
  ) {
    this.delimiter = dialect.delimiter.charCodeAt(0);
    this.width = plan.headers.length;
    this.scanner = new DecimalScanner(dialect.decimal);
    this.kinds = new Uint8Array(this.width);
    for (let col = 0; col < this.width; col++)
      this.kinds[col] = col === plan.timeIndex ? TIME : plan.columns[col] ? NUMERIC : OTHER;
  }

  /** One data line, bytes [start, end) without the line break. */
  line(buf: Uint8Array, start: number, end: number, line: number): void {
    if (!this.plainLine(buf, start, end, line)) this.anyLine(buf, start, end, line);
  }

  /**
   * The common line, read in one pass without bookkeeping: no quotes, every numeric field a number, the
   * time read, exactly the header's columns. Returns false, having emitted nothing and changed only the
   * values of the row, for anything else: {@link anyLine} then reads the line again from its start and
   * finds the same values or names what is wrong.
   */
  private plainLine(buf: Uint8Array, start: number, end: number, line: number): boolean {
    const { kinds, rows, delimiter, scanner, width } = this;
    const values = rows.values;
    let timeMs = NaN;
    let i = start;
    for (let col = 0; ; col++) {
      if (buf[i] === QUOTE) return false;
      const kind = kinds[col];
      if (kind === NUMERIC) {
        const v = scanner.scan(buf, i, end, delimiter);
        if (v !== v) return false;
        values[col] = v;
        i = scanner.end;
      } else if (
        kind === TIME &&
        i + 20 <= end &&
        buf[i + 19] === 0x5a &&
        buf[i + 10] === 0x54 &&
        (i + 20 === end || buf[i + 20] === delimiter)
      ) {
        // `YYYY-MM-DDThh:mm:ssZ` by its shape: a time read from these 20 bytes has no delimiter in them
        // (each is a digit, '-', 'T', ':' or 'Z'), so they are the whole field
        timeMs = this.time.parse(buf, i, i + 20, rows.lastMs);
        if (timeMs !== timeMs) return false;
        i += 20;
      } else {
        const from = i;
        while (i < end && buf[i] !== delimiter) i++;
        if (kind === TIME) {
          timeMs = this.time.parse(buf, from, i, rows.lastMs);
          if (timeMs !== timeMs) return false;
        }
      }
      if (i >= end) {
        if (col + 1 !== width) return false;
        break;
      }
      if (++i === end || col + 1 === width) return false; // a trailing delimiter, or too many columns
    }
    rows.emit(line, timeMs);
    return true;
  }

  /** Any line: the general reader, which names the field and the reason of a bad one. */
  private anyLine(buf: Uint8Array, start: number, end: number, line: number): void {
    const { plan, rows, delimiter, scanner } = this;
    const values = rows.values;
    let timeMs = NaN;
    let failAt = -1; // first column whose value did not parse, its reason and its bytes
    let failReason = '';
    let failFrom = 0;
    let failTo = 0;
    let col = 0;
    let i = start;
    for (;;) {
      let from = i;
      let to: number;
      if (buf[i] === QUOTE) {
        from = i + 1;
        to = from;
        for (;;) {
          to = buf.indexOf(QUOTE, to);
          if (to < 0 || to >= end) return rows.bad(line, 'unclosed quote', plan.headers[col]);
          if (to + 1 >= end || buf[to + 1] !== QUOTE) break;
          to += 2; // "" inside quotes is a quote (RFC 4180)
        }
        i = to + 1;
        if (i < end && buf[i] !== delimiter)
          return rows.bad(line, 'text after a closing quote', plan.headers[col]);
      } else if (col < this.width && failAt < 0 && plan.columns[col]) {
        // a numeric field: finding its end and parsing it are one pass
        const v = scanner.scan(buf, i, end, delimiter);
        i = scanner.end;
        if (v !== v) {
          [failAt, failFrom, failTo] = [col, from, i];
          failReason = failure(scanner, buf, from, i);
        }
        values[col] = v;
        to = -1;
      } else {
        to = i;
        while (to < end && buf[to] !== delimiter) to++;
        i = to;
      }
      if (to >= 0 && col < this.width && failAt < 0) {
        if (col === plan.timeIndex) {
          timeMs = this.time.parse(buf, from, to, rows.lastMs);
          if (timeMs !== timeMs) [failAt, failReason, failFrom, failTo] = [col, this.time.reason, from, to];
        } else if (plan.columns[col]) {
          // a quoted numeric field
          const v = scanner.parse(buf, from, to);
          if (v !== v) {
            [failAt, failFrom, failTo] = [col, from, to];
            failReason = failure(scanner, buf, from, to);
          }
          values[col] = v;
        }
      }
      col++;
      if (i >= end) break;
      i++;
      if (i === end) col++; // a trailing delimiter ends an empty last field
      if (i === end) break;
    }
    if (col !== this.width)
      return rows.bad(line, `expected ${this.width} columns (as in the header), found ${col}`);
    if (failAt >= 0) {
      const text = Buffer.from(buf.buffer, buf.byteOffset + failFrom, failTo - failFrom).toString('utf8');
      return rows.bad(line, failReason, plan.headers[failAt], text.trim());
    }
    rows.emit(line, timeMs);
  }
}

/** Whether bytes [start, end) are only spaces and tabs (or none). */
export function isBlank(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0x20 && buf[i] !== 0x09) return false;
  return true;
}
