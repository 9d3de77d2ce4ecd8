import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  createApp,
  energyUseCase,
  shown,
  type App,
  type EnergyInput,
  type EnergyResult,
  type MeterFiles,
  type OpenMeterFiles,
} from '../../app/index.ts';
import { emit, parseInteger, parsePositive, type CliIO, type CommandModule } from '../context.ts';
import { runCase } from '../run.ts';
import { energyTable } from './energy-output.ts';

/** What the options are called on the command line, where that is not `--kebab-case` of the input's name. */
const FLAGS = { files: 'FILE', map: '--map', mapFile: '--map' } as const;

/** The options as commander parses them: the use case's inputs, with --map the path of a map file. */
type EnergyOptions = Omit<EnergyInput, 'files' | 'map' | 'mapFile'> & { map?: string; json?: boolean };

const D = energyUseCase.defaults;

/** `15m`, `900s`, `1h`, `90` (seconds) -> seconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h)?\s*$/.exec(text);
  if (!m) throw new InvalidArgumentError('expected a duration such as 15m, 900s or 1h.');
  const seconds = Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' || m[2] === 'min' ? 60 : 1);
  if (!(seconds > 0)) throw new InvalidArgumentError('expected a duration greater than 0.');
  return seconds;
}

/**
 * The options the user typed. commander shows the use case's defaults in --help, but a default is left for
 * the use case to fill in (it records the default's source).
 */
function typed<T extends object>(cmd: Command, opts: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(opts) as (keyof T & string)[])
    if (cmd.getOptionValueSource(key) !== 'default') out[key] = opts[key];
  return out;
}

/** A note on stderr for each column a file ignores, with the names its unit fits. */
function ignoredNotes(opened: OpenMeterFiles): string {
  let text = '';
  for (const { ignored } of opened.ignored)
    for (const { header, unit } of ignored) {
      const hint = unit ? `; its unit ${unit.unit} fits ${unit.candidates.join(' or ')}` : '';
      text += `trec: note: column "${shown(header)}" is not a canonical name and is ignored (map it with --map${hint})\n`;
    }
  return text;
}

/**
 * The use cases with the meter files' ignored columns noted on stderr as soon as the files are opened, so the
 * notes come before any error the data then raises (a column "Retour" ignored explains "missing return").
 */
function notingIgnored(app: App, io: CliIO): App {
  const files = app.ports.meterFiles;
  const open: MeterFiles['open'] = async (names, options) => {
    const opened = await files.open(names, options);
    io.stderr(ignoredNotes(opened));
    return opened;
  };
  return createApp({ ...app.ports, meterFiles: { ...files, open } });
}

/** The bad rows skipped, on stderr (the result lists them too). */
function skippedNotes(r: Extract<EnergyResult, { kind: 'energy' }>): string {
  let text = '';
  for (const source of r.sources)
    if (source.skipped > 0) {
      text += `trec: warning: skipped ${source.skipped} bad row(s) of ${source.file}\n`;
      for (const row of source.badRows)
        text += `  line ${row.line}${row.field ? `, ${shown(row.field)}` : ''}${row.value !== undefined ? ` (${JSON.stringify(shown(row.value))})` : ''}: ${row.reason}\n`;
    }
  return text;
}

export const energyCommand: CommandModule = (program, ctx) => {
  program
    .command('energy')
    .description(
      'Heat, cooling, defrost and electricity per interval from heat-meter files.\n' +
        'CSV or JSON lines; column names carry their unit:\n' +
        '  time, flow_lpm|flow_gpm|flow_m3h|flow_ls, supply_c|supply_f,\n' +
        '  return_c|return_f, source_c|source_f, heat_kw|heat_btuh (power), elec_kw,\n' +
        '  heat_kwh|heat_mwh|heat_gj|heat_kbtu|heat_mmbtu, elec_kwh|elec_mwh (registers:\n' +
        '  running totals), and the same with _interval (heat_kwh_interval,\n' +
        '  elec_kwh_interval, ...: the energy of each interval, its time marking the\n' +
        "  interval's end or start, --label).\n" +
        'Other headers map with --map; unmapped ones are ignored with a note on stderr.\n' +
        'Without a canonical header the error lists the headers, the units recognised\n' +
        'in them ([m3/uur], (°C), kWh) and a map skeleton; --suggest-map prints it.\n' +
        'Several files (one per channel, as building-management systems export) join\n' +
        'on time: instant channels (flow, temperatures, power) on equal times (a time\n' +
        'one file lacks is a gap for its channels, reported), or with --join hold\n' +
        '(controllers that log on change) each value holds until the next one, at most\n' +
        '--max-gap; register and interval-energy files are series of their own rate,\n' +
        'spread evenly between their readings.\n' +
        'The CSV delimiter (; tab ,) is detected from the header line; with ; or tab\n' +
        'a decimal comma is read too, and a value such as 1.000 or 12,500 (thousands\n' +
        'separator or decimal mark?) is an error unless --decimal comma|point says.\n' +
        'Times: ISO 8601 with offset, or local with --tz.\n' +
        'A bad row stops the run (exit 2) naming file, line, column and value, unless\n' +
        '--skip-bad-rows. Method and sources: docs/methods.md.',
    )
    .argument('<file...>', 'meter files (.csv, or .jsonl/.ndjson for JSON lines), joined on time')
    .addOption(
      new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'jsonl']),
    )
    .option(
      '--fluid <fluid>',
      'water | propylene-glycol:0.3 | ethylene-glycol:0.25 (mass fraction)',
      D.fluid.value,
    )
    .addOption(
      new Option('--flow-sensor <place>', 'where the volume flow sensor sits')
        .choices(['supply', 'return'])
        .default(D.flowSensor.value),
    )
    .addOption(
      new Option('--interval <interval>', 'reporting interval')
        .choices(['hour', 'day', 'month', 'total'])
        .default(D.interval.value),
    )
    .option('--tz <zone>', 'IANA zone of local times in the file and of day/month boundaries (default UTC)')
    .option('--map <map.json>', 'JSON object: file header -> canonical column name (null: ignore)')
    .option('--suggest-map', "print a --map skeleton for the files' headers as JSON, and stop")
    .addOption(
      new Option(
        '--max-gap <duration>',
        'longest sample gap that is bridged, and longest a value holds with --join hold (15m, 900s, 1h)',
      )
        .argParser(parseDuration)
        .default(D.maxGap.value, '15m'),
    )
    .addOption(
      new Option(
        '--join <how>',
        'several files: exact (instant channels on equal times) or hold (last value holds, at most --max-gap)',
      )
        .choices(['exact', 'hold'])
        .default(D.join.value),
    )
    .addOption(
      new Option('--label <which>', "which end of its interval an interval-energy row's time marks")
        .choices(['end', 'start'])
        .default(D.label.value),
    )
    .addOption(
      new Option(
        '--decimal <mark>',
        'decimal mark of a ; or tab file: comma or point (the other is then a thousands separator)',
      ).choices(['comma', 'point']),
    )
    .option(
      '--register-rollover <n>',
      "value at which the heat register wraps to 0, in the register's unit",
      parsePositive,
    )
    .option(
      '--elec-register-rollover <n>',
      'the same for the electricity register, in its unit',
      parsePositive,
    )
    .option('--meter-class <n>', 'EN 1434 accuracy class of the heat meter: 1, 2 or 3', parseInteger)
    .option('--qp-m3h <qp>', 'permanent flow rate qp of the meter, m3/h', parsePositive)
    .option('--dt-min-k <k>', 'minimum temperature difference of the meter, K', parsePositive)
    .option('--rated-kw <kw>', 'rated heating capacity, kW: a higher heat rate is flagged', parsePositive)
    .addOption(
      new Option(
        '--source-kind <kind>',
        'heat source, for the Carnot check without a source_c column: air (assumed at most 45 C), brine or water (30 C)',
      ).choices(['air', 'brine', 'water']),
    )
    .option('--skip-bad-rows', 'count, list and skip bad rows instead of stopping')
    .option('--json', 'print JSON')
    .action(async (files: string[], opts: EnergyOptions, cmd: Command) => {
      const { json: _json, map, ...given } = typed(cmd, opts);
      const input: EnergyInput = { files, ...given, ...(map === undefined ? {} : { mapFile: map }) };
      const app = notingIgnored(ctx.app, ctx.io);
      const outcome = await runCase(app, 'energy', input, FLAGS);
      const r = outcome.result;
      if (r.kind === 'map-suggestion') {
        emit(ctx, true, app.present('energy', outcome), () => '');
        return;
      }
      ctx.io.stderr(skippedNotes(r));
      emit(ctx, opts.json, opts.json ? app.present('energy', outcome) : null, () => energyTable(r));
    });
};
