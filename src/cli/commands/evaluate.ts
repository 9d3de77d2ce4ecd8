import type { Command } from 'commander';
import {
  ENERGY_UNITS,
  evaluateMeter,
  HOURS_PER_YEAR,
  InputError,
  tonsToW,
  type Check,
  type MeterValueInput,
  type Program,
} from '../../core/index.ts';
import { loadProgram } from '../../ingest/programs.ts';
import { emit, withOptionNames, type CommandModule } from '../context.ts';
import { helpWithRanges, ranged } from '../ranges.ts';
import { addEstimateOptions, ratedCapacityW, runEstimate, type EstimateRun } from '../estimate-options.ts';
import { human, listAssumptions, toJson } from './evaluate-output.ts';
import {
  checkMeteredSource,
  formulaSide,
  meteredSide,
  type EvaluatedSystem,
  type EvaluateOptions,
  type MeteredSide,
} from './evaluate-sides.ts';

export const evaluateCommand: CommandModule = (program, ctx) => {
  const cmd: Command = program
    .command('evaluate')
    .summary('Formula or meter? Certificates either way, NPV of metering, break-even price')
    .description(
      [
        'Formula or meter? Certificates per year under the prescriptive formula vs',
        'expected metered output, priced over the incentive period: NPV of metering',
        'at a low and a high meter cost, break-even certificate price and meter',
        'cost, and a plain recommendation with every assumption and its source;',
        'no recommendation where a side carries an error check (it leads the output).',
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
      ranged('--tons'),
    )
    .option('--cop <n>', 'heating COP for the formula (W/W, greater than 1)', ranged('--cop'))
    .option(
      '--formula-mwh <n>',
      'certificates per year under the formula, as given (overrides --tons/--cop)',
      ranged('--formula-mwh'),
    )
    .option(
      '--formula-not-accepted',
      'the program does not accept the formula for this system (metering or nothing)',
    )
    .option('--program <id>', 'count both sides under a program rule file (programs/<id>.json)')
    .option(
      '--multiplier <n>',
      "program or fuel-displacement multiplier, both sides (default: the program's, else 1)",
      ranged('--multiplier'),
    )
    .option(
      '--metered-mwh <n>',
      'expected metered MWh (3.6 GJ) per year of the energy the program counts',
      ranged('--metered-mwh'),
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
      ranged('--certificate-price'),
      20,
    )
    .option('--meter-cost-low <usd>', 'installed meter cost, low end', ranged('--meter-cost-low'), 500)
    .option('--meter-cost-high <usd>', 'installed meter cost, high end', ranged('--meter-cost-high'), 1500)
    .option('--meter-cost <usd>', 'one installed meter cost (sets both low and high)', ranged('--meter-cost'))
    .option('--upkeep <usd>', 'meter upkeep per year', ranged('--upkeep'), 100)
    .option(
      '--discount-rate <fraction>',
      'discount rate per year (0.05 = 5 %)',
      ranged('--discount-rate'),
      0.05,
    )
    .option('--years <n>', 'incentive period in years', ranged('--years'), 10)
    .option('--json', 'print JSON')
    .action((o: EvaluateOptions, c: Command) => {
      checkConflicts(o, c);
      checkMeteredSource(o);
      const rules =
        o.program === undefined
          ? undefined
          : withOptionNames({ program: '--program' }, () => loadProgram(o.program as string));
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
        // The formula's checks count only where its figure enters the comparison (accepted by the program).
        formulaChecks: formula.accepted ? formula.checks : [],
        meteredChecks: metered.checks,
      };
      const v = withOptionNames(meterOptionNames(o), () => evaluateMeter(input));
      const checks = unique([...formula.checks, ...metered.checks, ...v.checks]);
      const assumptions = listAssumptions(o, c, { formula, metered, sys, run });
      const sides = { formula, metered, sys, run };
      emit(ctx, o.json, toJson(input, v, assumptions, checks, sides), () =>
        human(input, v, assumptions, checks, sides),
      );
    });
  helpWithRanges(cmd);
};

/** The option the user typed for each evaluateMeter field, so its errors name the flag. */
function meterOptionNames(o: EvaluateOptions): Record<string, string> {
  return {
    formulaPerYear: '--formula-mwh',
    meteredPerYear: '--metered-mwh',
    priceUsd: '--certificate-price',
    meterCostLowUsd: o.meterCost === undefined ? '--meter-cost-low (with --meter-cost-high)' : '--meter-cost',
    meterCostHighUsd: o.meterCost === undefined ? '--meter-cost-high' : '--meter-cost',
    upkeepUsdPerYear: '--upkeep',
    discountRate: '--discount-rate',
    years: '--years',
  };
}

/**
 * Pairs of flags that contradict each other, or where one would be ignored silently: refused, naming both
 * as typed (`given` is commander's value source, so a default never conflicts).
 */
function checkConflicts(o: EvaluateOptions, c: Command): void {
  const typed = (name: string) => c.getOptionValueSource(name) === 'cli';
  const pairs: [string, string, boolean, string][] = [
    [
      '--formula-mwh',
      '--formula-not-accepted',
      o.formulaMwh !== undefined && o.formulaNotAccepted === true,
      'one gives the formula figure, the other says the program accepts no formula',
    ],
    [
      '--cop',
      '--formula-mwh',
      o.cop !== undefined && o.formulaMwh !== undefined,
      'the COP only feeds the formula, which --formula-mwh replaces: it would be ignored',
    ],
    [
      '--cop',
      '--formula-not-accepted',
      o.cop !== undefined && o.formulaNotAccepted === true,
      'the COP only feeds the formula, which the program does not accept: it would be ignored',
    ],
    [
      '--meter-cost',
      '--meter-cost-low',
      o.meterCost !== undefined && typed('meterCostLow'),
      '--meter-cost sets both the low and the high meter cost',
    ],
    [
      '--meter-cost',
      '--meter-cost-high',
      o.meterCost !== undefined && typed('meterCostHigh'),
      '--meter-cost sets both the low and the high meter cost',
    ],
    [
      '--metered-basis',
      '--metered-mwh',
      typed('meteredBasis') && o.meteredMwh !== undefined,
      '--metered-mwh is already the energy counted; the basis only picks heat or renewable from an estimate',
    ],
    [
      '--tons',
      '--capacity-kw',
      o.tons !== undefined && o.capacityKw !== undefined && o.site === undefined && o.epw === undefined,
      'both give the rated capacity (without the estimate --capacity-kw scales no map): give one',
    ],
  ];
  for (const [a, b, clash, why] of pairs)
    if (clash) throw new InputError(`${a} and ${b} conflict: ${why}`, { field: `${a} with ${b}` });
  if (o.meterCost === undefined && o.meterCostLow > o.meterCostHigh)
    throw new InputError(
      `the low meter cost must not exceed the high one: --meter-cost-low ${o.meterCostLow} is above --meter-cost-high ${o.meterCostHigh}${typed('meterCostHigh') ? '' : ' (the default)'}`,
      { field: '--meter-cost-low with --meter-cost-high' },
    );
}

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
  if (o.site !== undefined || o.epw !== undefined) return runEstimate(o, c);
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
