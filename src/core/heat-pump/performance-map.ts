import { InputError, OutOfRangeError } from '../errors.ts';
import type { HeatPumpModel, ModelRange, OperatingPoint } from './model.ts';

/**
 * A manufacturer table of one quantity (W) on a rectangular grid of sink (condenser outlet) and source
 * (evaporator inlet) temperatures, as in AixLib's TableData2D records (RWTH-EBC/AixLib, BSD-3-style).
 * valuesW[i][j] is the value at sinkC[i], sourceC[j]; both axes strictly increasing.
 */
export interface Grid2D {
  sinkC: number[];
  sourceC: number[];
  valuesW: number[][];
}

/** Heating capacity and electrical power maps of one unit (the two may have different grids). */
export interface PerformanceMap {
  /** Record name (AixLib record, e.g. `Vitocal251A08`). */
  name: string;
  /** Device name as written in the source. */
  device: string;
  /** Rating standard of the table (EN14511, EN255). */
  standard: string;
  capacity: Grid2D;
  power: Grid2D;
}

/** Checks a grid's shape and order; throws InputError naming the map and quantity. */
export function validateGrid(grid: Grid2D, label: string): void {
  const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > (xs[i - 1] as number));
  if (grid.sinkC.length < 2 || grid.sourceC.length < 2)
    throw new InputError(`${label}: a map needs at least 2 sink and 2 source temperatures`);
  if (!increasing(grid.sinkC) || !increasing(grid.sourceC))
    throw new InputError(`${label}: grid temperatures must be strictly increasing`);
  if (grid.valuesW.length !== grid.sinkC.length || grid.valuesW.some((r) => r.length !== grid.sourceC.length))
    throw new InputError(`${label}: grid is not complete (every sink x source pair needs a value)`);
  for (const row of grid.valuesW)
    for (const v of row)
      if (!Number.isFinite(v) || v < 0) throw new InputError(`${label}: value must be >= 0`, { value: v });
}

/** Index i with xs[i] <= x <= xs[i+1]; -1 outside. */
function bracket(xs: number[], x: number): number {
  if (!(x >= (xs[0] as number) && x <= (xs[xs.length - 1] as number))) return -1;
  for (let i = 0; i < xs.length - 1; i++) if (x <= (xs[i + 1] as number)) return i;
  return -1;
}

/**
 * Bilinear interpolation on the grid (the standard tensor-product linear interpolation, as Modelica's
 * CombiTable2D with smoothness LinearSegments, which AixLib uses for these tables):
 *   f = (1-u)(1-v) f00 + u(1-v) f10 + (1-u) v f01 + u v f11,  u, v = fractions along sink and source.
 * Outside the grid, or in a cell with a 0 node (tables mark points where the unit cannot run with 0),
 * it throws OutOfRangeError: never extrapolates.
 */
export function bilinear(grid: Grid2D, sourceC: number, sinkC: number, what = 'map'): number {
  const i = bracket(grid.sinkC, sinkC);
  const j = bracket(grid.sourceC, sourceC);
  if (i < 0 || j < 0)
    throw new OutOfRangeError(
      `${what}: source ${sourceC} degC / sink ${sinkC} degC is outside the table (source ${grid.sourceC[0]}..${grid.sourceC.at(-1)} degC, sink ${grid.sinkC[0]}..${grid.sinkC.at(-1)} degC)`,
      { field: 'sourceC/sinkC', value: [sourceC, sinkC] },
    );
  const x0 = grid.sinkC[i] as number;
  const x1 = grid.sinkC[i + 1] as number;
  const y0 = grid.sourceC[j] as number;
  const y1 = grid.sourceC[j + 1] as number;
  const u = (sinkC - x0) / (x1 - x0);
  const v = (sourceC - y0) / (y1 - y0);
  const row0 = grid.valuesW[i] as number[];
  const row1 = grid.valuesW[i + 1] as number[];
  const f00 = row0[j] as number;
  const f01 = row0[j + 1] as number;
  const f10 = row1[j] as number;
  const f11 = row1[j + 1] as number;
  const weights: [number, number][] = [
    [f00, (1 - u) * (1 - v)],
    [f10, u * (1 - v)],
    [f01, (1 - u) * v],
    [f11, u * v],
  ];
  if (weights.some(([f, w]) => f <= 0 && w > 0))
    throw new OutOfRangeError(
      `${what}: source ${sourceC} degC / sink ${sinkC} degC is outside the unit's operating envelope (the table gives 0 there)`,
      { field: 'sourceC/sinkC', value: [sourceC, sinkC] },
    );
  return weights.reduce((sum, [f, w]) => sum + f * w, 0);
}

/** The region where both the capacity and the power table are defined. */
export function mapRange(map: PerformanceMap): ModelRange {
  const { capacity: q, power: p } = map;
  return {
    sourceMinC: Math.max(q.sourceC[0] as number, p.sourceC[0] as number),
    sourceMaxC: Math.min(q.sourceC.at(-1) as number, p.sourceC.at(-1) as number),
    sinkMinC: Math.max(q.sinkC[0] as number, p.sinkC[0] as number),
    sinkMaxC: Math.min(q.sinkC.at(-1) as number, p.sinkC.at(-1) as number),
  };
}

/** Capacity, power and COP from the map at (source, sink), times `scale` (capacity and power alike). */
export function mapPoint(map: PerformanceMap, sourceC: number, sinkC: number, scale = 1): OperatingPoint {
  const capacityW = scale * bilinear(map.capacity, sourceC, sinkC, `${map.name} capacity`);
  const powerW = scale * bilinear(map.power, sourceC, sinkC, `${map.name} power`);
  return { capacityW, powerW, cop: capacityW / powerW };
}

/**
 * A map as a {@link HeatPumpModel}. `scale` sizes the unit: AixLib scales its table data the same way
 * (scalingFactor = nominal heat flow wanted / table heat flow at the nominal point), which keeps the COP.
 */
export function mapModel(map: PerformanceMap, scale = 1): HeatPumpModel {
  if (!(scale > 0)) throw new InputError('map scale must be > 0', { field: 'scale', value: scale });
  return {
    name: scale === 1 ? map.name : `${map.name} x ${scale.toPrecision(4)}`,
    kind: 'map',
    range: mapRange(map),
    at: ({ sourceC, sinkC }) => mapPoint(map, sourceC, sinkC, scale),
  };
}

/** Scale factor that makes the map's capacity at `at` equal `capacityW` (AixLib scalingFactor). */
export function scaleToCapacity(
  map: PerformanceMap,
  capacityW: number,
  at: { sourceC: number; sinkC: number },
): number {
  if (!(capacityW > 0)) throw new InputError('capacity must be > 0', { field: 'capacity', value: capacityW });
  return capacityW / bilinear(map.capacity, at.sourceC, at.sinkC, `${map.name} capacity`);
}
