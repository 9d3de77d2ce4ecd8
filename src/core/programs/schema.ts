import { z } from 'zod';
import { METHOD_NAMES } from '../methods/types.ts';

/**
 * Schema of a program rule file (programs/*.json). Every rule value carries where it comes from:
 *   verified       read in the rule or statute text (or the regulator's own page quoting it); cite it
 *   secondary      from an aggregator, trade or news source, or a seed document; cite it
 *   assumption     chosen by TREC where the sources are silent; the note says why
 *   unknown        not found: value is null, never invented
 *   not-applicable the field does not apply to this program: value is null
 */
export const VALUE_STATUSES = ['verified', 'secondary', 'assumption', 'unknown', 'not-applicable'] as const;
export type ValueStatus = (typeof VALUE_STATUSES)[number];

function sourced<T extends z.ZodType>(value: T) {
  return z
    .object({
      value: value.nullable(),
      status: z.enum(VALUE_STATUSES),
      sources: z.array(z.string()).default([]),
      note: z.string().optional(),
    })
    .strict()
    .superRefine((raw, ctx) => {
      const v = raw as { value: unknown; status: ValueStatus; sources: string[]; note?: string };
      const empty = v.status === 'unknown' || v.status === 'not-applicable';
      if (empty && v.value !== null)
        ctx.addIssue({ code: 'custom', path: ['value'], message: `must be null when status is ${v.status}` });
      if (!empty && v.value === null)
        ctx.addIssue({ code: 'custom', path: ['value'], message: `is null but status is ${v.status}` });
      if ((v.status === 'verified' || v.status === 'secondary') && v.sources.length === 0)
        ctx.addIssue({
          code: 'custom',
          path: ['sources'],
          message: `a ${v.status} value must cite a source`,
        });
      if (v.status === 'assumption' && !v.note)
        ctx.addIssue({ code: 'custom', path: ['note'], message: 'an assumption must say why (note)' });
    });
}

const isoDate = z.iso.date();

/** Methods a program may name: TREC's prescriptive methods and the ones TREC does not compute here. */
export const PROGRAM_METHODS = [
  ...METHOD_NAMES,
  'metered',
  'savings-calculator',
  'engineering-study',
  'regulator-formula',
] as const;

export const TECHNOLOGIES = ['ground-source', 'air-source', 'air-to-water', 'water-source'] as const;

const sizeClass = z
  .object({
    name: z.string().min(1),
    minBtuh: z.number().nonnegative().nullable(),
    minInclusive: z.boolean(),
    maxBtuh: z.number().positive().nullable(),
    maxInclusive: z.boolean(),
  })
  .strict();

const multiplier = z
  .object({
    technology: z.enum(TECHNOLOGIES).optional(),
    sizeClass: z.string().optional(),
    condition: z.string().optional(),
    value: z.number().positive(),
  })
  .strict();

const source = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    url: z.string().optional(),
    kind: z.enum(['statute', 'regulation', 'regulator', 'registry', 'secondary', 'seed']),
    /** How the text was read (e.g. "stored copy read with the search tool"), and what it confirms. */
    checked: z.string().min(1),
  })
  .strict();

export const programSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase words joined by hyphens'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'semantic version x.y.z'),
    name: z.string().min(1),
    jurisdiction: z.string().min(1),
    programStatus: z.enum(['in-force', 'rules-pending', 'proposal']),
    effective: sourced(z.object({ from: isoDate, to: isoDate.nullable() }).strict()),
    registry: sourced(z.string()),
    certificate: sourced(
      z.object({ name: z.string(), size: z.number().positive(), unit: z.enum(['MWh', 'Dth']) }).strict(),
    ),
    btuPerMwh: sourced(z.number().positive()),
    technologies: sourced(z.array(z.enum(TECHNOLOGIES)).min(1)),
    sizeClasses: sourced(z.array(sizeClass).min(1)),
    methods: sourced(z.array(z.enum(PROGRAM_METHODS)).min(1)),
    energyCounted: z
      .object({
        heating: sourced(z.boolean()),
        cooling: sourced(z.boolean()),
        netOfElectricity: sourced(z.boolean()),
      })
      .strict(),
    multipliers: sourced(z.array(multiplier).min(1)),
    fullLoadHours: sourced(z.number().positive()),
    reportingCadence: sourced(z.string()),
    remainder: sourced(z.enum(['carried-forward', 'dropped'])),
    metering: sourced(z.string()),
    sources: z.array(source).min(1),
    notes: z.array(z.string()).default([]),
  })
  .strict()
  .superRefine((program, ctx) => {
    // Every cited source id must be listed in `sources`.
    const ids = new Set(program.sources.map((s) => s.id));
    for (const [key, field] of Object.entries(program)) {
      const entries = key === 'energyCounted' ? Object.entries(field as object) : [[undefined, field]];
      for (const [sub, v] of entries as [string | undefined, unknown][]) {
        if (!v || typeof v !== 'object' || !('sources' in v)) continue;
        (v as { sources: string[] }).sources.forEach((id, i) => {
          if (!ids.has(id))
            ctx.addIssue({
              code: 'custom',
              path: [key, ...(sub ? [sub] : []), 'sources', i],
              message: `cites "${id}", which is not listed in sources`,
            });
        });
      }
    }
  });

export type Program = z.infer<typeof programSchema>;
export type ProgramSource = z.infer<typeof source>;
export type SizeClass = z.infer<typeof sizeClass>;
export type ProgramMultiplier = z.infer<typeof multiplier>;
