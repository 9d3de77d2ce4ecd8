import { describe, expect, it } from 'vitest';
import {
  batchRows,
  intervalBatchRows,
  dialectFor,
  monthsOf,
  partitionName,
  safeInteger,
  sequentialIds,
  timeSortedIds,
  newId,
} from '../../src/store/index.ts';

describe('store values', () => {
  it('picks the dialect from one value', () => {
    expect(dialectFor('postgres://u@h:5432/db')).toBe('postgres');
    expect(dialectFor('postgresql://h/db')).toBe('postgres');
    expect(dialectFor('./data/trec.db')).toBe('sqlite');
    expect(dialectFor(':memory:')).toBe('sqlite');
    expect(dialectFor('/tmp/postgres.db')).toBe('sqlite');
  });

  it('reads integers exactly or refuses them', () => {
    expect(safeInteger(5, 'x')).toBe(5);
    expect(safeInteger('9007199254740991', 'x')).toBe(9_007_199_254_740_991);
    expect(safeInteger(-12n, 'x')).toBe(-12);
    expect(() => safeInteger('9007199254740992', 'x')).toThrow(/holds exactly/);
    expect(() => safeInteger(2 ** 53, 'x')).toThrow(/holds exactly/);
    expect(() => safeInteger(1.5, 'x')).toThrow(/holds exactly/);
    expect(() => safeInteger('1.5', 'x')).toThrow(/holds exactly/);
    // The short-digit fast path (<= 15 characters) against the BigInt path (longer text), by hand.
    expect(safeInteger('999999999999999', 'x')).toBe(999_999_999_999_999);
    expect(safeInteger('-99999999999999', 'x')).toBe(-99_999_999_999_999);
    expect(safeInteger('0000000000000042', 'x')).toBe(42);
    expect(safeInteger('007', 'x')).toBe(7);
    expect(Object.is(safeInteger('-0', 'x'), 0)).toBe(true);
    for (const bad of ['', '-', '+5', '1e3', ' 5', '5 ', '0x10', '--1', '1-'])
      expect(() => safeInteger(bad, 'x')).toThrow(/holds exactly/);
  });

  it('sizes batches under each dialect’s parameter limit', () => {
    // SQLite: 32,766 variables; PostgreSQL: 65,535 parameters.
    expect(batchRows('sqlite', 15)).toBe(2184);
    expect(batchRows('sqlite', 16)).toBe(2047);
    expect(batchRows('postgres', 16)).toBe(4095);
    expect(batchRows('sqlite', 16) * 16).toBeLessThanOrEqual(32_766);
    expect(batchRows('postgres', 16) * 16).toBeLessThanOrEqual(65_535);
    // interval_energy: 16 columns (15, and error_checks since 0002) as VALUES on SQLite; on PostgreSQL one
    // array per column (unnest).
    expect(intervalBatchRows('sqlite')).toBe(2047);
    expect(intervalBatchRows('postgres')).toBe(5000);
  });

  it('lists the UTC months a range touches, for the partitions', () => {
    const jan31 = Date.UTC(2024, 0, 31, 23);
    expect(monthsOf(jan31, Date.UTC(2024, 1, 1, 1))).toEqual([
      { year: 2024, month: 1 },
      { year: 2024, month: 2 },
    ]);
    expect(monthsOf(Date.UTC(2023, 11, 15), Date.UTC(2024, 0, 1))).toEqual([{ year: 2023, month: 12 }]);
    expect(monthsOf(jan31, jan31)).toEqual([]);
    expect(partitionName({ year: 2024, month: 2 })).toBe('interval_energy_y2024m02');
  });

  it('makes prefixed ids from the injected source', () => {
    const ids = sequentialIds();
    expect([newId(ids, 'organisation'), newId(ids, 'system'), newId(ids, 'upload')]).toEqual([
      'org_000001',
      'sys_000002',
      'upl_000003',
    ]);
    let t = Date.UTC(2024, 0, 1);
    const sorted = timeSortedIds(() => t);
    const a = sorted.next();
    t += 1;
    const b = sorted.next();
    expect(a).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    expect(a < b).toBe(true);
    expect(() => newId({ next: () => 'a b' }, 'site')).toThrow(/not letters and digits/);
  });
});
