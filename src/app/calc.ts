import { z } from 'zod';
import {
  calculateMethod,
  capacityFromOne,
  defaultMethod,
  InputError,
  isOk,
  jToMwh,
  METHOD_NAMES,
  type MethodInputs,
  type MethodResult,
} from '../core/index.ts';
import { relocated } from './errors.ts';
import { rangedNumber } from './ranges.ts';
import { defineUseCase } from './use-case.ts';

export const calcInput = z
  .object({
    method: z
      .enum(METHOD_NAMES, { error: `unknown method; use one of ${METHOD_NAMES.join(', ')}` })
      .optional()
      .meta({ description: "default: the program's only method" }),
    program: z.string().min(1).optional().meta({ description: 'a program id (see the programs use case)' }),
    tons: rangedNumber('tons').optional(),
    capacityKw: rangedNumber('capacityKw').optional(),
    capacityBtuh: rangedNumber('capacityBtuh').optional(),
    cop: rangedNumber('cop'),
    multiplier: rangedNumber('multiplier').optional(),
    hours: rangedNumber('hours').optional(),
    runtimeH: rangedNumber('runtimeH').optional(),
    loadFraction: rangedNumber('loadFraction').optional(),
    fullLoadHours: rangedNumber('fullLoadHours').optional(),
    sourceC: rangedNumber('sourceC').optional(),
    sinkC: rangedNumber('sinkC').optional(),
  })
  .strict();

export type CalcInput = z.infer<typeof calcInput>;

/** Core parameter -> the calc input it comes from (capacityW: whichever capacity was given). */
function inputPaths(i: CalcInput) {
  const capacity = i.tons !== undefined ? 'tons' : i.capacityKw !== undefined ? 'capacityKw' : 'capacityBtuh';
  return {
    capacityW: [capacity],
    cop: ['cop'],
    multiplier: ['multiplier'],
    periodH: ['hours'],
    runtimeH: ['runtimeH'],
    loadFraction: ['loadFraction'],
    fullLoadHours: ['fullLoadHours'],
    sourceC: ['sourceC'],
    sinkC: ['sinkC'],
    method: ['method'],
  };
}

/** Certificates by a prescriptive method, with the physics audit beside the number. */
export const calcUseCase = defineUseCase({
  name: 'calc',
  summary:
    'Certificates by a prescriptive method (GREC formula, runtime, full-load hours), with the physics cap',
  input: calcInput,
  defaults: {},
  run(i, { ports }): MethodResult {
    const program =
      i.program === undefined
        ? undefined
        : relocated({ program: ['program'] }, () => ports.programs.get(i.program as string));
    const method = i.method ?? defaultMethod(program);
    if (i.sourceC !== undefined && i.sinkC !== undefined && !(i.sinkC > i.sourceC))
      throw new InputError(
        `a heat pump heats a sink warmer than its source: sink ${i.sinkC} degC must be above source ${i.sourceC} degC`,
        { path: ['sinkC'], also: [['sourceC']] },
      );
    const inputs: MethodInputs = { capacityW: capacityFromOne(i), cop: i.cop };
    const optional = {
      multiplier: i.multiplier,
      periodH: i.hours,
      runtimeH: i.runtimeH,
      loadFraction: i.loadFraction,
      fullLoadHours: i.fullLoadHours,
      sourceC: i.sourceC,
      sinkC: i.sinkC,
    };
    for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(inputs, { [k]: v });
    return relocated(inputPaths(i), () => calculateMethod(method, inputs, program));
  },
  present: (r) => ({
    method: r.method,
    program_id: r.programId ?? null,
    program_version: r.programVersion ?? null,
    basis: r.basis,
    inputs: {
      capacity_w: r.inputs.capacityW,
      cop: r.inputs.cop,
      multiplier: r.inputs.multiplier,
      period_h: r.inputs.periodH,
      runtime_h: r.inputs.runtimeH ?? null,
      load_fraction: r.inputs.loadFraction ?? null,
      full_load_hours: r.inputs.fullLoadHours ?? null,
    },
    energy_j: r.energyJ,
    btu: r.btu,
    mwh: r.mwh,
    btu_per_mwh: r.btuPerMwh,
    credited_mwh: r.creditedMwh,
    heat_mwh: r.heatMwh ?? null,
    capacity_cap_mwh: jToMwh(r.capJ),
    renewable_cap_mwh: jToMwh(r.renewableCapJ),
    certificates: r.certificates,
    certificate_unit: r.certificateUnit,
    remainder_j: r.remainderJ,
    ok: isOk(r.checks),
    checks: r.checks,
    notes: r.notes,
  }),
});
