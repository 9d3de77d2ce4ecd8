import { readFileSync } from 'node:fs';
import { InputError, type KeymarkRow } from '../core/index.ts';
import { csvLines, splitCsvLine } from './csv-fields.ts';

/** hplib's reduced Keymark database shipped in reference/keymark/ (see the README there). */
export const REFERENCE_KEYMARK_URL = new URL(
  '../../reference/keymark/hplib_output_database_reduced_2024-10.csv',
  import.meta.url,
);

const POINTS = ['minus7', '2', '7', '12'] as const;

/**
 * Parses hplib's database_reduced.csv (columns titel, manufacturers, types, tol, wtols, p_th_<Tj>_<l|h>,
 * cop_<Tj>_<l|h>). Missing numbers become NaN; fitting a row with missing points throws then, naming it.
 */
export function parseKeymarkCsv(text: string, file = 'keymark.csv'): KeymarkRow[] {
  const lines = csvLines(text);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new InputError(`missing column ${name}`, { file, line: 1, field: name });
    return i;
  };
  const c = {
    title: col('titel'),
    manufacturer: col('manufacturers'),
    type: col('types'),
    tol: col('tol'),
    wtol: col('wtols'),
  };
  const pointCols = (suffix: 'l' | 'h') =>
    POINTS.map((tj) => ({ pdh: col(`p_th_${tj}_${suffix}`), cop: col(`cop_${tj}_${suffix}`) }));
  const low = pointCols('l');
  const high = pointCols('h');
  const rows: KeymarkRow[] = [];
  for (let n = 1; n < lines.length; n++) {
    const f = splitCsvLine(lines[n] as string);
    const num = (i: number) => (f[i]?.trim() ? Number(f[i]) : NaN);
    const wtol = num(c.wtol);
    rows.push({
      title: (f[c.title] ?? '').trim(),
      manufacturer: (f[c.manufacturer] ?? '').trim(),
      type: (f[c.type] ?? '').trim(),
      tolC: num(c.tol),
      ...(Number.isFinite(wtol) ? { wtolC: wtol } : {}),
      low: low.map((p) => ({ pdhKw: num(p.pdh), copd: num(p.cop) })),
      high: high.map((p) => ({ pdhKw: num(p.pdh), copd: num(p.cop) })),
    });
  }
  return rows;
}

export function loadReferenceKeymark(): KeymarkRow[] {
  return parseKeymarkCsv(
    readFileSync(REFERENCE_KEYMARK_URL, 'utf8'),
    'hplib_output_database_reduced_2024-10.csv',
  );
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
