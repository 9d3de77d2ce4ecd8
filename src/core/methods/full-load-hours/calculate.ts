import { HOURS_PER_YEAR } from '../../units/index.ts';
import { hoursInPeriod } from '../audit.ts';
import { renewablePortion, type MethodEnergy } from '../energy.ts';
import type { MethodInputs } from '../types.ts';

/**
 * Equivalent full-load hours (EFLH) method (issue 2; the usual deemed-savings form, capacity x EFLH):
 *   heat      = rated capacity x equivalent full-load hours
 *   renewable = heat x (1 - 1/COP)
 * EFLH = annual heat delivered / rated capacity, so it can never exceed the hours in the period.
 * The renewable portion is what it counts; the delivered heat is reported beside it.
 */
export function calculateFullLoadHours(inputs: MethodInputs): MethodEnergy {
  const periodH = inputs.periodH ?? HOURS_PER_YEAR;
  const fullLoadHours = hoursInPeriod('fullLoadHours', inputs.fullLoadHours, periodH, {
    missing: 'full-load-hours needs the equivalent full-load hours (given, or from a program)',
    name: 'equivalent full-load hours',
  });
  return renewablePortion({
    capacityW: inputs.capacityW,
    fullCapacityH: fullLoadHours,
    cop: inputs.cop,
    periodH,
    what: 'The full-load-hours renewable portion',
    notes: [
      'Counts the renewable portion: capacity x equivalent full-load hours x (1 - 1/COP); delivered heat shown beside it.',
      'Uses one COP for the whole period: a seasonal figure (SCOP, SPF) fits better than a rating-point COP.',
    ],
  });
}
