/**
 * Water and glycol cp / density from the ASHRAE Handbook Fundamentals tables as transcribed in EnergyPlus
 * (datasets/GlycolPropertiesRefData.idf; reference/fluids/energyplus_glycol_ref_water_EG_PG.csv): water
 * 0..125 C; propylene glycol cp and density, ethylene glycol cp, 10..60 % by mass, each concentration from
 * its own lowest temperature (just above its freezing point) to 125 C, in 5 K steps. 0 % is water.
 *
 * For one concentration x we build a temperature column once: at every 5 K knot, PCHIP across the
 * concentrations tabulated at that temperature; between knots, PCHIP in temperature. See docs/methods.md.
 */
import { pchipAt, pchipSlopes, UniformPchip } from './pchip.ts';
import { ASHRAE_COLUMNS, ASHRAE_STEP_K } from './tables/ashrae.ts';

export type AshraeFluid = 'PropyleneGlycol' | 'EthyleneGlycol';
export type AshraeProperty = 'cp_J_per_kgK' | 'density_kg_per_m3';

interface Column {
  readonly massFraction: number;
  readonly firstC: number;
  readonly values: readonly number[];
}

const lastC = (c: Column) => c.firstC + (c.values.length - 1) * ASHRAE_STEP_K;
const has = (c: Column, tC: number) => tC >= c.firstC && tC <= lastC(c);

/** The water column followed by the glycol's columns in rising concentration (water alone for 'Water'). */
export function ashraeColumns(fluid: AshraeFluid | 'Water', property: AshraeProperty): Column[] {
  const pick = (name: string) => ASHRAE_COLUMNS.filter((c) => c.fluid === name && c.property === property);
  const columns = fluid === 'Water' ? pick('Water') : [...pick('Water'), ...pick(fluid)];
  return columns.sort((a, b) => a.massFraction - b.massFraction);
}

/** Highest tabulated concentration (mass fraction) of a glycol. */
export function ashraeMaxFraction(fluid: AshraeFluid, property: AshraeProperty): number {
  return ashraeColumns(fluid, property).at(-1)!.massFraction;
}

/**
 * Temperature interpolant for mass fraction x (within the tabulated concentrations). It starts at the lowest
 * temperature where both bracketing concentrations have data: below that the table says nothing about x.
 */
export function ashraeTemperatureColumn(columns: readonly Column[], x: number): UniformPchip {
  let lo = 0;
  while (lo < columns.length - 1 && columns[lo + 1]!.massFraction <= x) lo++;
  const hi = columns[lo]!.massFraction === x ? lo : lo + 1;
  const bracket = columns.slice(lo, hi + 1);
  const firstC = Math.max(...bracket.map((c) => c.firstC));
  const endC = Math.min(...bracket.map(lastC));
  const values: number[] = [];
  for (let tC = firstC; tC <= endC; tC += ASHRAE_STEP_K) {
    // The run of neighbouring concentrations tabulated at tC, around the bracket.
    let a = lo;
    let b = hi;
    while (a > 0 && has(columns[a - 1]!, tC)) a--;
    while (b < columns.length - 1 && has(columns[b + 1]!, tC)) b++;
    const run = columns.slice(a, b + 1);
    const ys = run.map((c) => c.values[(tC - c.firstC) / ASHRAE_STEP_K]!);
    if (run.length === 1) values.push(ys[0]!);
    else {
      const xs = run.map((c) => c.massFraction);
      values.push(pchipAt(xs, ys, pchipSlopes(xs, ys), x));
    }
  }
  return new UniformPchip(firstC, ASHRAE_STEP_K, Float64Array.from(values));
}
