import { check, type Check } from '../checks.ts';
import { InputError, type InputLocation } from '../errors.ts';
import type { Program, ValueStatus } from '../programs/schema.ts';

/**
 * The registration policy: a program-file value whose status is `verified` or `secondary` (read in a source)
 * refuses what breaks it (an InputError); one that is an `assumption` (TREC's choice) or `unknown` only warns
 * (a check), since refusing real money on a value nobody read would be TREC's rule, not the program's.
 */
export function refuses(status: ValueStatus): boolean {
  return status === 'verified' || status === 'secondary';
}

/** A sourced value of a program file, as the schema stores it. */
export interface SourcedValue {
  status: ValueStatus;
  sources: string[];
  note?: string | undefined;
}

/** "(verified: <source title>; <source title>)": a value's status and the titles of the sources it cites. */
export function cited(program: Program, value: SourcedValue): string {
  const titles = value.sources.map((id) => program.sources.find((s) => s.id === id)?.title ?? id);
  return `(${value.status}${titles.length ? `: ${titles.join('; ')}` : ''})`;
}

/**
 * Breaking a program rule: refused (InputError at `where`) when the rule's value is verified or secondary,
 * else a warning check with the same words and the status.
 */
export function ruleBroken(
  program: Program,
  value: SourcedValue,
  code: string,
  detail: string,
  where: InputLocation,
): Check {
  const text = `${detail} ${cited(program, value)}`;
  if (refuses(value.status)) throw new InputError(text, where);
  return check(
    code,
    'warning',
    `${text}; not refused because the value is ${value.status === 'assumption' ? 'an assumption' : value.status}`,
  );
}
