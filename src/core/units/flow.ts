import { InputError } from '../errors.ts';
import { L_PER_US_GAL } from './constants.ts';

/** Volume flow units, SI inside (m3/s). 1 US gal = 3.785411784 L exactly (see constants.ts). */
export const FLOW_UNITS = {
  'm3/s': 1,
  'L/s': 1e-3,
  'L/min': 1e-3 / 60,
  'm3/h': 1 / 3600,
  gpm: (L_PER_US_GAL * 1e-3) / 60,
} as const satisfies Record<string, number>;

export type FlowUnit = keyof typeof FLOW_UNITS;

const FLOW_ALIASES: Record<string, FlowUnit> = {
  'm3/s': 'm3/s',
  'l/s': 'L/s',
  ls: 'L/s',
  'l/min': 'L/min',
  lpm: 'L/min',
  'm3/h': 'm3/h',
  m3h: 'm3/h',
  gpm: 'gpm',
  'gal/min': 'gpm',
};

export function parseFlowUnit(text: string): FlowUnit {
  const unit = FLOW_ALIASES[text.trim().toLowerCase()];
  if (!unit)
    throw new InputError(`unknown flow unit; use one of ${Object.keys(FLOW_UNITS).join(', ')}`, {
      value: text,
    });
  return unit;
}

export function flowToM3s(value: number, unit: FlowUnit): number {
  return value * FLOW_UNITS[unit];
}

export function flowFromM3s(m3s: number, unit: FlowUnit): number {
  return m3s / FLOW_UNITS[unit];
}

export function convertFlow(value: number, from: FlowUnit, to: FlowUnit): number {
  return from === to ? value : flowFromM3s(flowToM3s(value, from), to);
}
