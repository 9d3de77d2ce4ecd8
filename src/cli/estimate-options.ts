import { Option, type Command } from 'commander';
import {
  estimateSeason,
  fitKeymark,
  InputError,
  mapModel,
  parametricModel,
  scaleToCapacity,
  sourceKindOf,
  type EstimateInput,
  type EstimateResult,
  type HeatPumpModel,
  type HourlyWeather,
  type KeymarkRow,
  type PerformanceMap,
  type SystemType,
} from '../core/index.ts';
import { findKeymark, loadReferenceKeymark } from '../ingest/keymark.ts';
import { findMap, loadReferenceMaps } from '../ingest/performance-maps.ts';
import { loadUnitFile } from '../ingest/unit-file.ts';
import { loadSite, loadWeatherFile, SITES } from '../ingest/weather.ts';
import { withOptionNames } from './context.ts';
import { ranged } from './ranges.ts';

/**
 * The seasonal-estimate options, shared by `trec estimate` and `trec evaluate` (which runs the estimate
 * in-process for the metered side). Methods and sources: docs/methods.md, "Climate and seasonal estimates".
 */
export interface EstimateOptions {
  site?: string;
  epw?: string;
  type: SystemType;
  map?: string;
  keymark?: string;
  unit?: string;
  capacityKw?: number;
  designLoadKw?: number;
  designTempC?: number;
  balanceC: number;
  waterC: number;
  waterAtBalanceC?: number;
  indoorC: number;
  groundC?: number;
}

/** EN 14511-2 standard rating points used to size a map with --capacity-kw (source, sink in degC). */
export const RATING_POINT: Record<SystemType, { sourceC: number; sinkC: number; label: string }> = {
  'air-to-water': { sourceC: 7, sinkC: 35, label: 'A7/W35' },
  'air-to-air': { sourceC: 7, sinkC: 20, label: 'A7/indoor 20' },
  'ground-source': { sourceC: 0, sinkC: 35, label: 'B0/W35' },
};

export function addEstimateOptions(cmd: Command, capacityHelp: string): Command {
  return cmd
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
    .option('--capacity-kw <kW>', capacityHelp, ranged('--capacity-kw'))
    .option(
      '--design-load-kw <kW>',
      'building heat loss at the design outdoor temperature',
      ranged('--design-load-kw'),
    )
    .option(
      '--design-temp-c <degC>',
      'design outdoor temperature (default: the EPW header 99.6 % heating dry-bulb)',
      ranged('--design-temp-c'),
    )
    .option(
      '--balance-c <degC>',
      'outdoor temperature above which no heat is needed',
      ranged('--balance-c'),
      15.5,
    )
    .option(
      '--water-c <degC>',
      'leaving water temperature at the design temperature (fixed unless --water-at-balance-c)',
      ranged('--water-c'),
      35,
    )
    .option(
      '--water-at-balance-c <degC>',
      'leaving water at the balance point: straight weather-compensation curve',
      ranged('--water-at-balance-c'),
    )
    .option('--indoor-c <degC>', 'air-to-air: indoor air temperature (the sink)', ranged('--indoor-c'), 20)
    .option(
      '--ground-c <degC>',
      'ground-source: constant brine temperature (default: hplib daily-mean correlation)',
      ranged('--ground-c'),
    );
}

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

export interface EstimateRun {
  weather: HourlyWeather;
  model: HeatPumpModel;
  note: string;
  designLoadKw: number;
  designOutdoorC: number;
  sink: EstimateInput['sink'];
  result: EstimateResult;
}

/**
 * Flags that mean nothing to a system type: given with it, they would be ignored silently, so they are refused
 * naming both. `typed` says whether the user typed an option (commander's value source), for options with a
 * default.
 */
function checkTypeFlags(o: EstimateOptions, typed: (name: string) => boolean): void {
  const refuse = (flag: string, why: string) => {
    throw new InputError(`${why}: drop ${flag} or change --type`, { field: `${flag} with --type ${o.type}` });
  };
  if (o.type === 'air-to-air') {
    if (typed('waterC')) refuse('--water-c', 'an air-to-air unit heats indoor air (--indoor-c), not water');
    if (o.waterAtBalanceC !== undefined)
      refuse('--water-at-balance-c', 'an air-to-air unit heats indoor air (--indoor-c), not water');
  } else if (typed('indoorC'))
    refuse('--indoor-c', 'only an air-to-air unit heats indoor air; this one heats water (--water-c)');
  if (o.type !== 'ground-source' && o.groundC !== undefined)
    refuse('--ground-c', 'only a ground-source unit has a brine temperature; this one draws on outdoor air');
}

/** Loads the weather and the unit, and runs estimateSeason with the options as given. */
export function runEstimate(o: EstimateOptions, cmd?: Command): EstimateRun {
  checkTypeFlags(o, (name) => cmd?.getOptionValueSource(name) === 'cli');
  const weather = weatherOf(o);
  const { model, note } = modelOf(o);
  const designLoadKw = o.designLoadKw;
  if (designLoadKw === undefined) throw new InputError('required', { field: '--design-load-kw' });
  const designOutdoorC = o.designTempC ?? weather.designHeatingC;
  if (designOutdoorC === undefined)
    throw new InputError(`${weather.source} has no design conditions: give --design-temp-c`, {
      field: '--design-temp-c',
    });
  if (!(o.balanceC > designOutdoorC))
    throw new InputError(
      `the balance point must be above the design outdoor temperature: --balance-c ${o.balanceC} is not above ${
        o.designTempC !== undefined
          ? `--design-temp-c ${o.designTempC}`
          : `${designOutdoorC} degC (${weather.source} header)`
      }`,
      { field: o.designTempC !== undefined ? '--balance-c and --design-temp-c' : '--balance-c' },
    );
  const sink: EstimateInput['sink'] =
    o.type === 'air-to-air'
      ? { designC: o.indoorC }
      : {
          designC: o.waterC,
          ...(o.waterAtBalanceC !== undefined ? { atBalanceC: o.waterAtBalanceC } : {}),
        };
  const names = { 'design load': '--design-load-kw', 'balance point': '--balance-c' };
  const result = withOptionNames(names, () =>
    estimateSeason({
      weather,
      model,
      type: o.type,
      designLoadW: designLoadKw * 1000,
      designOutdoorC,
      balanceC: o.balanceC,
      sink,
      ...(o.groundC !== undefined ? { groundC: o.groundC } : {}),
    }),
  );
  return { weather, model, note, designLoadKw, designOutdoorC, sink, result };
}

/** Capacity at the type's rating point (RATING_POINT), or --capacity-kw: what a program's size class is judged on. */
export function ratedCapacityW(o: EstimateOptions, model: HeatPumpModel): number {
  if (o.capacityKw !== undefined) return o.capacityKw * 1000;
  const at = RATING_POINT[o.type];
  // B0/W35 has no outdoor air; 7 degC (the A7 point) only feeds a parametric model's ambient term.
  const ambientC = o.type === 'ground-source' ? 7 : at.sourceC;
  return model.at({ sourceC: at.sourceC, sinkC: at.sinkC, ambientC }).capacityW;
}
