import type { Command } from 'commander';
import {
  ENERGY_UNITS,
  evaluateMeter,
  HOURS_PER_YEAR,
  InputError,
  tonsToW,
  type Check,
  type MeterValue,
  type MeterValueInput,
  type Program,
} from '../../core/index.ts';
import { loadProgram } from '../../ingest/programs.ts';
import { certificatesJson, certificatesLine, countedBasis } from '../certificates-output.ts';
import {
  emit,
  fmt,
  parseInteger,
  parseNonNegative,
  parseNumber,
  parsePositive,
  type CommandModule,
} from '../context.ts';
import {
  addEstimateOptions,
  estimateAssumptions,
  ratedCapacityW,
  runEstimate,
  type Assumption,
  type EstimateRun,
} from '../estimate-options.ts';
import {
  checkMeteredSource,
  formulaSide,
  meteredSide,
  type EvaluatedSystem,
  type EvaluateOptions,
  type FormulaSide,
  type MeteredSide,
} from './evaluate-sides.ts';

const SEED_001 = 'seed 001 (Emergent Energy, "How is thermal energy measured for GREC purposes?", 2022)';

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
    source: `${SEED_001}: meters "can range from several hundred to over a thousand dollars"`,
  },
  meterCostHigh: { label: 'meter cost, high', unit: 'USD', source: `${SEED_001}: "over a thousand dollars"` },
  upkeep: {
    label: 'meter upkeep',
    unit: 'USD/year',
    source: `assumption: data service and periodic recalibration (${SEED_001} names the risk of "hardware failure or ... recalibration")`,
  },
  discountRate: {
    label: 'discount rate',
    unit: '1/year',
    source: 'assumption: 5 % a year, a typical small-project cost of capital',
  },
  years: {
    label: 'incentive period',
    unit: 'years',
    source: `${SEED_001}: "the typical ten-year incentive period"`,
  },
};

export const evaluateCommand: CommandModule = (program, ctx) => {
  const cmd: Command = program
    .command('evaluate')
    .description(
      [
        'Formula or meter? Certificates per year under the prescriptive formula vs',
        'expected metered output, priced over the incentive period: NPV of metering',
        'at a low and a high meter cost, break-even certificate price and meter',
        'cost, and a plain recommendation with every assumption and its source.',
        'Formula side: --tons and --cop (the GREC formula, as `trec calc`), or',
        '--formula-mwh (as given), or --formula-not-accepted.',
        'Metered side: --metered-mwh, a `trec estimate --json` file (--estimate), or',
        'the seasonal estimate run here with the `trec estimate` flags (--site or',
        '--epw, --map/--keymark/--unit, --design-load-kw ...).',
        'With --program ID both sides are counted as `trec estimate --program`',
        "counts: eligible technologies (by --type, or the estimate's type), size",
        'class and multiplier, energy counted (heat, or heat - electricity) and',
        'certificate unit (MWh or Dth). Without one, 1 certificate = 1 MWh.',
        'Sources: docs/methods.md, "Formula or meter? (evaluation)".',
      ].join('\n'),
    )
    .option(
      '--tons <n>',
      'rated heating capacity, tons (12,000 BTU/h): the formula and the size class',
      parsePositive,
    )
    .option('--cop <n>', 'heating COP for the formula (W/W, greater than 1)', parseNumber)
    .option(
      '--formula-mwh <n>',
      'certificates per year under the formula, as given (overrides --tons/--cop)',
      parseNonNegative,
    )
    .option(
      '--formula-not-accepted',
      'the program does not accept the formula for this system (metering or nothing)',
    )
    .option('--program <id>', 'count both sides under a program rule file (programs/<id>.json)')
    .option(
      '--multiplier <n>',
      "program or fuel-displacement multiplier, both sides (default: the program's, else 1)",
      parsePositive,
    )
    .option(
      '--metered-mwh <n>',
      'expected metered MWh (3.6 GJ) per year of the energy the program counts',
      parseNonNegative,
    )
    .option('--estimate <file>', 'a `trec estimate --json` output to take the metered output from')
    .option(
      '--metered-basis <basis>',
      'without --program: count heat (delivered heat) or renewable (heat - electricity) from an estimate',
      'heat',
    );
  addEstimateOptions(
    cmd,
    'rated heating capacity, kW (without --tons: the capacity x 8,760 h check and the size class); with the estimate flags it also scales a --map at A7/W35, A7/20 or B0/W35',
  )
    .option(
      '--certificate-price <usd>',
      'price of one certificate (assumption unless given)',
      parseNonNegative,
      20,
    )
    .option('--meter-cost-low <usd>', 'installed meter cost, low end', parseNonNegative, 500)
    .option('--meter-cost-high <usd>', 'installed meter cost, high end', parseNonNegative, 1500)
    .option('--meter-cost <usd>', 'one installed meter cost (sets both low and high)', parseNonNegative)
    .option('--upkeep <usd>', 'meter upkeep per year', parseNonNegative, 100)
    .option('--discount-rate <fraction>', 'discount rate per year (0.05 = 5 %)', parseNumber, 0.05)
    .option('--years <n>', 'incentive period in years', parseInteger, 10)
    .option('--json', 'print JSON')
    .action((o: EvaluateOptions, c: Command) => {
      checkMeteredSource(o);
      const rules = o.program === undefined ? undefined : loadProgram(o.program);
      const run = estimateRun(o, c);
      const sys = systemOf(o, c, rules, run);
      const formula = formulaSide(o, sys);
      const metered = meteredSide(o, c, sys, run);
      const input: MeterValueInput = {
        formulaPerYear: formula.perYear,
        meteredPerYear: metered.perYear,
        formulaAccepted: formula.accepted,
        priceUsd: o.certificatePrice,
        meterCostLowUsd: o.meterCost ?? o.meterCostLow,
        meterCostHighUsd: o.meterCost ?? o.meterCostHigh,
        upkeepUsdPerYear: o.upkeep,
        discountRate: o.discountRate,
        years: o.years,
        ...ceiling(o, sys, metered),
      };
      const v = evaluateMeter(input);
      const checks = unique([...formula.checks, ...metered.checks, ...v.checks]);
      const assumptions = listAssumptions(o, c, { formula, metered, sys, run });
      const sides = { formula, metered, sys, run };
      emit(ctx, o.json, toJson(input, v, assumptions, checks, sides), () =>
        human(input, v, assumptions, checks, sides),
      );
    });
};

/** Flags that only mean something to the seasonal estimate. */
const ESTIMATE_ONLY = [
  'map',
  'keymark',
  'unit',
  'designLoadKw',
  'designTempC',
  'balanceC',
  'waterC',
  'waterAtBalanceC',
  'indoorC',
  'groundC',
];

function estimateRun(o: EvaluateOptions, c: Command): EstimateRun | undefined {
  if (o.site !== undefined || o.epw !== undefined) return runEstimate(o);
  const stray = ESTIMATE_ONLY.find((name) => c.getOptionValueSource(name) === 'cli');
  if (stray)
    throw new InputError('an estimate flag needs --site or --epw (the estimate runs only with weather)', {
      field: `--${stray.replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`)}`,
    });
  return undefined;
}

function systemOf(
  o: EvaluateOptions,
  c: Command,
  program: Program | undefined,
  run: EstimateRun | undefined,
): EvaluatedSystem {
  const capacityW =
    o.tons !== undefined
      ? tonsToW(o.tons)
      : o.capacityKw !== undefined
        ? o.capacityKw * 1000
        : run && program
          ? ratedCapacityW(o, run.model)
          : undefined;
  return {
    ...(program ? { program } : {}),
    ...(run || c.getOptionValueSource('type') === 'cli' ? { type: o.type } : {}),
    ...(capacityW === undefined ? {} : { capacityW }),
    ...(o.multiplier === undefined ? {} : { multiplier: o.multiplier }),
  };
}

/** Rated capacity x 8,760 h in the metered side's certificates (its unit and multiplier), when a capacity was given. */
function ceiling(
  o: EvaluateOptions,
  sys: EvaluatedSystem,
  metered: MeteredSide,
): { capacityCeilingPerYear?: number } {
  if (o.tons === undefined && o.capacityKw === undefined) return {};
  const capJ = (sys.capacityW as number) * HOURS_PER_YEAR * 3600;
  const unitJ = metered.certs?.unitEnergyJ ?? ENERGY_UNITS.MWh;
  const multiplier = metered.certs?.multiplier ?? sys.multiplier ?? 1;
  return { capacityCeilingPerYear: (capJ * multiplier) / unitJ };
}

function unique(checks: Check[]): Check[] {
  const seen = new Set<string>();
  return checks.filter((c) => {
    const key = `${c.code}\u0000${c.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

interface Sides {
  formula: FormulaSide;
  metered: MeteredSide;
  sys: EvaluatedSystem;
  run: EstimateRun | undefined;
}

function listAssumptions(o: EvaluateOptions, cmd: Command, sides: Sides): Assumption[] {
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
    source: 'user (default: accepted, as in Maryland and Virginia per seed 001)',
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
        source: 'seed 001: "each individual certificate represents exactly 1 MWh"',
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

function toJson(
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
          certificates: r.certificates,
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
    checks,
  };
}

function human(
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
          `  formula: ${fmt(r.mwh)} MWh x multiplier ${r.inputs.multiplier} -> ${r.certificates} whole certificates (1 ${r.certificateUnit})`,
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
    ...detail,
    `Formula: ${fmt(i.formulaPerYear, 1)} certificates/yr${i.formulaAccepted ? '' : ' (not accepted)'}; metered: ${fmt(i.meteredPerYear, 1)}/yr; extra from metering: ${fmt(v.extraPerYear, 1)}/yr`,
    `Annuity factor ${fmt(v.annuityFactor, 4)} (${i.years} years at ${fmt(i.discountRate * 100, 1)} %); PV of extra revenue ${usd(v.pvExtraRevenueUsd)}, PV of upkeep ${usd(v.pvUpkeepUsd)}`,
    `NPV of metering: ${usd(v.low.npvUsd)} with a ${usd(v.low.meterCostUsd)} meter, ${usd(v.high.npvUsd)} with a ${usd(v.high.meterCostUsd)} meter`,
    `Break-even certificate price: ${usd(v.low.breakEvenPriceUsd)} (low meter cost), ${usd(v.high.breakEvenPriceUsd)} (high)`,
    '',
    v.recommendation,
    ...checks.map((c) => `[${c.severity}] ${c.code}: ${c.message}`),
    '',
    'Assumptions:',
    ...assumptions.map((a) => `  ${a.name}: ${String(a.value)}${a.unit ? ` ${a.unit}` : ''} (${a.source})`),
  ].join('\n');
}
