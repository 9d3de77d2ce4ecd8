import { InputError } from '../errors.ts';
import { duration } from '../format.ts';
import { IntervalAcc } from './accumulator.ts';
import { CheckLog } from './check-log.ts';
import { isOk } from '../checks.ts';
import { chooseBases, FROST_MAX_C, registerBound, validateOptions, WARMEST_SOURCE_C } from './config.ts';
import { FluidTable } from './fluid-table.ts';
import { IntervalClock, isoUtc } from './intervals.ts';
import { PointChecks } from './point-checks.ts';
import { RegisterTracker } from './registers.ts';
import { summarize, type SummaryContext } from './summary.ts';
import type {
  ElecBasis,
  HeatBasis,
  HeatMeterIntegrator,
  HeatMeterOptions,
  HeatMeterResult,
  IntervalEnergy,
  MeterChannel,
  MeterSample,
} from './types.ts';
import type { SourceKind } from '../heat-pump/parametric.ts';
import { mpeConstants, mpeFraction } from './uncertainty.ts';

/** Where the reverse-dT energy of the current segment goes (docs/methods.md "Heating, cooling, defrost"). */
const TO_COOL = 0;
const TO_PENDING = 1;
/** How a window of reverse-dT energy is resolved. */
const DEFROST = 0;
const COOLING = 1;
const TRANSIENT = 2;

/**
 * Streams meter samples into interval energies (docs/methods.md "Metered energy (heat meters)").
 *
 * Heat from flow and temperatures, EN 1434-1 (and issue 3):
 *   P = V * rho(T at the flow sensor) * cp((T_supply + T_return) / 2) * (T_supply - T_return)
 * integrated by the trapezoid rule between consecutive samples. Power is taken as linear between samples,
 * so a segment that changes sign is split at its zero crossing into a heating and a cooling part, and a
 * segment that straddles an interval boundary is split at the boundary with the power interpolated there
 * (for constant power: in proportion to time). Registers add deltas, spread over their segment by time.
 */
export function createHeatMeterIntegrator(options: HeatMeterOptions): HeatMeterIntegrator {
  return new Integrator(options);
}

class Integrator implements HeatMeterIntegrator {
  private readonly heatBasis: HeatBasis;
  private readonly elecBasis: ElecBasis | null;
  private readonly fromFlow: boolean;
  private readonly fromHeatPower: boolean;
  /** Some channel is sampled (not cumulative): gaps and validity matter. */
  private readonly instant: boolean;
  private readonly hasChannel: Record<MeterChannel, boolean>;
  private readonly flowOnReturn: boolean;
  private readonly table: FluidTable | null;
  private readonly maxGapMs: number;
  private readonly defrostMaxMs: number;
  private readonly defrostMinMs: number;
  private readonly coolingMinMs: number;
  private readonly sourceKind: SourceKind;
  private readonly mpeOn: boolean;
  private readonly mpeBase: number = 0;
  private readonly mpeSlopeQp: number = 0;
  private readonly mpeCap: number = 0;
  private readonly mpeDtMinK: number = 0;
  private readonly clock: IntervalClock;
  private readonly log = new CheckLog();
  private readonly checks: PointChecks;
  private readonly heatReg: RegisterTracker | null;
  private readonly elecReg: RegisterTracker | null;

  private sampleCount = 0;
  private finished = false;
  private duplicates = 0;
  private gapCount = 0;
  private gapMs = 0;
  private firstMs = 0;
  /** Raw sums of every reporting interval so far, in time order; the last is the open one. */
  private readonly intervalAccs: IntervalAcc[] = [];
  private intervalAcc: IntervalAcc = new IntervalAcc(0, 0);
  // The previous sample (prev*) and the current one (cur*): time, heat power, the EN 1434 MPE fraction of
  // that power, electrical power, supply and source temperatures, whether the instant data can be
  // integrated, and whether the source temperature is usable for the Carnot check.
  private prevTimeMs = 0;
  private prevHeatW = 0;
  private prevMpeFraction = 0;
  private prevElecW = 0;
  private prevSupplyC = 0;
  private prevSourceC = 0;
  private prevValid = false;
  /** Sign of the heat power of the previous / current sample (+1, -1, 0), from flow and dT. */
  private prevHeatSign = 0;
  private curHeatSign = 0;
  private prevSourceOk = false;
  private curHeatW = 0;
  private curMpeFraction = 0;
  private curElecW = 0;
  private curSupplyC = 0;
  private curSourceC = 0;
  private curValid = false;
  private curSourceOk = false;
  // The current segment (previous sample to current sample): its length, whether it is integrated from
  // instant data, and the register steps (counted and excluded) of its end sample, spread over it by time.
  private segmentMs = 0;
  private segmentS = 0;
  private integrated = false;
  private heatRegStepJ = 0;
  private elecRegStepJ = 0;
  private heatExcludedStepJ = 0;
  private elecExcludedStepJ = 0;
  // Reverse-dT window: opens when heating stops or reverse dT appears; its energy is pending until it is
  // classified as defrost, cooling or transient (docs/methods.md "Heating, cooling, defrost").
  /** Where this segment's reverse-dT energy goes: TO_COOL or TO_PENDING. */
  private reverseTarget = TO_COOL;
  private windowOpen = false;
  private windowStartMs = 0;
  private windowFromHeating = false;
  /** Whether the window's reverse dT can be a defrost (an air source not measured above the frost limit). */
  private windowFrostOk = true;
  /** Reverse-dT time within the window, ms, and its longest continuous run, ms. */
  private windowReverseMs = 0;
  private windowLongestRunMs = 0;
  /** Current continuous reverse-dT run: start (NaN when none) and whether it is already cooling. */
  private runStartMs = NaN;
  private runCooling = false;
  /** Pending reverse-dT energy (J) and its EN 1434 bound (J), per interval it fell in. */
  private readonly pendingAccs: IntervalAcc[] = [];
  private readonly pendingReverseJ: number[] = [];
  private readonly pendingBoundJ: number[] = [];

  constructor(private readonly options: HeatMeterOptions) {
    const { heatBasis, elecBasis } = chooseBases(options.channels, options.electricityOnly);
    const limits = validateOptions(options);
    this.heatBasis = heatBasis;
    this.elecBasis = elecBasis;
    this.fromFlow = heatBasis === 'flow-temperature';
    this.fromHeatPower = heatBasis === 'heat-power';
    this.instant = this.fromFlow || this.fromHeatPower || elecBasis === 'elec-power';
    const ch = options.channels;
    this.hasChannel = {
      flow: ch.has('flow'),
      supply: ch.has('supply'),
      return: ch.has('return'),
      source: ch.has('source'),
      heatPower: ch.has('heatPower'),
      heatRegister: ch.has('heatRegister'),
      elecPower: ch.has('elecPower'),
      elecRegister: ch.has('elecRegister'),
    };
    this.flowOnReturn = options.flowSensor !== 'supply';
    this.table = this.fromFlow ? new FluidTable(options.fluid) : null;
    this.maxGapMs = limits.maxGapMs;
    this.defrostMaxMs = heatBasis === 'heat-register' ? 0 : limits.defrostMaxMs;
    this.defrostMinMs = limits.defrostMinMs;
    this.coolingMinMs = limits.coolingMinMs;
    this.sourceKind = options.sourceKind ?? 'air';
    this.mpeOn = this.fromFlow && options.meterClass !== undefined;
    if (options.meterClass) {
      const m = mpeConstants(options.meterClass);
      this.mpeBase = m.base;
      this.mpeSlopeQp = m.slopeQp;
      this.mpeCap = m.cap;
      this.mpeDtMinK = options.meterClass.dtMinK;
    }
    this.clock = new IntervalClock(options.interval, options.utcOffsetMinutes);
    this.checks = new PointChecks(this.log, options, this.table, limits.stuckMs);
    const bound = registerBound(options.ratedW, options.fluid);
    this.heatReg = this.hasChannel.heatRegister
      ? new RegisterTracker(
          this.log,
          'heat register',
          options.heatRegisterRolloverJ,
          bound,
          heatBasis === 'heat-register',
        )
      : null;
    this.elecReg = this.hasChannel.elecRegister
      ? new RegisterTracker(
          this.log,
          'electricity register',
          options.elecRegisterRolloverJ,
          bound,
          elecBasis === 'elec-register',
        )
      : null;
  }

  push(s: Readonly<MeterSample>): void {
    if (this.finished) throw new Error('push() after finish()');
    const t = s.timeMs;
    const line = s.line;
    if (!Number.isFinite(t)) throw new InputError('time is missing or not a number', { line, field: 'time' });
    this.requireNumbers(s);
    if (this.sampleCount > 0 && t < this.prevTimeMs)
      throw new InputError(
        `time goes backwards: ${isoUtc(t)} is earlier than ${isoUtc(this.prevTimeMs)} on the previous row; samples must be in time order`,
        { line, field: 'time', value: isoUtc(t) },
      );
    const dtMs = this.sampleCount > 0 ? t - this.prevTimeMs : 0;
    const bridged = this.sampleCount > 0 && dtMs <= this.maxGapMs;
    this.point(s, bridged);
    const dtS = dtMs / 1000;
    this.heatRegStepJ = this.heatReg ? this.heatReg.delta(s.heatRegisterJ, t, line) : 0;
    this.elecRegStepJ = this.elecReg ? this.elecReg.delta(s.elecRegisterJ, t, line) : 0;
    this.heatExcludedStepJ = this.heatReg ? this.heatReg.excludedJ : 0;
    this.elecExcludedStepJ = this.elecReg ? this.elecReg.excludedJ : 0;
    if (this.heatBasis === 'heat-register') this.checks.registerRate(this.heatRegStepJ, dtS, t);
    if (this.sampleCount === 0) {
      this.firstMs = t;
      const start = this.clock.startOf(t);
      this.openAcc(start);
    } else if (dtMs === 0) {
      this.duplicates++;
      this.intervalAcc.regHeatJ += this.heatRegStepJ;
      this.intervalAcc.regElecJ += this.elecRegStepJ;
      this.intervalAcc.excludedJ += this.heatExcludedStepJ;
      this.intervalAcc.excludedElecJ += this.elecExcludedStepJ;
    } else this.segment(t, dtMs, bridged);
    this.sampleCount++;
    this.prevTimeMs = t;
    this.prevHeatW = this.curHeatW;
    this.prevMpeFraction = this.curMpeFraction;
    this.prevElecW = this.curElecW;
    this.prevSupplyC = this.curSupplyC;
    this.prevSourceC = this.curSourceC;
    this.prevValid = this.curValid;
    this.prevHeatSign = this.curHeatSign;
    this.prevSourceOk = this.curSourceOk;
  }

  /** NaN in a channel the data has is an error naming line and channel (the reader validated the text). */
  private requireNumbers(s: Readonly<MeterSample>): void {
    const h = this.hasChannel;
    if (h.flow && s.flowM3s !== s.flowM3s) nan(s, 'flow');
    if (h.supply && s.supplyC !== s.supplyC) nan(s, 'supply');
    if (h.return && s.returnC !== s.returnC) nan(s, 'return');
    if (h.source && s.sourceC !== s.sourceC) nan(s, 'source');
    if (h.heatPower && s.heatW !== s.heatW) nan(s, 'heatPower');
    if (h.heatRegister && s.heatRegisterJ !== s.heatRegisterJ) nan(s, 'heatRegister');
    if (h.elecPower && s.elecW !== s.elecW) nan(s, 'elecPower');
    if (h.elecRegister && s.elecRegisterJ !== s.elecRegisterJ) nan(s, 'elecRegister');
  }

  /** Instant values of the current sample (c*), with the per-sample checks. */
  private point(s: Readonly<MeterSample>, bridged: boolean): void {
    const c = this.checks;
    let valid = true;
    let p = 0;
    let m = 0;
    if (this.fromFlow) {
      const table = this.table!;
      const ts = s.supplyC;
      const tr = s.returnC;
      const q = s.flowM3s;
      valid = c.flowAndTemperatures(q, ts, tr, s.timeMs, s.line, bridged);
      if (valid) {
        const dt = ts - tr;
        p = q * table.densityKgM3(this.flowOnReturn ? tr : ts) * table.cpJKgK((ts + tr) * 0.5) * dt;
        if (this.mpeOn)
          m = mpeFraction(this.mpeBase, this.mpeSlopeQp, this.mpeCap, this.mpeDtMinK, q * 3600, dt);
      }
    } else if (this.fromHeatPower) p = s.heatW;
    if (this.hasChannel.elecPower) valid = c.elecPower(s.elecW, s.timeMs) && valid;
    if (this.fromFlow || this.fromHeatPower) c.heatRate(p, s.timeMs);
    // the sign of the heat power from the inputs: p itself can underflow to 0 at a tiny flow
    if (!valid) this.curHeatSign = 0;
    else if (this.fromFlow) this.curHeatSign = s.flowM3s > 0 ? Math.sign(s.supplyC - s.returnC) : 0;
    else this.curHeatSign = Math.sign(p);
    this.curHeatW = p;
    this.curMpeFraction = m;
    this.curElecW = this.hasChannel.elecPower ? s.elecW : 0;
    this.curValid = valid;
    this.curSupplyC = s.supplyC;
    this.curSourceOk = this.hasChannel.source && c.source(s.sourceC, s.timeMs);
    this.curSourceC = s.sourceC;
  }

  private segment(t: number, dtMs: number, bridged: boolean): void {
    this.segmentMs = dtMs;
    this.segmentS = dtMs / 1000;
    const integrated = bridged && this.prevValid && this.curValid;
    this.integrated = integrated;
    if (!bridged && this.instant) this.gap(dtMs);
    this.episodeBefore(integrated);
    const acc = this.intervalAcc;
    if (this.prevTimeMs < acc.endMs && t < acc.endMs) {
      // the common segment, inside one interval: the loop below would integrate the same fractions,
      // (prev - prev) / dt = 0 and (t - prev) / dt = 1 exactly
      this.part(acc, 0, 1);
    } else this.walk(t, dtMs);
    this.episodeAfter(integrated, t);
  }

  /** A segment longer than the maximum gap: counted and reported, not bridged. */
  private gap(dtMs: number): void {
    this.gapCount++;
    this.gapMs += dtMs;
    this.log.add(
      'gap',
      'warning',
      `no data for ${duration(dtMs)} (from ${isoUtc(this.prevTimeMs)}, longer than the ${duration(this.maxGapMs)} maximum gap): not bridged, not covered${this.heatReg || this.elecReg ? '; register energy over it is counted and spread evenly' : ''}`,
      this.prevTimeMs,
    );
  }

  /** Integrates a segment that spans interval boundaries, interval by interval. */
  private walk(t: number, dtMs: number): void {
    // Walk the intervals the segment spans; the next interval opens only when time has reached it, so a
    // sample exactly on a boundary closes its interval without opening an empty one.
    let from = this.prevTimeMs;
    for (;;) {
      if (from >= this.intervalAcc.endMs) this.openAcc(this.intervalAcc.endMs);
      const acc = this.intervalAcc;
      const to = t < acc.endMs ? t : acc.endMs;
      this.part(acc, (from - this.prevTimeMs) / dtMs, (to - this.prevTimeMs) / dtMs);
      if (to === t) break;
      from = to;
    }
  }

  private openAcc(startMs: number): void {
    this.intervalAcc = new IntervalAcc(startMs, this.clock.endAfter(startMs));
    this.intervalAccs.push(this.intervalAcc);
  }

  /** Integrates fractions f0..f1 of the current segment into one interval. */
  private part(acc: IntervalAcc, f0: number, f1: number): void {
    const frac = f1 - f0;
    const heatRegJ = this.heatRegStepJ * frac;
    acc.regHeatJ += heatRegJ;
    acc.regElecJ += this.elecRegStepJ * frac;
    acc.excludedJ += this.heatExcludedStepJ * frac;
    acc.excludedElecJ += this.elecExcludedStepJ * frac;
    const supplyMidC = this.prevSupplyC + (this.curSupplyC - this.prevSupplyC) * (f0 + f1) * 0.5;
    const sourceOk = this.prevSourceOk && this.curSourceOk;
    const sourceMidC = this.prevSourceC + (this.curSourceC - this.prevSourceC) * (f0 + f1) * 0.5;
    if (!this.instant) {
      acc.coveredMs += frac * this.segmentMs;
      this.weigh(acc, heatRegJ, supplyMidC, sourceOk, sourceMidC);
      return;
    }
    if (!this.integrated) return;
    acc.coveredMs += frac * this.segmentMs;
    acc.regHeatCmpJ += heatRegJ;
    acc.regElecCmpJ += this.elecRegStepJ * frac;
    const partS = frac * this.segmentS;
    const deltaW = this.curHeatW - this.prevHeatW;
    const startW = this.prevHeatW + deltaW * f0;
    const endW = this.prevHeatW + deltaW * f1;
    const deltaElecW = this.curElecW - this.prevElecW;
    acc.elecPowJ += (this.prevElecW + deltaElecW * (f0 + f1) * 0.5) * partS;
    if (!(this.fromFlow || this.fromHeatPower)) {
      this.weigh(acc, heatRegJ, supplyMidC, sourceOk, sourceMidC);
      return;
    }
    let pos: number;
    let neg: number;
    if (startW >= 0 && endW >= 0) {
      pos = (startW + endW) * 0.5 * partS;
      neg = 0;
    } else if (startW <= 0 && endW <= 0) {
      pos = 0;
      neg = -(startW + endW) * 0.5 * partS;
    } else {
      // linear power crossing zero: areas of the two triangles
      const k = (0.5 * partS) / (startW > endW ? startW - endW : endW - startW);
      pos = (startW > 0 ? startW * startW : endW * endW) * k;
      neg = (startW > 0 ? endW * endW : startW * startW) * k;
    }
    acc.posJ += pos;
    acc.negJ += neg;
    this.weigh(acc, pos, supplyMidC, sourceOk, sourceMidC);
    if (neg > 0) {
      if (this.hasChannel.supply) {
        acc.negSupplyJC += neg * supplyMidC;
        acc.negSupplyWeightJ += neg;
      }
      if (sourceOk) {
        acc.negSourceJC += neg * sourceMidC;
        acc.negSourceWeightJ += neg;
      }
    }
    let mpe = 0;
    if (this.mpeOn) {
      // MPE over the part: endpoint values weighted by |power| (docs/methods.md, EN 1434 section)
      const deltaMpe = this.curMpeFraction - this.prevMpeFraction;
      const startMpe = this.prevMpeFraction + deltaMpe * f0;
      const endMpe = this.prevMpeFraction + deltaMpe * f1;
      const startWeight = startW < 0 ? -startW : startW;
      const endWeight = endW < 0 ? -endW : endW;
      mpe =
        startWeight + endWeight > 0
          ? (startMpe * startWeight + endMpe * endWeight) / (startWeight + endWeight)
          : 0;
      acc.boundPosJ += mpe * pos;
      acc.boundNegJ += mpe * neg;
    }
    if (!(neg > 0)) return;
    if (this.reverseTarget === TO_COOL) {
      acc.coolJ += neg;
      acc.boundCoolJ += mpe * neg;
    } else this.addPending(acc, neg, mpe * neg);
  }

  private weigh(acc: IntervalAcc, heatJ: number, supplyC: number, srcOk: boolean, sourceC: number): void {
    if (!(heatJ > 0)) return;
    if (this.hasChannel.supply) {
      acc.supplyJC += heatJ * supplyC;
      acc.supplyWeightJ += heatJ;
    }
    if (srcOk) {
      acc.sourceJC += heatJ * sourceC;
      acc.sourceWeightJ += heatJ;
    }
  }

  /**
   * Reverse-dT classification before a segment: a window opens when heating stops (at the zero crossing)
   * or when reverse dT appears; a run of reverse dT starts. Decides where this segment's reverse-dT energy
   * goes: straight to cooling (classification off, or a run already known to be cooling) or pending.
   */
  private episodeBefore(integrated: boolean): void {
    this.reverseTarget = TO_COOL;
    if (this.defrostMaxMs === 0 || !(this.fromFlow || this.fromHeatPower)) return;
    if (!integrated) {
      this.closeWindow();
      return;
    }
    // signs from the inputs (flow and dT), not from the power, which can underflow to 0 at tiny flows
    const prevSign = this.prevHeatSign;
    const curSign = this.curHeatSign;
    if (!this.windowOpen) {
      if (prevSign > 0 && curSign <= 0) this.openWindow(this.zeroCrossingMs(), true);
      else if (prevSign < 0 || curSign < 0) this.openWindow(this.prevTimeMs, false);
    }
    if (this.windowOpen && (prevSign < 0 || curSign < 0) && this.runStartMs !== this.runStartMs)
      this.runStartMs = prevSign > 0 ? this.zeroCrossingMs() : this.prevTimeMs;
    this.reverseTarget = this.runCooling ? TO_COOL : TO_PENDING;
  }

  /** When, within the current segment, its linear power crosses zero (see {@link zeroAt}), ms. */
  private zeroCrossingMs(): number {
    return this.prevTimeMs + this.segmentMs * zeroAt(this.prevHeatW, this.curHeatW);
  }

  /** After a segment: run lengths, and the resolution of the window when its class is known. */
  private episodeAfter(integrated: boolean, t: number): void {
    if (this.defrostMaxMs === 0 || !integrated || !this.windowOpen) return;
    const prevSign = this.prevHeatSign;
    const curSign = this.curHeatSign;
    const segMs = this.segmentMs;
    const f = zeroAt(this.prevHeatW, this.curHeatW);
    const zeroMs = this.prevTimeMs + segMs * f;
    // reverse-dT time of the segment (linear power: the negative part of the segment)
    const negMs =
      prevSign < 0 && curSign < 0 ? segMs : prevSign < 0 ? segMs * f : curSign < 0 ? segMs * (1 - f) : 0;
    this.windowReverseMs += negMs;
    if (this.runStartMs === this.runStartMs) {
      const runEndMs = curSign < 0 ? t : prevSign < 0 ? zeroMs : this.prevTimeMs;
      const runMs = runEndMs - this.runStartMs;
      if (runMs > this.windowLongestRunMs) this.windowLongestRunMs = runMs;
      // A run beyond the longest defrost (when it may still be one) and beyond the shortest cooling run is
      // cooling from its start.
      const threshold = this.windowFromHeating
        ? Math.max(this.defrostMaxMs, this.coolingMinMs)
        : this.coolingMinMs;
      if (!this.runCooling && runMs > threshold) {
        this.resolve(COOLING);
        this.runCooling = true;
      }
      if (curSign >= 0) {
        this.runStartMs = NaN;
        if (this.runCooling) {
          this.runCooling = false;
          this.windowOpen = false;
          return;
        }
      }
    }
    if (curSign > 0) {
      // heating resumes: a defrost if it followed heating, lasted 2 .. 15 min (defaults) of reverse dT
      const upMs = prevSign < 0 ? zeroMs : this.prevTimeMs;
      const defrost =
        this.windowFromHeating &&
        this.windowFrostOk &&
        upMs - this.windowStartMs <= this.defrostMaxMs &&
        this.windowReverseMs >= this.defrostMinMs;
      this.resolve(defrost ? DEFROST : this.windowLongestRunMs >= this.coolingMinMs ? COOLING : TRANSIENT);
      this.windowOpen = false;
    } else if (this.runStartMs !== this.runStartMs && t - this.windowStartMs > this.defrostMaxMs)
      this.closeWindow();
  }

  private openWindow(startMs: number, fromHeating: boolean): void {
    this.windowOpen = true;
    this.windowStartMs = startMs;
    this.windowFromHeating = fromHeating;
    // Defrost needs an outdoor coil that can frost: an air source, not measured warmer than the frost limit.
    this.windowFrostOk = this.sourceKind === 'air' && !(this.prevSourceOk && this.prevSourceC > FROST_MAX_C);
    this.windowReverseMs = 0;
    this.windowLongestRunMs = 0;
    this.runStartMs = NaN;
    this.runCooling = false;
  }

  /** The window ends without heating resuming (timeout, gap, invalid data, end of data). */
  private closeWindow(): void {
    if (!this.windowOpen) return;
    if (!this.runCooling) this.resolve(this.windowLongestRunMs >= this.coolingMinMs ? COOLING : TRANSIENT);
    this.windowOpen = false;
    this.runStartMs = NaN;
    this.runCooling = false;
  }

  private addPending(acc: IntervalAcc, negJ: number, boundJ: number): void {
    const k = this.pendingAccs.length - 1;
    if (k >= 0 && this.pendingAccs[k] === acc) {
      this.pendingReverseJ[k] = this.pendingReverseJ[k]! + negJ;
      this.pendingBoundJ[k] = this.pendingBoundJ[k]! + boundJ;
    } else {
      this.pendingAccs.push(acc);
      this.pendingReverseJ.push(negJ);
      this.pendingBoundJ.push(boundJ);
    }
  }

  private resolve(kind: number): void {
    for (let i = 0; i < this.pendingAccs.length; i++) {
      const acc = this.pendingAccs[i]!;
      const neg = this.pendingReverseJ[i]!;
      const bound = this.pendingBoundJ[i]!;
      if (kind === DEFROST) {
        acc.defrostJ += neg;
        acc.boundDefrostJ += bound;
      } else if (kind === COOLING) {
        acc.coolJ += neg;
        acc.boundCoolJ += bound;
      } else acc.transientJ += neg;
    }
    this.pendingAccs.length = this.pendingReverseJ.length = this.pendingBoundJ.length = 0;
  }

  finish(): HeatMeterResult {
    if (this.finished) throw new Error('finish() called twice');
    this.finished = true;
    if (this.sampleCount === 0) throw new InputError('no samples: nothing to integrate');
    this.checks.close();
    this.closeWindow();
    if (this.options.interval === 'total') this.intervalAcc.endMs = this.prevTimeMs;
    this.notes();
    const ctx: SummaryContext = {
      heatBasis: this.heatBasis,
      elecBasis: this.elecBasis,
      hasBound: this.mpeOn,
      crossHeat: this.heatBasis !== 'heat-register' && this.heatReg !== null,
      crossElec: this.elecBasis === 'elec-register' && this.hasChannel.elecPower,
      heatQuantumJ: this.heatReg?.quantumJ ?? Infinity,
      elecQuantumJ: this.elecReg?.quantumJ ?? Infinity,
      log: this.log,
      scope: 'interval',
      assumedSourceC: this.hasChannel.source ? null : WARMEST_SOURCE_C[this.sourceKind],
      sourceKind: this.sourceKind,
    };
    const intervals: IntervalEnergy[] = [];
    let carry = 0;
    for (const acc of this.intervalAccs) carry = summarize(acc, ctx, carry, intervals);
    let total = intervals[0]!;
    if (this.options.interval !== 'total') {
      const sum = new IntervalAcc(this.firstMs, this.prevTimeMs);
      for (const acc of this.intervalAccs) sum.addFrom(acc);
      // One interval has the total's sums: the total's checks would repeat that interval's word for word.
      const log = this.intervalAccs.length > 1 ? this.log : new CheckLog();
      const out: IntervalEnergy[] = [];
      summarize(sum, { ...ctx, log, scope: 'total' }, 0, out);
      total = out[0]!;
    }
    this.markIntervals(intervals);
    const checks = this.log.result();
    total.ok = isOk(checks);
    return {
      intervals,
      total,
      checks,
      heatBasis: this.heatBasis,
      elecBasis: this.elecBasis,
      samples: this.sampleCount,
      gapCount: this.gapCount,
      gapS: this.gapMs / 1000,
    };
  }

  /** An interval is not ok when an error check's time span overlaps it. */
  private markIntervals(intervals: IntervalEnergy[]): void {
    const spans = this.log.errorSpans;
    for (let k = 0; k < spans.length; k += 2) {
      const from = spans[k]!;
      const to = spans[k + 1]!;
      // first interval whose end is after `from` (intervals are sorted and contiguous)
      let lo = 0;
      let hi = intervals.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (intervals[mid]!.endMs <= from) lo = mid + 1;
        else hi = mid;
      }
      if (lo === intervals.length) lo = intervals.length - 1; // the last interval includes its end
      for (let i = lo; i < intervals.length && intervals[i]!.startMs <= to; i++) intervals[i]!.ok = false;
    }
  }

  /** Findings about the run as a whole. */
  private notes(): void {
    if (this.duplicates > 0)
      this.log.add(
        'duplicate-time',
        'warning',
        `${this.duplicates} rows repeat the time of the previous row: zero-length segments, only register steps counted`,
      );
    if (this.options.meterClass && !this.mpeOn)
      this.log.add(
        'no-uncertainty-bound',
        'info',
        `no EN 1434 error bound: it needs flow and temperatures, and the heat here comes from ${this.heatBasis}`,
      );
    // an electricity meter's own data have no COP to judge (its heat is the heat meter's)
    if (this.heatBasis === 'none') return;
    if (this.elecBasis && !this.hasChannel.supply)
      this.log.add(
        'no-carnot-check',
        'info',
        'COP not checked against the Carnot limit: it needs a supply temperature',
      );
    else if (this.elecBasis && !this.hasChannel.source)
      this.log.add(
        'carnot-source-assumed',
        'info',
        `no source temperature: heating COP judged against the Carnot limit at an assumed ${WARMEST_SOURCE_C[this.sourceKind]} degC, the warmest ${this.sourceKind === 'air' ? 'an air' : `a ${this.sourceKind}`} source plausibly has (docs/methods.md); cooling COP not judged`,
      );
  }
}

/**
 * Fraction of a segment at which power, linear from pa to pb, crosses zero; 0.5 when the values cannot tell
 * (both underflowed to 0 although the inputs' signs differ).
 */
function zeroAt(pa: number, pb: number): number {
  const d = pa - pb;
  const f = d !== 0 ? pa / d : 0.5;
  return f >= 0 && f <= 1 ? f : 0.5;
}

function nan(s: Readonly<MeterSample>, field: MeterChannel): never {
  throw new InputError('not a number in a column the data has', { line: s.line, field });
}
