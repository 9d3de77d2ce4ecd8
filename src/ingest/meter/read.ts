import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { InputError, type MeterSample } from '../../core/index.ts';
import { planColumns, type ColumnPlan, type HeaderMap } from './columns.ts';
import { CsvRowReader, detectDialect, isBlank, splitHeader, type CsvDialect } from './csv.ts';
import { JsonlRowReader, parseJsonObject } from './jsonl.ts';
import { RowAssembler, type BadRow } from './rows.ts';
import { TimeReader } from './time.ts';

export interface MeterReadOptions {
  /** Default: `jsonl` for *.jsonl / *.ndjson, else `csv`. */
  format?: 'csv' | 'jsonl';
  /** IANA zone of local (offset-less) times, e.g. America/New_York. */
  tz?: string;
  map?: HeaderMap;
  skipBadRows?: boolean;
}

/** What the reader learnt from the header, given to the caller before the first sample. */
export interface MeterFileInfo {
  file: string;
  format: 'csv' | 'jsonl';
  /** CSV only. */
  dialect?: CsvDialect;
  bom: boolean;
  plan: ColumnPlan;
  /** Local-time offset for interval boundaries: the --tz zone's, else UTC. */
  utcOffsetMinutes: (timeMs: number) => number;
}

export interface MeterReadSummary {
  file: string;
  info: MeterFileInfo;
  /** Rows read into samples. */
  rows: number;
  /** Bad rows skipped (with skipBadRows); the first ones are listed in badRows. */
  skipped: number;
  badRows: BadRow[];
  firstMs: number;
  lastMs: number;
  /** SHA-256 of the file's bytes, hex: what was read, for provenance. */
  sha256: string;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Streams a meter file (CSV or JSON lines) in chunks, in constant memory, calling `open` once with the header
 * information and then the returned function once per row with ONE reused MeterSample. Any error (bad row
 * without skipBadRows, unreadable file) rejects: no result is built from a half-read file.
 */
export async function readMeterFile(
  file: string,
  options: MeterReadOptions,
  open: (info: MeterFileInfo) => (sample: Readonly<MeterSample>) => void,
): Promise<MeterReadSummary> {
  const format = options.format ?? (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv');
  const time = new TimeReader(options.tz);
  const hash = createHash('sha256');
  let info: MeterFileInfo | undefined;
  let rows: RowAssembler | undefined;
  let onLine: (buf: Buffer, start: number, end: number, line: number) => void = (buf, start, end, line) => {
    let bom = false;
    if (line === 1 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) {
      bom = true;
      start += 3;
    }
    const text = buf.toString('utf8', start, end);
    if (text.trim() === '')
      throw new InputError('the first line is empty; expected a header', { file, line });
    const dialect = format === 'csv' ? detectDialect(text) : undefined;
    const first = format === 'jsonl' ? parseJsonObject(text, file, line) : undefined;
    const headers = dialect ? splitHeader(text, dialect) : Object.keys(first!);
    const plan = planColumns(headers, options.map ?? {}, file);
    info = { file, format, bom, plan, utcOffsetMinutes: time.utcOffsetMinutes };
    if (dialect) info.dialect = dialect;
    const assembler = new RowAssembler(plan, file, options.skipBadRows ?? false, open(info));
    rows = assembler;
    if (dialect) {
      const reader = new CsvRowReader(plan, dialect, time, assembler);
      onLine = (b, s, e, l) => reader.line(b, s, e, l);
    } else {
      const reader = new JsonlRowReader(plan, time, assembler, file);
      onLine = (b, s, e, l) => reader.line(b.toString('utf8', s, e), l);
      onLine(buf, start, end, line); // the first JSON line is data too
    }
  };

  let line = 0;
  const handle = (buf: Buffer, start: number, end: number): void => {
    line++;
    if (end > start && buf[end - 1] === CR) end--;
    if (isBlank(buf, start, end)) return; // a blank line carries no data
    onLine(buf, start, end, line);
  };
  let carry: Buffer | undefined;
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      let pos = 0;
      for (let nl = buf.indexOf(LF, pos); nl >= 0; nl = buf.indexOf(LF, pos)) {
        handle(buf, pos, nl);
        pos = nl + 1;
      }
      carry = pos < buf.length ? buf.subarray(pos) : undefined;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new InputError('no such file', { field: 'FILE', value: file });
    throw error;
  }
  if (carry) handle(carry, 0, carry.length);
  if (!info || !rows) throw new InputError('the file is empty', { file });
  if (rows.rows === 0) throw new InputError('no data rows were read', { file });
  return {
    file,
    info,
    rows: rows.rows,
    skipped: rows.skipped,
    badRows: rows.badRows,
    firstMs: rows.firstMs,
    lastMs: rows.lastMs,
    sha256: hash.digest('hex'),
  };
}
