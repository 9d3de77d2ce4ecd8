import { z } from 'zod';
import {
  checkFluidTempC,
  FLUID_KINDS,
  fluidModel,
  InputError,
  type Check,
  type FluidKind,
} from '../core/index.ts';
import { relocated } from './errors.ts';
import { rangedNumber } from './ranges.ts';
import { defineUseCase } from './use-case.ts';

export const fluidInput = z
  .object({
    fluid: z
      .enum(FLUID_KINDS, { error: `fluid must be one of ${FLUID_KINDS.join(', ')}` })
      .meta({ description: 'water or a glycol solution' }),
    massFraction: rangedNumber('massFraction')
      .optional()
      .meta({ description: 'glycol mass fraction, 0..0.6 (0.3 for 30 %); none for water' }),
    tempC: rangedNumber('tempC'),
  })
  .strict();

export type FluidInput = z.input<typeof fluidInput>;

export interface FluidResult {
  fluid: FluidKind;
  massFraction: number;
  tempC: number;
  densityKgM3: number;
  cpJKgK: number;
  /** The temperatures the source tables give for this fluid (above its freezing point). */
  validMinC: number;
  validMaxC: number;
  freezeC: number | null;
  source: string;
  checks: Check[];
}

/** Density and specific heat of water or a glycol solution at one temperature, from the source tables. */
export const fluidUseCase = defineUseCase({
  name: 'fluid',
  summary: 'Density and specific heat of water or a glycol solution at one temperature',
  input: fluidInput,
  defaults: {},
  run(i): FluidResult {
    if (i.fluid !== 'water' && i.massFraction === undefined)
      throw new InputError('give the glycol concentration, e.g. 0.3 for 30 % by mass', {
        path: ['massFraction'],
      });
    return relocated({ massFraction: ['massFraction'], tempC: ['tempC'] }, () => {
      // Water is pure: its mass fraction is 0 (a glycol's is required above).
      const model = fluidModel({ kind: i.fluid, massFraction: i.massFraction ?? 0 });
      checkFluidTempC(model, i.tempC);
      return {
        fluid: i.fluid,
        massFraction: model.spec.massFraction,
        tempC: i.tempC,
        densityKgM3: model.densityKgM3(i.tempC),
        cpJKgK: model.cpJKgK(i.tempC),
        validMinC: model.minC,
        validMaxC: model.maxC,
        freezeC: model.freezeC ?? null,
        source: model.source,
        checks: [],
      };
    });
  },
  present: (r) => ({
    fluid: r.fluid,
    mass_fraction: r.massFraction,
    temp_c: r.tempC,
    density_kg_m3: r.densityKgM3,
    cp_j_kgk: r.cpJKgK,
    valid_min_c: r.validMinC,
    valid_max_c: r.validMaxC,
    freeze_c: r.freezeC,
    source: r.source,
  }),
});
