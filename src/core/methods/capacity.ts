import { InputError } from '../errors.ts';
import { btuhToW, powerToW, tonsToW } from '../units/index.ts';

/** A rated heating capacity given in one of the units installers use. */
export interface CapacityGiven {
  tons?: number | undefined;
  capacityKw?: number | undefined;
  capacityBtuh?: number | undefined;
}

const CAPACITY_FIELDS = ['tons', 'capacityKw', 'capacityBtuh'] as const;

/**
 * The rated capacity in W from exactly one of tons (12,000 BTU/h each), kW or BTU/h. None, or two of them,
 * is an InputError at the fields concerned: a capacity given twice may disagree, and neither is chosen.
 */
export function capacityFromOne(given: CapacityGiven): number {
  const present = CAPACITY_FIELDS.filter((f) => given[f] !== undefined);
  const [first, ...more] = present;
  if (first === undefined)
    throw new InputError('the rated capacity is required (in tons, kW or BTU/h)', {
      path: ['tons'],
      either: [['tons'], ['capacityKw'], ['capacityBtuh']],
    });
  if (more.length)
    throw new InputError('give the rated capacity once (in tons, kW or BTU/h), not twice', {
      path: [first],
      also: more.map((f) => [f]),
    });
  const value = given[first] as number;
  return first === 'tons' ? tonsToW(value) : first === 'capacityKw' ? powerToW(value, 'kW') : btuhToW(value);
}
