// MQTT payloads -> samples in SI: canonical names as in a meter file, wmbusmeters' heat-meter JSON through
// its field mapping, arrays, local times, and every malformed shape refused with its place.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/index.ts';
import { ReadingDecoder } from '../../../src/ingest/index.ts';

/** wmbusmeters' own test telegram for a Kamstrup MULTICAL 603 (driver kamheat), as it prints the JSON. */
const KAMSTRUP = {
  media: 'heat',
  meter: 'kamheat',
  name: 'Heat',
  id: '36363636',
  status: 'OK',
  total_energy_consumption_kwh: 165,
  total_volume_m3: 5.45,
  volume_flow_m3h: 0.018,
  t1_temperature_c: 53.28,
  t2_temperature_c: 23.04,
  forward_energy_m3c: 299,
  return_energy_m3c: 156,
  timestamp: '2024-10-18T18:07:50Z',
};

const refusal = (fn: () => unknown): InputError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('payload decoding', () => {
  it('reads a wmbusmeters Kamstrup reading: t1 forward, t2 return, the register in kWh, flow in m3/h', () => {
    const { channels, samples } = new ReadingDecoder('UTC').decode(JSON.stringify(KAMSTRUP));
    expect([...channels.channels].sort()).toEqual(['flow', 'heatRegister', 'return', 'supply']);
    expect(channels.heatRegisterUnit).toBe('kWh');
    expect(samples).toHaveLength(1);
    const s = samples[0]!;
    expect(s.timeMs).toBe(Date.UTC(2024, 9, 18, 18, 7, 50));
    expect(s.supplyC).toBe(53.28);
    expect(s.returnC).toBe(23.04);
    // 0.018 m3/h = 0.018 / 3600 m3/s; 165 kWh = 165 x 3.6e6 J
    expect(s.flowM3s).toBeCloseTo(0.018 / 3600, 15);
    expect(s.heatRegisterJ).toBe(165 * 3.6e6);
    expect(s.heatW).toBeNaN();
  });

  it('reads other drivers (flow_temperature_c, return_temperature_c, power_kw) and canonical names alike', () => {
    const d = new ReadingDecoder('UTC');
    const other = d.decode(
      JSON.stringify({
        timestamp: '2024-10-18T18:08:00Z',
        flow_temperature_c: 45.5,
        return_temperature_c: 40.25,
        power_kw: 2.5,
      }),
    );
    expect([...other.channels.channels].sort()).toEqual(['heatPower', 'return', 'supply']);
    expect(other.samples[0]).toMatchObject({ supplyC: 45.5, returnC: 40.25, heatW: 2500 });
    const canonical = d.decode(
      JSON.stringify({
        time: '2024-10-18T18:09:00Z',
        flow_lpm: 12,
        supply_c: 45,
        return_c: 40,
        elec_kw: 1.25,
      }),
    );
    // 12 L/min = 0.0002 m3/s
    expect(canonical.samples[0]).toMatchObject({ supplyC: 45, returnC: 40, elecW: 1250 });
    expect(canonical.samples[0]!.flowM3s).toBeCloseTo(0.0002, 15);
  });

  it('takes an array of readings, numeric strings as a CSV field, and local times in the site zone', () => {
    const d = new ReadingDecoder('America/New_York');
    const { samples } = d.decode(
      JSON.stringify([
        { time: '2024-07-01T12:00:00', supply_c: '40.5', return_c: 35, heat_kw: 3 },
        { time: '2024-07-01T12:01:00-04:00', supply_c: 41, return_c: 36, heat_kw: 3 },
      ]),
    );
    // 12:00 EDT is 16:00 UTC
    expect(samples.map((s) => s.timeMs)).toEqual([Date.UTC(2024, 6, 1, 16), Date.UTC(2024, 6, 1, 16, 1)]);
    expect(samples[0]!.supplyC).toBe(40.5);
  });

  it('refuses malformed messages, naming the reading and key', () => {
    const d = new ReadingDecoder('UTC');
    expect(refusal(() => d.decode('{"time": ')).detail).toBe('not valid JSON');
    expect(refusal(() => d.decode('[]')).detail).toMatch(/no reading/);
    expect(refusal(() => d.decode('[1]')).detail).toMatch(/must be a JSON object/);
    const missing = refusal(() =>
      d.decode(JSON.stringify({ time: '2024-01-01T00:00:00Z', supply_c: null, return_c: 1, heat_kw: 1 })),
    );
    expect(missing.detail).toBe('missing value');
    expect(missing.where.path).toEqual([0, 'supply_c']);
    const text = refusal(() => d.decode(JSON.stringify({ time: '2024-01-01T00:00:00Z', heat_kw: '0x10' })));
    expect(text.detail).toBe('not a number');
    const time = refusal(() => d.decode(JSON.stringify({ time: 'yesterday', heat_kw: 1 })));
    expect(time.where.path).toEqual([0, 'time']);
    expect(refusal(() => d.decode(JSON.stringify({ heat_kw: 1 }))).detail).toMatch(/no time column/);
    expect(
      refusal(() => d.decode(JSON.stringify({ time: '2024-01-01T00:00:00Z', colour: 1 }))).detail,
    ).toMatch(/no data column/);
    // both t1 and flow_temperature_c are the supply
    expect(refusal(() => d.decode(JSON.stringify({ ...KAMSTRUP, flow_temperature_c: 50 }))).detail).toMatch(
      /both give the supply channel/,
    );
    expect(
      refusal(() => d.decode(JSON.stringify({ time: '2024-01-01T00:00:00Z', heat_kwh_interval: 1 }))).detail,
    ).toMatch(/interval-energy keys/);
    const mixed = refusal(() =>
      d.decode(
        JSON.stringify([
          { time: '2024-01-01T00:00:00Z', heat_kw: 1 },
          { time: '2024-01-01T00:01:00Z', heat_kw: 1, elec_kw: 1 },
        ]),
      ),
    );
    expect(mixed.where.path).toEqual([1]);
    expect(refusal(() => d.decode('x'.repeat((1 << 20) + 1))).detail).toMatch(/larger than/);
  });
});
