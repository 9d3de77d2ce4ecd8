import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, Option } from 'commander';
import { DateTime } from 'luxon';
import {
  check,
  createHeatMeterIntegrator,
  energyToJ,
  fluidModel,
  InputError,
  parseFluidSpec,
  powerToW,
  type HeatMeterIntegrator,
  type HeatMeterOptions,
  type HeatMeterResult,
  type Check,
  type EnergyUnit,
  type IntervalKind,
  type MeterChannel,
  type MeterClassSpec,
} from '../../core/index.ts';
import {
  joinMeterFiles,
  MeterFileStream,
  readHeaders,
  recogniseUnit,
  shown,
  suggestMap,
  type HeaderMap,
  type JoinReport,
  type MeterReadOptions,
  type MeterReadSummary,
} from '../../ingest/index.ts';
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
  join: 'exact' | 'hold';
  label: 'end' | 'start';
  decimal?: 'comma' | 'point';
  suggestMap?: boolean;
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

/** What the integrator needs from the files' headers: channels, register units, local-time offsets. */
interface Channels {
  channels: ReadonlySet<MeterChannel>;
  /** Units of true registers (an interval-energy series has no rollover). */
  heatRegisterUnit?: EnergyUnit;
  elecRegisterUnit?: EnergyUnit;
  utcOffsetMinutes: (timeMs: number) => number;
}

/** The integrator's options once the headers are known (register units come from the files' columns). */
function integratorOptions(opts: EnergyOptions, info: Channels): HeatMeterOptions {
  const rollover = (value: number | undefined, unit: EnergyUnit | undefined, option: string) => {
    if (value === undefined) return undefined;
    if (unit === undefined)
      throw new InputError('the files have no such register column (a running total, not interval energy)', {
        field: option,
        value,
      });
    return energyToJ(value, unit);
  };
  const options: HeatMeterOptions = {
    channels: info.channels,
    fluid: fluidModel(parseFluidSpec(opts.fluid, '--fluid')),
    flowSensor: opts.flowSensor,
    interval: opts.interval,
    utcOffsetMinutes: info.utcOffsetMinutes,
    maxGapS: opts.maxGap,
  };
  const heatRollover = rollover(opts.registerRollover, info.heatRegisterUnit, '--register-rollover');
  const elecRollover = rollover(opts.elecRegisterRollover, info.elecRegisterUnit, '--elec-register-rollover');
  const spec = meterClass(opts);
  if (heatRollover !== undefined) options.heatRegisterRolloverJ = heatRollover;
  if (elecRollover !== undefined) options.elecRegisterRolloverJ = elecRollover;
  if (spec) options.meterClass = spec;
  if (opts.ratedKw !== undefined) options.ratedW = powerToW(opts.ratedKw, 'kW');
  if (opts.sourceKind !== undefined) options.sourceKind = opts.sourceKind;
  return options;
}

/** An InputError raised without a file (the integrator's, e.g. a missing return column) names the files. */
async function namingFiles<T>(files: readonly string[], fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof InputError && error.where.file === undefined)
      throw new InputError(error.message.slice(InputError.format('', error.where).length), {
        ...error.where,
        file: files.join(', '),
      });
    throw error;
  }
}

/** A --map entry must name a header some file has (a typo is an error, never ignored). */
function checkMap(map: HeaderMap, headers: ReadonlyMap<string, string[]>, mapPath: string): void {
  const all = new Set([...headers.values()].flat());
  for (const key of Object.keys(map))
    if (!all.has(key)) {
      const listed = [...headers].map(
        ([file, hs]) =>
          `${file}: ${hs
            .slice(0, 20)
            .map((h) => JSON.stringify(shown(h)))
            .join(', ')}`,
      );
      throw new InputError(
        `the map names a header no file has: ${JSON.stringify(shown(key))} (headers must match exactly after trimming)\n  ${listed.join('\n  ')}`,
        { file: mapPath, field: '--map', value: shown(key) },
      );
    }
}

/**
 * Counts the samples where a register reads lower than before. A cumulative register only drops at a reset,
 * a meter swap or a rollover (EN 1434-1 registers count up), so one that drops at many samples is almost
 * certainly interval energy read as a register: counted as register steps it undercounts (a 625 kWh week read
 * as 277 kWh). More than {@link DROP_SHARE} of its samples dropping (and at least 3) is an error check.
 */
const DROP_SHARE = 0.05;
class DropCounter {
  private heat = NaN;
  private elec = NaN;
  private readonly drops = { heat: 0, elec: 0 };
  private readonly seen = { heat: 0, elec: 0 };

  see(s: Readonly<{ heatRegisterJ: number; elecRegisterJ: number }>): void {
    if (s.heatRegisterJ === s.heatRegisterJ) {
      if (s.heatRegisterJ < this.heat) this.drops.heat++;
      this.seen.heat++;
      this.heat = s.heatRegisterJ;
    }
    if (s.elecRegisterJ === s.elecRegisterJ) {
      if (s.elecRegisterJ < this.elec) this.drops.elec++;
      this.seen.elec++;
      this.elec = s.elecRegisterJ;
    }
  }

  check(): Check | undefined {
    const bad = (['heat', 'elec'] as const).filter(
      (k) => this.drops[k] >= 3 && this.drops[k] > DROP_SHARE * this.seen[k],
    );
    if (bad.length === 0) return undefined;
    const what = bad
      .map(
        (k) =>
          `the ${k === 'heat' ? 'heat' : 'electricity'} register drops at ${this.drops[k]} of ${this.seen[k]} samples`,
      )
      .join('; ');
    return check(
      'register-drops',
      'error',
      `${what}: a running total only drops at a reset or a swap, so this column is most likely the energy of each interval; map it to the *_interval kind (heat_kwh_interval, elec_kwh_interval, ...) and the energy is counted whole`,
    );
  }
}

const isoMs = (ms: number) => new Date(ms).toISOString();
/** An instant as the energy table shows it: local with its offset in the --tz zone, else UTC. */
const isoIn = (ms: number, tz?: string) =>
  tz === undefined
    ? isoMs(ms)
    : (DateTime.fromMillis(ms, { zone: tz }).toISO({ suppressMilliseconds: true }) ?? isoMs(ms));

/** Checks for what the join of several files saw (never silent: a gap for one file's channels is named). */
function joinChecks(report: JoinReport, opts: EnergyOptions, files: readonly string[]): Check[] {
  const out: Check[] = [];
  for (const r of report.instant)
    if (r.missing > 0) {
      const first = r.firstMissingMs.map(isoMs).join(', ');
      out.push(
        opts.join === 'exact'
          ? check(
              'join-missing',
              'warning',
              `${r.file} has no row at ${r.missing} time(s) the other instant files have (first: ${first}): a gap for its channels (${r.channels.join(', ')}); those times are not used (bridged up to --max-gap, else a gap)`,
            )
          : check(
              'join-expired',
              'warning',
              `${r.file}: ${r.missing} time(s) without a value to hold (its last one older than --max-gap ${opts.maxGap} s, or none yet; first: ${first}): a gap for its channels (${r.channels.join(', ')}), not counted`,
            ),
      );
    }
  for (const s of report.series) {
    const what = `${s.interval ? 'interval energy' : 'register'} "${shown(s.header)}" of ${s.file}`;
    if (s.intervalGaps > 0)
      out.push(
        check(
          'interval-gap',
          'warning',
          `${what}: ${s.intervalGaps} missing interval(s) (rows farther apart than the file's interval; first after ${s.firstGapMs.map(isoMs).join(', ')}): no energy known there, none counted`,
        ),
      );
    if (
      report.instantFirstMs === report.instantFirstMs &&
      (s.firstMs > report.instantFirstMs || s.lastMs < report.instantLastMs)
    )
      out.push(
        check(
          'series-range',
          'warning',
          `${what} covers ${isoMs(s.firstMs)} to ${isoMs(s.lastMs)}; the instant data runs ${isoMs(report.instantFirstMs)} to ${isoMs(report.instantLastMs)}: outside its range it counts no energy`,
        ),
      );
  }
  if (files.length > 1)
    out.push(
      check(
        'joined-files',
        'info',
        `${files.length} files joined on time (--join ${opts.join}${report.series.some((s) => s.interval) ? `, interval energy labelled at the ${opts.label}` : ''}); line numbers in these checks are those of ${report.instant[0]?.file ?? 'no instant file (register series only)'}`,
      ),
    );
  return out;
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
    .option('--suggest-map', "print a --map skeleton for the files' headers as JSON, and stop")
    .addOption(
      new Option(
        '--max-gap <duration>',
        'longest sample gap that is bridged, and longest a value holds with --join hold (15m, 900s, 1h)',
      )
        .argParser(parseDuration)
        .default(900, '15m'),
    )
    .addOption(
      new Option(
        '--join <how>',
        'several files: exact (instant channels on equal times) or hold (last value holds, at most --max-gap)',
      )
        .choices(['exact', 'hold'])
        .default('exact'),
    )
    .addOption(
      new Option('--label <which>', "which end of its interval an interval-energy row's time marks")
        .choices(['end', 'start'])
        .default('end'),
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
    .action(async (files: string[], opts: EnergyOptions) => {
      const map = opts.map === undefined ? {} : await readMap(opts.map);
      const headers = new Map<string, string[]>();
      for (const file of files) headers.set(file, await readHeaders(file, opts.format));
      if (opts.suggestMap) {
        const suggested: Record<string, string | null> = {};
        for (const hs of headers.values()) Object.assign(suggested, suggestMap(hs));
        ctx.io.stdout(JSON.stringify(suggested, null, 2) + '\n');
        return;
      }
      if (opts.map !== undefined) checkMap(map, headers, opts.map);
      if (new Set(files).size !== files.length)
        throw new InputError('the same file is given twice', { field: 'FILE' });
      meterClass(opts); // refuse an incomplete meter class before reading the files
      const readOptions: MeterReadOptions = {
        format: opts.format,
        tz: opts.tz,
        map,
        skipBadRows: opts.skipBadRows ?? false,
      };
      if (opts.decimal) readOptions.decimal = opts.decimal;
      const note = (ignored: readonly string[]) => {
        for (const header of ignored) {
          const unit = recogniseUnit(header);
          const hint = unit ? `; its unit ${unit.unit} fits ${unit.candidates.join(' or ')}` : '';
          ctx.io.stderr(
            `trec: note: column "${shown(header)}" is not a canonical name and is ignored (map it with --map${hint})\n`,
          );
        }
      };
      let integrator: HeatMeterIntegrator | undefined;
      let dropCounter: DropCounter | null = null;
      const summaries: MeterReadSummary[] = [];
      const checks: Check[] = [];
      const first = await MeterFileStream.open(files[0]!, readOptions);
      if (files.length === 1 && first.info.plan.intervalChannels.size === 0) {
        // one file of instant data and/or registers: the reader feeds the integrator directly (hot path)
        const { plan } = first.info;
        note(plan.ignored);
        const created = await namingFiles(files, () =>
          createHeatMeterIntegrator(integratorOptions(opts, { ...plan, ...first.info })),
        );
        integrator = created;
        const drops =
          plan.channels.has('heatRegister') || plan.channels.has('elecRegister') ? new DropCounter() : null;
        first.setSink(
          drops ? (sample) => (drops.see(sample), created.push(sample)) : (sample) => created.push(sample),
        );
        dropCounter = drops;
        await namingFiles(files, async () => {
          while (await first.fill());
        });
        summaries.push(first.summary());
      } else {
        const streams = [first];
        for (const file of files.slice(1)) streams.push(await MeterFileStream.open(file, readOptions));
        const channels = new Set<MeterChannel>();
        const info: Channels = { channels, utcOffsetMinutes: first.info.utcOffsetMinutes };
        for (const stream of streams) {
          const { plan } = stream.info;
          note(plan.ignored);
          for (const c of plan.channels) {
            const earlier = streams.find((o) => o !== stream && o.info.plan.channels.has(c));
            if (earlier && streams.indexOf(earlier) < streams.indexOf(stream))
              throw new InputError(
                `the ${c} channel comes from two files, ${earlier.file} and ${stream.file}: give it once`,
                { file: stream.file },
              );
            channels.add(c);
          }
          if (plan.heatRegisterUnit && !plan.intervalChannels.has('heatRegister'))
            info.heatRegisterUnit = plan.heatRegisterUnit;
          if (plan.elecRegisterUnit && !plan.intervalChannels.has('elecRegister'))
            info.elecRegisterUnit = plan.elecRegisterUnit;
        }
        const created = await namingFiles(files, () =>
          createHeatMeterIntegrator(integratorOptions(opts, info)),
        );
        const drops = new DropCounter();
        dropCounter = drops;
        integrator = created;
        const report = await namingFiles(files, () =>
          joinMeterFiles(
            streams.map((stream) => ({
              file: stream.file,
              stream,
              open: () => MeterFileStream.open(stream.file, readOptions),
            })),
            { join: opts.join, maxGapMs: opts.maxGap * 1000, label: opts.label },
            (sample) => {
              drops.see(sample);
              created.push(sample);
            },
          ),
        );
        if (report.samples === 0)
          throw new InputError(
            'the files share no time: no sample has every channel (try --join hold for files logged on change)',
            { file: files.join(', ') },
          );
        for (const stream of streams) summaries.push(stream.summary());
        checks.push(...joinChecks(report, opts, files));
      }
      const result: HeatMeterResult = await namingFiles(files, () => integrator!.finish());
      result.checks.push(...checks);
      const dropCheck = dropCounter?.check();
      if (dropCheck) result.checks.push(dropCheck);
      for (const summary of summaries)
        if (summary.skipped > 0) {
          result.checks.push(skippedRowsCheck(summary));
          ctx.io.stderr(`trec: warning: skipped ${summary.skipped} bad row(s) of ${summary.file}\n`);
          for (const row of summary.badRows)
            ctx.io.stderr(
              `  line ${row.line}${row.field ? `, ${shown(row.field)}` : ''}${row.value !== undefined ? ` (${JSON.stringify(shown(row.value))})` : ''}: ${row.reason}\n`,
            );
        }
      const json = () => {
        const out: Record<string, unknown> = energyJson(result, summaries[0]!, opts.tz);
        const sources = summaries.map((s) => energyJson(result, s, opts.tz).source);
        if (summaries.length > 1) delete out.source;
        out.sources = sources;
        out.join = { mode: opts.join, max_gap_s: opts.maxGap, label: opts.label, files: files.length };
        return out;
      };
      const table = () => {
        const text = energyTable(result, summaries[0]!, opts.tz);
        if (summaries.length === 1) return text;
        const lines = text.split('\n');
        const own = `${summaries[0]!.info.file}: `;
        if (lines.at(-1)?.startsWith(own)) lines.pop();
        for (const s of summaries)
          lines.push(
            `${s.info.file}: ${s.rows} rows${s.skipped ? `, ${s.skipped} skipped` : ''}, ${isoIn(s.firstMs, opts.tz)} to ${isoIn(s.lastMs, opts.tz)}, sha256 ${s.sha256}`,
          );
        return lines.join('\n');
      };
      emit(ctx, opts.json, opts.json ? json() : null, table);
    });
};
