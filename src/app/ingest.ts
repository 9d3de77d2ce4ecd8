import { z } from 'zod';
import { energyToJ, InputError, type Check, type IntervalEnergy } from '../core/index.ts';
import { energyUseCase, type EnergyInput } from './energy.ts';
import { isoIn } from './energy-json.ts';
import type {
  EncodedReadingDay,
  IntervalStore,
  StoredHour,
  StoredUpload,
  UploadFile,
} from './interval-port.ts';
import type { Ports } from './ports.ts';
import { ReadingsRecorder, recordingMeterFiles } from './readings.ts';
import { defineUseCase, runUseCase } from './use-case.ts';

const J_PER_WH = 3600;

const INGEST_DEFAULTS = {
  replace: {
    value: false,
    source: 'TREC default: data overlapping what is stored for the meter is refused, naming the range',
  },
  skipBadRows: { value: false, source: 'TREC default: a bad row stops the ingest' },
} as const;

export const ingestInput = z
  .object({
    files: z
      .array(z.string().min(1))
      .min(1, { error: 'give at least one meter file' })
      .meta({ description: 'meter files (.csv, .jsonl), joined on time, stored as one upload' }),
    meter: z.string().min(1).meta({ description: 'the registered meter the files come from' }),
    replace: z.boolean().default(INGEST_DEFAULTS.replace.value).meta({
      description: "replace the meter's stored hours in the files' range (refused where a period is issued)",
    }),
    format: z.enum(['csv', 'jsonl']).optional().meta({ description: 'default: from the extension' }),
    mapFile: z.string().min(1).optional().meta({ description: 'a JSON file holding the header map' }),
    skipBadRows: z
      .boolean()
      .default(INGEST_DEFAULTS.skipBadRows.value)
      .meta({ description: 'count, list and skip bad rows instead of stopping' }),
  })
  .strict();

export type IngestInput = z.input<typeof ingestInput>;

export interface IngestResult {
  meterId: string;
  timeZone: string;
  alreadyIngested: boolean;
  upload: StoredUpload;
  /** Hours stored by this ingest (0 when already ingested), and stored hours the replace deleted. */
  stored: number;
  replaced: number;
  checks: Check[];
}

/** The integrator's figures of one hour in J, and their running totals. */
const ENERGIES = [
  ['heatWh', 'heatJ'],
  ['coolWh', 'coolJ'],
  ['defrostWh', 'defrostJ'],
  ['transientWh', 'transientJ'],
  ['excludedWh', 'excludedJ'],
  ['elecWh', 'elecJ'],
  ['excludedElecWh', 'excludedElecJ'],
] as const;

/**
 * Hours in integer Wh, each the difference of the rounded running totals (docs/store.md): the hours from
 * the file's start to any hour sum to that running total rounded, so a whole file's sum is `trec energy`'s
 * total to the Wh. Checks that name an hour go with it.
 */
export function* storedHours(
  intervals: readonly IntervalEnergy[],
  checks: readonly Check[],
): Generator<StoredHour> {
  const byStart = new Map<number, Check[]>();
  for (const c of checks) {
    if (c.start === undefined) continue;
    const t = Date.parse(c.start);
    if (!Number.isFinite(t)) continue;
    const hour = Math.floor(t / 3_600_000) * 3_600_000;
    const list = byStart.get(hour);
    if (list) list.push(c);
    else byStart.set(hour, [c]);
  }
  const cumJ = new Float64Array(ENERGIES.length);
  const roundedWh = new Float64Array(ENERGIES.length);
  for (const e of intervals) {
    const hour = {
      start: e.startMs,
      coverageS: Math.min(3600, Math.max(0, Math.round((e.coverage * (e.endMs - e.startMs)) / 1000))),
      uncertaintyWh: null as number | null,
      meanSupplyC: e.meanSupplyC,
      meanSourceC: e.meanSourceC,
      checks: byStart.get(e.startMs) ?? null,
    } as StoredHour;
    ENERGIES.forEach(([wh, j], k) => {
      cumJ[k]! += e[j];
      const now = Math.round(cumJ[k]! / J_PER_WH);
      hour[wh] = Math.max(0, now - roundedWh[k]!);
      roundedWh[k] = now;
    });
    if (e.uncertaintyPct !== null) {
      const base = e.heatJ > 0 ? e.heatJ : e.coolJ;
      hour.uncertaintyWh = Math.round(((e.uncertaintyPct / 100) * base) / J_PER_WH);
    }
    yield hour;
  }
}

function intervalStore(ports: Ports): IntervalStore {
  if (!ports.intervals)
    throw new Error('no interval store is configured (the composition root passes one: src/main.ts)');
  return ports.intervals;
}

/** Registered meter fields -> the energy input each feeds, for errors about a registered value. */
const REGISTERED: Readonly<Record<string, string>> = {
  fluid: 'fluid',
  flowSensor: 'flow sensor placement',
  meterClass: 'EN 1434 class',
  qpM3h: 'qp',
  dtMinK: 'dT min',
  registerRollover: 'register rollover',
};

/** A range in the site's zone and in UTC, for people. */
function rangeWords(fromMs: number, toMs: number, tz: string): string {
  return `${isoIn(fromMs, tz)} to ${isoIn(toMs, tz)} (${isoIn(fromMs)} to ${isoIn(toMs)})`;
}

/**
 * Meter files into the store as hourly interval energy: the same reader and integrator as the energy use
 * case, with the meter's registered fluid, placement, class and rollover and the site's time zone.
 */
export const ingestUseCase = defineUseCase({
  name: 'ingest',
  summary: "Meter files into the registry's hourly interval energy, as one upload",
  input: ingestInput,
  defaults: INGEST_DEFAULTS,
  async run(i, { ports }): Promise<IngestResult> {
    const store = intervalStore(ports);
    const meter = await store.meter(i.meter);
    const energy: EnergyInput = {
      files: i.files,
      interval: 'hour',
      tz: meter.timeZone,
      skipBadRows: i.skipBadRows,
    };
    // an electricity meter's file gives electricity only (the system's heat comes from its heat meter)
    if (meter.kind === 'electricity') energy.electricityOnly = true;
    if (meter.fluid !== null) energy.fluid = meter.fluid;
    if (meter.flowSensor !== null) energy.flowSensor = meter.flowSensor;
    if (meter.en1434Class !== null) energy.meterClass = meter.en1434Class;
    if (meter.qpM3h !== null) energy.qpM3h = meter.qpM3h;
    if (meter.dtMinK !== null) energy.dtMinK = meter.dtMinK;
    if (meter.registerRollover !== null) energy.registerRollover = meter.registerRollover;
    if (i.format !== undefined) energy.format = i.format;
    if (i.mapFile !== undefined) energy.mapFile = i.mapFile;
    // The samples the integrator is given are kept too, by UTC day (readings.ts): minutes come from them.
    // Each day is encoded by the store as soon as it is read, while the next is parsed.
    const recorder = new ReadingsRecorder();
    const encoded: Promise<EncodedReadingDay>[] = [];
    recorder.onOpen = () => {
      if (meter.registerRollover !== null && recorder.heatRegisterUnit !== undefined)
        recorder.heatRegisterRolloverJ = energyToJ(meter.registerRollover, recorder.heatRegisterUnit);
    };
    recorder.onDay = (day) => {
      const p = store.encodeReadings(day);
      p.catch(() => undefined); // awaited by storeUpload; dropped (never awaited) when the ingest stops first
      encoded.push(p);
    };
    let outcome;
    try {
      outcome = await runUseCase(energyUseCase, energy, {
        ...ports,
        meterFiles: recordingMeterFiles(ports.meterFiles, recorder),
      });
    } catch (error) {
      const head = error instanceof InputError ? error.where.path?.[0] : undefined;
      if (error instanceof InputError && typeof head === 'string' && REGISTERED[head] !== undefined)
        throw new InputError(
          `the meter's registered ${REGISTERED[head]}: ${error.detail}`,
          { ...error.where, path: ['meter'], value: i.meter },
          { cause: error },
        );
      throw error;
    }
    const result = outcome.result;
    if (result.kind !== 'energy') throw new Error('the energy use case returned a map suggestion');
    const files: UploadFile[] = result.sources.map((s) => ({ file: s.file, sha256: s.sha256, rows: s.rows }));
    const checks = result.checks;
    const found = await store.findUpload(meter.meterId, files);
    const base = { meterId: meter.meterId, timeZone: meter.timeZone, checks };
    if (found) return { ...base, alreadyIngested: true, upload: found, stored: 0, replaced: 0 };
    const { intervals } = result.meter;
    const first = intervals[0];
    const last = intervals[intervals.length - 1];
    const rangeStart = first ? first.startMs : null;
    const rangeEnd = last ? last.endMs : null;
    if (rangeStart !== null && rangeEnd !== null && !i.replace) {
      const overlap = await store.overlap(meter.meterId, rangeStart, rangeEnd);
      if (overlap)
        throw new InputError(
          `the files' data (${rangeWords(rangeStart, rangeEnd, meter.timeZone)}) overlaps ${overlap.intervals} hour(s) already stored for the meter, ${rangeWords(overlap.from, overlap.to, meter.timeZone)}, from upload(s) ${overlap.uploadIds.join(', ')}; ask to replace the stored period to store these files instead (refused for hours of an issued period: data that arrives for one is counted as a prior-period adjustment, never re-issued)`,
          { path: ['files'], also: [['replace']] },
        );
    }
    recorder.finish();
    const stored = await store.storeUpload(
      { meterId: meter.meterId, files, rangeStart, rangeEnd, checks },
      storedHours(intervals, checks),
      { replace: i.replace, readings: encoded },
    );
    return {
      ...base,
      alreadyIngested: false,
      upload: stored.upload,
      stored: stored.upload.intervalCount,
      replaced: stored.replaced,
    };
  },
  present: (r) => ({
    ok: !r.checks.some((c) => c.severity === 'error'),
    meter: r.meterId,
    already_ingested: r.alreadyIngested,
    id: r.upload.id,
    upload: {
      id: r.upload.id,
      file_name: r.upload.fileName,
      sha256: r.upload.sha256,
      size_bytes: r.upload.sizeBytes,
      rows: r.upload.rowCount,
      intervals: r.upload.intervalCount,
      start: r.upload.rangeStart === null ? null : isoIn(r.upload.rangeStart, r.timeZone),
      end: r.upload.rangeEnd === null ? null : isoIn(r.upload.rangeEnd, r.timeZone),
      start_utc: r.upload.rangeStart === null ? null : isoIn(r.upload.rangeStart),
      end_utc: r.upload.rangeEnd === null ? null : isoIn(r.upload.rangeEnd),
      time_zone: r.timeZone,
      sent_by: r.upload.createdBy,
      sent_at: isoIn(r.upload.createdAt),
    },
    stored_hours: r.stored,
    replaced_hours: r.replaced,
    checks: r.checks,
  }),
});
