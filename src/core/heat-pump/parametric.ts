import { InputError, OutOfRangeError } from '../errors.ts';
import { leastSquares } from './least-squares.ts';
import type { HeatPumpModel, ModelRange } from './model.ts';

/**
 * The open hplib parametric model (FZJ-IEK3-VSA/hplib, hplib.py and hplib_database.py; MIT), fitted to Heat
 * Pump Keymark declared points:
 *   COP  = p1 T_in + p2 T_out + p3 + p4 T_amb
 *   P_el = P_el_ref (k1 T_in + k2 T_out + k3 + k4 T_amb)      P_el_ref = P_el at -7 degC / 52 degC (W55)
 *   P_th = P_el x COP
 * T_in = source (evaporator inlet), T_out = leaving water, T_amb = outdoor air. See docs/methods.md.
 */
export type SourceKind = 'air' | 'brine' | 'water';

/** One Keymark declaration (one row of hplib's database_reduced.csv). Powers in kW as declared. */
export interface KeymarkRow {
  title: string;
  manufacturer: string;
  type: string;
  /** TOL: lowest outdoor temperature at which the unit runs (EN 14825). */
  tolC: number;
  /** WTOL: highest leaving-water temperature, when declared. */
  wtolC?: number;
  /** Declared Pdh (kW) and COPd at Tj = -7, +2, +7, +12 degC, W35 application (`_l`) and W55 (`_h`). */
  low: { pdhKw: number; copd: number }[];
  high: { pdhKw: number; copd: number }[];
}

/** EN 14825 outdoor temperatures of the declared points and the climate-curve outlet temperatures (hplib). */
export const KEYMARK_AMBIENT_C = [-7, 2, 7, 12] as const;
export const KEYMARK_OUTLET_LOW_C = [34, 30, 27, 24] as const;
export const KEYMARK_OUTLET_HIGH_C = [52, 42, 36, 30] as const;
/** Keymark test source temperatures of brine and water units (EN 14825 / EN 14511: B0, W10), as hplib uses. */
const SOURCE_C: Record<SourceKind, number | undefined> = { air: undefined, brine: 0, water: 10 };

export interface RatedPoint {
  sourceC: number;
  sinkC: number;
  ambientC: number;
  capacityW: number;
  cop: number;
}

/**
 * Heat source of a Keymark application type ("Outdoor Air/Water", "Exhaust Air/Water", "Hybrid Air/Water",
 * "Brine/Water", "Brine/Water and Water/Water", "Water/Water"): what Regulation 813/2013's F(2) correction
 * and the hplib fit depend on.
 */
export function sourceKindOf(type: string): SourceKind {
  if (/^(outdoor|exhaust|hybrid) air/i.test(type)) return 'air';
  if (/^brine/i.test(type)) return 'brine';
  if (/^water/i.test(type)) return 'water';
  throw new InputError('unknown Keymark heat-pump type', { field: 'types', value: type });
}

/** The 8 declared points of a row (W35 and W55 at -7/+2/+7/+12 degC). */
export function keymarkPoints(row: KeymarkRow): RatedPoint[] {
  const fixed = SOURCE_C[sourceKindOf(row.type)];
  const points = (set: KeymarkRow['low'], outlets: readonly number[]) =>
    set.map((p, i) => {
      const ambientC = KEYMARK_AMBIENT_C[i] as number;
      if (!(p.pdhKw > 0 && p.copd > 0))
        throw new InputError(`${row.title}: declared point at ${ambientC} degC missing`, { value: p });
      return {
        sourceC: fixed ?? ambientC,
        sinkC: outlets[i] as number,
        ambientC,
        capacityW: p.pdhKw * 1000,
        cop: p.copd,
      };
    });
  return [...points(row.low, KEYMARK_OUTLET_LOW_C), ...points(row.high, KEYMARK_OUTLET_HIGH_C)];
}

export interface ParametricParams {
  name: string;
  sourceKind: SourceKind;
  /** hplib: "On-Off" when Pdh rises with Tj over -7 <= 2 <= 7 <= 12 (W35), else "Regulated". */
  subtype: 'on-off' | 'regulated';
  copP: [number, number, number, number];
  elecP: [number, number, number, number];
  elecRefW: number;
  range: ModelRange;
  declared: ModelRange;
}

type Point4 = { sourceC: number; sinkC: number; ambientC: number; y: number };

/**
 * Least-squares fit of y = p1 T_in + p2 T_out + p3 + p4 T_amb. When T_in equals T_amb at every point (air
 * source) only p1 + p4 is determined: we return it as p1 and p4 = 0 (hplib's iterative fit returns a split
 * that depends on its start values; predictions are the same).
 */
export function fitLinear4(points: readonly Point4[]): [number, number, number, number] {
  const sameColumn = points.every((p) => p.sourceC === p.ambientC);
  const y = points.map((p) => p.y);
  if (sameColumn) {
    const [a, b, c] = leastSquares(
      points.map((p) => [p.sourceC, p.sinkC, 1]),
      y,
    ) as [number, number, number];
    return [a, b, c, 0];
  }
  return leastSquares(
    points.map((p) => [p.sourceC, p.sinkC, 1, p.ambientC]),
    y,
  ) as [number, number, number, number];
}

const lin = (p: readonly number[], t: { sourceC: number; sinkC: number; ambientC: number }) =>
  (p[0] as number) * t.sourceC +
  (p[1] as number) * t.sinkC +
  (p[2] as number) +
  (p[3] as number) * t.ambientC;

/** Fits the hplib model to a Keymark row, as hplib_database.calculate_fitting_parameters does. */
export function fitKeymark(row: KeymarkRow): ParametricParams {
  const sourceKind = sourceKindOf(row.type);
  const declared = keymarkPoints(row);
  const pdh = row.low.map((p) => p.pdhKw);
  const subtype = pdh.every((v, i) => i === 0 || v >= (pdh[i - 1] as number)) ? 'on-off' : 'regulated';
  const elecRefW = ((row.high[0]?.pdhKw as number) * 1000) / (row.high[0]?.copd as number);
  // hplib fits brine and water units on the points plus a copy with T_in and T_out raised by 1 K (same
  // values): Keymark tests them at one source temperature, so this ties COP to the lift T_out - T_in.
  const withShift = (pts: Point4[]) =>
    sourceKind === 'air'
      ? pts
      : [...pts, ...pts.map((p) => ({ ...p, sourceC: p.sourceC + 1, sinkC: p.sinkC + 1 }))];
  const cop = withShift(declared.map((p) => ({ ...p, y: p.cop })));
  // Regulated units: hplib fits P_el on the -7 and +2 degC points only (the units modulate down above them).
  const elec = withShift(
    declared
      .filter((p) => subtype === 'on-off' || p.ambientC <= 2)
      .map((p) => ({ ...p, y: p.capacityW / p.cop / elecRefW })),
  );
  const sinks = declared.map((p) => p.sinkC);
  const sources = declared.map((p) => p.sourceC);
  const fixed = SOURCE_C[sourceKind];
  return {
    name: row.title,
    sourceKind,
    subtype,
    copP: fitLinear4(cop),
    elecP: fitLinear4(elec),
    elecRefW,
    // Assumed validity (docs/methods.md): air units from TOL up to +20 degC outdoor; brine/water units from
    // 5 K below to 20 K above their test source temperature; leaving water from 24 degC up to WTOL (or 52).
    range: {
      sourceMinC: fixed === undefined ? row.tolC : fixed - 5,
      sourceMaxC: fixed === undefined ? 20 : fixed + 20,
      sinkMinC: Math.min(...sinks),
      sinkMaxC: Math.max(row.wtolC ?? 52, 52),
    },
    declared: {
      sourceMinC: Math.min(...sources),
      sourceMaxC: Math.max(...sources),
      sinkMinC: Math.min(...sinks),
      sinkMaxC: Math.max(...sinks),
    },
  };
}

/**
 * The fitted model as a {@link HeatPumpModel} (hplib simulate, heating): COP and P_el from the fits; for
 * regulated units P_el is at least 25 % of P_el at T_amb = -7 degC (hplib's minimum); P_th = P_el x COP.
 * Where the fitted COP is <= 1 (hplib switches to the electric heater there) it throws OutOfRangeError.
 */
export function parametricModel(params: ParametricParams): HeatPumpModel {
  const { range } = params;
  return {
    name: params.name,
    kind: 'parametric',
    range,
    declared: params.declared,
    at(c) {
      const t = { ...c, ambientC: params.sourceKind === 'air' ? c.sourceC : c.ambientC };
      if (
        t.sourceC < range.sourceMinC ||
        t.sourceC > range.sourceMaxC ||
        t.sinkC < range.sinkMinC ||
        t.sinkC > range.sinkMaxC
      )
        throw new OutOfRangeError(
          `${params.name}: source ${t.sourceC} degC / sink ${t.sinkC} degC outside the fitted model's range (source ${range.sourceMinC}..${range.sourceMaxC}, sink ${range.sinkMinC}..${range.sinkMaxC} degC)`,
          { field: 'sourceC/sinkC', value: [t.sourceC, t.sinkC] },
        );
      const cop = lin(params.copP, t);
      if (!(cop > 1))
        throw new OutOfRangeError(
          `${params.name}: fitted COP ${cop.toFixed(2)} <= 1 at source ${t.sourceC} / sink ${t.sinkC} degC`,
          {
            field: 'cop',
            value: cop,
          },
        );
      let powerW = params.elecRefW * lin(params.elecP, t);
      if (params.subtype === 'regulated') {
        const cold =
          params.sourceKind === 'air' ? { sourceC: -7, ambientC: -7 } : { sourceC: t.sourceC, ambientC: -7 };
        powerW = Math.max(powerW, 0.25 * params.elecRefW * lin(params.elecP, { ...cold, sinkC: t.sinkC }));
      }
      if (!(powerW > 0))
        throw new OutOfRangeError(
          `${params.name}: fitted electrical power <= 0 at source ${t.sourceC} degC`,
          { value: powerW },
        );
      return { capacityW: powerW * cop, powerW, cop };
    },
  };
}
