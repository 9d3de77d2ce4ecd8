import { describe, expect, it } from 'vitest';
import { checkRatingPoint, checkSystem } from '../../../src/core/index.ts';
import { errorOf, groundSource } from './helpers.ts';

describe('checkSystem', () => {
  it('accepts a 4-ton ground-source system at B0/W35 matching its AHRI certificate', () => {
    const system = groundSource(4, {
      ratingPoint: { standard: 'AHRI/ISO 13256-1', condition: 'GLHP heating' },
      ahri: { ref: '12345', tons: 4, cop: 3.5 },
    });
    expect(checkSystem(system)).toEqual([]);
  });

  it('refuses a COP at or below 1 and a capacity of 0', () => {
    expect(errorOf(() => checkSystem(groundSource(4, { ratedCop: 1 }))).where.path).toEqual(['cop']);
    expect(errorOf(() => checkSystem(groundSource(0))).where.path).toEqual(['tons']);
  });
});

describe('checkRatingPoint (EN 14511 condition names)', () => {
  it('accepts temperatures that agree with the name', () => {
    expect(
      checkRatingPoint('ground-source', { standard: 'EN 14511', condition: 'B0/W35', sourceC: 0, sinkC: 35 }),
    ).toEqual([]);
    expect(
      checkRatingPoint('air-to-water', { standard: 'EN 14511', condition: 'A-7/W55', sourceC: -7 }),
    ).toEqual([]);
  });

  it('refuses temperatures the name contradicts', () => {
    const e = errorOf(() =>
      checkRatingPoint('air-to-water', { standard: 'EN 14511', condition: 'A7/W35', sourceC: 2 }),
    );
    expect(e.where.path).toEqual(['ratingPoint']);
    expect(e.detail).toBe('rating point A7/W35 means a source at 7 degC, not the 2 degC given');
  });

  it('warns of a medium that does not fit the technology, and notes a name it cannot read', () => {
    expect(
      checkRatingPoint('air-to-water', { standard: 'EN 14511', condition: 'B0/W35' }).map((c) => c.code),
    ).toEqual(['rating-point-medium']);
    expect(
      checkRatingPoint('air-to-water', { standard: 'EN 14511', condition: 'Pdesignh' }).map((c) => c.code),
    ).toEqual(['rating-condition-unparsed']);
  });
});
