import { expect } from 'vitest';
import type { FluidInput } from '../../src/app/index.ts';
import { contractSuite, defaultArgv } from './harness.ts';

contractSuite({
  useCase: 'fluid',
  command: ['fluid'],
  argv: ({ fluid, ...rest }) => [fluid, ...defaultArgv(rest)],
  flags: { fluid: 'fluid' },
  cases: [
    {
      // ASHRAE Handbook table as in EnergyPlus (reference/fluids/energyplus_glycol_ref_water_EG_PG.csv):
      // water at 20 C, 998.3 kg/m3 and 4183 J/(kg K), the table's own row.
      name: 'water at 20 C: 998.3 kg/m3 and 4183 J/(kg K), the ASHRAE table row',
      input: { fluid: 'water', tempC: 20 },
      expect: (j) => {
        expect(j.density_kg_m3).toBeCloseTo(998.3, 9);
        expect(j.cp_j_kgk).toBeCloseTo(4183, 9);
        expect(j).toMatchObject({ fluid: 'water', mass_fraction: 0, valid_min_c: 0, valid_max_c: 125 });
        expect(j.source).toMatch(/ASHRAE/);
      },
    },
    {
      // The same table, propylene glycol 30 % at 20 C: 1028 kg/m3, 3848 J/(kg K); freezing point -13.08 C
      // (Melinder_Propylene_Glycol_TFreeze.txt, 30 % row).
      name: '30 % propylene glycol at 20 C: 1028 kg/m3, 3848 J/(kg K), freezing at -13.08 C',
      input: { fluid: 'propylene-glycol', massFraction: 0.3, tempC: 20 },
      expect: (j) => {
        expect(j.density_kg_m3).toBeCloseTo(1028, 9);
        expect(j.cp_j_kgk).toBeCloseTo(3848, 9);
        expect(j.freeze_c).toBe(-13.08164068);
      },
    },
  ],
  errors: [
    {
      name: 'a glycol without its concentration',
      input: { fluid: 'propylene-glycol', tempC: 20 },
      path: ['massFraction'],
      detail: /give the glycol concentration/,
    },
    {
      name: 'ethylene glycol above the 60 % the tables give',
      input: { fluid: 'ethylene-glycol', massFraction: 0.7, tempC: 20 },
      path: ['massFraction'],
      detail: /between 0 and 0\.6/,
    },
    {
      name: 'water with a mass fraction',
      input: { fluid: 'water', massFraction: 0.2, tempC: 20 },
      path: ['massFraction'],
      detail: /water has mass fraction 0/,
    },
    {
      name: '30 % propylene glycol below its freezing point',
      input: { fluid: 'propylene-glycol', massFraction: 0.3, tempC: -20 },
      path: ['tempC'],
      detail: /below the freezing point of 30 % propylene glycol \(-13\.08 C\)/,
    },
    {
      name: 'water above the 125 C the table gives',
      input: { fluid: 'water', tempC: 130 },
      path: ['tempC'],
      detail: /above the highest temperature/,
    },
    {
      name: 'an unknown fluid',
      input: { fluid: 'oil' as FluidInput['fluid'], tempC: 20 }, // a value the schema refuses
      path: ['fluid'],
      detail: /fluid must be one of water, propylene-glycol, ethylene-glycol/,
    },
  ],
});
