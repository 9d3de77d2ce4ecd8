import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  InputError,
  sourceKindOf,
  validateGrid,
  type Grid2D,
  type KeymarkRow,
  type PerformanceMap,
} from '../core/index.ts';

/**
 * A unit described in JSON, either as a performance map
 *   { "name", "capacity": { "sink_c": [..], "source_c": [..], "values_w": [[..]] }, "power": { ...same } }
 * (values_w[i][j] at sink_c[i], source_c[j]) or as Keymark-style declared points for the hplib fit
 *   { "name", "type": "Outdoor Air/Water" | "Brine/Water" | "Water/Water", "tol_c", "wtol_c"?,
 *     "w35": [{ "tj_c": -7, "pdh_kw", "copd" }, ...2, 7, 12], "w55": [...] }.
 */
export type UnitFile = { kind: 'map'; map: PerformanceMap } | { kind: 'keymark'; row: KeymarkRow };

export function parseUnitJson(text: string, file = 'unit.json'): UnitFile {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`not JSON: ${(error as Error).message}`, { file });
  }
  const name = typeof data.name === 'string' ? data.name : basename(file, '.json');
  const fail = (field: string, message: string, value?: unknown) =>
    new InputError(message, { file, field, value });
  if ('capacity' in data) {
    const grid = (field: 'capacity' | 'power'): Grid2D => {
      const g = data[field] as { sink_c?: unknown; source_c?: unknown; values_w?: unknown } | undefined;
      const nums = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'number');
      if (!g || !nums(g.sink_c) || !nums(g.source_c) || !Array.isArray(g.values_w) || !g.values_w.every(nums))
        throw fail(field, 'expected { sink_c: number[], source_c: number[], values_w: number[][] }');
      const out = {
        sinkC: g.sink_c as number[],
        sourceC: g.source_c as number[],
        valuesW: g.values_w as number[][],
      };
      validateGrid(out, `${file} ${field}`);
      return out;
    };
    return {
      kind: 'map',
      map: { name, device: name, standard: 'user', capacity: grid('capacity'), power: grid('power') },
    };
  }
  if ('w35' in data) {
    const points = (field: 'w35' | 'w55') => {
      const list = data[field];
      const tj = [-7, 2, 7, 12];
      if (!Array.isArray(list) || list.length !== 4)
        throw fail(field, 'expected 4 points at tj_c -7, 2, 7, 12');
      return (list as Record<string, unknown>[]).map((p, i) => {
        if (p.tj_c !== tj[i] || typeof p.pdh_kw !== 'number' || typeof p.copd !== 'number')
          throw fail(`${field}[${i}]`, `expected { tj_c: ${tj[i]}, pdh_kw: number, copd: number }`, p);
        return { pdhKw: p.pdh_kw, copd: p.copd };
      });
    };
    if (typeof data.tol_c !== 'number') throw fail('tol_c', 'expected a number (TOL, degC)', data.tol_c);
    const type = data.type ?? 'Outdoor Air/Water';
    try {
      sourceKindOf(String(type));
    } catch {
      throw fail('type', 'expected a Keymark type: Outdoor Air/Water, Brine/Water or Water/Water', type);
    }
    const row: KeymarkRow = {
      title: name,
      manufacturer: '',
      type: String(type),
      tolC: data.tol_c,
      ...(typeof data.wtol_c === 'number' ? { wtolC: data.wtol_c } : {}),
      low: points('w35'),
      high: points('w55'),
    };
    return { kind: 'keymark', row };
  }
  throw fail(
    'capacity/w35',
    'a unit file needs "capacity" and "power" grids or "w35" and "w55" declared points',
  );
}

/**
 * The text of a unit file, without a leading UTF-8 byte-order mark (editors on Windows write one; the meter
 * reader drops it the same way). An unreadable path (missing, a directory) is an InputError naming it.
 */
export function readUnitText(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read unit file: ${(error as Error).message}`, { file: path });
  }
  return text.replace(/^\uFEFF/, '');
}

export function loadUnitFile(path: string): UnitFile {
  return parseUnitJson(readUnitText(path), basename(path));
}
