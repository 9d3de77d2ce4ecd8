import { InputError } from '../../errors.ts';

/** One documented simulation parameter: value, unit and why this value (source or stated assumption). */
export interface ParameterDoc {
  value: number;
  unit: string;
  reason: string;
}

// The proposal names no site; West Chester PA is the address of Emergent Energy Solutions, whose GREC
// article is the project's other source document.
const TMY =
  'Baltimore-Washington Intl AP TMY3 (NSRDB; the stored climate nearest West Chester PA; the proposal names no site)';

/**
 * Default parameters of the laundry waste-heat simulation (docs/methods.md, "The laundry waste-heat
 * simulation"). Climate figures are fitted to a TMY3 file; the building, the laundry and the heat pump are
 * stated assumptions for a mid-size commercial laundry, chosen within plausible ranges so that the defaults
 * reproduce the two-year test reported in "The Case for Thermal Recs (TREC) for Air Source Heat Pumps"
 * (700,000-900,000 BTU/day, COP above 4). They are a calibration to that document's figures, not a measured
 * building.
 */
export const LAUNDRY_DEFAULTS = {
  // Climate (outdoor air), fitted to the TMY3 hourly dry-bulb temperature.
  outdoorMeanC: { value: 13.2, unit: 'degC', reason: `annual mean dry-bulb, ${TMY}` },
  outdoorAnnualAmplitudeK: { value: 12.5, unit: 'K', reason: `first annual harmonic of daily means, ${TMY}` },
  warmestDayOfYear: { value: 200, unit: 'day', reason: `phase of that harmonic (about 19 July), ${TMY}` },
  outdoorDailyAmplitudeK: { value: 5, unit: 'K', reason: `half the mean daily range (10.0 K), ${TMY}` },
  warmestHour: { value: 15, unit: 'h', reason: `hour of the highest mean hourly temperature, ${TMY}` },
  weatherAnomalySdK: {
    value: 3.8,
    unit: 'K',
    reason: `s.d. of daily means about the annual harmonic, ${TMY}`,
  },
  weatherAnomalyLag1: {
    value: 0.56,
    unit: '1',
    reason: `day-to-day autocorrelation of those residuals, ${TMY}`,
  },
  monthlyMeanSpreadK: {
    value: 25.9,
    unit: 'K',
    reason: `warmest minus coldest monthly mean (25.3 - (-0.5) degC), ${TMY}`,
  },
  latitudeDeg: {
    value: 39.17,
    unit: 'deg',
    reason: 'latitude of Baltimore-Washington Intl AP (TMY3 header)',
  },
  clearnessMin: {
    value: 0.23,
    unit: '1',
    reason: `uniform daily clearness index on [0.23, 0.77]: mean 0.50, s.d. 0.156 as the TMY3 daily GHI/ETR (0.50, 0.155)`,
  },
  clearnessMax: {
    value: 0.77,
    unit: '1',
    reason: 'upper end of that uniform distribution (see clearnessMin)',
  },
  // The laundry room.
  openHour: { value: 7, unit: 'h', reason: 'assumption: laundry operates 07:00-21:00 every day' },
  closeHour: { value: 21, unit: 'h', reason: 'assumption (see openHour)' },
  dryerGainW: {
    value: 24000,
    unit: 'W',
    reason:
      'assumption: 6 gas dryers of 58 kW (200,000 BTU/h) input, 70 % duty, 10 % of input escaping to the room (casing, door openings, duct leaks)',
  },
  dryerDailyVariation: {
    value: 0.15,
    unit: '1',
    reason: 'assumption: daily dryer use uniform within +-15 % of the mean',
  },
  internalGainOpenW: {
    value: 3000,
    unit: 'W',
    reason: 'assumption: washer motors, lighting, people while open',
  },
  internalGainClosedW: { value: 500, unit: 'W', reason: 'assumption: standby loads while closed' },
  solarApertureM2: {
    value: 30,
    unit: 'm2',
    reason:
      'assumption: "substantial daily solar gain" ("The Case for Thermal Recs (TREC) for Air Source Heat Pumps"): effective area turning horizontal irradiance into room heat (roof and glazing)',
  },
  roomCapacityJK: {
    value: 30e6,
    unit: 'J/K',
    reason:
      'assumption: 3,000 m3 of air (3.6 MJ/K) plus the thermally active interior mass of 600 m2 of floor, walls and machines',
  },
  uaEnvelopeWK: {
    value: 600,
    unit: 'W/K',
    reason: 'assumption: walls and roof of a 600 m2 single-storey laundry, about 1,500 m2 at 0.4 W/(m2 K)',
  },
  makeUpAirOpenWK: {
    value: 600,
    unit: 'W/K',
    reason: 'assumption: 0.5 m3/s of outdoor make-up air for the dryers while open (x 1.2 kJ/(m3 K))',
  },
  fanVentilationWK: {
    value: 4000,
    unit: 'W/K',
    reason:
      'assumption: 3.3 m3/s of exhaust fans that run while the room is above fanOnAboveC and warmer than outdoors',
  },
  fanOnAboveC: {
    value: 30,
    unit: 'degC',
    reason: 'assumption: room temperature above which the exhaust fans run',
  },
  spaceHeatingSetpointC: {
    value: 18,
    unit: 'degC',
    reason: 'assumption: the building heating holds the room at 18 degC or above',
  },
  // Hot water.
  tankVolumeL: {
    value: 3800,
    unit: 'L',
    reason: 'assumption: 1,000 US gal of storage, about 70 % of the daily hot-water use',
  },
  tankUaWK: {
    value: 5,
    unit: 'W/K',
    reason: 'assumption: insulated storage tank, about 150 W standby loss at 30 K',
  },
  tankOnBelowC: {
    value: 52,
    unit: 'degC',
    reason: 'assumption: heat pump starts when the tank falls below 52 degC (126 degF)',
  },
  tankOffAtC: {
    value: 57,
    unit: 'degC',
    reason:
      'assumption: and stops at 57 degC (135 degF), within air-to-water outlet limits (AixLib maps reach 60-70 degC)',
  },
  dailyHotWaterL: {
    value: 5400,
    unit: 'L',
    reason:
      'assumption: 1,430 US gal/day of hot water (washer fills): "A laundry both uses a great deal of hot water" ("The Case for Thermal Recs (TREC) for Air Source Heat Pumps")',
  },
  hotWaterDailyVariation: {
    value: 0.15,
    unit: '1',
    reason: 'assumption: daily hot-water use uniform within +-15 % of the mean',
  },
  fillL: { value: 60, unit: 'L', reason: 'assumption: one washer fill, drawn within one minute' },
  // The heat pump.
  hpRatedHeatW: {
    value: 22000,
    unit: 'W',
    reason: 'assumption: heating capacity at 27 degC air / 55 degC water, sized to run about 11 h/day',
  },
  hpCapacitySourceSlope: {
    value: 0.0173,
    unit: '1/K',
    reason:
      'AixLib AverageAirToWaterResidential map, 55 degC outlet: 2179 W at 12 degC to 3402 W at 37 degC air, per K relative to 2832 W at 27 degC',
  },
  hpCapacitySinkSlope: {
    value: -0.0022,
    unit: '1/K',
    reason:
      'same map at 27 degC air: 2955 W at 35 degC to 2801 W at 60 degC outlet, per K relative to 2832 W',
  },
  carnotFraction: {
    value: 0.57,
    unit: '1',
    reason:
      'fraction of the refrigerant-side Carnot COP, within the 40-60 % the encyclopedia article "Heat pump" states for compression cycles; with the two approaches below it reproduces the AixLib AverageAirToWaterResidential map within 12 % (45-60 degC water, 7-37 degC air)',
  },
  condenserApproachK: {
    value: 5,
    unit: 'K',
    reason: 'assumption: condensing temperature above the leaving water (plate condenser)',
  },
  evaporatorApproachK: {
    value: 8,
    unit: 'K',
    reason: 'assumption: evaporating temperature below the entering air (finned-tube evaporator)',
  },
  hpMaxSourceC: {
    value: 43,
    unit: 'degC',
    reason:
      'assumption: highest evaporator air temperature of the operating envelope (35-43 degC is typical); above it the unit is locked out',
  },
  loopFlowLpm: {
    value: 63,
    unit: 'L/min',
    reason:
      'loop flow for a 5 K rise at the rated 22 kW (the EN 14511 rating condition): 22000 / (4181 x 0.9882 x 5) x 60 = 63.9 L/min',
  },
} as const satisfies Record<string, ParameterDoc>;

export type LaundryParamName = keyof typeof LAUNDRY_DEFAULTS;
export type LaundryParams = Record<LaundryParamName, number>;

/** The default parameters, with any overrides applied and checked for physical sense. */
export function laundryParams(overrides: Partial<LaundryParams> = {}): LaundryParams {
  const params = {} as LaundryParams;
  for (const name of Object.keys(LAUNDRY_DEFAULTS) as LaundryParamName[])
    params[name] = overrides[name] ?? LAUNDRY_DEFAULTS[name].value;
  validate(params);
  return params;
}

function validate(p: LaundryParams): void {
  const positive: LaundryParamName[] = [
    'roomCapacityJK',
    'tankVolumeL',
    'hpRatedHeatW',
    'loopFlowLpm',
    'fillL',
    'carnotFraction',
    'uaEnvelopeWK',
  ];
  for (const name of positive)
    if (!(p[name] > 0)) throw new InputError('must be greater than 0', { field: name, value: p[name] });
  if (!(p.carnotFraction < 1))
    throw new InputError('a fraction of the Carnot COP must be below 1', {
      field: 'carnotFraction',
      value: p.carnotFraction,
    });
  if (!(p.tankOnBelowC < p.tankOffAtC))
    throw new InputError('the start temperature must be below the stop temperature', {
      field: 'tankOnBelowC',
      value: p.tankOnBelowC,
    });
  if (!(p.openHour >= 0 && p.openHour < p.closeHour && p.closeHour <= 24))
    throw new InputError('opening hours must satisfy 0 <= open < close <= 24', {
      field: 'openHour',
      value: p.openHour,
    });
  if (!(p.clearnessMin >= 0 && p.clearnessMin <= p.clearnessMax && p.clearnessMax <= 1))
    throw new InputError('clearness must satisfy 0 <= min <= max <= 1', {
      field: 'clearnessMin',
      value: p.clearnessMin,
    });
}
