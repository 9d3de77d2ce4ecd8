import { describe, expect, it } from 'vitest';
import {
  J_PER_BTU,
  laundryParams,
  mulberry32,
  SIM_WATER_CP_JKGK,
  SIM_WATER_DENSITY_KGM3,
  simulateLaundry,
  type LaundryMinute,
  type LaundrySummary,
} from '../../../src/core/index.ts';
import { sampleHeatJ } from '../../helpers/water-ashrae.ts';

const p = laundryParams();

interface Run {
  summary: LaundrySummary;
  rows: number;
  /** Heat integrated independently from the meter rows (ASHRAE water table, return-side flow sensor). */
  meterHeatJ: number;
  meterElecJ: number;
  last: LaundryMinute;
}

function run(days: number, seed: number, startDayOfYear = 1): Run {
  let rows = 0;
  let meterHeatJ = 0;
  let meterElecJ = 0;
  let last = {} as LaundryMinute;
  const total = days * 1440;
  const summary = simulateLaundry({ days, startDayOfYear, random: mulberry32(seed), params: p }, (r) => {
    // Each row holds for the minute that follows it; the final row is the end instant.
    if (r.minute < total) {
      meterHeatJ += sampleHeatJ(r.flowLpm, r.supplyC, r.returnC, 60);
      meterElecJ += r.elecKw * 1000 * 60;
    }
    rows++;
    last = { ...r };
  });
  return { summary, rows, meterHeatJ, meterElecJ, last };
}

describe('laundry simulation, 730 days with the documented defaults (seed 000 figures)', () => {
  const r = run(730, 1);
  const s = r.summary;
  const kwh = (j: number): number => j / 3.6e6;

  it('writes one row per minute plus the end instant: 730 x 1440 + 1 = 1,051,201', () => {
    expect(r.rows).toBe(1051201);
  });

  it('700,000-900,000 BTU of hot water per day on average', () => {
    const btuPerDay = s.heatJ / J_PER_BTU / 730;
    expect(btuPerDay).toBeGreaterThan(700000);
    expect(btuPerDay).toBeLessThan(900000);
  });

  it('COP above 4, and about $0.03 per kWh of heat at $0.12/kWh (cost = price x elec / heat)', () => {
    const cop = s.heatJ / s.elecJ;
    expect(cop).toBeGreaterThan(4);
    const costPerKwh = (0.12 * s.elecJ) / s.heatJ;
    expect(costPerKwh).toBeGreaterThan(0.025);
    expect(costPerKwh).toBeLessThan(0.035);
  });

  it('the warmer the room air, the higher the COP (every bin with at least 1 kWh/day of heat)', () => {
    const cops = s.copBins.filter((b) => kwh(b.heatJ) / 730 >= 1).map((b) => b.heatJ / b.elecJ);
    expect(cops.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < cops.length; i++) expect(cops[i]!).toBeGreaterThan(cops[i - 1]!);
  });

  it('cooling delivered to the room = heat to water - electricity; the room is cooler with the heat pump', () => {
    expect(s.coolingJ).toBeCloseTo(s.heatJ - s.elecJ, 0);
    expect(s.coolingJ).toBeGreaterThan(0);
    expect(s.meanRoomOpenC).toBeLessThan(s.meanRoomOpenWithoutHpC);
  });

  it('the meter rows integrated independently (ASHRAE water table) agree with the simulated heat within 0.5 %', () => {
    expect(r.meterHeatJ / s.heatJ).toBeGreaterThan(0.995);
    expect(r.meterHeatJ / s.heatJ).toBeLessThan(1.005);
    expect(r.meterElecJ / s.elecJ).toBeCloseTo(1, 9);
  });

  it('the tank conserves energy: heat in - standby loss - hot water drawn = change of stored heat', () => {
    const tankJK = (p.tankVolumeL / 1000) * SIM_WATER_DENSITY_KGM3 * SIM_WATER_CP_JKGK;
    const stored = (r.last.returnC - p.tankOffAtC) * tankJK;
    expect(s.heatJ - s.tankLossJ - s.hotWaterDrawnJ - stored).toBeCloseTo(0, -3); // within 1 kJ of 6e11 J
  });
});

describe('laundry simulation: determinism and seasons', () => {
  it('the same seed gives the same rows; another seed another history', () => {
    const rows = (seed: number): string[] => {
      const out: string[] = [];
      simulateLaundry({ days: 3, startDayOfYear: 150, random: mulberry32(seed), params: p }, (m) =>
        out.push(`${m.flowLpm},${m.supplyC},${m.returnC},${m.sourceC},${m.elecKw}`),
      );
      return out;
    };
    expect(rows(5)).toEqual(rows(5));
    expect(rows(6)).not.toEqual(rows(5));
  });

  it('a summer month has a higher COP than a winter month (warmer laundry air)', () => {
    const cop = (startDayOfYear: number): number => {
      const { summary } = run(30, 9, startDayOfYear);
      return summary.heatJ / summary.elecJ;
    };
    expect(cop(182)).toBeGreaterThan(cop(1));
  });

  it('refuses a non-whole number of days, naming the field', () => {
    expect(() =>
      simulateLaundry({ days: 1.5, startDayOfYear: 1, random: mulberry32(1), params: p }, () => {}),
    ).toThrow(/days/);
  });
});
