import { z } from 'zod';
import { plainNumber, POWER_UNITS } from '../core/index.ts';

/**
 * The range every numeric input of a use case accepts, in the input's own unit, with why (docs/methods.md, "Input
 * ranges (CLI)"). A value outside is refused by the use case's schema (an InputError at the field's path) and, in the CLI, already
 * when the option is parsed (commander names the option and the text as typed), exit 2. Bounds are physical where
 * physics gives one (absolute zero, the coldest and warmest air recorded on Earth, liquid water) and sanity
 * bounds elsewhere, chosen well beyond any real heat pump so that no computation downstream overflows to
 * Infinity or NaN (the largest product, the NPV, stays below 1e20).
 */
export interface Range {
  min: number;
  max: number;
  /** The bound itself is refused (a strict inequality). */
  minOpen?: boolean;
  maxOpen?: boolean;
  integer?: boolean;
  /** A nonzero value smaller than this in size is refused (below any meter's resolution). */
  tiny?: number;
  /** Unit of the option, as the help text gives it ('' for a pure number). */
  unit: string;
  /** Why these bounds (one line, printed in the refusal). */
  why: string;
}

/** WMO World Weather and Climate Extremes Archive: lowest -89.2 degC (Vostok, 21 July 1983), highest 56.7 degC (Furnace Creek, 10 July 1913). */
export const OUTDOOR_AIR_C = { min: -89.2, max: 56.7 };

const outdoor = (what: string): Range => ({
  ...OUTDOOR_AIR_C,
  unit: 'degC',
  why: `${what}: between the coldest (-89.2 degC, Vostok 1983) and warmest (56.7 degC, Death Valley 1913) air recorded on Earth (WMO)`,
});
const water = (what: string): Range => ({
  min: 0,
  max: 100,
  unit: 'degC',
  why: `${what}: liquid water at atmospheric pressure, 0 to 100 degC`,
});
const capacity = (unit: string, min: number, max: number): Range => ({
  min,
  max,
  unit,
  why: 'a heat pump of 0.1 kW to 1,000 MW (a sanity bound: the largest district-heating heat-pump plants are a few hundred MW)',
});

const TON_W = POWER_UNITS.ton;
const BTUH_W = POWER_UNITS['BTU/h'];

export const RANGES = {
  // Capacity and load: 0.1 kW to 1 GW.
  tons: capacity('tons', 100 / TON_W, 1e9 / TON_W),
  capacityKw: capacity('kW', 0.1, 1e6),
  capacityBtuh: capacity('BTU/h', 100 / BTUH_W, 1e9 / BTUH_W),
  designLoadKw: {
    min: 0.1,
    max: 1e6,
    unit: 'kW',
    why: 'a building heat loss of 0.1 kW to 1,000 MW (a sanity bound, as the capacity)',
  },
  // COP: above 1 by the first law; at most 20, the Carnot COP of a 15 K lift to 35 degC (308.15 / 15 = 20.5),
  // above any rated heating COP.
  cop: {
    min: 1,
    max: 20,
    minOpen: true,
    unit: 'W/W',
    why: 'a heating COP is above 1 (first law) and at most 20 (the Carnot COP of a 15 K lift to 35 degC is 20.5; no unit is rated above it)',
  },
  multiplier: {
    min: 0,
    max: 10,
    minOpen: true,
    unit: '',
    why: 'a program multiplier above 0 and at most 10 (twice the largest in any program read: 5)',
  },
  // Hours: a period of up to 10 leap years.
  hours: {
    min: 0,
    max: 87_840,
    minOpen: true,
    unit: 'h',
    why: 'a period above 0 h and at most 10 leap years (87,840 h)',
  },
  runtimeH: {
    min: 0,
    max: 87_840,
    minOpen: true,
    unit: 'h',
    why: 'runtime above 0 h and at most 10 leap years (87,840 h; and at most the period)',
  },
  fullLoadHours: {
    min: 0,
    max: 87_840,
    minOpen: true,
    unit: 'h',
    why: 'full-load hours above 0 and at most 10 leap years (87,840 h; and at most the period)',
  },
  loadFraction: {
    min: 0,
    max: 1,
    minOpen: true,
    unit: '',
    why: 'part-load capacity over rated capacity: above 0, at most 1',
  },
  // Temperatures.
  sourceC: {
    min: -89.2,
    max: 200,
    unit: 'degC',
    why: 'a heat source from the coldest air recorded on Earth (-89.2 degC, WMO) to 200 degC (above any high-temperature heat pump)',
  },
  sinkC: {
    min: -89.2,
    max: 200,
    unit: 'degC',
    why: 'a heat sink from the coldest air recorded on Earth (-89.2 degC, WMO) to 200 degC (above any high-temperature heat pump)',
  },
  designTempC: outdoor('outdoor design temperature'),
  balanceC: outdoor('balance-point outdoor temperature'),
  waterC: water('leaving water'),
  waterAtBalanceC: water('leaving water'),
  indoorC: {
    min: 0,
    max: 40,
    unit: 'degC',
    why: 'indoor air of a heated room, 0 to 40 degC (a sanity bound)',
  },
  groundC: {
    min: -30,
    max: 50,
    unit: 'degC',
    why: 'brine from -30 to 50 degC (a sanity bound: ground loops run near the annual mean air temperature, -20 to 30 degC where people live)',
  },
  // Evaluation.
  formulaMwh: {
    min: 0,
    max: 1e9,
    tiny: 1e-6,
    unit: 'certificates/year',
    why: 'at most 1e9 a year (1 GW x 8,784 h x COP 20 x multiplier 10 = 1.8e9 MWh is the most the formula can give; a sanity bound), and 0 or at least 1e-6',
  },
  meteredMwh: {
    min: 0,
    max: 1e7,
    tiny: 1e-6,
    unit: 'MWh/year',
    why: 'at most 1e7 MWh a year (1 GW all 8,784 h of a leap year is 8.8e6 MWh), and 0 or at least 1e-6 (1 Wh)',
  },
  certificatePrice: {
    min: 0,
    max: 10_000,
    unit: 'USD',
    why: 'a certificate (1 MWh or 1 Dth of heat) priced 0 to $10,000 (a sanity bound, far above any market)',
  },
  meterCostLow: {
    min: 0,
    max: 1e7,
    unit: 'USD',
    why: 'a meter cost of 0 to $10 million (a sanity bound)',
  },
  meterCostHigh: {
    min: 0,
    max: 1e7,
    unit: 'USD',
    why: 'a meter cost of 0 to $10 million (a sanity bound)',
  },
  meterCost: { min: 0, max: 1e7, unit: 'USD', why: 'a meter cost of 0 to $10 million (a sanity bound)' },
  upkeep: {
    min: 0,
    max: 1e6,
    unit: 'USD/year',
    why: 'upkeep of 0 to $1 million a year (a sanity bound)',
  },
  discountRate: {
    min: -0.1,
    max: 1,
    unit: '1/year',
    why: 'a fraction a year from -0.1 to 1 (0.05 = 5 %; 5 would be 500 %)',
  },
  years: {
    min: 1,
    max: 100,
    integer: true,
    unit: 'years',
    why: 'a whole number of years, 1 to 100',
  },
  // Fluids (the tables decide the valid temperature; these only keep the number physical).
  massFraction: {
    min: 0,
    max: 1,
    unit: '',
    why: 'a mass fraction, 0 to 1 (0.3 = 30 %)',
  },
  tempC: {
    min: -273.15,
    max: 1000,
    minOpen: true,
    unit: 'degC',
    why: 'above absolute zero (-273.15 degC) and at most 1,000 degC; the fluid tables then give the valid range',
  },
  // The laundry simulation.
  days: {
    min: 1,
    max: 3660,
    integer: true,
    unit: 'days',
    why: 'a whole number of days, 1 to 3,660 (10 years of 1-minute rows)',
  },
  seed: {
    min: 0,
    max: 2 ** 32 - 1,
    integer: true,
    unit: '',
    why: 'a whole number 0 to 4,294,967,295 (the generator keeps 32 bits: larger seeds would repeat)',
  },
  electricityPrice: {
    min: 0,
    max: 100,
    unit: 'USD/kWh',
    why: 'an electricity price of 0 to $100 per kWh (a sanity bound)',
  },
} satisfies Record<string, Range>;

export type RangedInput = keyof typeof RANGES;

/** A bound for people: whole numbers exactly, others to 6 significant digits (the check uses the exact bound). */
const shownBound = (x: number): string => plainNumber(x, 6);

/** "from -89.2 to 56.7 degC", with "above"/"below" for open bounds. */
export function describeRange(r: Range): string {
  const unit = r.unit ? ` ${r.unit}` : '';
  const lo = `${r.minOpen ? 'above' : 'from'} ${shownBound(r.min)}`;
  const hi = `${r.maxOpen ? 'below' : r.minOpen ? 'and at most' : 'to'} ${shownBound(r.max)}`;
  return `${r.integer ? 'a whole number ' : ''}${lo} ${hi}${unit}`;
}

/** The value is inside the range (not NaN). */
export function inRange(r: Range, value: number): boolean {
  if (!(value >= r.min && value <= r.max)) return false;
  if (r.minOpen && value === r.min) return false;
  if (r.maxOpen && value === r.max) return false;
  if (r.tiny !== undefined && value !== 0 && Math.abs(value) < r.tiny) return false;
  return !r.integer || Number.isInteger(value);
}

/** Why a value is refused: "expected from -89.2 to 56.7 degC: outdoor design temperature: ...". */
export const rangeMessage = (r: Range): string => `expected ${describeRange(r)}: ${r.why}.`;

/** The zod schema of a ranged numeric input: a finite number inside RANGES[key]. */
export function rangedNumber(key: RangedInput) {
  const r: Range = RANGES[key];
  return z
    .number({ error: 'expected a number' })
    .refine((value) => inRange(r, value), { error: rangeMessage(r) })
    .meta({ description: describeRange(r) });
}
