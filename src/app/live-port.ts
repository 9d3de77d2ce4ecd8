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

/**
 * One reading staged in the database by the server that received it (shared mode, `--mqtt-share`): the
 * meter, the SI sample, what its message carried (`channels`, see {@link encodeLiveChannels} in live-shared.ts)
 * and when it arrived (that server's wall clock, ms). `valuesKey` names its values: a second copy (a QoS 1
 * redelivery, another server's copy) has the same key and stores nothing new; a different reading at the
 * same time has another key and is kept beside it, as LiveIngest keeps both.
 */
export interface StagedReading {
  meterId: string;
  sample: MeterSample;
  valuesKey: string;
  channels: string;
  receivedAtMs: number;
  /** Set by a close: the reading lies in an hour already stored and is kept only to rebuild the open epoch. */
  kept?: boolean;
}

/** One meter's staged readings in brief ({@link LiveStaging.summary}). */
export interface StagedSummary {
  meterId: string;
  count: number;
  firstMs: number;
  /** null: none was received by then. */
  releasableMs: number | null;
  lastArrivalMs: number;
  /** null: every staged reading is marked kept. */
  firstUnkeptMs: number | null;
}

/** A staged reading's identity: the meter, its time and its values. */
export interface StagedKey {
  meterId: string;
  timeMs: number;
  valuesKey: string;
}

/** What one close does for one meter, in the commit's transaction, if the lease is still held. */
export interface StagedClose {
  meterId: string;
  entries: readonly LiveBatchEntry[];
  /** Staged readings no longer needed (before the open epoch, late, refused): deleted. */
  consumed: readonly StagedKey[];
  /** Staged readings in hours now stored that the open epoch still holds: marked kept. */
  kept: readonly StagedKey[];
}

export interface StagedCommit {
  written: LiveBatchWritten[];
  /** Meters whose lease was no longer this holder's at the commit: nothing of theirs was written. */
  lostLease: string[];
}

/**
 * The database as the journal of several servers (src/store/live-staging.ts, migration 0006_live): every
 * server stages what it receives, and one closer per meter at a time (a lease) turns staged readings into
 * stored hours.
 */
export interface LiveStaging {
  /** Inserts readings (one transaction); a reading already staged stores nothing. */
  stage(readings: readonly StagedReading[]): Promise<{ staged: number; duplicates: number }>;
  /**
   * Per meter with staged readings: how many, the earliest time, the latest time among those received at
   * or before `receivedByMs` (what the ordering window releases), the latest arrival, and the earliest time
   * of a reading not marked kept (a late one, if it lies in an hour already stored).
   */
  summary(receivedByMs: number): Promise<StagedSummary[]>;
  /**
   * Takes or renews, until `nowMs + ttlMs`, the lease of each of `meterIds` that is free, expired or
   * already `holder`'s; returns the meters now held.
   */
  lease(holder: string, nowMs: number, ttlMs: number, meterIds: readonly string[]): Promise<string[]>;
  /** A meter's staged readings (any order). */
  staged(meterId: string): Promise<StagedReading[]>;
  /**
   * In ONE transaction: per meter whose lease `holder` still holds (renewed until nowMs + ttlMs), writes its
   * hours (as LiveStore.writeBatch: hours already stored are kept and named), deletes the consumed readings
   * and marks the kept ones.
   */
  commit(holder: string, nowMs: number, ttlMs: number, closes: readonly StagedClose[]): Promise<StagedCommit>;
  /** Gives up every lease of `holder` and its place in the group (a graceful stop, its session drained). */
  release(holder: string): Promise<void>;
  /** Records that `holder` is up (at start and every flush). */
  heartbeat(holder: string, nowMs: number): Promise<void>;
  /** The servers of the group last heard before `heardBeforeMs` (stopped without leaving: their broker sessions may hold readings). */
  absent(heardBeforeMs: number): Promise<{ holder: string; heardMs: number }[]>;
  /** Staged readings in all (tests, stats). */
  count(): Promise<number>;
}
