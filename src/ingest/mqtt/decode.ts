// MQTT payloads -> meter samples in SI, through the meter reader's own canonical columns, unit conversions,
// number and time parsing (src/ingest/meter), so a reading means what the same row of a file means.
import { Buffer } from 'node:buffer';
import type { HeaderMap, LiveReadings, MeterChannels } from '../../app/index.ts';
import { blankMeterSample, InputError, type MeterSample } from '../../core/index.ts';
import { planColumns, type ColumnPlan } from '../meter/columns.ts';
import { parseDecimal } from '../meter/number.ts';
import { TimeReader } from '../meter/time.ts';

/**
 * The JSON that wmbusmeters publishes for heat meters, mapped onto canonical names (as a `--map` would):
 * Kamstrup's drivers (kamheat, multical603) name `t1_temperature_c` "the forward temperature of the water"
 * and `t2_temperature_c` "the return temperature" (wmbusmeters src/driver_kamheat.cc field infos), others
 * `flow_temperature_c` / `return_temperature_c`; `total_energy_consumption_kwh` is the heat register,
 * `volume_flow_m3h` the flow, `power_kw` the heat power; `timestamp` is UTC (`2024-10-18T18:07:50Z`). A
 * payload naming both t1 and flow temperature gives the supply channel twice and is refused. Canonical
 * names (`time`, `flow_lpm`, `supply_c`, ..., src/ingest/meter/columns.ts) pass unchanged.
 */
export const WMBUSMETERS_MAP: HeaderMap = {
  timestamp: 'time',
  total_energy_consumption_kwh: 'heat_kwh',
  volume_flow_m3h: 'flow_m3h',
  t1_temperature_c: 'supply_c',
  t2_temperature_c: 'return_c',
  flow_temperature_c: 'supply_c',
  return_temperature_c: 'return_c',
  power_kw: 'heat_kw',
};

/** Largest payload read, bytes, and most readings in one message. */
export const MAX_PAYLOAD_BYTES = 1 << 20;
export const MAX_READINGS_PER_MESSAGE = 10_000;

/**
 * Decodes the payloads of ONE meter: a JSON object (one reading) or an array of them; local times (no
 * offset) are read in the meter's site zone with the reader's DST rule. A malformed message is an
 * InputError naming the reading (its index) and the key; a message is taken whole or not at all.
 */
export class ReadingDecoder {
  private readonly time: TimeReader;
  private readonly plans = new Map<string, { plan: ColumnPlan; channels: MeterChannels }>();
  private lastMs = -Infinity;
  private line = 0;

  constructor(readonly timeZone: string) {
    this.time = new TimeReader(timeZone);
  }

  private planFor(keys: string[], index: number): { plan: ColumnPlan; channels: MeterChannels } {
    const cacheKey = keys.join('\u0000');
    let found = this.plans.get(cacheKey);
    if (found) return found;
    let plan: ColumnPlan;
    try {
      plan = planColumns(keys, WMBUSMETERS_MAP);
    } catch (error) {
      if (error instanceof InputError)
        throw new InputError(error.detail.split('\n')[0]!, { path: [index] }, { cause: error });
      throw error;
    }
    if (plan.intervalChannels.size > 0)
      throw new InputError(
        'interval-energy keys (*_interval) are not read live: send the running total (heat_kwh, ...)',
        { path: [index] },
      );
    const channels: MeterChannels = {
      channels: plan.channels,
      ...(plan.heatRegisterUnit ? { heatRegisterUnit: plan.heatRegisterUnit } : {}),
      ...(plan.elecRegisterUnit ? { elecRegisterUnit: plan.elecRegisterUnit } : {}),
      utcOffsetMinutes: this.time.utcOffsetMinutes,
    };
    found = { plan, channels };
    if (this.plans.size < 64) this.plans.set(cacheKey, found);
    return found;
  }

  decode(payload: Uint8Array | string): LiveReadings {
    const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
    if (size > MAX_PAYLOAD_BYTES)
      throw new InputError(`the message is larger than ${MAX_PAYLOAD_BYTES} bytes`, { value: size });
    const text =
      typeof payload === 'string'
        ? payload
        : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new InputError('not valid JSON', { value: text.slice(0, 80) });
    }
    const records: unknown[] = Array.isArray(value) ? value : [value];
    if (records.length === 0) throw new InputError('an empty array: no reading', { value: '[]' });
    if (records.length > MAX_READINGS_PER_MESSAGE)
      throw new InputError(`more than ${MAX_READINGS_PER_MESSAGE} readings in one message`, {
        value: records.length,
      });
    let channels: MeterChannels | undefined;
    const samples: MeterSample[] = [];
    let previousMs = this.lastMs;
    let line = this.line;
    records.forEach((record, index) => {
      if (typeof record !== 'object' || record === null || Array.isArray(record))
        throw new InputError('each reading must be a JSON object', {
          path: [index],
          value: JSON.stringify(record).slice(0, 80),
        });
      const r = record as Record<string, unknown>;
      const found = this.planFor(Object.keys(r), index);
      if (channels && found.channels !== channels && !sameChannels(found.channels, channels))
        throw new InputError('the readings of one message carry different channels', { path: [index] });
      channels ??= found.channels;
      const { plan } = found;
      const s = blankMeterSample();
      for (let col = 0; col < plan.headers.length; col++) {
        const key = plan.headers[col]!;
        const raw = r[key];
        if (col === plan.timeIndex) {
          const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.alloc(0);
          const t = this.time.parse(bytes, 0, bytes.length, previousMs);
          if (t !== t)
            throw new InputError(this.time.reason, {
              path: [index, key],
              value: JSON.stringify(raw ?? null),
            });
          s.timeMs = t;
        } else {
          const column = plan.columns[col];
          if (!column) continue;
          // a numeric string is read as a CSV field is (as the JSON-lines reader does)
          const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : undefined;
          const v =
            typeof raw === 'number' ? raw : bytes ? parseDecimal(bytes, 0, bytes.length, 'point') : NaN;
          if (!Number.isFinite(v))
            throw new InputError(raw === undefined || raw === null ? 'missing value' : 'not a number', {
              path: [index, key],
              value: JSON.stringify(raw ?? null),
            });
          s[column.field] = column.toSI(v);
        }
      }
      s.line = ++line;
      previousMs = s.timeMs > previousMs ? s.timeMs : previousMs;
      samples.push(s);
    });
    this.lastMs = previousMs;
    this.line = line;
    return { channels: channels!, samples };
  }
}

function sameChannels(a: MeterChannels, b: MeterChannels): boolean {
  if (a.channels.size !== b.channels.size) return false;
  for (const c of a.channels) if (!b.channels.has(c)) return false;
  return a.heatRegisterUnit === b.heatRegisterUnit && a.elecRegisterUnit === b.elecRegisterUnit;
}
