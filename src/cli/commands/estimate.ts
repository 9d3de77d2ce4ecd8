import { Option } from 'commander';
import {
  energyFromJ,
  estimateSeason,
  fitKeymark,
  InputError,
  mapModel,
  parametricModel,
  scaleToCapacity,
  sourceKindOf,
  type EnergyTotals,
  type EstimateInput,
  type HeatPumpModel,
  type HourlyWeather,
  type KeymarkRow,
  type PerformanceMap,
  type SystemType,
} from '../../core/index.ts';
import { findKeymark, loadReferenceKeymark } from '../../ingest/keymark.ts';
import { findMap, loadReferenceMaps } from '../../ingest/performance-maps.ts';
import { loadUnitFile } from '../../ingest/unit-file.ts';
import { loadSite, loadWeatherFile, SITES } from '../../ingest/weather.ts';
import { emit, fmt, parseNumber, parsePositive, type CommandModule } from '../context.ts';

interface EstimateOptions {
  site?: string;
  epw?: string;
  type: SystemType;
  map?: string;
  keymark?: string;
  unit?: string;
  capacityKw?: number;
  designLoadKw: number;
  designTempC?: number;
  balanceC: number;
  waterC: number;
  waterAtBalanceC?: number;
  indoorC: number;
  groundC?: number;
  json?: boolean;
}

/** EN 14511-2 standard rating points used to size a map with --capacity-kw (source, sink in degC). */
const RATING_POINT: Record<SystemType, { sourceC: number; sinkC: number; label: string }> = {
  'air-to-water': { sourceC: 7, sinkC: 35, label: 'A7/W35' },
  'air-to-air': { sourceC: 7, sinkC: 20, label: 'A7/indoor 20' },
  'ground-source': { sourceC: 0, sinkC: 35, label: 'B0/W35' },
};

function weatherOf(o: EstimateOptions): HourlyWeather {
  if ((o.site === undefined) === (o.epw === undefined))
    throw new InputError('give exactly one of --site or --epw', { field: '--site/--epw' });
  return o.site !== undefined ? loadSite(o.site) : loadWeatherFile(o.epw as string);
}

function checkType(row: KeymarkRow, type: SystemType): void {
  const air = sourceKindOf(row.type) === 'air';
  if (air !== (type !== 'ground-source'))
    throw new InputError(`unit ${row.title} is "${row.type}", which does not fit --type ${type}`, {
      field: '--type',
    });
}

function modelOf(o: EstimateOptions): { model: HeatPumpModel; note: string } {
  const given = [o.map, o.keymark, o.unit].filter((x) => x !== undefined).length;
  if (given !== 1)
    throw new InputError('give exactly one of --map, --keymark or --unit', {
      field: '--map/--keymark/--unit',
    });
  let map: PerformanceMap | undefined;
  let row: KeymarkRow | undefined;
  if (o.map !== undefined) map = findMap(loadReferenceMaps(), o.map);
  else if (o.keymark !== undefined) row = findKeymark(loadReferenceKeymark(), o.keymark);
  else {
    const unit = loadUnitFile(o.unit as string);
    if (unit.kind === 'map') map = unit.map;
    else row = unit.row;
  }
  if (row) {
    if (o.capacityKw !== undefined)
      throw new InputError(
        '--capacity-kw scales performance maps only; a Keymark unit has its declared size',
        { field: '--capacity-kw' },
      );
    checkType(row, o.type);
    return {
      model: parametricModel(fitKeymark(row)),
      note: 'hplib parametric model fitted to Keymark declared points',
    };
  }
  const m = map as PerformanceMap;
  if (o.capacityKw === undefined)
    return { model: mapModel(m), note: `performance map ${m.name} (${m.standard}), unscaled` };
  const at = RATING_POINT[o.type];
  const scale = scaleToCapacity(m, o.capacityKw * 1000, at);
  return {
    model: mapModel(m, scale),
    note: `performance map ${m.name} scaled x ${scale.toFixed(4)} to ${o.capacityKw} kW at ${at.label}`,
  };
}

const kwh = (j: number) => energyFromJ(j, 'kWh');
const energyJson = (t: EnergyTotals) => ({
  load_kwh: kwh(t.loadJ),
  heat_kwh: kwh(t.heatJ),
  elec_kwh: kwh(t.elecJ),
  spf: t.spf,
  renewable_kwh: kwh(t.renewableJ),
  unmet_kwh: kwh(t.backupJ),
});

export const estimateCommand: CommandModule = (program, ctx) => {
  program
    .command('estimate')
    .description(
      'Seasonal heating estimate of a heat pump at a site, hour by hour over a typical year: heat delivered\n' +
        '(load limited by the unit capacity at that hour), electricity, SPF, renewable portion (heat - electricity),\n' +
        'monthly table. Heating only: cooling is out of scope. Load the unit cannot meet is reported as unmet\n' +
        '(backup), never as heat-pump output. Methods and sources: docs/methods.md.',
    )
    .option('--site <id>', `shipped typical-year weather: ${Object.keys(SITES).join(', ')}`)
    .option('--epw <file>', 'your own weather file: EnergyPlus .epw or NSRDB TMY3 .csv')
    .addOption(
      new Option('--type <type>', 'system type (source: outdoor air, or ground loop)')
        .choices(['air-to-water', 'air-to-air', 'ground-source'])
        .default('air-to-water'),
    )
    .option('--map <name>', 'AixLib performance map by record name (reference/performance-maps/)')
    .option(
      '--keymark <title>',
      'Heat Pump Keymark model title (reference/keymark/), fitted with the hplib model',
    )
    .option('--unit <file>', 'unit JSON: a map (capacity/power grids) or Keymark-style w35/w55 points')
    .option(
      '--capacity-kw <kW>',
      'scale a map to this capacity at A7/W35 (air-to-water), A7/20 (air-to-air) or B0/W35',
      parsePositive,
    )
    .requiredOption(
      '--design-load-kw <kW>',
      'building heat loss at the design outdoor temperature',
      parsePositive,
    )
    .option(
      '--design-temp-c <degC>',
      'design outdoor temperature (default: the EPW header 99.6 % heating dry-bulb)',
      parseNumber,
    )
    .option('--balance-c <degC>', 'outdoor temperature above which no heat is needed', parseNumber, 15.5)
    .option(
      '--water-c <degC>',
      'leaving water temperature at the design temperature (fixed unless --water-at-balance-c)',
      parseNumber,
      35,
    )
    .option(
      '--water-at-balance-c <degC>',
      'leaving water at the balance point: straight weather-compensation curve',
      parseNumber,
    )
    .option('--indoor-c <degC>', 'air-to-air: indoor air temperature (the sink)', parseNumber, 20)
    .option(
      '--ground-c <degC>',
      'ground-source: constant brine temperature (default: hplib daily-mean correlation)',
      parseNumber,
    )
    .option('--json', 'print JSON')
    .action((o: EstimateOptions) => {
      const weather = weatherOf(o);
      const { model, note } = modelOf(o);
      const designOutdoorC = o.designTempC ?? weather.designHeatingC;
      if (designOutdoorC === undefined)
        throw new InputError(`${weather.source} has no design conditions: give --design-temp-c`, {
          field: '--design-temp-c',
        });
      const sink: EstimateInput['sink'] =
        o.type === 'air-to-air'
          ? { designC: o.indoorC }
          : {
              designC: o.waterC,
              ...(o.waterAtBalanceC !== undefined ? { atBalanceC: o.waterAtBalanceC } : {}),
            };
      const result = estimateSeason({
        weather,
        model,
        type: o.type,
        designLoadW: o.designLoadKw * 1000,
        designOutdoorC,
        balanceC: o.balanceC,
        sink,
        ...(o.groundC !== undefined ? { groundC: o.groundC } : {}),
      });
      const data = {
        site: weather.site,
        weather_file: weather.source,
        type: o.type,
        unit: model.name,
        model: note,
        scope: 'heating only',
        design_load_kw: o.designLoadKw,
        design_temp_c: designOutdoorC,
        balance_c: o.balanceC,
        sink_design_c: sink.designC,
        sink_at_balance_c: sink.atBalanceC ?? null,
        ...energyJson(result),
        hours_outside_range: result.hoursOutsideRange,
        hours_capacity_limited: result.hoursCapacityLimited,
        months: result.months.map((m) => ({ month: m.month, ...energyJson(m) })),
        // Certificates need the program rules (src/core/programs, branch `rules`): --program is wired when
        // they land on main, through countedEnergyJ + certificatesFromEnergy. Until then: null, not a guess.
        certificates: null,
        checks: result.checks,
      };
      emit(ctx, o.json, data, () => {
        const lines = [
          `${weather.site} (${weather.source}), ${o.type}, ${model.name}`,
          `  ${note}; design ${o.designLoadKw} kW at ${designOutdoorC} degC, balance ${o.balanceC} degC; heating only`,
          `  heat ${fmt(kwh(result.heatJ), 0)} kWh, electricity ${fmt(kwh(result.elecJ), 0)} kWh, SPF ${fmt(result.spf)}, renewable ${fmt(kwh(result.renewableJ), 0)} kWh, unmet ${fmt(kwh(result.backupJ), 0)} kWh`,
          '  month   heat kWh   elec kWh   SPF   unmet kWh',
          ...result.months.map(
            (m) =>
              `  ${String(m.month).padStart(5)} ${fmt(kwh(m.heatJ), 0).padStart(10)} ${fmt(kwh(m.elecJ), 0).padStart(10)} ${fmt(m.spf).padStart(5)} ${fmt(kwh(m.backupJ), 0).padStart(11)}`,
          ),
          ...result.checks.map((c) => `  [${c.severity}] ${c.code}: ${c.message}`),
        ];
        return lines.join('\n');
      });
    });
};
