import { InvalidArgumentError, type Command } from 'commander';
import { POWER_UNITS } from '../core/index.ts';
import { parseNumber } from './context.ts';

/**
 * The range every numeric CLI option accepts, in the option's own unit, with why (docs/methods.md, "Input
 * ranges (CLI)"). A value outside is refused at parse time: commander names the option and the text as typed
 * (`option '--design-temp-c <degC>' argument '-300' is invalid. ...`), exit 2. Bounds are physical where
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
  '--tons': capacity('tons', 100 / TON_W, 1e9 / TON_W),
  '--capacity-kw': capacity('kW', 0.1, 1e6),
  '--capacity-btuh': capacity('BTU/h', 100 / BTUH_W, 1e9 / BTUH_W),
  '--design-load-kw': {
    min: 0.1,
    max: 1e6,
    unit: 'kW',
    why: 'a building heat loss of 0.1 kW to 1,000 MW (a sanity bound, as the capacity)',
  },
  // COP: above 1 by the first law; at most 20, the Carnot COP of a 15 K lift to 35 degC (308.15 / 15 = 20.5),
  // above any rated heating COP.
  '--cop': {
    min: 1,
    max: 20,
    minOpen: true,
    unit: 'W/W',
    why: 'a heating COP is above 1 (first law) and at most 20 (the Carnot COP of a 15 K lift to 35 degC is 20.5; no unit is rated above it)',
  },
  '--multiplier': {
    min: 0,
    max: 10,
    minOpen: true,
    unit: '',
    why: 'a program multiplier above 0 and at most 10 (twice the largest in any program read: 5)',
  },
  // Hours: a period of up to 10 leap years.
  '--hours': {
    min: 0,
    max: 87_840,
    minOpen: true,
    unit: 'h',
    why: 'a period above 0 h and at most 10 leap years (87,840 h)',
  },
  '--runtime-h': {
    min: 0,
    max: 87_840,
    minOpen: true,
    unit: 'h',
    why: 'runtime above 0 h and at most 10 leap years (87,840 h; and at most the period)',
  },
  '--full-load-hours': {
    min: 0,
    max: 87_840,
    minOpen: true,
    unit: 'h',
    why: 'full-load hours above 0 and at most 10 leap years (87,840 h; and at most the period)',
  },
  '--load-fraction': {
    min: 0,
    max: 1,
    minOpen: true,
    unit: '',
    why: 'part-load capacity over rated capacity: above 0, at most 1',
  },
  // Temperatures.
  '--source-c': {
    min: -89.2,
    max: 200,
    unit: 'degC',
    why: 'a heat source from the coldest air recorded on Earth (-89.2 degC, WMO) to 200 degC (above any high-temperature heat pump)',
  },
  '--sink-c': {
    min: -89.2,
    max: 200,
    unit: 'degC',
    why: 'a heat sink from the coldest air recorded on Earth (-89.2 degC, WMO) to 200 degC (above any high-temperature heat pump)',
  },
  '--design-temp-c': outdoor('outdoor design temperature'),
  '--balance-c': outdoor('balance-point outdoor temperature'),
  '--water-c': water('leaving water'),
  '--water-at-balance-c': water('leaving water'),
  '--indoor-c': {
    min: 0,
    max: 40,
    unit: 'degC',
    why: 'indoor air of a heated room, 0 to 40 degC (a sanity bound)',
  },
  '--ground-c': {
    min: -30,
    max: 50,
    unit: 'degC',
    why: 'brine from -30 to 50 degC (a sanity bound: ground loops run near the annual mean air temperature, -20 to 30 degC where people live)',
  },
  // Evaluation.
  '--formula-mwh': {
    min: 0,
    max: 1e9,
    tiny: 1e-6,
    unit: 'certificates/year',
    why: 'at most 1e9 a year (1 GW x 8,784 h x COP 20 x multiplier 10 = 1.8e9 MWh is the most the formula can give; a sanity bound), and 0 or at least 1e-6',
  },
  '--metered-mwh': {
    min: 0,
    max: 1e7,
    tiny: 1e-6,
    unit: 'MWh/year',
    why: 'at most 1e7 MWh a year (1 GW all 8,784 h of a leap year is 8.8e6 MWh), and 0 or at least 1e-6 (1 Wh)',
  },
  '--certificate-price': {
    min: 0,
    max: 10_000,
    unit: 'USD',
    why: 'a certificate (1 MWh or 1 Dth of heat) priced 0 to $10,000 (a sanity bound, far above any market)',
  },
  '--meter-cost-low': {
    min: 0,
    max: 1e7,
    unit: 'USD',
    why: 'a meter cost of 0 to $10 million (a sanity bound)',
  },
  '--meter-cost-high': {
    min: 0,
    max: 1e7,
    unit: 'USD',
    why: 'a meter cost of 0 to $10 million (a sanity bound)',
  },
  '--meter-cost': { min: 0, max: 1e7, unit: 'USD', why: 'a meter cost of 0 to $10 million (a sanity bound)' },
  '--upkeep': {
    min: 0,
    max: 1e6,
    unit: 'USD/year',
    why: 'upkeep of 0 to $1 million a year (a sanity bound)',
  },
  '--discount-rate': {
    min: -0.1,
    max: 1,
    unit: '1/year',
    why: 'a fraction a year from -0.1 to 1 (0.05 = 5 %; 5 would be 500 %)',
  },
  '--years': {
    min: 1,
    max: 100,
    integer: true,
    unit: 'years',
    why: 'a whole number of years, 1 to 100',
  },
  // Fluids (the tables decide the valid temperature; these only keep the number physical).
  '--mass-fraction': {
    min: 0,
    max: 1,
    unit: '',
    why: 'a mass fraction, 0 to 1 (0.3 = 30 %)',
  },
  '--temp-c': {
    min: -273.15,
    max: 1000,
    minOpen: true,
    unit: 'degC',
    why: 'above absolute zero (-273.15 degC) and at most 1,000 degC; the fluid tables then give the valid range',
  },
  // The laundry simulation.
  '--days': {
    min: 1,
    max: 3660,
    integer: true,
    unit: 'days',
    why: 'a whole number of days, 1 to 3,660 (10 years of 1-minute rows)',
  },
  '--seed': {
    min: 0,
    max: 2 ** 32 - 1,
    integer: true,
    unit: '',
    why: 'a whole number 0 to 4,294,967,295 (the generator keeps 32 bits: larger seeds would repeat)',
  },
  '--electricity-price': {
    min: 0,
    max: 100,
    unit: 'USD/kWh',
    why: 'an electricity price of 0 to $100 per kWh (a sanity bound)',
  },
} satisfies Record<string, Range>;

export type RangedOption = keyof typeof RANGES;

/** A bound for people: whole numbers exactly, others to 6 significant digits (the check uses the exact bound). */
const shownBound = (x: number): string =>
  x.toLocaleString('en-US', Number.isInteger(x) ? {} : { maximumSignificantDigits: 6 });

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

/**
 * commander argument parser for `option`: a decimal number (parseNumber) inside RANGES[option]. commander
 * prints the option and the text as typed before the reason.
 */
export function ranged(option: RangedOption): RangedParser {
  const r: Range = RANGES[option];
  const parse = (text: string) => {
    const value = parseNumber(text);
    if (!inRange(r, value)) throw new InvalidArgumentError(`expected ${describeRange(r)}: ${r.why}.`);
    return value;
  };
  return Object.assign(parse, { range: r });
}

export type RangedParser = ((text: string) => number) & { range: Range };

/** Appends each ranged option's range to its --help line, so the help says what is accepted. */
export function helpWithRanges(cmd: Command): Command {
  for (const option of cmd.options) {
    const range = (option.parseArg as Partial<RangedParser> | undefined)?.range;
    if (range) option.description = `${option.description} [${describeRange(range)}]`;
  }
  return cmd;
}
