import { basename } from 'node:path';
import { z } from 'zod';
import type { ScopDeclaration, UnitDeclaration } from '../app/index.ts';
import {
  declarationStep,
  InputError,
  powerToW,
  sourceKindOf,
  validateGrid,
  type Grid2D,
  type KeymarkRow,
  type ScopUnit,
} from '../core/index.ts';
import { parseJsonText, readTextFile } from './json-file.ts';

// Two unit-file formats are read here: the unit of `trec estimate` (a performance map or Keymark-style
// points for the hplib fit) and the EN 14825 declaration of `trec scop` (part-load points per climate).

/**
 * A unit described in JSON, either as a performance map
 *   { "name", "capacity": { "sink_c": [..], "source_c": [..], "values_w": [[..]] }, "power": { ...same } }
 * (values_w[i][j] at sink_c[i], source_c[j]) or as Keymark-style declared points for the hplib fit
 *   { "name", "type": "Outdoor Air/Water" | "Brine/Water" | "Water/Water", "tol_c", "wtol_c"?,
 *     "w35": [{ "tj_c": -7, "pdh_kw", "copd" }, ...2, 7, 12], "w55": [...] }.
 */
export type UnitFile = UnitDeclaration;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

export function parseUnitJson(text: string, file = 'unit.json'): UnitFile {
  const fail = (field: string, message: string, value?: unknown) =>
    new InputError(message, { file, field, value });
  const data = parseJsonText(text, 'not JSON', { file });
  if (!isObject(data))
    throw fail('(root)', 'a unit file is a JSON object with "capacity" and "power" or "w35" and "w55"');
  const name = typeof data.name === 'string' ? data.name : basename(file, '.json');
  if ('capacity' in data) {
    const grid = (field: 'capacity' | 'power'): Grid2D => {
      const g = data[field];
      if (!isObject(g) || !isNumbers(g.sink_c) || !isNumbers(g.source_c) || !Array.isArray(g.values_w))
        throw fail(field, 'expected { sink_c: number[], source_c: number[], values_w: number[][] }');
      const valuesW = g.values_w.filter(isNumbers);
      if (valuesW.length !== g.values_w.length)
        throw fail(field, 'expected { sink_c: number[], source_c: number[], values_w: number[][] }');
      const out = { sinkC: g.sink_c, sourceC: g.source_c, valuesW };
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
      return list.map((p: unknown, i) => {
        if (!isObject(p) || p.tj_c !== tj[i] || typeof p.pdh_kw !== 'number' || typeof p.copd !== 'number')
          throw fail(`${field}[${i}]`, `expected { tj_c: ${tj[i]}, pdh_kw: number, copd: number }`, p);
        return { pdhKw: p.pdh_kw, copd: p.copd };
      });
    };
    if (typeof data.tol_c !== 'number') throw fail('tol_c', 'expected a number (TOL, degC)', data.tol_c);
    const type =
      data.type === undefined
        ? 'Outdoor Air/Water'
        : typeof data.type === 'string'
          ? data.type
          : JSON.stringify(data.type);
    try {
      sourceKindOf(type);
    } catch {
      throw fail('type', 'expected a Keymark type: Outdoor Air/Water, Brine/Water or Water/Water', type);
    }
    const row: KeymarkRow = {
      title: name,
      manufacturer: '',
      type,
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
  return readTextFile(path, 'cannot read unit file');
}

export function loadUnitFile(path: string): UnitFile {
  return parseUnitJson(readUnitText(path), basename(path));
}

const nonNegative = z.number().finite().nonnegative();
const positive = z.number().finite().positive();
const fraction = z.number().min(0).max(1);
/** Outdoor temperatures of a declaration: EN 14825 bins span -22..+15 C; -60..+40 C leaves room, refuses typos. */
const outdoorC = z.number().finite().min(-60).max(40);

/** `trec scop`'s UNIT.json: an EN 14825 declaration (capacities in kW, off-mode powers in W). */
export const ScopUnitFile = z.strictObject({
  _source: z.string().optional(),
  prated_kw: positive,
  tbiv_c: outdoorC,
  tol_c: outdoorC,
  cdh: fraction.optional(),
  source: z.enum(['air', 'water', 'brine']).optional(),
  points: z
    .array(
      z.strictObject({
        tj_c: outdoorC,
        pdh_kw: positive,
        copd: positive,
        cdh: fraction.optional(),
        outlet_c: z.number().finite().min(-50).max(100).optional(),
      }),
    )
    .min(1),
  poff_w: nonNegative.optional(),
  pto_w: nonNegative.optional(),
  psb_w: nonNegative.optional(),
  pck_w: nonNegative.optional(),
});

/** The file's key of each ScopUnit field computeScop may refuse (the rest it names as the file does). */
const SCOP_FILE_KEYS: Readonly<Record<string, string>> = {
  prated: 'prated_kw',
  tol: 'tol_c',
  poff: 'poff_w',
  pto: 'pto_w',
  psb: 'psb_w',
  pck: 'pck_w',
};

/**
 * An EN 14825 declaration from its JSON text; errors name the file (as the caller gave it) and the key as in
 * the file (`points[0].pdh_kw`).
 */
export function parseScopUnitJson(text: string, file: string): ScopDeclaration {
  const parsed = ScopUnitFile.safeParse(parseJsonText(text, 'not JSON', { file }));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = (issue?.path ?? [])
      .map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`))
      .join('')
      .replace(/^\./, '');
    throw new InputError(issue?.message ?? 'invalid unit file', { file, field: key || '(root)' });
  }
  return { unit: scopUnit(parsed.data), file, keys: SCOP_FILE_KEYS };
}

function scopUnit(u: z.infer<typeof ScopUnitFile>): ScopUnit {
  const kW = (v: number) => powerToW(v, 'kW');
  return {
    pratedW: kW(u.prated_kw),
    tbivC: u.tbiv_c,
    tolC: u.tol_c,
    // The declaration's rounding per quantity, from its numbers as written (kW for capacity), for points
    // declared twice at one Tj (declarationStep).
    points: u.points.map((p, i) => ({
      tjC: p.tj_c,
      pdhW: kW(p.pdh_kw),
      copd: p.copd,
      label: `points[${i}]`,
      pdhStepW: kW(declarationStep(u.points.map((q) => q.pdh_kw))),
      copdStep: declarationStep(u.points.map((q) => q.copd)),
      ...(p.cdh === undefined
        ? {}
        : {
            cdh: p.cdh,
            cdhStep: declarationStep(u.points.flatMap((q) => (q.cdh === undefined ? [] : [q.cdh]))),
          }),
      ...(p.outlet_c === undefined ? {} : { outletC: p.outlet_c }),
    })),
    ...(u.cdh === undefined ? {} : { cdh: u.cdh }),
    ...(u.source === undefined ? {} : { source: u.source }),
    poffW: u.poff_w,
    ptoW: u.pto_w,
    psbW: u.psb_w,
    pckW: u.pck_w,
  };
}

/** `trec scop`'s unit file, named in errors as the caller gave its path. */
export function loadScopUnitFile(path: string): ScopDeclaration {
  return parseScopUnitJson(readUnitText(path), path);
}
