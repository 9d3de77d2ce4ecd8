// Reads the fluid reference files (reference/fluids/) for tests; core never reads files.
import { readFileSync } from 'node:fs';

export const readReference = (name: string): string =>
  readFileSync(new URL(`../../reference/fluids/${name}`, import.meta.url), 'utf8');

/** A Melinder grid file: header "T\X  x1 x2 ..." (mass %), then one row per temperature; -1 = below freezing. */
export function melinderGrid(name: string): { massPercent: number[]; rows: Map<number, number[]> } {
  const [header = '', ...lines] = readReference(name).trim().split(/\r?\n/);
  const massPercent = header.trim().split(/\s+/).slice(1).map(Number);
  const rows = new Map<number, number[]>();
  for (const line of lines) {
    const [t, ...values] = line.trim().split(/\s+/).map(Number);
    rows.set(t!, values);
  }
  return { massPercent, rows };
}

/** ASHRAE/EnergyPlus CSV rows: fluid, property, mass fraction, temperature C, value. */
export function ashraeRows(): { fluid: string; property: string; x: number; tC: number; value: number }[] {
  return readReference('energyplus_glycol_ref_water_EG_PG.csv')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [fluid = '', property = '', x, tC, value] = line.split(',');
      return { fluid, property, x: Number(x), tC: Number(tC), value: Number(value) };
    });
}
