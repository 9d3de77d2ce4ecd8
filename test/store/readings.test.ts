// The readings of every upload (0005_readings, src/store/readings.ts) and the minutes integrated from them
// (src/app/minutes.ts), on every backend: stored in the upload's transaction, bit for bit; the same upload
// twice changes nothing; --replace replaces them; the minutes of an hour add up to that hour as stored, by
// hand on a small file and on a real (simulated) day.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- use-case answers are plain JSON, read untyped
type Json = Record<string, any>;
const values = (list: Json[], key: string): unknown[] => list.map((x) => x[key] as unknown);
import { filePorts } from '../../src/ingest/catalogues.ts';
import { kyselyIntervalStore } from '../../src/store/interval-port.ts';
import {
  createMeter,
  createOrganisation,
  createSite,
  createSystem,
  insertUpload,
  migrateToLatest,
  readReadings,
  sequentialIds,
  packColumns,
  unpackColumns,
  type Action,
} from '../../src/store/index.ts';
import { encodeReadingDay } from '../../src/store/readings.ts';
import { BACKENDS, type Opened } from './backends.ts';

const T0 = Date.UTC(2024, 5, 1); // 2024-06-01T00:00Z
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

/** heat_kw and elec_kw every `stepS` seconds over [fromMs, toMs], as f(t) gives them. */
function powerFile(
  path: string,
  fromMs: number,
  toMs: number,
  stepS: number,
  f: (t: number) => [number, number],
): string {
  const lines = ['time,heat_kw,elec_kw'];
  for (let t = fromMs; t <= toMs; t += stepS * 1000) {
    const [h, e] = f(t);
    lines.push(`${iso(t)},${h},${e}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`readings and minutes: ${backend.name}`, () => {
    let opened: Opened;
    let dir: string;
    let app: App;
    let systemId: string;
    let meterId: string;
    const ids = sequentialIds();
    const a = (): Action => ({ ids, by: 'test', at: T0 });
    const count = async () =>
      Number(
        (
          await opened.db
            .selectFrom('meter_readings')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const minutes = async (from: string, to: string) =>
      app.present('systemMinutes', await app.run('systemMinutes', { system: systemId, from, to })) as Json;
    const hours = async (fromMs: number, toMs: number) => {
      const d = app.present(
        'data',
        await app.run('data', {
          system: systemId,
          from: iso(fromMs).slice(0, 10),
          to: iso(toMs).slice(0, 10),
          interval: 'hour',
        }),
      ) as Json;
      return d.intervals as Json[];
    };

    beforeEach(async () => {
      opened = await backend.open();
      dir = mkdtempSync(join(tmpdir(), 'trec-readings-'));
      const { db } = opened;
      await migrateToLatest(db);
      const org = await createOrganisation(db, a(), { name: `Org ${Math.random()}` });
      const site = await createSite(db, a(), {
        organisationId: org.id,
        name: 's',
        state: 'MA',
        timeZone: 'UTC',
      });
      const sys = await createSystem(db, a(), {
        siteId: site.id,
        name: 'one',
        technology: 'air-to-water',
        ratedCapacityW: 22_000,
        ratedCop: 4,
      });
      systemId = sys.id;
      meterId = (await createMeter(db, a(), { systemId, kind: 'heat', fluid: 'water', flowSensor: 'return' }))
        .id;
      const intervals = kyselyIntervalStore({
        db: () => Promise.resolve(db),
        ids: sequentialIds(),
        clock: { now: () => T0 },
        by: 'test',
      });
      app = createApp({ ...filePorts(), intervals });
    });
    afterEach(async () => {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a burst of days (the reader outrunning the deflate pool) encodes every one the same as alone', async () => {
      // 30 days handed over without waiting: 4 deflate on the pool, 8 wait, the rest are deflated at once on
      // the caller's thread (readings.ts MAX_WAITING); every blob must read back bit for bit, and equal the
      // blob of the same day encoded on its own (one zlib, one level).
      const day = (k: number) => {
        const start = T0 + k * DAY;
        const timeMs = Float64Array.from({ length: 1440 }, (_, i) => start + i * 60_000);
        const flow = Float64Array.from({ length: 1440 }, (_, i) => 1e-4 * ((i * 7 + k) % 13));
        const supply = Float64Array.from({ length: 1440 }, (_, i) => 40 + ((i + k) % 50) / 10);
        return {
          dayStartMs: start,
          channels: ['flow', 'supply'] as const,
          timeMs,
          columns: [flow, supply],
          heatRegisterRolloverJ: null,
        };
      };
      const days = Array.from({ length: 30 }, (_, k) => day(k));
      const burst = await Promise.all(days.map((d) => encodeReadingDay(d)));
      for (const [k, e] of burst.entries()) {
        const back = unpackColumns(days[k]!.dayStartMs, inflateRawSync(e.data), 1440, 2);
        expect([...back.timeMs]).toEqual([...days[k]!.timeMs]);
        expect([...back.columns[1]!]).toEqual([...days[k]!.columns[1]!]);
      }
      const alone = await encodeReadingDay(day(29));
      expect(Buffer.from(burst[29]!.data).equals(Buffer.from(alone.data))).toBe(true);
    });

    it('the blob layout round-trips every double bit for bit (NaN, -0, tiny and huge values)', () => {
      const timeMs = Float64Array.from([T0 + 1, T0 + 61_000, T0 + 61_000, T0 + DAY - 1]);
      const columns = [
        Float64Array.from([NaN, -0, 5e-324, 1.7976931348623157e308]),
        Float64Array.from([1, 2, 3, 4]),
      ];
      const raw = packColumns(T0, timeMs, columns);
      expect(raw.length).toBe(4 * 8 * 3);
      // at an odd offset, as an inflated buffer may be
      const odd = new Uint8Array(raw.length + 1);
      odd.set(raw, 1);
      const back = unpackColumns(T0, odd.subarray(1), 4, 2);
      expect([...back.timeMs]).toEqual([...timeMs]);
      expect(Object.is(back.columns[0]![1], -0)).toBe(true);
      expect(Number.isNaN(back.columns[0]![0])).toBe(true);
      expect([...back.columns[0]!.slice(2)]).toEqual([5e-324, 1.7976931348623157e308]);
      expect([...back.columns[1]!]).toEqual([1, 2, 3, 4]);
    });

    it('6 kW heat and 1.5 kW electricity every 30 s: rows per UTC day, and minutes of 100 Wh and 25 Wh', async () => {
      // 22:00Z on May 31 to 02:00Z on June 1: 4 hours across a UTC midnight, 481 readings.
      const from = T0 - 2 * HOUR;
      const file = powerFile(join(dir, 'p.csv'), from, T0 + 2 * HOUR, 30, () => [6, 1.5]);
      const r = (await app.run('ingest', { files: [file], meter: meterId })).result as { stored: number };
      expect(r.stored).toBe(4);
      const rows = await opened.db.selectFrom('meter_readings').selectAll().orderBy('day_start_ms').execute();
      expect(rows.map((x) => [iso(x.day_start_ms), x.count, x.channels])).toEqual([
        ['2024-05-31T00:00:00.000Z', 240, 'heatPower,elecPower'],
        ['2024-06-01T00:00:00.000Z', 241, 'heatPower,elecPower'],
      ]);
      // Bit for bit: the readings as the file has them, in W (6 kW = 6000 W).
      const back = (await readReadings(opened.db, [meterId], from, T0 + 2 * HOUR)).get(meterId)!;
      expect(back.map((d) => d.timeMs.length)).toEqual([240, 241]);
      expect(back[0]!.timeMs[0]).toBe(from);
      expect(back[1]!.timeMs[240]).toBe(T0 + 2 * HOUR);
      expect(new Set(back.flatMap((d) => [...d.columns[0]!]))).toEqual(new Set([6000]));
      expect(new Set(back.flatMap((d) => [...d.columns[1]!]))).toEqual(new Set([1500]));
      // A minute: 6000 W x 60 s = 360,000 J = 100 Wh; 1500 W x 60 s = 25 Wh; COP 4.
      const m = await minutes('2024-05-31T23:30:00Z', '2024-06-01T00:30:00Z');
      const list = m.minutes as Json[];
      expect(list).toHaveLength(60);
      expect(list[0]!.start).toBe('2024-05-31T23:30:00Z');
      for (const x of list) expect(x).toMatchObject({ heat_wh: 100, elec_wh: 25, cop: 4, coverage: 1 });
      expect(m.total).toMatchObject({ heat_wh: 6000, elec_wh: 1500, cop: 4 });
      // The minutes of each stored hour add up to it (6000 Wh and 1500 Wh).
      for (const h of await hours(from, T0 + DAY)) {
        const start = Date.parse(String(h.start));
        const mm = (await minutes(iso(start), iso(start + HOUR))).total as Json;
        expect(mm.heat_wh).toBeCloseTo(Number(h.heat_kwh) * 1000, 6);
        expect(mm.elec_wh).toBeCloseTo(Number(h.elec_kwh) * 1000, 6);
      }
      // Outside the data: no energy, no coverage.
      const before = (await minutes('2024-05-31T21:58:00Z', '2024-05-31T22:01:00Z')).minutes as Json[];
      expect(before.map((x): unknown[] => [x.heat_wh, x.coverage])).toEqual([
        [null, 0],
        [null, 0],
        [100, 1],
      ]);
    });

    it('the same upload twice changes nothing; --replace replaces the readings of its range', async () => {
      const file = powerFile(join(dir, 'a.csv'), T0, T0 + 4 * HOUR, 60, () => [6, 1.5]);
      await app.run('ingest', { files: [file], meter: meterId });
      const snapshot = await opened.db.selectFrom('meter_readings').selectAll().execute();
      const again = (await app.run('ingest', { files: [file], meter: meterId })).result as Json;
      expect(again.alreadyIngested).toBe(true);
      expect(await opened.db.selectFrom('meter_readings').selectAll().execute()).toEqual(snapshot);
      // Hours 1 and 2 again at 3 kW: the old readings of [01:00, 03:00) go but for the first and the last
      // there (the hours 00 and 03 the old upload keeps were integrated up to them), the rest stay.
      const b = powerFile(join(dir, 'b.csv'), T0 + HOUR, T0 + 3 * HOUR - MIN, 60, () => [3, 1]);
      await expect(app.run('ingest', { files: [b], meter: meterId })).rejects.toThrow(/overlaps/);
      await app.run('ingest', { files: [b], meter: meterId, replace: true });
      expect(await count()).toBe(2);
      const days = (await readReadings(opened.db, [meterId], T0, T0 + DAY)).get(meterId)!;
      const times = days.flatMap((d) => [...d.timeMs]).sort((x, y) => x - y);
      // the first upload keeps 00:00..01:00, 02:59..04:00 (61 + 62), the second has 01:00..02:59 (120)
      expect(times).toHaveLength(61 + 62 + 120);
      expect(new Set(times).size).toBe(times.length - 2);
      // Each minute from the upload that stored its hour: 6 kW (100 Wh) in hours 00 and 03, 3 kW (50 Wh) in 01
      // and 02 but for the new file's last minute, 02:59, which has no reading after it (as its hour has).
      const m = await minutes('2024-06-01T00:58:00Z', '2024-06-01T01:02:00Z');
      expect(values(m.minutes as Json[], 'heat_wh')).toEqual([100, 100, 50, 50]);
      const edge = await minutes('2024-06-01T02:58:00Z', '2024-06-01T03:01:00Z');
      expect(values(edge.minutes as Json[], 'heat_wh')).toEqual([50, null, 100]);
      for (const h of await hours(T0, T0 + DAY)) {
        const start = Date.parse(String(h.start));
        const mm = (await minutes(iso(start), iso(start + HOUR))).total as Json;
        expect(mm.heat_wh).toBeCloseTo(Number(h.heat_kwh) * 1000, 6);
      }
    });

    it('hours stored without readings (as the live path writes them): no minutes, and a check says so', async () => {
      await insertUpload(
        opened.db,
        a(),
        {
          meterId,
          fileName: 'live',
          sha256: 'a'.repeat(64),
          sizeBytes: 1,
          rowCount: 1,
          rangeStart: T0,
          rangeEnd: T0 + 2 * HOUR,
          checks: [],
        },
        [0, 1].map((k) => ({
          start: T0 + k * HOUR,
          heatWh: 5000,
          coolWh: 0,
          defrostWh: 0,
          transientWh: 0,
          excludedWh: 0,
          elecWh: 1000,
          excludedElecWh: 0,
          coverageS: 3600,
          uncertaintyWh: null,
          meanSupplyC: null,
          meanSourceC: null,
          checks: null,
        })),
      );
      const m = await minutes('2024-06-01T01:30:00Z', '2024-06-01T02:30:00Z');
      expect(new Set(values(m.minutes as Json[], 'heat_wh'))).toEqual(new Set([null]));
      expect(m.hours_without_readings).toBe(1);
      expect(m.checks).toEqual([
        expect.objectContaining({ code: 'hours-without-readings', severity: 'info' }),
      ]);
    });

    it('at most 3 days at once: a longer span is refused naming `to`', async () => {
      await expect(
        app.run('systemMinutes', { system: systemId, from: '2024-06-01', to: '2024-06-04T00:01' }),
      ).rejects.toMatchObject({ where: { path: ['to'] } });
      await expect(
        app.run('systemMinutes', { system: systemId, from: '2024-06-02', to: '2024-06-01' }),
      ).rejects.toMatchObject({ where: { path: ['to'] } });
      await expect(
        app.run('systemMinutes', { system: systemId, from: 'yesterday', to: '2024-06-01' }),
      ).rejects.toMatchObject({ where: { path: ['from'] } });
    });

    it('a real day (the simulated laundry, flow and temperatures): its minutes add up to its stored hours', async () => {
      const file = join(dir, 'laundry.csv');
      await app.run('simulate', { days: 2, start: '2024-06-01', utcOffset: '+00:00', out: file });
      await app.run('ingest', { files: [file], meter: meterId });
      const day = await minutes('2024-06-02', '2024-06-03');
      const list = day.minutes as Json[];
      expect(list).toHaveLength(1440);
      const stored = await hours(T0 + DAY, T0 + 2 * DAY);
      expect(stored).toHaveLength(24);
      let heatDay = 0;
      for (const h of stored) {
        const start = Date.parse(String(h.start));
        const of = list.filter(
          (x) => Date.parse(String(x.start)) >= start && Date.parse(String(x.start)) < start + HOUR,
        );
        expect(of).toHaveLength(60);
        const heat = of.reduce((s, x) => s + Number(x.heat_wh), 0);
        const elec = of.reduce((s, x) => s + Number(x.elec_wh), 0);
        // a stored hour is the difference of rounded running totals: within 1 Wh of its own figure
        expect(Math.abs(heat - Number(h.heat_kwh) * 1000)).toBeLessThanOrEqual(1);
        expect(Math.abs(elec - Number(h.elec_kwh) * 1000)).toBeLessThanOrEqual(1);
        heatDay += heat;
      }
      expect(heatDay).toBeGreaterThan(50_000); // the laundry's heat pump runs: tens of kWh a day
    });
  });
}
