import type { Check } from '../core/index.ts';

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
    /** `by`: who sends it, when not the store's configured user (an API caller, `token:<id>`). */
    options: { replace: boolean; by?: string },
  ): Promise<{ upload: StoredUpload; replaced: number }>;
  /** Every meter's stored hours of a system starting in [fromMs, toMs), summed per hour, by start. */
  systemHours(systemId: string, fromMs: number, toMs: number): Promise<StoredHour[]>;
}
