import { describe, expect, it } from 'vitest';
import {
  FLOW_UNITS,
  FluidTable,
  fluidModel,
  parseFluidSpec,
  temperatureToK,
} from '../../../src/core/index.ts';
import { FLOW_CHANNELS, HOUR, KWH, MIN, T0, integrate, options, series } from './helpers.ts';

const water = fluidModel(parseFluidSpec('water'));

describe('issue 3 acceptance: one day of 1-minute samples', () => {
  it('20 L/min of water, supply 40 degC, return 35 degC, flow sensor on return: 166 kWh +-0.6 %', () => {
    // Hand calculation, properties from the ASHRAE water rows of
    // ../shared/reference/fluids/energyplus_glycol_ref_water_EG_PG.csv:
    //   rho(35 degC) = 994.2 kg/m3 (row "Water,density_kg_per_m3,0.0,35,994.2")
    //   cp(37.5 degC) = (4178 + 4179) / 2 = 4178.5 J/(kg K) (rows at 35 and 40 degC; midway)
    //   P = 20/60000 m3/s x 994.2 x 4178.5 x 5 K = 6923.8 W
    //   Q = 6923.8 W x 86400 s = 598.22 MJ = 166.17 kWh
    const hand = (20 / 60000) * 994.2 * 4178.5 * 5 * 86400;
    expect(hand / KWH).toBeCloseTo(166.17, 2);
    const rows = series(T0, T0 + 24 * HOUR, MIN, () => ({ flowM3s: 20 / 60000, supplyC: 40, returnC: 35 }));
    expect(rows).toHaveLength(1441);
    const r = integrate(options(FLOW_CHANNELS, { fluid: water, interval: 'day' }), rows);
    expect(r.intervals).toHaveLength(1);
    expect(Math.abs(r.total.heatJ / KWH / 166 - 1)).toBeLessThan(0.006);
    expect(r.total.heatJ / hand - 1).toBeCloseTo(0, 6);
  });

  it('the same day as 5.283 GPM, 104 degF / 95 degF gives the same energy within 0.6 %', () => {
    const c = (f: number) => temperatureToK(f, 'F') - 273.15;
    const rows = series(T0, T0 + 24 * HOUR, MIN, () => ({
      flowM3s: 5.283 * FLOW_UNITS.gpm,
      supplyC: c(104),
      returnC: c(95),
    }));
    const r = integrate(options(FLOW_CHANNELS, { fluid: water }), rows);
    expect(Math.abs(r.total.heatJ / KWH / 166 - 1)).toBeLessThan(0.006);
  });

  it('the property table adds less than 1e-5 relative error for water and both glycols', () => {
    for (const f of ['water', 'propylene-glycol:0.3', 'ethylene-glycol:0.25'])
      expect(new FluidTable(fluidModel(parseFluidSpec(f))).maxRelError).toBeLessThan(1e-5);
  });
});
