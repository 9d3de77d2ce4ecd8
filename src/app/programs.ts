import { z } from 'zod';
import type { Check, Program } from '../core/index.ts';
import { relocated } from './errors.ts';
import { defineUseCase } from './use-case.ts';

/** One line of the programs list: what a program is, who registers it and how it counts (snake_case JSON). */
export function programSummary(p: Program) {
  const cert = p.certificate.value;
  return {
    id: p.id,
    version: p.version,
    name: p.name,
    program_status: p.programStatus,
    registry: p.registry.value,
    certificate_unit: cert ? `${cert.size} ${cert.unit}` : null,
    methods: p.methods.value,
    reporting_cadence: p.reportingCadence.value,
  };
}

export type ProgramSummary = ReturnType<typeof programSummary>;

export const programsInput = z.object({}).strict();
export type ProgramsInput = z.input<typeof programsInput>;

/** Every certificate program of the catalogue, sorted by id. */
export const programsUseCase = defineUseCase({
  name: 'programs',
  summary: 'The certificate programs TREC knows: registry, certificate unit, methods, cadence',
  input: programsInput,
  defaults: {},
  run: (_input, { ports }): { programs: readonly Program[]; checks: Check[] } => ({
    programs: ports.programs.list(),
    checks: [],
  }),
  present: (r) => r.programs.map(programSummary),
});

export const programInput = z
  .object({ id: z.string().min(1).meta({ description: 'a program id (see the programs use case)' }) })
  .strict();
export type ProgramInput = z.input<typeof programInput>;

/** One program with every rule value, its status and its sources: the program file as validated. */
export const programUseCase = defineUseCase({
  name: 'program',
  summary: 'One program with every rule value, its status and its sources',
  input: programInput,
  defaults: {},
  run: (i, { ports }): { program: Program; checks: Check[] } => ({
    program: relocated({ program: ['id'] }, () => ports.programs.get(i.id)),
    checks: [],
  }),
  present: (r) => r.program,
});
