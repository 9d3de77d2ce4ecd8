import { describe, expect, it } from 'vitest';
import {
  btuhToW,
  checkEnrolment,
  tonsToW,
  type EnrolmentRegistration,
  type RegisteredMeter,
  type SystemRegistration,
} from '../../../src/core/index.ts';
import { errorOf, groundSource, program } from './helpers.ts';

const codes = (checks: readonly { code: string }[]): string[] => checks.map((c) => c.code);

function enrol(id: string, more: Partial<EnrolmentRegistration> = {}): EnrolmentRegistration {
  return { programId: id, programVersion: program(id).version, start: '2024-06-01', ...more };
}

describe('Maryland (md-geothermal)', () => {
  const md = program('md-geothermal');

  it('accepts the 4-ton ground-source system on the GREC formula, warning where the file is silent', () => {
    // technologies [ground-source, water-source] (verified): eligible; grec-formula is listed (secondary);
    // effective dates and size classes are unknown in the file: warnings, not refusals.
    const verdict = checkEnrolment(md, groundSource(4), enrol('md-geothermal', { method: 'grec-formula' }));
    expect(verdict.method).toBe('grec-formula');
    expect(verdict.sizeClass).toBeNull();
    expect(codes(verdict.checks)).toEqual(['effective-dates-unknown', 'size-classes-unknown']);
    expect(verdict.checks.every((c) => c.severity === 'warning')).toBe(true);
    expect(verdict.carried).toEqual([]);
  });

  it('refuses an air-to-water system, naming the technologies Maryland lists and the source', () => {
    const airToWater: SystemRegistration = { ...groundSource(4), technology: 'air-to-water' };
    const e = errorOf(() =>
      checkEnrolment(md, airToWater, enrol('md-geothermal', { method: 'grec-formula' })),
    );
    expect(e.where.path).toEqual(['program']);
    expect(e.detail).toContain(
      'an air-to-water system (air-to-water / air-source) is not a technology program md-geothermal lists: it lists ground-source, water-source',
    );
    expect(e.detail).toContain('(verified: Maryland Code, Public Utilities Article, § 7-701');
  });

  it('has several methods, so the enrolment must name one', () => {
    const e = errorOf(() => checkEnrolment(md, groundSource(4), enrol('md-geothermal')));
    expect(e.where.path).toEqual(['method']);
    expect(e.detail).toContain('grec-formula, savings-calculator, engineering-study');
  });

  it('a water-to-water system is water-source, which Maryland lists', () => {
    const w2w: SystemRegistration = { ...groundSource(4), technology: 'water-to-water' };
    expect(
      codes(checkEnrolment(md, w2w, enrol('md-geothermal', { method: 'grec-formula' })).checks),
    ).not.toContain('not-eligible');
  });

  it('refuses an enrolment under another version of the rule file', () => {
    const e = errorOf(() =>
      checkEnrolment(
        md,
        groundSource(4),
        enrol('md-geothermal', { method: 'grec-formula', programVersion: '1.0.0' }),
      ),
    );
    expect(e.where.path).toEqual(['programVersion']);
  });

  it('refuses an end date not after the start, and warns of an enrolment before commissioning', () => {
    const e = errorOf(() =>
      checkEnrolment(
        md,
        groundSource(4),
        enrol('md-geothermal', { method: 'grec-formula', end: '2024-06-01' }),
      ),
    );
    expect(e.where).toMatchObject({ path: ['end'], also: [['start']] });
    const early = checkEnrolment(
      md,
      groundSource(4),
      enrol('md-geothermal', { method: 'grec-formula', start: '2022-06-01' }),
    );
    expect(codes(early.checks)).toContain('enrolment-before-commissioning');
  });
});

describe('New Hampshire (nh-class-i-thermal): above 1,000,000 BTU/h combined from 2023-10-03', () => {
  const nh = program('nh-class-i-thermal');

  it('refuses a 4-ton system (48,000 BTU/h) enrolled after 2023-10-03, naming the size class and the statute', () => {
    const e = errorOf(() =>
      checkEnrolment(nh, groundSource(4), enrol('nh-class-i-thermal', { start: '2024-01-01' })),
    );
    expect(e.where.path).toEqual(['program']);
    expect(e.detail).toContain('a rated heating capacity of 48,000 BTU/h');
    expect(e.detail).toContain(
      "is in none of program nh-class-i-thermal's size classes: eligible (> 1,000,000 BTU/h)",
    );
    expect(e.detail).toContain('(verified: 2023 N.H. Laws ch. 182 (HB 233)');
  });

  it('judges the combined capacity where given: exactly 1,000,000 BTU/h is not above it, 1,200,000 is', () => {
    const at = (btuh: number) =>
      enrol('nh-class-i-thermal', { start: '2024-01-01', combinedCapacityW: btuhToW(btuh) });
    const e = errorOf(() => checkEnrolment(nh, groundSource(4), at(1_000_000)));
    expect(e.where).toMatchObject({ path: ['program'], also: [['combinedCapacityKw']] });
    const verdict = checkEnrolment(nh, groundSource(4), at(1_200_000));
    expect(verdict.sizeClass).toBe('eligible');
    expect(verdict.method).toBe('metered');
  });

  it("refuses a combined capacity below the system's own", () => {
    const e = errorOf(() =>
      checkEnrolment(
        nh,
        groundSource(100),
        enrol('nh-class-i-thermal', { combinedCapacityW: btuhToW(1_100_000) }),
      ),
    );
    expect(e.where.path).toEqual(['combinedCapacityKw']);
    expect(e.detail).toContain("cannot be below this system's own 1,200,000 BTU/h");
  });

  it('accepts a 100-ton system (1,200,000 BTU/h), metered (the only method)', () => {
    const verdict = checkEnrolment(
      nh,
      groundSource(100),
      enrol('nh-class-i-thermal', { start: '2024-01-01' }),
    );
    expect(verdict).toMatchObject({ method: 'metered', sizeClass: 'eligible', checks: [] });
  });

  it('refuses a start before the version is effective (2023-10-03, verified)', () => {
    const e = errorOf(() =>
      checkEnrolment(nh, groundSource(100), enrol('nh-class-i-thermal', { start: '2023-10-02' })),
    );
    expect(e.where.path).toEqual(['start']);
    expect(e.detail).toContain(
      'before program nh-class-i-thermal version 1.2.0 is effective from 2023-10-03',
    );
    expect(
      checkEnrolment(nh, groundSource(100), enrol('nh-class-i-thermal', { start: '2023-10-03' })).checks,
    ).toEqual([]);
  });

  it('refuses a method it does not list (metered only, verified)', () => {
    const e = errorOf(() =>
      checkEnrolment(
        nh,
        groundSource(100),
        enrol('nh-class-i-thermal', { start: '2024-01-01', method: 'grec-formula' }),
      ),
    );
    expect(e.where.path).toEqual(['method']);
    expect(e.detail).toContain(
      'method grec-formula is not one program nh-class-i-thermal lists: it lists metered',
    );
  });

  it('warns when a metered enrolment has no heat meter on the system yet', () => {
    const meter: RegisteredMeter = { id: 'm1', kind: 'heat', installed: '2024-02-01', removed: null };
    const none = checkEnrolment(nh, groundSource(100), enrol('nh-class-i-thermal'), { meters: [] });
    expect(codes(none.checks)).toEqual(['no-heat-meter']);
    const later = checkEnrolment(nh, groundSource(100), enrol('nh-class-i-thermal'), {
      meters: [{ ...meter, installed: '2024-07-01' }],
    });
    expect(codes(later.checks)).toEqual(['no-heat-meter']);
    expect(
      checkEnrolment(nh, groundSource(100), enrol('nh-class-i-thermal'), { meters: [meter] }).checks,
    ).toEqual([]);
  });
});

describe('Massachusetts air-source (ma-aps-air-source): heating only, its size class decides the method', () => {
  const ma = program('ma-aps-air-source');
  const airToAir = (tons: number): SystemRegistration => ({
    technology: 'air-to-air',
    ratedCapacityW: tonsToW(tons),
    ratedCop: 3,
    commissioned: '2024-05-01',
  });

  it('puts a 3-ton unit (36,000 BTU/h) in the small class and warns that the method per class is only in words', () => {
    const verdict = checkEnrolment(
      ma,
      airToAir(3),
      enrol('ma-aps-air-source', { method: 'regulator-formula' }),
    );
    expect(verdict.sizeClass).toBe('small');
    expect(codes(verdict.checks)).toEqual(['method-by-size-class-unchecked']);
    expect(verdict.checks[0]?.message).toContain('Small units: calculated by DOER (no meter)');
    expect(verdict.checks[0]?.message).toContain('(assumption');
  });

  it('puts a 100-ton unit (1,200,000 BTU/h) in the large class', () => {
    expect(
      checkEnrolment(ma, airToAir(100), enrol('ma-aps-air-source', { method: 'metered' })).sizeClass,
    ).toBe('large');
  });

  it('refuses a method it does not list, and a ground-source system', () => {
    expect(
      errorOf(() => checkEnrolment(ma, airToAir(3), enrol('ma-aps-air-source', { method: 'grec-formula' })))
        .where.path,
    ).toEqual(['method']);
    const e = errorOf(() =>
      checkEnrolment(ma, groundSource(3), enrol('ma-aps-air-source', { method: 'metered' })),
    );
    expect(e.detail).toContain('it lists air-source');
  });

  it('refuses a start before 2015-01-01 (verified)', () => {
    const e = errorOf(() =>
      checkEnrolment(
        ma,
        { ...airToAir(3), commissioned: '2014-06-01' },
        enrol('ma-aps-air-source', { method: 'metered', start: '2014-12-01' }),
      ),
    );
    expect(e.where.path).toEqual(['start']);
  });

  it('warns when a metered enrolment nets electricity but the system has no electricity meter', () => {
    const heat: RegisteredMeter = { id: 'h1', kind: 'heat', installed: '2024-05-01' };
    const verdict = checkEnrolment(ma, airToAir(100), enrol('ma-aps-air-source', { method: 'metered' }), {
      meters: [heat],
    });
    expect(codes(verdict.checks)).toEqual(['method-by-size-class-unchecked', 'no-electricity-meter']);
    expect(verdict.checks[1]?.message).toContain("counts heat net of the heat pump's electricity (secondary");
  });
});

describe('the proposed air-to-water TREC: a proposal only as a pilot', () => {
  const trec = program('proposed-air-to-water-trec');
  const airToWater: SystemRegistration = { ...groundSource(4), technology: 'air-to-water' };

  it('refuses an enrolment without the pilot flag', () => {
    const e = errorOf(() => checkEnrolment(trec, airToWater, enrol('proposed-air-to-water-trec')));
    expect(e.where).toMatchObject({ path: ['pilot'], also: [['program']] });
    expect(e.detail).toContain('is a proposal');
    expect(e.detail).toContain('pilot or demonstration');
  });

  it('accepts it as a pilot, with program-is-proposal carried by everything issued under it', () => {
    const verdict = checkEnrolment(trec, airToWater, enrol('proposed-air-to-water-trec', { pilot: true }));
    expect(verdict.pilot).toBe(true);
    expect(verdict.method).toBe('metered');
    expect(codes(verdict.checks)).toEqual(['program-is-proposal']);
    expect(verdict.carried).toEqual([verdict.checks[0]]);
    expect(verdict.carried[0]?.severity).toBe('warning');
  });

  it('still refuses a ground-source system (it lists air-to-water, secondary)', () => {
    const e = errorOf(() =>
      checkEnrolment(trec, groundSource(4), enrol('proposed-air-to-water-trec', { pilot: true })),
    );
    expect(e.detail).toContain('it lists air-to-water');
    expect(e.detail).toContain('(secondary: ');
  });

  it('a hybrid system may or may not be air-to-water: a warning', () => {
    const hybrid: SystemRegistration = { ...groundSource(4), technology: 'hybrid' };
    expect(
      codes(checkEnrolment(trec, hybrid, enrol('proposed-air-to-water-trec', { pilot: true })).checks),
    ).toEqual(['program-is-proposal', 'technology-source-unstated']);
  });
});

describe('Virginia (va-geothermal): rules pending, assumed effective date', () => {
  const va = program('va-geothermal');

  it('warns (does not refuse) a start before the assumed effective date, and asks for a method', () => {
    expect(errorOf(() => checkEnrolment(va, groundSource(4), enrol('va-geothermal'))).where.path).toEqual([
      'method',
    ]);
    const verdict = checkEnrolment(
      va,
      groundSource(4),
      enrol('va-geothermal', { start: '2024-03-01', method: 'metered' }),
    );
    expect(codes(verdict.checks)).toEqual([
      'program-rules-pending',
      'before-effective',
      'size-classes-unknown',
      'program-method-unsettled',
    ]);
    expect(verdict.checks.find((c) => c.code === 'before-effective')?.message).toContain(
      'not refused because the value is an assumption',
    );
  });
});
