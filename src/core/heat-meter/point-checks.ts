import { Episode, type CheckLog } from './check-log.ts';
import type { FluidTable } from './fluid-table.ts';
import { MAX_FLOW_M3S, SOURCE_MAX_C, SOURCE_MIN_C, SpikeWatch, StuckWatch } from './quality.ts';
import type { HeatMeterOptions } from './types.ts';

const hours = (s: number) => (s / 3600).toFixed(2);

/**
 * The per-sample data-quality checks of one run (bounds and thresholds in quality.ts), as episodes so a
 * long bad stretch is one finding, not one per row.
 */
export class PointChecks {
  private readonly supplyRange: Episode;
  private readonly returnRange: Episode;
  private readonly flowRange: Episode;
  private readonly elecRange: Episode;
  private readonly sourceRange: Episode;
  private readonly aboveRated: Episode | null;
  private readonly dtLow: Episode | null;
  private readonly stuckSupply: StuckWatch;
  private readonly stuckReturn: StuckWatch;
  private readonly spikeSupply: SpikeWatch;
  private readonly spikeReturn: SpikeWatch;
  private readonly spikeFlow: SpikeWatch;
  private readonly ratedW: number;
  private readonly dtMinK: number;

  constructor(
    log: CheckLog,
    options: HeatMeterOptions,
    private readonly table: FluidTable | null,
    stuckMs: number,
  ) {
    const range = table ? `${table.minC} .. ${table.maxC} degC` : '';
    const temp = (name: string) =>
      new Episode(
        log,
        'out-of-range',
        'error',
        (worst, n, s) =>
          `${name} temperature outside the fluid's valid range ${range} for ${n} samples (${hours(s)} h, e.g. ${worst} degC): not integrated`,
      );
    this.supplyRange = temp('supply');
    this.returnRange = temp('return');
    this.flowRange = new Episode(
      log,
      'out-of-range',
      'error',
      (worst, n, s) =>
        `flow outside 0 .. ${MAX_FLOW_M3S} m3/s for ${n} samples (${hours(s)} h, e.g. ${worst} m3/s): not integrated`,
    );
    this.elecRange = new Episode(
      log,
      'out-of-range',
      'error',
      (worst, n, s) =>
        `negative electrical power for ${n} samples (${hours(s)} h, e.g. ${worst} W): not integrated`,
    );
    this.sourceRange = new Episode(
      log,
      'out-of-range',
      'warning',
      (worst, n, s) =>
        `source temperature outside ${SOURCE_MIN_C} .. ${SOURCE_MAX_C} degC for ${n} samples (${hours(s)} h, e.g. ${worst} degC): left out of the Carnot check`,
    );
    this.ratedW = options.ratedW ?? Infinity;
    this.aboveRated =
      options.ratedW === undefined
        ? null
        : new Episode(
            log,
            'exceeds-capacity',
            'warning',
            (worst, n, s) =>
              `heat rate above the rated ${(this.ratedW / 1000).toFixed(2)} kW for ${n} samples (${hours(s)} h, peak ${(worst / 1000).toFixed(2)} kW)`,
          );
    this.dtMinK = options.meterClass?.dtMinK ?? 0;
    this.dtLow =
      options.meterClass === undefined
        ? null
        : new Episode(
            log,
            'dt-below-min',
            'warning',
            (worst, n, s) =>
              `supply-return difference below the meter's minimum ${this.dtMinK} K while water flows, for ${n} samples (${hours(s)} h, down to ${worst.toFixed(2)} K): outside the meter's rated conditions`,
          );
    this.stuckSupply = new StuckWatch(log, 'supply temperature', stuckMs);
    this.stuckReturn = new StuckWatch(log, 'return temperature', stuckMs);
    this.spikeSupply = new SpikeWatch(log, 'supply temperature', false);
    this.spikeReturn = new SpikeWatch(log, 'return temperature', false);
    this.spikeFlow = new SpikeWatch(log, 'flow', true);
  }

  /** Checks flow and temperatures; returns whether they can be integrated. */
  flowAndTemperatures(q: number, ts: number, tr: number, t: number, line: number, bridged: boolean): boolean {
    const table = this.table!;
    const sOk = table.covers(ts);
    const rOk = table.covers(tr);
    const qOk = q >= 0 && q <= MAX_FLOW_M3S;
    // an update with the condition off does nothing to an inactive episode: the common case skips it
    if (!sOk || this.supplyRange.active) this.supplyRange.update(!sOk, t, ts);
    if (!rOk || this.returnRange.active) this.returnRange.update(!rOk, t, tr);
    if (!qOk || this.flowRange.active) this.flowRange.update(!qOk, t, q);
    const flowing = q > 0 && qOk;
    this.stuckSupply.update(ts, flowing, t, bridged);
    this.stuckReturn.update(tr, flowing, t, bridged);
    this.spikeSupply.update(ts, bridged, t, line);
    this.spikeReturn.update(tr, bridged, t, line);
    this.spikeFlow.update(q, bridged, t, line);
    if (this.dtLow) {
      const dt = ts > tr ? ts - tr : tr - ts;
      this.dtLow.update(flowing && dt > 0 && dt < this.dtMinK, t, dt);
    }
    return sOk && rOk && qOk;
  }

  elecPower(w: number, t: number): boolean {
    const ok = w >= 0;
    this.elecRange.update(!ok, t, w);
    return ok;
  }

  /** Whether a source temperature is usable for the Carnot check. */
  source(c: number, t: number): boolean {
    const ok = c >= SOURCE_MIN_C && c <= SOURCE_MAX_C;
    this.sourceRange.update(!ok, t, c);
    return ok;
  }

  heatRate(w: number, t: number): void {
    if (this.aboveRated) this.aboveRated.update(w > this.ratedW, t, w);
  }

  /** Mean heat rate of a register step, for the capacity check when heat comes from the register. */
  registerRate(dJ: number, dtS: number, t: number): void {
    if (this.aboveRated && dtS > 0) this.aboveRated.update(dJ / dtS > this.ratedW, t, dJ / dtS);
  }

  close(): void {
    for (const e of [this.supplyRange, this.returnRange, this.flowRange, this.elecRange, this.sourceRange])
      e.close();
    this.aboveRated?.close();
    this.dtLow?.close();
    this.stuckSupply.close();
    this.stuckReturn.close();
  }
}
