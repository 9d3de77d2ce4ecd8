import { InputError } from '../../errors.ts';
import { HOURS_PER_YEAR } from '../../units/index.ts';
import { hoursInPeriod } from '../audit.ts';
import { renewablePortion, type MethodEnergy } from '../energy.ts';
import type { MethodInputs } from '../types.ts';

/**
 * Runtime "renewable portion" method (specified by issue 2; see README.md beside this file):
 *   heat      = runtime h x rated capacity x load fraction
 *   renewable = heat x (1 - 1/COP)          (first law: heat drawn from the ground or air = heat - electricity)
 * The renewable portion is what it counts; the delivered heat is reported beside it.
 */
export function calculateRuntimeRenewable(inputs: MethodInputs): MethodEnergy {
  const periodH = inputs.periodH ?? HOURS_PER_YEAR;
  const runtimeH = hoursInPeriod('runtimeH', inputs.runtimeH, periodH, {
    missing: 'runtime-renewable needs the logged runtime in hours',
    name: 'runtime',
  });
  const loadFraction = inputs.loadFraction ?? 1;
  if (!(loadFraction > 0 && loadFraction <= 1))
    throw new InputError('load fraction must be greater than 0 and at most 1 (part-load capacity / rated)', {
      field: 'loadFraction',
      value: loadFraction,
    });
  return renewablePortion({
    capacityW: inputs.capacityW,
    fullCapacityH: runtimeH * loadFraction,
    cop: inputs.cop,
    periodH,
    what: 'The runtime renewable portion',
    notes: [
      'Counts the renewable portion: runtime x capacity x load fraction x (1 - 1/COP); delivered heat shown beside it.',
      'Assumes the unit delivers the stated capacity whenever it runs; defrost, cycling losses and backup heat are not modelled.',
    ],
  });
}
