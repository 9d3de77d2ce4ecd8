import type { Command } from 'commander';
import { ENERGY_UNITS, isOk, type Check, type MeterValue, type MeterValueInput } from '../../core/index.ts';
import { certificatesJson, certificatesLine, countedBasis } from '../certificates-output.ts';
import { checkLines, errorLead } from '../checks-output.ts';
import { fmt } from '../context.ts';
import { estimateAssumptions, type Assumption } from '../estimate-assumptions.ts';
import type { EstimateRun } from '../estimate-options.ts';
import type { EvaluatedSystem, EvaluateOptions, FormulaSide, MeteredSide } from './evaluate-sides.ts';

/** Output of `trec evaluate`: the assumptions with their sources, JSON and the human text. */
const SOURCE_EES = 'Emergent Energy Solutions, "How Is Thermal Energy Measured for GREC Purposes?", 2022';

/** Default values and why: each is reported with "user" instead when the option was given. */
const DEFAULT_SOURCES: Record<string, { label: string; unit: string; source: string }> = {
  certificatePrice: {
    label: 'certificate price',
    unit: 'USD/certificate',
    source: 'assumption: placeholder, not a market quote; set --certificate-price',
  },
  meterCostLow: {
    label: 'meter cost, low',
    unit: 'USD',
    source: `${SOURCE_EES}: meters "can range from several hundred to over a thousand dollars"`,
  },
  meterCostHigh: {
    label: 'meter cost, high',
    unit: 'USD',
    source: `${SOURCE_EES}: "over a thousand dollars"`,
  },
  upkeep: {
    label: 'meter upkeep',
    unit: 'USD/year',
    source: `assumption: data service and periodic recalibration (${SOURCE_EES} names the risk of "hardware failure or ... recalibration")`,
  },
  discountRate: {
    label: 'discount rate',
    unit: '1/year',
    source: 'assumption: 5 % a year, a typical small-project cost of capital',
  },
  years: {
    label: 'incentive period',
    unit: 'years',
    source: `${SOURCE_EES}: "the typical ten-year incentive period"`,
  },
};

export interface Sides {
  formula: FormulaSide;
  metered: MeteredSide;
  sys: EvaluatedSystem;
  run: EstimateRun | undefined;
}

export function listAssumptions(o: EvaluateOptions, cmd: Command, sides: Sides): Assumption[] {
  const { formula, metered, sys, run } = sides;
  const given = (name: string): boolean => cmd.getOptionValueSource(name) === 'cli';
  const list: Assumption[] = [];
  const add = (name: string, value: number, explicit: boolean): void => {
    const d = DEFAULT_SOURCES[name]!;
    list.push({ name: d.label, value, unit: d.unit, source: explicit ? 'user' : d.source });
  };
  add('certificatePrice', o.certificatePrice, given('certificatePrice'));
  add('meterCostLow', o.meterCost ?? o.meterCostLow, given('meterCostLow') || o.meterCost !== undefined);
  add('meterCostHigh', o.meterCost ?? o.meterCostHigh, given('meterCostHigh') || o.meterCost !== undefined);
  add('upkeep', o.upkeep, given('upkeep'));
  add('discountRate', o.discountRate, given('discountRate'));
  add('years', o.years, given('years'));
  list.push(...programAssumptions(sys, formula, metered));
  list.push({
    name: 'formula accepted by the program',
    value: formula.accepted,
    unit: '',
    source: o.formulaNotAccepted
      ? 'user'
      : o.formulaMwh !== undefined
        ? 'user (--formula-mwh)'
        : sys.program
          ? `program file${methodsNote(sys).replace(/^;/, '')}`
          : `default: accepted, as in Maryland and Virginia per ${SOURCE_EES}`,
  });
  if (formula.result) {
    list.push({ name: 'formula capacity', value: o.tons as number, unit: 'tons', source: 'user' });
    list.push({ name: 'formula COP', value: o.cop as number, unit: 'W/W', source: 'user' });
  }
  list.push({
    name: 'formula certificates per year',
    value: formula.perYear,
    unit: 'certificates/year',
    source: formula.source,
  });
  list.push({
    name: 'metered certificates per year',
    value: metered.perYear,
    unit: 'certificates/year',
    source: metered.source,
  });
  if (run) list.push(...estimateAssumptions(o, cmd, run));
  list.push({
    name: 'cash-flow timing',
    value: 'meter at year 0; revenue and upkeep at the end of each year',
    unit: '',
    source: 'convention (ordinary annuity)',
  });
  return list;
}

/** What the program file says about methods, beside the formula-accepted default. */
function methodsNote(sys: EvaluatedSystem): string {
  const p = sys.program;
  if (!p) return '';
  const listed = p.methods.value ? p.methods.value.join(', ') : 'unknown';
  return `; programs/${p.id}.json methods: ${listed} (${p.methods.status})`;
}

/** The program (or its absence), certificate size, multiplier, what counts, and the capacity judged. */
function programAssumptions(sys: EvaluatedSystem, formula: FormulaSide, metered: MeteredSide): Assumption[] {
  const p = sys.program;
  const multiplier = formula.result?.inputs.multiplier ?? metered.certs?.multiplier ?? sys.multiplier ?? 1;
  if (!p)
    return [
      {
        name: 'certificate size',
        value: 1,
        unit: 'MWh',
        source: `${SOURCE_EES}: "each individual certificate represents exactly 1 MWh"`,
      },
      {
        name: 'multiplier (both sides)',
        value: multiplier,
        unit: '',
        source: sys.multiplier === undefined ? 'no program: 1' : 'user',
      },
    ];
  const file = `programs/${p.id}.json`;
  const status = (f: { status: string; sources: string[] }) =>
    `${f.status}${f.sources.length ? `: ${f.sources.join(', ')}` : ''}`;
  const cert = p.certificate.value;
  const list: Assumption[] = [
    {
      name: 'program',
      value: `${p.id} v${p.version}`,
      unit: '',
      source: `user; ${file} (${p.name}, ${p.programStatus})`,
    },
    {
      name: 'certificate size',
      value: cert?.size ?? 'unknown',
      unit: cert?.unit ?? '',
      source: `${file} certificate (${status(p.certificate)})`,
    },
    {
      name: 'multiplier (both sides)',
      value: multiplier,
      unit: '',
      source: sys.multiplier === undefined ? `${file} multipliers (${status(p.multipliers)})` : 'user',
    },
    {
      name: 'energy counted (metered side)',
      value: countedBasis(p),
      unit: '',
      source: `${file} energyCounted (heating ${status(p.energyCounted.heating)}; net of electricity ${status(p.energyCounted.netOfElectricity)})`,
    },
    {
      name: 'eligible technologies',
      value: p.technologies.value?.join(', ') ?? 'unknown',
      unit: '',
      source: `${file} technologies (${status(p.technologies)}); system type ${sys.type ?? 'not given'}`,
    },
  ];
  if (sys.capacityW !== undefined)
    list.push({
      name: 'capacity judged for the size class',
      value: sys.capacityW / 1000,
      unit: 'kW',
      source: formula.result ? 'user (--tons)' : 'user (--capacity-kw) or the unit at its rating point',
    });
  return list;
}

export function toJson(
  i: MeterValueInput,
  v: MeterValue,
  assumptions: Assumption[],
  checks: Check[],
  sides: Sides,
): Record<string, unknown> {
  const { formula, metered, sys, run } = sides;
  const scenario = (s: MeterValue['low']) => ({
    meter_cost_usd: s.meterCostUsd,
    npv_usd: s.npvUsd,
    break_even_price_usd: s.breakEvenPriceUsd,
  });
  const r = formula.result;
  return {
    program_id: sys.program?.id ?? null,
    program_version: sys.program?.version ?? null,
    formula_certificates_per_year: i.formulaPerYear,
    metered_certificates_per_year: i.meteredPerYear,
    formula_accepted: i.formulaAccepted,
    formula: r
      ? {
          method: r.method,
          capacity_w: r.inputs.capacityW,
          cop: r.inputs.cop,
          multiplier: r.inputs.multiplier,
          mwh: r.mwh,
          btu_per_mwh: r.btuPerMwh,
          credited_mwh: r.creditedMwh,
          formula_certificates: r.certificates,
          certificates: formula.creditedCertificates ?? r.certificates,
          credited: formula.notCredited === undefined,
          not_credited_reason: formula.notCredited ?? null,
          certificate_unit: r.certificateUnit,
        }
      : null,
    metered: metered.certs && sys.program ? certificatesJson(metered.certs, sys.program) : null,
    estimate: run
      ? {
          site: run.weather.site,
          unit: run.model.name,
          heat_kwh: run.result.heatJ / ENERGY_UNITS.kWh,
          elec_kwh: run.result.elecJ / ENERGY_UNITS.kWh,
          spf: run.result.spf,
          unmet_kwh: run.result.backupJ / ENERGY_UNITS.kWh,
        }
      : null,
    extra_certificates_per_year: v.extraPerYear,
    annuity_factor: v.annuityFactor,
    pv_extra_revenue_usd: v.pvExtraRevenueUsd,
    pv_upkeep_usd: v.pvUpkeepUsd,
    break_even_meter_cost_usd: v.breakEvenMeterCostUsd,
    low: scenario(v.low),
    high: scenario(v.high),
    verdict: v.verdict,
    recommendation: v.recommendation,
    assumptions,
    ok: isOk(checks),
    formula_ok: isOk(formula.checks),
    metered_ok: isOk([...metered.checks, ...v.checks.filter((c) => c.code === 'metered-above-capacity')]),
    checks,
  };
}

export function human(
  i: MeterValueInput,
  v: MeterValue,
  assumptions: Assumption[],
  checks: Check[],
  sides: Sides,
): string {
  const { formula, metered, sys, run } = sides;
  const usd = (x: number | null): string =>
    x === null ? 'none' : `${x < 0 ? '-' : ''}$${fmt(Math.abs(x), 2)}`;
  const r = formula.result;
  const detail = [
    ...(sys.program ? [`Program ${sys.program.id} v${sys.program.version} (${sys.program.name})`] : []),
    ...(r
      ? [
          formula.notCredited === undefined
            ? `  formula: ${fmt(r.mwh)} MWh x multiplier ${r.inputs.multiplier} -> ${r.certificates} whole certificates (1 ${r.certificateUnit})`
            : `  formula: ${fmt(r.mwh)} MWh x multiplier ${r.inputs.multiplier} -> 0 credited certificates (${formula.notCredited})`,
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
