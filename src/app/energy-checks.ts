import { check, type Check } from '../core/index.ts';
import type { MeterJoinReport, MeterSource } from './meter-files.ts';

const isoMs = (ms: number) => new Date(ms).toISOString();

/** A header as shown in a check: at most 80 characters (a 10 MB header line is not echoed whole). */
export const shown = (text: string, max = 80) =>
  text.length <= max ? text : `${text.slice(0, max)}... (${text.length} characters)`;

/** The bad rows skipped, as a check next to the result (never silent). */
export function skippedRowsCheck(source: MeterSource): Check {
  const listed = source.badRows.map((r) => `line ${r.line}${r.field ? ` ${r.field}` : ''}: ${r.reason}`);
  return check(
    'skipped-rows',
    'warning',
    `${source.skipped} bad row(s) of ${source.file} were skipped (--skip-bad-rows); first: ${listed.slice(0, 5).join('; ')}`,
  );
}

export interface JoinSettings {
  join: 'exact' | 'hold';
  maxGapS: number;
  label: 'end' | 'start';
}

/** Checks for what the join of several files saw (never silent: a gap for one file's channels is named). */
export function joinChecks(report: MeterJoinReport, opts: JoinSettings, files: readonly string[]): Check[] {
  const out: Check[] = [];
  for (const r of report.instant)
    if (r.missing > 0) {
      const first = r.firstMissingMs.map(isoMs).join(', ');
      out.push(
        opts.join === 'exact'
          ? check(
              'join-missing',
              'warning',
              `${r.file} has no row at ${r.missing} time(s) the other instant files have (first: ${first}): a gap for its channels (${r.channels.join(', ')}); those times are not used (bridged up to --max-gap, else a gap)`,
            )
          : check(
              'join-expired',
              'warning',
              `${r.file}: ${r.missing} time(s) without a value to hold (its last one older than --max-gap ${opts.maxGapS} s, or none yet; first: ${first}): a gap for its channels (${r.channels.join(', ')}), not counted`,
            ),
      );
    }
  for (const s of report.series) {
    const what = `${s.interval ? 'interval energy' : 'register'} "${shown(s.header)}" of ${s.file}`;
    if (s.intervalGaps > 0)
      out.push(
        check(
          'interval-gap',
          'warning',
          `${what}: ${s.intervalGaps} missing interval(s) (rows farther apart than the file's interval; first after ${s.firstGapMs.map(isoMs).join(', ')}): no energy known there, none counted`,
        ),
      );
    if (
      report.instantFirstMs === report.instantFirstMs &&
      (s.firstMs > report.instantFirstMs || s.lastMs < report.instantLastMs)
    )
      out.push(
        check(
          'series-range',
          'warning',
          `${what} covers ${isoMs(s.firstMs)} to ${isoMs(s.lastMs)}; the instant data runs ${isoMs(report.instantFirstMs)} to ${isoMs(report.instantLastMs)}: outside its range it counts no energy`,
        ),
      );
  }
  if (files.length > 1)
    out.push(
      check(
        'joined-files',
        'info',
        `${files.length} files joined on time (--join ${opts.join}${report.series.some((s) => s.interval) ? `, interval energy labelled at the ${opts.label}` : ''}); line numbers in these checks are those of ${report.instant[0]?.file ?? 'no instant file (register series only)'}`,
      ),
    );
  return out;
}
