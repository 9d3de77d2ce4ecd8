import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bilinear, InputError } from '../../src/core/index.ts';
import {
  findMap,
  loadReferenceMaps,
  parsePerformanceMaps,
  REFERENCE_MAPS_URL,
} from '../../src/ingest/performance-maps.ts';

describe('AixLib long-format performance maps', () => {
  const maps = loadReferenceMaps();
  const rows = readFileSync(REFERENCE_MAPS_URL, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

  it('loads all 23 records of the reference file', () => {
    expect(maps).toHaveLength(23);
    expect(new Set(rows.map((r) => r[1])).size).toBe(23);
  });

  it('returns every table value of the file at its grid node', () => {
    expect(rows).toHaveLength(1389);
    for (const [, record, , quantity, cond, evap, value] of rows) {
      const map = findMap(maps, record!);
      const grid = quantity === 'QCon_flow_W' ? map.capacity : map.power;
      const v = Number(value);
      // Axis temperatures carry float noise from the Kelvin flattening (8.700000000000045); the reader rounds
      // them to 1e-6 K (README), so the node is looked up at the rounded temperature.
      const at = (t: string) => Number(Number(t).toFixed(6));
      if (v > 0) expect(bilinear(grid, at(evap!), at(cond!))).toBe(v);
    }
  });

  it('finds maps by device name too and names the known ones when not found', () => {
    expect(findMap(maps, 'nibe f2120 20').name).toBe('NIBE_F2120_20');
    expect(() => findMap(maps, 'nope')).toThrow(/Vitocal251A08/);
  });

  it('reports an incomplete grid with the record named', () => {
    const text =
      'standard,record,device,quantity,T_condenser_C,T_evaporator_C,value_W\nEN,R,R,QCon_flow_W,35,0,1\nEN,R,R,QCon_flow_W,45,5,1\nEN,R,R,PEle_W,35,0,1\n';
    expect(() => parsePerformanceMaps(text, 'x.csv')).toThrow(InputError);
    expect(() => parsePerformanceMaps(text.replace(',35,0,1', ',35,abc,1'), 'x.csv')).toThrow(/line 2/);
  });

  it('rejects an unknown quantity, a name that only an object prototype knows included', () => {
    const text = (quantity: string) =>
      `standard,record,device,quantity,T_condenser_C,T_evaporator_C,value_W\nEN,R,R,${quantity},35,0,1\n`;
    for (const quantity of ['QCon_W', 'toString', 'constructor'])
      expect(() => parsePerformanceMaps(text(quantity), 'x.csv')).toThrow(
        `x.csv, line 2, field quantity (value "${quantity}"): unknown quantity (expected QCon_flow_W or PEle_W)`,
      );
  });
});
