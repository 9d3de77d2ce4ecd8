import { InputError } from '../../errors.ts';
import { btuToJ, BTU_PER_H_PER_TON, HOURS_PER_YEAR, POWER_UNITS } from '../../units/index.ts';
import type { MethodInputs } from '../types.ts';
import type { MethodEnergy } from '../energy.ts';

/**
 * The GREC formula exactly as Emergent Energy Solutions publishes it ("How Is Thermal Energy Measured for
 * GREC Purposes?", 2022-06-13; a project seed document):
 *   Annual MWh = tons x 12,000 BTU/h x 8,760 h x COP / 3,412,000 BTU/MWh x fuel-displacement multiplier
 * Its rounded 3,412,000 BTU/MWh belongs to the formula (the exact value is 3,412,141.63), so it lives here
 * and in program files, not in src/core/units. See README.md beside this file for its physics.
 */
export const GREC_FORMULA = {
  btuPerMwh: 3_412_000,
  hours: HOURS_PER_YEAR,
  source:
    'Emergent Energy Solutions, "How Is Thermal Energy Measured for GREC Purposes?", 2022: ' +
    'tons x 12,000 x 8,760 x COP / 3,412,000 x multiplier',
} as const;

export function calculateGrecFormula(inputs: MethodInputs): MethodEnergy {
  if (inputs.periodH !== undefined && inputs.periodH !== GREC_FORMULA.hours)
    throw new InputError('the published GREC formula is annual: it always uses 8,760 hours', {
      field: 'periodH',
      value: inputs.periodH,
    });
  const tons = inputs.capacityW / POWER_UNITS.ton;
  const btu = tons * BTU_PER_H_PER_TON * GREC_FORMULA.hours * inputs.cop;
  return {
    basis: 'formula-output',
    energyJ: btuToJ(btu),
    btu,
    periodH: GREC_FORMULA.hours,
    btuPerMwh: GREC_FORMULA.btuPerMwh,
    what: 'The published GREC formula',
    notes: NOTES,
  };
}

/** The notes of every result (one array: the caller copies it into the result's own list). */
const NOTES: readonly string[] = [
  `Formula as published (${GREC_FORMULA.source}); computed as asked.`,
  'It multiplies rated capacity by COP and by all 8,760 hours, so it always exceeds what the capacity can ' +
    'deliver: see the exceeds-capacity check and docs/methods.md.',
];
