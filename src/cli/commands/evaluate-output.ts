import type { Assumption, EvaluateResult } from '../../app/index.ts';
import { ENERGY_UNITS } from '../../core/index.ts';
import { certificatesLine } from '../certificates-output.ts';
import { checkLines, errorLead } from '../checks-output.ts';
import { fmt } from '../context.ts';

/** The human text of `trec evaluate` (the JSON is the use case's present). */
export function human(r: EvaluateResult): string {
  const { formula, metered, sys, run, meter: i, value: v, assumptions, checks } = r;
  const usd = (x: number | null): string =>
    x === null ? 'none' : `${x < 0 ? '-' : ''}$${fmt(Math.abs(x), 2)}`;
  const f = formula.result;
  const detail = [
    ...(sys.program ? [`Program ${sys.program.id} v${sys.program.version} (${sys.program.name})`] : []),
    ...(f
      ? [
          formula.notCredited === undefined
            ? `  formula: ${fmt(f.mwh)} MWh x multiplier ${f.inputs.multiplier} -> ${f.certificates} whole certificates (1 ${f.certificateUnit})`
            : `  formula: ${fmt(f.mwh)} MWh x multiplier ${f.inputs.multiplier} -> 0 credited certificates (${formula.notCredited})`,
        ]
      : []),
    ...(run
      ? [
          `  estimate: ${run.weather.site}, ${run.model.name}: heat ${fmt(run.result.heatJ / ENERGY_UNITS.kWh, 0)} kWh, electricity ${fmt(run.result.elecJ / ENERGY_UNITS.kWh, 0)} kWh, SPF ${fmt(run.result.spf)}`,
        ]
      : []),
    ...(metered.certs && sys.program ? [`  metered: ${certificatesLine(metered.certs, sys.program)}`] : []),
  ];
  return [
    ...errorLead(checks),
    ...detail,
    `Formula: ${fmt(i.formulaPerYear, 1)} certificates/yr${i.formulaAccepted ? '' : ' (not accepted)'}; metered: ${fmt(i.meteredPerYear, 1)}/yr; extra from metering: ${fmt(v.extraPerYear, 1)}/yr`,
    `Annuity factor ${fmt(v.annuityFactor, 4)} (${i.years} years at ${fmt(i.discountRate * 100, 1)} %); PV of extra revenue ${usd(v.pvExtraRevenueUsd)}, PV of upkeep ${usd(v.pvUpkeepUsd)}`,
    `NPV of metering: ${usd(v.low.npvUsd)} with a ${usd(v.low.meterCostUsd)} meter, ${usd(v.high.npvUsd)} with a ${usd(v.high.meterCostUsd)} meter`,
    `Break-even certificate price: ${usd(v.low.breakEvenPriceUsd)} (low meter cost), ${usd(v.high.breakEvenPriceUsd)} (high)`,
    '',
    v.recommendation,
    ...checkLines(checks),
    '',
    'Assumptions:',
    ...assumptions.map((a) => `  ${a.name}: ${shown(a.value)}${a.unit ? ` ${a.unit}` : ''} (${a.source})`),
  ].join('\n');
}

/** An assumption's value for people: numbers to 6 significant digits (the JSON keeps them whole). */
const shown = (value: Assumption['value']): string =>
  typeof value === 'number' ? String(Number(value.toPrecision(6))) : String(value);
