import { carnotCopHeating } from '../../heat-pump/carnot.ts';

/**
 * The laundry heat pump's steady-state performance as a function of its source (room air at the evaporator)
 * and sink (water leaving the condenser) temperatures.
 *
 * COP = carnotFraction x T_sink / (T_sink - T_source), absolute temperatures of the FLUIDS (air in, water out),
 * not of the refrigerant: the real refrigerant lift is larger by the two heat-exchanger approach temperatures,
 * so a fraction applied to fluid temperatures sits lower than the 40-60 % of refrigerant-side Carnot COP that
 * seed 002 states. Checked against the AixLib AverageAirToWaterResidential map in the tests (within 15 % from
 * 17 to 37 degC air at 55-60 degC water).
 *
 * Capacity = rated x (1 + sourceSlope (T_source - 27) + sinkSlope (T_sink - 55)), slopes read off the same
 * AixLib map (docs/methods.md).
 */
export interface LaundryHeatPump {
  hpRatedHeatW: number;
  hpCapacitySourceSlope: number;
  hpCapacitySinkSlope: number;
  carnotFraction: number;
}

/** Rating point of the capacity line: 27 degC air, 55 degC leaving water. */
export const RATING_SOURCE_C = 27;
export const RATING_SINK_C = 55;

export function heatPumpCapacityW(hp: LaundryHeatPump, sourceC: number, sinkC: number): number {
  const factor =
    1 +
    hp.hpCapacitySourceSlope * (sourceC - RATING_SOURCE_C) +
    hp.hpCapacitySinkSlope * (sinkC - RATING_SINK_C);
  return hp.hpRatedHeatW * Math.max(factor, 0);
}

/** Heating COP; the caller keeps the source below the sink (an air source warmer than the water is locked out). */
export function heatPumpCop(hp: LaundryHeatPump, sourceC: number, sinkC: number): number {
  return hp.carnotFraction * carnotCopHeating(sinkC, sourceC);
}
