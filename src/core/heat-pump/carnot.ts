import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import { cToK } from '../units/index.ts';

/**
 * Carnot (reversible-cycle) limits of a heat pump working between a cold reservoir (the source in heating)
 * and a hot reservoir (the sink in heating), absolute temperatures:
 *   heating: COP_max = T_hot / (T_hot - T_cold)
 *   cooling: COP_max = T_cold / (T_hot - T_cold)
 * Source: second law of thermodynamics, as stated in the encyclopedia article "Heat pump" ("Heat pump", section "Performance
 * considerations"): a ground-source unit between 0 degC and 35 degC has a Carnot limit of 8.8.
 * With no lift (T_hot <= T_cold) there is no finite limit: the functions return Infinity.
 */
export function carnotCopHeating(sinkC: number, sourceC: number): number {
  const hotK = cToK(sinkC);
  const coldK = cToK(sourceC);
  assertAboveAbsoluteZero(hotK, coldK);
  return hotK > coldK ? hotK / (hotK - coldK) : Infinity;
}

export function carnotCopCooling(sinkC: number, sourceC: number): number {
  const hotK = cToK(sinkC);
  const coldK = cToK(sourceC);
  assertAboveAbsoluteZero(hotK, coldK);
  return hotK > coldK ? coldK / (hotK - coldK) : Infinity;
}

function assertAboveAbsoluteZero(...kelvins: number[]): void {
  for (const k of kelvins)
    if (!(k > 0)) throw new InputError('temperature at or below absolute zero', { value: k - 273.15 });
}

/**
 * Fraction of the Carnot COP above which a claimed COP is suspicious. Conventional vapour-compression heat
 * pumps achieve 40-60 % of the Carnot limit (the encyclopedia article "Heat pump", "Solid state heat pumps": "compared with 40–60 %
 * achieved by conventional compression cycle systems"); we flag above the top of that range.
 */
export const SUSPICIOUS_CARNOT_FRACTION = 0.6;

export interface CopJudgement {
  carnotCop: number;
  /** claimed COP / Carnot COP (0 when the limit is infinite). */
  carnotFraction: number;
  verdict: 'plausible' | 'suspicious' | 'impossible';
  check?: Check;
}

export interface CopClaim {
  cop: number;
  mode: 'heating' | 'cooling';
  /** Hot side: supply (leaving) water in heating; heat-rejection side in cooling. */
  sinkC: number;
  /** Cold side: outdoor air, room air or ground loop in heating; chilled water in cooling. */
  sourceC: number;
  /** Defaults to {@link SUSPICIOUS_CARNOT_FRACTION}. */
  suspiciousFraction?: number;
  /** ISO start of the interval judged, copied into the check. */
  start?: string;
}

/** Judges a claimed or measured COP against the Carnot limit of its temperatures. */
export function judgeCop(claim: CopClaim): CopJudgement {
  const fraction = claim.suspiciousFraction ?? SUSPICIOUS_CARNOT_FRACTION;
  const carnotCop =
    claim.mode === 'heating'
      ? carnotCopHeating(claim.sinkC, claim.sourceC)
      : carnotCopCooling(claim.sinkC, claim.sourceC);
  const carnotFraction = Number.isFinite(carnotCop) ? claim.cop / carnotCop : 0;
  const temps = `${claim.mode} from ${claim.sourceC.toFixed(1)} degC to ${claim.sinkC.toFixed(1)} degC`;
  if (carnotFraction > 1)
    return {
      carnotCop,
      carnotFraction,
      verdict: 'impossible',
      check: check(
        'cop-above-carnot',
        'error',
        `COP ${claim.cop.toFixed(2)} exceeds the Carnot limit ${carnotCop.toFixed(2)} for ${temps}: physically impossible; the data, the meter or the temperatures are wrong`,
        claim.start,
      ),
    };
  if (carnotFraction > fraction)
    return {
      carnotCop,
      carnotFraction,
      verdict: 'suspicious',
      check: check(
        'cop-near-carnot',
        'warning',
        `COP ${claim.cop.toFixed(2)} is ${(carnotFraction * 100).toFixed(0)} % of the Carnot limit ${carnotCop.toFixed(2)} for ${temps}; real compression heat pumps reach 40-60 %`,
        claim.start,
      ),
    };
  return { carnotCop, carnotFraction, verdict: 'plausible' };
}
