import type { EnergyResult, MeterSource } from '../../app/index.ts';
import { isoIn as iso } from '../../app/index.ts';
import {
  isOk,
  jToKwh,
  type HeatMeterResult,
  type IntervalEnergy,
  type RegisterComparison,
} from '../../core/index.ts';
import { checkLines, errorLead } from '../checks-output.ts';
import { fmt } from '../context.ts';

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
function meterTable(result: HeatMeterResult, summary: MeterSource, tz?: string): string {
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
  out.push('', sourceLine(summary, tz));
  return [...errorLead(result.checks), ...out].join('\n');
}

/** A file's provenance line: rows read and skipped, its time span and its hash. */
const sourceLine = (s: MeterSource, tz?: string) =>
  `${s.file}: ${s.rows} rows${s.skipped ? `, ${s.skipped} skipped` : ''}, ${iso(s.firstMs, tz)} to ${iso(s.lastMs, tz)}, sha256 ${s.sha256}`;

type Energy = Extract<EnergyResult, { kind: 'energy' }>;

/** The energy as a table, with one provenance line per file. */
export function energyTable(r: Energy): string {
  const text = meterTable(r.meter, r.sources[0]!, r.tz);
  if (r.sources.length === 1) return text;
  const lines = text.split('\n');
  if (lines.at(-1)?.startsWith(`${r.sources[0]!.file}: `)) lines.pop();
  for (const s of r.sources) lines.push(sourceLine(s, r.tz));
  return lines.join('\n');
}
