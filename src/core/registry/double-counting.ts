import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import type { Program } from '../programs/schema.ts';
import { describeRange, intersection, overlaps } from './dates.ts';
import { cited, refuses } from './policy.ts';
import type { EnrolmentRegistration, RegisteredEnrolment } from './types.ts';

const KINDS = ['heating', 'cooling'] as const;

function named(e: RegisteredEnrolment): string {
  return `enrolment ${e.id} (program ${e.programId} ${e.programVersion}${e.unitId ? `, unit ${e.unitId}` : ''}, ${describeRange(e)})`;
}

/**
 * Double counting across programs and registries: a new enrolment whose program would certify the same
 * energy (both count heating, or both count cooling: their `energyCounted` rules, as counted-energy.ts reads
 * them) as another enrolment of the system over days they share is refused, naming the other enrolment,
 * when both programs' values are verified or secondary. Where either value is an assumption, or either
 * program does not state whether it counts that energy (null), the overlap is a warning: possibly the same
 * energy. A program that does not count an energy (false) never overlaps in it.
 */
export function checkDoubleCounting(
  program: Program,
  enrolment: Pick<EnrolmentRegistration, 'start' | 'end'>,
  others: readonly RegisteredEnrolment[],
): Check[] {
  const checks: Check[] = [];
  for (const other of others) {
    if (!overlaps(enrolment, other)) continue;
    const shared = describeRange(intersection(enrolment, other));
    for (const kind of KINDS) {
      const mine = program.energyCounted[kind];
      const theirs = other.energyCounted[kind];
      if (mine.value === false || theirs.value === false) continue;
      if (mine.value === true && theirs.value === true && refuses(mine.status) && refuses(theirs.status))
        throw new InputError(
          `${named(other)} already counts ${kind} over ${shared}; program ${program.id} counts ${kind} too ${cited(program, mine)}: the same energy would be certified twice (double counting). End one enrolment before the other starts`,
          { path: ['start'], also: [['end']] },
        );
    }
  }
  for (const other of others) {
    if (!overlaps(enrolment, other)) continue;
    const shared = describeRange(intersection(enrolment, other));
    for (const kind of KINDS) {
      const mine = program.energyCounted[kind];
      const theirs = other.energyCounted[kind];
      if (mine.value === false || theirs.value === false) continue;
      const say = (who: string, v: typeof mine): string =>
        v.value === null
          ? `${who} does not state whether it counts ${kind} (${v.status})`
          : `${who} counts ${kind} (${v.status})`;
      checks.push(
        check(
          'possible-double-counting',
          'warning',
          `${named(other)} overlaps this enrolment over ${shared}: ${say(`program ${other.programId}`, theirs)} and ${say(`program ${program.id}`, mine)}, so the same ${kind} energy may be certified twice`,
        ),
      );
    }
  }
  return checks;
}
