import { z } from 'zod';
import {
  checkType,
  energyFromJ,
  estimateCertificates,
  estimateSeason,
  fitKeymark,
  InputError,
  isOk,
  mapModel,
  parametricModel,
  powerToW,
  RATING_POINT,
  ratedCapacityW,
  scaleToCapacity,
  typeConflict,
  type Check,
  type EnergyTotals,
  type EstimateInput,
  type EstimateResult,
  type FieldPath,
  type HeatPumpModel,
  type HourlyWeather,
  type KeymarkRow,
  type PerformanceMap,
  type Program,
  type ProgramCertificates,
  type SystemType,
} from '../core/index.ts';
import { relocated } from './errors.ts';
import type { Ports } from './ports.ts';
import { rangedNumber } from './ranges.ts';
import { defineUseCase, type DefaultValue, type InputOrigin } from './use-case.ts';

/**
 * The seasonal estimate (docs/methods.md, "Climate and seasonal estimates"), shared by the estimate use case
 * and the evaluate use case (which runs it for its metered side).
 */
export const SYSTEM_TYPES = [
  'air-to-water',
  'air-to-air',
  'ground-source',
] as const satisfies readonly SystemType[];

export const estimateFields = {
  site: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'a stored typical-year site (see the weather catalogue)' }),
  epw: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'a weather file: EnergyPlus .epw or NSRDB TMY3 .csv' }),
  type: z.enum(SYSTEM_TYPES, { error: `must be one of ${SYSTEM_TYPES.join(', ')}` }),
  map: z.string().min(1).optional().meta({ description: 'a reference performance map by record name' }),
  keymark: z.string().min(1).optional().meta({ description: 'a Heat Pump Keymark model title' }),
  unit: z.string().min(1).optional().meta({ description: 'a unit declaration file (map or Keymark points)' }),
  capacityKw: rangedNumber('capacityKw').optional(),
  designLoadKw: rangedNumber('designLoadKw').optional(),
  designTempC: rangedNumber('designTempC').optional(),
  balanceC: rangedNumber('balanceC'),
  waterC: rangedNumber('waterC'),
  waterAtBalanceC: rangedNumber('waterAtBalanceC').optional(),
  indoorC: rangedNumber('indoorC'),
  groundC: rangedNumber('groundC').optional(),
};

export const estimateFieldsSchema = z.object(estimateFields);
export type EstimateFields = z.infer<typeof estimateFieldsSchema>;

/** The estimate's defaults and where each comes from (docs/methods.md, "Climate and seasonal estimates"). */
const DEFAULT_TYPE: SystemType = 'air-to-water';

export const ESTIMATE_DEFAULTS = {
  type: { value: DEFAULT_TYPE, source: 'default of trec estimate' },
  balanceC: { value: 15.5, source: 'default: traditional UK degree-day base (CIBSE TM41)' },
  waterC: { value: 35, source: 'default: EN 14511 / EN 14825 low-temperature application' },
  indoorC: { value: 20, source: 'default: EN 14511-2 rating condition' },
} satisfies Record<string, DefaultValue>;

/** The inputs that mean something only to the seasonal estimate (a weather source runs it). */
export const ESTIMATE_ONLY = [
  'map',
  'keymark',
  'unit',
  'designLoadKw',
  'designTempC',
  'balanceC',
  'waterC',
  'waterAtBalanceC',
  'indoorC',
  'groundC',
] as const;

export interface EstimateRun {
  weather: HourlyWeather;
  model: HeatPumpModel;
  /** How the unit is modelled (map, scaled map, fitted Keymark points), for people. */
  note: string;
  designLoadKw: number;
  designOutdoorC: number;
  sink: EstimateInput['sink'];
  result: EstimateResult;
}

/** One input of a result with where it comes from ("user" when the caller gave it). */
export interface Assumption {
  name: string;
  value: number | string | boolean;
  unit: string;
  source: string;
}

/** "user" when the caller gave `field`, else the source of its default. */
export function sourceOf(origins: readonly InputOrigin[], field: string, fallback = ''): string {
  const o = origins.find((x) => x.field === field);
  if (!o) return fallback;
  return o.given ? 'user' : o.source;
}

function weatherOf(i: EstimateFields, ports: Ports): HourlyWeather {
  const { site, epw } = i;
  if (site !== undefined && epw === undefined)
    return relocated({ site: ['site'] }, () => ports.weather.site(site));
  if (epw !== undefined && site === undefined) return ports.weather.file(epw);
  throw new InputError('give exactly one weather source: a stored site or a weather file', {
    path: ['site'],
    either: [['site'], ['epw']],
  });
}

/** The unit as a performance map or a Keymark declaration, from whichever one source was given. */
function unitOf(i: EstimateFields, ports: Ports): { map: PerformanceMap } | { row: KeymarkRow } {
  const count = [i.map, i.keymark, i.unit].filter((x) => x !== undefined).length;
  if (count !== 1)
    throw new InputError(
      'give exactly one heat-pump unit: a performance map, a Keymark model or a unit file',
      {
        path: ['map'],
        either: [['map'], ['keymark'], ['unit']],
      },
    );
  if (i.map !== undefined) return { map: ports.maps.get(i.map) };
  if (i.keymark !== undefined) return { row: ports.keymark.get(i.keymark) };
  const unit = ports.units.read(i.unit ?? '');
  return unit.kind === 'map' ? { map: unit.map } : { row: unit.row };
}

function modelOf(i: EstimateFields, ports: Ports): { model: HeatPumpModel; note: string } {
  const unit = unitOf(i, ports);
  if ('row' in unit) {
    if (i.capacityKw !== undefined)
      throw new InputError(
        'the capacity scales performance maps only; a Keymark unit has its declared size',
        {
          path: ['capacityKw'],
        },
      );
    relocated({ type: ['type'] }, () => checkType(unit.row, i.type));
    return {
      model: parametricModel(fitKeymark(unit.row)),
      note: 'hplib parametric model fitted to Keymark declared points',
    };
  }
  const m = unit.map;
  if (i.capacityKw === undefined)
    return { model: mapModel(m), note: `performance map ${m.name} (${m.standard}), unscaled` };
  const at = RATING_POINT[i.type];
  const scale = scaleToCapacity(m, powerToW(i.capacityKw, 'kW'), at);
  return {
    model: mapModel(m, scale),
    note: `performance map ${m.name} scaled x ${scale.toFixed(4)} to ${i.capacityKw} kW at ${at.label}`,
  };
}

/** Inputs that mean nothing to the system type are refused naming both (a default is never refused). */
function checkTypeInputs(i: EstimateFields, given: (field: string) => boolean): void {
  const conflict = typeConflict(i.type, {
    waterC: given('waterC'),
    waterAtBalanceC: i.waterAtBalanceC !== undefined,
    indoorC: given('indoorC'),
    groundC: i.groundC !== undefined,
  });
  if (conflict)
    throw new InputError(`${conflict.why}: drop it or change the system type`, {
      path: [conflict.field],
      also: [['type']],
    });
}

/** Loads the weather and the unit through the ports and runs estimateSeason with the inputs as given. */
export function seasonalEstimate(
  i: EstimateFields,
  ports: Ports,
  given: (field: string) => boolean,
): EstimateRun {
  checkTypeInputs(i, given);
  const weather = weatherOf(i, ports);
  const { model, note } = modelOf(i, ports);
  const designLoadKw = i.designLoadKw;
  if (designLoadKw === undefined) throw new InputError('required', { path: ['designLoadKw'] });
  const designOutdoorC = i.designTempC ?? weather.designHeatingC;
  if (designOutdoorC === undefined)
    throw new InputError(`${weather.source} has no design conditions: give the design outdoor temperature`, {
      path: ['designTempC'],
    });
  if (!(i.balanceC > designOutdoorC))
    throw new InputError(
      `the balance point must be above the design outdoor temperature: ${i.balanceC} degC is not above ${
        i.designTempC !== undefined
          ? `${i.designTempC} degC`
          : `${designOutdoorC} degC (${weather.source} header)`
      }`,
      i.designTempC !== undefined ? { path: ['balanceC'], also: [['designTempC']] } : { path: ['balanceC'] },
    );
  const sink: EstimateInput['sink'] =
    i.type === 'air-to-air'
      ? { designC: i.indoorC }
      : {
          designC: i.waterC,
          ...(i.waterAtBalanceC !== undefined ? { atBalanceC: i.waterAtBalanceC } : {}),
        };
  const paths: Record<string, FieldPath> = { 'design load': ['designLoadKw'], 'balance point': ['balanceC'] };
  const result = relocated(paths, () =>
    estimateSeason({
      weather,
      model,
      type: i.type,
      designLoadW: powerToW(designLoadKw, 'kW'),
      designOutdoorC,
      balanceC: i.balanceC,
      sink,
      ...(i.groundC !== undefined ? { groundC: i.groundC } : {}),
    }),
  );
  return { weather, model, note, designLoadKw, designOutdoorC, sink, result };
}

/** The capacity a program's size class is judged on: the capacity given, else the unit at its rating point. */
export function estimateRatedCapacityW(i: EstimateFields, model: HeatPumpModel): number {
  return ratedCapacityW(i.type, model, i.capacityKw === undefined ? undefined : powerToW(i.capacityKw, 'kW'));
}

/** The estimate's inputs as assumptions, each with its source ("user" when given: the input origins). */
export function estimateAssumptions(
  i: EstimateFields,
  origins: readonly InputOrigin[],
  run: EstimateRun,
): Assumption[] {
  const item = (name: string, value: number | string, unit: string, source: string): Assumption => ({
    name,
    value,
    unit,
    source,
  });
  const w = run.weather;
  const list: Assumption[] = [
    item('estimate weather', `${w.site} (${w.source})`, '', 'user'),
    item('system type', i.type, '', sourceOf(origins, 'type')),
    item('heat-pump unit', run.model.name, '', 'user'),
    item('unit model', run.note, '', 'docs/methods.md, "Performance maps and parametric models"'),
    item('design heat load', run.designLoadKw, 'kW', 'user'),
    item(
      'design outdoor temperature',
      run.designOutdoorC,
      'degC',
      i.designTempC !== undefined ? 'user' : `${w.source} header: ASHRAE 99.6 % heating dry-bulb`,
    ),
    item('balance point', i.balanceC, 'degC', sourceOf(origins, 'balanceC')),
  ];
  if (i.type === 'air-to-air') list.push(item('indoor air', i.indoorC, 'degC', sourceOf(origins, 'indoorC')));
  else {
    list.push(item('leaving water at design', i.waterC, 'degC', sourceOf(origins, 'waterC')));
    if (i.waterAtBalanceC !== undefined)
      list.push(item('leaving water at balance', i.waterAtBalanceC, 'degC', 'user'));
  }
  if (i.type === 'ground-source')
    list.push(
      i.groundC !== undefined
        ? item('brine temperature', i.groundC, 'degC', 'user')
        : item(
            'brine temperature',
            'from the daily mean air',
            '',
            'hplib calc_brine_temp (Fraunhofer ISE WP Monitor 2014); an assumption for North American loops',
          ),
    );
  list.push(
    item(
      'estimate method',
      'hour by hour over a typical year, heating only, full-load COP at part load, unmet load never counted',
      '',
      'docs/methods.md, "Climate and seasonal estimates"',
    ),
  );
  return list;
}

export const estimateInput = z
  .object({
    ...estimateFields,
    program: z.string().min(1).optional().meta({ description: 'a program id (see the programs use case)' }),
    multiplier: rangedNumber('multiplier').optional(),
  })
  .strict();

export type EstimateCaseInput = z.infer<typeof estimateInput>;

export interface EstimateCaseResult {
  input: EstimateCaseInput;
  run: EstimateRun;
  program?: Program;
  certificates?: ProgramCertificates;
  checks: Check[];
}

const kwh = (j: number) => energyFromJ(j, 'kWh');

/** The program of that id from the catalogue (an unknown id is an InputError at `program`), or none. */
export function programOf(id: string | undefined, ports: Ports): Program | undefined {
  return id === undefined ? undefined : relocated({ program: ['program'] }, () => ports.programs.get(id));
}

/** The energy totals as JSON (kWh), as estimate prints them for the year and each month. */
export const energyJson = (t: EnergyTotals) => ({
  load_kwh: kwh(t.loadJ),
  heat_kwh: kwh(t.heatJ),
  elec_kwh: kwh(t.elecJ),
  spf: t.spf,
  renewable_kwh: kwh(t.renewableJ),
  unmet_kwh: kwh(t.backupJ),
});

/** What a program counts, from its energyCounted rule, in words. */
export function countedBasis(program: Program): string {
  const c = program.energyCounted;
  if (c.heating.value === false) return 'nothing (the program does not count heating)';
  return c.netOfElectricity.value === true
    ? 'heat - electricity (net)'
    : `heat${c.netOfElectricity.value === null ? ' (netting unknown: gross)' : ''}`;
}

/** Certificates under a program as JSON (snake_case, units in names). */
export function certificatesJson(c: ProgramCertificates, program: Program) {
  return {
    program_id: c.programId,
    program_version: c.programVersion,
    eligible: c.eligible,
    size_class: c.sizeClass,
    counted: countedBasis(program),
    counted_kwh: kwh(c.energyJ),
    multiplier: c.multiplier,
    certificate_unit: c.unit,
    certificate_energy_kwh: kwh(c.unitEnergyJ),
    certificates: c.certificates,
    remainder_kwh: kwh(c.remainderJ),
    credited_certificates: c.creditedCertificates,
  };
}

/** Seasonal heating estimate of a heat pump at a site, hour by hour, with a program's certificates. */
export const estimateUseCase = defineUseCase({
  name: 'estimate',
  summary: 'Seasonal heating estimate of a heat pump at a site, hour by hour',
  input: estimateInput,
  defaults: ESTIMATE_DEFAULTS,
  run(i, { ports, given }): EstimateCaseResult {
    const run = seasonalEstimate(i, ports, given);
    const program = programOf(i.program, ports);
    if (!program && i.multiplier !== undefined)
      throw new InputError('only applies with a program', { path: ['multiplier'] });
    const certificates = program
      ? relocated({ multiplier: ['multiplier'], capacityW: ['capacityKw'] }, () =>
          estimateCertificates(program, run.result, {
            type: i.type,
            capacityW: estimateRatedCapacityW(i, run.model),
            ...(i.multiplier === undefined ? {} : { multiplier: i.multiplier }),
          }),
        )
      : undefined;
    const checks = [...run.result.checks, ...(certificates?.checks ?? [])];
    return {
      input: i,
      run,
      ...(program ? { program } : {}),
      ...(certificates ? { certificates } : {}),
      checks,
    };
  },
  present: ({ input: i, run, program, certificates, checks }) => ({
    site: run.weather.site,
    weather_file: run.weather.source,
    type: i.type,
    unit: run.model.name,
    model: run.note,
    scope: 'heating only',
    design_load_kw: run.designLoadKw,
    design_temp_c: run.designOutdoorC,
    balance_c: i.balanceC,
    sink_design_c: run.sink.designC,
    sink_at_balance_c: run.sink.atBalanceC ?? null,
    ...energyJson(run.result),
    hours_outside_range: run.result.hoursOutsideRange,
    hours_capacity_limited: run.result.hoursCapacityLimited,
    months: run.result.months.map((m: EnergyTotals & { month: number }) => ({
      month: m.month,
      ...energyJson(m),
    })),
    certificates: certificates && program ? certificatesJson(certificates, program) : null,
    ok: isOk(checks),
    checks,
  }),
});
