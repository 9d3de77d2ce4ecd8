import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadScopUnitFile,
  loadUnitFile,
  parseScopUnitJson,
  parseUnitJson,
  readUnitText,
} from '../../src/ingest/unit-file.ts';

const points = [-7, 2, 7, 12].map((t) => ({ tj_c: t, pdh_kw: 5, copd: 3 }));
const keymark = { name: 'k', type: 'Brine/Water', tol_c: -10, w35: points, w55: points };

describe('unit JSON (map or Keymark-style points)', () => {
  it('reads a map with its grid as given', () => {
    const grid = {
      sink_c: [35, 45],
      source_c: [0, 5],
      values_w: [
        [1, 2],
        [3, 4],
      ],
    };
    const u = parseUnitJson(JSON.stringify({ name: 'm', capacity: grid, power: grid }), 'm.json');
    expect(u.kind === 'map' && u.map.capacity).toEqual({
      sinkC: [35, 45],
      sourceC: [0, 5],
      valuesW: [
        [1, 2],
        [3, 4],
      ],
    });
  });

  it('reads Keymark-style points; the type defaults to Outdoor Air/Water', () => {
    const u = parseUnitJson(JSON.stringify(keymark), 'k.json');
    expect(u.kind === 'keymark' && u.row).toMatchObject({ type: 'Brine/Water', tolC: -10 });
    expect(u.kind === 'keymark' && u.row.low[0]).toEqual({ pdhKw: 5, copd: 3 });
    const air = parseUnitJson(JSON.stringify({ ...keymark, type: undefined }), 'k.json');
    expect(air.kind === 'keymark' && air.row.type).toBe('Outdoor Air/Water');
  });

  it('names file and field of an unknown type, a wrong point and a missing TOL', () => {
    expect(() => parseUnitJson(JSON.stringify({ ...keymark, type: 'Air/Water' }), 'k.json')).toThrow(
      /k\.json, field type .*expected a Keymark type/,
    );
    const w35 = [{ tj_c: -5, pdh_kw: 5, copd: 3 }, ...points.slice(1)];
    expect(() => parseUnitJson(JSON.stringify({ ...keymark, w35 }), 'k.json')).toThrow(/field w35\[0\]/);
    expect(() => parseUnitJson(JSON.stringify({ ...keymark, tol_c: 'x' }), 'k.json')).toThrow(/tol_c/);
  });

  it('reads a file with a UTF-8 byte-order mark, and names an unreadable path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trec-unit-'));
    const path = join(dir, 'bom.json');
    writeFileSync(path, '\uFEFF' + JSON.stringify(keymark));
    const u = loadUnitFile(path);
    expect(u.kind === 'keymark' && u.row.tolC).toBe(-10);
    expect(readUnitText(path).startsWith('{')).toBe(true);
    expect(() => loadUnitFile(dir)).toThrow(new RegExp(`${dir}: cannot read unit file`));
  });
});

describe("EN 14825 declaration JSON (trec scop's unit file)", () => {
  const declaration = {
    prated_kw: 10,
    tbiv_c: -7,
    tol_c: -10,
    points: [{ tj_c: -10, pdh_kw: 8.5, copd: 2.25, cdh: 0.95 }],
    poff_w: 12,
  };

  it('reads capacities in kW as W and labels each point by its place in the file', () => {
    const d = parseScopUnitJson(JSON.stringify(declaration), 'd.json');
    expect(d.file).toBe('d.json');
    expect(d.unit).toMatchObject({ pratedW: 10_000, tbivC: -7, tolC: -10, poffW: 12 });
    expect(d.unit.points[0]).toMatchObject({
      tjC: -10,
      pdhW: 8500,
      copd: 2.25,
      cdh: 0.95,
      label: 'points[0]',
    });
    // The core's name of a refused field, as the file writes it.
    expect(d.keys.tol).toBe('tol_c');
  });

  it('names the file and the key as written: a point, an unknown key, text that is not JSON', () => {
    const bad = { ...declaration, points: [{ tj_c: -10, pdh_kw: -1, copd: 3 }] };
    expect(() => parseScopUnitJson(JSON.stringify(bad), 'd.json')).toThrow(
      /d\.json, field points\[0\]\.pdh_kw/,
    );
    expect(() => parseScopUnitJson(JSON.stringify({ ...declaration, pratd_kw: 1 }), 'd.json')).toThrow(
      /d\.json, field \(root\).*pratd_kw/,
    );
    expect(() => parseScopUnitJson('{x', 'd.json')).toThrow(/d\.json: not JSON/);
  });

  it('reads the example declaration through the file reader, naming the path as given', () => {
    const d = loadScopUnitFile('examples/scop-unit.json');
    expect(d.file).toBe('examples/scop-unit.json');
    expect(d.unit.points.length).toBeGreaterThanOrEqual(5);
    expect(() => loadScopUnitFile('examples/none.json')).toThrow(
      /examples\/none\.json: cannot read unit file/,
    );
  });

  it('a unit file that is not a JSON object is refused naming the file, not a crash', () => {
    expect(() => parseUnitJson('null', 'u.json')).toThrow(/u\.json, field \(root\)/);
    expect(() => parseUnitJson('[1]', 'u.json')).toThrow(/u\.json, field \(root\)/);
  });
});
