import { InputError } from '../errors.ts';
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
  private readonly has: Record<MeterChannel, boolean>;
  private readonly flowOnReturn: boolean;
  private readonly table: FluidTable | null;
  private readonly maxGapMs: number;
  private readonly defrostMaxMs: number;
  private readonly defrostMinMs: number;
  private readonly coolingMinMs: number;
  private readonly sourceKind: SourceKind;
  private readonly mpeOn: boolean;
  private readonly mBase: number = 0;
  private readonly mSlopeQp: number = 0;
  private readonly mCap: number = 0;
  private readonly mDtMinK: number = 0;
  private readonly clock: IntervalClock;
  private readonly log = new CheckLog();
  private readonly checks: PointChecks;
  private readonly heatReg: RegisterTracker | null;
  private readonly elecReg: RegisterTracker | null;

  private n = 0;
  private finished = false;
  private duplicates = 0;
  private gapCount = 0;
  private gapMs = 0;
  private firstMs = 0;
  private readonly accs: IntervalAcc[] = [];
  private acc: IntervalAcc = new IntervalAcc(0, 0);
  // previous (p) and current (c) sample: heat power W, MPE fraction, electrical power W, supply and source
  // temperatures, validity of the instant data and of the source temperature.
  private pT = 0;
  private pP = 0;
  private pM = 0;
  private pE = 0;
  private pS = 0;
  private pSrc = 0;
  private pValid = false;
  /** Sign of the heat power of the previous / current sample (+1, -1, 0), from flow and dT. */
  private pSg = 0;
  private cSg = 0;
  private pSrcOk = false;
  private cP = 0;
  private cM = 0;
  private cE = 0;
  private cS = 0;
  private cSrc = 0;
  private cValid = false;
  private cSrcOk = false;
  // current segment
  private segMs = 0;
  private segS = 0;
  private integrated = false;
  private dHeatJ = 0;
  private dElecJ = 0;
  private xHeatJ = 0;
  private xElecJ = 0;
  // Reverse-dT window: opens when heating stops or reverse dT appears; its energy is pending until it is
  // classified as defrost, cooling or transient (docs/methods.md "Heating, cooling, defrost").
  private negTarget = TO_COOL;
  private winOpen = false;
  private winStartMs = 0;
  private winFromHeating = false;
  private winFrostOk = true;
  private winNegMs = 0;
  private winLongestRunMs = 0;
  /** Current continuous reverse-dT run: start (NaN when none) and whether it is already cooling. */
  private runStartMs = NaN;
  private runCooling = false;
  private readonly pendAcc: IntervalAcc[] = [];
  private readonly pendNeg: number[] = [];
  private readonly pendBound: number[] = [];

  constructor(private readonly options: HeatMeterOptions) {
    const { heatBasis, elecBasis } = chooseBases(options.channels);
    const limits = validateOptions(options);
    this.heatBasis = heatBasis;
    this.elecBasis = elecBasis;
    this.fromFlow = heatBasis === 'flow-temperature';
    this.fromHeatPower = heatBasis === 'heat-power';
    this.instant = this.fromFlow || this.fromHeatPower || elecBasis === 'elec-power';
    const ch = options.channels;
    this.has = {
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
      this.mBase = m.base;
      this.mSlopeQp = m.slopeQp;
      this.mCap = m.cap;
      this.mDtMinK = options.meterClass.dtMinK;
    }
    this.clock = new IntervalClock(options.interval, options.utcOffsetMinutes);
    this.checks = new PointChecks(this.log, options, this.table, limits.stuckMs);
    const bound = registerBound(options.ratedW, options.fluid);
    this.heatReg = this.has.heatRegister
      ? new RegisterTracker(
          this.log,
          'heat register',
          options.heatRegisterRolloverJ,
          bound,
          heatBasis === 'heat-register',
        )
      : null;
    this.elecReg = this.has.elecRegister
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
    if (this.n > 0 && t < this.pT)
      throw new InputError(
        `time goes backwards: ${isoUtc(t)} is earlier than ${isoUtc(this.pT)} on the previous row; samples must be in time order`,
        { line, field: 'time', value: isoUtc(t) },
      );
    const dtMs = this.n > 0 ? t - this.pT : 0;
    const bridged = this.n > 0 && dtMs <= this.maxGapMs;
    this.point(s, bridged);
    const dtS = dtMs / 1000;
    this.dHeatJ = this.heatReg ? this.heatReg.delta(s.heatRegisterJ, t, line) : 0;
    this.dElecJ = this.elecReg ? this.elecReg.delta(s.elecRegisterJ, t, line) : 0;
    this.xHeatJ = this.heatReg ? this.heatReg.excludedJ : 0;
    this.xElecJ = this.elecReg ? this.elecReg.excludedJ : 0;
    if (this.heatBasis === 'heat-register') this.checks.registerRate(this.dHeatJ, dtS, t);
    if (this.n === 0) {
      this.firstMs = t;
      const start = this.clock.startOf(t);
      this.openAcc(start);
    } else if (dtMs === 0) {
      this.duplicates++;
      this.acc.regHeatJ += this.dHeatJ;
      this.acc.regElecJ += this.dElecJ;
      this.acc.excludedJ += this.xHeatJ;
      this.acc.excludedElecJ += this.xElecJ;
    } else this.segment(t, dtMs, bridged);
    this.n++;
    this.pT = t;
    this.pP = this.cP;
    this.pM = this.cM;
    this.pE = this.cE;
    this.pS = this.cS;
    this.pSrc = this.cSrc;
    this.pValid = this.cValid;
    this.pSg = this.cSg;
    this.pSrcOk = this.cSrcOk;
  }

  /** NaN in a channel the data has is an error naming line and channel (the reader validated the text). */
  private requireNumbers(s: Readonly<MeterSample>): void {
    const h = this.has;
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
        if (this.mpeOn) m = mpeFraction(this.mBase, this.mSlopeQp, this.mCap, this.mDtMinK, q * 3600, dt);
      }
    } else if (this.fromHeatPower) p = s.heatW;
    if (this.has.elecPower) valid = c.elecPower(s.elecW, s.timeMs) && valid;
    if (this.fromFlow || this.fromHeatPower) c.heatRate(p, s.timeMs);
    // the sign of the heat power from the inputs: p itself can underflow to 0 at a tiny flow
    if (!valid) this.cSg = 0;
    else if (this.fromFlow) this.cSg = s.flowM3s > 0 ? Math.sign(s.supplyC - s.returnC) : 0;
    else this.cSg = Math.sign(p);
    this.cP = p;
    this.cM = m;
    this.cE = this.has.elecPower ? s.elecW : 0;
    this.cValid = valid;
    this.cS = s.supplyC;
    this.cSrcOk = this.has.source && c.source(s.sourceC, s.timeMs);
    this.cSrc = s.sourceC;
  }

  private segment(t: number, dtMs: number, bridged: boolean): void {
    this.segMs = dtMs;
    this.segS = dtMs / 1000;
    const integrated = bridged && this.pValid && this.cValid;
    this.integrated = integrated;
    if (!bridged && this.instant) {
      this.gapCount++;
      this.gapMs += dtMs;
      this.log.add(
        'gap',
        'warning',
        `no data for ${(dtMs / 60_000).toFixed(1)} min (from ${isoUtc(this.pT)}, longer than the ${(this.maxGapMs / 60_000).toFixed(1)} min maximum gap): not bridged, not covered${this.heatReg || this.elecReg ? '; register energy over it is counted and spread evenly' : ''}`,
        this.pT,
      );
    }
    this.episodeBefore(integrated);
    // Walk the intervals the segment spans; the next interval opens only when time has reached it, so a
    // sample exactly on a boundary closes its interval without opening an empty one.
    let from = this.pT;
    for (;;) {
      if (from >= this.acc.endMs) this.openAcc(this.acc.endMs);
      const acc = this.acc;
      const to = t < acc.endMs ? t : acc.endMs;
      this.part(acc, (from - this.pT) / dtMs, (to - this.pT) / dtMs);
      if (to === t) break;
      from = to;
    }
    this.episodeAfter(integrated, t);
  }

  private openAcc(startMs: number): void {
    this.acc = new IntervalAcc(startMs, this.clock.endAfter(startMs));
    this.accs.push(this.acc);
  }

  /** Integrates fractions f0..f1 of the current segment into one interval. */
  private part(acc: IntervalAcc, f0: number, f1: number): void {
    const frac = f1 - f0;
    const dHeat = this.dHeatJ * frac;
    acc.regHeatJ += dHeat;
    acc.regElecJ += this.dElecJ * frac;
    acc.excludedJ += this.xHeatJ * frac;
    acc.excludedElecJ += this.xElecJ * frac;
    const sMid = this.pS + (this.cS - this.pS) * (f0 + f1) * 0.5;
    const srcOk = this.pSrcOk && this.cSrcOk;
    const srcMid = this.pSrc + (this.cSrc - this.pSrc) * (f0 + f1) * 0.5;
    if (!this.instant) {
      acc.coveredMs += frac * this.segMs;
      this.weigh(acc, dHeat, sMid, srcOk, srcMid);
      return;
    }
    if (!this.integrated) return;
    acc.coveredMs += frac * this.segMs;
    acc.regHeatCmpJ += dHeat;
    acc.regElecCmpJ += this.dElecJ * frac;
    const dtS = frac * this.segS;
    const dP = this.cP - this.pP;
    const pa = this.pP + dP * f0;
    const pb = this.pP + dP * f1;
    const dE = this.cE - this.pE;
    acc.elecPowJ += (this.pE + dE * (f0 + f1) * 0.5) * dtS;
    if (!(this.fromFlow || this.fromHeatPower)) {
      this.weigh(acc, dHeat, sMid, srcOk, srcMid);
      return;
    }
    let pos: number;
    let neg: number;
    if (pa >= 0 && pb >= 0) {
      pos = (pa + pb) * 0.5 * dtS;
      neg = 0;
    } else if (pa <= 0 && pb <= 0) {
      pos = 0;
      neg = -(pa + pb) * 0.5 * dtS;
    } else {
      // linear power crossing zero: areas of the two triangles
      const k = (0.5 * dtS) / (pa > pb ? pa - pb : pb - pa);
      pos = (pa > 0 ? pa * pa : pb * pb) * k;
      neg = (pa > 0 ? pb * pb : pa * pa) * k;
    }
    acc.posJ += pos;
    acc.negJ += neg;
    this.weigh(acc, pos, sMid, srcOk, srcMid);
    if (neg > 0) {
      if (this.has.supply) {
        acc.negSupplyJC += neg * sMid;
        acc.negSupplyWeightJ += neg;
      }
      if (srcOk) {
        acc.negSourceJC += neg * srcMid;
        acc.negSourceWeightJ += neg;
      }
    }
    let mpe = 0;
    if (this.mpeOn) {
      // MPE over the part: endpoint values weighted by |power| (docs/methods.md, EN 1434 section)
      const dM = this.cM - this.pM;
      const ma = this.pM + dM * f0;
      const mb = this.pM + dM * f1;
      const wa = pa < 0 ? -pa : pa;
      const wb = pb < 0 ? -pb : pb;
      mpe = wa + wb > 0 ? (ma * wa + mb * wb) / (wa + wb) : 0;
      acc.boundPosJ += mpe * pos;
      acc.boundNegJ += mpe * neg;
    }
    if (!(neg > 0)) return;
    if (this.negTarget === TO_COOL) {
      acc.coolJ += neg;
      acc.boundCoolJ += mpe * neg;
    } else this.addPending(acc, neg, mpe * neg);
  }

  private weigh(acc: IntervalAcc, heatJ: number, supplyC: number, srcOk: boolean, sourceC: number): void {
    if (!(heatJ > 0)) return;
    if (this.has.supply) {
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
    this.negTarget = TO_COOL;
    if (this.defrostMaxMs === 0 || !(this.fromFlow || this.fromHeatPower)) return;
    if (!integrated) {
      this.closeWindow();
      return;
    }
    // signs from the inputs (flow and dT), not from the power, which can underflow to 0 at tiny flows
    const sa = this.pSg;
    const sb = this.cSg;
    const zeroMs = this.pT + this.segMs * zeroAt(this.pP, this.cP);
    if (!this.winOpen) {
      if (sa > 0 && sb <= 0) this.openWindow(zeroMs, true);
      else if (sa < 0 || sb < 0) this.openWindow(this.pT, false);
    }
    if (this.winOpen && (sa < 0 || sb < 0) && this.runStartMs !== this.runStartMs)
      this.runStartMs = sa > 0 ? zeroMs : this.pT;
    this.negTarget = this.runCooling ? TO_COOL : TO_PENDING;
  }

  /** After a segment: run lengths, and the resolution of the window when its class is known. */
  private episodeAfter(integrated: boolean, t: number): void {
    if (this.defrostMaxMs === 0 || !integrated || !this.winOpen) return;
    const sa = this.pSg;
    const sb = this.cSg;
    const segMs = this.segMs;
    const f = zeroAt(this.pP, this.cP);
    const zeroMs = this.pT + segMs * f;
    // reverse-dT time of the segment (linear power: the negative part of the segment)
    const negMs = sa < 0 && sb < 0 ? segMs : sa < 0 ? segMs * f : sb < 0 ? segMs * (1 - f) : 0;
    this.winNegMs += negMs;
    if (this.runStartMs === this.runStartMs) {
      const runEndMs = sb < 0 ? t : sa < 0 ? zeroMs : this.pT;
      const runMs = runEndMs - this.runStartMs;
      if (runMs > this.winLongestRunMs) this.winLongestRunMs = runMs;
      // A run beyond the longest defrost (when it may still be one) and beyond the shortest cooling run is
      // cooling from its start.
      const threshold = this.winFromHeating
        ? Math.max(this.defrostMaxMs, this.coolingMinMs)
        : this.coolingMinMs;
      if (!this.runCooling && runMs > threshold) {
        this.resolve(COOLING);
        this.runCooling = true;
      }
      if (sb >= 0) {
        this.runStartMs = NaN;
        if (this.runCooling) {
          this.runCooling = false;
          this.winOpen = false;
          return;
        }
      }
    }
    if (sb > 0) {
      // heating resumes: a defrost if it followed heating, lasted 2 .. 15 min (defaults) of reverse dT
      const upMs = sa < 0 ? zeroMs : this.pT;
      const defrost =
        this.winFromHeating &&
        this.winFrostOk &&
        upMs - this.winStartMs <= this.defrostMaxMs &&
        this.winNegMs >= this.defrostMinMs;
      this.resolve(defrost ? DEFROST : this.winLongestRunMs >= this.coolingMinMs ? COOLING : TRANSIENT);
      this.winOpen = false;
    } else if (this.runStartMs !== this.runStartMs && t - this.winStartMs > this.defrostMaxMs)
      this.closeWindow();
  }

  private openWindow(startMs: number, fromHeating: boolean): void {
    this.winOpen = true;
    this.winStartMs = startMs;
    this.winFromHeating = fromHeating;
    // Defrost needs an outdoor coil that can frost: an air source, not measured warmer than the frost limit.
    this.winFrostOk = this.sourceKind === 'air' && !(this.pSrcOk && this.pSrc > FROST_MAX_C);
    this.winNegMs = 0;
    this.winLongestRunMs = 0;
    this.runStartMs = NaN;
    this.runCooling = false;
  }

  /** The window ends without heating resuming (timeout, gap, invalid data, end of data). */
  private closeWindow(): void {
    if (!this.winOpen) return;
    if (!this.runCooling) this.resolve(this.winLongestRunMs >= this.coolingMinMs ? COOLING : TRANSIENT);
    this.winOpen = false;
    this.runStartMs = NaN;
    this.runCooling = false;
  }

  private addPending(acc: IntervalAcc, negJ: number, boundJ: number): void {
    const k = this.pendAcc.length - 1;
    if (k >= 0 && this.pendAcc[k] === acc) {
      this.pendNeg[k] = this.pendNeg[k]! + negJ;
      this.pendBound[k] = this.pendBound[k]! + boundJ;
    } else {
      this.pendAcc.push(acc);
      this.pendNeg.push(negJ);
      this.pendBound.push(boundJ);
    }
  }

  private resolve(kind: number): void {
    for (let i = 0; i < this.pendAcc.length; i++) {
      const acc = this.pendAcc[i]!;
      const neg = this.pendNeg[i]!;
      const bound = this.pendBound[i]!;
      if (kind === DEFROST) {
        acc.defrostJ += neg;
        acc.boundDefrostJ += bound;
      } else if (kind === COOLING) {
        acc.coolJ += neg;
        acc.boundCoolJ += bound;
      } else acc.transientJ += neg;
    }
    this.pendAcc.length = this.pendNeg.length = this.pendBound.length = 0;
  }

  finish(): HeatMeterResult {
    if (this.finished) throw new Error('finish() called twice');
    this.finished = true;
    if (this.n === 0) throw new InputError('no samples: nothing to integrate');
    this.checks.close();
    this.closeWindow();
    if (this.options.interval === 'total') this.acc.endMs = this.pT;
    this.notes();
    const ctx: SummaryContext = {
      heatBasis: this.heatBasis,
      elecBasis: this.elecBasis,
      hasBound: this.mpeOn,
      crossHeat: this.heatBasis !== 'heat-register' && this.heatReg !== null,
      crossElec: this.elecBasis === 'elec-register' && this.has.elecPower,
      heatQuantumJ: this.heatReg?.quantumJ ?? Infinity,
      elecQuantumJ: this.elecReg?.quantumJ ?? Infinity,
      log: this.log,
      scope: 'interval',
      assumedSourceC: this.has.source ? null : WARMEST_SOURCE_C[this.sourceKind],
      sourceKind: this.sourceKind,
    };
    const intervals: IntervalEnergy[] = [];
    let carry = 0;
    for (const acc of this.accs) carry = summarize(acc, ctx, carry, intervals);
    let total = intervals[0]!;
    if (this.options.interval !== 'total') {
      const sum = new IntervalAcc(this.firstMs, this.pT);
      for (const acc of this.accs) sum.addFrom(acc);
      // One interval has the total's sums: the total's checks would repeat that interval's word for word.
      const log = this.accs.length > 1 ? this.log : new CheckLog();
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
      samples: this.n,
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
    if (this.elecBasis && !this.has.supply)
      this.log.add(
        'no-carnot-check',
        'info',
        'COP not checked against the Carnot limit: it needs a supply temperature',
      );
    else if (this.elecBasis && !this.has.source)
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
