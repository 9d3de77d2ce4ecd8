// The 'minute' interval kind (issue 12: a day shows every minute): the same integrator, minute boundaries.
// Expected values by hand: 20 L/min of flat water (1000 kg/m3, 4200 J/(kg K)) at dT 5 K is
// 20e-3 / 60 m3/s x 1000 x 4200 x 5 = 7000 W, so a minute is 7000 x 60 = 420,000 J = 116.667 Wh and an hour
// 7 kWh.
import { describe, expect, it } from 'vitest';
import { IntervalClock } from '../../../src/core/index.ts';
import { FLOW_CHANNELS, HOUR, KWH, LPM, MIN, T0, integrate, options, series } from './helpers.ts';

describe("the 'minute' interval kind", () => {
  it('7000 W for an hour, sampled every 20 s: 60 minutes of 420,000 J each', () => {
    const rows = series(T0, T0 + HOUR, 20_000, () => ({ flowM3s: 20 * LPM, supplyC: 40, returnC: 35 }));
    const r = integrate(options(FLOW_CHANNELS, { interval: 'minute' }), rows);
    expect(r.intervals).toHaveLength(60);
    expect(r.intervals[0]!.startMs).toBe(T0);
    expect(r.intervals[59]!.endMs).toBe(T0 + HOUR);
    for (const m of r.intervals) {
      expect(m.endMs - m.startMs).toBe(MIN);
      expect(m.heatJ).toBeCloseTo(420_000, 6);
      expect(m.coverage).toBeCloseTo(1, 12);
    }
  });

  it("a ramp sampled every 45 s (off the minute): the minutes add up to the hour's figure", () => {
    // dT rises linearly 0 -> 10 K over the hour: power 0 -> 14,000 W, mean 7000 W: 7 kWh in the hour.
    const rows = series(T0, T0 + HOUR, 45_000, (t) => ({
      flowM3s: 20 * LPM,
      supplyC: 30 + (10 * (t - T0)) / HOUR,
      returnC: 30,
    }));
    const minutes = integrate(options(FLOW_CHANNELS, { interval: 'minute' }), rows);
    const hours = integrate(options(FLOW_CHANNELS, { interval: 'hour' }), rows);
    expect(hours.intervals).toHaveLength(1);
    expect(hours.intervals[0]!.heatJ / KWH).toBeCloseTo(7, 9);
    const sum = minutes.intervals.reduce((s, m) => s + m.heatJ, 0);
    expect(sum).toBeCloseTo(hours.intervals[0]!.heatJ, 6);
    // the k-th minute of a linear ramp: mean power 14,000 x (k + 0.5) / 60 W over 60 s
    for (const k of [0, 17, 59])
      expect(minutes.intervals[k]!.heatJ).toBeCloseTo(((14_000 * (k + 0.5)) / 60) * 60, 3);
  });

  it('minutes are real minutes in any zone, also at a half-hour offset (UTC+5:30)', () => {
    const clock = new IntervalClock('minute', () => 330);
    const t = T0 + 10 * MIN + 30_000;
    expect(clock.startOf(t)).toBe(T0 + 10 * MIN);
    expect(clock.endAfter(t)).toBe(T0 + 11 * MIN);
    expect(clock.endAfter(T0 + 11 * MIN)).toBe(T0 + 12 * MIN);
  });
});
