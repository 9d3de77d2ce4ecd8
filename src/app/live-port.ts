import type { Check, MeterSample } from '../core/index.ts';
import type { MeterSetup, StoredHour } from './interval-port.ts';
import type { MeterChannels } from './meter-files.ts';

/** A registered meter as the live ingest needs it: its setup and the organisation that owns it. */
export interface LiveMeter extends MeterSetup {
  organisationId: string;
}

/**
 * Readings of one meter decoded at the edge (src/ingest/mqtt): samples in SI, as the file reader makes them,
 * and what they carry (channels, register units, the site zone's UTC offset for hour boundaries).
 */
export interface LiveReadings {
  channels: MeterChannels;
  samples: readonly Readonly<MeterSample>[];
}

/**
 * The hours of one meter closed in one batch, with the provenance the store keeps as an upload: the source
 * (`mqtt:trec/<org>/<meter>/readings`), the readings as text (the store keeps its SHA-256 and size), their
 * count, range and checks.
 */
export interface LiveBatchEntry {
  meterId: string;
  source: string;
  /** The source, the range and the readings of the range, one a line: hashed as the upload's content. */
  content: string;
  rowCount: number;
  /** [start of the first hour, end of the last hour), ms. */
  rangeStart: number;
  rangeEnd: number;
  checks: readonly Check[];
  hours: readonly StoredHour[];
}

/** What one entry of a batch wrote. */
export interface LiveBatchWritten {
  meterId: string;
  uploadId: string | null;
  stored: number;
  /** Starts (ms) of hours that were already stored for the meter (by a file or an earlier run): not written. */
  alreadyStored: number[];
}

/**
 * The store side of the live ingest (src/store/live-port.ts): meters with their organisation, where a
 * meter's stored hours end, and batched writes (one transaction for the whole batch).
 */
export interface LiveStore {
  /** The meter, or undefined when no such meter is registered. */
  meter(meterId: string): Promise<LiveMeter | undefined>;
  /** The end (ms) of the meter's latest stored hour, or null when none is stored. */
  storedUntil(meterId: string): Promise<number | null>;
  /**
   * Writes every entry in ONE transaction: per entry an upload row and its hours; hours already stored are
   * left as they are and named in the result (never overwritten, never an error that drops the batch).
   */
  writeBatch(entries: readonly LiveBatchEntry[]): Promise<LiveBatchWritten[]>;
}

export type LiveLogLevel = 'info' | 'warning' | 'error';

/** One log event of the live ingest (the caller formats it; no event carries a credential). */
export interface LiveLogEntry {
  level: LiveLogLevel;
  event: string;
  message: string;
  meterId?: string;
  topic?: string;
}

export type LiveLog = (entry: LiveLogEntry) => void;
