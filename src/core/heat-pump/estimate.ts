import { check, type Check } from '../checks.ts';
import type { HourlyWeather } from '../climate/index.ts';
import { InputError, OutOfRangeError } from '../errors.ts';
import { judgeCop } from './carnot.ts';
import type { HeatPumpModel, OperatingPoint } from './model.ts';
import { brineTemperatureC, dailyMeanByHour } from './source-temperature.ts';

/**
 * Seasonal (annual, hourly) heating estimate of a heat pump at a site: the bin method done hour by hour
 * (ASHRAE Handbook Fundamentals, "Energy Estimating and Modeling Methods"). Heating only. See docs/methods.md.
 */
export type SystemType = 'air-to-water' | 'air-to-air' | 'ground-source';

export interface EstimateInput {
  weather: HourlyWeather;
  model: HeatPumpModel;
  type: SystemType;
  /** Building heat loss at the design outdoor temperature. */
  designLoadW: number;
  designOutdoorC: number;
  /** Outdoor temperature above which the building needs no heat. */
  balanceC: number;
  /**
   * Sink: leaving water (or indoor air for air-to-air). `designC` at and below the design outdoor temperature;
   * with `atBalanceC` the water follows a straight weather-compensation curve up to the balance point.
   */
  sink: { designC: number; atBalanceC?: number };
  /** Ground-source only: constant brine temperature; default the hplib daily-mean correlation. */
  groundC?: number;
}

export interface EstimateHour {
  month: number;
  day: number;
  hour: number;
  outdoorC: number;
  sourceC: number;
  sinkC: number;
  loadJ: number;
  /** Full-load capacity x 1 h at this hour's conditions (0 when the unit cannot run). */
  capacityJ: number;
  heatJ: number;
  elecJ: number;
  /** Load the heat pump did not meet: backup heat or unmet, never certified. */
  backupJ: number;
}

export interface EnergyTotals {
  loadJ: number;
  heatJ: number;
  elecJ: number;
  backupJ: number;
  /** Seasonal performance factor of the heat pump alone: heat / electricity (no backup heater). */
  spf: number;
  /** Heat - electricity (EU RED II Annex VII: E_RES = Q_usable (1 - 1/SPF)). */
  renewableJ: number;
}

export interface EstimateResult extends EnergyTotals {
  hours: EstimateHour[];
  months: (EnergyTotals & { month: number })[];
  /** Hours with load when the unit could not run (outside its map / model range). */
  hoursOutsideRange: number;
  /** Hours with load above the unit's capacity. */
  hoursCapacityLimited: number;
  checks: Check[];
}

const HOUR_S = 3600;

function totals(rows: readonly EstimateHour[]): EnergyTotals {
  const sum = (f: (h: EstimateHour) => number) => rows.reduce((s, h) => s + f(h), 0);
  const heatJ = sum((h) => h.heatJ);
  const elecJ = sum((h) => h.elecJ);
  return {
    loadJ: sum((h) => h.loadJ),
    heatJ,
    elecJ,
    backupJ: sum((h) => h.backupJ),
    spf: elecJ > 0 ? heatJ / elecJ : 0,
    renewableJ: heatJ - elecJ,
  };
}

/** Linear load line: design load at the design temperature, zero at the balance point (degree-hour method). */
export function buildingLoadW(
  outdoorC: number,
  input: Pick<EstimateInput, 'designLoadW' | 'designOutdoorC' | 'balanceC'>,
): number {
  if (outdoorC >= input.balanceC) return 0;
  return (input.designLoadW * (input.balanceC - outdoorC)) / (input.balanceC - input.designOutdoorC);
}

/** Supply temperature of the weather-compensation curve (straight line, clamped at both ends). */
export function sinkTemperatureC(
  outdoorC: number,
  input: Pick<EstimateInput, 'sink' | 'designOutdoorC' | 'balanceC'>,
): number {
  const { designC, atBalanceC } = input.sink;
  if (atBalanceC === undefined) return designC;
  const f = Math.min(
    1,
    Math.max(0, (outdoorC - input.designOutdoorC) / (input.balanceC - input.designOutdoorC)),
  );
  return designC + f * (atBalanceC - designC);
}

function validate(input: EstimateInput): void {
  const bad = (field: string, value: unknown, message: string) => new InputError(message, { field, value });
  if (!(input.designLoadW > 0)) throw bad('design load', input.designLoadW, 'design load must be > 0');
  if (!(input.balanceC > input.designOutdoorC))
    throw bad(
      'balance point',
      input.balanceC,
      `balance point must be above the design temperature ${input.designOutdoorC} degC`,
    );
  if (input.weather.hours.length === 0)
    throw bad('weather', input.weather.source, 'weather file has no hours');
}

export function estimateSeason(input: EstimateInput): EstimateResult {
  validate(input);
  const { weather, model, type } = input;
  const dailyMean =
    type === 'ground-source' && input.groundC === undefined ? dailyMeanByHour(weather.hours) : [];
  const checks: Check[] = [];
  let outside = 0;
  let limited = 0;
  let extrapolated = 0;
  let worstCarnot: ReturnType<typeof judgeCop> | undefined;
  const hours = weather.hours.map((w, i): EstimateHour => {
    const outdoorC = w.dryBulbC;
    const sourceC =
      type !== 'ground-source' ? outdoorC : (input.groundC ?? brineTemperatureC(dailyMean[i] as number));
    const sinkC = sinkTemperatureC(outdoorC, input);
    const loadJ = buildingLoadW(outdoorC, input) * HOUR_S;
    const row = { month: w.month, day: w.day, hour: w.hour, outdoorC, sourceC, sinkC, loadJ };
    if (loadJ === 0) return { ...row, capacityJ: 0, heatJ: 0, elecJ: 0, backupJ: 0 };
    let point: OperatingPoint | undefined;
    try {
      point = model.at({ sourceC, sinkC, ambientC: outdoorC });
    } catch (error) {
      if (!(error instanceof OutOfRangeError)) throw error;
      outside++;
      return { ...row, capacityJ: 0, heatJ: 0, elecJ: 0, backupJ: loadJ };
    }
    const d = model.declared;
    if (d && (sourceC < d.sourceMinC || sourceC > d.sourceMaxC || sinkC < d.sinkMinC || sinkC > d.sinkMaxC))
      extrapolated++;
    const judged = judgeCop({ cop: point.cop, mode: 'heating', sinkC, sourceC });
    if (judged.check && (!worstCarnot || judged.carnotFraction > worstCarnot.carnotFraction))
      worstCarnot = judged;
    const capacityJ = point.capacityW * HOUR_S;
    if (loadJ > capacityJ) limited++;
    // Part load: electricity in proportion to heat at the full-load COP (no cycling degradation; methods.md).
    const heatJ = Math.min(loadJ, capacityJ);
    return { ...row, capacityJ, heatJ, elecJ: heatJ / point.cop, backupJ: loadJ - heatJ };
  });
  const year = totals(hours);
  checks.push(check('heating-only', 'info', 'cooling is out of scope: this estimate counts heating only'));
  if (outside)
    checks.push(
      check(
        'outside-model-range',
        'warning',
        `${outside} hours with heating load are outside ${model.name}'s valid range (no extrapolation): the heat pump is off and backup covers them`,
      ),
    );
  if (extrapolated)
    checks.push(
      check(
        'model-extrapolation',
        'info',
        `${extrapolated} hours use the fitted model outside the span of its declared points (the linear fit continues there, as hplib does)`,
      ),
    );
  if (year.backupJ > 0)
    checks.push(
      check(
        'backup-heat',
        year.backupJ > 0.05 * year.loadJ ? 'warning' : 'info',
        `${((100 * year.backupJ) / year.loadJ).toFixed(1)} % of the heating load is not met by the heat pump (${limited} capacity-limited hours, ${outside} hours outside range): backup or unmet, never certified`,
      ),
    );
  if (worstCarnot?.check) checks.push(worstCarnot.check);
  const months = Array.from({ length: 12 }, (_, m) => ({
    month: m + 1,
    ...totals(hours.filter((h) => h.month === m + 1)),
  }));
  return { ...year, hours, months, hoursOutsideRange: outside, hoursCapacityLimited: limited, checks };
}
