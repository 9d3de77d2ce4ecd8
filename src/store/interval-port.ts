// The IntervalStore port (src/app/interval-port.ts) over the store's repository functions (Kysely).
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type {
  Clock,
  IdSource,
  IntervalStore,
  MeterSetup,
  StoredHour,
  StoredUpload,
  UploadFile,
} from '../app/index.ts';
import { InputError } from '../core/index.ts';
import { findUploadByHash, insertUpload, readIntervalRows, storedOverlap, type Upload } from './intervals.ts';
import { encodeReadingDay, readHourUploads, readReadings } from './readings.ts';
import { getMeter, getSite, getSystem, listMeters, type Meter } from './registry.ts';
import type { Database } from './schema.ts';

export interface IntervalStoreConfig {
  /** The database (opened, and migrated, on first use). */
  db: () => Promise<Kysely<Database>>;
  ids: IdSource;
  clock: Clock;
  /** Who sends the uploads (TREC_USER or the OS user). */
  by: string;
}

/**
 * The content hash of an upload: the file's SHA-256, or for several files joined into one upload the SHA-256
 * of their hashes, one a line, in the order given.
 */
export function uploadHash(files: readonly UploadFile[]): string {
  if (files.length === 1) return files[0]!.sha256;
  return createHash('sha256')
    .update(files.map((f) => f.sha256).join('\n'))
    .digest('hex');
}

const stored = (u: Upload): StoredUpload => ({
  id: u.id,
  fileName: u.fileName,
  sha256: u.sha256,
  sizeBytes: u.sizeBytes,
  rowCount: u.rowCount,
  intervalCount: u.intervalCount,
  rangeStart: u.rangeStart,
  rangeEnd: u.rangeEnd,
  createdBy: u.createdBy,
  createdAt: u.createdAt,
});

/** A heat meter's fluid as the energy use case names it (`propylene-glycol:0.3`). */
function fluidSpec(fluid: string | null, massFraction: number | null): string | null {
  if (fluid === null) return null;
  return massFraction === null || fluid === 'water' ? fluid : `${fluid}:${massFraction}`;
}

export function kyselyIntervalStore(config: IntervalStoreConfig): IntervalStore {
  const { db } = config;
  const timeZoneOf = async (d: Kysely<Database>, systemId: string) => {
    const system = await getSystem(d, systemId);
    const site = system && (await getSite(d, system.siteId));
    if (!site) throw new Error(`system ${systemId} has no site`);
    return site.timeZone;
  };
  const setup = (m: Meter, timeZone: string): MeterSetup => ({
    meterId: m.id,
    systemId: m.systemId,
    kind: m.kind,
    fluid: fluidSpec(m.fluid, m.massFraction),
    flowSensor: m.flowSensor,
    en1434Class: m.en1434Class,
    qpM3h: m.qpM3h,
    dtMinK: m.dtMinK,
    registerRollover: m.registerRollover,
    timeZone,
  });
  return {
    async meter(meterId): Promise<MeterSetup> {
      const d = await db();
      const m = await getMeter(d, meterId);
      if (!m) throw new InputError('no such meter is registered', { path: ['meter'], value: meterId });
      return setup(m, await timeZoneOf(d, m.systemId));
    },
    async system(systemId) {
      const d = await db();
      if (!(await getSystem(d, systemId)))
        throw new InputError('no such system is registered', { path: ['system'], value: systemId });
      return { systemId, timeZone: await timeZoneOf(d, systemId) };
    },
    async findUpload(meterId, files) {
      const u = await findUploadByHash(await db(), meterId, uploadHash(files));
      return u && stored(u);
    },
    async overlap(meterId, fromMs, toMs) {
      return storedOverlap(await db(), meterId, fromMs, toMs);
    },
    async storeUpload(upload, hours, options) {
      const d = await db();
      let sizeBytes = 0;
      for (const f of upload.files) sizeBytes += (await stat(f.file)).size;
      const r = await insertUpload(
        d,
        { ids: config.ids, by: options.by ?? config.by, at: config.clock.now() },
        {
          meterId: upload.meterId,
          fileName: upload.files.map((f) => f.file).join(', '),
          sha256: uploadHash(upload.files),
          sizeBytes,
          rowCount: upload.files.reduce((n, f) => n + f.rows, 0),
          rangeStart: upload.rangeStart,
          rangeEnd: upload.rangeEnd,
          checks: upload.checks,
        },
        hours,
        { replace: options.replace, ...(options.readings ? { readings: options.readings } : {}) },
      );
      return { upload: stored(r.upload), replaced: r.replaced };
    },
    async systemHours(systemId, fromMs, toMs) {
      // The rows alone: the data use case sums them itself (a second query for the sums cost a scan).
      const rows = await readIntervalRows(await db(), { systemId }, fromMs, toMs);
      const out: StoredHour[] = [];
      for (const r of rows) {
        const last = out[out.length - 1];
        if (last?.start !== r.start) {
          // The rows are this call's own objects (made from the database rows), so they are kept, not copied.
          out.push(r);
          continue;
        }
        // Several meters in one hour: energies add; the temperatures stay the heat meter's (the first).
        last.heatWh += r.heatWh;
        last.coolWh += r.coolWh;
        last.defrostWh += r.defrostWh;
        last.transientWh += r.transientWh;
        last.excludedWh += r.excludedWh;
        last.elecWh += r.elecWh;
        last.excludedElecWh += r.excludedElecWh;
        last.coverageS = Math.min(last.coverageS, r.coverageS);
        if (r.uncertaintyWh !== null) last.uncertaintyWh = (last.uncertaintyWh ?? 0) + r.uncertaintyWh;
        if (r.checks) last.checks = [...(last.checks ?? []), ...r.checks];
      }
      return out;
    },
    encodeReadings: encodeReadingDay,
    async systemReadings(systemId, fromMs, toMs) {
      const d = await db();
      const timeZone = await timeZoneOf(d, systemId);
      const meters = await listMeters(d, systemId);
      const days = await readReadings(
        d,
        meters.map((m) => m.id),
        fromMs,
        toMs,
      );
      const hours = await readHourUploads(
        d,
        meters.map((m) => m.id),
        fromMs,
        toMs,
      );
      return meters.map((m) => ({
        meter: setup(m, timeZone),
        days: days.get(m.id) ?? [],
        hours: hours.get(m.id) ?? [],
      }));
    },
  };
}
