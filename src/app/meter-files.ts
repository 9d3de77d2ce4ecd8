import type { EnergyUnit, MeterChannel, MeterSample } from '../core/index.ts';

/** A header mapping: the file's header -> a canonical column name, or null to ignore the column on purpose. */
export type HeaderMap = Readonly<Record<string, string | null>>;

export type MeterFileFormat = 'csv' | 'jsonl';

/** How the files are read: the same for every file of a run. */
export interface MeterFileOptions {
  /** Default: `jsonl` for *.jsonl / *.ndjson, else `csv`. */
  format?: MeterFileFormat;
  /** IANA zone of local (offset-less) times. */
  tz?: string;
  map: HeaderMap;
  skipBadRows: boolean;
  /** The decimal mark of a `;`- or tab-delimited CSV file, when stated. */
  decimal?: 'point' | 'comma';
}

/** How several files are joined on time. */
export interface MeterJoinOptions {
  join: 'exact' | 'hold';
  maxGapMs: number;
  /** Which end of its interval an interval-energy row's time marks. */
  label: 'end' | 'start';
}

/** A file's header line, as the reader splits it. */
export interface FileHeaders {
  file: string;
  headers: readonly string[];
}

/** A column that is not a canonical name and was not mapped: ignored, with the unit its header names. */
export interface IgnoredColumn {
  header: string;
  /** The unit recognised in the header and the canonical names it fits, if one is. */
  unit?: { unit: string; candidates: readonly string[] };
}

/** What the files' headers say, merged over the files: channels, register units, local-time offsets. */
export interface MeterChannels {
  channels: ReadonlySet<MeterChannel>;
  /** Units of true registers (an interval-energy series has no rollover). */
  heatRegisterUnit?: EnergyUnit;
  elecRegisterUnit?: EnergyUnit;
  utcOffsetMinutes: (timeMs: number) => number;
}

/** A row that was not read (with skipBadRows): where, what and why. */
export interface SkippedRow {
  line: number;
  field?: string;
  value?: string;
  reason: string;
}

/** One file as read: what it is (for provenance) and how much of it was read. */
export interface MeterSource {
  file: string;
  sha256: string;
  format: MeterFileFormat;
  /** CSV only. */
  delimiter: string | null;
  decimalComma: boolean;
  bom: boolean;
  rows: number;
  skipped: number;
  badRows: readonly SkippedRow[];
  ignored: readonly IgnoredColumn[];
  firstMs: number;
  lastMs: number;
}

/** What the join of several files saw, per file and per register series. */
export interface MeterJoinReport {
  instant: readonly {
    file: string;
    channels: readonly MeterChannel[];
    missing: number;
    firstMissingMs: readonly number[];
  }[];
  series: readonly {
    file: string;
    header: string;
    interval: boolean;
    firstMs: number;
    lastMs: number;
    intervalGaps: number;
    firstGapMs: readonly number[];
  }[];
  samples: number;
  instantFirstMs: number;
  instantLastMs: number;
}

/** Meter files opened up to their headers. */
export interface OpenMeterFiles {
  readonly channels: MeterChannels;
  /** The columns each file ignores, in file order (known before any row is read). */
  readonly ignored: readonly { file: string; ignored: readonly IgnoredColumn[] }[];
  /**
   * Reads every row, in time order, passing ONE reused sample at a time to `push`: one file of instant data
   * and registers straight from the reader, several files (or interval energy) joined on time. `join` is
   * undefined when there was nothing to join.
   */
  read(
    join: MeterJoinOptions,
    push: (sample: Readonly<MeterSample>) => void,
  ): Promise<{ sources: MeterSource[]; join?: MeterJoinReport }>;
}

/** Reading meter files (CSV, JSON lines) and header maps. */
export interface MeterFiles {
  /** A header map file (a JSON object); an unreadable or malformed one is an InputError. */
  readMap(path: string): Promise<HeaderMap>;
  /** Each file's header line, without planning its columns. */
  headers(files: readonly string[], format?: MeterFileFormat): Promise<FileHeaders[]>;
  /** A map skeleton for the headers that are not canonical (guesses from the units the headers name). */
  suggestMap(headers: readonly FileHeaders[]): Record<string, string | null>;
  /**
   * Refuses a map entry for a header no file has (a typo is an error, never ignored): an InputError with the
   * map's file when it came from one, the header as its value, and the files' headers listed.
   */
  checkMap(map: HeaderMap, headers: readonly FileHeaders[], mapFile?: string): void;
  /** Opens the files up to their headers (the plan of their columns). */
  open(files: readonly string[], options: MeterFileOptions): Promise<OpenMeterFiles>;
}
