import { InputError } from '../errors.ts';
import { J_PER_BTU, J_PER_WH } from './constants.ts';

/**
 * Energy units. SI inside (joules); convert at the edges.
 * therm = 100,000 BTU(IT) and dekatherm = 10 therm = 1,000,000 BTU(IT), as used in North American gas and
 * thermal-certificate practice (M-RETS). Note: the U.S. legal therm of NIST SP 811 B.9 (105,480,400 J) is
 * based on the 59 degF BTU and is 0.024 % smaller; TREC uses the IT basis throughout for consistency.
 */
export const ENERGY_UNITS = {
  J: 1,
  kJ: 1e3,
  MJ: 1e6,
  GJ: 1e9,
  Wh: J_PER_WH,
  kWh: 1e3 * J_PER_WH,
  MWh: 1e6 * J_PER_WH,
  BTU: J_PER_BTU,
  kBTU: 1e3 * J_PER_BTU,
  MMBTU: 1e6 * J_PER_BTU,
  therm: 1e5 * J_PER_BTU,
  Dth: 1e6 * J_PER_BTU,
} as const satisfies Record<string, number>;

export type EnergyUnit = keyof typeof ENERGY_UNITS;

const ENERGY_ALIASES: Record<string, EnergyUnit> = {
  j: 'J',
  kj: 'kJ',
  mj: 'MJ',
  gj: 'GJ',
  wh: 'Wh',
  kwh: 'kWh',
  mwh: 'MWh',
  btu: 'BTU',
  kbtu: 'kBTU',
  mbtu: 'kBTU', // "MBtu" in US HVAC practice means thousand BTU
  mmbtu: 'MMBTU',
  therm: 'therm',
  therms: 'therm',
  dth: 'Dth',
  dekatherm: 'Dth',
  dekatherms: 'Dth',
};

export function parseEnergyUnit(text: string): EnergyUnit {
  const unit = ENERGY_ALIASES[text.trim().toLowerCase()];
  if (!unit)
    throw new InputError(`unknown energy unit; use one of ${Object.keys(ENERGY_UNITS).join(', ')}`, {
      value: text,
    });
  return unit;
}

export function energyToJ(value: number, unit: EnergyUnit): number {
  return value * ENERGY_UNITS[unit];
}

export function energyFromJ(joules: number, unit: EnergyUnit): number {
  return joules / ENERGY_UNITS[unit];
}

export function convertEnergy(value: number, from: EnergyUnit, to: EnergyUnit): number {
  return from === to ? value : energyFromJ(energyToJ(value, from), to);
}

export const kwhToJ = (kwh: number): number => kwh * ENERGY_UNITS.kWh;
export const jToKwh = (j: number): number => j / ENERGY_UNITS.kWh;
export const jToMwh = (j: number): number => j / ENERGY_UNITS.MWh;
export const btuToJ = (btu: number): number => btu * J_PER_BTU;
export const jToBtu = (j: number): number => j / J_PER_BTU;
