import type { Check, MeterChannel } from '../core/index.ts';

/** A heat meter as registered, with what the ingest needs of its system and site. */
export interface MeterSetup {
  meterId: string;
  systemId: string;
  kind: 'heat' | 'electricity';
  /** `water`, `propylene-glycol:0.3`, ... (the energy use case's fluid); null when not registered. */
  fluid: string | null;
  flowSensor: 'supply' | 'return' | null;
  en1434Class: 1 | 2 | 3 | null;
  qpM3h: number | null;
  dtMinK: number | null;
  registerRollover: number | null;
  /** The site's IANA time zone. */
  timeZone: string;
}

/** One stored hour of one meter, energies in integer Wh (docs/store.md). */
export interface StoredHour {
  /** ms since 1970-01-01T00:00:00Z; the hour is [start, start + 1 h). */
  start: number;
  heatWh: number;
  coolWh: number;
  defrostWh: number;
  transientWh: number;
  excludedWh: number;
  elecWh: number;
  excludedElecWh: number;
  coverageS: number;
  uncertaintyWh: number | null;
  meanSupplyC: number | null;
  meanSourceC: number | null;
  checks: readonly Check[] | null;
}

/**
 * The readings of one upload of one meter within one UTC day, as the integrator was given them (SI: the
 * MeterSample channels, after the join), kept so that minutes can be integrated later (docs/store.md
 * "Readings"). Lines are not kept.
 */
export interface ReadingDay {
  /** The UTC day, ms (a multiple of 86,400,000). */
  dayStartMs: number;
  /** The channels present, in column order. */
  channels: readonly MeterChannel[];
  /** Each reading's time, ms since 1970 UTC, in order. */
  timeMs: Float64Array;
  /** One column per channel, in `channels` order, each as long as `timeMs`. */
  columns: readonly Float64Array[];
  /** The heat register's rollover as the ingest gave it to the integrator, J; null for none. */
  heatRegisterRolloverJ: number | null;
}

/** A day of readings as the store keeps it: encoded by the store (`encodeReadings`), opaque to the app. */
export interface EncodedReadingDay {
  dayStartMs: number;
  firstMs: number;
  lastMs: number;
  count: number;
  channels: readonly MeterChannel[];
  heatRegisterRolloverJ: number | null;
  encoding: string;
  data: Uint8Array;
}

/** Stored readings of a day, with the upload they came from. */
export interface StoredReadingDay extends ReadingDay {
  uploadId: string;
}

/**
 * A meter of a system and its stored readings in a range (by upload, then day), with the upload that stored
 * each of the meter's hours there: a minute counts from the upload whose hour holds it (after a `--replace`,
 * the old upload's readings at the edges of the replaced range stay, for the hours it still holds).
 */
export interface MeterReadings {
  meter: MeterSetup;
  days: StoredReadingDay[];
  hours: { start: number; uploadId: string }[];
}

/** A file of an upload, as read. */
export interface UploadFile {
  file: string;
  sha256: string;
  rows: number;
}

/** An upload as stored (or found already stored). */
export interface StoredUpload {
  id: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  rowCount: number;
  intervalCount: number;
  rangeStart: number | null;
  rangeEnd: number | null;
  createdBy: string;
  createdAt: number;
}

/** What is stored for a meter in a range: the span of its hours and the uploads they came from. */
export interface StoredSpan {
  from: number;
  to: number;
  intervals: number;
  uploadIds: string[];
}

/**
 * Hourly interval energy in the registry's store (src/store/interval-port.ts): meters and sites as
 * registered, uploads by content hash, and the hours themselves. Who sends and when come from the store's
 * configuration (the user and the clock), not from the caller.
 */
export interface IntervalStore {
  /** The meter with its site's time zone; an unknown id is an InputError at `meter`. */
  meter(meterId: string): Promise<MeterSetup>;
  /** The system's site time zone; an unknown id is an InputError at `system`. */
  system(systemId: string): Promise<{ systemId: string; timeZone: string }>;
  /** The upload of exactly these files (their content hashes) for this meter, if stored. */
  findUpload(meterId: string, files: readonly UploadFile[]): Promise<StoredUpload | undefined>;
  /** The meter's stored hours starting in [fromMs, toMs), or undefined when there are none. */
  overlap(meterId: string, fromMs: number, toMs: number): Promise<StoredSpan | undefined>;
  /**
   * Stores the upload and its hours in ONE transaction (all or nothing); with `replace` the meter's stored
   * hours in [rangeStart, rangeEnd) are deleted first, in the same transaction.
   */
  storeUpload(
    upload: {
      meterId: string;
      files: readonly UploadFile[];
      rangeStart: number | null;
      rangeEnd: number | null;
      checks: readonly Check[];
    },
    hours: Iterable<StoredHour> | AsyncIterable<StoredHour>,
    /**
     * `by`: who sends it, when not the store's configured user (an API caller, `token:<id>`). `readings`: the
     * upload's readings by UTC day, stored in the same transaction (with `replace`, the meter's stored
     * readings in the range go first).
     */
    options: {
      replace: boolean;
      by?: string;
      readings?: Iterable<ReadingDay | EncodedReadingDay | Promise<EncodedReadingDay>>;
    },
  ): Promise<{ upload: StoredUpload; replaced: number }>;
  /** Every meter's stored hours of a system starting in [fromMs, toMs), summed per hour, by start. */
  systemHours(systemId: string, fromMs: number, toMs: number): Promise<StoredHour[]>;
  /**
   * A day of readings encoded as the store keeps it, off the main thread where it can (the ingest encodes
   * each day as it is read, while the next is parsed), a few at a time.
   */
  encodeReadings(day: ReadingDay): Promise<EncodedReadingDay>;
  /** Every meter of a system, each with its stored reading days that hold a reading in [fromMs, toMs]. */
  systemReadings(systemId: string, fromMs: number, toMs: number): Promise<MeterReadings[]>;
}
