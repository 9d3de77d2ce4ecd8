import { describe, expect, it } from 'vitest';
import type { HeatMeterResult } from '../../../src/core/index.ts';
import { FLOW_CHANNELS, HOUR, KWH, LPM, MIN, T0, integrate, options, series } from './helpers.ts';

// 20 L/min x 1000 kg/m3 x 4200 J/(kg K) (FLAT_WATER) = 1400 W per K of dT
const W_PER_K = 20 * LPM * 1000 * 4200;

/** `ok` is false exactly when an error check is present (issue 7 rule), for the total. */
function expectOkRule(r: HeatMeterResult): void {
  expect(r.total.ok).toBe(!r.checks.some((c) => c.severity === 'error'));
}

describe('register steps (issue 7, plausibility gates)', () => {
  it('a one-sample spike to 1e9 kWh is excluded with an error naming its line, step and implied power', () => {
    // readings every 15 min at 6 kW (1.5 kWh each); the fourth reading (line 5: the header is line 1)
    // jumps to 1e9 kWh and the next one is back on the series.
    const kwhs = [100, 101.5, 103, 1e9, 104.5, 106];
    const rows = kwhs.map((k, i) => ({ timeMs: T0 + i * 15 * MIN, heatRegisterJ: k * KWH }));
    const r = integrate(options(['heatRegister'], { interval: 'hour' }), rows);
    // counted: 100 -> 101.5 -> 103 -> (spike ignored) -> 104.5 -> 106 = 4 x 1.5 = 6 kWh
    expect(r.total.heatJ / KWH).toBeCloseTo(6, 9);
    // excluded: the step 103 -> 1e9 = 999,999,897 kWh
    expect(r.total.excludedJ / KWH).toBeCloseTo(999_999_897, 3);
    const c = r.checks.find((x) => x.code === 'register-jump');
    expect(c?.severity).toBe('error');
    expect(c?.message).toContain('line 5');
    expect(c?.message).toContain('999,999,897.000 kWh');
    // no plausible rating given: the bound is the physical ceiling, 1 m3/s x 1000 x 4200 x 100 K = 420 MW;
    // the step accrued at most since the reading before 103 was first read (00:15) until 00:45, 30 min:
    // 999,999,897 kWh / 0.5 h = 1,999,999,794 kW
    expect(c?.message).toContain('1,999,999,794.00 kW');
    expect(c?.message).toContain('420,000.00 kW');
    // no reset warning for the drop back from the spike: the spike reading was never the base
    expect(r.checks.some((x) => x.code === 'register-reset')).toBe(false);
    // hour 0 holds 100 -> 103 (3 kWh) and the step 1e9 -> 104.5 spread over 00:45 .. 01:00 (1.5 kWh);
    // hour 1 holds 104.5 -> 106 (1.5 kWh); the spike (00:45) makes hour 0 not ok, hour 1 stays ok
    expect(r.intervals.map((e) => e.heatJ / KWH)).toEqual(
      [4.5, 1.5].map((x): unknown => expect.closeTo(x, 9)),
    );
    expect(r.intervals.map((e) => e.ok)).toEqual([false, true]);
    expect(r.total.ok).toBe(false);
    expectOkRule(r);
  });

  it('with a rated capacity the bound is twice the rating, and a persistent jump starts a new series', () => {
    // rated 10 kW -> bound 20 kW. 100 -> 108 kWh in 1 h (8 kW, counted), -> 900 (excluded: 792 kWh since
    // the reading before 108 was first read, 2 h earlier: a mean 396 kW),
    // -> 905 (5 kWh in 1 h from the new reading: the jump persists, a new series from 900): 8 + 5 = 13 kWh
    const rows = [100, 108, 900, 905].map((k, i) => ({ timeMs: T0 + i * HOUR, heatRegisterJ: k * KWH }));
    const r = integrate(options(['heatRegister'], { ratedW: 10_000 }), rows);
    expect(r.total.heatJ / KWH).toBeCloseTo(13, 9);
    expect(r.total.excludedJ / KWH).toBeCloseTo(792, 9);
    const c = r.checks.find((x) => x.code === 'register-jump');
    expect(c?.message).toMatch(
      /line 4 .*792\.000 kWh in 120\.0 min is a mean 396\.00 kW, above twice the rated 10\.00 kW \(20\.00 kW\)/,
    );
  });

  it("a register's resolution is not a jump: 1 kWh steps every 10 min at 6 kW pass a 5 kW rating x 2", () => {
    // register shows whole kWh, read every minute: floor(6 kW x t); each step is 1 kWh after 10 min
    // (6 kW < 10 kW). Judged over the 1-minute segment of the tick it would be 60 kW.
    const rows = series(T0, T0 + HOUR, MIN, (_t, i) => ({ heatRegisterJ: Math.floor(i / 10 + 1e-9) * KWH }));
    const r = integrate(options(['heatRegister'], { ratedW: 5000 }), rows);
    expect(r.total.heatJ / KWH).toBeCloseTo(6, 9);
    expect(r.total.excludedJ).toBe(0);
    expect(r.checks.some((x) => x.code === 'register-jump')).toBe(false);
  });

  it('a spike in a cross-check register is a warning: the figure comes from flow and temperatures', () => {
    // 7000 W for 30 min from flow and temperatures; the register reads 0.1 kWh per minute... but one 1e9
    const rows = series(T0, T0 + 30 * MIN, MIN, (_t, i) => ({
      flowM3s: 20 * LPM,
      supplyC: 40,
      returnC: 35,
      heatRegisterJ: (i === 10 ? 1e9 : (7 / 60) * i) * KWH,
    }));
    const r = integrate(options([...FLOW_CHANNELS, 'heatRegister']), rows);
    expect(r.total.heatJ / KWH).toBeCloseTo(3.5, 9);
    expect(r.checks.find((x) => x.code === 'register-jump')?.severity).toBe('warning');
    // both figures side by side: register 30 x 7/60 = 3.5 kWh, flow and temperatures 3.5 kWh
    expect(r.total.heatRegister?.registerJ).toBeCloseTo(3.5 * KWH, 3);
    expect(r.total.heatRegister?.measuredJ).toBeCloseTo(3.5 * KWH, 3);
    expect(r.total.heatRegister?.differencePct).toBeCloseTo(0, 6);
    expectOkRule(r);
  });
});

describe('COP and net heat (issue 7)', () => {
  const heating = { flowM3s: 20 * LPM, supplyC: 40, returnC: 35 }; // 5 K -> 7000 W

  it('COP 0.5 (7 kWh of heat for 14 kWh of electricity) is an error; net renewable heat is -7 kWh', () => {
    const rows = series(T0, T0 + HOUR, MIN, () => ({ ...heating, elecW: 14_000 }));
    const r = integrate(options([...FLOW_CHANNELS, 'elecPower']), rows);
    expect(r.total.cop).toBeCloseTo(0.5, 12);
    expect(r.total.netRenewableJ! / KWH).toBeCloseTo(-7, 9);
    const c = r.checks.find((x) => x.code === 'cop-below-one');
    expect(c?.severity).toBe('error');
    expect(c?.message).toContain('COP 0.50');
    expect(r.total.ok).toBe(false);
    expectOkRule(r);
    // COP 3.5 (2000 W): no such check, ok
    const fine = integrate(
      options([...FLOW_CHANNELS, 'elecPower']),
      series(T0, T0 + HOUR, MIN, () => ({ ...heating, elecW: 2000 })),
    );
    expect(fine.checks.some((x) => x.code === 'cop-below-one')).toBe(false);
    expect(fine.total.ok).toBe(true);
  });

  it('cooling COP above the Carnot limit is an error (a return logged in F but labelled C)', () => {
    // chilled water: supply 7 degC, return 12 degC = 53.6 degF read as 53.6 degC: dT = -46.6 K
    //   cooling = 1400 W/K x 46.6 K = 65,240 W; electricity 2000 W -> EER 32.62
    //   Carnot cooling between 7 degC (chilled water) and 30 degC (heat rejection, source channel):
    //   280.15 / (303.15 - 280.15) = 12.18 < 32.62 -> impossible
    const rows = series(T0, T0 + HOUR, MIN, () => ({
      flowM3s: 20 * LPM,
      supplyC: 7,
      returnC: 53.6,
      sourceC: 30,
      elecW: 2000,
    }));
    const r = integrate(options([...FLOW_CHANNELS, 'source', 'elecPower']), rows);
    expect(r.total.coolJ / KWH).toBeCloseTo((W_PER_K * 46.6) / 1000, 6);
    expect(r.total.coolingCop).toBeCloseTo((W_PER_K * 46.6) / 2000, 9);
    const c = r.checks.find((x) => x.code === 'cop-above-carnot');
    expect(c?.severity).toBe('error');
    expect(c?.message).toContain('12.18');
    expectOkRule(r);
    // the same with the return read right (12 degC): 7000 W of cooling, EER 3.5, 29 % of 12.18: clean
    const right = integrate(
      options([...FLOW_CHANNELS, 'source', 'elecPower']),
      series(T0, T0 + HOUR, MIN, () => ({
        flowM3s: 20 * LPM,
        supplyC: 7,
        returnC: 12,
        sourceC: 30,
        elecW: 2000,
      })),
    );
    expect(right.total.coolingCop).toBeCloseTo(3.5, 9);
    expect(right.checks.some((x) => x.code.startsWith('cop-'))).toBe(false);
  });

  it('without a source temperature, heating COP is judged at the warmest plausible source, named', () => {
    // supply 60, return 55: 7000 W; electricity 200 W: COP 35.
    // air (default): assumed 45 degC -> Carnot 333.15 / 15 = 22.21 < 35 -> error naming the assumption
    const rows = series(T0, T0 + HOUR, MIN, () => ({
      flowM3s: 20 * LPM,
      supplyC: 60,
      returnC: 55,
      elecW: 200,
    }));
    const r = integrate(options([...FLOW_CHANNELS, 'elecPower']), rows);
    const c = r.checks.find((x) => x.code === 'cop-above-carnot');
    expect(c?.severity).toBe('error');
    expect(c?.message).toContain('22.21');
    expect(c?.message).toContain('assumed 45 degC');
    expect(r.checks.find((x) => x.code === 'carnot-source-assumed')?.message).toContain('45 degC');
    // a brine (ground) source: assumed 30 degC -> 333.15 / 30 = 11.105
    const g = integrate(options([...FLOW_CHANNELS, 'elecPower'], { sourceKind: 'brine' }), rows);
    expect(g.checks.find((x) => x.code === 'cop-above-carnot')?.message).toMatch(/Carnot limit 11\.1\d/);
    // COP 3.5 (2000 W) is far below both: clean
    const fine = series(T0, T0 + HOUR, MIN, () => ({
      flowM3s: 20 * LPM,
      supplyC: 60,
      returnC: 55,
      elecW: 2000,
    }));
    expect(integrate(options([...FLOW_CHANNELS, 'elecPower']), fine).total.ok).toBe(true);
  });
});

describe('reverse-dT transients (issue 7)', () => {
  it('a heating-only day with scattered single reverse-dT minutes reports no cooling and no defrost', () => {
    // heating dT +5 K (7000 W) every minute for 24 h, except single minutes at dT -1 K (-1400 W)
    const reversed = (i: number) => i > 0 && i < 1440 && i % 37 === 18;
    const rows = series(T0, T0 + 24 * HOUR, MIN, (_t, i) => ({
      flowM3s: 20 * LPM,
      supplyC: reversed(i) ? 34 : 40,
      returnC: 35,
    }));
    const events = Array.from({ length: 1441 }, (_, i) => i).filter(reversed).length;
    expect(events).toBe(39); // minutes 18, 55, ..., 1424
    const r = integrate(options(FLOW_CHANNELS), rows);
    // each event: segments 7000 -> -1400 and -1400 -> 7000 W cross zero at 7000/8400 of the minute:
    //   negative triangles 2 x 1400^2 / (2 x 8400) x 60 s = 14,000 J; positive triangles
    //   2 x 7000^2 / (2 x 8400) x 60 s = 350,000 J instead of 2 x 420,000 J.
    //   Reverse-dT time 2 x 10 s = 20 s, far below a 2-minute defrost: a transient.
    expect(r.total.coolJ).toBe(0);
    expect(r.total.defrostJ).toBe(0);
    expect(r.total.transientJ).toBeCloseTo(events * 14_000, 3);
    // heat is not netted by transients: a heating meter counts positive dT only (EN 1434)
    expect(r.total.heatJ).toBeCloseTo((1440 - 2 * events) * 420_000 + events * 350_000, 3);
    expect(r.total.ok).toBe(true);
  });

  it('reverse dT after heating stops (pump overrun) is a transient, not cooling', () => {
    // heating 0..30 min (7000 W), then minutes 31..33 at dT -1 K (-1400 W), then the pump stops (flow 0)
    const rows = series(T0, T0 + 60 * MIN, MIN, (_t, i) => ({
      flowM3s: i <= 33 ? 20 * LPM : 0,
      supplyC: i <= 30 ? 40 : 34,
      returnC: 35,
    }));
    const r = integrate(options(FLOW_CHANNELS), rows);
    // reverse: crossing triangle 1400^2/(2 x 8400) x 60 = 7,000 J + 2 min x 1400 W = 168,000 J, then the
    // segment 33 -> 34 from -1400 W to 0: 1400 / 2 x 60 = 42,000 J: 217,000 J in all (3.2 min < 10 min)
    expect(r.total.coolJ).toBe(0);
    expect(r.total.defrostJ).toBe(0);
    expect(r.total.transientJ).toBeCloseTo(7_000 + 168_000 + 42_000, 3);
  });

  it('a 3-minute reversal between heating is defrost; a sustained 12-minute one on its own is cooling', () => {
    // defrost: heating, minutes 31..33 at -1400 W, heating from 34: reverse time 1/6 + 2 + 1/6 min >= 2 min
    const d = series(T0, T0 + 60 * MIN, MIN, (_t, i) => ({
      flowM3s: 20 * LPM,
      supplyC: i >= 31 && i <= 33 ? 34 : 40,
      returnC: 35,
    }));
    const rd = integrate(options(FLOW_CHANNELS), d);
    // 2 crossing triangles of 7,000 J + 2 min x 1400 W = 168,000 J: 182,000 J of defrost
    expect(rd.total.defrostJ).toBeCloseTo(182_000, 3);
    expect(rd.total.coolJ).toBe(0);
    // cooling: no heating; chilled water at dT -1 K for 12 min (minutes 10..22), pump off otherwise
    const c = series(T0, T0 + 40 * MIN, MIN, (_t, i) => ({
      flowM3s: i >= 10 && i <= 22 ? 20 * LPM : 0,
      supplyC: 11,
      returnC: 12,
    }));
    const rc = integrate(options(FLOW_CHANNELS), c);
    // ramps 9 -> 10 and 22 -> 23 (0 to 1400 W): 2 x 42,000 J, plus 12 min x 1400 W = 1,008,000 J
    expect(rc.total.coolJ).toBeCloseTo(1_008_000 + 84_000, 3);
    expect(rc.total.transientJ).toBe(0);
  });
});

describe('stuck sensors across gaps (issue 7)', () => {
  it('identical readings on both sides of a gap are two runs, not one long one', () => {
    // 1.5 h of constant 40/35 degC, a 1 h gap, 1.5 h more: each run 1.5 h < the 2 h stuck limit
    const a = series(T0, T0 + 90 * MIN, MIN, () => ({ flowM3s: 20 * LPM, supplyC: 40, returnC: 35 }));
    const b = series(T0 + 150 * MIN, T0 + 240 * MIN, MIN, () => ({
      flowM3s: 20 * LPM,
      supplyC: 40,
      returnC: 35,
    }));
    const r = integrate(options(FLOW_CHANNELS), [...a, ...b]);
    expect(r.gapCount).toBe(1);
    expect(r.checks.some((c) => c.code === 'stuck-sensor')).toBe(false);
  });
});

describe('register beside flow and temperatures', () => {
  it('the mismatch never reads "Infinity %": with no instant heat the difference is in kWh', () => {
    // flow 0 for an hour (0 kWh from flow and temperatures); the register counts 0.1 kWh a minute from
    // minute 30: 3 kWh, beyond two register steps (0.2 kWh)
    const rows = series(T0, T0 + HOUR, MIN, (_t, i) => ({
      flowM3s: 0,
      supplyC: 40,
      returnC: 35,
      heatRegisterJ: (Math.max(0, i - 30) / 10) * KWH,
    }));
    const r = integrate(options([...FLOW_CHANNELS, 'heatRegister']), rows);
    const c = r.checks.find((x) => x.code === 'register-mismatch');
    expect(c?.message).not.toContain('Infinity');
    expect(c?.message).toContain('3.000 kWh apart');
    expect(r.total.heatRegister).toEqual({
      registerJ: expect.closeTo(3 * KWH, 3) as unknown,
      measuredJ: 0,
      differenceJ: expect.closeTo(3 * KWH, 3) as unknown,
      differencePct: null,
    });
  });
});

describe('COP below 1 and register resolution', () => {
  it('one tick of a 0.1 kWh electricity register in a nearly idle hour is not a COP below 1', () => {
    // hour 0: heat 7000 W for 1 h (7 kWh) and the register rises 2.0 kWh in 0.1 kWh steps (COP 3.5);
    // hour 1: the flow stops after 01:00 (the ramp 7000 W -> 0 to 01:01 gives 0.058 kWh of heat) and the
    // register ticks once (0.1 kWh): COP 0.58, but 0.1 - 0.058 kWh < 2 x 0.1 kWh (two register steps, the
    // resolution): not judged an error.
    const rows = [
      ...series(T0, T0 + HOUR, MIN, (_t, i) => ({
        flowM3s: 20 * LPM,
        supplyC: 40,
        returnC: 35,
        elecRegisterJ: Math.round((i * 20) / 60) * 0.1 * KWH,
      })),
      ...series(T0 + HOUR + MIN, T0 + 2 * HOUR, MIN, (_t, i) => ({
        flowM3s: 0,
        supplyC: 40,
        returnC: 35,
        elecRegisterJ: (i === 0 ? 2.0 : 2.1) * KWH,
      })),
    ];
    const r = integrate(options([...FLOW_CHANNELS, 'elecRegister'], { interval: 'hour' }), rows);
    // hour 1: segment 01:00 -> 01:01 ramps 7000 W -> 0: 7000 / 2 x 60 s = 210,000 J = 0.0583 kWh
    expect(r.intervals[1]!.heatJ).toBeCloseTo(210_000, 3);
    expect(r.intervals[1]!.cop).toBeLessThan(1);
    expect(r.checks.some((c) => c.code === 'cop-below-one')).toBe(false);
  });
});

describe('defrost needs frost', () => {
  // heating at 7000 W, minutes 31..33 at -1400 W, heating again: 182,000 J of reverse dT (see above)
  const rows = (sourceC: number) =>
    series(T0, T0 + 60 * MIN, MIN, (_t, i) => ({
      flowM3s: 20 * LPM,
      supplyC: i >= 31 && i <= 33 ? 34 : 40,
      returnC: 35,
      sourceC,
    }));
  const ch = [...FLOW_CHANNELS, 'source'] as const;
  it('at 0 degC outdoor air the reversal is defrost; at 15 degC or on a brine source it is a transient', () => {
    expect(integrate(options([...ch]), rows(0)).total.defrostJ).toBeCloseTo(182_000, 3);
    const warm = integrate(options([...ch]), rows(15)).total;
    expect(warm.defrostJ).toBe(0);
    expect(warm.transientJ).toBeCloseTo(182_000, 3);
    const brine = integrate(options([...ch], { sourceKind: 'brine' }), rows(0)).total;
    expect(brine.defrostJ).toBe(0);
    expect(brine.transientJ).toBeCloseTo(182_000, 3);
  });
});
