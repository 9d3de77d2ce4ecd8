import { DateTime } from 'luxon';
import {
  check,
  isOk,
  jToBtu,
  jToKwh,
  type Check,
  type HeatMeterResult,
  type IntervalEnergy,
  type RegisterComparison,
} from '../../core/index.ts';
import type { MeterReadSummary } from '../../ingest/index.ts';
import { checkLines, errorLead } from '../checks-output.ts';
import { fmt } from '../context.ts';

/** An instant as ISO 8601: local with its offset in the --tz zone, else UTC. */
function iso(timeMs: number, tz?: string): string {
  if (tz === undefined) return new Date(timeMs).toISOString();
  return DateTime.fromMillis(timeMs, { zone: tz }).toISO({ suppressMilliseconds: true }) ?? '';
}

const kwhOrNull = (j: number | null): number | null => (j === null ? null : jToKwh(j));

function comparisonJson(c: RegisterComparison | null) {
  if (c === null) return null;
  return {
    register_kwh: jToKwh(c.registerJ),
    measured_kwh: jToKwh(c.measuredJ),
    difference_kwh: jToKwh(c.differenceJ),
    difference_pct: c.differencePct,
  };
}

function intervalJson(e: IntervalEnergy, hasElec: boolean, tz?: string) {
  return {
    start: iso(e.startMs, tz),
    end: iso(e.endMs, tz),
    ok: e.ok,
    heat_kwh: jToKwh(e.heatJ),
    cool_kwh: jToKwh(e.coolJ),
    defrost_kwh: jToKwh(e.defrostJ),
    transient_kwh: jToKwh(e.transientJ),
    excluded_kwh: jToKwh(e.excludedJ),
    excluded_elec_kwh: jToKwh(e.excludedElecJ),
    elec_kwh: hasElec ? jToKwh(e.elecJ) : null,
    cop: e.cop,
    cooling_cop: e.coolingCop,
    heat_register: comparisonJson(e.heatRegister),
    elec_register: comparisonJson(e.elecRegister),
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
  const ok = isOk(result.checks);
  return {
    ok,
    intervals: result.intervals.map((e) => intervalJson(e, hasElec, tz)),
    total: { ...intervalJson(result.total, hasElec, tz), ok },
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

/** One register beside the instant data: both figures and their difference, as a line. */
function comparisonLine(what: string, other: string, c: RegisterComparison): string {
  const d = jToKwh(c.differenceJ);
  const pct =
    c.differencePct === null ? 'no %: the instant data measured nothing' : `${signed(c.differencePct, 1)} %`;
  return `${what} ${fmt(jToKwh(c.registerJ), 2)} kWh beside ${fmt(jToKwh(c.measuredJ), 2)} kWh from ${other} over the same time: difference ${signed(d, 2)} kWh (${pct})`;
}

const signed = (v: number, decimals: number) => `${v > 0 ? '+' : ''}${fmt(v, decimals)}`;

/**
 * A readable table: the errors first (before any number), one row per interval, the total, then checks
 * (errors first) and provenance.
 */
export function energyTable(result: HeatMeterResult, summary: MeterReadSummary, tz?: string): string {
  // Transient, excluded and ok columns appear when they carry something (the errors lead above anyway).
  const ok = isOk(result.checks);
  const total = result.total;
  const withTransient = total.transientJ > 0 || result.intervals.some((e) => e.transientJ > 0);
  const withExcluded = total.excludedJ > 0 || result.intervals.some((e) => e.excludedJ > 0);
  const withOk = !ok;
  const head = ['start', 'heat kWh', 'cool kWh', 'defrost kWh'];
  if (withTransient) head.push('transient kWh');
  if (withExcluded) head.push('excluded kWh');
  head.push('elec kWh', 'COP', 'coverage', '± %');
  if (withOk) head.push('ok');
  const row = (label: string, e: IntervalEnergy, eOk: boolean) => {
    const r = [label, fmt(jToKwh(e.heatJ), 2), fmt(jToKwh(e.coolJ), 2), fmt(jToKwh(e.defrostJ), 2)];
    if (withTransient) r.push(fmt(jToKwh(e.transientJ), 2));
    if (withExcluded) r.push(fmt(jToKwh(e.excludedJ), 2));
    r.push(
      result.elecBasis === null ? '-' : fmt(jToKwh(e.elecJ), 2),
      num(e.cop, 2),
      `${fmt(e.coverage * 100, 1)} %`,
      num(e.uncertaintyPct, 2),
    );
    if (withOk) r.push(eOk ? 'yes' : 'NO');
    return r;
  };
  const rows = [
    head,
    ...result.intervals.map((e) => row(iso(e.startMs, tz), e, e.ok)),
    row('total', total, ok),
  ];
  const widths = head.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const out = rows.map(line);
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  out.splice(out.length - 1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  if (total.netRenewableJ !== null)
    out.push(`net renewable heat (heat - electricity): ${fmt(jToKwh(total.netRenewableJ), 2)} kWh`);
  if (total.coolingCop !== null) out.push(`cooling COP (EER): ${fmt(total.coolingCop, 2)}`);
  if (total.conservativeHeatJ !== null)
    out.push(
      `conservative heat (reduced by the EN 1434 bound): ${fmt(jToKwh(total.conservativeHeatJ), 2)} kWh`,
    );
  if (total.heatRegister)
    out.push(
      comparisonLine(
        'heat register',
        result.heatBasis === 'heat-power' ? 'the heat power channel' : 'flow and temperatures',
        total.heatRegister,
      ),
    );
  if (total.elecRegister)
    out.push(comparisonLine('electricity register', 'the power channel', total.elecRegister));
  if (total.transientJ > 0)
    out.push(
      `transient reverse dT (short runs, neither heat, cooling nor defrost): ${fmt(jToKwh(total.transientJ), 2)} kWh`,
    );
  if (total.excludedJ > 0 || total.excludedElecJ > 0)
    out.push(
      `excluded register steps (implausible mean power, not counted): heat ${fmt(jToKwh(total.excludedJ), 2)} kWh, electricity ${fmt(jToKwh(total.excludedElecJ), 2)} kWh`,
    );
  out.push(
    `heat from ${result.heatBasis}${result.elecBasis ? `, electricity from ${result.elecBasis}` : ''}`,
  );
  out.push('', ...checkLines(result.checks));
  out.push(
    '',
    `${summary.info.file}: ${summary.rows} rows${summary.skipped ? `, ${summary.skipped} skipped` : ''}, ${iso(summary.firstMs, tz)} to ${iso(summary.lastMs, tz)}, sha256 ${summary.sha256}`,
  );
  return [...errorLead(result.checks), ...out].join('\n');
}
