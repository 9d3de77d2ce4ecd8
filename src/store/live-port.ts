// The LiveStore port (src/app/live-port.ts) over the store's repository functions (Kysely): live hours in
// batched transactions, each meter's hours of a batch with an upload row as their provenance.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  Clock,
  IdSource,
  LiveBatchEntry,
  LiveBatchWritten,
  LiveMeter,
  LiveStore,
} from '../app/index.ts';
import { HOUR_MS, insertUpload } from './intervals.ts';
import { getMeter, getSite, getSystem } from './registry.ts';
import type { Database } from './schema.ts';
import { safeInteger } from './values.ts';

export interface LiveStoreConfig {
  /** The database (opened, and migrated, by the caller). */
  db: () => Promise<Kysely<Database>>;
  ids: IdSource;
  clock: Clock;
  /** Who the uploads are from (the server's user: TREC_USER or the OS user). */
  by: string;
}

/** A heat meter's fluid as the energy use case names it (`propylene-glycol:0.3`), as src/store/interval-port.ts. */
function fluidSpec(fluid: string | null, massFraction: number | null): string | null {
  if (fluid === null) return null;
  return massFraction === null || fluid === 'water' ? fluid : `${fluid}:${massFraction}`;
}

export function kyselyLiveStore(config: LiveStoreConfig): LiveStore {
  const { db } = config;
  return {
    async meter(meterId): Promise<LiveMeter | undefined> {
      const d = await db();
      const m = await getMeter(d, meterId);
      if (!m) return undefined;
      const system = await getSystem(d, m.systemId);
      const site = system && (await getSite(d, system.siteId));
      if (!site) throw new Error(`meter ${meterId} has no site`);
      return {
        meterId: m.id,
        systemId: m.systemId,
        organisationId: site.organisationId,
        kind: m.kind,
        fluid: fluidSpec(m.fluid, m.massFraction),
        flowSensor: m.flowSensor,
        en1434Class: m.en1434Class,
        qpM3h: m.qpM3h,
        dtMinK: m.dtMinK,
        registerRollover: m.registerRollover,
        timeZone: site.timeZone,
      };
    },
    async storedUntil(meterId) {
      const r = await (
        await db()
      )
        .selectFrom('interval_energy')
        .where('meter_id', '=', meterId)
        .select((eb) => eb.fn.max<number | string | null>('start').as('last'))
        .executeTakeFirst();
      return r?.last === null || r?.last === undefined ? null : safeInteger(r.last, 'max(start)') + HOUR_MS;
    },
    async writeBatch(entries) {
      // ONE transaction for the whole batch; per entry, the hours already stored are left as they are
      return (await db()).transaction().execute((tx) => writeLiveEntries(tx, config, entries));
    },
  };
}

/**
 * Writes live batch entries in the caller's transaction: per entry an upload row and its hours; hours
 * already stored for the meter are left as they are and named (never overwritten, never an error).
 */
export async function writeLiveEntries(
  tx: Kysely<Database>,
  config: Pick<LiveStoreConfig, 'ids' | 'clock' | 'by'>,
  entries: readonly LiveBatchEntry[],
): Promise<LiveBatchWritten[]> {
  const at = config.clock.now();
  const out: LiveBatchWritten[] = [];
  for (const [k, e] of entries.entries()) {
    // better-sqlite3 is synchronous: between entries, let the process's I/O run (MQTT acknowledgements)
    if (k > 0 && k % 8 === 0) await new Promise((r) => setImmediate(r));
    const stored = await tx
      .selectFrom('interval_energy')
      .select('start')
      .where('meter_id', '=', e.meterId)
      .where('start', '>=', e.rangeStart)
      .where('start', '<', e.rangeEnd)
      .execute();
    const taken = new Set(stored.map((r) => safeInteger(r.start, 'start')));
    const hours = e.hours.filter((h) => !taken.has(h.start));
    const alreadyStored = e.hours.filter((h) => taken.has(h.start)).map((h) => h.start);
    if (hours.length === 0) {
      out.push({ meterId: e.meterId, uploadId: null, stored: 0, alreadyStored });
      continue;
    }
    const r = await insertUpload(
      tx,
      { ids: config.ids, by: config.by, at },
      {
        meterId: e.meterId,
        fileName: e.source,
        sha256: createHash('sha256').update(e.content).digest('hex'),
        sizeBytes: Buffer.byteLength(e.content, 'utf8'),
        rowCount: e.rowCount,
        rangeStart: e.rangeStart,
        rangeEnd: e.rangeEnd,
        checks: e.checks,
      },
      hours,
    );
    out.push({ meterId: e.meterId, uploadId: r.upload.id, stored: r.upload.intervalCount, alreadyStored });
  }
  return out;
}
