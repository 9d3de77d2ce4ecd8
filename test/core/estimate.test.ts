import { describe, expect, it } from 'vitest';
import {
  brineTemperatureC,
  countedEnergyJ,
  buildingLoadW,
  estimateSeason,
  InputError,
  OutOfRangeError,
  sinkTemperatureC,
  type HeatPumpModel,
  type HourlyWeather,
} from '../../src/core/index.ts';

/** A unit with 5 kW capacity and COP 3 everywhere in source -15..20 degC. */
const flat: HeatPumpModel = {
  name: 'flat',
  kind: 'map',
  range: { sourceMinC: -15, sourceMaxC: 20, sinkMinC: 20, sinkMaxC: 60 },
  at: ({ sourceC }) => {
    if (sourceC < -15) throw new OutOfRangeError('below -15');
    return { capacityW: 5000, powerW: 5000 / 3, cop: 3 };
  },
};
const weather = (temps: number[]): HourlyWeather => ({
  site: 'test',
  source: 'test',
  hours: temps.map((t, i) => ({ month: i < 2 ? 1 : 2, day: 1, hour: i + 1, dryBulbC: t })),
});
const building = { designLoadW: 10_000, designOutdoorC: -10, balanceC: 15.5 };

describe('load line and water curve', () => {
  it('load is the design load at the design temperature and 0 at the balance point', () => {
    expect(buildingLoadW(-10, building)).toBe(10_000);
    expect(buildingLoadW(15.5, building)).toBe(0);
    // 5.5 degC: 10 kW x (15.5 - 5.5) / (15.5 + 10) = 100 / 25.5 kW = 3921.5686... W
    expect(buildingLoadW(5.5, building)).toBeCloseTo(100_000 / 25.5, 9);
  });

  it('weather compensation runs straight from design to balance and is clamped', () => {
    const curve = { ...building, sink: { designC: 45, atBalanceC: 30 } };
    expect(sinkTemperatureC(-10, curve)).toBe(45);
    expect(sinkTemperatureC(-20, curve)).toBe(45);
    expect(sinkTemperatureC(15.5, curve)).toBe(30);
    expect(sinkTemperatureC(2.75, curve)).toBeCloseTo(37.5, 12); // halfway
  });

  it('hplib brine correlation at a daily mean of 0 degC is its constant 5.0647 degC', () => {
    expect(brineTemperatureC(0)).toBe(5.0647);
    // 10 degC: -0.3 + 0.86 + 3.047 + 5.0647 = 8.6717
    expect(brineTemperatureC(10)).toBeCloseTo(8.6717, 10);
  });
});

describe('hourly seasonal estimate', () => {
  it('matches a hand calculation: capacity limit, backup, SPF, renewable portion', () => {
    // hour 1, -10 degC: load 10 kWh > capacity 5 kWh -> heat 5, elec 5/3, backup 5
    // hour 2, 5.5 degC: load 3.92157 kWh -> heat 3.92157, elec 1.30719, backup 0
    // hour 3, 20 degC: no load
    // hour 4, -20 degC: outside the unit's range -> heat 0, backup = load 10 x 35.5/25.5 = 13.92157 kWh
    const r = estimateSeason({
      weather: weather([-10, 5.5, 20, -20]),
      model: flat,
      type: 'air-to-water',
      ...building,
      sink: { designC: 35 },
    });
    const kwh = (j: number) => j / 3.6e6;
    const h2 = 10 / 2.55;
    expect(kwh(r.heatJ)).toBeCloseTo(5 + h2, 9);
    expect(kwh(r.elecJ)).toBeCloseTo((5 + h2) / 3, 9);
    expect(r.spf).toBeCloseTo(3, 12);
    expect(kwh(r.renewableJ)).toBeCloseTo(((5 + h2) * 2) / 3, 9);
    expect(kwh(r.backupJ)).toBeCloseTo(5 + (10 * 35.5) / 25.5, 9);
    expect(r.hoursOutsideRange).toBe(1);
    expect(r.hoursCapacityLimited).toBe(1);
    expect(kwh(r.months[0]!.heatJ)).toBeCloseTo(5 + h2, 9);
    expect(r.months[1]!.heatJ).toBe(0);
    expect(r.checks.map((c) => c.code)).toEqual(['heating-only', 'outside-model-range', 'backup-heat']);
    for (const h of r.hours) expect(h.heatJ).toBeLessThanOrEqual(h.capacityJ);
  });

  it('flags a COP above the Carnot limit', () => {
    const magic: HeatPumpModel = { ...flat, at: () => ({ capacityW: 5000, powerW: 500, cop: 10 }) };
    // -10 degC to 35 degC: Carnot 308.15 / 45 = 6.85 < 10
    const r = estimateSeason({
      weather: weather([-10]),
      model: magic,
      type: 'air-to-water',
      ...building,
      sink: { designC: 35 },
    });
    expect(r.checks.some((c) => c.code === 'cop-above-carnot' && c.severity === 'error')).toBe(true);
  });

  it('ground source uses the brine temperature, not the air', () => {
    const seen: number[] = [];
    const spy: HeatPumpModel = { ...flat, at: (c) => (seen.push(c.sourceC), flat.at(c)) };
    estimateSeason({
      weather: weather([-10, 0]),
      model: spy,
      type: 'ground-source',
      ...building,
      sink: { designC: 35 },
      groundC: 4,
    });
    expect(seen).toEqual([4, 4]);
  });

  it('rejects a balance point at or below the design temperature', () => {
    expect(() =>
      estimateSeason({
        weather: weather([0]),
        model: flat,
        type: 'air-to-water',
        ...building,
        balanceC: -10,
        sink: { designC: 35 },
      }),
    ).toThrow(InputError);
  });
});

describe('energy a program counts from an estimate', () => {
  const totals = { loadJ: 12e9, heatJ: 10e9, elecJ: 3e9, backupJ: 2e9, spf: 10 / 3, renewableJ: 7e9 };
  it('gross heat, or heat - electricity when the program nets electricity; never the backup', () => {
    expect(countedEnergyJ(totals, { heating: true, cooling: false, netOfElectricity: false })).toEqual({
      energyJ: 10e9,
      checks: [],
    });
    expect(countedEnergyJ(totals, { heating: true, cooling: false, netOfElectricity: true }).energyJ).toBe(
      7e9,
    );
    expect(countedEnergyJ(totals, { heating: false, cooling: true, netOfElectricity: false }).energyJ).toBe(
      0,
    );
  });
  it('says what it assumed when the program is silent', () => {
    const r = countedEnergyJ(totals, { heating: null, cooling: null, netOfElectricity: null });
    expect(r.energyJ).toBe(10e9);
    expect(r.checks.map((c) => c.code)).toEqual([
      'cooling-not-estimated',
      'heating-count-unknown',
      'netting-unknown',
    ]);
  });
});
