import { check, type Check } from '../checks.ts';
import { InputError, type FieldPath } from '../errors.ts';

/**
 * Reporting periods of issuance (issue 10): a calendar month `YYYY-MM` or a calendar quarter `YYYY-Qn`
 * (Q1 = January to March). Months are the unit everything is summed in (M-RETS uploads whole months, Operating
 * Procedures Section 4.4.1; NEPOOL-GIS and M-RETS exports are per unit and month); a quarter is its three
 * months (New Hampshire reports quarterly, RSA 362-F:6 V). Pure calendar arithmetic: which instants a month
 * spans in the site's time zone is the caller's (app) business.
 */
export interface Month {
  year: number;
  /** 1..12 */
  month: number;
}

export interface Period {
  /** `2026-07` or `2026-Q3`. */
  id: string;
  kind: 'month' | 'quarter';
  /** The calendar months of the period, in order. */
  months: Month[];
}

export type PeriodKind = Period['kind'];

const MONTH_RE = /^(\d{4})-(\d{2})$/;
const QUARTER_RE = /^(\d{4})-[Qq](\d)$/;
const FORMS = 'a month YYYY-MM (e.g. 2026-07) or a quarter YYYY-Qn (e.g. 2026-Q3, n 1 to 4)';

function checkMonth(m: Month, path: FieldPath = ['month']): void {
  if (!Number.isInteger(m.year) || m.year < 1 || m.year > 9999)
    throw new InputError('a year must be a whole number from 1 to 9999', { path, value: m.year });
  if (!Number.isInteger(m.month) || m.month < 1 || m.month > 12)
    throw new InputError('a month must be a whole number from 1 to 12', { path, value: m.month });
}

/** `2026-07` */
export function monthId(m: Month): string {
  checkMonth(m);
  return `${String(m.year).padStart(4, '0')}-${String(m.month).padStart(2, '0')}`;
}

/** Month number since year 0 (year x 12 + month - 1): months compare and step by it. */
const ordinal = (m: Month): number => m.year * 12 + m.month - 1;
const fromOrdinal = (n: number): Month => ({ year: Math.floor(n / 12), month: (n % 12) + 1 });

/** The month or quarter that contains month `m`. */
export function periodContaining(kind: PeriodKind, m: Month): Period {
  checkMonth(m);
  if (kind === 'month') return { id: monthId(m), kind, months: [{ year: m.year, month: m.month }] };
  const q = Math.floor((m.month - 1) / 3) + 1;
  const first = (q - 1) * 3 + 1;
  return {
    id: `${String(m.year).padStart(4, '0')}-Q${q}`,
    kind,
    months: [0, 1, 2].map((i) => ({ year: m.year, month: first + i })),
  };
}

/**
 * `2026-07` or `2026-Q3` (a lower-case q is read as Q; the id is always upper-case). Anything else is an
 * InputError at `path` (default `period`) naming the text and the accepted forms.
 */
export function parsePeriod(text: string, path: string = 'period'): Period {
  const where = { path: [path], value: text };
  const month = MONTH_RE.exec(text);
  if (month) {
    const m = { year: Number(month[1]), month: Number(month[2]) };
    if (m.year < 1 || m.month < 1 || m.month > 12)
      throw new InputError(`"${text}" is not a period: the month must be 01 to 12; give ${FORMS}`, where);
    return periodContaining('month', m);
  }
  const quarter = QUARTER_RE.exec(text);
  if (quarter) {
    const year = Number(quarter[1]);
    const q = Number(quarter[2]);
    if (year < 1 || q < 1 || q > 4)
      throw new InputError(`"${text}" is not a period: a quarter is Q1 to Q4; give ${FORMS}`, where);
    return periodContaining('quarter', { year, month: (q - 1) * 3 + 1 });
  }
  throw new InputError(`"${text}" is not a period; give ${FORMS}`, where);
}

/**
 * The period kind a program's reporting cadence implies. `monthly` and `quarterly` are taken as stated;
 * `monthly or quarterly` (Maryland, secondary) lets the issuer choose: TREC takes the quarter, and says so
 * (info). No cadence, or one TREC cannot read: the quarter, as TREC's assumption (warning), since a quarter is
 * the longer of the two cadences the programs read state (New Hampshire, Massachusetts) and never splits one.
 */
export function cadencePeriodKind(cadence: string | null): { kind: PeriodKind; checks: Check[] } {
  const c = cadence?.trim().toLowerCase() ?? null;
  if (c === 'monthly') return { kind: 'month', checks: [] };
  if (c === 'quarterly') return { kind: 'quarter', checks: [] };
  if (c === 'monthly or quarterly' || c === 'quarterly or monthly')
    return {
      kind: 'quarter',
      checks: [
        check(
          'cadence-choice',
          'info',
          `the program reports "${cadence ?? ''}": TREC issues by quarter unless a month is asked for (--period YYYY-MM)`,
        ),
      ],
    };
  return {
    kind: 'quarter',
    checks: [
      check(
        'cadence-assumed',
        'warning',
        cadence === null
          ? "the program states no reporting cadence: TREC issues by quarter (TREC's assumption); give --period to choose"
          : `the program's reporting cadence "${cadence}" is not monthly or quarterly: TREC issues by quarter (TREC's assumption); give --period to choose`,
      ),
    ],
  };
}

function shifted(p: Period, by: number): Period {
  const first = p.months[0];
  if (!first) throw new InputError('a period has at least one month', { path: ['period'], value: p.id });
  const step = p.kind === 'month' ? 1 : 3;
  const m = fromOrdinal(ordinal(first) + by * step);
  if (m.year < 1 || m.year > 9999)
    throw new InputError('the period before or after this one is outside years 1 to 9999', {
      path: ['period'],
      value: p.id,
    });
  return periodContaining(p.kind, m);
}

/** The period of the same kind just before `p` (2026-Q1 -> 2025-Q4, 2026-01 -> 2025-12). */
export function previousPeriod(p: Period): Period {
  return shifted(p, -1);
}

/** The period of the same kind just after `p` (2026-Q4 -> 2027-Q1, 2026-12 -> 2027-01). */
export function nextPeriod(p: Period): Period {
  return shifted(p, 1);
}

/** Orders periods by their first month; a month before the quarter that starts with it. */
export function comparePeriods(a: Period, b: Period): number {
  const fa = a.months[0];
  const fb = b.months[0];
  const byMonth = (fa ? ordinal(fa) : 0) - (fb ? ordinal(fb) : 0);
  if (byMonth !== 0) return byMonth;
  return a.months.length - b.months.length;
}
