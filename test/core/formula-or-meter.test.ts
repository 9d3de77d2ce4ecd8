import { describe, expect, it } from 'vitest';
import {
  capacityCeilingPerYear,
  checkType,
  InputError,
  judgedCapacityW,
  RATING_POINT,
  ratedCapacityW,
  tonsToW,
  typeConflict,
  type HeatPumpModel,
} from '../../src/core/index.ts';

const J_PER_BTU = 1055.05585262; // NIST SP 811, exact

describe('the capacity x 8,760 h ceiling', () => {
  it('4 tons: 48,000 BTU/h x 1,055.05585262 J/BTU x 8,760 h / 3.6e9 J/MWh = 123.231 MWh a year', () => {
    const ceiling = capacityCeilingPerYear(tonsToW(4), 3.6e9, 1);
    expect(ceiling).toBeCloseTo((48_000 * J_PER_BTU * 8760) / 3.6e9, 9);
    expect(ceiling).toBeCloseTo(123.231, 3);
    // x multiplier 3, in dekatherms (1e6 BTU): 48,000 x 8,760 x 3 / 1e6 = 1,261.44 Dth
    expect(capacityCeilingPerYear(tonsToW(4), 1e6 * J_PER_BTU, 3)).toBeCloseTo(1261.44, 9);
  });
});

describe('the capacity judged when several are known', () => {
  const rated = () => 9000;
  it('tons first, then the capacity given, then the unit at its rating point where a size class is needed', () => {
    expect(judgedCapacityW({ tonsW: 14_067, givenW: 10_000, needsSizeClass: true, ratedW: rated })).toBe(
      14_067,
    );
    expect(judgedCapacityW({ givenW: 10_000, needsSizeClass: true, ratedW: rated })).toBe(10_000);
    expect(judgedCapacityW({ needsSizeClass: true, ratedW: rated })).toBe(9000);
    expect(judgedCapacityW({ needsSizeClass: false, ratedW: rated })).toBeUndefined();
  });
});

describe('EN 14511-2 rating points', () => {
  // A model that reports the conditions it was asked at, as its capacity: source x 1000 + sink.
  const asked: HeatPumpModel = {
    name: 'probe',
    at: ({ sourceC, sinkC, ambientC }) => ({
      capacityW: sourceC * 1000 + sinkC + ambientC / 1000,
      powerW: 1,
    }),
  } as HeatPumpModel;
  it('A7/W35, A7/indoor 20, B0/W35 (brine: the ambient term at 7 degC)', () => {
    expect(RATING_POINT['air-to-water'].label).toBe('A7/W35');
    expect(ratedCapacityW('air-to-water', asked)).toBeCloseTo(7000 + 35 + 0.007, 9);
    expect(ratedCapacityW('air-to-air', asked)).toBeCloseTo(7000 + 20 + 0.007, 9);
    expect(ratedCapacityW('ground-source', asked)).toBeCloseTo(0 + 35 + 0.007, 9);
    expect(ratedCapacityW('ground-source', asked, 12_000)).toBe(12_000);
  });
});

describe('which inputs mean something to a system type', () => {
  const none = { waterC: false, waterAtBalanceC: false, indoorC: false, groundC: false };
  it('refuses water temperatures for air-to-air, indoor air for water units, brine for air sources', () => {
    expect(typeConflict('air-to-air', { ...none, waterC: true })?.field).toBe('waterC');
    expect(typeConflict('air-to-air', { ...none, waterAtBalanceC: true })?.field).toBe('waterAtBalanceC');
    expect(typeConflict('air-to-water', { ...none, indoorC: true })?.field).toBe('indoorC');
    expect(typeConflict('air-to-water', { ...none, groundC: true })?.field).toBe('groundC');
    expect(typeConflict('ground-source', { ...none, groundC: true, waterC: true })).toBeUndefined();
    expect(typeConflict('air-to-air', { ...none, indoorC: true })).toBeUndefined();
  });
  it('an air-source Keymark unit does not fit ground-source: an InputError on the type', () => {
    const row = { title: 'X', type: 'Outdoor Air/Water' } as Parameters<typeof checkType>[0];
    expect(() => checkType(row, 'ground-source')).toThrow(InputError);
    expect(() => checkType(row, 'air-to-water')).not.toThrow();
    try {
      checkType(row, 'ground-source');
    } catch (error) {
      expect((error as InputError).where.field).toBe('type');
    }
  });
});
