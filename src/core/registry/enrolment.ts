import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import { describeSizeClass, inSizeClass } from '../programs/apply.ts';
import { PROGRAM_METHODS, type Program, type SizeClass } from '../programs/schema.ts';
import { wToBtuh } from '../units/index.ts';
import { checkIsoDate, checkRange, nextDay } from './dates.ts';
import { checkDoubleCounting } from './double-counting.ts';
import { cited, ruleBroken } from './policy.ts';
import { TECHNOLOGY_CLASSES } from './technology.ts';
import type {
  EnrolmentRegistration,
  RegisteredEnrolment,
  RegisteredMeter,
  SystemRegistration,
} from './types.ts';

export type ProgramMethod = (typeof PROGRAM_METHODS)[number];

export interface EnrolmentVerdict {
  /** The method the enrolment is made under (the one given, or the program's only one). */
  method: ProgramMethod;
  /** The program's size class the system falls in, where the program has classes and one contains it. */
  sizeClass: string | null;
  pilot: boolean;
  /** Every finding (warnings where a program value is an assumption or unknown; notes). */
  checks: Check[];
  /**
   * The checks that travel with everything issued under the enrolment (`program-is-proposal`): the store
   * keeps them with the enrolment and every certificate issued under it repeats them.
   */
  carried: Check[];
}

export interface EnrolmentContext {
  /** The system's meters (all, current and removed): whether a metered enrolment has its meters. */
  meters?: readonly RegisteredMeter[];
  /** The system's other enrolments: double counting (double-counting.ts). */
  enrolments?: readonly RegisteredEnrolment[];
}

/** "a ground-source system", "an air-to-water system". */
const aSystem = (technology: string): string =>
  `${/^[aeiou]/.test(technology) ? 'an' : 'a'} ${technology} system`;

const fmt0 = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

/**
 * An enrolment of a registered system in a program, judged against the program's rule file: dates (within the
 * version's effective dates), status (a proposal only as a pilot), technology, size class, method, the meters
 * a metered enrolment needs, and double counting with the system's other enrolments. A broken rule whose
 * value is verified or secondary is refused (InputError at the enrolment input: `program`, `method`, `start`,
 * `end`, `pilot`); one whose value is an assumption or unknown is a warning (policy.ts).
 */
export function checkEnrolment(
  program: Program,
  system: SystemRegistration,
  enrolment: EnrolmentRegistration,
  context: EnrolmentContext = {},
): EnrolmentVerdict {
  if (enrolment.programId !== program.id)
    throw new Error(`checkEnrolment: enrolment in ${enrolment.programId} judged against ${program.id}`);
  if (enrolment.programVersion !== program.version)
    throw new InputError(
      `program ${program.id}'s rule file is version ${program.version}; an enrolment under version ${enrolment.programVersion} cannot be judged against it`,
      { path: ['programVersion'], value: enrolment.programVersion },
    );
  checkRange(enrolment, ['start'], ['end']);
  checkIsoDate(system.commissioned, ['commissioned']);
  const checks: Check[] = [];
  const carried: Check[] = [];
  const pilot = enrolment.pilot === true;

  if (enrolment.start < system.commissioned)
    checks.push(
      check(
        'enrolment-before-commissioning',
        'warning',
        `the enrolment starts ${enrolment.start}, before the system was commissioned (${system.commissioned}): no energy is counted before commissioning`,
      ),
    );

  checks.push(...statusChecks(program, pilot, carried));
  checks.push(...effectiveChecks(program, enrolment));
  checks.push(...technologyChecks(program, system));
  const sized = sizeClassChecks(program, system, enrolment);
  checks.push(...sized.checks);
  const chosen = methodFor(program, enrolment.method);
  checks.push(...chosen.checks, ...methodBySizeClass(program, sized.sizeClass));
  if (context.meters) checks.push(...meterPresence(program, chosen.method, enrolment, context.meters));
  if (context.enrolments) checks.push(...checkDoubleCounting(program, enrolment, context.enrolments));

  return { method: chosen.method, sizeClass: sized.sizeClass?.name ?? null, pilot, checks, carried };
}

/** A proposal only as a pilot or demonstration, with a check that travels; rules pending: a warning. */
function statusChecks(program: Program, pilot: boolean, carried: Check[]): Check[] {
  if (program.programStatus === 'proposal') {
    if (!pilot)
      throw new InputError(
        `program ${program.id} is a proposal, not a regulator's rule: it can be enrolled only as a pilot or demonstration (mark the enrolment as a pilot)`,
        { path: ['pilot'], also: [['program']] },
      );
    const travels = check(
      'program-is-proposal',
      'warning',
      `enrolled as a pilot or demonstration under program ${program.id} ${program.version}, a proposal: no regulator has adopted it and no registry issues its certificates; everything issued under this enrolment says so`,
    );
    carried.push(travels);
    return [travels];
  }
  const checks: Check[] = [];
  if (program.programStatus === 'rules-pending')
    checks.push(
      check(
        'program-rules-pending',
        'warning',
        `program ${program.id} is eligible in law but its regulator has not settled the rules: what is issued under it is an estimate until they are`,
      ),
    );
  if (pilot)
    checks.push(
      check(
        'pilot',
        'info',
        `enrolled as a pilot or demonstration (program ${program.id} is ${program.programStatus})`,
      ),
    );
  return checks;
}

/** The enrolment's dates within the effective dates of the program version (its `to` the last day in force). */
function effectiveChecks(program: Program, enrolment: EnrolmentRegistration): Check[] {
  const effective = program.effective;
  if (effective.status === 'not-applicable') return [];
  if (!effective.value)
    return [
      check(
        'effective-dates-unknown',
        'warning',
        `program ${program.id} ${program.version}'s effective dates are ${effective.status}${effective.note ? ` (${effective.note})` : ''}: the enrolment dates were not checked against them`,
      ),
    ];
  const { from, to } = effective.value;
  const version = `program ${program.id} version ${program.version} is effective ${to ? `${from} to ${to}` : `from ${from}`}`;
  const checks: Check[] = [];
  if (enrolment.start < from)
    checks.push(
      ruleBroken(
        program,
        effective,
        'before-effective',
        `the enrolment starts ${enrolment.start}, before ${version}${effective.note ? ` (${effective.note})` : ''}`,
        { path: ['start'] },
      ),
    );
  if (to !== null) {
    const after = nextDay(to);
    if (enrolment.start >= after)
      checks.push(
        ruleBroken(
          program,
          effective,
          'after-effective',
          `the enrolment starts ${enrolment.start}, after ${version}`,
          {
            path: ['start'],
          },
        ),
      );
    else if (typeof enrolment.end !== 'string' || enrolment.end > after)
      checks.push(
        ruleBroken(
          program,
          effective,
          'after-effective',
          `the enrolment ${typeof enrolment.end === 'string' ? `ends ${enrolment.end}` : 'has no end'}, but ${version}: end it by ${after} (the first day not counted)`,
          { path: ['end'] },
        ),
      );
  }
  return checks;
}

/** The system's technology among the program's eligible technologies (technology.ts classes it). */
function technologyChecks(program: Program, system: SystemRegistration): Check[] {
  const field = program.technologies;
  const listed = field.value;
  if (!listed)
    return field.status === 'not-applicable'
      ? []
      : [
          check(
            'eligibility-unknown',
            'warning',
            `program ${program.id} does not state its eligible technologies (${field.status}): ${aSystem(system.technology)} not checked against them`,
          ),
        ];
  const classes = TECHNOLOGY_CLASSES[system.technology];
  if (classes.certain.some((t) => listed.includes(t))) return [];
  const possible = classes.possible.filter((t) => listed.includes(t));
  if (possible.length)
    return [
      check(
        'technology-source-unstated',
        'warning',
        `${aSystem(system.technology)} is ${possible.join(' or ')}, which program ${program.id} lists, only if its heat pump's source is; the registration does not say ${cited(program, field)}`,
      ),
    ];
  const what = [...classes.certain, ...classes.possible];
  return [
    ruleBroken(
      program,
      field,
      'not-eligible',
      `${aSystem(system.technology)} (${what.join(' / ')}) is not a technology program ${program.id} lists: it lists ${listed.join(', ')}${field.note ? ` (${field.note})` : ''}`,
      { path: ['program'] },
    ),
  ];
}

/** The program's size class for the system's rated capacity (or the site's combined one, where given). */
function sizeClassChecks(
  program: Program,
  system: SystemRegistration,
  enrolment: EnrolmentRegistration,
): { sizeClass?: SizeClass; checks: Check[] } {
  const field = program.sizeClasses;
  const classes = field.value;
  if (!classes)
    return {
      checks:
        field.status === 'not-applicable'
          ? []
          : [
              check(
                'size-classes-unknown',
                'warning',
                `program ${program.id}'s size classes are ${field.status}${field.note ? ` (${field.note})` : ''}: the system's size was not checked`,
              ),
            ],
    };
  const combined = enrolment.combinedCapacityW !== undefined;
  if (combined && !((enrolment.combinedCapacityW ?? 0) >= system.ratedCapacityW * (1 - 1e-9)))
    throw new InputError(
      `the combined capacity of the site's units (${fmt0(wToBtuh(enrolment.combinedCapacityW ?? NaN))} BTU/h) cannot be below this system's own ${fmt0(wToBtuh(system.ratedCapacityW))} BTU/h, which it includes`,
      { path: ['combinedCapacityKw'] },
    );
  const btuh = wToBtuh(enrolment.combinedCapacityW ?? system.ratedCapacityW);
  const sizeClass = classes.find((c) => inSizeClass(c, btuh));
  if (sizeClass) return { sizeClass, checks: [] };
  const what = combined
    ? `a combined rated heating capacity of ${fmt0(btuh)} BTU/h`
    : `a rated heating capacity of ${fmt0(btuh)} BTU/h (this system alone; a combined capacity of the site's units was not given)`;
  return {
    checks: [
      ruleBroken(
        program,
        field,
        'outside-size-classes',
        `${what} is in none of program ${program.id}'s size classes: ${classes.map(describeSizeClass).join('; ')}${field.note ? ` (${field.note})` : ''}`,
        { path: ['program'], ...(combined ? { also: [['combinedCapacityKw']] } : {}) },
      ),
    ],
  };
}

function isProgramMethod(name: string): name is ProgramMethod {
  return (PROGRAM_METHODS as readonly string[]).includes(name);
}

/** The method given, among those the program lists; none given: the program's only method. */
function methodFor(program: Program, given: string | undefined): { method: ProgramMethod; checks: Check[] } {
  const field = program.methods;
  const listed = field.value;
  if (given !== undefined && !isProgramMethod(given))
    throw new InputError(`unknown method; use one of ${PROGRAM_METHODS.join(', ')}`, {
      path: ['method'],
      value: given,
    });
  if (!listed) {
    if (given === undefined)
      throw new InputError(
        `required: program ${program.id} has no settled method (${field.status}${field.note ? `: ${field.note}` : ''}); name the one the enrolment uses`,
        { path: ['method'] },
      );
    return {
      method: given,
      checks: [
        check(
          'program-method-unsettled',
          'warning',
          `program ${program.id} has no settled method (${field.status}): ${given} is not checked against it`,
        ),
      ],
    };
  }
  if (given === undefined) {
    const [only, ...others] = listed;
    if (only === undefined || others.length)
      throw new InputError(`required: program ${program.id} lists ${listed.join(', ')}; name one`, {
        path: ['method'],
      });
    return { method: only, checks: [] };
  }
  if (listed.includes(given)) return { method: given, checks: [] };
  return {
    method: given,
    checks: [
      ruleBroken(
        program,
        field,
        'method-not-in-program',
        `method ${given} is not one program ${program.id} lists: it lists ${listed.join(', ')}`,
        { path: ['method'], value: given },
      ),
    ],
  };
}

/**
 * Where a program has several size classes and several methods, which class uses which method is not a
 * field of the rule file (Massachusetts: its metering text, an assumption, says small units are calculated,
 * intermediate calculated or metered, large metered): a warning quoting that text, never a refusal.
 */
function methodBySizeClass(program: Program, sizeClass: SizeClass | undefined): Check[] {
  const classes = program.sizeClasses.value ?? [];
  const methods = program.methods.value ?? [];
  if (!sizeClass || classes.length < 2 || methods.length < 2) return [];
  const metering = program.metering;
  return [
    check(
      'method-by-size-class-unchecked',
      'warning',
      `program ${program.id}'s size class decides the method, but its rule file says so only in words: "${metering.value ?? 'not stated'}" ${cited(program, metering)}; the method for size class ${sizeClass.name} was not checked against it`,
    ),
  ];
}

/**
 * A metered enrolment needs a heat meter on the system when it starts, and an electricity meter where the
 * program counts energy net of electricity. Meters can still be added after enrolment, so missing ones are
 * warnings (data cannot be ingested for the enrolment until they are registered).
 */
function meterPresence(
  program: Program,
  method: ProgramMethod,
  enrolment: EnrolmentRegistration,
  meters: readonly RegisteredMeter[],
): Check[] {
  if (method !== 'metered') return [];
  const atStart = (kind: 'heat' | 'electricity'): boolean =>
    meters.some(
      (m) =>
        m.kind === kind &&
        m.installed <= enrolment.start &&
        (typeof m.removed !== 'string' || m.removed > enrolment.start),
    );
  const checks: Check[] = [];
  if (!atStart('heat'))
    checks.push(
      check(
        'no-heat-meter',
        'warning',
        `a metered enrolment in program ${program.id}, but no heat meter is registered on the system on ${enrolment.start}: register one before its data is ingested`,
      ),
    );
  const net = program.energyCounted.netOfElectricity;
  if (net.value === true && !atStart('electricity'))
    checks.push(
      check(
        'no-electricity-meter',
        'warning',
        `program ${program.id} counts heat net of the heat pump's electricity ${cited(program, net)}, but no electricity meter is registered on the system on ${enrolment.start}`,
      ),
    );
  return checks;
}
