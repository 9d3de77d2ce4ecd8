import { readFileSync } from 'node:fs';

/**
 * Water density and specific heat read straight from the reference file (ASHRAE Handbook table as
 * transcribed in EnergyPlus GlycolPropertiesRefData: reference/fluids/energyplus_glycol_ref_water_EG_PG.csv,
 * 0-125 degC in 5 K steps), with linear interpolation, so that tests integrate meter data independently of
 * TREC's own fluid code (its embedded tables and PCHIP interpolation).
 */
const CSV = new URL('../../reference/fluids/energyplus_glycol_ref_water_EG_PG.csv', import.meta.url);

function waterColumn(property: string): Map<number, number> {
  const column = new Map<number, number>();
  for (const line of readFileSync(CSV, 'utf8').split('\n')) {
    const [fluid, prop, , tempC, value] = line.split(',');
    if (fluid === 'Water' && prop === property) column.set(Number(tempC), Number(value));
  }
  return column;
}

const DENSITY = waterColumn('density_kg_per_m3');
const CP = waterColumn('cp_J_per_kgK');

function interpolate(table: Map<number, number>, tempC: number): number {
  const low = Math.floor(tempC / 5) * 5;
  const a = table.get(low);
  const b = tempC === low ? a : table.get(low + 5);
  if (a === undefined || b === undefined) throw new Error(`water table covers 0-125 degC, got ${tempC}`);
  return a + ((tempC - low) / 5) * (b - a);
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
