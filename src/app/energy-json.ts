import { DateTime } from 'luxon';
import {
  isOk,
  jToBtu,
  jToKwh,
  type HeatMeterResult,
  type IntervalEnergy,
  type RegisterComparison,
} from '../core/index.ts';
import type { MeterSource } from './meter-files.ts';

/** An instant as ISO 8601: local with its offset in the `tz` zone, else UTC. */
export function isoIn(timeMs: number, tz?: string): string {
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
    start: isoIn(e.startMs, tz),
    end: isoIn(e.endMs, tz),
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

/** A file as read, for provenance: what it is, how it was read and which rows and columns were left out. */
export function sourceJson(s: MeterSource, tz?: string) {
  return {
    file: s.file,
    sha256: s.sha256,
    format: s.format,
    delimiter: s.delimiter,
    decimal_comma: s.decimalComma,
    bom: s.bom,
    rows: s.rows,
    skipped_rows: s.skipped,
    bad_rows: s.badRows,
    ignored_columns: s.ignored.map((c) => c.header),
    first: isoIn(s.firstMs, tz),
    last: isoIn(s.lastMs, tz),
    time_zone: tz ?? 'UTC',
  };
}

/** The metered energy as JSON: intervals, total, checks, bases and gaps, with `source` for one file. */
export function meterJson(result: HeatMeterResult, sources: readonly MeterSource[], tz?: string) {
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
    ...(sources.length === 1 ? { source: sourceJson(sources[0]!, tz) } : {}),
  };
}
