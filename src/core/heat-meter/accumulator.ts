/**
 * Raw sums of one reporting interval, filled sample by sample by the integrator (numbers only, one object
 * per interval, none per sample). Derived figures (net heat, COP, bounds, checks) come from
 * {@link ./summary.ts} once the stream has ended, because a defrost episode that straddles a boundary is
 * only classified when heating resumes.
 */
export class IntervalAcc {
  /** Gross positive and negative (magnitude) heat from flow and temperatures or the heat power channel, J. */
  posJ = 0;
  negJ = 0;
  /** Parts of negJ classified as defrost, cooling and transient, J. */
  defrostJ = 0;
  coolJ = 0;
  transientJ = 0;
  /** Register steps not counted (implausible mean power), J. */
  excludedJ = 0;
  excludedElecJ = 0;
  /** EN 1434 error bounds (J) of posJ, negJ and defrostJ: the integral of MPE x |power|. */
  boundPosJ = 0;
  boundNegJ = 0;
  boundDefrostJ = 0;
  boundCoolJ = 0;
  /** Register deltas spread over time, J; *CmpJ: only over segments also integrated from instant data. */
  regHeatJ = 0;
  regHeatCmpJ = 0;
  regElecJ = 0;
  regElecCmpJ = 0;
  /** Electrical energy from the power channel, J. */
  elecPowJ = 0;
  /** Time covered by valid, bridged data, ms. */
  coveredMs = 0;
  /** Heat-weighted temperature sums (sum of energy x temperature, J degC) and their weights (J). */
  supplyJC = 0;
  supplyWeightJ = 0;
  sourceJC = 0;
  sourceWeightJ = 0;
  /** The same, weighted by reverse-dT energy (for the cooling Carnot check). */
  negSupplyJC = 0;
  negSupplyWeightJ = 0;
  negSourceJC = 0;
  negSourceWeightJ = 0;

  constructor(
    readonly startMs: number,
    public endMs: number,
  ) {}

  /** Adds another interval's sums (for the whole-file total). */
  addFrom(o: IntervalAcc): void {
    this.posJ += o.posJ;
    this.negJ += o.negJ;
    this.defrostJ += o.defrostJ;
    this.coolJ += o.coolJ;
    this.transientJ += o.transientJ;
    this.excludedJ += o.excludedJ;
    this.excludedElecJ += o.excludedElecJ;
    this.boundCoolJ += o.boundCoolJ;
    this.negSupplyJC += o.negSupplyJC;
    this.negSupplyWeightJ += o.negSupplyWeightJ;
    this.negSourceJC += o.negSourceJC;
    this.negSourceWeightJ += o.negSourceWeightJ;
    this.boundPosJ += o.boundPosJ;
    this.boundNegJ += o.boundNegJ;
    this.boundDefrostJ += o.boundDefrostJ;
    this.regHeatJ += o.regHeatJ;
    this.regHeatCmpJ += o.regHeatCmpJ;
    this.regElecJ += o.regElecJ;
    this.regElecCmpJ += o.regElecCmpJ;
    this.elecPowJ += o.elecPowJ;
    this.coveredMs += o.coveredMs;
    this.supplyJC += o.supplyJC;
    this.supplyWeightJ += o.supplyWeightJ;
    this.sourceJC += o.sourceJC;
    this.sourceWeightJ += o.sourceWeightJ;
  }
}
