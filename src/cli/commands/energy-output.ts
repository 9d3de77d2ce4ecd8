import { DateTime } from 'luxon';
import {
  check,
  jToBtu,
  jToKwh,
  type Check,
  type HeatMeterResult,
  type IntervalEnergy,
} from '../../core/index.ts';
import type { MeterReadSummary } from '../../ingest/index.ts';
import { fmt } from '../context.ts';

/** An instant as ISO 8601: local with its offset in the --tz zone, else UTC. */
function iso(timeMs: number, tz?: string): string {
  if (tz === undefined) return new Date(timeMs).toISOString();
  return DateTime.fromMillis(timeMs, { zone: tz }).toISO({ suppressMilliseconds: true }) ?? '';
}

const kwhOrNull = (j: number | null): number | null => (j === null ? null : jToKwh(j));

function intervalJson(e: IntervalEnergy, hasElec: boolean, tz?: string) {
  return {
    start: iso(e.startMs, tz),
    end: iso(e.endMs, tz),
    heat_kwh: jToKwh(e.heatJ),
    cool_kwh: jToKwh(e.coolJ),
    defrost_kwh: jToKwh(e.defrostJ),
    elec_kwh: hasElec ? jToKwh(e.elecJ) : null,
    cop: e.cop,
    coverage: e.coverage,
    uncertainty_pct: e.uncertaintyPct,
    net_renewable_kwh: kwhOrNull(e.netRenewableJ),
    conservative_heat_kwh: kwhOrNull(e.conservativeHeatJ),
    heat_btu: jToBtu(e.heatJ),
    mean_supply_c: e.meanSupplyC,
    mean_source_c: e.meanSourceC,
  };
}

/** The bad rows skipped, as a check next to the result (never silent). */
export function skippedRowsCheck(summary: MeterReadSummary): Check {
  const listed = summary.badRows.map((r) => `line ${r.line}${r.field ? ` ${r.field}` : ''}: ${r.reason}`);
  return check(
    'skipped-rows',
    'warning',
    `${summary.skipped} bad row(s) of ${summary.file} were skipped (--skip-bad-rows); first: ${listed.slice(0, 5).join('; ')}`,
  );
}

export function energyJson(result: HeatMeterResult, summary: MeterReadSummary, tz?: string) {
  const { info } = summary;
  const hasElec = result.elecBasis !== null;
  return {
    intervals: result.intervals.map((e) => intervalJson(e, hasElec, tz)),
    total: intervalJson(result.total, hasElec, tz),
    checks: result.checks,
    heat_basis: result.heatBasis,
    elec_basis: result.elecBasis,
    gap_count: result.gapCount,
    gap_s: result.gapS,
    source: {
      file: info.file,
      sha256: summary.sha256,
      format: info.format,
      delimiter: info.dialect?.delimiter ?? null,
      decimal_comma: info.dialect?.commaDecimal ?? false,
      bom: info.bom,
      rows: summary.rows,
      skipped_rows: summary.skipped,
      bad_rows: summary.badRows,
      ignored_columns: info.plan.ignored,
      first: iso(summary.firstMs, tz),
      last: iso(summary.lastMs, tz),
      time_zone: tz ?? 'UTC',
    },
  };
}

const num = (v: number | null, decimals: number) => (v === null ? '-' : fmt(v, decimals));

/** A readable table: one row per interval, the total, then checks and provenance. */
export function energyTable(result: HeatMeterResult, summary: MeterReadSummary, tz?: string): string {
  const head = ['start', 'heat kWh', 'cool kWh', 'defrost kWh', 'elec kWh', 'COP', 'coverage', '± %'];
  const row = (label: string, e: IntervalEnergy) => [
    label,
    fmt(jToKwh(e.heatJ), 2),
    fmt(jToKwh(e.coolJ), 2),
    fmt(jToKwh(e.defrostJ), 2),
    result.elecBasis === null ? '-' : fmt(jToKwh(e.elecJ), 2),
    num(e.cop, 2),
    `${fmt(e.coverage * 100, 1)} %`,
    num(e.uncertaintyPct, 2),
  ];
  const rows = [head, ...result.intervals.map((e) => row(iso(e.startMs, tz), e)), row('total', result.total)];
  const widths = head.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const out = rows.map(line);
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  out.splice(out.length - 1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const total = result.total;
  if (total.netRenewableJ !== null)
    out.push(`net renewable heat (heat - electricity): ${fmt(jToKwh(total.netRenewableJ), 2)} kWh`);
  if (total.conservativeHeatJ !== null)
    out.push(
      `conservative heat (reduced by the EN 1434 bound): ${fmt(jToKwh(total.conservativeHeatJ), 2)} kWh`,
    );
  out.push(
    `heat from ${result.heatBasis}${result.elecBasis ? `, electricity from ${result.elecBasis}` : ''}`,
  );
  out.push('', result.checks.length ? 'checks:' : 'checks: none');
  for (const c of result.checks)
    out.push(`  ${c.severity.padEnd(7)} ${c.code}${c.start ? ` (${c.start})` : ''}: ${c.message}`);
  out.push(
    '',
    `${summary.info.file}: ${summary.rows} rows${summary.skipped ? `, ${summary.skipped} skipped` : ''}, ${iso(summary.firstMs, tz)} to ${iso(summary.lastMs, tz)}, sha256 ${summary.sha256}`,
  );
  return out.join('\n');
}
