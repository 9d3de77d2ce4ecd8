import { describe, expect, it } from 'vitest';
import { FLOW_CHANNELS, KWH, LPM, MIN, T0, integrate, options, series } from './helpers.ts';

// 20 L/min x 1000 kg/m3 x 4200 J/(kg K) = 1400 W/K
const W_PER_K = 20 * LPM * 1000 * 4200;

describe('heating, cooling and defrost', () => {
  it('supply colder than return is cooling, never negative heat', () => {
    // chilled water: supply 7, return 12 -> dT -5 K -> 7000 W of cooling for 2 h = 14 kWh
    const rows = series(T0, T0 + 120 * MIN, MIN, () => ({ flowM3s: 20 * LPM, supplyC: 7, returnC: 12 }));
    const r = integrate(options(FLOW_CHANNELS), rows);
    expect(r.total.heatJ).toBe(0);
    expect(r.total.coolJ / KWH).toBeCloseTo(14, 9);
    expect(r.total.defrostJ).toBe(0);
  });

  it('a 10-minute reversal between heating periods is defrost, netted from heat and reported', () => {
    // minutes 0-30 heating dT +5 (7000 W); 31-40 dT -2 K (-2800 W); 41-70 heating dT +5
    // power per minute sample; segments 30->31 and 40->41 cross zero linearly.
    const dt = (i: number) => (i <= 30 || i >= 41 ? 5 : -2);
    const rows = series(T0, T0 + 70 * MIN, MIN, (_t, i) => ({
      flowM3s: 20 * LPM,
      supplyC: 35 + dt(i),
      returnC: 35,
    }));
    const r = integrate(options(FLOW_CHANNELS), rows);
    // gross heating: 30 min x 7000 W (0-30) + 29 min x 7000 W (41-70) = 59 x 420,000 J = 24.78 MJ
    //   + crossing triangles: segment 30->31 from 7000 to -2800 W: positive 7000^2/(2 x 9800) x 60 = 150,000 J
    //   and negative 2800^2/(2 x 9800) x 60 = 24,000 J; segment 40->41 likewise (mirror): +150,000, -24,000
    // negative (defrost): 9 min at 2800 W (31-40) = 1,512,000 J + 2 x 24,000 = 1,560,000 J
    const grossHeat = 59 * 420_000 + 2 * 150_000;
    const defrost = 9 * 60 * 2800 + 2 * 24_000;
    expect(W_PER_K * 5).toBeCloseTo(7000, 9);
    expect(r.total.defrostJ).toBeCloseTo(defrost, 3);
    expect(r.total.heatJ).toBeCloseTo(grossHeat - defrost, 3);
    expect(r.total.coolJ).toBeCloseTo(0, 6);
  });

  it('a reversal longer than the defrost limit (or with no heating after it) is cooling', () => {
    // same shape, but the reversal lasts 30 min (> 15 min): not defrost
    const dt = (i: number) => (i <= 30 || i >= 61 ? 5 : -2);
    const rows = series(T0, T0 + 90 * MIN, MIN, (_t, i) => ({
      flowM3s: 20 * LPM,
      supplyC: 35 + dt(i),
      returnC: 35,
    }));
    const r = integrate(options(FLOW_CHANNELS), rows);
    expect(r.total.defrostJ).toBe(0);
    expect(r.total.coolJ).toBeCloseTo(29 * 60 * 2800 + 2 * 24_000, 3);
    // defrost detection off: the short reversal of the previous test is cooling too
    const short = (i: number) => (i <= 30 || i >= 41 ? 5 : -2);
    const rows2 = series(T0, T0 + 70 * MIN, MIN, (_t, i) => ({
      flowM3s: 20 * LPM,
      supplyC: 35 + short(i),
      returnC: 35,
    }));
    const off = integrate(options(FLOW_CHANNELS, { defrostMaxS: 0 }), rows2);
    expect(off.total.defrostJ).toBe(0);
    expect(off.total.coolJ).toBeCloseTo(9 * 60 * 2800 + 2 * 24_000, 3);
  });

  it('a defrost across an hour boundary is netted in each hour where it happened', () => {
    // heating to 00:55, reversal 00:56-01:04 (-2800 W), heating from 01:05
    const dt = (i: number) => (i <= 55 || i >= 65 ? 5 : -2);
    const rows = series(T0, T0 + 120 * MIN, MIN, (_t, i) => ({
      flowM3s: 20 * LPM,
      supplyC: 35 + dt(i),
      returnC: 35,
    }));
    const r = integrate(options(FLOW_CHANNELS, { interval: 'hour' }), rows);
    // hour 0: crossing segment 55->56 (-24,000 J) + samples 56..60 (4 min x 2800 W = 672,000 J)
    // hour 1: samples 60..64 (4 min, 672,000 J) + crossing 64->65 (24,000 J)
    expect(r.intervals[0]!.defrostJ).toBeCloseTo(696_000, 3);
    expect(r.intervals[1]!.defrostJ).toBeCloseTo(696_000, 3);
    expect(r.total.defrostJ).toBeCloseTo(1_392_000, 3);
    expect(r.total.coolJ).toBeCloseTo(0, 6);
  });
});
