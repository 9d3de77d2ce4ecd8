import {
  blankMeterSample,
  createHeatMeterIntegrator,
  type FluidModel,
  type HeatMeterOptions,
  type HeatMeterResult,
  type MeterChannel,
  type MeterSample,
} from '../../../src/core/index.ts';

/** Hand-made fluid: constant density 1000 kg/m3 and cp 4200 J/(kg K), valid 0 .. 100 degC. */
export const FLAT_WATER: FluidModel = {
  spec: { kind: 'water', massFraction: 0 },
  source: 'test: constant properties',
  minC: 0,
  maxC: 100,
  densityKgM3: () => 1000,
  cpJKgK: () => 4200,
};

/** Hand-made fluid whose density and cp are linear in temperature, to see which temperature is used. */
export const LINEAR_FLUID: FluidModel = {
  spec: { kind: 'water', massFraction: 0 },
  source: 'test: rho = 1000 - T, cp = 4000 + 10 T',
  minC: 0,
  maxC: 100,
  densityKgM3: (t) => 1000 - t,
  cpJKgK: (t) => 4000 + 10 * t,
};

export const KWH = 3.6e6;
export const T0 = Date.UTC(2025, 0, 1); // 2025-01-01T00:00:00Z
export const MIN = 60_000;
export const HOUR = 3_600_000;
/** 20 L/min in m3/s */
export const LPM = 1e-3 / 60;

export type Row = Partial<MeterSample> & { timeMs: number };

export function options(channels: MeterChannel[], extra: Partial<HeatMeterOptions> = {}): HeatMeterOptions {
  return {
    channels: new Set(channels),
    fluid: FLAT_WATER,
    flowSensor: 'return',
    interval: 'total',
    maxGapS: 900,
    ...extra,
  };
}

/** Pushes rows through ONE reused sample object (as a reader does), absent channels NaN. */
export function integrate(opts: HeatMeterOptions, rows: readonly Row[]): HeatMeterResult {
  const integrator = createHeatMeterIntegrator(opts);
  const s: MeterSample = blankMeterSample();
  rows.forEach((r, i) => {
    Object.assign(s, blankMeterSample(), { line: i + 2 }, r);
    integrator.push(s);
  });
  return integrator.finish();
}

/** Samples every `stepMs` from `fromMs` to `toMs` inclusive, values from `f(timeMs, index)`. */
export function series(
  fromMs: number,
  toMs: number,
  stepMs: number,
  f: (t: number, i: number) => Partial<MeterSample>,
): Row[] {
  const rows: Row[] = [];
  for (let t = fromMs, i = 0; t <= toMs; t += stepMs, i++) rows.push({ ...f(t, i), timeMs: t });
  return rows;
}

export const FLOW_CHANNELS: MeterChannel[] = ['flow', 'supply', 'return'];
