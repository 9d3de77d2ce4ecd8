// sumIntervalsBySystem with several organisations in the same range: each organisation's systems and only
// theirs, every meter of a system added, hours outside [from, to) left out, across a UTC month boundary (two
// PostgreSQL partitions). On PostgreSQL the organisation's query sums per meter before joining (intervals.ts);
// the expected sums are worked out by hand below, not taken from the store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMeter,
  createOrganisation,
  createSite,
  createSystem,
  HOUR_MS,
  insertUpload,
  migrateToLatest,
  sequentialIds,
  sumIntervalsBySystem,
  type Action,
  type IntervalRow,
} from '../../src/store/index.ts';
import { BACKENDS, type Opened } from './backends.ts';

const T0 = Date.UTC(2024, 0, 31, 22); // 2024-01-31T22:00Z: two hours before February
const a = (): Action => ({ ids, by: 'test', at: T0 });
let ids = sequentialIds();

/** Hours k = from..from+n-1 after T0, heat `heat(k)` Wh, electricity 10 Wh, uncertainty 2 Wh. */
const hours = (from: number, n: number, heat: (k: number) => number): IntervalRow[] =>
  Array.from({ length: n }, (_, i) => ({
    start: T0 + (from + i) * HOUR_MS,
    heatWh: heat(from + i),
    coolWh: 0,
    defrostWh: 0,
    transientWh: 0,
    excludedWh: 0,
    elecWh: 10,
    excludedElecWh: 0,
    coverageS: 3600,
    uncertaintyWh: 2,
    meanSupplyC: 35,
    meanSourceC: null,
    checks: null,
  }));

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `sums per system, several organisations: ${backend.name}`,
    () => {
      let opened: Opened;
      beforeEach(async () => {
        ids = sequentialIds();
        opened = await backend.open();
        await migrateToLatest(opened.db);
      });
      afterEach(() => opened.close());

      it("gives each organisation its own systems' sums, every meter added, only hours in range", async () => {
        const { db } = opened;
        let sha = 0;
        const store = async (meterId: string, rows: IntervalRow[]) => {
          sha += 1;
          await insertUpload(
            db,
            a(),
            {
              meterId,
              fileName: 'm.csv',
              sha256: sha.toString(16).padStart(64, '0'),
              sizeBytes: 1,
              rowCount: rows.length,
              rangeStart: rows[0]!.start,
              rangeEnd: rows[rows.length - 1]!.start + HOUR_MS,
              checks: [],
            },
            rows,
          );
        };
        const system = async (organisationId: string, name: string) => {
          const site = await createSite(db, a(), { organisationId, name, state: 'MA', timeZone: 'UTC' });
          return createSystem(db, a(), {
            siteId: site.id,
            name,
            technology: 'ground-source',
            ratedCapacityW: 10_000,
            ratedCop: 4,
          });
        };
        const orgA = await createOrganisation(db, a(), { name: 'A' });
        const orgB = await createOrganisation(db, a(), { name: 'B' });
        const a1 = await system(orgA.id, 'a1');
        const a2 = await system(orgA.id, 'a2');
        const b1 = await system(orgB.id, 'b1');
        const a1heat = await createMeter(db, a(), { systemId: a1.id, kind: 'heat' });
        const a1elec = await createMeter(db, a(), { systemId: a1.id, kind: 'electricity' });
        const a2heat = await createMeter(db, a(), { systemId: a2.id, kind: 'heat' });
        const b1heat = await createMeter(db, a(), { systemId: b1.id, kind: 'heat' });
        // Hours 0..5 (Jan 31 22:00 to Feb 1 04:00); the range asked is hours 1..4.
        await store(
          a1heat.id,
          hours(0, 6, (k) => 100 + k),
        );
        await store(
          a1elec.id,
          hours(0, 6, () => 0),
        );
        await store(
          a2heat.id,
          hours(2, 4, (k) => 1000 * k),
        ); // hours 2..5
        await store(
          b1heat.id,
          hours(0, 6, () => 7),
        );
        const from = T0 + 1 * HOUR_MS;
        const to = T0 + 5 * HOUR_MS;

        const byA = await sumIntervalsBySystem(db, { organisationId: orgA.id }, from, to);
        const expectA = [
          // a1: heat 101 + 102 + 103 + 104 = 410 from its heat meter, 0 from its electricity meter; 8 hours of
          // the two meters, electricity 8 x 10, uncertainty 8 x 2, coverage 8 x 3600 s.
          { systemId: a1.id, intervals: 8, heatWh: 410, elecWh: 80, uncertaintyWh: 16, coverageS: 28_800 },
          // a2: hours 2, 3, 4 in range: 2000 + 3000 + 4000.
          { systemId: a2.id, intervals: 3, heatWh: 9000, elecWh: 30, uncertaintyWh: 6, coverageS: 10_800 },
        ].sort((x, y) => x.systemId.localeCompare(y.systemId));
        expect(
          byA.map(({ systemId, sums }) => ({
            systemId,
            intervals: sums.intervals,
            heatWh: sums.heatWh,
            elecWh: sums.elecWh,
            uncertaintyWh: sums.uncertaintyWh,
            coverageS: sums.coverageS,
          })),
        ).toEqual(expectA);
        for (const { sums } of byA)
          expect([
            sums.coolWh,
            sums.defrostWh,
            sums.transientWh,
            sums.excludedWh,
            sums.excludedElecWh,
          ]).toEqual([0, 0, 0, 0, 0]);

        const byB = await sumIntervalsBySystem(db, { organisationId: orgB.id }, from, to);
        expect(byB.map((r) => [r.systemId, r.sums.intervals, r.sums.heatWh])).toEqual([[b1.id, 4, 28]]);
        // A range with no hours gives no systems.
        expect(
          await sumIntervalsBySystem(db, { organisationId: orgA.id }, T0 + 6 * HOUR_MS, T0 + 9 * HOUR_MS),
        ).toEqual([]);
      });
    },
  );
}
