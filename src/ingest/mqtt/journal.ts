// A local journal of live readings not yet stored as hours, so that a TREC restart (or a crash of the
// process) loses none of the readings the broker was already told were received (docs/mqtt.md, journal).
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { MeterChannel, MeterSample } from '../../core/index.ts';
import type { RetainedReadings } from '../../app/index.ts';

const FIELDS = [
  'timeMs',
  'line',
  'flowM3s',
  'supplyC',
  'returnC',
  'sourceC',
  'heatW',
  'heatRegisterJ',
  'elecW',
  'elecRegisterJ',
] as const;

/** A meter's retained readings as a journal line stores them (NaN, an absent channel, as null). */
export interface JournalSnapshot {
  meterId: string;
  organisationId: string;
  source: string;
  channels: MeterChannel[];
  heatRegisterUnit?: string;
  elecRegisterUnit?: string;
  released: (number | null)[][];
  buffered: (number | null)[][];
}

export interface JournalContents {
  snapshots: JournalSnapshot[];
  messages: { topic: string; payload: string }[];
  /** Lines that could not be read (a line torn by a crash while it was written). */
  torn: number;
}

const encode = (s: Readonly<MeterSample>): (number | null)[] =>
  FIELDS.map((f) => (Number.isNaN(s[f]) ? null : s[f]));

export function decodeSample(row: readonly (number | null)[]): MeterSample {
  const s = {} as MeterSample;
  FIELDS.forEach((f, k) => {
    const v = row[k];
    s[f] = typeof v === 'number' ? v : NaN;
  });
  return s;
}

/**
 * JSON lines: `{"t": topic, "p": payload}` for every message as it arrives (written with one synchronous
 * write BEFORE mqtt.js sends its PUBACK, which follows the 'message' event), and `{"snap": ...}` lines that
 * a compaction writes (the readings the live ingest still holds, after a flush that left nothing unwritten),
 * replacing the file atomically (write, fsync, rename). A process that dies keeps every line the kernel has;
 * a power loss can lose the lines since the last fsync (compaction).
 */
export class Journal {
  private fd: number;
  /** Bytes appended since the last compaction. */
  appended = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  static read(path: string): JournalContents {
    const out: JournalContents = { snapshots: [], messages: [], torn: 0 };
    if (!existsSync(path)) return out;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line === '') continue;
      try {
        const v = JSON.parse(line) as { t?: unknown; p?: unknown; snap?: JournalSnapshot };
        if (v.snap) out.snapshots.push(v.snap);
        else if (typeof v.t === 'string' && typeof v.p === 'string')
          out.messages.push({ topic: v.t, payload: v.p });
        else out.torn++;
      } catch {
        out.torn++;
      }
    }
    return out;
  }

  append(topic: string, payload: Uint8Array | string): void {
    const p =
      typeof payload === 'string'
        ? payload
        : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
    const line = `${JSON.stringify({ t: topic, p })}\n`;
    this.appended += writeSync(this.fd, line);
  }

  /** Replaces the journal with the readings still held. */
  compact(retained: readonly RetainedReadings[]): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      for (const r of retained) {
        const snap: JournalSnapshot = {
          meterId: r.meterId,
          organisationId: r.organisationId,
          source: r.source,
          channels: [...r.channels.channels],
          ...(r.channels.heatRegisterUnit ? { heatRegisterUnit: r.channels.heatRegisterUnit } : {}),
          ...(r.channels.elecRegisterUnit ? { elecRegisterUnit: r.channels.elecRegisterUnit } : {}),
          released: r.released.map(encode),
          buffered: r.buffered.map(encode),
        };
        writeSync(fd, `${JSON.stringify({ snap })}\n`);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
    this.appended = 0;
  }

  close(): void {
    closeSync(this.fd);
  }
}
