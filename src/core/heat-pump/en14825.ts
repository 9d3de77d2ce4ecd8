import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import { J_PER_WH } from '../units/index.ts';
import { EN14825_CLIMATES, type Climate, type OffModeHours } from './en14825-climates.ts';
import { sortPoints, valuesAt, type DeclaredPoint } from './en14825-points.ts';
import type { SourceKind } from './parametric.ts';

/**
 * Seasonal coefficient of performance of a heat pump space heater by the bin method of EN 14825:2018, with
 * the seasonal space-heating efficiency of Regulation (EU) 813/2013 Annex III. Formulas and their sources:
 * docs/methods.md, "EN 14825 seasonal performance (SCOP)".
 */
export interface ScopUnit {
  /** Rated heat output = design load Pdesignh at Tdesignh (Regulation 813/2013 Annex I). */
  pratedW: number;
  tbivC: number;
  tolC: number;
  /** Declared points; one at TOL and one at Tbiv are required (EN 14825 conditions E and F). */
  points: readonly DeclaredPoint[];
  /** Default degradation coefficient for points without one: 0.9 (EN 14825, Regulation 813/2013 Table 2). */
  cdh?: number;
  poffW?: number;
  ptoW?: number;
  psbW?: number;
  pckW?: number;
  /** Heat source; water and brine units carry the ground-water pump correction F(2). Default air. */
  source?: SourceKind;
}

export interface ScopOptions {
  climate?: Climate;
  /** Off-mode hour set; default the climate's Keymark (space-heater regulation) set. */
  hours?: OffModeHours;
  /** Primary-energy conversion coefficient CC; 2.5 in Regulation (EU) 813/2013 Annex I. */
  conversionCoefficient?: number;
}

export interface ScopBin {
  tjC: number;
  hours: number;
  partLoad: number;
  loadW: number;
  /** Declared capacity interpolated (or extrapolated above the highest point) to Tj; 0 below TOL. */
  pdhW: number;
  /** Heat from the heat pump, load minus backup. */
  heatPumpW: number;
  /** Electric backup heater elbu(Tj), COP 1. */
  backupW: number;
  /** Capacity ratio CR = heat-pump heat / declared capacity; < 1 means cycling. null below TOL. */
  capacityRatio: number | null;
  cdh: number | null;
  copd: number | null;
  copBin: number | null;
  extrapolated: boolean;
  electricW: number;
}

export interface ScopResult {
  climate: Climate;
  scop: number;
  scopOn: number;
  scopNet: number;
  etaSPct: number;
  /** Reference annual heating demand QH = Prated x HHE. */
  qhJ: number;
  /** Annual electricity QHE (active mode, backup heater and off modes). */
  qheJ: number;
  offModeJ: number;
  hours: OffModeHours;
  bins: ScopBin[];
  checks: Check[];
}

export const DEFAULT_CDH = 0.9;
/** Regulation (EU) 813/2013 Annex I: CC = 2.5 (electricity to primary energy). */
export const DEFAULT_CONVERSION_COEFFICIENT = 2.5;
/** Regulation (EU) 813/2013 Annex III: F(1) = 3 % (temperature controls); F(2) = 5 % (ground-water pumps). */
export const F1_TEMPERATURE_CONTROL_PCT = 3;
export const F2_GROUND_WATER_PUMP_PCT = 5;

export function computeScop(unit: ScopUnit, options: ScopOptions = {}): ScopResult {
  const climate = options.climate ?? 'average';
  const data = EN14825_CLIMATES[climate];
  const hours = options.hours ?? data.keymarkHours;
  const cc = options.conversionCoefficient ?? DEFAULT_CONVERSION_COEFFICIENT;
  const defaultCdh = unit.cdh ?? DEFAULT_CDH;
  const points = validate(unit, defaultCdh);
  const checks: Check[] = [];

  const bins = data.bins.map(({ tjC, hours: h }): ScopBin => {
    // EN 14825: part-load ratio pl(Tj) = (Tj - 16) / (Tdesignh - 16); Ph(Tj) = Pdesignh x pl(Tj).
    const partLoad = (tjC - 16) / (data.tdesignhC - 16);
    const loadW = unit.pratedW * partLoad;
    if (tjC < unit.tolC) {
      // Below TOL the heat pump is off: the backup heater covers the whole load.
      const none = { capacityRatio: null, cdh: null, copd: null, copBin: null, extrapolated: false };
      return {
        tjC,
        hours: h,
        partLoad,
        loadW,
        pdhW: 0,
        heatPumpW: 0,
        backupW: loadW,
        electricW: loadW,
        ...none,
      };
    }
    const v = valuesAt(points, tjC, defaultCdh);
    // At and above Tbiv the heat pump meets the load by definition of Tbiv (declared part-load points are
    // tested at the load); between TOL and Tbiv the shortfall elbu(Tj) = Ph(Tj) - Pdh(Tj) is backup.
    const heatPumpW = tjC >= unit.tbivC ? loadW : Math.min(loadW, v.pdhW);
    const backupW = loadW - heatPumpW;
    const capacityRatio = Math.min(1, heatPumpW / v.pdhW);
    // EN 14825 cycling degradation: COPbin = COPd x CR / (Cdh x CR + 1 - Cdh).
    const copBin = (v.copd * capacityRatio) / (v.cdh * capacityRatio + 1 - v.cdh);
    const electricW = heatPumpW / copBin + backupW;
    return { tjC, hours: h, partLoad, loadW, ...v, heatPumpW, backupW, capacityRatio, copBin, electricW };
  });
  checkCapacityAboveTbiv(unit, points, data.tdesignhC, checks);

  const sum = (f: (b: ScopBin) => number) => bins.reduce((s, b) => s + b.hours * f(b), 0);
  // EN 14825: SCOPon = sum hj Ph / sum hj (Ph - elbu)/COPbin + elbu; SCOPnet leaves the backup out.
  const scopOn = sum((b) => b.loadW) / sum((b) => b.electricW);
  const scopNet = sum((b) => b.heatPumpW) / sum((b) => (b.copBin ? b.heatPumpW / b.copBin : 0));
  // EN 14825 / Regulation 813/2013 Annex III: QH = Pdesignh x HHE; QHE = QH/SCOPon + HTO PTO + HSB PSB +
  // HCK PCK + HOFF POFF; SCOP = QH / QHE.
  const qhJ = unit.pratedW * data.hheH * J_PER_WH;
  const offModeWh =
    hours.htoH * (unit.ptoW ?? 0) +
    hours.hsbH * (unit.psbW ?? 0) +
    hours.hckH * (unit.pckW ?? 0) +
    hours.hoffH * (unit.poffW ?? 0);
  const offModeJ = offModeWh * J_PER_WH;
  const qheJ = qhJ / scopOn + offModeJ;
  const scop = qhJ / qheJ;
  const etaSPct = seasonalEfficiencyPct(scop, unit.source, cc);
  return { climate, scop, scopOn, scopNet, etaSPct, qhJ, qheJ, offModeJ, hours, bins, checks };
}

/** Regulation (EU) 813/2013 Annex III: eta_s = SCOP / CC - F(1) - F(2), in percent. */
export function seasonalEfficiencyPct(
  scop: number,
  source: ScopUnit['source'] = 'air',
  conversionCoefficient = DEFAULT_CONVERSION_COEFFICIENT,
): number {
  const f2 = source === 'water' || source === 'brine' ? F2_GROUND_WATER_PUMP_PCT : 0;
  return (100 * scop) / conversionCoefficient - F1_TEMPERATURE_CONTROL_PCT - f2;
}

function validate(unit: ScopUnit, defaultCdh: number): DeclaredPoint[] {
  const positive = (field: string, value: number) => {
    if (!(Number.isFinite(value) && value > 0))
      throw new InputError('must be a number above 0', { field, value });
  };
  positive('prated', unit.pratedW);
  if (!(defaultCdh >= 0 && defaultCdh <= 1))
    throw new InputError('must be 0..1', { field: 'cdh', value: defaultCdh });
  for (const [field, value] of Object.entries({
    poff: unit.poffW,
    pto: unit.ptoW,
    psb: unit.psbW,
    pck: unit.pckW,
  }))
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw new InputError('must be a number of 0 or more', { field, value });
  if (!(unit.tolC <= unit.tbivC))
    throw new InputError(`TOL ${unit.tolC} C is above Tbiv ${unit.tbivC} C; EN 14825 needs TOL <= Tbiv`, {
      field: 'tol',
      value: unit.tolC,
    });
  unit.points.forEach((p, i) => {
    positive(`points[${i}].pdh`, p.pdhW);
    positive(`points[${i}].copd`, p.copd);
    if (p.cdh !== undefined && !(p.cdh >= 0 && p.cdh <= 1))
      throw new InputError('must be 0..1', { field: `points[${i}].cdh`, value: p.cdh });
  });
  const points = sortPoints(unit.points);
  if (points[0]?.tjC !== unit.tolC)
    throw new InputError(`the lowest declared point must be at TOL (${unit.tolC} C), EN 14825 condition E`, {
      field: 'points',
      value: points[0]?.tjC,
    });
  if (!points.some((p) => p.tjC === unit.tbivC))
    throw new InputError(`no declared point at Tbiv (${unit.tbivC} C), EN 14825 condition F`, {
      field: 'points',
      value: unit.tbivC,
    });
  return points;
}

/** Declared capacity at or above Tbiv well below the load contradicts the declared Tbiv. */
function checkCapacityAboveTbiv(unit: ScopUnit, points: DeclaredPoint[], tdesignhC: number, checks: Check[]) {
  for (const p of points) {
    const loadW = (unit.pratedW * (p.tjC - 16)) / (tdesignhC - 16);
    if (p.tjC >= unit.tbivC && p.tjC >= tdesignhC && p.pdhW < 0.9 * loadW)
      checks.push(
        check(
          'capacity-below-load-above-tbiv',
          'warning',
          `declared capacity ${(p.pdhW / 1000).toFixed(2)} kW at ${p.tjC} C is ${((1 - p.pdhW / loadW) * 100).toFixed(0)} % ` +
            `below the load ${(loadW / 1000).toFixed(2)} kW although Tbiv is ${unit.tbivC} C; ` +
            'the calculation assumes the heat pump meets the load there (definition of Tbiv)',
        ),
      );
  }
}
