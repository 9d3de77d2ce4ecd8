import { z } from 'zod';
import {
  createHeatMeterIntegrator,
  energyToJ,
  fluidModel,
  InputError,
  meterClassSpec,
  parseFluidSpec,
  powerToW,
  RegisterDropCounter,
  type Check,
  type EnergyUnit,
  type FieldPath,
  type HeatMeterOptions,
  type HeatMeterResult,
  type MeterSample,
} from '../core/index.ts';
import { joinChecks, skippedRowsCheck } from './energy-checks.ts';
import { meterJson, sourceJson } from './energy-json.ts';
import { relocated } from './errors.ts';
import type { HeaderMap, MeterChannels, MeterFileOptions, MeterSource } from './meter-files.ts';
import { defineUseCase } from './use-case.ts';

const INTERVALS = ['hour', 'day', 'month', 'total'] as const;
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `allowed choices are ${values.join(', ')}` });
const positive = z.number().positive().finite();

/**
 * The defaults and their sources. The schema marks the same fields as defaulted (zod `.default`) so that a
 * caller's input type leaves them optional; runUseCase fills them in from here and records their sources.
 */
const ENERGY_DEFAULTS = {
  fluid: { value: 'water', source: 'TREC default: plain water in the loop unless a glycol is named' },
  flowSensor: {
    value: 'return',
    source: 'TREC default: the return pipe, where heat meters usually mount the volume flow sensor',
  },
  interval: { value: 'day', source: 'TREC default: daily intervals' },
  maxGap: {
    value: 900,
    source: 'TREC default: 15 min (docs/methods.md "Metered energy": a longer step is not bridged)',
  },
  join: { value: 'exact', source: 'TREC default: instant channels joined on equal times' },
  label: {
    value: 'end',
    source: 'TREC default: meters log interval energy at the end of the interval (docs/methods.md)',
  },
  skipBadRows: { value: false, source: 'TREC default: a bad row stops the run' },
} as const;

export const energyInput = z
  .object({
    files: z
      .array(z.string().min(1))
      .min(1, { error: 'give at least one meter file' })
      .meta({ description: 'meter files (.csv, or .jsonl/.ndjson for JSON lines), joined on time' }),
    format: choice(['csv', 'jsonl']).optional().meta({ description: 'default: from the extension' }),
    fluid: z
      .string()
      .min(1)
      .default(ENERGY_DEFAULTS.fluid.value)
      .meta({ description: 'water | propylene-glycol:0.3 | ethylene-glycol:0.25 (mass fraction)' }),
    flowSensor: choice(['supply', 'return'])
      .default(ENERGY_DEFAULTS.flowSensor.value)
      .meta({ description: 'where the volume flow sensor sits' }),
    interval: choice(INTERVALS)
      .default(ENERGY_DEFAULTS.interval.value)
      .meta({ description: 'reporting interval' }),
    tz: z.string().min(1).optional().meta({
      description: 'IANA zone of local times in the files and of day/month boundaries (default UTC)',
    }),
    map: z
      .record(z.string(), z.string().nullable(), {
        error: 'the header map must be an object {"vendor header": "canonical_name" | null}',
      })
      .optional()
      .meta({ description: 'file header -> canonical column name (null: ignore the column)' }),
    mapFile: z.string().min(1).optional().meta({ description: 'a JSON file holding the header map' }),
    suggestMap: z
      .boolean()
      .optional()
      .meta({ description: "a header map skeleton for the files' headers instead of the energy" }),
    maxGap: positive.default(ENERGY_DEFAULTS.maxGap.value).meta({
      description: 'longest sample gap that is bridged, and longest a value holds with the hold join, s',
    }),
    join: choice(['exact', 'hold']).default(ENERGY_DEFAULTS.join.value).meta({
      description: 'several files: exact (instant channels on equal times) or hold (last value holds)',
    }),
    label: choice(['end', 'start']).default(ENERGY_DEFAULTS.label.value).meta({
      description: "which end of its interval an interval-energy row's time marks",
    }),
    decimal: choice(['comma', 'point'])
      .optional()
      .meta({ description: 'decimal mark of a ; or tab file (the other is then a thousands separator)' }),
    registerRollover: positive
      .optional()
      .meta({ description: "value at which the heat register wraps to 0, in the register's unit" }),
    elecRegisterRollover: positive.optional().meta({ description: 'the same for the electricity register' }),
    meterClass: z.number().int().optional().meta({ description: 'EN 1434 accuracy class: 1, 2 or 3' }),
    qpM3h: positive.optional().meta({ description: 'permanent flow rate qp of the meter, m3/h' }),
    dtMinK: positive.optional().meta({ description: 'minimum temperature difference of the meter, K' }),
    ratedKw: positive
      .optional()
      .meta({ description: 'rated heating capacity, kW: a higher heat rate is flagged' }),
    sourceKind: choice(['air', 'brine', 'water'])
      .optional()
      .meta({ description: 'heat source, for the Carnot check without a source_c column' }),
    electricityOnly: z.boolean().optional().meta({
      description:
        "the files are an electricity meter's own: electricity register or power, no heat channel (heat 0)",
    }),
    skipBadRows: z
      .boolean()
      .default(ENERGY_DEFAULTS.skipBadRows.value)
      .meta({ description: 'count, list and skip bad rows instead of stopping' }),
  })
  .strict();

/** What a caller gives (defaulted fields optional). */
export type EnergyInput = z.input<typeof energyInput>;
/** The input with its defaults filled in, as the use case runs it. */
type Resolved = z.output<typeof energyInput>;

/** How several files were joined (reported beside the result). */
export interface EnergyJoin {
  mode: 'exact' | 'hold';
  maxGapS: number;
  label: 'end' | 'start';
  files: number;
}

export type EnergyResult =
  | {
      kind: 'map-suggestion';
      /** A header map skeleton for the files' headers: guesses where the words tell, "?..." where not. */
      map: Record<string, string | null>;
      checks: Check[];
    }
  | {
      kind: 'energy';
      meter: HeatMeterResult;
      /** Every file as read, in the order given. */
      sources: MeterSource[];
      join: EnergyJoin;
      tz?: string;
      /** The meter's checks, the join's, register drops and skipped rows. */
      checks: Check[];
    };

/** Integrator parameter -> the energy input it comes from. */
const PATHS: Readonly<Record<string, FieldPath>> = {
  fluid: ['fluid'],
  maxGapS: ['maxGap'],
  ratedW: ['ratedKw'],
  heatRegisterRolloverJ: ['registerRollover'],
  elecRegisterRolloverJ: ['elecRegisterRollover'],
};

/** The integrator's options once the headers are known (register units come from the files' columns). */
function integratorOptions(i: Resolved, info: MeterChannels): HeatMeterOptions {
  const rollover = (value: number | undefined, unit: EnergyUnit | undefined, path: FieldPath) => {
    if (value === undefined) return undefined;
    if (unit === undefined)
      throw new InputError('the files have no such register column (a running total, not interval energy)', {
        path,
        value,
      });
    return energyToJ(value, unit);
  };
  const options: HeatMeterOptions = {
    channels: info.channels,
    fluid: fluidModel(parseFluidSpec(i.fluid)),
    flowSensor: i.flowSensor,
    interval: i.interval,
    utcOffsetMinutes: info.utcOffsetMinutes,
    maxGapS: i.maxGap,
  };
  const heatRollover = rollover(i.registerRollover, info.heatRegisterUnit, ['registerRollover']);
  const elecRollover = rollover(i.elecRegisterRollover, info.elecRegisterUnit, ['elecRegisterRollover']);
  const spec = meterClassSpec(i);
  if (heatRollover !== undefined) options.heatRegisterRolloverJ = heatRollover;
  if (elecRollover !== undefined) options.elecRegisterRolloverJ = elecRollover;
  if (spec) options.meterClass = spec;
  if (i.ratedKw !== undefined) options.ratedW = powerToW(i.ratedKw, 'kW');
  if (i.sourceKind !== undefined) options.sourceKind = i.sourceKind;
  if (i.electricityOnly) options.electricityOnly = true;
  return options;
}

/**
 * An InputError raised without a file (the integrator's, e.g. a missing return column) names the files; one
 * about an integrator parameter is moved to the input it came from.
 */
async function namingFiles<T>(files: readonly string[], fn: () => Promise<T> | T): Promise<T> {
  try {
    return await relocated(PATHS, fn);
  } catch (error) {
    if (error instanceof InputError && error.where.file === undefined) {
      const Ctor = error.constructor as new (d: string, w: object, o?: { cause?: unknown }) => InputError;
      throw new Ctor(error.detail, { ...error.where, file: files.join(', ') }, { cause: error });
    }
    throw error;
  }
}

/** The header map, from the input or from its file (never both). */
async function headerMap(i: Resolved, read: (path: string) => Promise<HeaderMap>): Promise<HeaderMap> {
  if (i.map !== undefined && i.mapFile !== undefined)
    throw new InputError('give the header map once: as an object or as a file', {
      path: ['map'],
      also: [['mapFile']],
    });
  if (i.mapFile === undefined) return i.map ?? {};
  try {
    return await read(i.mapFile);
  } catch (error) {
    throw error instanceof InputError && error.where.path === undefined ? error.at(['mapFile']) : error;
  }
}

/**
 * Heat, cooling, defrost and electricity per interval from heat-meter files (EN 1434-1 heat-meter equation,
 * docs/methods.md "Metered energy"), with the checks the data calls for.
 */
export const energyUseCase = defineUseCase({
  name: 'energy',
  summary: 'Heat, cooling, defrost and electricity per interval from heat-meter files',
  input: energyInput,
  defaults: ENERGY_DEFAULTS,
  async run(i, { ports }): Promise<EnergyResult> {
    const meterFiles = ports.meterFiles;
    const map = await headerMap(i, (path) => meterFiles.readMap(path));
    const headers = await meterFiles.headers(i.files, i.format);
    if (i.suggestMap) return { kind: 'map-suggestion', map: meterFiles.suggestMap(headers), checks: [] };
    if (i.mapFile !== undefined || i.map !== undefined) {
      const path: FieldPath = i.mapFile !== undefined ? ['mapFile'] : ['map'];
      try {
        meterFiles.checkMap(map, headers, i.mapFile);
      } catch (error) {
        throw error instanceof InputError && error.where.path === undefined ? error.at(path) : error;
      }
    }
    const twice = i.files.findIndex((f, n) => i.files.indexOf(f) !== n);
    if (twice >= 0) throw new InputError('the same file is given twice', { path: ['files', twice] });
    meterClassSpec(i); // refuse an incomplete meter class before reading the files
    const options: MeterFileOptions = { format: i.format, tz: i.tz, map, skipBadRows: i.skipBadRows };
    if (i.decimal) options.decimal = i.decimal;
    const open = await meterFiles.open(i.files, options);
    const { channels } = open;
    const integrator = await namingFiles(i.files, () =>
      createHeatMeterIntegrator(integratorOptions(i, channels)),
    );
    // A register that drops at many samples is most likely interval energy read as a running total.
    const drops =
      channels.channels.has('heatRegister') || channels.channels.has('elecRegister')
        ? new RegisterDropCounter()
        : null;
    const push: (sample: Readonly<MeterSample>) => void = drops
      ? (sample) => (drops.see(sample), integrator.push(sample))
      : (sample) => integrator.push(sample);
    const read = await namingFiles(i.files, () =>
      open.read({ join: i.join, maxGapMs: i.maxGap * 1000, label: i.label }, push),
    );
    const checks: Check[] = [];
    if (read.join) {
      if (read.join.samples === 0)
        throw new InputError(
          'the files share no time: no sample has every channel (try hold for files logged on change)',
          { file: i.files.join(', '), path: ['join'], value: i.join },
        );
      checks.push(...joinChecks(read.join, { join: i.join, maxGapS: i.maxGap, label: i.label }, i.files));
    }
    const meter = await namingFiles(i.files, () => integrator.finish());
    meter.checks.push(...checks);
    const dropCheck = drops?.check();
    if (dropCheck) meter.checks.push(dropCheck);
    for (const source of read.sources) if (source.skipped > 0) meter.checks.push(skippedRowsCheck(source));
    return {
      kind: 'energy',
      meter,
      sources: read.sources,
      join: { mode: i.join, maxGapS: i.maxGap, label: i.label, files: i.files.length },
      ...(i.tz !== undefined ? { tz: i.tz } : {}),
      checks: meter.checks,
    };
  },
  present: (r) =>
    r.kind === 'map-suggestion'
      ? r.map
      : {
          ...meterJson(r.meter, r.sources, r.tz),
          sources: r.sources.map((s) => sourceJson(s, r.tz)),
          join: { mode: r.join.mode, max_gap_s: r.join.maxGapS, label: r.join.label, files: r.join.files },
        },
});
