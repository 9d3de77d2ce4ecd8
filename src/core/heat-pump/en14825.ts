import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import { J_PER_WH } from '../units/index.ts';
import { EN14825_CLIMATES, type Climate, type OffModeHours } from './en14825-climates.ts';
import { judgeCop } from './carnot.ts';
import {
  DEFAULT_OUTLET_C,
  mergePoints,
  valuesAt,
  type DeclaredPoint,
  type PointMerge,
} from './en14825-points.ts';
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
  /** The range the declared points allow the SCOP (see {@link scopBounds}). */
  bounds: ScopBounds;
  checks: Check[];
}

/**
 * What the declared points allow. Every bin's electricity is heat-pump heat / COPbin + backup / 1, so SCOPon
 * (a heat-weighted harmonic mean of the bin COPs) lies between the lowest and highest bin COP: lowCop = the
 * lowest COPbin (after cycling degradation) or 1 where a backup heater runs; highCop = the highest COPd the
 * bins use (declared points, interpolated between, extrapolated to +15 C), which no COPbin exceeds since the
 * degradation factor CR / (Cdh CR + 1 - Cdh) <= 1. The off-mode energy only lowers the SCOP:
 * QH / (QH / lowCop + off-mode) <= SCOP <= SCOPon <= highCop. Holds by construction for finite input; it is
 * a guard, so a non-finite value or a future change cannot yield a SCOP the points do not allow silently.
 */
export interface ScopBounds {
  lowCop: number;
  highCop: number;
  lowScop: number;
  highScop: number;
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
  const { points, merges } = validate(unit, defaultCdh);
  const checks: Check[] = [...mergeChecks(merges), ...carnotChecks(unit, points)];

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
  const bounds = scopBounds(bins, qhJ, offModeJ);
  checks.push(...offModeChecks(unit, points, hours), ...resultChecks(scop, etaSPct, bounds));
  return { climate, scop, scopOn, scopNet, etaSPct, qhJ, qheJ, offModeJ, hours, bins, bounds, checks };
}

/** The SCOP range the bins allow: see {@link ScopBounds}. */
export function scopBounds(bins: readonly ScopBin[], qhJ: number, offModeJ: number): ScopBounds {
  let lowCop = Infinity;
  let highCop = 0;
  for (const b of bins) {
    if (b.hours <= 0) continue;
    if (b.backupW > 0) {
      lowCop = Math.min(lowCop, 1);
      highCop = Math.max(highCop, 1);
    }
    if (b.heatPumpW > 0 && b.copBin !== null && b.copd !== null) {
      lowCop = Math.min(lowCop, b.copBin);
      highCop = Math.max(highCop, b.copd);
    }
  }
  return { lowCop, highCop, lowScop: qhJ / (qhJ / lowCop + offModeJ), highScop: highCop };
}

/** Points declared twice at one Tj and merged within rounding: said, with both values. */
function mergeChecks(merges: readonly PointMerge[]): Check[] {
  const v = (p: DeclaredPoint) =>
    `${p.label}: ${(p.pdhW / 1000).toString()} kW, COP ${p.copd}${p.cdh === undefined ? '' : `, Cdh ${p.cdh}`}`;
  return merges.map((m) =>
    check(
      'duplicate-point-merged',
      'info',
      `two declared points at ${m.tjC} C agree within their rounding and count once: kept ${v(m.kept)}; ` +
        `same point ${v(m.dropped)}`,
    ),
  );
}

/**
 * Every declared COP against the Carnot limit of its source and outlet temperatures (carnot.ts): above it is
 * an error, above 60 % of it a warning. Source: the point's sourceC, else the outdoor air Tj for air units,
 * the EN 14825 / EN 14511 test inlet for brine (0 C) and water (10 C) units (the inlet is warmer than the
 * evaporator, so the limit is generous). Outlet: the point's outletC, else DEFAULT_OUTLET_C, the lowest
 * outlet of any EN 14825 condition (again generous).
 */
function carnotChecks(unit: ScopUnit, points: readonly DeclaredPoint[]): Check[] {
  const out: Check[] = [];
  for (const p of points) {
    const sourceC = p.sourceC ?? (unit.source === 'brine' ? 0 : unit.source === 'water' ? 10 : p.tjC);
    const sinkC = p.outletC ?? DEFAULT_OUTLET_C;
    const j = judgeCop({ cop: p.copd, mode: 'heating', sinkC, sourceC });
    if (!j.check) continue;
    const assumed = [
      ...(p.outletC === undefined ? [`outlet ${DEFAULT_OUTLET_C} C assumed, none declared`] : []),
      ...(p.sourceC === undefined && unit.source !== undefined && unit.source !== 'air'
        ? [`source ${sourceC} C, the EN 14825 ${unit.source} inlet`]
        : []),
    ];
    const said = j.check.message.replace(
      /; the data, the meter or the temperatures are wrong$/,
      '; the declared COP or its temperatures are wrong',
    );
    out.push({
      ...j.check,
      message:
        `declared point ${p.label ?? `at ${p.tjC} C`} (Tj ${p.tjC} C): ${said}` +
        (assumed.length ? `; ${assumed.join('; ')}` : ''),
    });
  }
  return out;
}

/**
 * An off-mode power (thermostat-off, standby, crankcase heater, off) is drawn with the compressor stopped: it
 * cannot exceed the unit's electric input while heating at full declared capacity, the largest Pdh / COPd
 * among the points. Above it, the figure is an error (1 MW off-mode power gives eta_s -3 %).
 */
function offModeChecks(unit: ScopUnit, points: readonly DeclaredPoint[], hours: OffModeHours): Check[] {
  const maxInputW = Math.max(...points.map((p) => p.pdhW / p.copd));
  const powers = [
    ['PTO (thermostat-off)', unit.ptoW, hours.htoH],
    ['PSB (standby)', unit.psbW, hours.hsbH],
    ['PCK (crankcase heater)', unit.pckW, hours.hckH],
    ['POFF (off mode)', unit.poffW, hours.hoffH],
  ] as const;
  return powers
    .filter(([, w]) => w !== undefined && w > maxInputW)
    .map(([name, w, h]) =>
      check(
        'off-mode-power-above-input',
        'error',
        `${name} ${w} W exceeds the unit's largest electric input at a declared point (Pdh / COPd = ` +
          `${maxInputW.toFixed(0)} W): an off-mode power is drawn with the compressor stopped; ` +
          `it counts ${h} h a year here`,
      ),
    );
}

function resultChecks(scop: number, etaSPct: number, b: ScopBounds): Check[] {
  const out: Check[] = [];
  const tol = 1e-9;
  if (!(Number.isFinite(scop) && scop >= b.lowScop * (1 - tol) && scop <= b.highScop * (1 + tol)))
    out.push(
      check(
        'scop-outside-points',
        'error',
        `SCOP ${scop} lies outside what the declared points allow: ${b.lowScop.toFixed(3)} ` +
          `(lowest bin COP ${b.lowCop.toFixed(2)}, with the off-mode energy) to ${b.highScop.toFixed(3)} ` +
          `(highest COPd ${b.highCop.toFixed(2)})`,
      ),
    );
  if (!(etaSPct >= 0))
    out.push(
      check(
        'eta-s-negative',
        'error',
        `eta_s ${etaSPct.toFixed(1)} % is below 0 (SCOP ${scop.toFixed(3)}): ` +
          'the off-mode powers or the declared points are wrong',
      ),
    );
  return out;
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

function validate(unit: ScopUnit, defaultCdh: number): { points: DeclaredPoint[]; merges: PointMerge[] } {
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
    const name = p.label ?? `points[${i}]`;
    positive(`${name}.pdh`, p.pdhW);
    positive(`${name}.copd`, p.copd);
    if (p.cdh !== undefined && !(p.cdh >= 0 && p.cdh <= 1))
      throw new InputError('must be 0..1', { field: `${name}.cdh`, value: p.cdh });
  });
  const { points, merges } = mergePoints(unit.points);
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
  return { points, merges };
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
