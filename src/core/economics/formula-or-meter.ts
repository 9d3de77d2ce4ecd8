import { check, type Check } from '../checks.ts';
import { plainNumber } from '../format.ts';
import type { SystemType } from '../heat-pump/estimate.ts';
import { calculateMethod } from '../methods/registry.ts';
import { GREC_FORMULA } from '../methods/grec-formula/calculate.ts';
import type { MethodResult } from '../methods/types.ts';
import { certificateUnitEnergyJ, countCertificates } from '../programs/certificates.ts';
import { programEligibility } from '../programs/counted.ts';
import type { Program } from '../programs/schema.ts';
import { HOURS_PER_YEAR } from '../units/constants.ts';

/**
 * The rules of "Formula or meter?" that decide the two sides before they are priced (docs/methods.md,
 * "Formula or meter? (evaluation)"): whether a program credits the GREC formula, which capacity is judged, and
 * the capacity x 8,760 h ceiling.
 */

/** The published formula and where it is published (the source by name, as user-facing text cites it). */
export const GREC_FORMULA_SOURCE = `Emergent Energy Solutions, "How Is Thermal Energy Measured for GREC Purposes?", 2022: tons x 12,000 x 8,760 x COP / ${plainNumber(GREC_FORMULA.btuPerMwh)} x multiplier`;

export interface FormulaCredit {
  /** Unrounded certificates a year the program credits for the formula (0 when not credited). */
  perYear: number;
  /** Whether the program accepts the GREC formula (lists it as a method, or states no methods). */
  accepted: boolean;
  result: MethodResult;
  /** Whole certificates the program credits (0 when not eligible or not accepted). */
  creditedCertificates: number;
  /** Why the formula's certificates are not credited (not eligible, formula not a method of the program). */
  notCredited?: string;
  source: string;
  checks: Check[];
}

const oneDecimal = (x: number) =>
  x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * The GREC formula for a system of `capacityW` at `cop`, credited as a program credits it. Under a program the
 * formula earns certificates only where the program lists it as a method (Maryland, per Emergent Energy
 * Solutions 2022); metering-only programs (NH, M-RETS) and programs with their own formula (MA) do not credit
 * it: it is shown for comparison and counted as 0. A system type the program does not list is not eligible.
 * Core errors name the core fields (capacityW, cop, multiplier).
 */
export function grecFormulaCredit(system: {
  capacityW: number;
  cop: number;
  multiplier?: number;
  program?: Program;
  type?: SystemType;
}): FormulaCredit {
  const p = system.program;
  const inputs = {
    capacityW: system.capacityW,
    cop: system.cop,
    ...(system.multiplier === undefined ? {} : { multiplier: system.multiplier }),
  };
  const result = calculateMethod('grec-formula', inputs, p);
  const eligibility = p ? programEligibility(p, system.type) : { eligible: null, checks: [] };
  // Unrounded certificates a year, by the same constant and unit as calculateMethod's whole certificates.
  const credited = p
    ? countCertificates(result.energyJ, certificateUnitEnergyJ(p, result.btuPerMwh), result.inputs.multiplier)
        .creditedCertificates
    : result.creditedMwh;
  const methods = p?.methods.value ?? null;
  const listed = methods === null || methods.includes('grec-formula');
  const checks = [...result.checks, ...eligibility.checks];
  if (p && methods === null)
    checks.push(
      check(
        'formula-acceptance-unknown',
        'warning',
        `program ${p.id} does not state its calculation methods (unknown): the GREC formula is counted as accepted, as Emergent Energy Solutions ("How Is Thermal Energy Measured for GREC Purposes?", 2022) reports for Maryland and Virginia practice`,
      ),
    );
  if (p && methods !== null && !listed)
    checks.push(
      check(
        'formula-not-accepted',
        'warning',
        // The check's wording is part of the published output (it names the CLI's flag, as it always has).
        `program ${p.id} lists methods ${methods.join(', ')}, not the GREC formula: its ${oneDecimal(credited)} certificates a year are shown for comparison and counted as 0; give --formula-mwh for a figure the program does accept`,
      ),
    );
  const notCredited =
    eligibility.eligible === false
      ? `not eligible: ${system.type} is not a technology program ${p?.id} lists (${p?.technologies.value?.join(', ')})`
      : !listed
        ? `not accepted: program ${p?.id} lists methods ${methods.join(', ')}, not the GREC formula`
        : undefined;
  return {
    perYear: notCredited ? 0 : credited,
    accepted: listed,
    creditedCertificates: notCredited ? 0 : result.certificates,
    ...(notCredited ? { notCredited } : {}),
    source: `grec-formula (${GREC_FORMULA_SOURCE})${p ? ` under program ${p.id} v${p.version}` : ''}`,
    result,
    checks,
  };
}

/**
 * The capacity both sides are judged on when several are known: the formula's tons first (its size), then
 * a capacity given directly, then (only where a program needs a size class) the estimated unit at its rating
 * point. Undefined when none applies.
 */
export function judgedCapacityW(c: {
  tonsW?: number;
  givenW?: number;
  needsSizeClass: boolean;
  ratedW?: () => number;
}): number | undefined {
  if (c.tonsW !== undefined) return c.tonsW;
  if (c.givenW !== undefined) return c.givenW;
  return c.needsSizeClass && c.ratedW ? c.ratedW() : undefined;
}

/**
 * Rated capacity x 8,760 h, in certificates of `unitEnergyJ` at `multiplier`: the most a system can be
 * credited in a year (heat at full rated capacity all year).
 */
export function capacityCeilingPerYear(capacityW: number, unitEnergyJ: number, multiplier: number): number {
  return (capacityW * HOURS_PER_YEAR * 3600 * multiplier) / unitEnergyJ;
}
