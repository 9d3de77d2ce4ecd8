/* eslint-disable @typescript-eslint/no-unsafe-member-access -- answers are plain JSON, read untyped by design (as in test/contract) */
// Server-side downsampling (issue 11): at most N points, each a run of whole hours with exact sums and its
// lowest and highest hour, so a one-hour peak survives any run length. Hand figures throughout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { downsampleHours, type StoredHour } from '../../src/app/index.ts';
import { apiOn, meterCsv, world } from './helpers.ts';

const H = 3_600_000;
const hour = (k: number, heatWh: number, elecWh = 0): StoredHour => ({
  start: k * H,
  heatWh,
  coolWh: 0,
  defrostWh: 0,
  transientWh: 0,
  excludedWh: 0,
  elecWh,
  excludedElecWh: 0,
  coverageS: 3600,
  uncertaintyWh: null,
  meanSupplyC: null,
  meanSourceC: null,
  checks: null,
});

describe('downsampleHours', () => {
  it('10 hours of 1..10 Wh into 3 points: runs of ceil(10/3) = 4 h, sums 10, 26, 19, extremes kept', () => {
    const hours = Array.from({ length: 10 }, (_, k) => hour(k, k + 1, 10 - k));
    const r = downsampleHours(hours, 0, 10 * H, 3);
    expect(r.runHours).toBe(4);
    expect(r.points.map((p) => [p.startMs / H, p.endMs / H, p.hours])).toEqual([
      [0, 4, 4],
      [4, 8, 4],
      [8, 10, 2],
    ]);
    // 1+2+3+4 = 10, 5+6+7+8 = 26, 9+10 = 19; 55 in all, the sum of the hours.
    expect(r.points.map((p) => p.heatWh)).toEqual([10, 26, 19]);
    expect(r.points.map((p) => [p.heat?.minWh, p.heat?.maxWh])).toEqual([
      [1, 4],
      [5, 8],
      [9, 10],
    ]);
    // Electricity 10..1: the run's highest is its first hour.
    expect(r.points[0]?.elec).toEqual({ minWh: 7, minAtMs: 3 * H, maxWh: 10, maxAtMs: 0 });
  });

  it('a one-hour peak in a year survives 12 points; missing hours are not zeros', () => {
    const hours = [];
    for (let k = 0; k < 8760; k++) if (k !== 100) hours.push(hour(k, k === 5000 ? 9000 : 1000));
    const r = downsampleHours(hours, 0, 8760 * H, 12);
    expect(r.runHours).toBe(730);
    expect(r.points).toHaveLength(12);
    const peak = r.points[Math.floor(5000 / 730)]!;
    expect(peak.heat).toMatchObject({ maxWh: 9000, maxAtMs: 5000 * H, minWh: 1000 });
    expect(r.points[0]?.hours).toBe(729); // hour 100 was not stored
    expect(r.points[0]?.heat?.minWh).toBe(1000);
    expect(r.points.reduce((n, p) => n + p.heatWh, 0)).toBe(8758 * 1000 + 9000);
  });

  it('more points than hours: one point an hour', () => {
    const r = downsampleHours([hour(0, 5), hour(1, 7)], 0, 2 * H, 500);
    expect(r.runHours).toBe(1);
    expect(r.points.map((p) => p.heatWh)).toEqual([5, 7]);
  });
});

describe('GET /v1/systems/{id}/series', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trec-series-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the stored hours as N points whose sums are the data route's total", async () => {
    const t = apiOn(join(dir, 'series.db'));
    try {
      const w = await world(t);
      // 3 h of 20 L/min x 5 K from 04:00 UTC on 2024-05-01 (about 6.94 kWh an hour).
      const up = await t.call('POST', `/v1/meters/${w.meters.a.id}/uploads`, {
        token: w.tokens.installerA,
        body: meterCsv(Date.UTC(2024, 4, 1, 4), 180),
        headers: { 'content-type': 'text/csv' },
      });
      expect(up.status, up.text).toBe(201);
      const q = 'from=2024-05-01&to=2024-05-02';
      const series = await t.call('GET', `/v1/systems/${w.systems.a.id}/series?${q}&points=6`, {
        token: w.tokens.viewerA,
      });
      expect(series.status, series.text).toBe(200);
      // A local day of 24 h (America/New_York, no change of time) into 6 points: 4 h each.
      expect(series.json.hours_per_point).toBe(4);
      expect(series.json.points).toHaveLength(6);
      const data = await t.call('GET', `/v1/systems/${w.systems.a.id}/data?${q}&interval=day`, {
        token: w.tokens.viewerA,
      });
      const sum = (series.json.points as { heat_kwh: number }[]).reduce((n, p) => n + p.heat_kwh, 0);
      expect(sum).toBeCloseTo(data.json.total.heat_kwh as number, 9);
      // 04:00-07:00 UTC is 00:00-03:00 EDT: all three hours in the first point (00:00-04:00 local).
      expect(series.json.points[0].hours).toBe(3);
      expect(series.json.points[0].heat_hour.max_kwh).toBeGreaterThan(6.94 * 0.99);
      const bad = await t.call('GET', `/v1/systems/${w.systems.a.id}/series?${q}&points=0`, {
        token: w.tokens.viewerA,
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error.fields[0].pointer).toBe('/points');
      const other = await t.call('GET', `/v1/systems/${w.systems.b.id}/series?${q}&points=6`, {
        token: w.tokens.viewerA,
      });
      expect(other.status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
