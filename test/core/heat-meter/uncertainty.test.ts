import { describe, expect, it } from 'vitest';
import { en1434Mpe } from '../../../src/core/index.ts';
import { FLOW_CHANNELS, HOUR, KWH, LPM, MIN, T0, integrate, options, series } from './helpers.ts';

describe('EN 1434 maximum permissible error', () => {
  it('class 2, qp 1.5 m3/h, dTmin 3 K at q 1.2 m3/h and dT 5 K: 2.025 + 2.3 + 1.1 = 5.425 %', () => {
    // Ef = 2 + 0.02 x 1.5 / 1.2 = 2.025 %; Et = 0.5 + 3 x 3/5 = 2.3 %; Ec = 0.5 + 3/5 = 1.1 %
    const e = en1434Mpe({ accuracyClass: 2, qpM3h: 1.5, dtMinK: 3 }, 1.2, 5);
    expect(e.flowPct).toBeCloseTo(2.025, 12);
    expect(e.temperaturePct).toBeCloseTo(2.3, 12);
    expect(e.calculatorPct).toBeCloseTo(1.1, 12);
    expect(e.totalPct).toBeCloseTo(5.425, 12);
  });

  it('flow term caps: class 1 at 3.5 %, classes 2 and 3 at 5 %; dT below dTmin evaluated at dTmin', () => {
    // class 1 at q = qp/1000: 1 + 10 = 11 -> 3.5; class 3 at q = qp/10: 3 + 0.5 = 3.5 (no cap)
    expect(en1434Mpe({ accuracyClass: 1, qpM3h: 1.5, dtMinK: 3 }, 0.0015, 30).flowPct).toBe(3.5);
    expect(en1434Mpe({ accuracyClass: 2, qpM3h: 1.5, dtMinK: 3 }, 0.0015, 30).flowPct).toBe(5);
    expect(en1434Mpe({ accuracyClass: 3, qpM3h: 1.5, dtMinK: 3 }, 0.15, 30).flowPct).toBeCloseTo(3.5, 12);
    // dT 1 K with dTmin 3 K: Et = 0.5 + 3 = 3.5, Ec = 0.5 + 1 = 1.5
    const low = en1434Mpe({ accuracyClass: 2, qpM3h: 1.5, dtMinK: 3 }, 1.5, 1);
    expect(low.temperaturePct).toBe(3.5);
    expect(low.calculatorPct).toBe(1.5);
  });

  it('rejects a class other than 1, 2, 3', () => {
    expect(() => en1434Mpe({ accuracyClass: 4 as 1, qpM3h: 1.5, dtMinK: 3 }, 1, 5)).toThrow(/class/);
  });

  it('energy-weighted bound of an interval and the conservative heat', () => {
    // half an hour at 20 L/min dT 5 K (7000 W), half an hour at 20 L/min dT 10 K (14000 W); flat water.
    // q = 1.2 m3/h; class 2, qp 1.5, dTmin 3: MPE(5 K) = 5.425 %; MPE(10 K) = 2.025 + 1.4 + 0.8 = 4.225 %
    // samples every minute; the step at 30 -> 31 min is one segment from 7000 W to 14000 W whose MPE is
    // weighted by |power|: (5.425 x 7000 + 4.225 x 14000) / 21000 = 4.625 %
    // energies: E1 = 30 min x 7000 W = 12.6 MJ; step = 10500 W x 60 s = 0.63 MJ; E2 = 29 min x 14000 W = 24.36 MJ
    // bound = 12.6 x 5.425 % + 0.63 x 4.625 % + 24.36 x 4.225 % = 0.68355 + 0.0291375 + 1.02921 = 1.7418975 MJ
    const rows = series(T0, T0 + HOUR, MIN, (_t, i) => ({
      flowM3s: 20 * LPM,
      supplyC: i <= 30 ? 40 : 45,
      returnC: 35,
    }));
    const r = integrate(
      options(FLOW_CHANNELS, { meterClass: { accuracyClass: 2, qpM3h: 1.5, dtMinK: 3 } }),
      rows,
    );
    const heat = 12.6e6 + 0.63e6 + 24.36e6;
    const bound = 12.6e6 * 0.05425 + 0.63e6 * 0.04625 + 24.36e6 * 0.04225;
    expect(r.total.heatJ).toBeCloseTo(heat, 3);
    expect(r.total.uncertaintyPct).toBeCloseTo((100 * bound) / heat, 9);
    expect(r.total.conservativeHeatJ).toBeCloseTo(heat - bound, 3);
    expect(heat / KWH).toBeCloseTo(10.4417, 3);
  });

  it('no meter class: no bound, no conservative figure', () => {
    const rows = series(T0, T0 + HOUR, MIN, () => ({ flowM3s: 20 * LPM, supplyC: 40, returnC: 35 }));
    const r = integrate(options(FLOW_CHANNELS), rows);
    expect(r.total.uncertaintyPct).toBeNull();
    expect(r.total.conservativeHeatJ).toBeNull();
  });
});
