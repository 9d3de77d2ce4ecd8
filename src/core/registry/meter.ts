import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import { fluidModel } from '../fluids/index.ts';
import { meterClassSpec } from '../heat-meter/meter-class.ts';
import type { Program } from '../programs/schema.ts';
import { checkRange, describeRange, intersection, overlaps } from './dates.ts';
import { cited } from './policy.ts';
import type { MeterRegistration, RegisteredMeter } from './types.ts';

const HEAT_ONLY = ['fluid', 'concentration', 'flowSensor', 'meterClass', 'qpM3h', 'dtMinK'] as const;

/**
 * A meter's own registration: its dates (removed after installed), an electricity meter given none of a heat
 * meter's fluid or class fields (they would be ignored silently), a heat meter's fluid and concentration
 * within the property tables TREC integrates with (fluidModel), and its EN 1434 class (all of class, qp and
 * dT min, or none: meterClassSpec). A heat meter without a class gets an info check: its uncertainty cannot
 * be bounded.
 */
export function checkMeter(meter: MeterRegistration): Check[] {
  checkRange({ start: meter.installed, end: meter.removed }, ['installed'], ['removed']);
  if (meter.kind === 'electricity') {
    const stray = HEAT_ONLY.find((f) => meter[f] !== undefined);
    if (stray)
      throw new InputError(`an electricity meter has no ${stray}: it belongs to a heat meter`, {
        path: [stray],
        also: [['kind']],
        value: meter[stray],
      });
    return [];
  }
  const checks: Check[] = [];
  if (meter.fluid === undefined) {
    if (meter.concentration !== undefined)
      throw new InputError('a concentration needs its fluid', { path: ['concentration'], also: [['fluid']] });
  } else {
    if (meter.fluid !== 'water' && meter.concentration === undefined)
      throw new InputError(`give the mass fraction of ${meter.fluid} (0..1)`, {
        path: ['concentration'],
        also: [['fluid']],
      });
    try {
      fluidModel({ kind: meter.fluid, massFraction: meter.concentration ?? 0 });
    } catch (error) {
      if (error instanceof InputError)
        throw new InputError(
          error.detail,
          { path: ['concentration'], also: [['fluid']], value: meter.concentration },
          { cause: error },
        );
      throw error;
    }
  }
  if (!meterClassSpec(meter))
    checks.push(
      check(
        'meter-class-not-given',
        'info',
        'no EN 1434 class given for the heat meter: the uncertainty of its energy cannot be bounded',
      ),
    );
  return checks;
}

function named(m: RegisteredMeter): string {
  const range = describeRange({ start: m.installed, end: m.removed });
  return `${m.kind} meter ${m.id}${m.serial ? ` (serial ${m.serial})` : ''} on circuit ${m.circuit ?? 'main'}, installed ${range}`;
}

/**
 * A meter swap is a new meter on the same system: two meters of one kind on one circuit may not be installed
 * on the same days (installed..removed, half-open). Refused naming the other meter, at the new meter's
 * dates; record the old meter's removal first.
 */
export function checkMeterOverlap(meter: MeterRegistration, others: readonly RegisteredMeter[]): void {
  const mine = { start: meter.installed, end: meter.removed };
  const circuit = meter.circuit ?? 'main';
  for (const other of others) {
    if (other.kind !== meter.kind || (other.circuit ?? 'main') !== circuit) continue;
    const theirs = { start: other.installed, end: other.removed };
    if (!overlaps(mine, theirs)) continue;
    throw new InputError(
      `${named(other)}, would share the days ${describeRange(intersection(mine, theirs))} with this ${meter.kind} meter on the same circuit: a swap is a new meter installed on or after the day the old one is removed (record the old meter's removal date first)`,
      { path: ['installed'], also: [['removed']] },
    );
  }
}

/**
 * A meter against what a program's metering requirement says. Every rule file states it in words (field
 * `metering`), none names a fluid or an EN 1434 class: nothing there can be enforced on the meter's fluid or
 * class, so the requirement comes back as a note (info) with its status, or a warning where the program's
 * metering requirement is unknown. What the files do let TREC enforce is checked elsewhere: a metered
 * enrolment's meters (enrolment.ts), one meter per circuit at a time (checkMeterOverlap).
 */
export function checkMeterForProgram(program: Program, meter: MeterRegistration): Check[] {
  const metering = program.metering;
  if (metering.status === 'not-applicable') return [];
  if (metering.value === null)
    return [
      check(
        'metering-requirement-unknown',
        'warning',
        `program ${program.id}'s metering requirement is ${metering.status}: the ${meter.kind} meter was not checked against it`,
      ),
    ];
  return [
    check(
      'metering-requirement-in-words',
      'info',
      `program ${program.id}'s metering requirement names no fluid or accuracy class, so the meter's were not checked against it: "${metering.value}" ${cited(program, metering)}${metering.note ? `; ${metering.note}` : ''}`,
    ),
  ];
}
