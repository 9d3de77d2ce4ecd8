import { describe, expect, it } from 'vitest';
import {
  checkDoubleCounting,
  checkEnrolment,
  type Program,
  type RegisteredEnrolment,
} from '../../../src/core/index.ts';
import { errorOf, groundSource, program } from './helpers.ts';

const registered = (
  p: Program,
  id: string,
  start: string,
  end: string | null,
  unitId?: string,
): RegisteredEnrolment => ({
  id,
  programId: p.id,
  programVersion: p.version,
  ...(unitId ? { unitId } : {}),
  start,
  end,
  energyCounted: p.energyCounted,
});

describe('double counting across programs', () => {
  const nh = program('nh-class-i-thermal');
  const mrets = program('m-rets-thermal');
  const va = program('va-geothermal');
  const ma = program('ma-aps-air-source');

  it('refuses NH over dates an M-RETS enrolment counting heating already covers, naming it', () => {
    // Both count heating, verified in both files (NH: HB 233; M-RETS: its thermal operating procedures).
    const existing = registered(mrets, 'enr-7', '2024-01-01', null, 'GEN-123');
    const e = errorOf(() =>
      checkEnrolment(
        nh,
        groundSource(100),
        { programId: nh.id, programVersion: nh.version, start: '2024-06-01', end: '2025-06-01' },
        { enrolments: [existing] },
      ),
    );
    expect(e.where).toMatchObject({ path: ['start'], also: [['end']] });
    expect(e.detail).toContain(
      'enrolment enr-7 (program m-rets-thermal 1.2.0, unit GEN-123, from 2024-01-01 (open)) already counts heating over 2024-06-01 to 2025-06-01 (exclusive)',
    );
    expect(e.detail).toContain('double counting');
  });

  it('accepts them one after the other (the end is the first day not counted)', () => {
    const existing = registered(mrets, 'enr-7', '2024-01-01', '2024-06-01');
    expect(checkDoubleCounting(nh, { start: '2024-06-01', end: null }, [existing])).toEqual([]);
  });

  it('refuses the same program twice over shared days', () => {
    const existing = registered(nh, 'enr-1', '2024-01-01', null);
    expect(errorOf(() => checkDoubleCounting(nh, { start: '2025-01-01' }, [existing])).detail).toContain(
      'enrolment enr-1 (program nh-class-i-thermal',
    );
  });

  it('only warns where a program does not state what it counts (Virginia: heating and cooling unknown)', () => {
    const existing = registered(nh, 'enr-1', '2024-01-01', null);
    const checks = checkDoubleCounting(va, { start: '2025-01-01' }, [existing]);
    expect(checks.map((c) => c.code)).toEqual(['possible-double-counting', 'possible-double-counting']);
    expect(checks[0]?.message).toContain(
      'program nh-class-i-thermal counts heating (verified) and program va-geothermal does not state whether it counts heating (unknown)',
    );
  });

  it('a program that does not count cooling never overlaps in cooling (Massachusetts: heating only)', () => {
    // MA air-source: cooling false (verified). With M-RETS (cooling unknown) only heating is compared.
    const existing = registered(ma, 'enr-2', '2024-01-01', null);
    const withoutHeating: Program = {
      ...mrets,
      energyCounted: { ...mrets.energyCounted, heating: { ...mrets.energyCounted.heating, value: false } },
    };
    expect(checkDoubleCounting(withoutHeating, { start: '2024-02-01' }, [existing])).toEqual([]);
    expect(() => checkDoubleCounting(mrets, { start: '2024-02-01' }, [existing])).toThrow(
      /already counts heating/,
    );
  });
});
