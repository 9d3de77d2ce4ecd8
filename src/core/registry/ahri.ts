import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import { btuhToW, powerFromW, powerToW, tonsToW, wToBtuh } from '../units/index.ts';
import type { SystemRegistration } from './types.ts';

/** Why the rated values must be the certificate's: cited in every AHRI refusal. */
export const AHRI_SOURCE =
  'Emergent Energy Solutions, 2022: values that do not match the AHRI certificate delay or reduce credits';

/** Decimal places a number is written with (its shortest form): 4 -> 0, 3.5 -> 1, 14.07 -> 2, 1e-7 -> 7. */
export function decimalsOf(value: number): number {
  const [mantissa = '', exponent] = String(Math.abs(value)).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

/**
 * Whether a value agrees with a printed one at the printed precision: within half a unit of its last digit,
 * exclusive (4 tons prints what lies in (3.5, 4.5) tons; 4.5 itself would print as 5 under round-half-up or
 * as 4 under round-half-even, so it is not taken as agreeing). A value that agrees lies strictly inside; a
 * 1e-9 relative allowance absorbs the floating point of unit conversions (4.5 tons -> W -> tons).
 */
export function agreesAtPrintedPrecision(value: number, printed: number): boolean {
  const half = 0.5 * 10 ** -decimalsOf(printed);
  return Math.abs(value - printed) < half * (1 - 1e-9);
}

const fmt = (n: number, decimals: number): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: Math.max(decimals + 2, 2), useGrouping: true });

type CapacityUnit = 'tons' | 'capacityKw' | 'capacityBtuh';
const UNIT_WORDS: Record<CapacityUnit, string> = { tons: 'tons', capacityKw: 'kW', capacityBtuh: 'BTU/h' };
const AHRI_FIELD: Record<CapacityUnit, string> = {
  tons: 'ahriTons',
  capacityKw: 'ahriCapacityKw',
  capacityBtuh: 'ahriCapacityBtuh',
};
const toUnit: Record<CapacityUnit, (w: number) => number> = {
  tons: (w) => w / tonsToW(1),
  capacityKw: (w) => powerFromW(w, 'kW'),
  capacityBtuh: wToBtuh,
};
const fromUnit: Record<CapacityUnit, (v: number) => number> = {
  tons: tonsToW,
  capacityKw: (v) => powerToW(v, 'kW'),
  capacityBtuh: btuhToW,
};

/**
 * The rated capacity and COP registered for a system against the values its AHRI certificate prints:
 * compared in the certificate's own unit at its printed precision (agreesAtPrintedPrecision), since the
 * certificate prints rounded values. A mismatch is refused (InputError at the certificate's input, also
 * naming the rated one) naming both values and the reference; certificate values without a reference, or
 * two capacities on one certificate, are refused too. A reference without values gives an info check (nothing
 * compared). Returns the checks, and the certificate's capacity in W when it gives one.
 */
export function checkAhri(system: SystemRegistration): { checks: Check[]; certifiedCapacityW?: number } {
  const ahri = system.ahri;
  if (!ahri) return { checks: [] };
  const units = (['tons', 'capacityKw', 'capacityBtuh'] as const).filter((u) => ahri[u] !== undefined);
  if (!ahri.ref.trim())
    throw new InputError("the AHRI certificate's values need its reference number", {
      path: ['ahriRef'],
      also: [...units.map((u) => [AHRI_FIELD[u]]), ...(ahri.cop === undefined ? [] : [['ahriCop']])],
    });
  const [unit, ...more] = units;
  if (more.length && unit !== undefined)
    throw new InputError('give the certificate capacity once (in tons, kW or BTU/h), not twice', {
      path: [AHRI_FIELD[unit]],
      also: more.map((u) => [AHRI_FIELD[u]]),
    });
  const refNote = `(AHRI ref ${ahri.ref})`;
  const advice = `register the certified values (${AHRI_SOURCE})`;
  const at = system.ratingPoint ? ` at ${system.ratingPoint.standard} ${system.ratingPoint.condition}` : '';
  let certifiedCapacityW: number | undefined;
  if (unit !== undefined) {
    const printed = ahri[unit] as number;
    const rated = toUnit[unit](system.ratedCapacityW);
    const givenAs = system.capacityGivenAs ?? unit;
    if (!agreesAtPrintedPrecision(rated, printed)) {
      const d = decimalsOf(printed);
      const ratedWords =
        givenAs === unit
          ? `${fmt(rated, d)} ${UNIT_WORDS[unit]}`
          : `${fmt(toUnit[givenAs](system.ratedCapacityW), 3)} ${UNIT_WORDS[givenAs]} (${fmt(rated, d)} ${UNIT_WORDS[unit]})`;
      throw new InputError(
        `rated ${ratedWords}${at} does not match the AHRI certificate's ${fmt(printed, d)} ${UNIT_WORDS[unit]} ${refNote}: ${advice}`,
        { path: [AHRI_FIELD[unit]], also: [[givenAs]] },
      );
    }
    certifiedCapacityW = fromUnit[unit](printed);
  }
  if (ahri.cop !== undefined && !agreesAtPrintedPrecision(system.ratedCop, ahri.cop)) {
    const d = decimalsOf(ahri.cop);
    throw new InputError(
      `rated COP ${fmt(system.ratedCop, d)}${at} does not match the AHRI certificate's COP ${fmt(ahri.cop, d)} ${refNote}: ${advice}`,
      { path: ['ahriCop'], also: [['cop']] },
    );
  }
  const checks: Check[] = [];
  if (unit === undefined && ahri.cop === undefined)
    checks.push(
      check(
        'ahri-not-compared',
        'info',
        `AHRI ref ${ahri.ref} given without the values the certificate prints: the rated capacity and COP were not compared with it`,
      ),
    );
  else if (system.ratingPoint && !system.ratingPoint.standard.startsWith('AHRI'))
    checks.push(
      check(
        'rating-point-not-ahri',
        'warning',
        `the rated values are given at ${system.ratingPoint.standard} ${system.ratingPoint.condition}, but they match AHRI certificate ${ahri.ref}, which rates at AHRI conditions: check the rating point`,
      ),
    );
  return certifiedCapacityW === undefined ? { checks } : { checks, certifiedCapacityW };
}
