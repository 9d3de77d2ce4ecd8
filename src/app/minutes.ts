import { DateTime } from 'luxon';
import { z } from 'zod';
import {
  createHeatMeterIntegrator,
  fluidModel,
  InputError,
  isOk,
  meterClassSpec,
  parseFluidSpec,
  type Check,
  type HeatMeterOptions,
  type MeterChannel,
  type MeterSample,
} from '../core/index.ts';
import { isoIn } from './energy-json.ts';
import type { MeterReadings, MeterSetup, StoredReadingDay } from './interval-port.ts';
import { defineUseCase } from './use-case.ts';

// A system's minutes (issue 12: "zoom from years to minutes"; a day shows every minute): heat, cooling,
// defrost and electricity per minute, integrated on demand by the SAME integrator the ingest ran (EN 1434-1
// heat-meter equation, docs/methods.md "Metered energy"), with 'minute' intervals, over the readings the
// ingest stored (0005_readings), with the meter's registered settings as the ingest used them. Each upload's
// readings are integrated on their own, as its hours were, starting WARMUP_MS before the range so the state
// the hours had (the previous sample, reverse-dT windows, stuck-sensor runs) is there at the range's start.

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const J_PER_WH = 3600;

/** The longest span asked for at once: 3 days, 4,320 minutes (a chart of every minute needs no more). */
export const MAX_MINUTES_SPAN_MS = 3 * 86_400_000;

/**
 * Readings integrated before the range: longer than the integrator's longest memory (a stuck sensor is
 * found after 2 h of identical readings; a reverse-dT window resolves within 1 h; docs/store.md "Readings").
 */
export const WARMUP_MS = 3 * HOUR_MS;

/** The ingest's maximum gap (the energy use case's default: ingest gives none). */
const MAX_GAP_S = 900;

const instant = z.string().min(1).meta({
  description: "an ISO 8601 date (local midnight) or date-time; without an offset, in the site's time zone",
});

export const systemMinutesInput = z
  .object({
    system: z.string().min(1).meta({ description: 'the registered system' }),
    from: instant.meta({ description: 'start, inclusive (floored to the minute)' }),
    to: instant.meta({ description: 'end, exclusive (raised to the minute); at most 3 days after from' }),
  })
  .strict();

export type SystemMinutesInput = z.input<typeof systemMinutesInput>;

/** One minute of the system: energies in J (null when no meter has readings for it). */
export interface MinutePoint {
  startMs: number;
  heatJ: number | null;
  coolJ: number | null;
  defrostJ: number | null;
  elecJ: number | null;
  /** Covered share, 0..1 (the least of the meters that have the minute). */
  coverage: number;
  /** Means of the minute's readings of the heat meters, degC; null without such a reading. */
  supplyC: number | null;
  returnC: number | null;
  sourceC: number | null;
}

export interface SystemMinutes {
  systemId: string;
  timeZone: string;
  fromMs: number;
  toMs: number;
  minutes: MinutePoint[];
  /** Stored hours in the range whose meter has no readings for them (live hours, uploads before 0005). */
  hoursWithoutReadings: number;
  checks: Check[];
}

/** The integrator's options for a meter's readings, as the ingest set them (src/app/ingest.ts, energy.ts). */
export function minuteOptions(
  meter: MeterSetup,
  channels: readonly MeterChannel[],
  heatRegisterRolloverJ: number | null,
): HeatMeterOptions {
  const options: HeatMeterOptions = {
    channels: new Set(channels),
    fluid: fluidModel(parseFluidSpec(meter.fluid ?? 'water')),
    flowSensor: meter.flowSensor ?? 'return',
    interval: 'minute',
    maxGapS: MAX_GAP_S,
  };
  const spec = meterClassSpec({
    ...(meter.en1434Class !== null ? { meterClass: meter.en1434Class } : {}),
    ...(meter.qpM3h !== null ? { qpM3h: meter.qpM3h } : {}),
    ...(meter.dtMinK !== null ? { dtMinK: meter.dtMinK } : {}),
  });
  if (spec) options.meterClass = spec;
  if (heatRegisterRolloverJ !== null) options.heatRegisterRolloverJ = heatRegisterRolloverJ;
  return options;
}

/** Sums per minute over the meters, before the means and the coverage minimum are taken. */
interface Acc {
  has: boolean;
  heatJ: number;
  coolJ: number;
  defrostJ: number;
  elecJ: number;
  coverage: number;
  temps: Float64Array; // supply, return, source: sum and count each
}

const SAMPLE_FIELD: Readonly<Record<MeterChannel, Exclude<keyof MeterSample, 'timeMs' | 'line'>>> = {
  flow: 'flowM3s',
  supply: 'supplyC',
  return: 'returnC',
  source: 'sourceC',
  heatPower: 'heatW',
  heatRegister: 'heatRegisterJ',
  elecPower: 'elecW',
  elecRegister: 'elecRegisterJ',
};
const TEMPS: readonly MeterChannel[] = ['supply', 'return', 'source'];

/**
 * One upload's readings (its days, in time order) integrated by minute over [fromMs, toMs), added to `accs`
 * (one per minute of the range) where `owners` (per minute: the upload that stored its hour) names it.
 * Samples from WARMUP_MS before `fromMs` to the first at or after `toMs`.
 */
export function integrateMinutes(
  meter: MeterSetup,
  days: readonly StoredReadingDay[],
  owners: readonly (string | undefined)[],
  fromMs: number,
  toMs: number,
  accs: Acc[],
): void {
  const first = days[0];
  if (!first) return;
  const channels = first.channels;
  for (const d of days)
    if (d.channels.join() !== channels.join())
      throw new Error(`upload ${d.uploadId} stored readings with two sets of channels`);
  const integrator = createHeatMeterIntegrator(minuteOptions(meter, channels, first.heatRegisterRolloverJ));
  const sample: MeterSample = {
    timeMs: NaN,
    line: 0,
    flowM3s: NaN,
    supplyC: NaN,
    returnC: NaN,
    sourceC: NaN,
    heatW: NaN,
    heatRegisterJ: NaN,
    elecW: NaN,
    elecRegisterJ: NaN,
  };
  const fields = channels.map((c) => SAMPLE_FIELD[c]);
  const temps = TEMPS.map((c) => channels.indexOf(c));
  const startMs = fromMs - WARMUP_MS;
  let pushed = 0;
  let done = false;
  for (const d of days) {
    if (done) break;
    for (let i = 0; i < d.timeMs.length; i++) {
      const t = d.timeMs[i]!;
      if (t < startMs) continue;
      sample.timeMs = t;
      for (let k = 0; k < fields.length; k++) sample[fields[k]!] = d.columns[k]![i]!;
      integrator.push(sample);
      pushed++;
      if (t >= toMs) {
        done = true;
        break;
      }
      const at = Math.floor((t - fromMs) / MINUTE_MS);
      if (t >= fromMs && meter.kind === 'heat' && owners[at] === first.uploadId) {
        const acc = accs[at]!;
        for (let k = 0; k < 3; k++) {
          const col = temps[k]!;
          if (col < 0) continue;
          acc.temps[2 * k] = acc.temps[2 * k]! + d.columns[col]![i]!;
          acc.temps[2 * k + 1] = acc.temps[2 * k + 1]! + 1;
        }
      }
    }
  }
  if (pushed === 0) return;
  const result = integrator.finish();
  for (const iv of result.intervals) {
    if (iv.startMs < fromMs || iv.startMs >= toMs) continue;
    const at = Math.floor((iv.startMs - fromMs) / MINUTE_MS);
    // a minute counts from the upload that stored its hour (after a --replace, another may have readings)
    if (owners[at] !== first.uploadId) continue;
    const acc = accs[at]!;
    acc.coverage = acc.has ? Math.min(acc.coverage, iv.coverage) : iv.coverage;
    acc.has = true;
    acc.heatJ += iv.heatJ;
    acc.coolJ += iv.coolJ;
    acc.defrostJ += iv.defrostJ;
    acc.elecJ += iv.elecJ;
  }
}

/** Every meter's readings by minute over [fromMs, toMs) (a multiple of a minute long). */
export function systemMinutes(meters: readonly MeterReadings[], fromMs: number, toMs: number): MinutePoint[] {
  const n = Math.round((toMs - fromMs) / MINUTE_MS);
  const accs: Acc[] = Array.from({ length: n }, () => ({
    has: false,
    heatJ: 0,
    coolJ: 0,
    defrostJ: 0,
    elecJ: 0,
    coverage: 0,
    temps: new Float64Array(6),
  }));
  for (const { meter, days, hours } of meters) {
    // which upload stored the hour of each minute of the range
    const owners: (string | undefined)[] = new Array<string | undefined>(n);
    for (const h of hours)
      for (let t = Math.max(h.start, fromMs); t < Math.min(h.start + HOUR_MS, toMs); t += MINUTE_MS)
        owners[Math.floor((t - fromMs) / MINUTE_MS)] = h.uploadId;
    // days come by upload, then time: each upload is integrated on its own, as its hours were
    let k = 0;
    while (k < days.length) {
      let j = k;
      while (j < days.length && days[j]!.uploadId === days[k]!.uploadId) j++;
      integrateMinutes(meter, days.slice(k, j), owners, fromMs, toMs, accs);
      k = j;
    }
  }
  const mean = (a: Acc, k: number) =>
    a.temps[2 * k + 1]! > 0 ? a.temps[2 * k]! / a.temps[2 * k + 1]! : null;
  return accs.map((a, i) => ({
    startMs: fromMs + i * MINUTE_MS,
    heatJ: a.has ? a.heatJ : null,
    coolJ: a.has ? a.coolJ : null,
    defrostJ: a.has ? a.defrostJ : null,
    elecJ: a.has ? a.elecJ : null,
    coverage: a.coverage,
    supplyC: mean(a, 0),
    returnC: mean(a, 1),
    sourceC: mean(a, 2),
  }));
}

/** An instant from the input: a date (local midnight) or a date-time, in the site's zone without an offset. */
function instantOf(text: string, zone: string, path: 'from' | 'to'): number {
  const d = DateTime.fromISO(text, { zone, setZone: false });
  if (!d.isValid)
    throw new InputError(`not an ISO 8601 date or date-time: ${d.invalidExplanation ?? text}`, {
      path: [path],
      value: text,
    });
  return d.toMillis();
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const wh = (j: number | null) => (j === null ? null : round3(j / J_PER_WH));

export const systemMinutesUseCase = defineUseCase({
  name: 'systemMinutes',
  summary: "A system's heat, cooling and electricity per minute (at most 3 days), from its stored readings",
  input: systemMinutesInput,
  defaults: {},
  async run(i, { ports }): Promise<SystemMinutes> {
    if (!ports.intervals)
      throw new Error('no interval store is configured (the composition root passes one: src/main.ts)');
    const { timeZone } = await ports.intervals.system(i.system);
    const fromMs = Math.floor(instantOf(i.from, timeZone, 'from') / MINUTE_MS) * MINUTE_MS;
    const toMs = Math.ceil(instantOf(i.to, timeZone, 'to') / MINUTE_MS) * MINUTE_MS;
    if (!(toMs > fromMs))
      throw new InputError('the end must be after the start (the end is exclusive)', {
        path: ['to'],
        also: [['from']],
        value: i.to,
      });
    if (toMs - fromMs > MAX_MINUTES_SPAN_MS)
      throw new InputError(
        `at most 3 days of minutes at once (4,320 minutes); ${i.from} to ${i.to} is ${((toMs - fromMs) / 86_400_000).toFixed(2)} days: ask the series route for longer spans`,
        { path: ['to'], also: [['from']], value: i.to },
      );
    const readings = await ports.intervals.systemReadings(i.system, fromMs - WARMUP_MS, toMs);
    const minutes = systemMinutes(readings, fromMs, toMs);
    const hours = await ports.intervals.systemHours(i.system, Math.floor(fromMs / HOUR_MS) * HOUR_MS, toMs);
    const checks: Check[] = hours.flatMap((h) => h.checks ?? []);
    let hoursWithoutReadings = 0;
    for (const h of hours) {
      let covered = false;
      for (let t = Math.max(h.start, fromMs); t < Math.min(h.start + HOUR_MS, toMs); t += MINUTE_MS)
        if (minutes[(t - fromMs) / MINUTE_MS]?.heatJ !== null) covered = true;
      if (!covered) hoursWithoutReadings++;
    }
    if (hoursWithoutReadings > 0)
      checks.push({
        code: 'hours-without-readings',
        severity: 'info',
        message: `${hoursWithoutReadings} stored hour(s) in the range have no stored readings (live MQTT hours, or uploads stored before readings were kept): their minutes are not known; their hours are`,
      });
    return { systemId: i.system, timeZone, fromMs, toMs, minutes, hoursWithoutReadings, checks };
  },
  present: (r) => {
    let heat = 0;
    let cool = 0;
    let defrost = 0;
    let elec = 0;
    for (const m of r.minutes) {
      heat += m.heatJ ?? 0;
      cool += m.coolJ ?? 0;
      defrost += m.defrostJ ?? 0;
      elec += m.elecJ ?? 0;
    }
    const cop = (h: number | null, e: number | null) => (h !== null && e !== null && e > 0 ? h / e : null);
    return {
      ok: isOk(r.checks),
      system: r.systemId,
      from: isoIn(r.fromMs, r.timeZone),
      to: isoIn(r.toMs, r.timeZone),
      time_zone: r.timeZone,
      minutes: r.minutes.map((m) => ({
        start: isoIn(m.startMs, r.timeZone),
        heat_wh: wh(m.heatJ),
        cool_wh: wh(m.coolJ),
        defrost_wh: wh(m.defrostJ),
        elec_wh: wh(m.elecJ),
        cop: cop(m.heatJ, m.elecJ),
        coverage: m.coverage,
        supply_c: m.supplyC,
        return_c: m.returnC,
        source_c: m.sourceC,
      })),
      total: {
        heat_wh: round3(heat / J_PER_WH),
        cool_wh: round3(cool / J_PER_WH),
        defrost_wh: round3(defrost / J_PER_WH),
        elec_wh: round3(elec / J_PER_WH),
        cop: cop(heat, elec),
      },
      hours_without_readings: r.hoursWithoutReadings,
      checks: r.checks,
    };
  },
});
