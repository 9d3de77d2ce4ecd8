import { InputError } from '../../errors.ts';
import { HOURS_PER_YEAR } from '../../units/index.ts';
import { positive } from '../audit.ts';
import type { MethodEnergy } from '../energy.ts';
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
  if (inputs.fullLoadHours === undefined)
    throw new InputError('full-load-hours needs the equivalent full-load hours (given, or from a program)', {
      field: 'fullLoadHours',
    });
  positive('fullLoadHours', inputs.fullLoadHours);
  if (inputs.fullLoadHours > periodH)
    throw new InputError(`equivalent full-load hours cannot exceed the ${periodH} hours in the period`, {
      field: 'fullLoadHours',
      value: inputs.fullLoadHours,
    });
  const heatJ = inputs.capacityW * inputs.fullLoadHours * 3600;
  return {
    basis: 'renewable-portion',
    energyJ: heatJ * (1 - 1 / inputs.cop),
    heatJ,
    periodH,
    btuPerMwh: null,
    what: 'The full-load-hours renewable portion',
    notes: [
      'Counts the renewable portion: capacity x equivalent full-load hours x (1 - 1/COP); delivered heat shown beside it.',
      'Uses one COP for the whole period: a seasonal figure (SCOP, SPF) fits better than a rating-point COP.',
    ],
  };
}
