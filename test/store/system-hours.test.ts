// The interval store's systemHours (what `trec data` reads): the hours of every meter of a system merged by
// start, energies added, coverage the smaller, uncertainty added where given, temperatures of the first meter
// by id, checks of both; hours outside [from, to) and other systems' hours left out. Expected values are
// worked out by hand below.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Check } from '../../src/core/index.ts';
import { kyselyIntervalStore } from '../../src/store/interval-port.ts';
import {
  createMeter,
  createOrganisation,
  createSite,
  createSystem,
  HOUR_MS,
  insertUpload,
  migrateToLatest,
  sequentialIds,
  type Action,
  type IntervalRow,
} from '../../src/store/index.ts';
import { BACKENDS, type Opened } from './backends.ts';

const T0 = Date.UTC(2024, 5, 1);
let ids = sequentialIds();
const a = (): Action => ({ ids, by: 'test', at: T0 });
const gap: Check = { code: 'gap', severity: 'warning', message: 'a 20 min gap' };

const row = (k: number, over: Partial<IntervalRow>): IntervalRow => ({
  start: T0 + k * HOUR_MS,
  heatWh: 0,
  coolWh: 0,
  defrostWh: 0,
  transientWh: 0,
  excludedWh: 0,
  elecWh: 0,
  excludedElecWh: 0,
  coverageS: 3600,
  uncertaintyWh: null,
  meanSupplyC: null,
  meanSourceC: null,
  checks: null,
  ...over,
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`systemHours: ${backend.name}`, () => {
    let opened: Opened;
    beforeEach(async () => {
      ids = sequentialIds();
      opened = await backend.open();
      await migrateToLatest(opened.db);
    });
    afterEach(() => opened.close());

    it("merges the system's meters hour by hour", async () => {
      const { db } = opened;
      const org = await createOrganisation(db, a(), { name: 'A' });
      const site = await createSite(db, a(), {
        organisationId: org.id,
        name: 's',
        state: 'MA',
        timeZone: 'UTC',
      });
      const make = (name: string) =>
        createSystem(db, a(), {
          siteId: site.id,
          name,
          technology: 'ground-source',
          ratedCapacityW: 10_000,
          ratedCop: 4,
        });
      const sys = await make('one');
      const other = await make('two');
      // Ids are sequential: the heat meter is made first, so it sorts first.
      const heat = await createMeter(db, a(), { systemId: sys.id, kind: 'heat' });
      const elec = await createMeter(db, a(), { systemId: sys.id, kind: 'electricity' });
      const otherHeat = await createMeter(db, a(), { systemId: other.id, kind: 'heat' });
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
      await store(heat.id, [
        row(0, { heatWh: 1000, coverageS: 3600, uncertaintyWh: 30, meanSupplyC: 40, checks: [gap] }),
        row(1, { heatWh: 1100, coverageS: 3000, uncertaintyWh: 33, meanSupplyC: 41 }),
        row(2, { heatWh: 1200 }),
      ]);
      await store(elec.id, [
        row(1, { elecWh: 300, coverageS: 3600, uncertaintyWh: 5, meanSupplyC: 99, checks: [gap] }),
        row(2, { elecWh: 310, coverageS: 1800 }),
        row(3, { elecWh: 320 }),
      ]);
      await store(otherHeat.id, [row(1, { heatWh: 7 })]);
      const intervals = kyselyIntervalStore({
        db: () => Promise.resolve(db),
        ids: sequentialIds(),
        clock: { now: () => 0 },
        by: 'test',
      });
      const read = () => intervals.systemHours(sys.id, T0 + HOUR_MS, T0 + 4 * HOUR_MS);
      const pick = (h: IntervalRow) => [
        (h.start - T0) / HOUR_MS,
        h.heatWh,
        h.elecWh,
        h.coverageS,
        h.uncertaintyWh,
        h.meanSupplyC,
        h.checks?.length ?? 0,
      ];
      const expected = [
        // hour 1: heat 1100 + elec 300; coverage min(3000, 3600); uncertainty 33 + 5; the heat meter's 41 C;
        // the electricity meter's one check.
        [1, 1100, 300, 3000, 38, 41, 1],
        // hour 2: 1200 + 310; min(3600, 1800); neither has an uncertainty; no temperatures.
        [2, 1200, 310, 1800, null, null, 0],
        // hour 3: the electricity meter alone.
        [3, 0, 320, 3600, null, null, 0],
      ];
      expect((await read()).map(pick)).toEqual(expected);
      // A second read gives the same hours (nothing kept between calls is changed by a merge).
      expect((await read()).map(pick)).toEqual(expected);
    });
  });
}
