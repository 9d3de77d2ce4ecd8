// The tables embedded in src/core/fluids/tables/ must equal the reference files they were generated from
// (scripts/fluid-tables.ts). If this fails, rerun: node --import tsx scripts/fluid-tables.ts
import { describe, expect, it } from 'vitest';
import {
  ASHRAE_STEP_K as SCRIPT_STEP_K,
  parseAshraeCsv,
  parseCoolPropDensity,
  parseMelinderFreeze,
} from '../../scripts/fluid-tables.ts';
import { ASHRAE_COLUMNS, ASHRAE_STEP_K } from '../../src/core/fluids/tables/ashrae.ts';
import { MEG_DENSITY } from '../../src/core/fluids/tables/coolprop-meg.ts';
import {
  ETHYLENE_GLYCOL_FREEZE,
  PROPYLENE_GLYCOL_FREEZE,
} from '../../src/core/fluids/tables/melinder-freeze.ts';
import { ashraeRows, readReference } from '../helpers/fluid-reference.ts';

describe('embedded fluid tables equal reference/fluids/', () => {
  it('ASHRAE/EnergyPlus columns', () => {
    expect(ASHRAE_STEP_K).toBe(SCRIPT_STEP_K);
    expect(ASHRAE_COLUMNS).toEqual(parseAshraeCsv(readReference('energyplus_glycol_ref_water_EG_PG.csv')));
  });
  it('every CSV row is in the embedded table, at its temperature (independent of the generator)', () => {
    const rows = ashraeRows();
    expect(rows.length).toBe(577);
    for (const r of rows) {
      const col = ASHRAE_COLUMNS.find(
        (c) => c.fluid === r.fluid && c.property === r.property && c.massFraction === r.x,
      );
      expect(
        col?.values[(r.tC - col.firstC) / ASHRAE_STEP_K],
        `${r.fluid} ${r.property} ${r.x} ${r.tC}`,
      ).toBe(r.value);
    }
    expect(ASHRAE_COLUMNS.reduce((n, c) => n + c.values.length, 0)).toBe(rows.length);
  });
  it('Melinder freezing points', () => {
    expect(PROPYLENE_GLYCOL_FREEZE).toEqual(
      parseMelinderFreeze(readReference('Melinder_Propylene_Glycol_TFreeze.txt')),
    );
    expect(ETHYLENE_GLYCOL_FREEZE).toEqual(
      parseMelinderFreeze(readReference('Melinder_Ethylene_glycol_TFreeze.txt')),
    );
    expect(PROPYLENE_GLYCOL_FREEZE.freezeC[3]).toBe(-13.08164068); // 30 % row, as printed in the file
  });
  it('CoolProp MEG density polynomial', () => {
    expect(MEG_DENSITY).toEqual(parseCoolPropDensity(readReference('CoolProp_incomp_MEG.json')));
    expect(MEG_DENSITY.coeffs[0][0]).toBe(1034.0);
  });
});
