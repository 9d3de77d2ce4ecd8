import { DateTime } from 'luxon';
import { z } from 'zod';
import { InputError, isOk, type Check } from '../core/index.ts';
import { isoIn } from './energy-json.ts';
import type { StoredHour } from './interval-port.ts';
import { defineUseCase } from './use-case.ts';

// A system's stored hours as at most `points` points (issue 11: "server-side downsampling for long ranges,
// at most a given number of points, min/max kept so peaks survive"). The range is cut into equal runs of
// whole hours, ceil(hours / points) each; a point gives the exact integer-Wh sums of its run (so the points
// add up to the range's total, as `data` gives it) and the lowest and highest stored hour of heat and of
// electricity, with the hour each occurred, so a one-hour peak shows whatever the run's length. This is
// min/max decimation (the per-bucket extremes kept, as in M4, Jugel et al., "M4: A Visualization-Oriented
// Time Series Data Aggregation", PVLDB 7(10), 2014, without M4's first/last values: hours are sums, not
// samples). Hours with nothing stored are not zeros: a point counts the hours it has (`hours`).

const HOUR_MS = 3_600_000;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date YYYY-MM-DD' });

export const dataSeriesInput = z
  .object({
    system: z.string().min(1).meta({ description: 'the registered system' }),
    from: date.meta({ description: "first day, inclusive, in the site's time zone" }),
    to: date.meta({ description: "day after the last, exclusive, in the site's time zone" }),
    points: z
      .number()
      .int({ error: 'expected a whole number of points' })
      .min(1)
      .max(10_000)
      .meta({ description: 'at most this many points (each a run of whole hours)' }),
  })
  .strict();

export type DataSeriesInput = z.input<typeof dataSeriesInput>;

/** The extreme hours of a run: the lowest and highest stored hour's energy (Wh) and their starts. */
export interface Extremes {
  minWh: number;
  minAtMs: number;
  maxWh: number;
  maxAtMs: number;
}

/** One point: a run of whole hours [startMs, endMs). */
export interface SeriesPoint {
  startMs: number;
  endMs: number;
  /** Stored hours in the run (fewer than its length where nothing was stored). */
  hours: number;
  heatWh: number;
  coolWh: number;
  elecWh: number;
  coverageS: number;
  /** Null when the run has no stored hour. */
  heat: Extremes | null;
  elec: Extremes | null;
}

function extremes(acc: Extremes | null, wh: number, atMs: number): Extremes {
  if (!acc) return { minWh: wh, minAtMs: atMs, maxWh: wh, maxAtMs: atMs };
  if (wh < acc.minWh) {
    acc.minWh = wh;
    acc.minAtMs = atMs;
  }
  if (wh > acc.maxWh) {
    acc.maxWh = wh;
    acc.maxAtMs = atMs;
  }
  return acc;
}

/**
 * Hours (sorted by start, each in [fromMs, toMs)) as at most `points` points over [fromMs, toMs): runs of
 * ceil(hours in range / points) whole hours from `fromMs`, the last one cut at `toMs`.
 */
export function downsampleHours(
  hours: readonly StoredHour[],
  fromMs: number,
  toMs: number,
  points: number,
): { runHours: number; points: SeriesPoint[] } {
  const rangeHours = Math.ceil((toMs - fromMs) / HOUR_MS);
  const runHours = Math.max(1, Math.ceil(rangeHours / points));
  const runMs = runHours * HOUR_MS;
  const out: SeriesPoint[] = [];
  for (let start = fromMs; start < toMs; start += runMs)
    out.push({
      startMs: start,
      endMs: Math.min(toMs, start + runMs),
      hours: 0,
      heatWh: 0,
      coolWh: 0,
      elecWh: 0,
      coverageS: 0,
      heat: null,
      elec: null,
    });
  for (const h of hours) {
    const p = out[Math.floor((h.start - fromMs) / runMs)];
    if (!p) continue;
    p.hours += 1;
    p.heatWh += h.heatWh;
    p.coolWh += h.coolWh;
    p.elecWh += h.elecWh;
    p.coverageS += h.coverageS;
    p.heat = extremes(p.heat, h.heatWh, h.start);
    p.elec = extremes(p.elec, h.elecWh, h.start);
  }
  return { runHours, points: out };
}

export const dataSeriesUseCase = defineUseCase({
  name: 'dataSeries',
  summary: "A system's stored energy as at most N points, each run's sums with its lowest and highest hour",
  input: dataSeriesInput,
  defaults: {},
  async run(i, { ports }) {
    if (!ports.intervals)
      throw new Error('no interval store is configured (the composition root passes one: src/main.ts)');
    const { timeZone } = await ports.intervals.system(i.system);
    const day = (text: string, path: string) => {
      const d = DateTime.fromISO(text, { zone: timeZone });
      if (!d.isValid)
        throw new InputError(`not a date: ${d.invalidExplanation ?? text}`, { path: [path], value: text });
      return d.startOf('day').toMillis();
    };
    const fromMs = day(i.from, 'from');
    const toMs = day(i.to, 'to');
    if (!(toMs > fromMs))
      throw new InputError('the end date must be after the start date (the end is exclusive)', {
        path: ['to'],
        also: [['from']],
        value: i.to,
      });
    const hours = await ports.intervals.systemHours(i.system, fromMs, toMs);
    const checks: Check[] = hours.flatMap((h) => h.checks ?? []);
    return {
      systemId: i.system,
      timeZone,
      fromMs,
      toMs,
      ...downsampleHours(hours, fromMs, toMs, i.points),
      checks,
    };
  },
  present: (r) => {
    const kwh = (wh: number) => wh / 1000;
    const ext = (e: Extremes | null) =>
      e && {
        min_kwh: kwh(e.minWh),
        min_at: isoIn(e.minAtMs, r.timeZone),
        max_kwh: kwh(e.maxWh),
        max_at: isoIn(e.maxAtMs, r.timeZone),
      };
    return {
      ok: isOk(r.checks),
      system: r.systemId,
      from: isoIn(r.fromMs, r.timeZone),
      to: isoIn(r.toMs, r.timeZone),
      time_zone: r.timeZone,
      hours_per_point: r.runHours,
      points: r.points.map((p) => ({
        start: isoIn(p.startMs, r.timeZone),
        end: isoIn(p.endMs, r.timeZone),
        hours: p.hours,
        heat_kwh: kwh(p.heatWh),
        cool_kwh: kwh(p.coolWh),
        elec_kwh: kwh(p.elecWh),
        coverage: p.coverageS / ((p.endMs - p.startMs) / 1000),
        heat_hour: ext(p.heat),
        elec_hour: ext(p.elec),
      })),
      checks: r.checks,
    };
  },
});
