import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { evaluateMeter, InputError, type MeterValue, type MeterValueInput } from '../../core/index.ts';
import {
  emit,
  fmt,
  parseInteger,
  parseNonNegative,
  parseNumber,
  parsePositive,
  type CommandModule,
} from '../context.ts';

interface EvaluateOptions {
  formulaMwh?: number;
  formulaNotAccepted?: boolean;
  meteredMwh?: number;
  estimate?: string;
  meteredBasis: 'heat' | 'renewable';
  capacityKw?: number;
  certificatePrice: number;
  meterCostLow: number;
  meterCostHigh: number;
  meterCost?: number;
  upkeep: number;
  discountRate: number;
  years: number;
  json?: boolean;
}

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
  program
    .command('evaluate')
    .description(
      'Formula or meter? Certificates per year under the prescriptive formula vs expected metered output, priced\n' +
        'over the incentive period: NPV of metering at a low and a high meter cost, the break-even certificate\n' +
        'price and meter cost, and a plain recommendation with every assumption and its source. 1 certificate =\n' +
        '1 MWh. The formula figure comes from `trec calc` (or the program rules); metered output from\n' +
        '--metered-mwh or a `trec estimate --json` file.',
    )
    .option(
      '--formula-mwh <n>',
      'certificates (MWh) per year under the prescriptive formula',
      parseNonNegative,
    )
    .option(
      '--formula-not-accepted',
      'the program does not accept the formula for this system (metering or nothing)',
    )
    .option(
      '--metered-mwh <n>',
      'expected metered MWh per year, as the program counts them',
      parseNonNegative,
    )
    .option('--estimate <file>', 'a `trec estimate --json` output to take the metered MWh from')
    .option(
      '--metered-basis <basis>',
      'with --estimate: heat (delivered heat) or renewable (heat - electricity)',
      'heat',
    )
    .option(
      '--capacity-kw <kw>',
      'rated heating capacity: flags figures above capacity x 8,760 h',
      parsePositive,
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
    .action((o: EvaluateOptions, cmd: Command) => {
      if (o.formulaMwh === undefined && !o.formulaNotAccepted)
        throw new InputError('give --formula-mwh (from `trec calc`) or --formula-not-accepted', {
          field: '--formula-mwh',
        });
      const metered = meteredMwh(o);
      const ceiling = o.capacityKw === undefined ? undefined : (o.capacityKw * 8760) / 1000;
      const input: MeterValueInput = {
        formulaPerYear: o.formulaNotAccepted ? 0 : (o.formulaMwh ?? 0),
        meteredPerYear: metered.mwh,
        formulaAccepted: !o.formulaNotAccepted,
        priceUsd: o.certificatePrice,
        meterCostLowUsd: o.meterCost ?? o.meterCostLow,
        meterCostHighUsd: o.meterCost ?? o.meterCostHigh,
        upkeepUsdPerYear: o.upkeep,
        discountRate: o.discountRate,
        years: o.years,
        ...(ceiling === undefined ? {} : { capacityCeilingPerYear: ceiling }),
      };
      const v = evaluateMeter(input);
      const assumptions = listAssumptions(o, cmd, metered);
      emit(ctx, o.json, toJson(input, v, assumptions), () => human(input, v, assumptions));
    });
};

function meteredMwh(o: EvaluateOptions): { mwh: number; source: string } {
  if ((o.meteredMwh === undefined) === (o.estimate === undefined))
    throw new InputError('give exactly one of --metered-mwh or --estimate', {
      field: '--metered-mwh/--estimate',
    });
  if (o.meteredMwh !== undefined) return { mwh: o.meteredMwh, source: 'user' };
  const file = o.estimate as string;
  if (o.meteredBasis !== 'heat' && o.meteredBasis !== 'renewable')
    throw new InputError('must be heat or renewable', { field: '--metered-basis', value: o.meteredBasis });
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`cannot read a trec estimate JSON file: ${(error as Error).message}`, { file });
  }
  const key = o.meteredBasis === 'heat' ? 'heat_kwh' : 'renewable_kwh';
  const kwh = data[key];
  if (typeof kwh !== 'number' || !(kwh >= 0))
    throw new InputError('missing or not a number', { file, field: key, value: kwh });
  return { mwh: kwh / 1000, source: `${file} (${key}, trec estimate)` };
}

interface Assumption {
  name: string;
  value: number | string | boolean;
  unit: string;
  source: string;
}

function listAssumptions(
  o: EvaluateOptions,
  cmd: Command,
  metered: { mwh: number; source: string },
): Assumption[] {
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
  list.push({
    name: 'formula accepted by the program',
    value: !o.formulaNotAccepted,
    unit: '',
    source: 'user (default: accepted, as in Maryland and Virginia per seed 001)',
  });
  list.push({
    name: 'formula certificates per year',
    value: o.formulaNotAccepted ? 0 : (o.formulaMwh ?? 0),
    unit: 'MWh/year',
    source: 'user (trec calc)',
  });
  list.push({
    name: 'metered certificates per year',
    value: metered.mwh,
    unit: 'MWh/year',
    source: metered.source,
  });
  list.push({
    name: 'certificate size',
    value: 1,
    unit: 'MWh',
    source: 'seed 001: "each individual certificate represents exactly 1 MWh"',
  });
  list.push({
    name: 'cash-flow timing',
    value: 'meter at year 0; revenue and upkeep at the end of each year',
    unit: '',
    source: 'convention (ordinary annuity)',
  });
  return list;
}

function toJson(i: MeterValueInput, v: MeterValue, assumptions: Assumption[]): Record<string, unknown> {
  const scenario = (s: MeterValue['low']) => ({
    meter_cost_usd: s.meterCostUsd,
    npv_usd: s.npvUsd,
    break_even_price_usd: s.breakEvenPriceUsd,
  });
  return {
    formula_certificates_per_year: i.formulaPerYear,
    metered_certificates_per_year: i.meteredPerYear,
    formula_accepted: i.formulaAccepted,
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
    checks: v.checks,
  };
}

function human(i: MeterValueInput, v: MeterValue, assumptions: Assumption[]): string {
  const usd = (x: number | null): string =>
    x === null ? 'none' : `${x < 0 ? '-' : ''}$${fmt(Math.abs(x), 2)}`;
  return [
    `Formula: ${fmt(i.formulaPerYear, 1)} certificates/yr${i.formulaAccepted ? '' : ' (not accepted)'}; metered: ${fmt(i.meteredPerYear, 1)}/yr; extra from metering: ${fmt(v.extraPerYear, 1)}/yr`,
    `Annuity factor ${fmt(v.annuityFactor, 4)} (${i.years} years at ${fmt(i.discountRate * 100, 1)} %); PV of extra revenue ${usd(v.pvExtraRevenueUsd)}, PV of upkeep ${usd(v.pvUpkeepUsd)}`,
    `NPV of metering: ${usd(v.low.npvUsd)} with a ${usd(v.low.meterCostUsd)} meter, ${usd(v.high.npvUsd)} with a ${usd(v.high.meterCostUsd)} meter`,
    `Break-even certificate price: ${usd(v.low.breakEvenPriceUsd)} (low meter cost), ${usd(v.high.breakEvenPriceUsd)} (high)`,
    '',
    v.recommendation,
    ...v.checks.map((c) => `[${c.severity}] ${c.code}: ${c.message}`),
    '',
    'Assumptions:',
    ...assumptions.map((a) => `  ${a.name}: ${String(a.value)}${a.unit ? ` ${a.unit}` : ''} (${a.source})`),
  ].join('\n');
}
