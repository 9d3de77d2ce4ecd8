import { z } from 'zod';
import { METHOD_NAMES } from '../methods/types.ts';

/**
 * Schema of a program rule file (programs/*.json). Every rule value carries where it comes from:
 *   verified       read in the rule or statute text, or on the regulator's or registry's own page; cite at
 *                  least one such primary source (kind statute, regulation, regulator or registry)
 *   secondary      from an aggregator, trade or news source, or the document a proposal comes from; cite it
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

/** Kinds of source. The first four are primary: only they can make a value `verified`. */
export const SOURCE_KINDS = [
  'statute',
  'regulation',
  'regulator',
  'registry',
  'secondary',
  'proposal',
] as const;
export const PRIMARY_SOURCE_KINDS: readonly (typeof SOURCE_KINDS)[number][] = [
  'statute',
  'regulation',
  'regulator',
  'registry',
];

/**
 * Text a user reads (titles, notes, `checked`) names a source by its author and title, never by a path on
 * the machine that wrote the file: a path outside the repository means nothing to a reader.
 */
const PATH_LIKE =
  /(^|[\s(])(\.{0,2}\/)?(shared|work|tmp|home)\/|(^|[\s(])\/[A-Za-z]+\/|[A-Za-z]:\\|\bseeds?\/|\bseed[ -]?0\d\d\b/i;

const source = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    url: z.string().optional(),
    kind: z.enum(SOURCE_KINDS),
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
    /**
     * Fraction of a period's hours that must have valid metered data for the period to be issued (0 < f <= 1).
     * Null (no program read states one): TREC's default of 0.9 applies (docs/methods.md, Issuance).
     */
    dataCoverage: sourced(z.number().gt(0).max(1)),
    /**
     * Whether an independent monitor must attest each period before issuance (New Hampshire: Puc 2505.10).
     * Null: treated as not required, with a `monitor-requirement-unknown` warning.
     */
    independentMonitor: sourced(z.boolean()),
    sources: z.array(source).min(1),
    notes: z.array(z.string()).default([]),
  })
  .strict()
  .superRefine((program, ctx) => {
    // Every cited source id must be listed in `sources`; a verified value must cite a primary source.
    const kinds = new Map(program.sources.map((s) => [s.id, s.kind]));
    for (const [key, field] of Object.entries(program)) {
      const entries = key === 'energyCounted' ? Object.entries(field as object) : [[undefined, field]];
      for (const [sub, v] of entries as [string | undefined, unknown][]) {
        if (!v || typeof v !== 'object' || !('sources' in v)) continue;
        const { sources, status } = v as { sources: string[]; status: ValueStatus };
        const path = [key, ...(sub ? [sub] : [])];
        sources.forEach((id, i) => {
          if (!kinds.has(id))
            ctx.addIssue({
              code: 'custom',
              path: [...path, 'sources', i],
              message: `cites "${id}", which is not listed in sources`,
            });
        });
        const primary = sources.some((id) => PRIMARY_SOURCE_KINDS.includes(kinds.get(id) as never));
        if (status === 'verified' && sources.every((id) => kinds.has(id)) && !primary)
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'status'],
            message: `is verified but cites no statute, regulation, regulator or registry source (${sources.join(', ')}): mark it secondary`,
          });
      }
    }
    // Text a reader sees never points at a file outside the repository or at a project-internal document name.
    const texts: [(string | number)[], string][] = [
      [['name'], program.name],
      [['jurisdiction'], program.jurisdiction],
    ];
    program.sources.forEach((s, i) => {
      texts.push([['sources', i, 'title'], s.title], [['sources', i, 'checked'], s.checked]);
    });
    program.notes.forEach((n, i) => texts.push([['notes', i], n]));
    for (const [key, field] of Object.entries(program)) {
      const entries = key === 'energyCounted' ? Object.entries(field as object) : [[undefined, field]];
      for (const [sub, v] of entries as [string | undefined, unknown][]) {
        if (!v || typeof v !== 'object') continue;
        const path = [key, ...(sub ? [sub] : [])];
        if ('note' in v && typeof v.note === 'string') texts.push([[...path, 'note'], v.note]);
        if ('value' in v && typeof v.value === 'string') texts.push([[...path, 'value'], v.value]);
      }
    }
    for (const [path, text] of texts)
      if (PATH_LIKE.test(text))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `names a file path or an internal document ("${PATH_LIKE.exec(text)?.[0].replace(/^[\s(]+/, '')}"): name the source by author and title`,
        });
  });

export type Program = z.infer<typeof programSchema>;
export type ProgramSource = z.infer<typeof source>;
export type SizeClass = z.infer<typeof sizeClass>;
export type ProgramMultiplier = z.infer<typeof multiplier>;
