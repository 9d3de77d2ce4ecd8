import { readFileSync } from 'node:fs';
import { InputError, validateGrid, type Grid2D, type PerformanceMap } from '../core/index.ts';
import { csvLines, splitCsvLine } from './csv-fields.ts';

/** The AixLib tables shipped in reference/performance-maps/ (see the README there). */
export const REFERENCE_MAPS_URL = new URL(
  '../../reference/performance-maps/aixlib_heatpump_tables_long.csv',
  import.meta.url,
);

const COLUMNS = ['standard', 'record', 'device', 'quantity', 'T_condenser_C', 'T_evaporator_C', 'value_W'];
const QUANTITIES = new Map<string, 'capacity' | 'power'>([
  ['QCon_flow_W', 'capacity'],
  ['PEle_W', 'power'],
]);

/**
 * The flattening of AixLib's Kelvin tables left float noise in the axes (-22.99999999999997 for 250.15 K):
 * round axis temperatures to 1e-6 K so that -23 degC is on the grid.
 */
const roundAxis = (c: number): number => Math.round(c * 1e6) / 1e6;

type Cells = Map<number, Map<number, number>>;

/**
 * Parses the long-format map file (one row per record, quantity, condenser outlet and evaporator inlet
 * temperature) into one {@link PerformanceMap} per record. Each quantity must form a complete grid.
 */
export function parsePerformanceMaps(text: string, file = 'performance map'): PerformanceMap[] {
  const lines = csvLines(text);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  const col = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)]));
  for (const c of COLUMNS)
    if ((col[c] as number) < 0) throw new InputError(`missing column ${c}`, { file, line: 1, field: c });
  const records = new Map<string, { device: string; standard: string; cells: Record<string, Cells> }>();
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n] as string;
    if (line.trim() === '') continue;
    const f = splitCsvLine(line);
    const get = (c: string) => (f[col[c] as number] ?? '').trim();
    const num = (c: string) => {
      const v = Number(get(c));
      if (get(c) === '' || !Number.isFinite(v))
        throw new InputError('expected a number', { file, line: n + 1, field: c, value: get(c) });
      return v;
    };
    const quantity = QUANTITIES.get(get('quantity'));
    if (!quantity)
      throw new InputError('unknown quantity (expected QCon_flow_W or PEle_W)', {
        file,
        line: n + 1,
        field: 'quantity',
        value: get('quantity'),
      });
    const name = get('record');
    const rec = records.get(name) ?? { device: get('device'), standard: get('standard'), cells: {} };
    records.set(name, rec);
    const cells = (rec.cells[quantity] ??= new Map());
    const sink = roundAxis(num('T_condenser_C'));
    const row = cells.get(sink) ?? new Map<number, number>();
    cells.set(sink, row);
    const source = roundAxis(num('T_evaporator_C'));
    if (row.has(source))
      throw new InputError(`duplicate ${quantity} point for ${name}`, {
        file,
        line: n + 1,
        value: [sink, source],
      });
    row.set(source, num('value_W'));
  }
  return [...records].map(([name, rec]) => {
    const grid = (q: 'capacity' | 'power'): Grid2D => toGrid(rec.cells[q], `${file}: ${name} ${q}`);
    const map = {
      name,
      device: rec.device,
      standard: rec.standard,
      capacity: grid('capacity'),
      power: grid('power'),
    };
    return map;
  });
}

function toGrid(cells: Cells | undefined, label: string): Grid2D {
  if (!cells) throw new InputError(`${label}: no rows`);
  const sinkC = [...cells.keys()].sort((a, b) => a - b);
  const sourceC = [...new Set([...cells.values()].flatMap((r) => [...r.keys()]))].sort((a, b) => a - b);
  const valuesW = sinkC.map((s) =>
    sourceC.map((t) => {
      const v = cells.get(s)?.get(t);
      if (v === undefined)
        throw new InputError(`${label}: grid incomplete, no value at sink ${s} / source ${t} degC`);
      return v;
    }),
  );
  const grid = { sinkC, sourceC, valuesW };
  validateGrid(grid, label);
  return grid;
}

/** The maps in reference/performance-maps/. */
export function loadReferenceMaps(): PerformanceMap[] {
  return parsePerformanceMaps(readFileSync(REFERENCE_MAPS_URL, 'utf8'), 'aixlib_heatpump_tables_long.csv');
}

/** A map by record or device name (case-insensitive); InputError listing the names when not found. */
export function findMap(maps: readonly PerformanceMap[], name: string): PerformanceMap {
  const key = name.trim().toLowerCase();
  const found = maps.find((m) => m.name.toLowerCase() === key || m.device.toLowerCase() === key);
  if (!found)
    throw new InputError(`no performance map named ${name}; known: ${maps.map((m) => m.name).join(', ')}`, {
      field: 'map',
      value: name,
    });
  return found;
}
