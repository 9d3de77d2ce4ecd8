import { InputError } from '../errors.ts';
import { BTU_PER_H_PER_TON, J_PER_BTU } from './constants.ts';

/** Power units, SI inside (watts). BTU/h = J_PER_BTU / 3600 W; 1 ton = 12,000 BTU/h (see constants.ts). */
export const POWER_UNITS = {
  W: 1,
  kW: 1e3,
  MW: 1e6,
  'BTU/h': J_PER_BTU / 3600,
  'kBTU/h': (1e3 * J_PER_BTU) / 3600,
  ton: (BTU_PER_H_PER_TON * J_PER_BTU) / 3600,
} as const satisfies Record<string, number>;

export type PowerUnit = keyof typeof POWER_UNITS;

const POWER_ALIASES: Record<string, PowerUnit> = {
  w: 'W',
  kw: 'kW',
  mw: 'MW',
  'btu/h': 'BTU/h',
  'btu/hr': 'BTU/h',
  btuh: 'BTU/h',
  'kbtu/h': 'kBTU/h',
  mbh: 'kBTU/h', // MBH = thousand BTU per hour in US HVAC practice
  ton: 'ton',
  tons: 'ton',
  tr: 'ton',
};

export function parsePowerUnit(text: string): PowerUnit {
  const unit = POWER_ALIASES[text.trim().toLowerCase()];
  if (!unit)
    throw new InputError(`unknown power unit; use one of ${Object.keys(POWER_UNITS).join(', ')}`, {
      value: text,
    });
  return unit;
}

export function powerToW(value: number, unit: PowerUnit): number {
  return value * POWER_UNITS[unit];
}

export function powerFromW(watts: number, unit: PowerUnit): number {
  return watts / POWER_UNITS[unit];
}

export function convertPower(value: number, from: PowerUnit, to: PowerUnit): number {
  return from === to ? value : powerFromW(powerToW(value, from), to);
}

export const tonsToW = (tons: number): number => tons * POWER_UNITS.ton;
export const btuhToW = (btuh: number): number => btuh * POWER_UNITS['BTU/h'];
export const wToBtuh = (w: number): number => w / POWER_UNITS['BTU/h'];
