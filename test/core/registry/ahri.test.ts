import { describe, expect, it } from 'vitest';
import {
  agreesAtPrintedPrecision,
  checkAhri,
  checkSystem,
  decimalsOf,
  powerToW,
} from '../../../src/core/index.ts';
import { errorOf, groundSource } from './helpers.ts';

describe('decimalsOf and the printed precision', () => {
  it('counts the decimals a value is written with', () => {
    expect([4, 3.5, 14.07, 47600, 1e-7, 0.25].map(decimalsOf)).toEqual([0, 1, 2, 0, 7, 2]);
  });

  it('agrees strictly within half a unit of the last printed digit', () => {
    // 4 tons prints anything in (3.5, 4.5); COP 3.5 anything in (3.45, 3.55).
    expect(agreesAtPrintedPrecision(4.4, 4)).toBe(true);
    expect(agreesAtPrintedPrecision(3.6, 4)).toBe(true);
    expect(agreesAtPrintedPrecision(4.5, 4)).toBe(false);
    expect(agreesAtPrintedPrecision(3.54, 3.5)).toBe(true);
    expect(agreesAtPrintedPrecision(3.55, 3.5)).toBe(false);
    expect(agreesAtPrintedPrecision(3.6, 3.5)).toBe(false);
  });
});

describe('checkAhri: rated values against the AHRI certificate', () => {
  it('accepts a 4-ton COP 3.5 system whose certificate prints 4 tons and COP 3.5', () => {
    const system = groundSource(4, { ahri: { ref: '12345', tons: 4, cop: 3.5 } });
    const result = checkAhri(system);
    expect(result.checks).toEqual([]);
    expect(result.certifiedCapacityW).toBeCloseTo(powerToW(4, 'ton'), 9);
    expect(checkSystem(system)).toEqual([]);
  });

  it('refuses rated tons that do not match the certificate, naming both values and the reference', () => {
    const e = errorOf(() => checkAhri(groundSource(4.5, { ahri: { ref: '12345', tons: 4 } })));
    expect(e.where.path).toEqual(['ahriTons']);
    expect(e.where.also).toEqual([['tons']]);
    expect(e.detail).toBe(
      "rated 4.5 tons does not match the AHRI certificate's 4 tons (AHRI ref 12345): register the certified values (Emergent Energy Solutions, 2022: values that do not match the AHRI certificate delay or reduce credits)",
    );
  });

  it('refuses a rated COP that does not match, at the COP inputs', () => {
    const e = errorOf(() =>
      checkAhri(groundSource(4, { ratedCop: 3.6, ahri: { ref: '12345', tons: 4, cop: 3.5 } })),
    );
    expect(e.where.path).toEqual(['ahriCop']);
    expect(e.where.also).toEqual([['cop']]);
    expect(e.detail).toContain(
      "rated COP 3.6 does not match the AHRI certificate's COP 3.5 (AHRI ref 12345)",
    );
  });

  it('compares in the certificate unit: 14.1 kW is 4.009 tons, within 4 tons as printed', () => {
    // 14,100 W / (12,000 BTU/h x 1055.05585262 J/BTU / 3600 s/h = 3516.85 W) = 4.0093 tons.
    const system = { ...groundSource(4), ratedCapacityW: 14100, capacityGivenAs: 'capacityKw' as const };
    expect(checkAhri({ ...system, ahri: { ref: '9', tons: 4 } }).checks).toEqual([]);
    // A certificate printing 14.07 kW holds (14.065, 14.075) kW: 14.1 is outside.
    const e = errorOf(() => checkAhri({ ...system, ahri: { ref: '9', capacityKw: 14.07 } }));
    expect(e.where.path).toEqual(['ahriCapacityKw']);
    expect(e.where.also).toEqual([['capacityKw']]);
    expect(e.detail).toContain("rated 14.1 kW does not match the AHRI certificate's 14.07 kW (AHRI ref 9)");
  });

  it('names the input the capacity was given in when the certificate prints another unit', () => {
    // 17.6 kW = 17,600 / 3516.85 = 5.004 tons: not the certificate's 4 tons.
    const system = { ...groundSource(4), ratedCapacityW: 17600, capacityGivenAs: 'capacityKw' as const };
    const e = errorOf(() => checkAhri({ ...system, ahri: { ref: '77', tons: 4 } }));
    expect(e.where.path).toEqual(['ahriTons']);
    expect(e.where.also).toEqual([['capacityKw']]);
    expect(e.detail).toContain('rated 17.6 kW (5 tons)');
  });

  it('refuses certificate values without a reference, and two capacities', () => {
    expect(errorOf(() => checkAhri(groundSource(4, { ahri: { ref: ' ', tons: 4 } }))).where.path).toEqual([
      'ahriRef',
    ]);
    const e = errorOf(() => checkAhri(groundSource(4, { ahri: { ref: '1', tons: 4, capacityKw: 14.1 } })));
    expect(e.where).toMatchObject({ path: ['ahriTons'], also: [['ahriCapacityKw']] });
  });

  it('notes a reference given without values, and values rated at a non-AHRI point', () => {
    expect(checkAhri(groundSource(4, { ahri: { ref: '1' } })).checks.map((c) => c.code)).toEqual([
      'ahri-not-compared',
    ]);
    const atEn = groundSource(4, {
      ratingPoint: { standard: 'EN 14511', condition: 'B0/W35', sourceC: 0, sinkC: 35 },
      ahri: { ref: '1', tons: 4 },
    });
    expect(checkAhri(atEn).checks.map((c) => c.code)).toEqual(['rating-point-not-ahri']);
  });

  it('refuses a commissioning date that is not a calendar date', () => {
    expect(errorOf(() => checkSystem(groundSource(4, { commissioned: '2023-02-29' }))).where.path).toEqual([
      'commissioned',
    ]);
  });
});
