// The live ingest without a broker: decoded readings of a registered meter through src/app/live.ts into the
// store, against `trec ingest` of the same readings as a file (to the Wh), on SQLite and (when
// TREC_TEST_PG_URL is set) PostgreSQL.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLiveIngest,
  LIVE_SETTLE_S,
  liveIntegratorOptions,
  type LiveMeter,
} from '../../../src/app/index.ts';
import { createHeatMeterIntegrator } from '../../../src/core/index.ts';
import { DEFAULT_COOLING_MIN_S, DEFAULT_DEFROST_MAX_S } from '../../../src/core/heat-meter/config.ts';
import { ReadingDecoder } from '../../../src/ingest/index.ts';
import {
  clock,
  DAY_START,
  hours,
  ingestFile,
  jsonlFile,
  LIVE_BACKENDS,
  liveStore,
  readings,
  sum,
  TZ,
  type LiveDb,
  type Reading,
} from './helpers.ts';

const HOUR = 3_600_000;

/** A wall clock the test moves: readings arrive a minute apart, as a meter sends them. */
function testClock() {
  let nowMs = Date.UTC(2025, 0, 1);
  return { now: () => nowMs, tick: (ms = 60_000) => (nowMs += ms) };
}

describe('the settle time', () => {
  it('covers the longest time reverse-dT energy stays pending in the integrator', () => {
    // a window without a run times out after the defrost maximum; a run that starts inside it is classed
    // once longer than max(defrost maximum, shortest cooling run): 900 + max(900, 600) = 1,800 s
    expect(LIVE_SETTLE_S).toBe(
      DEFAULT_DEFROST_MAX_S + Math.max(DEFAULT_DEFROST_MAX_S, DEFAULT_COOLING_MIN_S),
    );
    expect(LIVE_SETTLE_S).toBe(1800);
  });
});

for (const backend of LIVE_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`live readings into stored hours, ${backend.name}`, () => {
    let t: LiveDb;
    let day: Reading[];
    beforeAll(async () => {
      t = await backend.create();
      day = readings();
    });
    afterAll(async () => t.close());

    it('stores the same hours as `trec ingest` of the same readings, to the Wh', async () => {
      const file = jsonlFile(join(t.dir, 'day.jsonl'), day);
      await ingestFile(t, t.fileMeter, file);
      const fromFile = await hours(t, t.fileMeter);

      const wall = testClock();
      const live = createLiveIngest({ store: liveStore(t), clock: wall, idleCloseS: null });
      const admission = await live.admit(t.orgId, t.liveMeter);
      if (!admission.ok) throw new Error(admission.message);
      const decoder = new ReadingDecoder(admission.meter.timeZone);
      const source = `mqtt:trec/${t.orgId}/${t.liveMeter}/readings`;
      // arrival order: neighbours swapped (out of order within the 2-minute window), every 50th sent twice
      const order = day.map((_, k) => k);
      for (let k = 0; k + 1 < order.length; k += 5) [order[k], order[k + 1]] = [order[k + 1]!, order[k]!];
      let duplicates = 0;
      let sent = 0;
      for (const k of order) {
        wall.tick();
        const payload = JSON.stringify(day[k]);
        const once = live.accept(admission.meter, source, decoder.decode(payload));
        expect(once.accepted).toBe(1);
        if (k % 50 === 0) {
          duplicates += live.accept(admission.meter, source, decoder.decode(payload)).duplicates;
        }
        if (++sent % 3 === 0) await live.flush();
      }
      const before = await hours(t, t.liveMeter);
      // settled hours were closed during the stream, each the file's hour to the Wh
      expect(before.length).toBeGreaterThan(20);
      expect(before).toEqual(fromFile.slice(0, before.length));
      await live.flush({ endOfData: true });
      const fromLive = await hours(t, t.liveMeter);

      expect(duplicates).toBe(Math.ceil(day.length / 50));
      expect(fromFile).toHaveLength(24); // 04:00Z .. 04:00Z, the last reading on the boundary
      expect(fromLive).toEqual(fromFile);
      // the data exercise what depends on later readings: defrost, cooling, transients, a gap
      expect(sum(fromLive, 'defrost_wh')).toBeGreaterThan(0);
      expect(sum(fromLive, 'cool_wh')).toBeGreaterThan(0);
      expect(sum(fromLive, 'transient_wh')).toBeGreaterThan(0);
      expect(fromLive.some((h) => h.coverage_s < 3600 && h.coverage_s > 0)).toBe(true);
      const stats = live.stats();
      expect(stats.readingsAccepted).toBe(day.length);
      expect(stats.duplicates).toBe(duplicates);
      expect(stats.late).toBe(0);
      expect(stats.hoursStored).toBe(24);
      expect(stats.bufferedReadings).toBe(0);
      // batched: one upload per flush that closed hours, far fewer than messages
      const uploads = await t.db
        .selectFrom('uploads')
        .select(['file_name', 'row_count', 'range_start', 'range_end', 'interval_count'])
        .where('meter_id', '=', t.liveMeter)
        .orderBy('range_start')
        .execute();
      expect(uploads.length).toBeGreaterThan(1);
      expect(uploads.length).toBeLessThan(60);
      expect(new Set(uploads.map((u) => u.file_name))).toEqual(new Set([source]));
      expect(uploads.reduce((n, u) => n + Number(u.interval_count), 0)).toBe(24);
      // every reading is in exactly one upload's range except the last (on the last hour's end)
      expect(uploads.reduce((n, u) => n + Number(u.row_count), 0)).toBe(day.length - 1);
    });

    it('would be wrong if an hour were closed before its defrost is classed (the settle time matters)', async () => {
      const meter = (await liveStore(t).meter(t.liveMeter))!;
      const decoder = new ReadingDecoder(TZ);
      const all = decoder.decode(JSON.stringify(day));
      const options = liveIntegratorOptions(meter, all.channels);
      const run = (n: number) => {
        const integrator = createHeatMeterIntegrator(options);
        for (const s of all.samples.slice(0, n)) integrator.push(s);
        return integrator.finish().intervals;
      };
      const full = run(all.samples.length);
      // a defrost (cycle minutes 40..44 of 47) that ends on an hour's end: heating resumes one minute later
      const k = all.samples.findIndex((s, i) => i % 47 === 44 && (s.timeMs - DAY_START) % HOUR === 0);
      expect(k).toBe(420);
      const boundary = all.samples[k]!.timeMs;
      const early = run(k + 1); // readings up to the hour's end: the defrost is still pending
      const hourBefore = (xs: typeof full) => xs.find((e) => e.endMs === boundary)!;
      // finished early, the defrost's first minutes in the hour are a transient; with the later readings, defrost
      expect(hourBefore(early).defrostJ).toBeLessThan(hourBefore(full).defrostJ - 100_000);
      expect(hourBefore(early).transientJ).toBeGreaterThan(hourBefore(full).transientJ + 100_000);
      expect(hourBefore(early).heatJ).not.toBe(hourBefore(full).heatJ);
    });

    it("counts late readings (never merged), refuses another organisation's meter and a changed stream", async () => {
      const store = liveStore(t);
      const wall = testClock();
      const live = createLiveIngest({ store, clock: wall, idleCloseS: null });
      const start = DAY_START + 3 * 24 * HOUR;
      const rows = readings(start, 4 * 60, 11);
      const a = await live.admit(t.orgId, t.liveMeter);
      if (!a.ok) throw new Error(a.message);
      const decoder = new ReadingDecoder(TZ);
      const source = 'mqtt:test';
      for (const r of rows.slice(0, 120)) {
        wall.tick();
        live.accept(a.meter, source, decoder.decode(JSON.stringify(r)));
      }
      await live.flush();
      // 19 readings (minutes) after its successors: beyond the 2-minute window, late
      const late = { ...rows[100]!, time: new Date(Date.parse(rows[100]!.time) + 30_000).toISOString() };
      const outcome = live.accept(a.meter, source, decoder.decode(JSON.stringify(late)));
      expect(outcome).toMatchObject({ accepted: 0, late: 1 });
      // a reading without the heat register: not the meter's stream
      const { heat_kwh: _, ...noRegister } = rows[120]!;
      const changed = live.accept(a.meter, source, decoder.decode(JSON.stringify(noRegister)));
      expect(changed.refused).toMatch(/one stream keeps its channels/);
      // a clock far ahead of the server's: refused (it would make every later true reading late)
      const ahead = { ...rows[120]!, time: new Date(wall.now() + 2 * HOUR).toISOString() };
      expect(live.accept(a.meter, source, decoder.decode(JSON.stringify(ahead))).refused).toMatch(
        /ahead of the server's clock/,
      );
      for (const r of rows.slice(120)) {
        wall.tick();
        live.accept(a.meter, source, decoder.decode(JSON.stringify(r)));
      }
      await live.flush({ endOfData: true });
      expect(live.stats()).toMatchObject({ late: 1, refusedReadings: 2, readingsAccepted: rows.length });

      // the same readings as a file: the late one is not in it
      const fileRows = rows;
      const other = await backend.create();
      try {
        await ingestFile(other, other.fileMeter, jsonlFile(join(other.dir, 'x.jsonl'), fileRows));
        const expected = await hours(other, other.fileMeter);
        const got = (await hours(t, t.liveMeter)).filter((h) => h.start >= start);
        expect(got).toEqual(expected);
      } finally {
        await other.close();
      }

      expect(await live.admit(t.orgId, t.foreignMeter)).toMatchObject({ ok: false, reason: 'foreign-meter' });
      expect(await live.admit(t.otherOrgId, t.liveMeter)).toMatchObject({
        ok: false,
        reason: 'foreign-meter',
      });
      expect(await live.admit(t.orgId, 'mtr_nope')).toMatchObject({ ok: false, reason: 'unknown-meter' });
      const own = await live.admit(t.otherOrgId, t.foreignMeter);
      expect(own.ok).toBe(true);
    });

    it('starts a new epoch after epochHours: later hours are those of a file starting at the cut reading', async () => {
      const wall = testClock();
      const live = createLiveIngest({
        store: liveStore(t),
        clock: wall,
        idleCloseS: null,
        epochHours: 12,
        orderingWindowS: 0,
      });
      const start = DAY_START + 6 * 24 * HOUR;
      const rows = readings(start, 24 * 60 + 1, 5);
      const a = await live.admit(t.orgId, t.liveMeter);
      if (!a.ok) throw new Error(a.message);
      const decoder = new ReadingDecoder(TZ);
      const storedBefore = live.stats().hoursStored;
      let cut: { first: number; closedUntil: number } | undefined;
      for (const r of rows) {
        wall.tick();
        live.accept(a.meter, 'mqtt:test', decoder.decode(JSON.stringify(r)));
        await live.flush();
        const first = live.retained()[0]?.released[0]?.timeMs;
        if (!cut && first !== undefined && first > start)
          cut = { first, closedUntil: start + (live.stats().hoursStored - storedBefore) * HOUR };
      }
      await live.flush({ endOfData: true });
      if (!cut) throw new Error('no new epoch began');
      expect(cut.closedUntil - start).toBeGreaterThanOrEqual(12 * HOUR);
      // the cut reading is the last one at or before the closed hours' end
      expect(cut.first).toBeLessThanOrEqual(cut.closedUntil);
      expect(cut.closedUntil - cut.first).toBeLessThan(2 * 60_000);
      const got = (await hours(t, t.liveMeter)).filter((h) => h.start >= start);
      const other = await backend.create();
      try {
        // the first epoch: the whole day's file; the second: a file from the cut reading on
        await ingestFile(other, other.fileMeter, jsonlFile(join(other.dir, 'all.jsonl'), rows));
        const tail = rows.filter((r) => Date.parse(r.time) >= cut.first);
        await ingestFile(other, other.liveMeter, jsonlFile(join(other.dir, 'tail.jsonl'), tail));
        const head = (await hours(other, other.fileMeter)).filter((h) => h.start < cut.closedUntil);
        const rest = (await hours(other, other.liveMeter)).filter((h) => h.start >= cut.closedUntil);
        expect(got).toEqual([...head, ...rest]);
        expect(got).toHaveLength(24);
      } finally {
        await other.close();
      }
    });

    it('keeps closed hours through failed writes and writes them once the store answers', async () => {
      const store = liveStore(t);
      let failures = 3;
      const flaky: typeof store = {
        ...store,
        writeBatch: (entries) =>
          failures-- > 0 ? Promise.reject(new Error('database is locked')) : store.writeBatch(entries),
      };
      const wall = testClock();
      const live = createLiveIngest({ store: flaky, clock: wall, idleCloseS: null, orderingWindowS: 0 });
      const start = DAY_START + 9 * 24 * HOUR;
      const rows = readings(start, 6 * 60 + 1, 3);
      const a = await live.admit(t.orgId, t.liveMeter);
      if (!a.ok) throw new Error(a.message);
      const decoder = new ReadingDecoder(TZ);
      for (const r of rows) {
        wall.tick();
        live.accept(a.meter, 'mqtt:test', decoder.decode(JSON.stringify(r)));
        if (Date.parse(r.time) % HOUR === 0) await live.flush();
      }
      await live.flush({ endOfData: true });
      expect(live.stats()).toMatchObject({ writeErrors: 3, pendingHours: 0, hoursStored: 6 });
      const other = await backend.create();
      try {
        await ingestFile(other, other.fileMeter, jsonlFile(join(other.dir, 'six.jsonl'), rows));
        const got = (await hours(t, t.liveMeter)).filter((h) => h.start >= start);
        expect(got).toEqual(await hours(other, other.fileMeter));
      } finally {
        await other.close();
      }
    });

    it('leaves hours already stored as they are and says so', async () => {
      // the file's meter already has the day: live readings of the same day are skipped hour by hour
      const live = createLiveIngest({ store: liveStore(t), clock, idleCloseS: null });
      const a = await live.admit(t.orgId, t.fileMeter);
      if (!a.ok) throw new Error(a.message);
      const before = await hours(t, t.fileMeter);
      const decoder = new ReadingDecoder(TZ);
      const out = live.accept(a.meter, 'mqtt:test', decoder.decode(JSON.stringify(day.slice(0, 200))));
      // the store's hours end at the day's end: every reading of the day is in a closed hour
      expect(out).toMatchObject({ accepted: 0, late: 200 });
      await live.flush({ endOfData: true });
      expect(await hours(t, t.fileMeter)).toEqual(before);
    });

    it('refuses a meter whose registered rollover the readings cannot honour', async () => {
      const meter: LiveMeter = { ...(await liveStore(t).meter(t.liveMeter))!, registerRollover: 1000 };
      const decoder = new ReadingDecoder(TZ);
      const { heat_kwh: _, ...noRegister } = day[0]!;
      expect(() => liveIntegratorOptions(meter, decoder.decode(JSON.stringify(noRegister)).channels)).toThrow(
        /registered register rollover needs a heat register/,
      );
    });
  });
}
