import { z } from 'zod';
import {
  capacityCeilingPerYear,
  ENERGY_UNITS,
  evaluateMeter,
  InputError,
  isOk,
  judgedCapacityW,
  powerFromW,
  powerToW,
  tonsToW,
  type Check,
  type FieldPath,
  type MeterValue,
  type MeterValueInput,
  type Program,
} from '../core/index.ts';
import { relocated } from './errors.ts';
import {
  certificatesJson,
  countedBasis,
  ESTIMATE_DEFAULTS,
  ESTIMATE_ONLY,
  estimateAssumptions,
  estimateFields,
  estimateRatedCapacityW,
  programOf,
  seasonalEstimate,
  sourceOf,
  type Assumption,
  type EstimateRun,
} from './estimate.ts';
import {
  checkMeteredSource,
  formulaSide,
  meteredSide,
  type EvaluatedSystem,
  type FormulaSide,
  type MeteredSide,
} from './evaluate-sides.ts';
import { rangedNumber } from './ranges.ts';
import { defineUseCase, type DefaultValue, type InputOrigin } from './use-case.ts';

/** Formula or meter? (docs/methods.md, "Formula or meter? (evaluation)"). */
const SOURCE_EES = 'Emergent Energy Solutions, "How Is Thermal Energy Measured for GREC Purposes?", 2022';

export const evaluateInput = z
  .object({
    tons: rangedNumber('tons').optional(),
    cop: rangedNumber('cop').optional(),
    formulaMwh: rangedNumber('formulaMwh').optional(),
    formulaNotAccepted: z
      .boolean()
      .optional()
      .meta({ description: 'the program does not accept the formula for this system (metering or nothing)' }),
    program: z.string().min(1).optional().meta({ description: 'a program id (see the programs use case)' }),
    multiplier: rangedNumber('multiplier').optional(),
    meteredMwh: rangedNumber('meteredMwh').optional(),
    estimate: z.string().min(1).optional().meta({ description: 'a `trec estimate --json` file' }),
    meteredBasis: z.enum(['heat', 'renewable'], { error: 'must be heat or renewable' }),
    ...estimateFields,
    certificatePrice: rangedNumber('certificatePrice'),
    meterCostLow: rangedNumber('meterCostLow'),
    meterCostHigh: rangedNumber('meterCostHigh'),
    meterCost: rangedNumber('meterCost').optional(),
    upkeep: rangedNumber('upkeep'),
    discountRate: rangedNumber('discountRate'),
    years: rangedNumber('years'),
  })
  .strict();

export type EvaluateInput = z.infer<typeof evaluateInput>;

const BASIS_HEAT: EvaluateInput['meteredBasis'] = 'heat';

/** Evaluate's defaults and why: each is reported with "user" instead when the caller gave it. */
export const EVALUATE_DEFAULTS = {
  ...ESTIMATE_DEFAULTS,
  meteredBasis: { value: BASIS_HEAT, source: 'default: delivered heat, as a heat meter reports it' },
  certificatePrice: {
    value: 20,
    source: 'assumption: placeholder, not a market quote; set --certificate-price',
  },
  meterCostLow: {
    value: 500,
    source: `${SOURCE_EES}: meters "can range from several hundred to over a thousand dollars"`,
  },
  meterCostHigh: { value: 1500, source: `${SOURCE_EES}: "over a thousand dollars"` },
  upkeep: {
    value: 100,
    source: `assumption: data service and periodic recalibration (${SOURCE_EES} names the risk of "hardware failure or ... recalibration")`,
  },
  discountRate: { value: 0.05, source: 'assumption: 5 % a year, a typical small-project cost of capital' },
  years: { value: 10, source: `${SOURCE_EES}: "the typical ten-year incentive period"` },
} satisfies Record<string, DefaultValue>;

/** Label and unit of each priced input in the assumptions. */
const PRICED: Record<string, { label: string; unit: string }> = {
  certificatePrice: { label: 'certificate price', unit: 'USD/certificate' },
  meterCostLow: { label: 'meter cost, low', unit: 'USD' },
  meterCostHigh: { label: 'meter cost, high', unit: 'USD' },
  upkeep: { label: 'meter upkeep', unit: 'USD/year' },
  discountRate: { label: 'discount rate', unit: '1/year' },
  years: { label: 'incentive period', unit: 'years' },
};

export interface EvaluateResult {
  input: EvaluateInput;
  formula: FormulaSide;
  metered: MeteredSide;
  sys: EvaluatedSystem;
  run: EstimateRun | undefined;
  meter: MeterValueInput;
  value: MeterValue;
  assumptions: Assumption[];
  checks: Check[];
}

/**
 * Pairs of inputs that contradict each other, or where one would be ignored silently: refused naming both
 * (a default never conflicts).
 */
function checkConflicts(i: EvaluateInput, given: (field: string) => boolean): void {
  const pairs: [string, string, boolean, string][] = [
    [
      'formulaMwh',
      'formulaNotAccepted',
      i.formulaMwh !== undefined && i.formulaNotAccepted === true,
      'one gives the formula figure, the other says the program accepts no formula',
    ],
    [
      'cop',
      'formulaMwh',
      i.cop !== undefined && i.formulaMwh !== undefined,
      'the COP only feeds the formula, which the formula figure given replaces: it would be ignored',
    ],
    [
      'cop',
      'formulaNotAccepted',
      i.cop !== undefined && i.formulaNotAccepted === true,
      'the COP only feeds the formula, which the program does not accept: it would be ignored',
    ],
    [
      'meterCost',
      'meterCostLow',
      i.meterCost !== undefined && given('meterCostLow'),
      'one meter cost sets both the low and the high meter cost',
    ],
    [
      'meterCost',
      'meterCostHigh',
      i.meterCost !== undefined && given('meterCostHigh'),
      'one meter cost sets both the low and the high meter cost',
    ],
    [
      'meteredBasis',
      'meteredMwh',
      given('meteredBasis') && i.meteredMwh !== undefined,
      'the metered MWh given is already the energy counted; the basis only picks heat or renewable from an estimate',
    ],
    [
      'tons',
      'capacityKw',
      i.tons !== undefined && i.capacityKw !== undefined && i.site === undefined && i.epw === undefined,
      'both give the rated capacity (without the estimate the capacity in kW scales no map): give one',
    ],
  ];
  for (const [a, b, clash, why] of pairs)
    if (clash) throw new InputError(`they conflict: ${why}`, { path: [a], also: [[b]] });
  if (i.meterCost === undefined && i.meterCostLow > i.meterCostHigh)
    throw new InputError(
      `the low meter cost must not exceed the high one: ${i.meterCostLow} is above ${i.meterCostHigh}${given('meterCostHigh') ? '' : ' (the default)'}`,
      { path: ['meterCostLow'], also: [['meterCostHigh']] },
    );
}

/** The estimate runs with a weather source; without one, an estimate-only input would be ignored: refused. */
function estimateRun(
  i: EvaluateInput,
  ports: Parameters<typeof seasonalEstimate>[1],
  given: (field: string) => boolean,
): EstimateRun | undefined {
  if (i.site !== undefined || i.epw !== undefined) return seasonalEstimate(i, ports, given);
  const stray = ESTIMATE_ONLY.find((name) => given(name));
  if (stray)
    throw new InputError(
      'an estimate input needs a weather source, a site or a weather file (the estimate runs only with weather)',
      { path: [stray] },
    );
  return undefined;
}

function systemOf(
  i: EvaluateInput,
  given: (field: string) => boolean,
  program: Program | undefined,
  run: EstimateRun | undefined,
): EvaluatedSystem {
  const capacityW = judgedCapacityW({
    ...(i.tons === undefined ? {} : { tonsW: tonsToW(i.tons) }),
    ...(i.capacityKw === undefined ? {} : { givenW: powerToW(i.capacityKw, 'kW') }),
    needsSizeClass: program !== undefined,
    ...(run ? { ratedW: () => estimateRatedCapacityW(i, run.model) } : {}),
  });
  return {
    ...(program ? { program } : {}),
    ...(run || given('type') ? { type: i.type } : {}),
    ...(capacityW === undefined ? {} : { capacityW }),
    ...(i.multiplier === undefined ? {} : { multiplier: i.multiplier }),
  };
}

/** Rated capacity x 8,760 h in the metered side's certificates (its unit and multiplier), when a capacity was given. */
function ceiling(
  i: EvaluateInput,
  sys: EvaluatedSystem,
  metered: MeteredSide,
): { capacityCeilingPerYear?: number } {
  if ((i.tons === undefined && i.capacityKw === undefined) || sys.capacityW === undefined) return {};
  const unitJ = metered.certs?.unitEnergyJ ?? ENERGY_UNITS.MWh;
  const multiplier = metered.certs?.multiplier ?? sys.multiplier ?? 1;
  return { capacityCeilingPerYear: capacityCeilingPerYear(sys.capacityW, unitJ, multiplier) };
}

/** The evaluateMeter field -> the evaluate input it comes from. */
function meterPaths(i: EvaluateInput): Record<string, FieldPath> {
  return {
    formulaPerYear: ['formulaMwh'],
    meteredPerYear: ['meteredMwh'],
    priceUsd: ['certificatePrice'],
    meterCostLowUsd: i.meterCost === undefined ? ['meterCostLow'] : ['meterCost'],
    meterCostHighUsd: i.meterCost === undefined ? ['meterCostHigh'] : ['meterCost'],
    upkeepUsdPerYear: ['upkeep'],
    discountRate: ['discountRate'],
    years: ['years'],
  };
}

function unique(checks: Check[]): Check[] {
  const seen = new Set<string>();
  return checks.filter((c) => {
    const key = `${c.code}\u0000${c.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Every input of the comparison with its source: "user" when given (the input origins), else the default's. */
function assumptionsOf(
  i: EvaluateInput,
  origins: readonly InputOrigin[],
  sides: { formula: FormulaSide; metered: MeteredSide; sys: EvaluatedSystem; run: EstimateRun | undefined },
): Assumption[] {
  const { formula, metered, sys, run } = sides;
  const list: Assumption[] = [];
  const add = (field: string, value: number, oneCost = false): void => {
    const d = PRICED[field];
    if (!d) return;
    list.push({ name: d.label, value, unit: d.unit, source: oneCost ? 'user' : sourceOf(origins, field) });
  };
  add('certificatePrice', i.certificatePrice);
  add('meterCostLow', i.meterCost ?? i.meterCostLow, i.meterCost !== undefined);
  add('meterCostHigh', i.meterCost ?? i.meterCostHigh, i.meterCost !== undefined);
  add('upkeep', i.upkeep);
  add('discountRate', i.discountRate);
  add('years', i.years);
  list.push(...programAssumptions(sys, formula, metered));
  list.push({
    name: 'formula accepted by the program',
    value: formula.accepted,
    unit: '',
    source: i.formulaNotAccepted
      ? 'user'
      : i.formulaMwh !== undefined
        ? 'user (--formula-mwh)'
        : sys.program
          ? `program file${methodsNote(sys.program)}`
          : `default: accepted, as in Maryland and Virginia per ${SOURCE_EES}`,
  });
  if (formula.result && i.tons !== undefined && i.cop !== undefined) {
    list.push({ name: 'formula capacity', value: i.tons, unit: 'tons', source: 'user' });
    list.push({ name: 'formula COP', value: i.cop, unit: 'W/W', source: 'user' });
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
  if (run) list.push(...estimateAssumptions(i, origins, run));
  list.push({
    name: 'cash-flow timing',
    value: 'meter at year 0; revenue and upkeep at the end of each year',
    unit: '',
    source: 'convention (ordinary annuity)',
  });
  return list;
}

/** What the program file says about methods, beside the formula-accepted default. */
function methodsNote(p: Program): string {
  const listed = p.methods.value ? p.methods.value.join(', ') : 'unknown';
  return ` programs/${p.id}.json methods: ${listed} (${p.methods.status})`;
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
      value: powerFromW(sys.capacityW, 'kW'),
      unit: 'kW',
      source: formula.result ? 'user (--tons)' : 'user (--capacity-kw) or the unit at its rating point',
    });
  return list;
}

/** Formula or meter? Certificates either way, NPV of metering, break-even price, with every assumption. */
export const evaluateUseCase = defineUseCase({
  name: 'evaluate',
  summary: 'Formula or meter? Certificates either way, NPV of metering, break-even price',
  input: evaluateInput,
  defaults: EVALUATE_DEFAULTS,
  run(i, { ports, origins, given }): EvaluateResult {
    checkConflicts(i, given);
    checkMeteredSource(i);
    const program = programOf(i.program, ports);
    const run = estimateRun(i, ports, given);
    const sys = systemOf(i, given, program, run);
    const formula = formulaSide(i, sys);
    const metered = meteredSide(i, sys, run, ports, given);
    const meter: MeterValueInput = {
      formulaPerYear: formula.perYear,
      meteredPerYear: metered.perYear,
      formulaAccepted: formula.accepted,
      priceUsd: i.certificatePrice,
      meterCostLowUsd: i.meterCost ?? i.meterCostLow,
      meterCostHighUsd: i.meterCost ?? i.meterCostHigh,
      upkeepUsdPerYear: i.upkeep,
      discountRate: i.discountRate,
      years: i.years,
      ...ceiling(i, sys, metered),
      // The formula's checks count only where its figure enters the comparison (accepted by the program).
      formulaChecks: formula.accepted ? formula.checks : [],
      meteredChecks: metered.checks,
    };
    const value = relocated(meterPaths(i), () => evaluateMeter(meter));
    const checks = unique([...formula.checks, ...metered.checks, ...value.checks]);
    const assumptions = assumptionsOf(i, origins, { formula, metered, sys, run });
    return { input: i, formula, metered, sys, run, meter, value, assumptions, checks };
  },
  present: (r) => {
    const { formula, metered, sys, run, meter: m, value: v } = r;
    const scenario = (s: MeterValue['low']) => ({
      meter_cost_usd: s.meterCostUsd,
      npv_usd: s.npvUsd,
      break_even_price_usd: s.breakEvenPriceUsd,
    });
    const f = formula.result;
    return {
      program_id: sys.program?.id ?? null,
      program_version: sys.program?.version ?? null,
      formula_certificates_per_year: m.formulaPerYear,
      metered_certificates_per_year: m.meteredPerYear,
      formula_accepted: m.formulaAccepted,
      formula: f
        ? {
            method: f.method,
            capacity_w: f.inputs.capacityW,
            cop: f.inputs.cop,
            multiplier: f.inputs.multiplier,
            mwh: f.mwh,
            btu_per_mwh: f.btuPerMwh,
            credited_mwh: f.creditedMwh,
            formula_certificates: f.certificates,
            certificates: formula.creditedCertificates ?? f.certificates,
            credited: formula.notCredited === undefined,
            not_credited_reason: formula.notCredited ?? null,
            certificate_unit: f.certificateUnit,
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
      assumptions: r.assumptions,
      ok: isOk(r.checks),
      formula_ok: isOk(formula.checks),
      metered_ok: isOk([...metered.checks, ...v.checks.filter((c) => c.code === 'metered-above-capacity')]),
      checks: r.checks,
    };
  },
});
