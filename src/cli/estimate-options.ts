import { Help, Option, type Command } from 'commander';
import { SYSTEM_TYPES, type DefaultValue, type EstimateFields } from '../app/index.ts';
import { ranged } from './ranges.ts';

/**
 * The seasonal-estimate options, shared by `trec estimate` and `trec evaluate` (which runs the estimate
 * in-process for the metered side). Defaults are the use case's (src/app/estimate.ts); the help shows them.
 * Methods and sources: docs/methods.md, "Climate and seasonal estimates".
 */
export type EstimateOptions = Partial<EstimateFields>;

export function addEstimateOptions(cmd: Command, sites: readonly string[], capacityHelp: string): Command {
  return cmd
    .option('--site <id>', `shipped typical-year weather: ${sites.join(', ')}`)
    .option('--epw <file>', 'your own weather file: EnergyPlus .epw or NSRDB TMY3 .csv')
    .addOption(
      new Option('--type <type>', 'system type (source: outdoor air, or ground loop)').choices(SYSTEM_TYPES),
    )
    .option('--map <name>', 'AixLib performance map by record name (reference/performance-maps/)')
    .option(
      '--keymark <title>',
      'Heat Pump Keymark model title (reference/keymark/), fitted with the hplib model',
    )
    .option('--unit <file>', 'unit JSON: a map (capacity/power grids) or Keymark-style w35/w55 points')
    .option('--capacity-kw <kW>', capacityHelp, ranged('--capacity-kw'))
    .option(
      '--design-load-kw <kW>',
      'building heat loss at the design outdoor temperature',
      ranged('--design-load-kw'),
    )
    .option(
      '--design-temp-c <degC>',
      'design outdoor temperature (default: the EPW header 99.6 % heating dry-bulb)',
      ranged('--design-temp-c'),
    )
    .option('--balance-c <degC>', 'outdoor temperature above which no heat is needed', ranged('--balance-c'))
    .option(
      '--water-c <degC>',
      'leaving water temperature at the design temperature (fixed unless --water-at-balance-c)',
      ranged('--water-c'),
    )
    .option(
      '--water-at-balance-c <degC>',
      'leaving water at the balance point: straight weather-compensation curve',
      ranged('--water-at-balance-c'),
    )
    .option('--indoor-c <degC>', 'air-to-air: indoor air temperature (the sink)', ranged('--indoor-c'))
    .option(
      '--ground-c <degC>',
      'ground-source: constant brine temperature (default: hplib daily-mean correlation)',
      ranged('--ground-c'),
    );
}

/**
 * The help shows a use case's defaults as commander shows its own (`(default: 15.5)`), while the value stays
 * out of the parsed options: the use case fills it in and reports it as a default with its source.
 */
export function helpWithDefaults(
  cmd: Command,
  defaults: Readonly<Record<string, DefaultValue | undefined>>,
): Command {
  const base = new Help();
  return cmd.configureHelp({
    ...cmd.configureHelp(),
    optionDescription(option) {
      const d = defaults[option.attributeName()];
      if (!d) return base.optionDescription(option);
      const shown = Object.assign(Object.create(option) as Option, { defaultValue: d.value });
      return base.optionDescription(shown);
    },
  });
}
