// The daily rollup (0004_rollup, src/store/rollup.ts) gives the hour table's answers to the Wh: periodSums
// and sumIntervalsBySystem over whole local days (rollup), over ranges with edges (rollup + hours) and over
// less than a day (hours) are compared with the hour table's own queries (periodSumsFromHours,
// sumIntervals) and with the rule worked out here from the rows the test wrote (an hour of a system is an
// error hour when any meter's row of it has an error check: nothing of it counts; coverage is the heat
// meters'). The data: America/New_York around the spring change (2024-03-10 is 23 h long), a system with a
// heat and an electricity meter (errors on either), a second system, a --replace, and a live writer's hour.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Check } from '../../src/core/index.ts';
import {
  createMeter,
  createOrganisation,
  createSite,
  createSystem,
  HOUR_MS,
  insertUpload,
  localDays,
  migrateToLatest,
  periodSums,
  periodSumsFromHours,
  refreshEnergyRollup,
  sequentialIds,
  sumIntervals,
  sumIntervalsBySystem,
  wholeDays,
  type Action,
  type Database,
  type IntervalRow,
} from '../../src/store/index.ts';
import { BACKENDS, type Opened } from './backends.ts';

const TZ = 'America/New_York';
// 2024-03-08T00:00 EST = 05:00Z. Local days: Mar 8 and 9 (24 h, EST), Mar 10 (23 h: 02:00 EST -> 03:00 EDT,
// 07:00Z), Mar 11 (24 h, EDT from 04:00Z).
const MAR8 = Date.UTC(2024, 2, 8, 5);
const MAR9 = Date.UTC(2024, 2, 9, 5);
const MAR10 = Date.UTC(2024, 2, 10, 5);
const MAR11 = Date.UTC(2024, 2, 11, 4);
const MAR12 = Date.UTC(2024, 2, 12, 4);
const HOURS = (MAR12 - MAR8) / HOUR_MS; // 24 + 24 + 23 + 24 = 95

let ids = sequentialIds();
const a = (): Action => ({ ids, by: 'test', at: MAR8 });
const err = (start: number): Check => ({
  code: 'flow-out-of-range',
  severity: 'error',
  message: 'flow above qs',
  start: new Date(start).toISOString(),
});
const warn = (start: number): Check => ({ ...err(start), code: 'gap', severity: 'warning' });

const hour = (k: number, meter: number, over: Partial<IntervalRow> = {}): IntervalRow => ({
  start: MAR8 + k * HOUR_MS,
  heatWh: (k * 37 + meter * 11) % 900,
  coolWh: k % 7 === 0 ? 5 : 0,
  defrostWh: k % 5,
  transientWh: 1,
  excludedWh: k % 11 === 0 ? 3 : 0,
  elecWh: (k * 13 + meter) % 200,
  excludedElecWh: 0,
  coverageS: 3600 - ((k * 61) % 900),
  uncertaintyWh: k % 3 === 0 ? null : (k % 17) + meter,
  meanSupplyC: 35,
  meanSourceC: null,
  checks: null,
  ...over,
});

interface Written {
  systemId: string;
  kind: 'heat' | 'electricity';
  row: IntervalRow;
}

/** periodSums' rule, worked out from the rows written (the latest row of a meter and hour wins). */
function expected(rows: readonly Written[], systemId: string, fromMs: number, toMs: number) {
  const inRange = rows.filter((w) => w.systemId === systemId && w.row.start >= fromMs && w.row.start < toMs);
  const byHour = new Map<number, Written[]>();
  for (const w of inRange) byHour.set(w.row.start, [...(byHour.get(w.row.start) ?? []), w]);
  const s = {
    hours: byHour.size,
    errorHours: 0,
    heatWh: 0,
    coolWh: 0,
    elecWh: 0,
    uncertaintyWh: 0,
    coverageS: 0,
    heldHeatWh: 0,
    heldCoolWh: 0,
    excludedWh: 0,
  };
  for (const list of byHour.values()) {
    const error = list.some((w) => (w.row.checks ?? []).some((c) => c.severity === 'error'));
    if (error) s.errorHours += 1;
    for (const { row, kind } of list) {
      s.excludedWh += row.excludedWh;
      if (error) {
        s.heldHeatWh += row.heatWh;
        s.heldCoolWh += row.coolWh;
        continue;
      }
      s.heatWh += row.heatWh;
      s.coolWh += row.coolWh;
      s.elecWh += row.elecWh;
      s.uncertaintyWh += row.uncertaintyWh ?? 0;
      if (kind === 'heat') s.coverageS += row.coverageS;
    }
  }
  return { systemId, ...s };
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`daily rollup: ${backend.name}`, () => {
    let opened: Opened;
    let db: Kysely<Database>;
    beforeEach(async () => {
      ids = sequentialIds();
      opened = await backend.open();
      db = opened.db;
      await migrateToLatest(db);
    });
    afterEach(() => opened.close());

    it('splits a range into whole local days and edges (23 h at the spring change)', () => {
      expect(localDays(TZ, MAR8, MAR12).map((d) => (d.endMs - d.startMs) / HOUR_MS)).toEqual([
        24, 24, 23, 24,
      ]);
      expect(localDays(TZ, MAR10, MAR11)).toEqual([{ startMs: MAR10, endMs: MAR11 }]);
      // 1 h after Mar 8's midnight to 2 h before Mar 12's: whole days Mar 9 to Mar 11.
      expect(wholeDays(TZ, MAR8 + HOUR_MS, MAR12 - 2 * HOUR_MS)).toEqual({ lo: MAR9, hi: MAR11 });
      expect(wholeDays(TZ, MAR8, MAR12)).toEqual({ lo: MAR8, hi: MAR12 });
      expect(wholeDays(TZ, MAR8 + HOUR_MS, MAR9 + HOUR_MS)).toBeNull();
    });

    it('gives the hour table’s sums to the Wh: errors on either meter, DST, --replace, a live hour', async () => {
      const org = await createOrganisation(db, a(), { name: 'Roll' });
      const site = await createSite(db, a(), {
        organisationId: org.id,
        name: 's',
        state: 'MA',
        timeZone: TZ,
      });
      const system = (name: string) =>
        createSystem(db, a(), {
          siteId: site.id,
          name,
          technology: 'air-to-water',
          ratedCapacityW: 1e4,
          ratedCop: 3,
        });
      const s1 = await system('one');
      const s2 = await system('two');
      const s1heat = await createMeter(db, a(), { systemId: s1.id, kind: 'heat' });
      const s1elec = await createMeter(db, a(), { systemId: s1.id, kind: 'electricity' });
      const s2heat = await createMeter(db, a(), { systemId: s2.id, kind: 'heat' });
      const written: Written[] = [];
      let sha = 0;
      const store = async (
        meter: { id: string; systemId: string; kind: 'heat' | 'electricity' },
        rows: IntervalRow[],
        replace = false,
      ) => {
        sha += 1;
        await insertUpload(
          db,
          a(),
          {
            meterId: meter.id,
            fileName: `${sha}.csv`,
            sha256: sha.toString(16).padStart(64, '0'),
            sizeBytes: 1,
            rowCount: rows.length,
            rangeStart: rows[0]!.start,
            rangeEnd: rows.at(-1)!.start + HOUR_MS,
            checks: [],
          },
          rows,
          { replace },
        );
        const replaced = (w: Written) =>
          w.row.start >= rows[0]!.start && w.row.start < rows.at(-1)!.start + HOUR_MS;
        for (let k = written.length - 1; k >= 0; k--)
          if (
            replace &&
            written[k]!.systemId === meter.systemId &&
            written[k]!.kind === meter.kind &&
            replaced(written[k]!)
          )
            written.splice(k, 1);
        for (const row of rows) written.push({ systemId: meter.systemId, kind: meter.kind, row });
      };
      const range = (n: number) => Array.from({ length: n }, (_, k) => k);
      // s1's heat meter: every hour, errors at hours 3 and 50 (Mar 10), a warning at 4. Its electricity meter:
      // hours 0..59 in one upload, then 60..94 in another (the same days refreshed with both), an error at 30.
      await store(
        s1heat,
        range(HOURS).map((k) =>
          hour(k, 1, {
            checks:
              k === 3 || k === 50 ? [err(MAR8 + k * HOUR_MS)] : k === 4 ? [warn(MAR8 + k * HOUR_MS)] : null,
          }),
        ),
      );
      await store(
        s1elec,
        range(60).map((k) =>
          hour(k, 2, { heatWh: 0, coolWh: 0, checks: k === 30 ? [err(MAR8 + k * HOUR_MS)] : null }),
        ),
      );
      await store(
        s1elec,
        range(HOURS - 60).map((k) => hour(k + 60, 2, { heatWh: 0, coolWh: 0 })),
      );
      // s2: a gap of a day (Mar 9 missing), so that a day without hours has no row.
      await store(
        s2heat,
        range(24).map((k) => hour(k, 3)),
      );
      await store(
        s2heat,
        range(HOURS - 48).map((k) => hour(k + 48, 3)),
      );

      const ranges: [string, number, number][] = [
        ['whole days', MAR8, MAR12],
        ['the 23-hour day alone', MAR10, MAR11],
        ['edges on both sides', MAR8 + 5 * HOUR_MS, MAR12 - 7 * HOUR_MS],
        ['less than a day', MAR10 + HOUR_MS, MAR10 + 9 * HOUR_MS],
        ['beyond the data', MAR8 - 30 * HOUR_MS, MAR12 + 40 * HOUR_MS],
      ];
      const compare = async (when: string) => {
        for (const [name, from, to] of ranges) {
          const what = `${when}, ${name}`;
          const got = await periodSums(db, [s1.id, s2.id, 'sys_none'], from, to);
          const hours = await periodSumsFromHours(db, [s1.id, s2.id, 'sys_none'], from, to);
          expect([...got.values()], what).toEqual([...hours.values()]);
          expect(got.get(s1.id), what).toEqual(expected(written, s1.id, from, to));
          expect(got.get(s2.id), what).toEqual(expected(written, s2.id, from, to));
          const bySystem = await sumIntervalsBySystem(db, { organisationId: org.id }, from, to);
          expect(bySystem, what).toEqual([
            { systemId: s1.id, sums: await sumIntervals(db, { systemId: s1.id }, from, to) },
            { systemId: s2.id, sums: await sumIntervals(db, { systemId: s2.id }, from, to) },
          ]);
          expect(await sumIntervalsBySystem(db, { systemIds: [s2.id] }, from, to), what).toEqual(
            bySystem.filter((x) => x.systemId === s2.id),
          );
        }
      };
      await compare('after the ingests');
      // Hand-worked: s1 on the 23-hour day (hours 48..70) has 23 hours, one error hour (50, the heat meter's).
      const day = (await periodSums(db, [s1.id], MAR10, MAR11)).get(s1.id)!;
      expect([day.hours, day.errorHours, day.heldHeatWh]).toEqual([23, 1, (50 * 37 + 11) % 900]);
      const rollupDays = await db
        .selectFrom('interval_energy_daily')
        .select(['day_start', 'day_end', 'hours'])
        .where('system_id', '=', s2.id)
        .orderBy('day_start')
        .execute();
      expect(rollupDays.map((d) => [Number(d.day_start), Number(d.day_end), Number(d.hours)])).toEqual([
        [MAR8, MAR9, 24],
        [MAR10, MAR11, 23],
        [MAR11, MAR12, 24],
      ]);

      // --replace s1's heat meter over hours 20..59 (Mar 8 evening to Mar 10) with other figures and an error.
      await store(
        s1heat,
        range(40).map((k) => hour(k + 20, 9, { checks: k === 10 ? [err(MAR8 + (k + 20) * HOUR_MS)] : null })),
        true,
      );
      await compare('after the --replace');

      // A live writer's hour (written as src/store/live-port.ts will: its own insert, then the refresh in the
      // same transaction): s2's missing Mar 9, hour 30.
      const live = hour(30, 3, { heatWh: 777 });
      await db.transaction().execute(async (tx) => {
        await sql`insert into uploads (id, meter_id, file_name, sha256, size_bytes, row_count, interval_count, checks_json, created_by, created_at)
          values ('upl_live', ${s2heat.id}, 'mqtt', ${'e'.repeat(64)}, 0, 0, 1, '[]', 'live', 0)`.execute(tx);
        await sql`insert into interval_energy (meter_id, start, upload_id, heat_wh, cool_wh, defrost_wh, transient_wh, excluded_wh, elec_wh, excluded_elec_wh, coverage_s, uncertainty_wh, error_checks)
          values (${s2heat.id}, ${live.start}, 'upl_live', 777, ${live.coolWh}, ${live.defrostWh}, ${live.transientWh}, ${live.excludedWh}, ${live.elecWh}, 0, ${live.coverageS}, ${live.uncertaintyWh}, 0)`.execute(
          tx,
        );
        await refreshEnergyRollup(tx, { meterId: s2heat.id }, live.start, live.start + HOUR_MS);
      });
      written.push({ systemId: s2.id, kind: 'heat', row: live });
      await compare('after a live hour');
    });
  });
}
