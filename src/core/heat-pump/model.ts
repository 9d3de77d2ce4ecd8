/**
 * One interface for every heat-pump unit model (performance map or fitted parametric model), so the seasonal
 * estimate and the simulations do not care where the numbers come from. See README.md beside this file.
 */
export interface OperatingConditions {
  /** Evaporator inlet: outdoor air, brine from the ground loop, or room air (laundry). */
  sourceC: number;
  /** Condenser outlet: leaving water (air-to-water, brine-to-water) or indoor air (air-to-air). */
  sinkC: number;
  /** Outdoor air. Only the parametric (hplib) model uses it; maps ignore it. */
  ambientC: number;
}

/** Full-load heating output of the unit at one operating condition. */
export interface OperatingPoint {
  capacityW: number;
  powerW: number;
  /** capacityW / powerW. */
  cop: number;
}

/** Where a model may be evaluated; outside it `at` throws OutOfRangeError (never extrapolates). */
export interface ModelRange {
  sourceMinC: number;
  sourceMaxC: number;
  sinkMinC: number;
  sinkMaxC: number;
}

export interface HeatPumpModel {
  name: string;
  kind: 'map' | 'parametric';
  range: ModelRange;
  /** Span of the data the model was built from, when narrower than `range` (parametric fits): evaluating
   * outside it but inside `range` is the model's own extrapolation and is reported as a check. */
  declared?: ModelRange;
  /** Full-load capacity and electrical power; throws OutOfRangeError outside `range` or the envelope. */
  at(conditions: OperatingConditions): OperatingPoint;
}
