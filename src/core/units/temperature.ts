import { InputError } from '../errors.ts';
import { K_PER_DEGF, KELVIN_AT_0C } from './constants.ts';

/**
 * Temperatures (points on a scale) and temperature differences (intervals) are different quantities:
 * 10 degC is 50 degF, but a 10 K difference is 18 degF. SI inside: kelvin for both.
 * Sources: SI Brochure 9th ed. (K, degC); NIST SP 811 Appendix B.9 (degF).
 */
export type TemperatureUnit = 'C' | 'F' | 'K';

export function parseTemperatureUnit(text: string): TemperatureUnit {
  const t = text.trim().replace(/^°/, '').toUpperCase();
  if (t === 'C' || t === 'F' || t === 'K') return t;
  throw new InputError('unknown temperature unit; use C, F or K', { value: text });
}

export function temperatureToK(value: number, unit: TemperatureUnit): number {
  switch (unit) {
    case 'K':
      return value;
    case 'C':
      return value + KELVIN_AT_0C;
    case 'F':
      return (value - 32) * K_PER_DEGF + KELVIN_AT_0C;
  }
}

export function temperatureFromK(kelvin: number, unit: TemperatureUnit): number {
  switch (unit) {
    case 'K':
      return kelvin;
    case 'C':
      return kelvin - KELVIN_AT_0C;
    case 'F':
      return (kelvin - KELVIN_AT_0C) / K_PER_DEGF + 32;
  }
}

export function convertTemperature(value: number, from: TemperatureUnit, to: TemperatureUnit): number {
  if (from === to) return value;
  // C <-> F directly avoids adding and removing 273.15, which would cost precision near 0.
  if (from === 'F' && to === 'C') return (value - 32) * K_PER_DEGF;
  if (from === 'C' && to === 'F') return value / K_PER_DEGF + 32;
  return temperatureFromK(temperatureToK(value, from), to);
}

export const fToC = (f: number): number => convertTemperature(f, 'F', 'C');
export const cToF = (c: number): number => convertTemperature(c, 'C', 'F');
export const cToK = (c: number): number => c + KELVIN_AT_0C;
export const kToC = (k: number): number => k - KELVIN_AT_0C;

/** A temperature difference: 1 K = 1 degC interval = 9/5 degF interval. */
export function temperatureDifferenceToK(value: number, unit: TemperatureUnit): number {
  return unit === 'F' ? value * K_PER_DEGF : value;
}

export function temperatureDifferenceFromK(kelvin: number, unit: TemperatureUnit): number {
  return unit === 'F' ? kelvin / K_PER_DEGF : kelvin;
}
