import { check, type Check } from '../checks.ts';
import type { EnergyTotals } from '../heat-pump/estimate.ts';

/**
 * What a program counts, as its rule file states it (src/core/programs, field `energyCounted`: each value
 * true, false, or null when the program's text does not say). Structural so that this module does not
 * depend on the program schema; pass `program.energyCounted.<x>.value`.
 */
export interface EnergyCountedRule {
  heating: boolean | null;
  cooling: boolean | null;
  netOfElectricity: boolean | null;
}

/**
 * Energy to certify from a seasonal estimate under a program's rule: heat delivered by the heat pump
 * (never the unmet/backup part), minus the heat pump's electricity when the program nets it (then it is the
 * renewable portion, EU RED II Annex VII). The estimate is heating only: a program that also counts cooling
 * gets a check saying cooling is not included. Feed the result to certificatesFromEnergy(program, energyJ).
 */
export function countedEnergyJ(
  totals: Pick<EnergyTotals, 'heatJ' | 'elecJ'>,
  rule: EnergyCountedRule,
): { energyJ: number; checks: Check[] } {
  const checks: Check[] = [];
  if (rule.cooling !== false)
    checks.push(
      check('cooling-not-estimated', 'info', 'the program may count cooling; this estimate is heating only'),
    );
  if (rule.heating === false)
    return {
      energyJ: 0,
      checks: [...checks, check('heating-not-counted', 'warning', 'the program does not count heating')],
    };
  if (rule.heating === null)
    checks.push(
      check(
        'heating-count-unknown',
        'warning',
        'the program does not state whether heating counts; heating counted',
      ),
    );
  if (rule.netOfElectricity === null)
    checks.push(
      check(
        'netting-unknown',
        'warning',
        'the program does not state whether electricity is subtracted; gross heat counted',
      ),
    );
  const energyJ = rule.netOfElectricity === true ? Math.max(0, totals.heatJ - totals.elecJ) : totals.heatJ;
  return { energyJ, checks };
}
