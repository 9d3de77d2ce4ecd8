import { InvalidArgumentError } from 'commander';
import { simulateUseCase, type SimulateInput, type SimulateResult } from '../../app/index.ts';
import { InputError, jToBtu, jToKwh } from '../../core/index.ts';
import { errorLead } from '../checks-output.ts';
import { emit, fmt, parseNumber, type CommandModule } from '../context.ts';
import { ranged } from '../ranges.ts';
import { runCase } from '../run.ts';

/** One `--set NAME=VALUE`, as typed and as read. */
interface Override {
  item: string;
  name: string;
  text: string;
}

interface LaundryOptions extends Omit<SimulateInput, 'set'> {
  set: Override[];
  json?: boolean;
}

/** The use case's default, as commander would show it in --help (the use case fills it in). */
const shownDefault = (field: keyof typeof simulateUseCase.defaults): string =>
  ` (default: ${JSON.stringify(simulateUseCase.defaults[field].value)})`;

export const simulateCommand: CommandModule = (program, ctx) => {
  const simulate = program
    .command('simulate')
    .description('Deterministic simulations that write meter files.');
  simulate
    .command('laundry')
    .description(
      [
        'An air-to-water heat pump taking waste heat (dryers, sun) from a commercial',
        'laundry room into hot-water storage, minute by minute: the showcase of "The',
        'Case for Thermal Recs (TREC) for Air Source Heat Pumps". Writes a',
        '1-minute meter file (time, flow_lpm, supply_c, return_c, source_c = room',
        'air, elec_kw) that `trec energy` reads, and prints heat, COP, cost per kWh',
        'of heat and the cooling delivered to the room. Every parameter, its unit',
        'and source: --json or docs/methods.md.',
      ].join('\n'),
    )
    .requiredOption('--days <n>', 'number of days to simulate (whole number, 1 or more)', ranged('--days'))
    .requiredOption('--out <file>', 'meter CSV file to write')
    .option(
      '--seed <n>',
      `seed of the random weather and laundry use (same seed, same file)${shownDefault('seed')}`,
      ranged('--seed'),
    )
    .option('--start <date>', `first day, YYYY-MM-DD (local date)${shownDefault('start')}`)
    .option(
      '--utc-offset <offset>',
      `fixed UTC offset of the timestamps (standard time all year)${shownDefault('utcOffset')}`,
    )
    .option(
      '--electricity-price <usd-per-kwh>',
      `electricity price for the cost of heat (assumption)${shownDefault('electricityPrice')}`,
      ranged('--electricity-price'),
    )
    .option('--set <name=value>', 'override a parameter (repeatable), e.g. --set tankOffAtC=60', collect, [])
    .option('--json', 'print JSON')
    .action(async ({ json, set, ...options }: LaundryOptions) => {
      // NAME=NUMBER, decimal only as every CLI number; the use case judges the name and the value.
      const overrides: Record<string, number> = {};
      for (const { item, name, text } of set) {
        try {
          overrides[name] = parseNumber(text);
        } catch (error) {
          if (!(error instanceof InvalidArgumentError)) throw error;
          throw new InputError(`expected NAME=NUMBER: ${error.message}`, { field: '--set', value: item });
        }
      }
      const input = { ...options, ...(set.length ? { set: overrides } : {}) };
      // A refused override is named `--set NAME`, with the value as typed.
      const typed = Object.fromEntries(set.map(({ name, text }) => [`set.${name}`, text]));
      const outcome = await runCase(ctx.app, 'simulate', input, {}, typed);
      const r = outcome.result;
      emit(ctx, json, ctx.app.present('simulate', outcome), () => human(r));
      for (const c of r.checks) ctx.io.stderr(`trec: ${c.severity}: ${c.message}\n`);
    });
};

function collect(item: string, previous: Override[]): Override[] {
  const [name = '', text = ''] = item.split('=');
  return [...previous, { item, name, text }];
}

function human(r: SimulateResult): string {
  const { summary: s, cop, params } = r;
  const price = r.electricityPriceUsdPerKwh;
  const perDay = (j: number): string => fmt(jToKwh(j) / s.days, 1);
  const bins = s.copBins
    .filter((b) => b.elecJ > 0)
    .map((b) => `${b.fromC}-${b.toC} degC: ${fmt(b.heatJ / b.elecJ, 2)}`)
    .join(' | ');
  return [
    ...errorLead(s.checks),
    `Laundry waste-heat simulation: ${s.days} days from ${r.start} (seed ${r.seed}); ${fmt(r.rows, 0)} rows written to ${r.file}`,
    `Heat to hot water:   ${fmt(jToBtu(s.heatJ) / s.days, 0)} BTU/day (${perDay(s.heatJ)} kWh/day)`,
    `Electricity:         ${perDay(s.elecJ)} kWh/day; COP ${cop === null ? '- (the heat pump never ran)' : fmt(cop, 2)}`,
    `Cost of heat:        ${cop === null ? '-' : `$${fmt(price / cop, 4)}`} per kWh of heat at $${price}/kWh electricity (assumed price)`,
    `Cooling delivered:   ${perDay(s.coolingJ)} kWh/day taken from the room air (heat to water - electricity)`,
    `Room air, open hours: ${fmt(s.meanRoomOpenC, 1)} degC with the heat pump, ${fmt(s.meanRoomOpenWithoutHpC, 1)} degC without`,
    `Space heating:       ${perDay(s.spaceHeatingJ)} kWh/day to hold ${params.spaceHeatingSetpointC} degC (${perDay(s.spaceHeatingWithoutHpJ)} without the heat pump: in winter part of its heat comes from the building heating)`,
    `COP by room air:     ${bins}`,
    `Heat pump running ${fmt(s.runMinutes / 60 / s.days, 1)} h/day; hot water ${fmt(s.hotWaterDrawnL / s.days, 0)} L/day. Parameters and sources: --json, docs/methods.md.`,
  ].join('\n');
}
