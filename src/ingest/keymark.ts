import { readFileSync } from 'node:fs';
import {
  InputError,
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

export type KeymarkUnit = { ok: true; unit: ScopUnit; scop: number } | { ok: false; missing: string[] };

/**
 * The EN 14825 declaration of one row at W35 (the _l columns; the table has no W55 SCOP), with its
 * published SCOP. Declared points A..D (-7, +2, +7, +12 C) first; the Tbiv and TOL points are added where
 * their temperature is not one of those (when it is, the standard point's values are used). An unknown
 * application type throws InputError (sourceKindOf).
 */
export function keymarkUnit(row: KeymarkRecord): KeymarkUnit {
  const missing: string[] = [];
  const num = (name: string): number => {
    const value = Number(row.fields[name]);
    if (row.fields[name] === '' || row.fields[name] === undefined || !Number.isFinite(value))
      missing.push(name);
    return value;
  };
  const kW = (name: string) => powerToW(num(name), 'kW');
  const point = (tjC: number, key: string): DeclaredPoint => ({
    tjC,
    pdhW: kW(`p_th_${key}_l`),
    copd: num(`cop_${key}_l`),
  });
  const tbivC = num('t_biv');
  const tolC = num('tol');
  const points = [point(-7, 'minus7'), point(2, '2'), point(7, '7'), point(12, '12')];
  for (const [tjC, key] of [
    [tbivC, 'tbiv'],
    [tolC, 'tol'],
  ] as const)
    if (!points.some((p) => p.tjC === tjC)) points.push(point(tjC, key));
  const unit: ScopUnit = {
    pratedW: kW(`p_rated_l`),
    tbivC,
    tolC,
    points,
    poffW: num('poffs'),
    ptoW: num('ptos'),
    psbW: num('psbs'),
    pckW: num('pcks'),
    source: sourceKindOf(row.fields.types ?? ''),
  };
  const scop = num('scop_l');
  return missing.length ? { ok: false, missing } : { ok: true, unit, scop };
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
