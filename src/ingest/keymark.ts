import { readFileSync } from 'node:fs';
import {
  declarationStep,
  DEFAULT_CONVERSION_COEFFICIENT,
  F1_TEMPERATURE_CONTROL_PCT,
  F2_GROUND_WATER_PUMP_PCT,
  InputError,
  KEYMARK_OUTLET_HIGH_C,
  KEYMARK_OUTLET_LOW_C,
  powerToW,
  sourceKindOf,
  type DeclaredPoint,
  type KeymarkRow,
  type ScopUnit,
} from '../core/index.ts';
import { csvLines, splitCsvLine } from './csv-fields.ts';

/**
 * Heat Pump Keymark data as published by hplib (FZJ-IEK3-VSA/hplib, output/database_reduced.csv; see
 * reference/keymark/README.md): one row per model, comma-separated, text fields quoted when they hold a
 * comma ("0,450 kg"). Capacities in kW, off-mode powers in W; W35 columns end in _l, W55 columns in _h.
 * One parser; two views of a record: the EN 14825 declaration (keymarkUnit, for SCOP) and the declared
 * points for the parametric model (keymarkDeclaration, for estimates).
 */
export interface KeymarkRecord {
  /** 1-based line in the file. */
  line: number;
  fields: Readonly<Record<string, string>>;
}

export interface KeymarkTable {
  file: string;
  header: string[];
  rows: KeymarkRecord[];
}

/** hplib's reduced Keymark database shipped in reference/keymark/. */
export const REFERENCE_KEYMARK_URL = new URL(
  '../../reference/keymark/hplib_output_database_reduced_2024-10.csv',
  import.meta.url,
);

export function parseKeymarkCsv(text: string, file = 'keymark.csv'): KeymarkTable {
  const lines = csvLines(text.replace(/^\uFEFF/, ''));
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  if (!header.includes('scop_l'))
    throw new InputError('not a Keymark/hplib table (no scop_l column)', { file, line: 1 });
  const rows: KeymarkRecord[] = [];
  lines.slice(1).forEach((text, i) => {
    if (text.trim() === '') return;
    const cells = splitCsvLine(text);
    if (cells.length !== header.length)
      throw new InputError(`${cells.length} fields, header has ${header.length}`, { file, line: i + 2 });
    rows.push({ line: i + 2, fields: Object.fromEntries(header.map((h, j) => [h, cells[j]!.trim()])) });
  });
  return { file, header, rows };
}

export function readKeymarkCsv(path: string | URL): KeymarkTable {
  const name = typeof path === 'string' ? path : (path.pathname.split('/').at(-1) ?? 'keymark.csv');
  return parseKeymarkCsv(readFileSync(path, 'utf8'), name);
}

/** The two outlet levels of a Keymark declaration: W35 (low temperature, `_l`) and W55 (medium, `_h`). */
export type KeymarkLevel = 'W35' | 'W55';

export type KeymarkUnit =
  | {
      ok: true;
      unit: ScopUnit;
      /** Published SCOP: scop_l at W35; at W55 (no SCOP column) from eta_h, see {@link scopFromEta}. */
      scop: number;
      /** Published eta_s (eta_l or eta_h), percent. */
      etaPct: number;
      /** What was read other than as written (the W55 Tbiv, see w55Tbiv). */
      notes: string[];
    }
  | { ok: false; missing: string[] };

/**
 * SCOP from a published eta_s, inverting Regulation (EU) 813/2013 Annex III (eta_s = SCOP / CC - F(1) -
 * F(2), CC 2.5, F(1) 3 %, F(2) 5 % for water and brine): SCOP = CC (eta_s + F(1) + F(2)) / 100. eta_s is
 * published in whole percent, so the SCOP so found carries +-0.0125 (half a point x 2.5 / 100).
 */
export function scopFromEta(etaPct: number, source: ScopUnit['source'] = 'air'): number {
  const f2 = source === 'water' || source === 'brine' ? F2_GROUND_WATER_PUMP_PCT : 0;
  return (DEFAULT_CONVERSION_COEFFICIENT * (etaPct + F1_TEMPERATURE_CONTROL_PCT + f2)) / 100;
}

const STANDARD_POINTS = [
  [-7, 'minus7', 'A'],
  [2, '2', 'B'],
  [7, '7', 'C'],
  [12, '12', 'D'],
] as const;

/** EN 14825 test inlet of exhaust-air units: indoor air at 20 C (the source is the house, not Tj). */
const EXHAUST_AIR_SOURCE_C = 20;

/**
 * The EN 14825 declaration of one row at W35 (the _l columns) or W55 (_h), with its published SCOP. All
 * declared points: A..D (-7, +2, +7, +12 C) and the points at Tbiv and TOL, which often fall on one of A..D
 * (then they are merged within their rounding by the core, or refused as a conflict naming both columns).
 * A Tbiv or TOL point left empty where its Tj is one of A..D is not needed. Rounding steps: the finest
 * decimal among the declaration's capacities, and among its COPs (declarationStep); outlet temperatures for the Carnot check from the climate curve (34/30/27/24 C at
 * W35, 52/42/36/30 C at W55); a Tbiv or TOL point between them takes the lower outlet of its warmer
 * neighbour (the generous choice). Tbiv, TOL and the off-mode powers are one set of columns for both
 * levels. An unknown application type throws InputError (sourceKindOf).
 */
export function keymarkUnit(row: KeymarkRecord, level: KeymarkLevel = 'W35'): KeymarkUnit {
  const sfx = level === 'W35' ? 'l' : 'h';
  const outlets = level === 'W35' ? KEYMARK_OUTLET_LOW_C : KEYMARK_OUTLET_HIGH_C;
  const missing: string[] = [];
  const given = (name: string) => row.fields[name] !== undefined && row.fields[name] !== '';
  const num = (name: string): number => {
    const value = Number(row.fields[name]);
    if (!given(name) || !Number.isFinite(value)) missing.push(name);
    return value;
  };
  const kW = (name: string) => powerToW(num(name), 'kW');
  const type = row.fields.types ?? '';
  const source = sourceKindOf(type);
  const exhaust = type === 'Exhaust Air/Water';
  const outletAt = (tjC: number) => {
    const i = STANDARD_POINTS.findIndex(([t]) => t >= tjC);
    return outlets[i === -1 ? outlets.length - 1 : i];
  };
  const point = (tjC: number, key: string, name: string): DeclaredPoint => {
    const pdhCol = `p_th_${key}_${sfx}`;
    const copCol = `cop_${key}_${sfx}`;
    const pdhW = kW(pdhCol);
    const copd = num(copCol);
    return {
      tjC,
      pdhW,
      copd,
      label: `${name} (${pdhCol}, ${copCol})`,
      ...(outletAt(tjC) === undefined ? {} : { outletC: outletAt(tjC) }),
      ...(exhaust ? { sourceC: EXHAUST_AIR_SOURCE_C } : {}),
    };
  };
  const tolC = num('tol');
  const tbiv = level === 'W55' ? w55Tbiv(row, num('t_biv'), tolC) : { tbivC: num('t_biv') };
  const tbivC = tbiv.tbivC;
  const points = STANDARD_POINTS.map(([tj, key, name]) => point(tj, key, name));
  for (const [tjC, key, name] of [
    [tbivC, 'tbiv', 'Tbiv'],
    [tolC, 'tol', 'TOL'],
  ] as const) {
    const onStandard = STANDARD_POINTS.some(([t]) => t === tjC);
    if (onStandard && !given(`p_th_${key}_${sfx}`) && !given(`cop_${key}_${sfx}`)) continue;
    points.push(point(tjC, key, name));
  }
  // The declaration's rounding, per quantity, from all its points as written (declarationStep).
  const columns = ['minus7', '2', '7', '12', 'tbiv', 'tol'];
  const stepOf = (prefix: string) =>
    declarationStep(columns.map((k) => Number(row.fields[`${prefix}_${k}_${sfx}`] || NaN)));
  const pdhStepW = powerToW(stepOf('p_th'), 'kW');
  const copdStep = stepOf('cop');
  for (const p of points) Object.assign(p, { pdhStepW, copdStep });
  const unit: ScopUnit = {
    pratedW: kW(`p_rated_${sfx}`),
    tbivC,
    tolC,
    points,
    poffW: num('poffs'),
    ptoW: num('ptos'),
    psbW: num('psbs'),
    pckW: num('pcks'),
    source,
  };
  const etaPct = num(`eta_${sfx}`);
  const scop = level === 'W35' ? num('scop_l') : scopFromEta(etaPct, source);
  const notes = tbiv.note === undefined ? [] : [tbiv.note];
  return missing.length ? { ok: false, missing } : { ok: true, unit, scop, etaPct, notes };
}

/**
 * The W55 bivalent temperature. hplib's table has one t_biv column, W35's; a W55 declaration has its own
 * Tbiv, and where it differs the W55 Tbiv point conflicts with the point at t_biv. Where the W55 Tbiv point
 * is written identically (capacity and COP) to exactly one other W55 point at another Tj, that Tj is the
 * W55 Tbiv (the declaration lists the same test twice); the row says so in its notes. Otherwise t_biv.
 */
function w55Tbiv(row: KeymarkRecord, tableTbivC: number, tolC: number): { tbivC: number; note?: string } {
  const f = row.fields;
  const same = (key: string) =>
    f[`p_th_${key}_h`] !== '' &&
    f[`p_th_tbiv_h`] === f[`p_th_${key}_h`] &&
    f[`cop_tbiv_h`] === f[`cop_${key}_h`];
  const candidates = [
    ...STANDARD_POINTS.map(([t, key, name]) => [t, key, name] as const),
    [tolC, 'tol', 'TOL'] as const,
  ];
  const matches = candidates.filter(([, key]) => same(key));
  const tjs = [...new Set(matches.map(([t]) => t))];
  if (tjs.length !== 1 || tjs[0] === tableTbivC) return { tbivC: tableTbivC };
  const [t, key, name] = matches[0]!;
  return {
    tbivC: t,
    note:
      `W55 Tbiv taken as ${t} C: the W55 Tbiv point (p_th_tbiv_h ${f.p_th_tbiv_h}, cop_tbiv_h ${f.cop_tbiv_h}) ` +
      `is written as ${name} (p_th_${key}_h, cop_${key}_h); the table's t_biv ${tableTbivC} C is W35's`,
  };
}

const POINTS = ['minus7', '2', '7', '12'] as const;

/**
 * The declared points of one row for the parametric (hplib) model: W35 (_l) and W55 (_h) sets. Missing
 * numbers become NaN; fitting a row with missing points throws then, naming it.
 */
export function keymarkDeclaration(row: KeymarkRecord): KeymarkRow {
  const num = (name: string) => (row.fields[name] ? Number(row.fields[name]) : NaN);
  const set = (suffix: 'l' | 'h') =>
    POINTS.map((tj) => ({ pdhKw: num(`p_th_${tj}_${suffix}`), copd: num(`cop_${tj}_${suffix}`) }));
  const wtolC = num('wtols');
  return {
    title: row.fields.titel ?? '',
    manufacturer: row.fields.manufacturers ?? '',
    type: row.fields.types ?? '',
    tolC: num('tol'),
    ...(Number.isFinite(wtolC) ? { wtolC } : {}),
    low: set('l'),
    high: set('h'),
  };
}

export function loadReferenceKeymark(): KeymarkRow[] {
  return readKeymarkCsv(REFERENCE_KEYMARK_URL).rows.map(keymarkDeclaration);
}

/** A row by its exact Keymark title (case-insensitive); InputError with close matches when not found. */
export function findKeymark(rows: readonly KeymarkRow[], title: string): KeymarkRow {
  const key = title.trim().toLowerCase();
  const found = rows.find((r) => r.title.toLowerCase() === key);
  if (found) return found;
  const near = rows.filter((r) => r.title.toLowerCase().includes(key)).slice(0, 8);
  throw new InputError(
    `no Keymark model titled ${JSON.stringify(title)}${near.length ? `; did you mean: ${near.map((r) => r.title).join(' | ')}` : ''}`,
    { field: 'keymark', value: title },
  );
}
