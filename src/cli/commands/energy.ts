import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, Option } from 'commander';
import {
  createHeatMeterIntegrator,
  energyToJ,
  fluidModel,
  InputError,
  parseFluidSpec,
  powerToW,
  type HeatMeterIntegrator,
  type HeatMeterOptions,
  type HeatMeterResult,
  type IntervalKind,
  type MeterClassSpec,
} from '../../core/index.ts';
import { readMeterFile, type HeaderMap, type MeterFileInfo } from '../../ingest/index.ts';
import { emit, parseInteger, parsePositive, type CommandModule } from '../context.ts';
import { energyJson, energyTable, skippedRowsCheck } from './energy-output.ts';

interface EnergyOptions {
  format?: 'csv' | 'jsonl';
  fluid: string;
  flowSensor: 'supply' | 'return';
  interval: IntervalKind;
  tz?: string;
  map?: string;
  maxGap: number;
  registerRollover?: number;
  elecRegisterRollover?: number;
  meterClass?: number;
  qpM3h?: number;
  dtMinK?: number;
  ratedKw?: number;
  sourceKind?: 'air' | 'brine' | 'water';
  skipBadRows?: boolean;
  json?: boolean;
}

/** `15m`, `900s`, `1h`, `90` (seconds) -> seconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h)?\s*$/.exec(text);
  if (!m) throw new InvalidArgumentError('expected a duration such as 15m, 900s or 1h.');
  const seconds = Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' || m[2] === 'min' ? 60 : 1);
  if (!(seconds > 0)) throw new InvalidArgumentError('expected a duration greater than 0.');
  return seconds;
}

async function readMap(path: string): Promise<HeaderMap> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read the header map: ${(error as Error).message}`, {
      field: '--map',
      value: path,
    });
  }
  const ok =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string' || v === null);
  if (!ok)
    throw new InputError('the header map must be a JSON object {"vendor header": "canonical_name" | null}', {
      field: '--map',
      value: path,
    });
  return value as HeaderMap;
}

function meterClass(opts: EnergyOptions): MeterClassSpec | undefined {
  const given = [opts.meterClass, opts.qpM3h, opts.dtMinK].filter((v) => v !== undefined).length;
  if (given === 0) return undefined;
  if (given !== 3)
    throw new InputError('--meter-class, --qp-m3h and --dt-min-k go together (EN 1434 needs all three)', {
      field: '--meter-class',
    });
  const accuracyClass = opts.meterClass;
  if (accuracyClass !== 1 && accuracyClass !== 2 && accuracyClass !== 3)
    throw new InputError('EN 1434 accuracy class is 1, 2 or 3', {
      field: '--meter-class',
      value: accuracyClass,
    });
  return { accuracyClass, qpM3h: opts.qpM3h!, dtMinK: opts.dtMinK! };
}

/** The integrator's options once the header is known (register units come from the file's columns). */
function integratorOptions(opts: EnergyOptions, info: MeterFileInfo): HeatMeterOptions {
  const { plan } = info;
  const rollover = (value: number | undefined, unit: typeof plan.heatRegisterUnit, option: string) => {
    if (value === undefined) return undefined;
    if (unit === undefined)
      throw new InputError('the file has no such register column', { field: option, value });
    return energyToJ(value, unit);
  };
  const options: HeatMeterOptions = {
    channels: plan.channels,
    fluid: fluidModel(parseFluidSpec(opts.fluid, '--fluid')),
    flowSensor: opts.flowSensor,
    interval: opts.interval,
    utcOffsetMinutes: info.utcOffsetMinutes,
    maxGapS: opts.maxGap,
  };
  const heatRollover = rollover(opts.registerRollover, plan.heatRegisterUnit, '--register-rollover');
  const elecRollover = rollover(opts.elecRegisterRollover, plan.elecRegisterUnit, '--elec-register-rollover');
  const spec = meterClass(opts);
  if (heatRollover !== undefined) options.heatRegisterRolloverJ = heatRollover;
  if (elecRollover !== undefined) options.elecRegisterRolloverJ = elecRollover;
  if (spec) options.meterClass = spec;
  if (opts.ratedKw !== undefined) options.ratedW = powerToW(opts.ratedKw, 'kW');
  if (opts.sourceKind !== undefined) options.sourceKind = opts.sourceKind;
  return options;
}

export const energyCommand: CommandModule = (program, ctx) => {
  program
    .command('energy')
    .description(
      'Heat, cooling, defrost and electricity per interval from a heat-meter file.\n' +
        'CSV or JSON lines; column names carry their unit:\n' +
        '  time, flow_lpm|flow_gpm|flow_m3h|flow_ls, supply_c|supply_f,\n' +
        '  return_c|return_f, source_c|source_f, heat_kw|heat_btuh (power),\n' +
        '  heat_kwh|heat_mwh|heat_gj|heat_kbtu|heat_mmbtu (register), elec_kw, elec_kwh.\n' +
        'Other headers map with --map; unmapped ones are ignored with a note on stderr.\n' +
        'The CSV delimiter (; tab ,) is detected from the header line; with ; or tab\n' +
        'a decimal comma is read too. Times: ISO 8601 with offset, or local with --tz.\n' +
        'A bad row stops the run (exit 2) naming file, line, column and value, unless\n' +
        '--skip-bad-rows. Method and sources: docs/methods.md.',
    )
    .argument('<file>', 'meter file (.csv, or .jsonl/.ndjson for JSON lines)')
    .addOption(
      new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'jsonl']),
    )
    .option('--fluid <fluid>', 'water | propylene-glycol:0.3 | ethylene-glycol:0.25 (mass fraction)', 'water')
    .addOption(
      new Option('--flow-sensor <place>', 'where the volume flow sensor sits')
        .choices(['supply', 'return'])
        .default('return'),
    )
    .addOption(
      new Option('--interval <interval>', 'reporting interval')
        .choices(['hour', 'day', 'month', 'total'])
        .default('day'),
    )
    .option('--tz <zone>', 'IANA zone of local times in the file and of day/month boundaries (default UTC)')
    .option('--map <map.json>', 'JSON object: file header -> canonical column name (null: ignore)')
    .addOption(
      new Option('--max-gap <duration>', 'longest sample gap that is bridged (15m, 900s, 1h)')
        .argParser(parseDuration)
        .default(900, '15m'),
    )
    .option(
      '--register-rollover <n>',
      "value at which the heat register wraps to 0, in the register's unit",
      parsePositive,
    )
    .option('--elec-register-rollover <n>', 'the same for the electricity register (kWh)', parsePositive)
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
    .action(async (file: string, opts: EnergyOptions) => {
      const map = opts.map === undefined ? {} : await readMap(opts.map);
      meterClass(opts); // refuse an incomplete meter class before reading the file
      let integrator: HeatMeterIntegrator | undefined;
      const summary = await readMeterFile(
        file,
        { format: opts.format, tz: opts.tz, map, skipBadRows: opts.skipBadRows ?? false },
        (info) => {
          for (const header of info.plan.ignored)
            ctx.io.stderr(
              `trec: note: column "${header}" is not a canonical name and is ignored (map it with --map)\n`,
            );
          const created = createHeatMeterIntegrator(integratorOptions(opts, info));
          integrator = created;
          return (sample) => created.push(sample);
        },
      );
      const result: HeatMeterResult = integrator!.finish();
      if (summary.skipped > 0) {
        result.checks.push(skippedRowsCheck(summary));
        ctx.io.stderr(`trec: warning: skipped ${summary.skipped} bad row(s)\n`);
        for (const row of summary.badRows)
          ctx.io.stderr(
            `  line ${row.line}${row.field ? `, ${row.field}` : ''}${row.value !== undefined ? ` (${JSON.stringify(row.value)})` : ''}: ${row.reason}\n`,
          );
      }
      emit(ctx, opts.json, energyJson(result, summary, opts.tz), () => energyTable(result, summary, opts.tz));
    });
};
