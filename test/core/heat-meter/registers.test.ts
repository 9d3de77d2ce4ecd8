import { describe, expect, it } from 'vitest';
import { FLOW_CHANNELS, HOUR, KWH, LPM, MIN, T0, integrate, options, series } from './helpers.ts';

const reg = (kwhs: number[], stepMs = HOUR) =>
  kwhs.map((k, i) => ({ timeMs: T0 + i * stepMs, heatRegisterJ: k * KWH }));

describe('cumulative registers', () => {
  it('rollover at 100000 kWh: 99990.0, 5.0, 20.0 kWh -> (100000 - 99990) + 5 + 15 = 30 kWh', () => {
    const r = integrate(
      options(['heatRegister'], { heatRegisterRolloverJ: 100000 * KWH }),
      reg([99990, 5, 20]),
    );
    expect(r.heatBasis).toBe('heat-register');
    expect(r.total.heatJ / KWH).toBeCloseTo(30, 9);
    expect(r.checks.filter((c) => c.code === 'register-reset')).toHaveLength(0);
    // registers are cumulative: hourly readings are not gaps, the whole time is covered
    expect(r.total.coverage).toBe(1);
    expect(r.gapCount).toBe(0);
  });

  it('without a rollover value, the same drop is a reset: 20 - 5 = 15 kWh counted, no negative energy', () => {
    const r = integrate(options(['heatRegister']), reg([99990, 5, 20]));
    expect(r.total.heatJ / KWH).toBeCloseTo(15, 9);
    expect(r.checks.find((c) => c.code === 'register-reset')).toMatchObject({
      severity: 'warning',
      start: '2025-01-01T01:00:00.000Z',
    });
  });

  it('meter swap (old meter 5230 kWh, new meter starts at 12): only real steps count', () => {
    // 5200 -> 5230 (+30), swap -> 12 (new series, 0), 12 -> 40 (+28): 58 kWh
    const r = integrate(
      options(['heatRegister'], { heatRegisterRolloverJ: 1e6 * KWH }),
      reg([5200, 5230, 12, 40]),
    );
    expect(r.total.heatJ / KWH).toBeCloseTo(58, 9);
    expect(r.checks.some((c) => c.code === 'register-reset')).toBe(true);
  });

  it('swap to a meter with a higher count is not invented energy when a rating is given', () => {
    // 10 kW rated; 100 -> 108 kWh in 1 h (8 kW, fine), -> 900 kWh in 1 h (792 kW: a swap), -> 905 (+5)
    const r = integrate(options(['heatRegister'], { ratedW: 10_000 }), reg([100, 108, 900, 905]));
    expect(r.total.heatJ / KWH).toBeCloseTo(13, 9);
    expect(r.checks.find((c) => c.code === 'register-jump')?.severity).toBe('error');
  });

  it('a tiny drop is a read-out glitch: 100.0, 99.9, 100.1 counts 0.1 kWh, not 0.2', () => {
    const r = integrate(options(['heatRegister']), reg([100, 99.9, 100.1]));
    expect(r.total.heatJ / KWH).toBeCloseTo(0.1, 9);
    expect(r.checks.some((c) => c.code === 'register-decrease')).toBe(true);
  });

  it('a register step is spread over its segment by time across interval boundaries', () => {
    // readings at 00:30 (0 kWh) and 02:30 (4 kWh): 1 kWh in hour 0, 2 kWh in hour 1, 1 kWh in hour 2
    const rows = [
      { timeMs: T0 + 30 * MIN, heatRegisterJ: 0 },
      { timeMs: T0 + 150 * MIN, heatRegisterJ: 4 * KWH },
    ];
    const r = integrate(options(['heatRegister'], { interval: 'hour' }), rows);
    expect(r.intervals.map((i) => i.heatJ / KWH)).toEqual(
      [1, 2, 1].map((x): unknown => expect.closeTo(x, 9)),
    );
  });

  it('electricity register: COP from heat over electricity; a reading above the rollover is an input error', () => {
    const rows = [
      { timeMs: T0, heatRegisterJ: 0, elecRegisterJ: 0 },
      { timeMs: T0 + HOUR, heatRegisterJ: 9 * KWH, elecRegisterJ: 3 * KWH },
    ];
    const r = integrate(options(['heatRegister', 'elecRegister']), rows);
    expect(r.elecBasis).toBe('elec-register');
    expect(r.total.cop).toBeCloseTo(3, 12);
    expect(() =>
      integrate(options(['heatRegister'], { heatRegisterRolloverJ: 10 * KWH }), reg([11])),
    ).toThrow(/line 2, field heat register.*rollover/);
  });

  it('cross-check: a register that disagrees with flow x dT beyond 5 % + two steps is flagged; result uses flow', () => {
    // 7000 W for 1 h = 7 kWh from flow and temperatures; the register says 8 kWh in 0.1 kWh steps
    // |8 - 7| = 1 kWh > 5 % x 7 + 2 x 0.1 = 0.55 kWh -> warning; heat stays 7 kWh
    // register read each minute, showing whole 0.1 kWh: floor(i x 8/60 x 10) / 10 kWh
    const register = (kwhPerHour: number) =>
      series(T0, T0 + HOUR, MIN, (_t, i) => ({
        flowM3s: 20 * LPM,
        supplyC: 40,
        returnC: 35,
        heatRegisterJ: (Math.floor(((i * kwhPerHour) / 60) * 10 + 1e-9) / 10) * KWH,
      }));
    const rows = register(8);
    const r = integrate(options([...FLOW_CHANNELS, 'heatRegister']), rows);
    expect(r.total.heatJ / KWH).toBeCloseTo(7, 9);
    const c = r.checks.find((x) => x.code === 'register-mismatch');
    expect(c?.message).toContain('14.3 %');
    expect(c?.message).toContain('uses flow-temperature');
    // a register that agrees (7 kWh) raises nothing
    const ok = register(7);
    expect(
      integrate(options([...FLOW_CHANNELS, 'heatRegister']), ok).checks.some(
        (x) => x.code === 'register-mismatch',
      ),
    ).toBe(false);
  });
});
