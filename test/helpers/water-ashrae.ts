/**
 * Water density and specific heat from the ASHRAE Handbook table as transcribed in EnergyPlus
 * GlycolPropertiesRefData (shared reference/fluids/energyplus_glycol_ref_water_EG_PG.csv), 20-70 degC, typed
 * here so that tests integrate meter data independently of TREC's own fluid code. Linear interpolation.
 */
const T_C = [20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70];
const DENSITY = [998.3, 997.2, 995.8, 994.2, 992.3, 990.3, 988.2, 985.8, 983.3, 980.7, 977.9];
const CP = [4183, 4180, 4179, 4178, 4179, 4179, 4181, 4182, 4184, 4187, 4189];

function interpolate(values: number[], tempC: number): number {
  if (!(tempC >= 20 && tempC <= 70)) throw new Error(`water table covers 20-70 degC, got ${tempC}`);
  const i = Math.min(Math.floor((tempC - 20) / 5), T_C.length - 2);
  const f = (tempC - T_C[i]!) / 5;
  return values[i]! + f * (values[i + 1]! - values[i]!);
}

export const waterDensityKgM3 = (tempC: number): number => interpolate(DENSITY, tempC);
export const waterCpJKgK = (tempC: number): number => interpolate(CP, tempC);

/**
 * Heat of one meter sample held for `seconds`: V x rho(T_return) x cp(mean T) x (T_supply - T_return), the
 * flow sensor in the return (the issue-3 default), in J.
 */
export function sampleHeatJ(flowLpm: number, supplyC: number, returnC: number, seconds: number): number {
  if (flowLpm === 0) return 0;
  const m3s = flowLpm / 60000;
  return (
    m3s * waterDensityKgM3(returnC) * waterCpJKgK((supplyC + returnC) / 2) * (supplyC - returnC) * seconds
  );
}
