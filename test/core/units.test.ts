import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  convertEfficiency,
  convertEnergy,
  convertFlow,
  convertPower,
  convertTemperature,
  efficiencyIncompatibility,
  ENERGY_UNITS,
  FLOW_UNITS,
  POWER_UNITS,
  temperatureDifferenceFromK,
  temperatureDifferenceToK,
  type EnergyUnit,
  type FlowUnit,
  type PowerUnit,
  type TemperatureUnit,
} from '../../src/core/index.ts';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const finite = fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true });

function roundTrips<U extends string>(units: readonly U[], convert: (v: number, a: U, b: U) => number): void {
  fc.assert(
    fc.property(finite, fc.constantFrom(...units), fc.constantFrom(...units), (v, a, b) => {
      const back = convert(convert(v, a, b), b, a);
      return v === 0 ? Math.abs(back) < 1e-300 : rel(back, v) <= 1e-12;
    }),
    { numRuns: 2000 },
  );
}

describe('units: exact definitions (NIST SP 811 Appendix B)', () => {
  it('1 BTU(IT) = 1055.05585262 J = 4.1868 J/(g K) x 453.59237 g x 5/9 K', () => {
    expect(convertEnergy(1, 'BTU', 'J')).toBe(1055.05585262);
    expect(rel(4.1868 * 453.59237 * (5 / 9), 1055.05585262)).toBeLessThan(1e-15);
  });
  it('1 kWh = 3,600,000 J and 1 MWh = 3,412,141.63 BTU (3.6e9 / 1055.05585262)', () => {
    expect(convertEnergy(1, 'kWh', 'J')).toBe(3.6e6);
    expect(convertEnergy(1, 'MWh', 'BTU')).toBeCloseTo(3.6e9 / 1055.05585262, 6);
    expect(convertEnergy(1, 'MWh', 'BTU')).toBeCloseTo(3412141.63, 1);
  });
  it('1 dekatherm = 10 therm = 1 MMBTU = 1.05505585262 GJ', () => {
    expect(convertEnergy(1, 'Dth', 'therm')).toBeCloseTo(10, 12);
    expect(convertEnergy(1, 'Dth', 'MMBTU')).toBeCloseTo(1, 12);
    expect(convertEnergy(1, 'Dth', 'GJ')).toBeCloseTo(1.05505585262, 12);
  });
  it('1 ton = 12,000 BTU/h = 3.516852842 kW (12000 x 1055.05585262 / 3600 W)', () => {
    expect(convertPower(1, 'ton', 'BTU/h')).toBeCloseTo(12000, 9);
    expect(convertPower(1, 'ton', 'kW')).toBeCloseTo(3.516852842, 9);
  });
  it('temperatures: 104 F = 40 C = 313.15 K; -40 F = -40 C; differences: 9 F = 5 K', () => {
    expect(convertTemperature(104, 'F', 'C')).toBeCloseTo(40, 12);
    expect(convertTemperature(40, 'C', 'K')).toBeCloseTo(313.15, 12);
    expect(convertTemperature(-40, 'F', 'C')).toBeCloseTo(-40, 12);
    expect(temperatureDifferenceToK(9, 'F')).toBeCloseTo(5, 12);
    expect(temperatureDifferenceFromK(5, 'F')).toBeCloseTo(9, 12);
  });
  it('flow: 1 US gpm = 3.785411784 L/min; 20 L/min = 5.283441 gpm', () => {
    expect(convertFlow(1, 'gpm', 'L/min')).toBeCloseTo(3.785411784, 12);
    expect(convertFlow(20, 'L/min', 'gpm')).toBeCloseTo(20 / 3.785411784, 12);
    expect(convertFlow(1, 'm3/h', 'L/s')).toBeCloseTo(1 / 3.6, 12);
  });
});

describe('units: round trips are exact to 1e-12 relative (property)', () => {
  it('energy', () => roundTrips(Object.keys(ENERGY_UNITS) as EnergyUnit[], convertEnergy));
  it('power', () => roundTrips(Object.keys(POWER_UNITS) as PowerUnit[], convertPower));
  it('flow', () => roundTrips(Object.keys(FLOW_UNITS) as FlowUnit[], convertFlow));
  it('temperature (above absolute zero)', () => {
    const units: TemperatureUnit[] = ['C', 'F', 'K'];
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e4, noNaN: true }),
        fc.constantFrom(...units),
        fc.constantFrom(...units),
        (k, a, b) => {
          const v = convertTemperature(k, 'K', a);
          const back = convertTemperature(convertTemperature(v, a, b), b, a);
          // absolute tolerance scaled to the kelvin value: C and F values cross zero
          return Math.abs(back - v) <= 1e-12 * Math.max(k, Math.abs(v));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('units: efficiency metrics convert only like with like', () => {
  it('EER = cooling COP x 3.41214 BTU/Wh (AHRI 210/240 definition)', () => {
    expect(convertEfficiency(3, 'COP', 'EER')).toBeCloseTo(3 * (3600 / 1055.05585262), 12);
    expect(convertEfficiency(10.236, 'EER', 'COP')).toBeCloseTo(3, 3);
  });
  it('HSPF 8.2 BTU/Wh is a seasonal 2.40 W/W under the same procedure', () => {
    expect(convertEfficiency(8.2, 'HSPF', 'HSPF_WW')).toBeCloseTo(8.2 / 3.41214163, 6);
  });
  it('refuses SEER -> EER, HSPF -> SCOP, SCOP -> COP, HSPF -> SEER', () => {
    expect(() => convertEfficiency(16, 'SEER', 'EER')).toThrow(/one operating point|season/);
    expect(() => convertEfficiency(8, 'HSPF', 'SCOP')).toThrow(/EN 14825/);
    expect(efficiencyIncompatibility('SCOP', 'COP')).toMatch(/season/);
    expect(efficiencyIncompatibility('HSPF', 'SEER')).toMatch(/heating metric/);
  });
});
