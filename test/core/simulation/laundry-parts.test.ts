import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  extraterrestrialHorizontalWm2,
  heatPumpCapacityW,
  heatPumpCop,
  LAUNDRY_DEFAULTS,
  laundryParams,
  mainsWaterC,
  mapPoint,
  outdoorC,
} from '../../../src/core/index.ts';
import { findMap, loadReferenceMaps } from '../../../src/ingest/performance-maps.ts';
import { loadSite } from '../../../src/ingest/weather.ts';

const p = laundryParams();

describe('laundry surroundings', () => {
  it('outdoor air: mean + both amplitudes on the warmest day at the warmest hour, minus both half a year later', () => {
    expect(outdoorC(p, 200, 15)).toBeCloseTo(13.2 + 12.5 + 5, 10);
    expect(outdoorC(p, 200 + 365.25 / 2, 3)).toBeCloseTo(13.2 - 12.5 - 5, 10);
  });

  it('mains water (Burch and Christensen 2007), hand calculation for the default climate', () => {
    // Tavg = 13.2 degC = 13.2 x 1.8 + 32 = 55.76 degF; dTmax = 25.9 K x 1.8 = 46.62 degF
    // ratio = 0.4 + 0.01 x (55.76 - 44) = 0.5176; lag = 35 - (55.76 - 44) = 23.24 days
    // sine term 0 where 0.986 (doy - 15 - 23.24) = 90, i.e. doy = 38.24 + 91.2779 = 129.5179:
    //   T = 55.76 + 6 = 61.76 degF = (61.76 - 32) / 1.8 = 16.5333 degC
    expect(mainsWaterC(13.2, 25.9, 38.24 + 90 / 0.986)).toBeCloseTo(16.5333, 3);
    // sine term +1 at doy = 129.5179 + 90 / 0.986: T = 61.76 + 0.5176 x 23.31 = 73.8253 degF = 23.2363 degC
    expect(mainsWaterC(13.2, 25.9, 38.24 + 180 / 0.986)).toBeCloseTo(23.2363, 3);
  });

  it('extraterrestrial horizontal irradiance: 0 at midnight; at the March equinox noon G0 = 1367 (1 + 0.033 cos(360 x 81/365)) cos(lat)', () => {
    // doy 81: declination 23.45 sin(360 (284 + 81) / 365) = 23.45 sin(360) = 0, so sin(elevation) = cos(39.17 deg)
    // = 0.775310; 1 + 0.033 cos(79.890 deg) = 1.005793; 1367 x 1.005793 x 0.775310 = 1065.97 W/m2
    expect(extraterrestrialHorizontalWm2(39.17, 81, 12)).toBeCloseTo(1065.97, 1);
    expect(extraterrestrialHorizontalWm2(39.17, 81, 0)).toBe(0);
  });

  it('the climate defaults are those of the Baltimore TMY3 file they cite', () => {
    const temps = loadSite('baltimore').hours.map((h) => h.dryBulbC);
    expect(temps).toHaveLength(8760);
    const mean = temps.reduce((a, b) => a + b, 0) / 8760;
    expect(mean).toBeCloseTo(LAUNDRY_DEFAULTS.outdoorMeanC.value, 1);
    const days = Array.from({ length: 365 }, (_, d) => temps.slice(d * 24, d * 24 + 24));
    const dailyMeans = days.map((d) => d.reduce((a, b) => a + b, 0) / 24);
    const range = days.reduce((a, d) => a + Math.max(...d) - Math.min(...d), 0) / 365;
    expect(range / 2).toBeCloseTo(LAUNDRY_DEFAULTS.outdoorDailyAmplitudeK.value, 1);
    // First harmonic of the daily means (day index d = doy - 1).
    let c = 0;
    let s = 0;
    dailyMeans.forEach((t, d) => {
      c += (t * Math.cos((2 * Math.PI * d) / 365) * 2) / 365;
      s += (t * Math.sin((2 * Math.PI * d) / 365) * 2) / 365;
    });
    expect(Math.hypot(c, s)).toBeCloseTo(LAUNDRY_DEFAULTS.outdoorAnnualAmplitudeK.value, 1);
    const warmestDoy = (((Math.atan2(s, c) / (2 * Math.PI)) * 365 + 365) % 365) + 1;
    expect(Math.abs(warmestDoy - LAUNDRY_DEFAULTS.warmestDayOfYear.value)).toBeLessThan(1);
  });
});

describe('laundry heat pump', () => {
  it('COP by hand: 0.57 x Carnot between 60 + 5 = 65 degC and 27 - 8 = 19 degC = 0.57 x 338.15 / 46 = 4.1901', () => {
    expect(heatPumpCop(p, 27, 60)).toBeCloseTo((0.57 * 338.15) / 46, 10);
    expect(heatPumpCop(p, 27, 60)).toBeCloseTo(4.1901, 4);
  });
  it('capacity by hand: 22 kW x (1 + 0.0173 x (37 - 27) - 0.0022 x (60 - 55)) = 22 kW x 1.162 = 25,564 W', () => {
    expect(heatPumpCapacityW(p, 37, 60)).toBeCloseTo(25564, 6);
  });
  it('COP within 12 % of the AixLib AverageAirToWaterResidential map (45-60 degC water, 7-37 degC air)', () => {
    const map = findMap(loadReferenceMaps(), 'AverageAirToWaterResidential');
    for (const sinkC of [45, 55, 60])
      for (const sourceC of [7, 12, 17, 22, 27, 32, 37]) {
        const ratio = heatPumpCop(p, sourceC, sinkC) / mapPoint(map, sourceC, sinkC).cop;
        expect(Math.abs(ratio - 1), `${sourceC} -> ${sinkC} degC`).toBeLessThan(0.12);
      }
  });
  it('capacity slopes reproduce the map at 55 degC water (relative to 27 degC air) within 4 % (a line through the end points of a slightly curved map)', () => {
    const map = findMap(loadReferenceMaps(), 'AverageAirToWaterResidential');
    const rated = mapPoint(map, 27, 55).capacityW;
    for (const sourceC of [12, 17, 22, 32, 37]) {
      const model = heatPumpCapacityW(p, sourceC, 55) / p.hpRatedHeatW;
      expect(Math.abs(model / (mapPoint(map, sourceC, 55).capacityW / rated) - 1)).toBeLessThan(0.04);
    }
  });
  it('parameters: every default has a unit and a reason; nonsense is refused with the field named', () => {
    for (const doc of Object.values(LAUNDRY_DEFAULTS)) {
      expect(doc.unit).not.toBe('');
      expect(doc.reason.length).toBeGreaterThan(10);
    }
    expect(() => laundryParams({ tankOnBelowC: 60 })).toThrow(/tankOnBelowC/);
    expect(() => laundryParams({ carnotFraction: 1.2 })).toThrow(/carnotFraction/);
  });
});

describe('docs/methods.md', () => {
  it('lists every laundry parameter with its default value', () => {
    const text = readFileSync(new URL('../../../docs/methods.md', import.meta.url), 'utf8');
    const section = text.slice(
      text.indexOf('## The laundry waste-heat simulation'),
      text.indexOf('## Formula or meter?'),
    );
    for (const [name, doc] of Object.entries(LAUNDRY_DEFAULTS))
      expect(section, name).toContain(`| \`${name}\` | ${doc.value} | ${doc.unit} |`);
  });
});
