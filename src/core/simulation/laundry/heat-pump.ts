import { carnotCopHeating } from '../../heat-pump/carnot.ts';

/**
 * The laundry heat pump's steady-state full-load performance as a function of its source (room air entering
 * the evaporator) and sink (water leaving the condenser) temperatures.
 *
 * COP = carnotFraction x Carnot COP between the REFRIGERANT temperatures, estimated from the fluid
 * temperatures with approach differences: T_cond = T_water,out + condenserApproachK, T_evap = T_air,in -
 * evaporatorApproachK. The encyclopedia article "Heat pump" (a project source document): compression heat
 * pumps reach 40-60 % of the Carnot COP. The fraction and approaches reproduce the AixLib
 * AverageAirToWaterResidential map within 12 % over 45-60 degC water and 7-37 degC air (tests); the real
 * refrigerant temperatures are not known, so the approaches are assumptions.
 *
 * Capacity = rated x (1 + sourceSlope (T_air - 27) + sinkSlope (T_water,out - 55)), slopes read off the same
 * AixLib map (docs/methods.md).
 */
export interface LaundryHeatPump {
  hpRatedHeatW: number;
  hpCapacitySourceSlope: number;
  hpCapacitySinkSlope: number;
  carnotFraction: number;
  condenserApproachK: number;
  evaporatorApproachK: number;
}

/** Rating point of the capacity line: 27 degC air, 55 degC leaving water. */
const RATING_SOURCE_C = 27;
const RATING_SINK_C = 55;

export function heatPumpCapacityW(hp: LaundryHeatPump, sourceC: number, sinkC: number): number {
  const factor =
    1 +
    hp.hpCapacitySourceSlope * (sourceC - RATING_SOURCE_C) +
    hp.hpCapacitySinkSlope * (sinkC - RATING_SINK_C);
  return hp.hpRatedHeatW * Math.max(factor, 0);
}

/** Heating COP from the air entering and the water leaving (the approaches keep the refrigerant lift > 0). */
export function heatPumpCop(hp: LaundryHeatPump, sourceC: number, sinkC: number): number {
  return (
    hp.carnotFraction * carnotCopHeating(sinkC + hp.condenserApproachK, sourceC - hp.evaporatorApproachK)
  );
}
