import { z } from 'zod';
import {
  isOk,
  jToBtu,
  jToKwh,
  LAUNDRY_DEFAULTS,
  laundryParams,
  mulberry32,
  simulateLaundry,
  type Check,
  type LaundryParamName,
  type LaundryParams,
  type LaundrySummary,
} from '../core/index.ts';
import { relocated } from './errors.ts';
import { rangedNumber, type Range } from './ranges.ts';
import { defineUseCase } from './use-case.ts';

const MS_PER_DAY = 86_400_000;
const METHODS = 'docs/methods.md, "The laundry waste-heat simulation"';

const HEAT_PUMP_MODEL =
  'COP = carnot_fraction x Carnot COP between condensing (leaving water + condenser approach) and evaporating ' +
  '(room air - evaporator approach) temperatures; capacity linear in air and water temperature (AixLib map slopes)';

/** `2024-01-01` -> its UTC-midnight epoch ms (the calendar date, before any offset); undefined if not a date. */
export function calendarDateMs(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  return m && new Date(ms).toISOString().slice(0, 10) === text.trim() ? ms : undefined;
}

/** `-05:00` / `+01:00` / `Z` -> offset in minutes; undefined if not an offset. */
export function utcOffsetMinutes(text: string): number | undefined {
  if (text.trim() === 'Z') return 0;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** 1-based day of the year of a calendar date given as UTC-midnight ms. */
export function dayOfYear(dateMs: number): number {
  const year = new Date(dateMs).getUTCFullYear();
  return Math.round((dateMs - Date.UTC(year, 0, 1)) / MS_PER_DAY) + 1;
}

/** A value the schema has already checked (a defect if it is missing). */
function checked<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('a value the input schema checked is missing');
  return value;
}

const isParam = (name: string): name is LaundryParamName => name in LAUNDRY_DEFAULTS;

/**
 * The sanity range of an overridden parameter (docs/methods.md, "Input ranges (CLI)"): a temperature between
 * the coldest air recorded on Earth (-89.2 degC, WMO) and 200 degC; anything else within 1,000 times its
 * default's size (at least 1,000) and of the default's sign, so the simulation never overflows.
 */
export function laundryParamRange(name: LaundryParamName): Range {
  const { value, unit } = LAUNDRY_DEFAULTS[name];
  if (unit === 'degC') return { min: -89.2, max: 200, unit, why: 'a temperature from -89.2 to 200 degC' };
  const size = 1000 * Math.max(Math.abs(value), 1);
  return {
    min: value < 0 ? -size : 0,
    max: value < 0 ? 0 : size,
    unit,
    why: `within 1,000 times the default ${value} ${unit}`,
  };
}

/** Why an override is refused (unknown name, outside its range), or undefined when it is accepted. */
export function laundryOverrideProblem(name: string, value: number): string | undefined {
  if (!isParam(name)) return `unknown parameter; known: ${Object.keys(LAUNDRY_DEFAULTS).join(', ')}`;
  const r = laundryParamRange(name);
  if (!(value >= r.min && value <= r.max)) return `must be from ${r.min} to ${r.max} ${r.unit} (${r.why})`;
  return undefined;
}

export const simulateInput = z
  .object({
    days: rangedNumber('days'),
    out: z.string().min(1).meta({ description: 'the meter CSV file to write' }),
    seed: rangedNumber('seed').meta({ description: 'seed of the random weather and laundry use' }),
    start: z
      .string()
      .refine((text) => calendarDateMs(text) !== undefined, { error: 'expected a calendar date YYYY-MM-DD' })
      .meta({ description: 'first day, YYYY-MM-DD (local date)' }),
    utcOffset: z
      .string()
      .refine((text) => utcOffsetMinutes(text) !== undefined, {
        error: 'expected a UTC offset such as -05:00, +01:00 or Z',
      })
      .meta({ description: 'fixed UTC offset of the timestamps (standard time all year)' }),
    electricityPrice: rangedNumber('electricityPrice'),
    set: z
      .record(z.string(), z.number({ error: 'expected a number' }))
      .superRefine((set, ctx) => {
        for (const [name, value] of Object.entries(set)) {
          const problem = laundryOverrideProblem(name, value);
          if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
        }
      })
      .optional()
      .meta({
        description: 'parameters overridden, by name (each default with its unit and reason in the result)',
      }),
  })
  .strict();

export type SimulateInput = z.input<typeof simulateInput>;

export interface SimulateResult {
  /** The meter file written, and its rows. */
  file: string;
  rows: number;
  start: string;
  seed: number;
  electricityPriceUsdPerKwh: number;
  /** Heat over electricity; null when the heat pump never ran (0 / 0). */
  cop: number | null;
  summary: LaundrySummary;
  params: LaundryParams;
  checks: Check[];
}

/**
 * The laundry waste-heat simulation: minute rows written as they come to a meter file (the meterOutput port,
 * so memory stays constant), the summary returned.
 */
export const simulateUseCase = defineUseCase({
  name: 'simulate',
  summary: 'The laundry waste-heat simulation: a 1-minute meter file and its heat, COP and cost of heat',
  input: simulateInput,
  defaults: {
    seed: { value: 1, source: `TREC convention: seed 1, the seed of the documented result (${METHODS})` },
    start: {
      value: '2024-01-01',
      source: `TREC convention: the first day of the documented result (${METHODS})`,
    },
    utcOffset: {
      value: '-05:00',
      source: 'US Eastern Standard Time, all year: the climate is Baltimore-Washington Intl (TMY3)',
    },
    electricityPrice: {
      value: 0.12,
      source: `assumption: the electricity price of the documented result, $0.12/kWh (${METHODS})`,
    },
  },
  run(i, { ports }): SimulateResult {
    const overrides: Partial<LaundryParams> = {};
    for (const [name, value] of Object.entries(i.set ?? {})) if (isParam(name)) overrides[name] = value;
    const paths = Object.fromEntries(Object.keys(LAUNDRY_DEFAULTS).map((n) => [n, ['set', n]]));
    const params = relocated(paths, () => laundryParams(overrides));
    const startMs = checked(calendarDateMs(i.start));
    const offsetMinutes = checked(utcOffsetMinutes(i.utcOffset));
    // The file is opened at the edge (the meterOutput port); an unwritable path is an error at `out`.
    const sink = relocated({ path: ['out'] }, () => ports.meterOutput.create(i.out, startMs, offsetMinutes));
    let summary: LaundrySummary;
    try {
      const input = { days: i.days, startDayOfYear: dayOfYear(startMs), random: mulberry32(i.seed), params };
      summary = simulateLaundry(input, (row) => sink.add(row));
    } finally {
      sink.close();
    }
    return {
      file: i.out,
      rows: sink.rows,
      start: i.start,
      seed: i.seed,
      electricityPriceUsdPerKwh: i.electricityPrice,
      cop: summary.elecJ > 0 && summary.heatJ > 0 ? summary.heatJ / summary.elecJ : null,
      summary,
      params,
      checks: summary.checks,
    };
  },
  present: (r) => {
    const s = r.summary;
    const names = Object.keys(LAUNDRY_DEFAULTS).filter(isParam);
    return {
      file: r.file,
      rows: r.rows,
      days: s.days,
      start: r.start,
      seed: r.seed,
      heat_kwh: jToKwh(s.heatJ),
      mean_daily_heat_kwh: jToKwh(s.heatJ) / s.days,
      mean_daily_heat_btu: jToBtu(s.heatJ) / s.days,
      elec_kwh: jToKwh(s.elecJ),
      cop: r.cop,
      electricity_price_usd_per_kwh: r.electricityPriceUsdPerKwh,
      cost_per_kwh_heat_usd: r.cop === null ? null : r.electricityPriceUsdPerKwh / r.cop,
      cooling_kwh: jToKwh(s.coolingJ),
      mean_daily_cooling_kwh: jToKwh(s.coolingJ) / s.days,
      space_heating_kwh: jToKwh(s.spaceHeatingJ),
      space_heating_without_heat_pump_kwh: jToKwh(s.spaceHeatingWithoutHpJ),
      hot_water_l_per_day: s.hotWaterDrawnL / s.days,
      tank_loss_kwh: jToKwh(s.tankLossJ),
      run_hours_per_day: s.runMinutes / 60 / s.days,
      lockout_hours: s.lockoutMinutes / 60,
      mean_room_open_c: s.meanRoomOpenC,
      mean_room_open_without_heat_pump_c: s.meanRoomOpenWithoutHpC,
      max_room_c: s.maxRoomC,
      min_tank_c: s.minTankC,
      mean_outdoor_c: s.meanOutdoorC,
      cop_by_room_air: s.copBins.map((b) => ({
        from_c: b.fromC,
        to_c: b.toC,
        heat_kwh: jToKwh(b.heatJ),
        cop: b.elecJ > 0 ? b.heatJ / b.elecJ : null,
      })),
      heat_pump_model: HEAT_PUMP_MODEL,
      parameters: Object.fromEntries(
        names.map((n) => [
          n,
          {
            value: r.params[n],
            unit: LAUNDRY_DEFAULTS[n].unit,
            reason: LAUNDRY_DEFAULTS[n].reason,
            default: r.params[n] === LAUNDRY_DEFAULTS[n].value,
          },
        ]),
      ),
      ok: isOk(s.checks),
      checks: s.checks,
    };
  },
});
