import { describe, expect, it } from 'vitest';
import {
  cadencePeriodKind,
  comparePeriods,
  InputError,
  monthId,
  nextPeriod,
  parsePeriod,
  periodContaining,
  previousPeriod,
} from '../../../src/core/index.ts';

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('parsePeriod', () => {
  it('reads a month and a quarter (Q3 = July, August, September)', () => {
    expect(parsePeriod('2026-07')).toEqual({
      id: '2026-07',
      kind: 'month',
      months: [{ year: 2026, month: 7 }],
    });
    expect(parsePeriod('2026-Q3')).toEqual({
      id: '2026-Q3',
      kind: 'quarter',
      months: [
        { year: 2026, month: 7 },
        { year: 2026, month: 8 },
        { year: 2026, month: 9 },
      ],
    });
    expect(parsePeriod('2026-q1').id).toBe('2026-Q1');
    expect(parsePeriod('2026-Q4').months.map((m) => m.month)).toEqual([10, 11, 12]);
  });
  it('refuses anything else, naming the text, the accepted forms and the path', () => {
    for (const bad of [
      '2026-13',
      '2026-00',
      '2026-Q5',
      '2026-Q0',
      '2026-7',
      '26-07',
      'July 2026',
      '',
      '2026-07 ',
    ]) {
      const e = errorOf(() => parsePeriod(bad));
      expect(e.where, bad).toMatchObject({ path: ['period'], value: bad });
      expect(e.detail, bad).toContain(`"${bad}"`);
      expect(e.detail, bad).toMatch(/YYYY-MM.*YYYY-Qn/);
    }
    expect(errorOf(() => parsePeriod('2026', 'claimPeriod')).where.path).toEqual(['claimPeriod']);
  });
});

describe('cadencePeriodKind', () => {
  it('monthly and quarterly as stated; "monthly or quarterly" the quarter with a note; none a warned assumption', () => {
    expect(cadencePeriodKind('monthly')).toEqual({ kind: 'month', checks: [] });
    expect(cadencePeriodKind('quarterly')).toEqual({ kind: 'quarter', checks: [] });
    const either = cadencePeriodKind('monthly or quarterly');
    expect(either.kind).toBe('quarter');
    expect(either.checks).toMatchObject([{ code: 'cadence-choice', severity: 'info' }]);
    const none = cadencePeriodKind(null);
    expect(none.kind).toBe('quarter');
    expect(none.checks).toMatchObject([{ code: 'cadence-assumed', severity: 'warning' }]);
    expect(none.checks[0]?.message).toMatch(/TREC's assumption/);
    expect(cadencePeriodKind('annually').checks[0]?.code).toBe('cadence-assumed');
  });
});

describe('period arithmetic', () => {
  it('the period containing a month, and the ones before and after across a year', () => {
    expect(periodContaining('quarter', { year: 2026, month: 8 }).id).toBe('2026-Q3');
    expect(periodContaining('month', { year: 2026, month: 8 }).id).toBe('2026-08');
    expect(previousPeriod(parsePeriod('2026-Q1')).id).toBe('2025-Q4');
    expect(nextPeriod(parsePeriod('2026-Q4')).id).toBe('2027-Q1');
    expect(previousPeriod(parsePeriod('2026-01')).id).toBe('2025-12');
    expect(nextPeriod(parsePeriod('2026-12')).id).toBe('2027-01');
    expect(monthId({ year: 2026, month: 3 })).toBe('2026-03');
    expect(() => monthId({ year: 2026, month: 13 })).toThrow(InputError);
  });
  it('orders periods by their first month', () => {
    const ids = ['2026-Q3', '2026-02', '2025-Q4', '2026-07', '2026-01'];
    const sorted = ids
      .map((id) => parsePeriod(id))
      .sort(comparePeriods)
      .map((p) => p.id);
    expect(sorted).toEqual(['2025-Q4', '2026-01', '2026-02', '2026-07', '2026-Q3']);
  });
});
