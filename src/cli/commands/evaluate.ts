import { EVALUATE_DEFAULTS, type EvaluateInput } from '../../app/index.ts';
import { emit, type CommandModule } from '../context.ts';
import { addEstimateOptions, helpWithDefaults } from '../estimate-options.ts';
import { helpWithRanges, ranged } from '../ranges.ts';
import { runCase } from '../run.ts';
import { human } from './evaluate-output.ts';

interface EvaluateOptions extends Partial<EvaluateInput> {
  json?: boolean;
}

export const evaluateCommand: CommandModule = (program, ctx) => {
  const cmd = program
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
    );
  addEstimateOptions(
    cmd,
    ctx.app.ports.weather.sites(),
    'rated heating capacity, kW (without --tons: the capacity x 8,760 h check and the size class); with the estimate flags it also scales a --map at A7/W35, A7/20 or B0/W35',
  )
    .option(
      '--certificate-price <usd>',
      'price of one certificate (assumption unless given)',
      ranged('--certificate-price'),
    )
    .option('--meter-cost-low <usd>', 'installed meter cost, low end', ranged('--meter-cost-low'))
    .option('--meter-cost-high <usd>', 'installed meter cost, high end', ranged('--meter-cost-high'))
    .option('--meter-cost <usd>', 'one installed meter cost (sets both low and high)', ranged('--meter-cost'))
    .option('--upkeep <usd>', 'meter upkeep per year', ranged('--upkeep'))
    .option('--discount-rate <fraction>', 'discount rate per year (0.05 = 5 %)', ranged('--discount-rate'))
    .option('--years <n>', 'incentive period in years', ranged('--years'))
    .option('--json', 'print JSON')
    .action(async ({ json, ...input }: EvaluateOptions) => {
      const outcome = await runCase(ctx.app, 'evaluate', input);
      emit(ctx, json, ctx.app.present('evaluate', outcome), () => human(outcome.result));
    });
  helpWithDefaults(helpWithRanges(cmd), EVALUATE_DEFAULTS);
};
