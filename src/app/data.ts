import { DateTime } from 'luxon';
import { z } from 'zod';
import { InputError, isOk, jToBtu, type Check } from '../core/index.ts';
import { isoIn } from './energy-json.ts';
import type { StoredHour } from './interval-port.ts';
import { defineUseCase } from './use-case.ts';

const DATA_DEFAULTS = {
  interval: { value: 'day', source: 'TREC default: daily intervals (as trec energy)' },
} as const;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date YYYY-MM-DD' });

export const dataInput = z
  .object({
    system: z.string().min(1).meta({ description: 'the registered system' }),
    from: date.meta({ description: "first day, inclusive, in the site's time zone" }),
    to: date.meta({ description: "day after the last, exclusive, in the site's time zone" }),
    interval: z
      .enum(['hour', 'day', 'month'], { error: 'allowed choices are hour, day, month' })
      .default(DATA_DEFAULTS.interval.value)
      .meta({ description: 'reporting interval' }),
  })
  .strict();

export type DataInput = z.input<typeof dataInput>;

/** One interval of stored energy, summed in integer Wh. */
export interface DataInterval {
  startMs: number;
  endMs: number;
  heatWh: number;
  coolWh: number;
  defrostWh: number;
  transientWh: number;
  excludedWh: number;
  elecWh: number;
  excludedElecWh: number;
  coverageS: number;
  /** Sum of the hours' EN 1434 bounds, Wh; null when no hour has one. */
  uncertaintyWh: number | null;
  supplyWeighted: number;
  supplyWeightWh: number;
  sourceWeighted: number;
  sourceWeightWh: number;
  checks: Check[];
}

export interface DataResult {
  systemId: string;
  timeZone: string;
  fromMs: number;
  toMs: number;
  interval: 'hour' | 'day' | 'month';
  intervals: DataInterval[];
  total: DataInterval;
  /** Some stored hour has electricity (else electricity is reported as null, as trec energy without it). */
  hasElec: boolean;
  checks: Check[];
}

function localDay(text: string, tz: string, path: string): DateTime {
  const d = DateTime.fromISO(text, { zone: tz });
  if (!d.isValid)
    throw new InputError(`not a date: ${d.invalidExplanation ?? text}`, { path: [path], value: text });
  return d.startOf('day');
}

function empty(startMs: number, endMs: number): DataInterval {
  return {
    startMs,
    endMs,
    heatWh: 0,
    coolWh: 0,
    defrostWh: 0,
    transientWh: 0,
    excludedWh: 0,
    elecWh: 0,
    excludedElecWh: 0,
    coverageS: 0,
    uncertaintyWh: null,
    supplyWeighted: 0,
    supplyWeightWh: 0,
    sourceWeighted: 0,
    sourceWeightWh: 0,
    checks: [],
  };
}

function add(acc: DataInterval, h: StoredHour): void {
  acc.heatWh += h.heatWh;
  acc.coolWh += h.coolWh;
  acc.defrostWh += h.defrostWh;
  acc.transientWh += h.transientWh;
  acc.excludedWh += h.excludedWh;
  acc.elecWh += h.elecWh;
  acc.excludedElecWh += h.excludedElecWh;
  acc.coverageS += h.coverageS;
  if (h.uncertaintyWh !== null) acc.uncertaintyWh = (acc.uncertaintyWh ?? 0) + h.uncertaintyWh;
  if (h.meanSupplyC !== null && h.heatWh > 0) {
    acc.supplyWeighted += h.meanSupplyC * h.heatWh;
    acc.supplyWeightWh += h.heatWh;
  }
  if (h.meanSourceC !== null && h.heatWh > 0) {
    acc.sourceWeighted += h.meanSourceC * h.heatWh;
    acc.sourceWeightWh += h.heatWh;
  }
  if (h.checks) acc.checks.push(...h.checks);
}

/**
 * A system's stored hourly energy over local dates [from, to), by hour, local day or local month, with the
 * figures and JSON of `trec energy` (energies from the stored integer Wh).
 */
export const dataUseCase = defineUseCase({
  name: 'data',
  summary: "A system's stored energy by hour, day or month, as trec energy gives it for the files",
  input: dataInput,
  defaults: DATA_DEFAULTS,
  async run(i, { ports }): Promise<DataResult> {
    if (!ports.intervals)
      throw new Error('no interval store is configured (the composition root passes one: src/main.ts)');
    const { timeZone } = await ports.intervals.system(i.system);
    const from = localDay(i.from, timeZone, 'from');
    const to = localDay(i.to, timeZone, 'to');
    if (!(to > from))
      throw new InputError('the end date must be after the start date (the end is exclusive)', {
        path: ['to'],
        also: [['from']],
        value: i.to,
      });
    const hours = await ports.intervals.systemHours(i.system, from.toMillis(), to.toMillis());
    const unit = i.interval;
    const intervals: DataInterval[] = [];
    let current: DataInterval | undefined;
    for (const h of hours) {
      if (!current || h.start >= current.endMs) {
        let startMs = h.start;
        let endMs = h.start + 3_600_000;
        if (unit !== 'hour') {
          const local = DateTime.fromMillis(h.start, { zone: timeZone }).startOf(unit);
          startMs = local.toMillis();
          endMs = local.plus(unit === 'day' ? { days: 1 } : { months: 1 }).toMillis();
        }
        current = empty(startMs, endMs);
        intervals.push(current);
      }
      add(current, h);
    }
    const firstMs = intervals[0]?.startMs ?? from.toMillis();
    const lastMs = intervals[intervals.length - 1]?.endMs ?? to.toMillis();
    const total = empty(firstMs, lastMs);
    for (const h of hours) add(total, h);
    return {
      systemId: i.system,
      timeZone,
      fromMs: from.toMillis(),
      toMs: to.toMillis(),
      interval: unit,
      intervals,
      total,
      hasElec: total.elecWh > 0,
      checks: total.checks,
    };
  },
  present: (r) => {
    const kwh = (wh: number) => wh / 1000;
    const json = (e: DataInterval, ok: boolean) => {
      const base = e.heatWh > 0 ? e.heatWh : e.coolWh;
      return {
        start: isoIn(e.startMs, r.timeZone),
        end: isoIn(e.endMs, r.timeZone),
        ok,
        heat_kwh: kwh(e.heatWh),
        cool_kwh: kwh(e.coolWh),
        defrost_kwh: kwh(e.defrostWh),
        transient_kwh: kwh(e.transientWh),
        excluded_kwh: kwh(e.excludedWh),
        excluded_elec_kwh: kwh(e.excludedElecWh),
        elec_kwh: r.hasElec ? kwh(e.elecWh) : null,
        cop: r.hasElec && e.elecWh > 0 ? e.heatWh / e.elecWh : null,
        cooling_cop: r.hasElec && e.elecWh > 0 && e.coolWh > 0 && e.heatWh === 0 ? e.coolWh / e.elecWh : null,
        heat_register: null,
        elec_register: null,
        coverage: Math.min(1, e.coverageS / ((e.endMs - e.startMs) / 1000)),
        uncertainty_pct: e.uncertaintyWh !== null && base > 0 ? (100 * e.uncertaintyWh) / base : null,
        net_renewable_kwh: r.hasElec ? kwh(e.heatWh - e.elecWh) : null,
        conservative_heat_kwh:
          e.uncertaintyWh === null ? null : kwh(Math.max(0, e.heatWh - (e.heatWh > 0 ? e.uncertaintyWh : 0))),
        heat_btu: jToBtu(e.heatWh * 3600),
        mean_supply_c: e.supplyWeightWh > 0 ? e.supplyWeighted / e.supplyWeightWh : null,
        mean_source_c: e.sourceWeightWh > 0 ? e.sourceWeighted / e.sourceWeightWh : null,
      };
    };
    const ok = isOk(r.checks);
    return {
      ok,
      system: r.systemId,
      from: isoIn(r.fromMs, r.timeZone),
      to: isoIn(r.toMs, r.timeZone),
      time_zone: r.timeZone,
      interval: r.interval,
      intervals: r.intervals.map((e) => json(e, isOk(e.checks))),
      total: json(r.total, ok),
      checks: r.checks,
    };
  },
});
