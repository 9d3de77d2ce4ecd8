import { describe, expect, it } from 'vitest';
import { EN14825_CLIMATES, seasonalEfficiencyPct, sourceKindOf } from '../../src/core/index.ts';
import {
  keymarkUnit,
  parseKeymarkCsv,
  readKeymarkCsv,
  REFERENCE_KEYMARK_URL,
} from '../../src/ingest/keymark.ts';
import { splitCsvLine } from '../../src/ingest/csv-fields.ts';
import { compareKeymarkRow, isAirToWater, summarize } from '../../src/ingest/keymark-validation.ts';

const table = readKeymarkCsv(REFERENCE_KEYMARK_URL);

describe('Keymark CSV reading', () => {
  it('splits quoted fields with commas ("0,450 kg") and doubled quotes', () => {
    expect(splitCsvLine('a,"0,450 kg",,"say ""hi"""')).toEqual(['a', '0,450 kg', '', 'say "hi"']);
  });
  it('reads all 9,966 models with the header of the reference file', () => {
    expect(table.rows.length).toBe(9966);
    expect(table.rows[0]!.fields.mass_of_refrigerants).toBe('0,450 kg');
    expect(table.rows[0]!.fields.scop_l).toBe('4.75');
  });
  it('names file and line of a row with the wrong number of fields', () => {
    expect(() => parseKeymarkCsv('titel,scop_l\nx,4.5\ny', 'k.csv')).toThrow(/k\.csv, line 3: 1 fields/);
  });
  it('builds the declaration of a row (line 90, Aira HPO-AW-6-230V-1.0) and lists missing fields', () => {
    const r = keymarkUnit(table.rows.find((row) => row.line === 90)!);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.unit.pratedW).toBe(6760);
    expect(r.unit.points.map((p) => p.tjC)).toEqual([-7, 2, 7, 12, -10]); // Tbiv = -7 is point A
    expect(r.unit.points[4]).toEqual({ tjC: -10, pdhW: 5320, copd: 2.87 });
    const missing = keymarkUnit({ line: 2, fields: { ...table.rows[0]!.fields, pcks: '' } });
    expect(missing).toEqual({ ok: false, missing: ['pcks'] });
  });
  it('maps every application type in the file to a heat source', () => {
    const types = [...new Set(table.rows.map((r) => r.fields.types!))].sort();
    expect(types.map((t) => [t, sourceKindOf(t)])).toEqual([
      ['Brine/Water', 'brine'],
      ['Brine/Water and Water/Water', 'brine'],
      ['Exhaust Air/Water', 'air'],
      ['Hybrid Air/Water', 'air'],
      ['Outdoor Air/Water', 'air'],
      ['Water/Water', 'water'],
    ]);
    expect(() => sourceKindOf('Air/Air')).toThrow(/unknown Keymark heat-pump type/);
  });
});

describe('Regulation 813/2013 efficiency against the published Keymark eta_s (CC 2.5, F(1) 3 %, F(2) 5 %)', () => {
  it('eta_s from the published SCOP is within 1 point of the published eta_s for >= 90 % of rows', () => {
    const ok = table.rows.filter((r) => {
      const eta = seasonalEfficiencyPct(Number(r.fields.scop_l), sourceKindOf(r.fields.types!));
      return Math.abs(eta - Number(r.fields.eta_l)) <= 1;
    });
    expect(ok.length / table.rows.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe('EN 14825 SCOP against the published Keymark W35 SCOP (average climate)', () => {
  // The whole air-to-water set (9,341 rows, under a second) is the fixed set: a sample of 187 rows has a
  // sampling error of about 2.6 points, larger than the margin above 85 %.
  const rows = table.rows.filter(isAirToWater);
  const results = rows.map((r) => compareKeymarkRow(r));
  const s = summarize(results);
  it('>= 85 % of computable air-to-water models within 2 %; exclusions are few and named', () => {
    expect(s.eligible).toBe(9341);
    expect(s.missing + s.rejected).toBeLessThan(30);
    expect(s.rate).toBeGreaterThanOrEqual(0.85);
  });
  it('the EN 14825 heating-only hour set (HOFF 3672 h, HCK 3851 h) does not reproduce the published SCOP', () => {
    const hours = EN14825_CLIMATES.average.heatingOnlyHours;
    const heatingOnly = summarize(rows.map((r) => compareKeymarkRow(r, { hours })));
    expect(heatingOnly.rate).toBeLessThan(0.6);
  });
  it('reproduces the example unit (line 90) to the published rounding: 4.71', () => {
    const r = results.find((x) => x.line === 90)!;
    expect(r.status === 'computed' && r.result.scop).toBeCloseTo(4.71, 2);
  });
});
