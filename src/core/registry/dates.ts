import { InputError, type FieldPath } from '../errors.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO calendar date `YYYY-MM-DD` that exists (2023-02-29 does not); an InputError at `path` otherwise. */
export function checkIsoDate(text: string, path: FieldPath): string {
  const m = ISO_DATE.exec(text);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  const ms = Date.UTC(y, mo - 1, d);
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text)
    throw new InputError('not a calendar date (YYYY-MM-DD)', { path, value: text });
  return text;
}

/** The day after an ISO date (UTC calendar arithmetic: dates carry no zone). */
export function nextDay(date: string): string {
  const [y = NaN, m = NaN, d = NaN] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** A half-open range of days: `start` counted, `end` the first day not counted, null still open. */
export interface DateRange {
  start: string;
  end?: string | null | undefined;
}

/** Whether two half-open ranges share a day (ISO dates compare as strings). */
export function overlaps(a: DateRange, b: DateRange): boolean {
  const aEndsAfterBStarts = a.end === null || a.end === undefined || a.end > b.start;
  const bEndsAfterAStarts = b.end === null || b.end === undefined || b.end > a.start;
  return aEndsAfterBStarts && bEndsAfterAStarts;
}

/** The shared days of two overlapping ranges. */
export function intersection(a: DateRange, b: DateRange): DateRange {
  const start = a.start > b.start ? a.start : b.start;
  const ends = [a.end, b.end].filter((e): e is string => typeof e === 'string');
  return { start, end: ends.length ? ends.reduce((x, y) => (x < y ? x : y)) : null };
}

/** "2024-01-01 to 2025-01-01 (exclusive)" or "from 2024-01-01 (open)". */
export function describeRange(r: DateRange): string {
  return typeof r.end === 'string' ? `${r.start} to ${r.end} (exclusive)` : `from ${r.start} (open)`;
}

/** An end that is not after its start is an empty range: an InputError at `endPath`. */
export function checkRange(r: DateRange, startPath: FieldPath, endPath: FieldPath): void {
  checkIsoDate(r.start, startPath);
  if (typeof r.end !== 'string') return;
  checkIsoDate(r.end, endPath);
  if (r.end <= r.start)
    throw new InputError(
      `the end date ${r.end} must be after the start date ${r.start} (the end is the first day not counted)`,
      { path: endPath, also: [startPath] },
    );
}
