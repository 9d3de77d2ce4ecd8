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
  /** The decimal mark of a `;`- or tab-delimited CSV file, when stated (--decimal); see DecimalMark. */
  decimal?: 'point' | 'comma';
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

/** The file's own error (missing, a directory, unreadable) as an InputError naming the path. */
function fileError(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'is a directory, not a meter file',
    EACCES: 'cannot be read (permission denied)',
    EPERM: 'cannot be read (permission denied)',
    ENOTDIR: 'no such file (a part of the path is not a directory)',
    ELOOP: 'cannot be read (too many symbolic links)',
    EMFILE: 'cannot be opened (too many open files)',
  };
  if (code !== undefined && why[code]) return new InputError(why[code], { file });
  if (code !== undefined && /^E[A-Z]+$/.test(code))
    return new InputError(`cannot be read (${code})`, { file });
  return error;
}

/**
 * A meter file read chunk by chunk on demand: {@link open} reads up to the header; each {@link fill} reads
 * one more chunk (1 MiB) and passes its rows, ONE reused MeterSample each, to the sink. Several streams can
 * thus be merged on time in constant memory (a k-way merge, src/ingest/meter/merge.ts).
 */
export class MeterFileStream {
  info!: MeterFileInfo;
  private rows!: RowAssembler;
  private readonly hash = createHash('sha256');
  private readonly time: TimeReader;
  private readonly format: 'csv' | 'jsonl';
  private iterator!: AsyncIterator<Buffer>;
  private carry: Buffer | undefined;
  private line = 0;
  private done = false;
  private sink: (sample: Readonly<MeterSample>) => void = () => {
    throw new Error('MeterFileStream: no sink');
  };
  private onLine: (buf: Buffer, start: number, end: number, line: number) => void;
  private headerDone = false;

  private constructor(
    readonly file: string,
    private readonly options: MeterReadOptions,
  ) {
    this.format = options.format ?? (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv');
    this.time = new TimeReader(options.tz);
    this.onLine = (buf, start, end, line) => this.header(buf, start, end, line);
  }

  /** Opens the file and reads its header line (the plan of its columns is then in {@link info}). */
  static async open(file: string, options: MeterReadOptions): Promise<MeterFileStream> {
    const stream = new MeterFileStream(file, options);
    const read = createReadStream(file, { highWaterMark: 1 << 20 });
    stream.iterator = (read as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    while (!stream.headerDone && !stream.done) await stream.chunk(true);
    if (!stream.headerDone) throw new InputError('the file is empty', { file });
    return stream;
  }

  /** Where rows go from now on. */
  setSink(sink: (sample: Readonly<MeterSample>) => void): void {
    this.sink = sink;
    this.rows.sink = sink; // rows go straight to it (the assembler's own sink until now forwards here)
  }

  /** Reads one more chunk; false once the file has ended (every row then passed to the sink). */
  async fill(): Promise<boolean> {
    if (this.done) return false;
    await this.chunk(false);
    return !this.done;
  }

  private header(buf: Buffer, start: number, end: number, line: number): void {
    const { file, format, options, time } = this;
    let bom = false;
    if (line === 1 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) {
      bom = true;
      start += 3;
    }
    const text = buf.toString('utf8', start, end);
    if (text.trim() === '')
      throw new InputError('the first line is empty; expected a header', { file, line });
    const dialect = format === 'csv' ? detectDialect(text, options.decimal) : undefined;
    if (dialect && dialect.delimiter === ',' && options.decimal === 'comma')
      throw new InputError(
        'the file is comma-delimited, so a comma cannot be its decimal mark (--decimal comma)',
        { file, line, field: '--decimal', value: 'comma' },
      );
    const first = format === 'jsonl' ? parseJsonObject(text, file, line) : undefined;
    const headers = dialect ? splitHeader(text, dialect) : Object.keys(first!);
    const plan = planColumns(headers, options.map ?? {}, file);
    const info: MeterFileInfo = { file, format, bom, plan, utcOffsetMinutes: time.utcOffsetMinutes };
    if (dialect) info.dialect = dialect;
    this.info = info;
    const assembler = new RowAssembler(plan, file, options.skipBadRows ?? false, (s) => this.sink(s));
    this.rows = assembler;
    this.headerDone = true;
    if (dialect) {
      const reader = new CsvRowReader(plan, dialect, time, assembler);
      this.csv = reader;
      this.onLine = (b, s, e, l) => reader.line(b, s, e, l);
    } else {
      const reader = new JsonlRowReader(plan, time, assembler, file);
      this.onLine = (b, s, e, l) => reader.line(b.toString('utf8', s, e), l);
      this.firstJson = { text: Buffer.from(buf.subarray(start, end)), line };
    }
  }

  private handle(buf: Buffer, start: number, end: number): void {
    this.line++;
    if (end > start && buf[end - 1] === CR) end--;
    if (isBlank(buf, start, end)) return; // a blank line carries no data
    if (this.csv) this.csv.line(buf, start, end, this.line);
    else this.onLine(buf, start, end, this.line);
  }

  /** The CSV reader once the header is read (called directly: the common case, one call less a line). */
  private csv: CsvRowReader | undefined;

  /**
   * Reads one chunk and handles its complete lines; with `headerOnly`, stops after the header line and
   * keeps the rest for the next call (the sink is not known yet).
   */
  private async chunk(headerOnly: boolean): Promise<void> {
    if (this.firstJson) {
      const { text, line } = this.firstJson;
      this.firstJson = undefined;
      this.onLine(text, 0, text.length, line); // the first JSON line is data too
    }
    let buf: Buffer;
    let pos = 0;
    if (this.pendingLines && this.carry) buf = this.carry;
    else {
      let next: IteratorResult<Buffer>;
      try {
        next = await this.iterator.next();
      } catch (error) {
        throw fileError(error, this.file);
      }
      if (next.done) {
        this.done = true;
        const rest = this.carry;
        this.carry = undefined;
        if (rest) this.handle(rest, 0, rest.length);
        return;
      }
      this.hash.update(next.value);
      buf = next.value;
      if (this.carry) {
        // the line cut by the chunk boundary: only its two parts are joined, not the whole chunk
        const nl = buf.indexOf(LF);
        if (nl < 0) {
          this.carry = Buffer.concat([this.carry, buf]);
          this.pendingLines = false;
          return;
        }
        const first = Buffer.concat([this.carry, buf.subarray(0, nl)]);
        this.carry = undefined;
        this.pendingLines = false;
        this.handle(first, 0, first.length);
        pos = nl + 1;
        if (headerOnly && this.headerDone) {
          this.pendingLines = buf.indexOf(LF, pos) >= 0;
          this.carry = pos < buf.length ? buf.subarray(pos) : undefined;
          return;
        }
      }
    }
    this.pendingLines = false;
    pos = this.lines(buf, pos, headerOnly);
    this.carry = pos < buf.length ? buf.subarray(pos) : undefined;
  }

  /** Handles the complete lines of `buf` from `pos` (see {@link chunk}); returns where the rest starts. */
  private lines(buf: Buffer, pos: number, headerOnly: boolean): number {
    for (let nl = buf.indexOf(LF, pos); nl >= 0; nl = buf.indexOf(LF, pos)) {
      this.handle(buf, pos, nl);
      pos = nl + 1;
      if (headerOnly && this.headerDone) {
        this.pendingLines = buf.indexOf(LF, pos) >= 0;
        break;
      }
    }
    return pos;
  }

  /** The rest of the header chunk holds complete lines still to handle. */
  private pendingLines = false;
  /** A JSON-lines file's first line, which is data too: handled on the first fill. */
  private firstJson: { text: Buffer; line: number } | undefined;

  /** What was read, once {@link fill} returned false. */
  summary(): MeterReadSummary {
    const { rows, info, file } = this;
    if (rows.rows === 0) throw new InputError('no data rows were read', { file });
    return {
      file,
      info,
      rows: rows.rows,
      skipped: rows.skipped,
      badRows: rows.badRows,
      firstMs: rows.firstMs,
      lastMs: rows.lastMs,
      sha256: this.hash.digest('hex'),
    };
  }
}

/**
 * The headers of a file without planning its columns (for --suggest-map and for checking a --map against
 * every file before any is read): the first line, split as the reader splits it.
 */
export async function readHeaders(file: string, format?: 'csv' | 'jsonl'): Promise<string[]> {
  const fmt = format ?? (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv');
  let first: Buffer | undefined;
  const read = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    let carry = Buffer.alloc(0);
    for await (const chunk of read as AsyncIterable<Buffer>) {
      carry = Buffer.concat([carry, chunk]);
      const nl = carry.indexOf(LF);
      if (nl >= 0) {
        first = carry.subarray(0, nl);
        break;
      }
    }
    first ??= carry;
  } catch (error) {
    throw fileError(error, file);
  } finally {
    read.destroy();
  }
  let start = 0;
  let end = first.length;
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) start = 3;
  if (end > start && first[end - 1] === CR) end--;
  const text = first.toString('utf8', start, end);
  if (text.trim() === '')
    throw new InputError('the first line is empty; expected a header', { file, line: 1 });
  if (fmt === 'jsonl') return Object.keys(parseJsonObject(text, file, 1));
  return splitHeader(text, detectDialect(text));
}

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
  const stream = await MeterFileStream.open(file, options);
  stream.setSink(open(stream.info));
  while (await stream.fill());
  return stream.summary();
}
