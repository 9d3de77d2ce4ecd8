import { readFileSync } from 'node:fs';
import { InputError, powerToW, type DeclaredPoint, type ScopUnit } from '../core/index.ts';

/**
 * Heat Pump Keymark data as published by hplib (FZJ-IEK3-VSA/hplib, output/database_reduced.csv; see
 * reference/keymark/README.md): one row per model, comma-separated, text fields quoted when they hold a
 * comma ("0,450 kg"). Capacities in kW, off-mode powers in W; W35 columns end in _l, W55 columns in _h.
 */
export interface KeymarkRow {
  /** 1-based line in the file. */
  line: number;
  fields: Readonly<Record<string, string>>;
}

export interface KeymarkTable {
  file: string;
  header: string[];
  rows: KeymarkRow[];
}

/** Splits one CSV record (RFC 4180 quoting: "a,b" and "" for a quote inside quotes). */
export function splitCsvLine(text: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  return [...out, field];
}

export function parseKeymarkCsv(text: string, file = 'keymark.csv'): KeymarkTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  if (!header.includes('scop_l'))
    throw new InputError('not a Keymark/hplib table (no scop_l column)', { file, line: 1 });
  const rows: KeymarkRow[] = [];
  lines.slice(1).forEach((text, i) => {
    if (text.trim() === '') return;
    const cells = splitCsvLine(text);
    if (cells.length !== header.length)
      throw new InputError(`${cells.length} fields, header has ${header.length}`, { file, line: i + 2 });
    rows.push({ line: i + 2, fields: Object.fromEntries(header.map((h, j) => [h, cells[j]!.trim()])) });
  });
  return { file, header, rows };
}

export function readKeymarkCsv(path: string): KeymarkTable {
  return parseKeymarkCsv(readFileSync(path, 'utf8'), path);
}

/** Keymark application type to the heat source of Regulation 813/2013 (F(2) for water and brine). */
export function keymarkSource(type: string): ScopUnit['source'] {
  if (/^brine/i.test(type)) return 'brine';
  if (/^water/i.test(type)) return 'water';
  return 'air';
}

export type KeymarkUnit = { ok: true; unit: ScopUnit; scop: number } | { ok: false; missing: string[] };

/**
 * The EN 14825 declaration of one row at W35 (the _l columns; the table has no W55 SCOP), with its
 * published SCOP. Declared points
 * A..D (-7, +2, +7, +12 C) first; the Tbiv and TOL points are added where their temperature is not one of
 * those (when it is, the standard point's values are used).
 */
export function keymarkUnit(row: KeymarkRow): KeymarkUnit {
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
    source: keymarkSource(row.fields.types ?? ''),
  };
  const scop = num('scop_l');
  return missing.length ? { ok: false, missing } : { ok: true, unit, scop };
}
