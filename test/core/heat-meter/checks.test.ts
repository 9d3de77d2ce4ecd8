import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/index.ts';
import { FLOW_CHANNELS, HOUR, LPM, MIN, T0, integrate, options, series } from './helpers.ts';

const heating = () => ({ flowM3s: 20 * LPM, supplyC: 40, returnC: 35 });

describe('checks beside the numbers', () => {
  it('COP above the Carnot limit of the supply and source temperatures is an error', () => {
    // heat 7000 W, elec 500 W -> COP 14; supply 40 degC, source 0 degC:
    // Carnot COP = 313.15 / (313.15 - 273.15) = 7.83 < 14 -> impossible
    const rows = series(T0, T0 + HOUR, MIN, () => ({ ...heating(), sourceC: 0, elecW: 500 }));
    const r = integrate(options([...FLOW_CHANNELS, 'source', 'elecPower']), rows);
    expect(r.total.cop).toBeCloseTo(14, 9);
    expect(r.total.meanSupplyC).toBeCloseTo(40, 9);
    expect(r.total.meanSourceC).toBeCloseTo(0, 9);
    const c = r.checks.find((x) => x.code === 'cop-above-carnot');
    expect(c).toMatchObject({ severity: 'error', start: '2025-01-01T00:00:00.000Z' });
    expect(c?.message).toContain('7.83');
    // elec 2000 W -> COP 3.5 (45 % of 7.83): no Carnot finding
    const ok = series(T0, T0 + HOUR, MIN, () => ({ ...heating(), sourceC: 0, elecW: 2000 }));
    expect(
      integrate(options([...FLOW_CHANNELS, 'source', 'elecPower']), ok).checks.some((x) =>
        x.code.startsWith('cop-'),
      ),
    ).toBe(false);
  });

  it('a finding of the only interval is not repeated for the total (same sums, same finding)', () => {
    // the COP 14 hour of the previous test, reported per day: one day interval, and the total over it
    const rows = series(T0, T0 + HOUR, MIN, () => ({ ...heating(), sourceC: 0, elecW: 500 }));
    const r = integrate(options([...FLOW_CHANNELS, 'source', 'elecPower'], { interval: 'day' }), rows);
    expect(r.intervals).toHaveLength(1);
    expect(r.checks.filter((x) => x.code === 'cop-above-carnot')).toHaveLength(1);
    // two hourly intervals: each hour is judged, and so is the total over both
    const hourly = series(T0, T0 + 2 * HOUR, MIN, () => ({ ...heating(), sourceC: 0, elecW: 500 }));
    const h = integrate(options([...FLOW_CHANNELS, 'source', 'elecPower'], { interval: 'hour' }), hourly);
    expect(h.checks.filter((x) => x.code === 'cop-above-carnot')).toHaveLength(3);
  });

  it('time going backwards throws an InputError naming line and field; no half result', () => {
    const rows = [
      { timeMs: T0 + MIN, ...heating() },
      { timeMs: T0, ...heating() },
    ];
    expect(() => integrate(options(FLOW_CHANNELS), rows)).toThrow(InputError);
    expect(() => integrate(options(FLOW_CHANNELS), rows)).toThrow(/line 3, field time.*backwards/);
  });

  it('NaN in a present channel throws naming line and channel', () => {
    const rows = [
      { timeMs: T0, ...heating() },
      { timeMs: T0 + MIN, ...heating(), flowM3s: NaN },
    ];
    expect(() => integrate(options(FLOW_CHANNELS), rows)).toThrow(/line 3, field flow/);
  });

  it('missing channels for the flow method, or no heat data at all, are input errors', () => {
    expect(() => integrate(options(['flow', 'supply']), [])).toThrow(/missing return/);
    expect(() => integrate(options(['elecPower']), [])).toThrow(/no heat data/);
    expect(() => integrate(options(FLOW_CHANNELS), [])).toThrow(/no samples/);
  });

  it('heat rate above the rated capacity is one episode with its peak', () => {
    // 7000 W for 20 min, rated 5 kW
    const rows = series(T0, T0 + 20 * MIN, MIN, heating);
    const r = integrate(options(FLOW_CHANNELS, { ratedW: 5000 }), rows);
    const c = r.checks.filter((x) => x.code === 'exceeds-capacity');
    expect(c).toHaveLength(1);
    expect(c[0]!.message).toContain('peak 7.00 kW');
  });

  it('out-of-range temperature: not integrated, coverage lost, error check', () => {
    // return 150 degC is outside the fluid's 0 .. 100 degC at minute 10: segments 9-10 and 10-11 dropped
    const rows = series(T0, T0 + 20 * MIN, MIN, (_t, i) => ({ ...heating(), returnC: i === 10 ? 150 : 35 }));
    const r = integrate(options(FLOW_CHANNELS), rows);
    expect(r.total.heatJ).toBeCloseTo(18 * 60 * 7000, 3);
    expect(r.total.coverage).toBeCloseTo(18 / 20, 12);
    expect(r.checks.find((c) => c.code === 'out-of-range')).toMatchObject({
      severity: 'error',
      start: '2025-01-01T00:10:00.000Z',
    });
  });

  it('spikes, stuck sensors and dT below the meter minimum are reported', () => {
    // supply 40 every minute for 3 h except a 60 degC reading at minute 5; dT 5 K < dTmin 6 K
    const rows = series(T0, T0 + 3 * HOUR, MIN, (_t, i) => ({ ...heating(), supplyC: i === 5 ? 60 : 40 }));
    const r = integrate(
      options(FLOW_CHANNELS, { meterClass: { accuracyClass: 2, qpM3h: 1.5, dtMinK: 6 } }),
      rows,
    );
    const codes = r.checks.map((c) => c.code);
    expect(r.checks.find((c) => c.code === 'spike')?.message).toContain('reads 60 between 40 and 40');
    // return reads exactly 35 for 3 h while flowing (> 2 h): stuck; supply changes at minutes 5 and 6
    expect(r.checks.filter((c) => c.code === 'stuck-sensor').map((c) => c.message)).toEqual([
      expect.stringContaining('return temperature reads exactly 35 for 3.0 h'),
      expect.stringContaining('supply temperature reads exactly 40 for 2.9 h'),
    ]);
    expect(codes).toContain('dt-below-min');
  });
});
