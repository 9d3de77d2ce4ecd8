import { describe, expect, it } from 'vitest';
import {
  FLOW_CHANNELS,
  HOUR,
  KWH,
  LINEAR_FLUID,
  LPM,
  MIN,
  T0,
  integrate,
  options,
  series,
} from './helpers.ts';

describe('heat from flow and temperatures', () => {
  it('constant 20 L/min, dT 5 K, 24 h, rho 1000, cp 4200: 168 kWh by hand', () => {
    // P = 20/60000 m3/s x 1000 kg/m3 x 4200 J/(kg K) x 5 K = 7000 W; 7000 W x 86400 s = 604.8 MJ = 168 kWh
    const rows = series(T0, T0 + 24 * HOUR, MIN, () => ({ flowM3s: 20 * LPM, supplyC: 40, returnC: 35 }));
    expect(rows).toHaveLength(1441);
    const r = integrate(options(FLOW_CHANNELS), rows);
    expect(r.total.heatJ).toBeCloseTo(604.8e6, 0);
    expect(r.total.heatJ / KWH).toBeCloseTo(168, 9);
    expect(r.total.coolJ).toBe(0);
    expect(r.total.coverage).toBe(1);
    expect(r.heatBasis).toBe('flow-temperature');
    expect(r.total.startMs).toBe(T0);
    expect(r.total.endMs).toBe(T0 + 24 * HOUR);
  });

  it('density at the flow sensor, cp at the mean temperature', () => {
    // LINEAR_FLUID: rho = 1000 - T, cp = 4000 + 10 T; supply 60, return 40, 1 L/s for 1000 s
    // sensor on return: rho(40) = 960, cp(50) = 4500 -> P = 0.001 x 960 x 4500 x 20 = 86,400 W -> 86.4 MJ
    // sensor on supply: rho(60) = 940 -> P = 0.001 x 940 x 4500 x 20 = 84,600 W -> 84.6 MJ
    const rows = [0, 1000_000].map((dt) => ({ timeMs: T0 + dt, flowM3s: 0.001, supplyC: 60, returnC: 40 }));
    const opts = options(FLOW_CHANNELS, { fluid: LINEAR_FLUID, maxGapS: 2000 });
    expect(integrate(opts, rows).total.heatJ).toBeCloseTo(86.4e6, 0);
    expect(integrate({ ...opts, flowSensor: 'supply' }, rows).total.heatJ).toBeCloseTo(84.6e6, 0);
  });

  it('trapezoid rule: power ramping 0 -> 8400 W over 10 min gives the mean 4200 W x 600 s', () => {
    // constant 0.1 L/s = 1e-4 m3/s: P = 1e-4 x 1000 x 4200 x dT = 420 dT; dT 0 -> 20 K: 0 -> 8400 W
    const rows = [
      { timeMs: T0, flowM3s: 1e-4, supplyC: 30, returnC: 30 },
      { timeMs: T0 + 10 * MIN, flowM3s: 1e-4, supplyC: 50, returnC: 30 },
    ];
    expect(integrate(options(FLOW_CHANNELS), rows).total.heatJ).toBeCloseTo(4200 * 600, 3);
  });

  it('splits a segment that straddles an hour boundary in proportion (constant power)', () => {
    // 7000 W from 00:50 to 01:10 (one 20-minute segment, max gap 30 min): 10 min each side = 4.2 MJ each
    const rows = [T0 + 50 * MIN, T0 + 70 * MIN].map((t) => ({
      timeMs: t,
      flowM3s: 20 * LPM,
      supplyC: 40,
      returnC: 35,
    }));
    const r = integrate(options(FLOW_CHANNELS, { interval: 'hour', maxGapS: 1800 }), rows);
    expect(r.intervals.map((i) => i.startMs)).toEqual([T0, T0 + HOUR]);
    expect(r.intervals[0]!.heatJ).toBeCloseTo(4.2e6, 3);
    expect(r.intervals[1]!.heatJ).toBeCloseTo(4.2e6, 3);
    // coverage: 10 of 60 minutes in each hour
    expect(r.intervals[0]!.coverage).toBeCloseTo(10 / 60, 12);
    expect(r.total.heatJ).toBeCloseTo(8.4e6, 3);
    expect(r.total.coverage).toBe(1);
  });

  it('a ramp across a boundary is split at the interpolated power, not by time', () => {
    // 00:50 -> 01:10, power 0 -> 8400 W (see trapezoid test): at 01:00 the power is 4200 W
    // first 10 min: (0 + 4200)/2 x 600 = 1.26 MJ; last 10 min: (4200 + 8400)/2 x 600 = 3.78 MJ
    const rows = [
      { timeMs: T0 + 50 * MIN, flowM3s: 1e-4, supplyC: 30, returnC: 30 },
      { timeMs: T0 + 70 * MIN, flowM3s: 1e-4, supplyC: 50, returnC: 30 },
    ];
    const r = integrate(options(FLOW_CHANNELS, { interval: 'hour', maxGapS: 1800 }), rows);
    expect(r.intervals[0]!.heatJ).toBeCloseTo(1.26e6, 3);
    expect(r.intervals[1]!.heatJ).toBeCloseTo(3.78e6, 3);
  });

  it('a gap longer than maxGapS is not bridged: reported with start and length, coverage reduced', () => {
    // 7000 W samples each minute 00:00-00:30, then nothing until 01:00, then each minute until 01:30
    const a = series(T0, T0 + 30 * MIN, MIN, () => ({ flowM3s: 20 * LPM, supplyC: 40, returnC: 35 }));
    const b = series(T0 + HOUR, T0 + 90 * MIN, MIN, () => ({ flowM3s: 20 * LPM, supplyC: 40, returnC: 35 }));
    const r = integrate(options(FLOW_CHANNELS), [...a, ...b]);
    // 60 min of data x 7000 W = 25.2 MJ; the 30-minute gap adds nothing
    expect(r.total.heatJ).toBeCloseTo(25.2e6, 3);
    expect(r.total.coverage).toBeCloseTo(60 / 90, 12);
    expect(r.gapCount).toBe(1);
    expect(r.gapS).toBe(1800);
    const gap = r.checks.find((c) => c.code === 'gap');
    expect(gap).toMatchObject({ severity: 'warning', start: '2025-01-01T00:30:00.000Z' });
    expect(gap?.message).toContain('no data for 30 min (from');
  });

  it('heat power and electricity power channels integrate by the trapezoid; COP and net renewable heat', () => {
    // heat 6000 -> 12000 W and elec 2000 -> 3000 W over one hour: heat = 9000 W x 3600 s = 32.4 MJ,
    // elec = 2500 W x 3600 s = 9 MJ, COP = 3.6, net renewable = 23.4 MJ
    const rows = [
      { timeMs: T0, heatW: 6000, elecW: 2000 },
      { timeMs: T0 + HOUR, heatW: 12000, elecW: 3000 },
    ];
    const r = integrate(options(['heatPower', 'elecPower'], { maxGapS: 3600 }), rows);
    expect(r.heatBasis).toBe('heat-power');
    expect(r.elecBasis).toBe('elec-power');
    expect(r.total.heatJ).toBeCloseTo(32.4e6, 3);
    expect(r.total.elecJ).toBeCloseTo(9e6, 3);
    expect(r.total.cop).toBeCloseTo(3.6, 12);
    expect(r.total.netRenewableJ).toBeCloseTo(23.4e6, 3);
  });
});

describe("an electricity meter's own data (electricityOnly)", () => {
  it('2 kW for 3 h at 1-minute samples: 6 kWh of electricity, no heat, full coverage, no COP note', () => {
    // 2,000 W x 10,800 s = 21.6 MJ = 6 kWh (by hand)
    const rows = series(T0, T0 + 3 * HOUR, MIN, () => ({ elecW: 2000 }));
    const r = integrate(options(['elecPower'], { electricityOnly: true }), rows);
    expect(r.heatBasis).toBe('none');
    expect(r.total.elecJ / KWH).toBeCloseTo(6, 9);
    expect(r.total.heatJ).toBe(0);
    expect(r.total.coverage).toBe(1);
    expect(r.checks.map((c) => c.code)).not.toContain('no-carnot-check');
  });
  it('an electricity register: the energy between its first and last reading', () => {
    // 100.0 kWh at T0 to 104.5 kWh three hours later: 4.5 kWh
    const rows = series(T0, T0 + 3 * HOUR, MIN, (t) => ({
      elecRegisterJ: (100 + (4.5 * (t - T0)) / (3 * HOUR)) * KWH,
    }));
    const r = integrate(options(['elecRegister'], { electricityOnly: true }), rows);
    expect(r.total.elecJ / KWH).toBeCloseTo(4.5, 9);
    expect(r.total.heatJ).toBe(0);
  });
  it('refuses heat data, and data with no electricity, naming them', () => {
    const rows = series(T0, T0 + HOUR, MIN, () => ({
      flowM3s: 20 * LPM,
      supplyC: 40,
      returnC: 35,
      elecW: 1,
    }));
    expect(() =>
      integrate(options([...FLOW_CHANNELS, 'elecPower'], { electricityOnly: true }), rows),
    ).toThrow(/the data have flow, supply temperature, return temperature: an electricity meter's file/);
    expect(() => integrate(options(['source'], { electricityOnly: true }), [])).toThrow(
      /no electricity data/,
    );
  });
});
