import { DateTime, IANAZone, Info, type Zone } from 'luxon';
import {
  isOk,
  jToBtu,
  jToKwh,
  type HeatMeterResult,
  type IntervalEnergy,
  type RegisterComparison,
} from '../core/index.ts';
import type { MeterSource } from './meter-files.ts';

const HOUR_MS = 3_600_000;

/** Per IANA zone: the offset (minutes) of each UTC hour seen, or NaN when the offset changes inside it. */
const hourOffsets = new Map<string, { zone: Zone; hours: Map<number, number> } | null>();

/**
 * The zone's offset over the UTC hour of `timeMs` when it is one whole number of minutes for the whole hour
 * (the offsets at the hour's two ends agree: no IANA zone changes offset twice within an hour), else
 * undefined. Only for names luxon takes as IANA zones ('UTC' and 'GMT' are its fixed zone, printed `Z`).
 */
function hourOffset(timeMs: number, tz: string): number | undefined {
  let entry = hourOffsets.get(tz);
  if (entry === undefined) {
    const zone: Zone = Info.normalizeZone(tz);
    entry = zone instanceof IANAZone && zone.isValid ? { zone, hours: new Map<number, number>() } : null;
    hourOffsets.set(tz, entry);
  }
  if (entry === null) return undefined;
  const hour = Math.floor(timeMs / HOUR_MS);
  let offset = entry.hours.get(hour);
  if (offset === undefined) {
    const a = entry.zone.offset(hour * HOUR_MS);
    offset = Number.isInteger(a) && entry.zone.offset(hour * HOUR_MS + HOUR_MS - 1) === a ? a : NaN;
    if (entry.hours.size >= 200_000) entry.hours.clear(); // bounded memory
    entry.hours.set(hour, offset);
  }
  return Number.isNaN(offset) ? undefined : offset;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** An instant as ISO 8601: local with its offset in the `tz` zone, else UTC. */
export function isoIn(timeMs: number, tz?: string): string {
  if (tz === undefined) return new Date(timeMs).toISOString();
  // Fast path: the local fields are the UTC fields of the instant shifted by the hour's offset, printed as
  // luxon's toISO({ suppressMilliseconds: true }) prints them (YYYY-MM-DDThh:mm:ss[.SSS]±hh:mm), for years
  // 1000-9999; anything else (a changing hour, a fixed zone, odd years) is luxon's own.
  const offset = Number.isFinite(timeMs) ? hourOffset(timeMs, tz) : undefined;
  if (offset !== undefined) {
    const local = new Date(timeMs + offset * 60_000);
    const year = local.getUTCFullYear();
    if (year >= 1000 && year <= 9999) {
      const text = local.toISOString(); // YYYY-MM-DDThh:mm:ss.sssZ
      const ms = local.getUTCMilliseconds();
      const abs = Math.abs(offset);
      return `${text.slice(0, 19)}${ms === 0 ? '' : text.slice(19, 23)}${offset < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
    }
  }
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
