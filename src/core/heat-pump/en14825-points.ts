import { InputError, OutOfRangeError } from '../errors.ts';

/** A declared part-load point of EN 14825 (conditions A..G, Tbiv, TOL): capacity Pdh and COPd at Tj. */
export interface DeclaredPoint {
  tjC: number;
  pdhW: number;
  copd: number;
  /** Degradation coefficient declared at this point; the unit's default applies when absent. */
  cdh?: number;
  /** Water outlet (flow) temperature of the point, for the Carnot check; see {@link DEFAULT_OUTLET_C}. */
  outletC?: number;
  /** Heat-source temperature of the point, for the Carnot check; default by the unit's source kind. */
  sourceC?: number;
  /** How the point is named in messages, in the user's words (`points[2]`, `Tbiv (p_th_tbiv_l)`). */
  label?: string;
  /**
   * Rounding step of the declared values: one unit of the last declared decimal of the declaration
   * ({@link declarationStep}: 0.01 for COPs written 4.64, 3.2, 2.91; 10 W for capacities in kW to 2
   * decimals). Absent: the finest {@link decimalStep} of that value among the points given (pdhW in W).
   */
  pdhStepW?: number;
  copdStep?: number;
  cdhStep?: number;
}

/**
 * Outlet (flow) temperature assumed for the Carnot check of a point that states none: 24 C, the lowest
 * outlet of any EN 14825 reference condition (condition D, +12 C, of the low-temperature application,
 * variable outlet 35/34/30/27/24 C; reference/keymark/README.md). The lowest sink gives the highest Carnot
 * limit, so the assumption can only let an impossible COP pass, never flag a possible one.
 */
export const DEFAULT_OUTLET_C = 24;

/** How far above the highest declared point the bins may reach: condition D (+12 C) to the 15 C bin. */
export const MAX_EXTRAPOLATION_K = 3;

export interface PointValues {
  pdhW: number;
  copd: number;
  cdh: number;
  extrapolated: boolean;
}

/**
 * Declared values at bin temperature Tj. EN 14825:2018 (bin method for SCOP) and Regulation (EU) 813/2013 Annex I
 * ("bin-specific coefficient of performance": "calculated for other bins through inter/extrapolation"):
 * linear interpolation between the two nearest declared points; above the highest point (bins 13..15 C
 * above condition D) linear extrapolation from the two highest points, at most MAX_EXTRAPOLATION_K.
 * Below the lowest point nothing is extrapolated: the lowest point must be TOL, below which the heat pump
 * is off. `sorted` is ascending in Tj with distinct temperatures (see {@link sortPoints}).
 */
export function valuesAt(sorted: readonly DeclaredPoint[], tjC: number, defaultCdh: number): PointValues {
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) throw new InputError('no declared points', { field: 'points' });
  const cdhOf = (p: DeclaredPoint) => p.cdh ?? defaultCdh;
  if (tjC < first.tjC)
    throw new OutOfRangeError(`bin ${tjC} C is below the lowest declared point ${first.tjC} C`, {
      field: 'points',
      value: tjC,
    });
  if (tjC > last.tjC + MAX_EXTRAPOLATION_K || (tjC > last.tjC && sorted.length < 2))
    throw new OutOfRangeError(
      `bin ${tjC} C is above the highest declared point ${last.tjC} C; extrapolation needs two points ` +
        `and reaches at most ${MAX_EXTRAPOLATION_K} K: ` +
        'declare condition D (+12 C)',
      { field: 'points', value: tjC },
    );
  const exact = sorted.find((p) => p.tjC === tjC);
  if (exact) return { pdhW: exact.pdhW, copd: exact.copd, cdh: cdhOf(exact), extrapolated: false };
  // tjC is above the first point: the segment ends at the first point above it, or is the last segment.
  const i = sorted.findIndex((p) => p.tjC > tjC);
  const b = sorted[i === -1 ? sorted.length - 1 : i]!;
  const a = sorted[(i === -1 ? sorted.length - 1 : i) - 1]!;
  const w = (tjC - a.tjC) / (b.tjC - a.tjC);
  const lerp = (x: number, y: number) => x + (y - x) * w;
  const values = {
    pdhW: lerp(a.pdhW, b.pdhW),
    copd: lerp(a.copd, b.copd),
    cdh: lerp(cdhOf(a), cdhOf(b)),
    extrapolated: tjC > last.tjC,
  };
  if (!(values.pdhW > 0 && values.copd > 0))
    throw new OutOfRangeError(
      `extrapolating the declared points to ${tjC} C gives capacity ${values.pdhW.toFixed(0)} W and COP ` +
        `${values.copd.toFixed(2)}; declare a point there`,
      { field: 'points', value: tjC },
    );
  return values;
}

/**
 * One unit of the last decimal of a number as written in its shortest form: 0.01 for 4.64, 0.1 for 3.3, 1 for
 * 12. JSON and the hplib table keep no trailing zeros, so a value declared "3.30" reads as 3.3 (step 0.1):
 * the tolerance is then that of the coarser reading, never finer than what was written.
 */
export function decimalStep(x: number): number {
  if (!Number.isFinite(x)) return 0;
  const [mantissa = '', exponent = '0'] = String(Math.abs(x)).split('e');
  const decimals = (mantissa.split('.')[1] ?? '').length - Number(exponent);
  return 10 ** -Math.max(0, decimals);
}

/**
 * The rounding step of a declaration for one quantity: the finest step among its values as written. A
 * declaration states one quantity in one format, so "3.2" beside "3.22" and "4.64" is 3.20, declared to 0.01
 * (JSON and the hplib table drop trailing zeros); only when every value has one decimal is the step 0.1.
 */
export function declarationStep(values: readonly number[]): number {
  const steps = values.filter(Number.isFinite).map(decimalStep);
  return steps.length ? Math.min(...steps) : 1;
}

/**
 * Two declared values agree within the declaration's rounding when the intervals they stand for,
 * value +- half its rounding step, overlap: |a - b| <= (stepA + stepB) / 2. Both to 2 decimals: +-0.01;
 * 0.1 kW and 0.01 kW: +-0.055 kW. A relative 1e-9 absorbs binary floating point (3.31 - 3.3 = 0.0100..02).
 */
export function agreeWithinRounding(a: number, b: number, stepA: number, stepB: number): boolean {
  const allowed = (stepA + stepB) / 2;
  return Math.abs(a - b) <= allowed * (1 + 1e-9) + Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));
}

/** Two declared points at one Tj that agree within rounding, merged into the one kept. */
export interface PointMerge {
  tjC: number;
  kept: DeclaredPoint;
  dropped: DeclaredPoint;
}

const labelOf = (p: DeclaredPoint, i: number) => p.label ?? `points[${i}]`;
const describe = (p: DeclaredPoint, i: number, withOutlet: boolean) =>
  `${labelOf(p, i)} (${p.tjC} C: ${(p.pdhW / 1000).toString()} kW, COP ${p.copd}` +
  `${p.cdh === undefined ? '' : `, Cdh ${p.cdh}`}` +
  `${withOutlet && p.outletC !== undefined ? `, outlet ${p.outletC} C` : ''})`;

/**
 * Sorts the points by Tj and merges points declared twice at one Tj. A Keymark declaration lists the points
 * at Tbiv and TOL beside A..D, so one Tj often appears twice, once with Cdh and once without, or with COPs
 * 0.01 apart from rounding. Two points agree when capacity, COP and (if both declare it) Cdh agree within
 * their rounding ({@link agreeWithinRounding}); the kept point is the more precisely declared one (the first
 * listed on a tie) and takes the other's Cdh where it declares none. Points that disagree are a conflict:
 * InputError naming both. Every point returned carries its label (`points[i]` by its place in the input).
 */
export function mergePoints(points: readonly DeclaredPoint[]): {
  points: DeclaredPoint[];
  merges: PointMerge[];
} {
  const indexed = points.map((p, i) => ({ p, i }));
  const sorted = [...indexed].sort((x, y) => x.p.tjC - y.p.tjC || x.i - y.i);
  const out: { p: DeclaredPoint; i: number }[] = [];
  const merges: PointMerge[] = [];
  const pdhDefault = declarationStep(points.map((p) => p.pdhW));
  const copDefault = declarationStep(points.map((p) => p.copd));
  const cdhDefault = declarationStep(points.flatMap((p) => (p.cdh === undefined ? [] : [p.cdh])));
  const pdhStep = (p: DeclaredPoint) => p.pdhStepW ?? pdhDefault;
  const copStep = (p: DeclaredPoint) => p.copdStep ?? copDefault;
  const cdhStep = (p: DeclaredPoint) => p.cdhStep ?? cdhDefault;
  for (const cur of sorted) {
    const prev = out[out.length - 1];
    if (!prev || prev.p.tjC !== cur.p.tjC) {
      out.push(cur);
      continue;
    }
    const a = prev.p;
    const b = cur.p;
    const agree =
      agreeWithinRounding(a.pdhW, b.pdhW, pdhStep(a), pdhStep(b)) &&
      agreeWithinRounding(a.copd, b.copd, copStep(a), copStep(b)) &&
      (a.cdh === undefined ||
        b.cdh === undefined ||
        agreeWithinRounding(a.cdh, b.cdh, cdhStep(a), cdhStep(b))) &&
      (a.outletC === undefined || b.outletC === undefined || a.outletC === b.outletC);
    const outletsDiffer = a.outletC !== undefined && b.outletC !== undefined && a.outletC !== b.outletC;
    if (!agree)
      throw new InputError(
        `two declared points at ${b.tjC} C disagree beyond their rounding: ` +
          `${describe(a, prev.i, outletsDiffer)} and ${describe(b, cur.i, outletsDiffer)}`,
        { field: 'points', value: b.tjC },
      );
    const finer = pdhStep(b) + copStep(b) < pdhStep(a) + copStep(a) ? cur : prev;
    const other = finer === cur ? prev : cur;
    const kept: DeclaredPoint = {
      ...finer.p,
      ...(finer.p.cdh === undefined && other.p.cdh !== undefined ? { cdh: other.p.cdh } : {}),
      ...(finer.p.outletC === undefined && other.p.outletC !== undefined ? { outletC: other.p.outletC } : {}),
    };
    out[out.length - 1] = { p: kept, i: finer.i };
    merges.push({
      tjC: b.tjC,
      kept: { ...kept, label: labelOf(finer.p, finer.i) },
      dropped: { ...other.p, label: labelOf(other.p, other.i) },
    });
  }
  return { points: out.map((x) => ({ ...x.p, label: labelOf(x.p, x.i) })), merges };
}

/** Sorts the points by Tj, merging points at one Tj that agree within rounding ({@link mergePoints}). */
export function sortPoints(points: readonly DeclaredPoint[]): DeclaredPoint[] {
  return mergePoints(points).points;
}
