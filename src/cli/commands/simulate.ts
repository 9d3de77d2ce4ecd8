import {
  InputError,
  isOk,
  jToBtu,
  jToKwh,
  LAUNDRY_DEFAULTS,
  laundryParams,
  mulberry32,
  simulateLaundry,
  type LaundryParamName,
  type LaundryParams,
  type LaundrySummary,
} from '../../core/index.ts';
import { errorLead } from '../checks-output.ts';
import { emit, fmt, parseNumber, withOptionNames, type CommandModule } from '../context.ts';
import { ranged } from '../ranges.ts';
import { dayOfYear, MeterFileWriter, parseCalendarDate, parseUtcOffset } from '../meter-file-writer.ts';

interface LaundryOptions {
  days: number;
  out: string;
  seed: number;
  start: string;
  utcOffset: string;
  electricityPrice: number;
  set: string[];
  json?: boolean;
}

const HEAT_PUMP_MODEL =
  'COP = carnot_fraction x Carnot COP between condensing (leaving water + condenser approach) and evaporating ' +
  '(room air - evaporator approach) temperatures; capacity linear in air and water temperature (AixLib map slopes)';

export const simulateCommand: CommandModule = (program, ctx) => {
  const simulate = program
    .command('simulate')
    .description('Deterministic simulations that write meter files.');
  simulate
    .command('laundry')
    .description(
      [
        'An air-to-water heat pump taking waste heat (dryers, sun) from a commercial',
        'laundry room into hot-water storage, minute by minute: the showcase of "The',
        'Case for Thermal Recs (TREC) for Air Source Heat Pumps". Writes a',
        '1-minute meter file (time, flow_lpm, supply_c, return_c, source_c = room',
        'air, elec_kw) that `trec energy` reads, and prints heat, COP, cost per kWh',
        'of heat and the cooling delivered to the room. Every parameter, its unit',
        'and source: --json or docs/methods.md.',
      ].join('\n'),
    )
    .requiredOption('--days <n>', 'number of days to simulate (whole number, 1 or more)', ranged('--days'))
    .requiredOption('--out <file>', 'meter CSV file to write')
    .option(
      '--seed <n>',
      'seed of the random weather and laundry use (same seed, same file)',
      ranged('--seed'),
      1,
    )
    .option('--start <date>', 'first day, YYYY-MM-DD (local date)', '2024-01-01')
    .option('--utc-offset <offset>', 'fixed UTC offset of the timestamps (standard time all year)', '-05:00')
    .option(
      '--electricity-price <usd-per-kwh>',
      'electricity price for the cost of heat (assumption)',
      ranged('--electricity-price'),
      0.12,
    )
    .option('--set <name=value>', 'override a parameter (repeatable), e.g. --set tankOffAtC=60', collect, [])
    .option('--json', 'print JSON')
    .action((opts: LaundryOptions) => {
      if (opts.days < 1) throw new InputError('must be 1 or more', { field: '--days', value: opts.days });
      const startMs = parseCalendarDate(opts.start, '--start');
      const offsetMinutes = parseUtcOffset(opts.utcOffset, '--utc-offset');
      const setNames = Object.fromEntries(Object.keys(LAUNDRY_DEFAULTS).map((n) => [n, `--set ${n}`]));
      const params = withOptionNames(setNames, () => laundryParams(parseOverrides(opts.set)));
      const writer = new MeterFileWriter(opts.out, startMs, offsetMinutes);
      let summary: LaundrySummary;
      try {
        const input = {
          days: opts.days,
          startDayOfYear: dayOfYear(startMs),
          random: mulberry32(opts.seed),
          params,
        };
        summary = simulateLaundry(input, (row) => writer.add(row));
      } finally {
        writer.close();
      }
      const data = toJson(summary, opts, params, writer.rows);
      emit(ctx, opts.json, data, () => human(summary, opts, params, writer.rows));
      for (const c of summary.checks) ctx.io.stderr(`trec: ${c.severity}: ${c.message}\n`);
    });
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseOverrides(items: string[]): Partial<LaundryParams> {
  const overrides: Partial<LaundryParams> = {};
  for (const item of items) {
    const [name = '', text = ''] = item.split('=');
    if (!(name in LAUNDRY_DEFAULTS))
      throw new InputError(`unknown parameter; known: ${Object.keys(LAUNDRY_DEFAULTS).join(', ')}`, {
        field: '--set',
        value: item,
      });
    let value: number;
    try {
      value = parseNumber(text); // decimal only, as every CLI number
    } catch (error) {
      throw new InputError(`expected NAME=NUMBER: ${(error as Error).message}`, {
        field: '--set',
        value: item,
      });
    }
    const bound = setBound(name as LaundryParamName);
    if (!(value >= bound.min && value <= bound.max))
      throw new InputError(`${name} must be from ${bound.min} to ${bound.max} ${bound.unit} (${bound.why})`, {
        field: '--set',
        value: item,
      });
    overrides[name as LaundryParamName] = value;
  }
  return overrides;
}

/**
 * The sanity range of a --set value (docs/methods.md, "Input ranges (CLI)"): a temperature between the coldest
 * air recorded on Earth (-89.2 degC, WMO) and 200 degC; anything else within 1,000 times its default's size
 * (at least 1,000) and of the default's sign, so the simulation never overflows.
 */
function setBound(name: LaundryParamName): { min: number; max: number; unit: string; why: string } {
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

function toJson(
  s: LaundrySummary,
  o: LaundryOptions,
  params: LaundryParams,
  rows: number,
): Record<string, unknown> {
  // No COP (null) when the heat pump never ran (0 / 0).
  const cop = s.elecJ > 0 && s.heatJ > 0 ? s.heatJ / s.elecJ : null;
  return {
    file: o.out,
    rows,
    days: s.days,
    start: o.start,
    seed: o.seed,
    heat_kwh: jToKwh(s.heatJ),
    mean_daily_heat_kwh: jToKwh(s.heatJ) / s.days,
    mean_daily_heat_btu: jToBtu(s.heatJ) / s.days,
    elec_kwh: jToKwh(s.elecJ),
    cop,
    electricity_price_usd_per_kwh: o.electricityPrice,
    cost_per_kwh_heat_usd: cop === null ? null : o.electricityPrice / cop,
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
      (Object.keys(LAUNDRY_DEFAULTS) as LaundryParamName[]).map((n) => [
        n,
        {
          value: params[n],
          unit: LAUNDRY_DEFAULTS[n].unit,
          reason: LAUNDRY_DEFAULTS[n].reason,
          default: params[n] === LAUNDRY_DEFAULTS[n].value,
        },
      ]),
    ),
    ok: isOk(s.checks),
    checks: s.checks,
  };
}

function human(s: LaundrySummary, o: LaundryOptions, params: LaundryParams, rows: number): string {
  const cop = s.elecJ > 0 && s.heatJ > 0 ? s.heatJ / s.elecJ : null;
  const perDay = (j: number): string => fmt(jToKwh(j) / s.days, 1);
  const bins = s.copBins
    .filter((b) => b.elecJ > 0)
    .map((b) => `${b.fromC}-${b.toC} degC: ${fmt(b.heatJ / b.elecJ, 2)}`)
    .join(' | ');
  return [
    ...errorLead(s.checks),
    `Laundry waste-heat simulation: ${s.days} days from ${o.start} (seed ${o.seed}); ${fmt(rows, 0)} rows written to ${o.out}`,
    `Heat to hot water:   ${fmt(jToBtu(s.heatJ) / s.days, 0)} BTU/day (${perDay(s.heatJ)} kWh/day)`,
    `Electricity:         ${perDay(s.elecJ)} kWh/day; COP ${cop === null ? '- (the heat pump never ran)' : fmt(cop, 2)}`,
    `Cost of heat:        ${cop === null ? '-' : `$${fmt(o.electricityPrice / cop, 4)}`} per kWh of heat at $${o.electricityPrice}/kWh electricity (assumed price)`,
    `Cooling delivered:   ${perDay(s.coolingJ)} kWh/day taken from the room air (heat to water - electricity)`,
    `Room air, open hours: ${fmt(s.meanRoomOpenC, 1)} degC with the heat pump, ${fmt(s.meanRoomOpenWithoutHpC, 1)} degC without`,
    `Space heating:       ${perDay(s.spaceHeatingJ)} kWh/day to hold ${params.spaceHeatingSetpointC} degC (${perDay(s.spaceHeatingWithoutHpJ)} without the heat pump: in winter part of its heat comes from the building heating)`,
    `COP by room air:     ${bins}`,
    `Heat pump running ${fmt(s.runMinutes / 60 / s.days, 1)} h/day; hot water ${fmt(s.hotWaterDrawnL / s.days, 0)} L/day. Parameters and sources: --json, docs/methods.md.`,
  ].join('\n');
}
