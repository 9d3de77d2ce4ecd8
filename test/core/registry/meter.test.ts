import { describe, expect, it } from 'vitest';
import {
  checkMeter,
  checkMeterForProgram,
  checkMeterOverlap,
  type MeterRegistration,
  type RegisteredMeter,
} from '../../../src/core/index.ts';
import { errorOf, program } from './helpers.ts';

const heat = (more: Partial<MeterRegistration> = {}): MeterRegistration => ({
  kind: 'heat',
  fluid: 'water',
  flowSensor: 'return',
  meterClass: 2,
  qpM3h: 1.5,
  dtMinK: 3,
  serial: 'HM-2',
  installed: '2025-01-01',
  ...more,
});

describe('checkMeter: a meter on its own', () => {
  it('accepts a class 2 water heat meter, and notes a heat meter without a class', () => {
    expect(checkMeter(heat())).toEqual([]);
    const classless = checkMeter({ kind: 'heat', installed: '2025-01-01' });
    expect(classless.map((c) => c.code)).toEqual(['meter-class-not-given']);
  });

  it('refuses an EN 1434 class outside 1-3, and a class without qp and dT min', () => {
    expect(errorOf(() => checkMeter(heat({ meterClass: 4 }))).where.path).toEqual(['meterClass']);
    expect(errorOf(() => checkMeter(heat({ qpM3h: undefined }))).where).toMatchObject({
      path: ['meterClass'],
      also: [['qpM3h'], ['dtMinK']],
    });
  });

  it('refuses a glycol without its concentration, or beyond the property tables', () => {
    expect(errorOf(() => checkMeter(heat({ fluid: 'propylene-glycol' }))).where.path).toEqual([
      'concentration',
    ]);
    expect(checkMeter(heat({ fluid: 'propylene-glycol', concentration: 0.3 }))).toEqual([]);
    const e = errorOf(() => checkMeter(heat({ fluid: 'propylene-glycol', concentration: 0.95 })));
    expect(e.where).toMatchObject({ path: ['concentration'], also: [['fluid']], value: 0.95 });
    expect(errorOf(() => checkMeter(heat({ fluid: 'water', concentration: 0.2 }))).where.path).toEqual([
      'concentration',
    ]);
  });

  it("refuses a heat meter's fields on an electricity meter, and a removal not after installation", () => {
    const e = errorOf(() => checkMeter({ kind: 'electricity', fluid: 'water', installed: '2025-01-01' }));
    expect(e.where).toMatchObject({ path: ['fluid'], also: [['kind']] });
    expect(checkMeter({ kind: 'electricity', installed: '2025-01-01' })).toEqual([]);
    expect(errorOf(() => checkMeter(heat({ removed: '2024-12-31' }))).where.path).toEqual(['removed']);
  });
});

describe('checkMeterOverlap: a meter swap is a new meter', () => {
  const old: RegisteredMeter = {
    id: 'm-1',
    kind: 'heat',
    serial: 'HM-1',
    installed: '2024-01-01',
    removed: null,
  };

  it('refuses a second heat meter over days the first is still installed, naming it', () => {
    const e = errorOf(() => checkMeterOverlap(heat(), [old]));
    expect(e.where).toMatchObject({ path: ['installed'], also: [['removed']] });
    expect(e.detail).toContain(
      'heat meter m-1 (serial HM-1) on circuit main, installed from 2024-01-01 (open), would share the days from 2025-01-01 (open) with this heat meter',
    );
  });

  it('accepts the new meter from the day the old one is removed', () => {
    expect(() => checkMeterOverlap(heat(), [{ ...old, removed: '2025-01-01' }])).not.toThrow();
    expect(() => checkMeterOverlap(heat(), [{ ...old, removed: '2025-01-02' }])).toThrow(
      /2025-01-01 to 2025-01-02/,
    );
  });

  it('lets meters of another kind or on another circuit overlap', () => {
    expect(() => checkMeterOverlap({ kind: 'electricity', installed: '2025-01-01' }, [old])).not.toThrow();
    expect(() => checkMeterOverlap(heat({ circuit: 'chilled-water' }), [old])).not.toThrow();
  });
});

describe("checkMeterForProgram: what a program's metering requirement says", () => {
  it('the files state it in words only: a note with the text and its status', () => {
    const [note] = checkMeterForProgram(program('nh-class-i-thermal'), heat());
    expect(note).toMatchObject({ code: 'metering-requirement-in-words', severity: 'info' });
    expect(note?.message).toContain('independent monitor');
    expect(note?.message).toContain('Meter accuracy requirements (Puc 2506) were not read.');
  });

  it('warns where the requirement is unknown (Virginia)', () => {
    expect(checkMeterForProgram(program('va-geothermal'), heat()).map((c) => c.code)).toEqual([
      'metering-requirement-unknown',
    ]);
  });
});
