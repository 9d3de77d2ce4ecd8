import { closeSync, openSync, writeSync } from 'node:fs';
import type { MeterFileOutput, MeterRowSink } from '../app/index.ts';
import { InputError, type LaundryMinute } from '../core/index.ts';

const MS_PER_DAY = 86_400_000;
const CHUNK_CHARS = 1 << 20;

/** Rounds to a fixed number of decimals and prints the shortest form (an integer / 10^d prints exactly). */
const round = (value: number, scale: number): string => String(Math.round(value * scale) / scale);

/**
 * Streams a 1-minute meter file with the canonical headers `trec energy` reads: time (ISO 8601 with the
 * fixed UTC offset of the site's standard time), flow_lpm, supply_c, return_c, source_c, elec_kw. Rows are
 * formatted cheaply (per-day date prefix, precomputed times of day, integer rounding) and written in 1 MB
 * chunks, so memory stays constant however many days are written.
 */
export class MeterFileWriter implements MeterRowSink {
  private readonly fd: number;
  private chunk = 'time,flow_lpm,supply_c,return_c,source_c,elec_kw\n';
  private readonly timesOfDay: string[];
  private datePrefix = '';
  private prefixDay = -1;
  rows = 0;

  constructor(
    readonly path: string,
    private readonly startDateMs: number,
    offsetMinutes: number,
  ) {
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    const offset = offsetMinutes === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
    this.timesOfDay = Array.from(
      { length: 1440 },
      (_, m) => `T${pad(Math.floor(m / 60))}:${pad(m % 60)}:00${offset},`,
    );
    try {
      this.fd = openSync(path, 'w');
    } catch (error) {
      throw new InputError(
        `cannot write the file: ${error instanceof Error ? error.message : String(error)}`,
        { field: 'path', value: path },
        { cause: error },
      );
    }
  }

  add(row: Readonly<LaundryMinute>): void {
    const day = Math.floor(row.minute / 1440);
    if (day !== this.prefixDay) {
      this.prefixDay = day;
      this.datePrefix = new Date(this.startDateMs + day * MS_PER_DAY).toISOString().slice(0, 10);
    }
    this.chunk +=
      this.datePrefix +
      this.timesOfDay[row.minute - day * 1440] +
      round(row.flowLpm, 100) +
      ',' +
      round(row.supplyC, 100) +
      ',' +
      round(row.returnC, 100) +
      ',' +
      round(row.sourceC, 100) +
      ',' +
      round(row.elecKw, 1000) +
      '\n';
    this.rows++;
    if (this.chunk.length >= CHUNK_CHARS) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.chunk) writeSync(this.fd, this.chunk);
    this.chunk = '';
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The meter-file output port: files on disk. */
export function fileMeterOutput(): MeterFileOutput {
  return {
    create: (path, startDateMs, offsetMinutes) => new MeterFileWriter(path, startDateMs, offsetMinutes),
  };
}
