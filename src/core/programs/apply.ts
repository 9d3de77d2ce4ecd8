import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import type { Program, ProgramMultiplier, SizeClass } from './schema.ts';

const fmt0 = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

export function inSizeClass(c: SizeClass, capacityBtuh: number): boolean {
  const aboveMin =
    c.minBtuh === null || (c.minInclusive ? capacityBtuh >= c.minBtuh : capacityBtuh > c.minBtuh);
  const belowMax =
    c.maxBtuh === null || (c.maxInclusive ? capacityBtuh <= c.maxBtuh : capacityBtuh < c.maxBtuh);
  return aboveMin && belowMax;
}

export function describeSizeClass(c: SizeClass): string {
  const lo = c.minBtuh === null ? '' : `${c.minInclusive ? '>=' : '>'} ${fmt0(c.minBtuh)}`;
  const hi = c.maxBtuh === null ? '' : `${c.maxInclusive ? '<=' : '<'} ${fmt0(c.maxBtuh)}`;
  return `${c.name} (${[lo, hi].filter(Boolean).join(' and ')} BTU/h)`;
}

/** The program's size class for a capacity, with a warning when none contains it. */
export function sizeClassFor(
  program: Program,
  capacityBtuh: number,
): { sizeClass?: SizeClass; checks: Check[] } {
  const classes = program.sizeClasses.value;
  if (!classes) return { checks: [] };
  const sizeClass = classes.find((c) => inSizeClass(c, capacityBtuh));
  if (sizeClass) return { sizeClass, checks: [] };
  return {
    checks: [
      check(
        'outside-size-classes',
        'warning',
        `${fmt0(capacityBtuh)} BTU/h is in none of program ${program.id}'s size classes ` +
          `(${classes.map(describeSizeClass).join('; ')}): such a system may not be eligible`,
      ),
    ],
  };
}

/**
 * The multiplier of a system of this capacity (BTU/h): its size class (sizeClassFor), then the program's
 * multiplier for it (programMultiplier), the checks of both. `given`: the one chosen at enrolment.
 */
export function systemMultiplier(
  program: Program,
  capacityBtuh: number,
  given: number | undefined,
): { multiplier: number; checks: Check[] } {
  const sized = sizeClassFor(program, capacityBtuh);
  const chosen = programMultiplier(program, sized.sizeClass, given);
  return { multiplier: chosen.multiplier, checks: [...sized.checks, ...chosen.checks] };
}

/** "2 (air-source, small, supplying less than 100 % of the building heating load)" */
export function describeMultiplier(m: ProgramMultiplier): string {
  const when = [m.technology, m.sizeClass, m.condition].filter(Boolean).join(', ');
  return when ? `${m.value} (${when})` : String(m.value);
}

/**
 * The multiplier a program applies to a system of this size class. A multiplier the user gives wins (with a
 * warning if the program lists other values); when the program lists several for the class, or does not
 * state one, the user must choose: InputError on field `multiplier`.
 */
export function programMultiplier(
  program: Program,
  sizeClass: SizeClass | undefined,
  given: number | undefined,
): { multiplier: number; checks: Check[] } {
  const m = program.multipliers;
  if (m.status === 'not-applicable')
    return {
      multiplier: given ?? 1,
      checks:
        given === undefined || given === 1
          ? []
          : [
              check(
                'multiplier-not-in-program',
                'warning',
                `multiplier ${given} given, but program ${program.id} has no multipliers${m.note ? ` (${m.note})` : ''}`,
              ),
            ],
    };
  if (m.value === null) {
    if (given !== undefined) return { multiplier: given, checks: [] };
    throw new InputError(
      `program ${program.id} does not state its multiplier (status unknown${m.note ? `: ${m.note}` : ''}); give --multiplier`,
      { field: 'multiplier' },
    );
  }
  const applicable = m.value.filter((e) => !e.sizeClass || e.sizeClass === sizeClass?.name);
  const values = [...new Set(applicable.map((e) => e.value))];
  if (given !== undefined) {
    const checks = values.includes(given)
      ? []
      : [
          check(
            'multiplier-not-in-program',
            'warning',
            `multiplier ${given} is not one program ${program.id} lists for this system ` +
              `(${applicable.map(describeMultiplier).join('; ') || 'none for its size class'})`,
          ),
        ];
    return { multiplier: given, checks };
  }
  if (values.length === 1) return { multiplier: values[0] as number, checks: [] };
  throw new InputError(
    `program ${program.id} lists ${values.length ? 'several multipliers' : 'no multiplier'} for this system: ` +
      `${applicable.map(describeMultiplier).join('; ') || m.value.map(describeMultiplier).join('; ')}; choose one with --multiplier`,
    { field: 'multiplier' },
  );
}
