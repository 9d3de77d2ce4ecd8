import { describe, expect, it } from 'vitest';
import { IntervalClock } from '../../../src/core/index.ts';
import { FLOW_CHANNELS, HOUR, KWH, LPM, MIN, integrate, options, series } from './helpers.ts';

/** America/New_York in 2025: EST (-300 min) until 2025-03-09T07:00Z, EDT (-240) until 2025-11-02T06:00Z. */
const newYork = (t: number) => (t >= Date.UTC(2025, 2, 9, 7) && t < Date.UTC(2025, 10, 2, 6) ? -240 : -300);
const iso = (t: number) => new Date(t).toISOString();

describe('interval boundaries in local time', () => {
  it('days split at local midnight (UTC+2): 7000 W from 20:00Z to 24:00Z', () => {
    // local midnight of 2025-01-02 in UTC+2 is 2025-01-01T22:00Z: 2 h before, 2 h after = 14 kWh each
    const rows = series(Date.UTC(2025, 0, 1, 20), Date.UTC(2025, 0, 2, 0), MIN, () => ({
      flowM3s: 20 * LPM,
      supplyC: 40,
      returnC: 35,
    }));
    const r = integrate(options(FLOW_CHANNELS, { interval: 'day', utcOffsetMinutes: () => 120 }), rows);
    expect(r.intervals.map((i) => iso(i.startMs))).toEqual([
      '2024-12-31T22:00:00.000Z',
      '2025-01-01T22:00:00.000Z',
    ]);
    expect(r.intervals.map((i) => i.heatJ / KWH)).toEqual([expect.closeTo(14, 9), expect.closeTo(14, 9)]);
    // coverage of the first local day: 2 of 24 h
    expect(r.intervals[0]!.coverage).toBeCloseTo(2 / 24, 12);
  });

  it('months split at local midnight of the 1st, with an offset function (New York)', () => {
    // samples every 15 min from Jan 31 22:00 EST (Feb 1 03:00Z) to Feb 1 02:00 EST (07:00Z), 7000 W:
    // 2 h in January (14 kWh), 2 h in February (14 kWh)
    const rows = series(Date.UTC(2025, 1, 1, 3), Date.UTC(2025, 1, 1, 7), 15 * MIN, () => ({
      flowM3s: 20 * LPM,
      supplyC: 40,
      returnC: 35,
    }));
    const r = integrate(options(FLOW_CHANNELS, { interval: 'month', utcOffsetMinutes: newYork }), rows);
    expect(r.intervals.map((i) => [iso(i.startMs), iso(i.endMs)])).toEqual([
      ['2025-01-01T05:00:00.000Z', '2025-02-01T05:00:00.000Z'],
      ['2025-02-01T05:00:00.000Z', '2025-03-01T05:00:00.000Z'],
    ]);
    expect(r.intervals.map((i) => i.heatJ / KWH)).toEqual([expect.closeTo(14, 9), expect.closeTo(14, 9)]);
  });

  it('DST: the spring day has 23 h, the autumn day 25 h; autumn hours stay 1 h', () => {
    const day = new IntervalClock('day', newYork);
    const spring = day.startOf(Date.UTC(2025, 2, 9, 12));
    expect(iso(spring)).toBe('2025-03-09T05:00:00.000Z');
    expect((day.endAfter(spring) - spring) / HOUR).toBe(23);
    const autumn = day.startOf(Date.UTC(2025, 10, 2, 12));
    expect(iso(autumn)).toBe('2025-11-02T04:00:00.000Z');
    expect((day.endAfter(autumn) - autumn) / HOUR).toBe(25);
    const hour = new IntervalClock('hour', newYork);
    // 05:30Z is 01:30 EDT; its hour ends at 06:00Z (01:00 EST), the repeated hour ends at 07:00Z
    expect(iso(hour.endAfter(Date.UTC(2025, 10, 2, 5, 30)))).toBe('2025-11-02T06:00:00.000Z');
    expect(iso(hour.endAfter(Date.UTC(2025, 10, 2, 6)))).toBe('2025-11-02T07:00:00.000Z');
  });
});
