import type { z } from 'zod';
import { InputError, isOk, type Check } from '../core/index.ts';
import type { Ports } from './ports.ts';

/** A default value and where it comes from (a standard, a program file, a TREC convention). */
export interface DefaultValue<T = unknown> {
  value: T;
  source: string;
}

/** How one input of a use case was decided: given by the caller, or a default with its source. */
export type InputOrigin =
  | { field: string; value: unknown; given: true }
  | { field: string; value: unknown; given: false; source: string };

/**
 * A use case: a plain input validated by a zod schema (the API publishes the same schema as OpenAPI), the
 * defaults it fills in (each with its source), and a function from the resolved input and the ports it needs
 * to a plain result. Defaults live here, never in a surface's option parser, so every surface reports the
 * same origin for every input.
 */
export interface UseCase<S extends z.ZodType<Record<string, unknown>>, R> {
  readonly name: string;
  /** One line for help texts and the API description. */
  readonly summary: string;
  readonly input: S;
  readonly defaults: { readonly [K in keyof z.input<S>]?: DefaultValue<z.input<S>[K]> };
  run(input: z.output<S>, ctx: RunContext): R | Promise<R>;
  /**
   * The result as plain JSON (snake_case keys with units, `ok` beside `checks`): what `--json` prints and
   * what the API returns, so both give the same answer.
   */
  present(result: R, outcome: { inputs: readonly InputOrigin[] }): PresentedJson;
}

/** A presented result: a JSON object, or a list of them (the `programs` list, as `--json` prints it). */
export type PresentedJson = Record<string, unknown> | readonly Record<string, unknown>[];

export interface RunContext {
  readonly ports: Ports;
  /** Which inputs the caller gave and which are defaults (with each default's source). */
  readonly origins: readonly InputOrigin[];
  /** True when the caller gave `field` (rather than its default). */
  readonly given: (field: string) => boolean;
}

/** Every result a use case returns: its checks, `ok` (no error check) and the origin of every input. */
export interface Outcome<R> {
  ok: boolean;
  checks: Check[];
  inputs: InputOrigin[];
  result: R;
}

/** A use case, its defaults typed as declared (so a caller's input may leave exactly those fields out). */
export function defineUseCase<
  S extends z.ZodType<Record<string, unknown>>,
  R,
  const D extends UseCase<S, R>['defaults'],
>(
  useCase: Omit<UseCase<S, R>, 'defaults'> & { readonly defaults: D },
): Omit<UseCase<S, R>, 'defaults'> & { readonly defaults: D } {
  return useCase;
}

/**
 * Validates `raw`, fills in the defaults the caller left out, and runs the use case. A schema failure is an
 * InputError whose `path` is the field in the use case's own names; surfaces word it (`--tons`, `/tons`).
 */
export async function runUseCase<
  S extends z.ZodType<Record<string, unknown>>,
  R extends { checks: readonly Check[] },
>(useCase: UseCase<S, R>, raw: Readonly<Record<string, unknown>>, ports: Ports): Promise<Outcome<R>> {
  const present = Object.entries(raw).filter(([, v]) => v !== undefined);
  const givenFields = new Set(present.map(([k]) => k));
  const filled: Record<string, unknown> = Object.fromEntries(present);
  const origins: InputOrigin[] = present.map(([field, value]) => ({ field, value, given: true }));
  for (const [field, d] of Object.entries<DefaultValue | undefined>(useCase.defaults)) {
    if (d === undefined || givenFields.has(field)) continue;
    filled[field] = d.value;
    origins.push({ field, value: d.value, given: false, source: d.source });
  }
  const parsed = useCase.input.safeParse(filled);
  if (!parsed.success) throw zodInputError(parsed.error, filled);
  const result = await useCase.run(parsed.data, {
    ports,
    origins,
    given: (field) => givenFields.has(field),
  });
  return { ok: isOk(result.checks), checks: [...result.checks], inputs: origins, result };
}

/** The first zod issue as an InputError at its path, with the value found there. */
export function zodInputError(error: z.ZodError, input: unknown): InputError {
  const issue = error.issues[0];
  if (!issue) return new InputError('invalid input', {}, { cause: error });
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const value = path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    input,
  );
  return new InputError(issue.message, value === undefined ? { path } : { path, value }, { cause: error });
}
