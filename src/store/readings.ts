// The readings of every upload (0005_readings; docs/store.md "Readings"): one row per meter, UTC day and
// upload, holding the samples the integrator was given (src/app/readings.ts) as Float64 columns in one
// deflated blob, so that minutes can be integrated again later (src/app/minutes.ts).
import { promisify } from 'node:util';
import { deflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Kysely, Selectable } from 'kysely';
import type { EncodedReadingDay, ReadingDay, StoredReadingDay } from '../app/index.ts';
import type { MeterChannel } from '../core/index.ts';
import type { Database, MeterReadingsTable } from './schema.ts';
import { safeInteger, storedInteger } from './values.ts';

const DAY_MS = 86_400_000;
const deflate = promisify(deflateRaw);
// The blob holds the doubles in little-endian order, as typed arrays lay them out on x86 and ARM.
if (new Uint8Array(new Float64Array([1]).buffer)[7] !== 0x3f)
  throw new Error(
    'this platform is big-endian: the readings blob layout (little-endian doubles) needs a byte swap',
  );

/**
 * The blob's layout: columns one after the other (the time as the difference from the previous reading, the
 * first from the day's start; then each channel), each value a little-endian IEEE 754 double, the whole
 * deflated (RFC 1951, zlib level 1). Lossless: the readings come back bit for bit. (Measured on the bench's
 * year of 1-minute flow and temperatures: 11.4 bytes a reading of 4 doubles; with the bytes of each column
 * shuffled into planes, 17.6: meter values repeat exactly, which deflate finds in whole doubles.)
 */
export const READINGS_ENCODING = 'f64-deflate';
const LEVEL = 1;

const CHANNELS: ReadonlySet<string> = new Set<MeterChannel>([
  'flow',
  'supply',
  'return',
  'source',
  'heatPower',
  'heatRegister',
  'elecPower',
  'elecRegister',
]);

/** A day's columns as bytes: the time deltas first, then each channel, little-endian doubles. */
export function packColumns(dayStartMs: number, timeMs: Float64Array, columns: readonly Float64Array[]) {
  const n = timeMs.length;
  const out = new Float64Array(n * (columns.length + 1));
  let prev = dayStartMs;
  for (let i = 0; i < n; i++) {
    const t = timeMs[i]!;
    out[i] = t - prev;
    prev = t;
  }
  for (let c = 0; c < columns.length; c++) out.set(columns[c]!, (c + 1) * n);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** The inverse of packColumns. */
export function unpackColumns(
  dayStartMs: number,
  raw: Uint8Array,
  n: number,
  channels: number,
): { timeMs: Float64Array; columns: Float64Array[] } {
  const width = channels + 1;
  if (raw.length !== n * 8 * width)
    throw new Error(
      `a readings blob holds ${raw.length} bytes, not ${n * 8 * width} (${n} readings x ${width})`,
    );
  // copied to an aligned buffer (the inflated bytes may start at any offset)
  const all = new Float64Array(n * width);
  new Uint8Array(all.buffer).set(raw);
  const timeMs = new Float64Array(n);
  let t = dayStartMs;
  for (let i = 0; i < n; i++) {
    t += all[i]!;
    timeMs[i] = t;
  }
  const columns = Array.from({ length: channels }, (_, c) => all.slice((c + 1) * n, (c + 2) * n));
  return { timeMs, columns };
}

/** Deflates running at once on the thread pool (each deflate stream holds ~300 kB while it runs). */
const DEFLATING = 4;
/**
 * Days waiting for the thread pool beyond which a day is deflated at once, on the caller's thread: the
 * reader parses faster than the pool deflates, and every waiting day holds its columns (~80 kB for a day of
 * 1-minute readings); without this bound a year of them piled up (+70 MB peak RSS in bench/store.ts).
 */
const MAX_WAITING = 8;
let deflating = 0;
const waiting: (() => void)[] = [];

/** Runs `fn` when fewer than DEFLATING others run. */
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (deflating >= DEFLATING) await new Promise<void>((resolve) => waiting.push(resolve));
  deflating++;
  try {
    return await fn();
  } finally {
    deflating--;
    waiting.shift()?.();
  }
}

/** A day of readings encoded as stored (deflated on the thread pool, a few days at a time). */
export async function encodeReadingDay(day: ReadingDay): Promise<EncodedReadingDay> {
  const n = day.timeMs.length;
  if (n === 0) throw new Error('a day of readings without a reading');
  if (day.columns.length !== day.channels.length)
    throw new Error(`${day.columns.length} reading columns for ${day.channels.length} channels`);
  for (const c of day.columns)
    if (c.length !== n) throw new Error(`a reading column of ${c.length} values beside ${n} times`);
  const dayStart = storedInteger(day.dayStartMs, 'dayStartMs');
  if (dayStart % DAY_MS !== 0) throw new Error(`day start ${dayStart} is not a UTC midnight`);
  const first = day.timeMs[0]!;
  const last = day.timeMs[n - 1]!;
  if (!(first >= dayStart && last < dayStart + DAY_MS && last >= first))
    throw new Error(
      `readings ${new Date(first).toISOString()} to ${new Date(last).toISOString()} are not inside the UTC day ${new Date(dayStart).toISOString()}`,
    );
  const packed = () => packColumns(dayStart, day.timeMs, day.columns);
  // the same bytes either way (one zlib, one level); synchronous before any await, so it holds the reader
  const data =
    waiting.length >= MAX_WAITING
      ? deflateRawSync(packed(), { level: LEVEL })
      : await limited(() => deflate(packed(), { level: LEVEL }));
  return {
    dayStartMs: dayStart,
    firstMs: storedInteger(first, 'first reading'),
    lastMs: storedInteger(last, 'last reading'),
    count: n,
    channels: day.channels,
    heatRegisterRolloverJ: day.heatRegisterRolloverJ,
    encoding: READINGS_ENCODING,
    data,
  };
}

/** An encoded day as its row. */
function readingRow(meterId: string, uploadId: string, e: EncodedReadingDay): Selectable<MeterReadingsTable> {
  return {
    meter_id: meterId,
    day_start_ms: e.dayStartMs,
    upload_id: uploadId,
    first_ms: e.firstMs,
    last_ms: e.lastMs,
    count: e.count,
    channels: e.channels.join(','),
    heat_rollover_j: e.heatRegisterRolloverJ,
    encoding: e.encoding,
    data: e.data,
  };
}

/** A stored row back as readings (every value bit for bit as written). */
export function readingDayOf(r: Selectable<MeterReadingsTable>): StoredReadingDay {
  if (r.encoding !== READINGS_ENCODING)
    throw new Error(
      `readings of meter ${r.meter_id} are stored as ${r.encoding}, which this TREC cannot read`,
    );
  const channels = r.channels === '' ? [] : r.channels.split(',');
  for (const c of channels) if (!CHANNELS.has(c)) throw new Error(`a readings row names channel ${c}`);
  const dayStartMs = safeInteger(r.day_start_ms, 'day_start_ms');
  const n = safeInteger(r.count, 'count');
  const { timeMs, columns } = unpackColumns(dayStartMs, inflateRawSync(r.data), n, channels.length);
  return {
    uploadId: r.upload_id,
    dayStartMs,
    channels: channels as MeterChannel[],
    timeMs,
    columns,
    heatRegisterRolloverJ: r.heat_rollover_j,
  };
}

/** Rows per INSERT (10 columns a row: well under both dialects' parameter limits). */
const ROWS_PER_INSERT = 50;

/** Readings to write: days as recorded, or already encoded (encodeReadingDay), or on their way. */
export type ReadingsInput =
  | Iterable<ReadingDay | EncodedReadingDay | Promise<EncodedReadingDay>>
  | AsyncIterable<ReadingDay | EncodedReadingDay>;

/** Writes an upload's days of readings inside the caller's transaction `tx`. Returns the readings written. */
export async function insertReadings(
  tx: Kysely<Database>,
  meterId: string,
  uploadId: string,
  days: ReadingsInput,
): Promise<number> {
  let count = 0;
  let batch: Selectable<MeterReadingsTable>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await tx.insertInto('meter_readings').values(rows).execute();
  };
  for await (const day of days) {
    if ('data' in day) batch.push(readingRow(meterId, uploadId, day));
    else if (day.timeMs.length > 0) batch.push(readingRow(meterId, uploadId, await encodeReadingDay(day)));
    else continue;
    count += batch[batch.length - 1]!.count;
    if (batch.length >= ROWS_PER_INSERT) await flush();
  }
  await flush();
  return count;
}

/**
 * `--replace` over [fromMs, toMs): the meter's stored readings in that range are removed, in the caller's
 * transaction, except, per upload, the first reading at or after `fromMs` and the last before `toMs`: the
 * hours the old upload keeps on either side were integrated up to those readings, and their minutes need
 * them (the minutes of the replaced hours come from the new upload: src/app/minutes.ts counts a minute from
 * the upload that stored its hour).
 */
export async function removeReadings(
  tx: Kysely<Database>,
  meterId: string,
  fromMs: number,
  toMs: number,
): Promise<void> {
  const rows = await tx
    .selectFrom('meter_readings')
    .selectAll()
    .where('meter_id', '=', meterId)
    .where('first_ms', '<', toMs)
    .where('last_ms', '>=', fromMs)
    .orderBy('upload_id')
    .orderBy('day_start_ms')
    .execute();
  const byUpload = new Map<string, Selectable<MeterReadingsTable>[]>();
  for (const r of rows) {
    const list = byUpload.get(r.upload_id);
    if (list) list.push(r);
    else byUpload.set(r.upload_id, [r]);
  }
  for (const list of byUpload.values()) {
    const days = list.map(readingDayOf);
    // the upload's edge readings: the first at or after fromMs, the last before toMs
    let firstIn = Infinity;
    let lastIn = -Infinity;
    for (const d of days)
      for (const t of d.timeMs)
        if (t >= fromMs && t < toMs) {
          if (t < firstIn) firstIn = t;
          if (t > lastIn) lastIn = t;
        }
    for (let k = 0; k < list.length; k++) {
      const r = list[k]!;
      const day = days[k]!;
      await tx
        .deleteFrom('meter_readings')
        .where('meter_id', '=', r.meter_id)
        .where('day_start_ms', '=', r.day_start_ms)
        .where('upload_id', '=', r.upload_id)
        .execute();
      const keep: number[] = [];
      for (let i = 0; i < day.timeMs.length; i++) {
        const t = day.timeMs[i]!;
        if (t < fromMs || t >= toMs || t === firstIn || t === lastIn) keep.push(i);
      }
      if (keep.length === 0) continue;
      const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]!);
      const row = readingRow(
        r.meter_id,
        r.upload_id,
        await encodeReadingDay({ ...day, timeMs: pick(day.timeMs), columns: day.columns.map(pick) }),
      );
      await tx.insertInto('meter_readings').values(row).execute();
    }
  }
}

/** The upload of each stored hour of these meters starting in [fromMs - 1 h, toMs), by meter. */
export async function readHourUploads(
  db: Kysely<Database>,
  meterIds: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<Map<string, { start: number; uploadId: string }[]>> {
  const out = new Map<string, { start: number; uploadId: string }[]>(meterIds.map((id) => [id, []]));
  if (meterIds.length === 0) return out;
  const rows = await db
    .selectFrom('interval_energy')
    .select(['meter_id', 'start', 'upload_id'])
    .where('meter_id', 'in', [...meterIds])
    .where('start', '>=', fromMs - 3_600_000)
    .where('start', '<', toMs)
    .orderBy('meter_id')
    .orderBy('start')
    .execute();
  for (const r of rows)
    out.get(r.meter_id)?.push({ start: safeInteger(r.start, 'start'), uploadId: r.upload_id });
  return out;
}

/** Readings rows of these meters holding a reading in [fromMs, toMs], by meter, upload and time. */
export async function readReadings(
  db: Kysely<Database>,
  meterIds: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<Map<string, StoredReadingDay[]>> {
  const out = new Map<string, StoredReadingDay[]>(meterIds.map((id) => [id, []]));
  if (meterIds.length === 0) return out;
  const rows = await db
    .selectFrom('meter_readings')
    .selectAll()
    .where('meter_id', 'in', [...meterIds])
    .where('last_ms', '>=', fromMs)
    .where('first_ms', '<=', toMs)
    // day_start_ms bounds the scan by the primary key (a row lies inside its day)
    .where('day_start_ms', '>', fromMs - DAY_MS)
    .where('day_start_ms', '<=', toMs)
    .orderBy('meter_id')
    .orderBy('upload_id')
    .orderBy('day_start_ms')
    .execute();
  for (const r of rows) out.get(r.meter_id)?.push(readingDayOf(r));
  return out;
}
