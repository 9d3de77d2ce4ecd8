import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import { judgeCop } from '../heat-pump/index.ts';
import { J_PER_WH, jToMwh, POWER_UNITS, wToBtuh } from '../units/index.ts';
import { renewableJ } from './energy.ts';
import { enUsNumber } from './number-text.ts';
import type { MethodInputs } from './types.ts';

/** Checks the inputs every method shares; throws InputError naming the field. */
export function validateInputs(inputs: MethodInputs): void {
  positive('capacityW', inputs.capacityW);
  // A heat pump's heating COP is 1 + (heat drawn from the source)/(electricity): above 1 by the first law.
  // At COP <= 1 it draws nothing from the ground or air, so it has no renewable portion to certify.
  if (!Number.isFinite(inputs.cop) || !(inputs.cop > 1))
    throw new InputError(
      'heating COP must be greater than 1: a heat pump delivers its electricity plus the heat it draws from the ground or air, so COP <= 1 leaves no renewable heat',
      { field: 'cop', value: inputs.cop },
    );
  if (inputs.multiplier !== undefined) positive('multiplier', inputs.multiplier);
  if (inputs.periodH !== undefined) positive('periodH', inputs.periodH);
  if ((inputs.sourceC === undefined) !== (inputs.sinkC === undefined))
    throw new InputError('give both the source and the sink temperature, or neither', {
      field: inputs.sourceC === undefined ? 'sourceC' : 'sinkC',
    });
}

export function positive(field: string, value: number): void {
  if (!Number.isFinite(value) || !(value > 0))
    throw new InputError('must be a finite number greater than 0', { field, value });
}

/**
 * Hours a method needs (logged runtime, equivalent full-load hours): given, finite, > 0, and at most the
 * hours in the period, since a unit cannot run (or run at full load) longer than the period lasts.
 */
export function hoursInPeriod(
  field: string,
  hours: number | undefined,
  periodH: number,
  say: { missing: string; name: string },
): number {
  if (hours === undefined) throw new InputError(say.missing, { field });
  positive(field, hours);
  if (hours > periodH)
    throw new InputError(`${say.name} cannot exceed the ${periodH} hours in the period`, {
      field,
      value: hours,
    });
  return hours;
}

/** Fixed `d` decimals, thousands grouped (en-US), as toLocaleString writes them (number-text.ts). */
const fmt = (n: number, d = 2): string => enUsNumber(n, d, d);

/** "4 tons (14.07 kW, 48,000 BTU/h)" */
export function describeCapacity(capacityW: number): string {
  return `${enUsNumber(capacityW / POWER_UNITS.ton, 0, 2)} tons (${fmt(capacityW / 1000)} kW, ${fmt(wToBtuh(capacityW), 0)} BTU/h)`;
}

/**
 * The physics audit every result gets. A heat pump cannot deliver more heat than its rated capacity times
 * the hours in the period (`capJ`), and at most capJ x (1 - 1/COP) of that heat comes from the ground or air.
 * Exceeding the cap is physically impossible, so the check is an error; the number asked for is still given.
 */
export function capacityAudit(a: {
  energyJ: number;
  /** The result as reported (in its own MWh constant), for the message. */
  mwh: number;
  capacityW: number;
  periodH: number;
  cop: number;
  what: string;
}): { capJ: number; renewableCapJ: number; checks: Check[] } {
  const capJ = a.capacityW * a.periodH * J_PER_WH;
  const renewableCapJ = renewableJ(capJ, a.cop);
  const checks: Check[] = [];
  if (a.energyJ > capJ * (1 + 1e-9))
    checks.push(
      check(
        'exceeds-capacity',
        'error',
        `${a.what} gives ${fmt(a.mwh)} MWh, but ${describeCapacity(a.capacityW)} running at full rated ` +
          `capacity for every one of the ${fmt(a.periodH, 0)} hours can deliver at most ${fmt(jToMwh(capJ))} MWh of heat; ` +
          `of that, at most ${fmt(jToMwh(renewableCapJ))} MWh (x (1 - 1/COP ${a.cop})) is renewable heat drawn from the ` +
          `ground or air, the rest being the electricity it uses. The result is ${fmt(a.energyJ / capJ)} times the ` +
          'physical maximum: it is not energy the heat pump can deliver.',
      ),
    );
  return { capJ, renewableCapJ, checks };
}

/** With rating temperatures, judges the COP against its Carnot limit (src/core/heat-pump/carnot.ts). */
export function copChecks(inputs: MethodInputs): Check[] {
  if (inputs.sourceC === undefined || inputs.sinkC === undefined) return [];
  const judged = judgeCop({ cop: inputs.cop, mode: 'heating', sourceC: inputs.sourceC, sinkC: inputs.sinkC });
  return judged.check ? [judged.check] : [];
}
