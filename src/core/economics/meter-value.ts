import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';

/**
 * "Formula or meter?" (docs/methods.md, "Formula or meter? (evaluation)"). Compares the certificates a system
 * earns per year under a program's prescriptive formula with those it would earn from metered output, and
 * prices the difference over the incentive period against the meter's cost and upkeep.
 *
 * Cash-flow convention (ordinary annuity): the meter is bought at year 0; certificate revenue and upkeep
 * arrive at the end of years 1..N. Annuity factor AF = (1 - (1 + r)^-N) / r (AF = N when r = 0).
 *   extra certificates/yr  X = metered - formula   (metered - 0 where the program does not accept the formula)
 *   NPV of metering        = X p AF - meter cost - upkeep AF
 *   break-even price p*    = (meter cost + upkeep AF) / (X AF)          (none when X <= 0)
 *   break-even meter cost  = (X p - upkeep) AF
 * Certificates are counted as fractional per year: a registry that carries remainders forward (M-RETS)
 * issues that average; one that truncates each year issues up to one fewer per year.
 *
 * A figure under an error-severity check is not clean (src/core/checks.ts), and a comparison that rests on
 * one is not either: when either side carries an error check (given in `formulaChecks`/`meteredChecks`, or
 * found here, `metered-above-capacity`), the verdict is `none` and the recommendation names the errors
 * instead of a side. The arithmetic is still reported, for reference.
 */
export interface MeterValueInput {
  /** Certificates per year under the prescriptive formula. */
  formulaPerYear: number;
  /** Certificates per year expected from metered output. */
  meteredPerYear: number;
  /** Whether the program accepts the formula for this system (if not, the alternative to a meter is nothing). */
  formulaAccepted: boolean;
  /** Certificate price, USD per certificate. */
  priceUsd: number;
  /** Installed meter cost, USD: a low and a high figure. */
  meterCostLowUsd: number;
  meterCostHighUsd: number;
  /** Meter upkeep (data service, recalibration), USD per year. */
  upkeepUsdPerYear: number;
  /** Discount rate per year, fraction (0.05 = 5 %). */
  discountRate: number;
  /** Incentive period, years. */
  years: number;
  /** Rated capacity x hours per year expressed in certificates, when known: the physical ceiling. */
  capacityCeilingPerYear?: number;
  /** The checks each side's figure carries (an error on either means no recommendation). */
  formulaChecks?: readonly Check[];
  meteredChecks?: readonly Check[];
}

export interface MeterScenario {
  meterCostUsd: number;
  npvUsd: number;
  /** Certificate price at which metering breaks even; null when metering earns no extra certificates. */
  breakEvenPriceUsd: number | null;
}

/** `none`: a side carries an error check, so no side is recommended. */
export type MeterVerdict = 'meter' | 'formula' | 'depends-on-meter-cost' | 'none';

export interface MeterValue {
  annuityFactor: number;
  extraPerYear: number;
  pvExtraRevenueUsd: number;
  pvUpkeepUsd: number;
  /** Highest meter cost at which metering still pays. */
  breakEvenMeterCostUsd: number;
  low: MeterScenario;
  high: MeterScenario;
  verdict: MeterVerdict;
  recommendation: string;
  checks: Check[];
}

/** Present value of 1 per year for `years` years at `rate`, paid at the end of each year. */
export function annuityFactor(rate: number, years: number): number {
  return rate === 0 ? years : (1 - (1 + rate) ** -years) / rate;
}

export function evaluateMeter(i: MeterValueInput): MeterValue {
  validate(i);
  const af = annuityFactor(i.discountRate, i.years);
  const extra = i.meteredPerYear - (i.formulaAccepted ? i.formulaPerYear : 0);
  const pvExtraRevenueUsd = extra * i.priceUsd * af;
  const pvUpkeepUsd = i.upkeepUsdPerYear * af;
  const scenario = (meterCostUsd: number): MeterScenario => ({
    meterCostUsd,
    npvUsd: pvExtraRevenueUsd - meterCostUsd - pvUpkeepUsd,
    breakEvenPriceUsd: extra > 0 ? (meterCostUsd + pvUpkeepUsd) / (extra * af) : null,
  });
  const low = scenario(i.meterCostLowUsd);
  const high = scenario(i.meterCostHighUsd);
  const breakEvenMeterCostUsd = pvExtraRevenueUsd - pvUpkeepUsd;
  const byNumbers: MeterVerdict =
    high.npvUsd > 0 ? 'meter' : low.npvUsd <= 0 ? 'formula' : 'depends-on-meter-cost';
  const checks = physicsChecks(i, extra);
  const errors = sideErrors(i, checks);
  const value: MeterValue = {
    annuityFactor: af,
    extraPerYear: extra,
    pvExtraRevenueUsd,
    pvUpkeepUsd,
    breakEvenMeterCostUsd,
    low,
    high,
    verdict: errors ? 'none' : byNumbers,
    recommendation: errors ?? recommend(i, byNumbers, extra, low, high, breakEvenMeterCostUsd),
    checks,
  };
  assertFiniteValue(value);
  return value;
}

/** "No recommendation: ..." naming each side's error checks, or undefined when both sides are clean. */
function sideErrors(i: MeterValueInput, own: Check[]): string | undefined {
  const codes = (checks: readonly Check[]) => [
    ...new Set(checks.filter((c) => c.severity === 'error').map((c) => c.code)),
  ];
  const formula = codes(i.formulaChecks ?? []);
  const metered = codes([
    ...(i.meteredChecks ?? []),
    ...own.filter((c) => c.code === 'metered-above-capacity'),
  ]);
  if (!formula.length && !metered.length) return undefined;
  const side = (name: string, list: string[]) =>
    `the ${name} figure carries error check${list.length === 1 ? '' : 's'} ${list.join(', ')}`;
  const which = [
    ...(formula.length ? [side('formula', formula)] : []),
    ...(metered.length ? [side('metered', metered)] : []),
  ];
  return `No recommendation: ${which.join(' and ')} (see the checks). A figure under an error is not clean, and neither is a comparison resting on it: resolve the error, or give a figure the program does credit (--formula-mwh, --metered-mwh), before choosing. The arithmetic above is for reference only.`;
}

/** Every number of the result is finite: a non-finite one is a defect, never a result. */
function assertFiniteValue(v: MeterValue): void {
  const numbers = [
    v.annuityFactor,
    v.extraPerYear,
    v.pvExtraRevenueUsd,
    v.pvUpkeepUsd,
    v.breakEvenMeterCostUsd,
    ...[v.low, v.high].flatMap((s) => [s.meterCostUsd, s.npvUsd, s.breakEvenPriceUsd ?? 0]),
  ];
  if (!numbers.every(Number.isFinite))
    throw new Error(`evaluateMeter: a non-finite result (${numbers.join(', ')}): a defect, never a figure`);
}

const usd = (v: number): string => `${v < 0 ? '-' : ''}$${Math.abs(Math.round(v)).toLocaleString('en-US')}`;

function recommend(
  i: MeterValueInput,
  verdict: MeterVerdict,
  extra: number,
  low: MeterScenario,
  high: MeterScenario,
  breakEvenCost: number,
): string {
  const period = `over ${i.years} years at ${(i.discountRate * 100).toFixed(1)} %`;
  if (extra <= 0)
    return `Use the formula: metering would earn ${extra < 0 ? `${(-extra).toFixed(1)} FEWER certificates a year than` : 'no more certificates than'} the formula, so a meter can only lose money (NPV ${usd(low.npvUsd)} to ${usd(high.npvUsd)} ${period}).`;
  const gain = i.formulaAccepted
    ? `${extra.toFixed(1)} more certificates a year than the formula`
    : `${extra.toFixed(1)} certificates a year where the program accepts no formula`;
  if (verdict === 'meter')
    return `Meter: it earns ${gain}, worth ${usd(high.npvUsd)} net even at the high meter cost ${period}; it breaks even down to a certificate price of $${high.breakEvenPriceUsd?.toFixed(2)}.`;
  if (verdict === 'formula')
    return `Use the formula: metering earns ${gain}, but even at the low meter cost it loses ${usd(-low.npvUsd)} ${period}; it would pay at a certificate price above $${low.breakEvenPriceUsd?.toFixed(2)}.`;
  return `It depends on the meter's installed cost: metering earns ${gain} and pays if the meter costs less than ${usd(breakEvenCost)} (NPV ${usd(low.npvUsd)} at ${usd(low.meterCostUsd)}, ${usd(high.npvUsd)} at ${usd(high.meterCostUsd)}, ${period}).`;
}

function physicsChecks(i: MeterValueInput, extra: number): Check[] {
  const checks: Check[] = [];
  const ceiling = i.capacityCeilingPerYear;
  if (ceiling !== undefined && i.formulaPerYear > ceiling)
    checks.push(
      check(
        'formula-above-capacity',
        'warning',
        `the formula credits ${i.formulaPerYear.toFixed(1)} certificates a year, more than the ${ceiling.toFixed(1)} the rated capacity could deliver running all 8,760 hours: it multiplies capacity by COP, so metered output (at most capacity x hours) stays below it`,
      ),
    );
  if (i.formulaAccepted && extra < 0)
    checks.push(
      check(
        'metering-earns-fewer',
        'info',
        `metering earns fewer certificates (${i.meteredPerYear.toFixed(1)}/yr) than the formula (${i.formulaPerYear.toFixed(1)}/yr) where the program accepts the formula`,
      ),
    );
  if (ceiling !== undefined && i.meteredPerYear > ceiling)
    checks.push(
      check(
        'metered-above-capacity',
        'error',
        `the expected metered output ${i.meteredPerYear.toFixed(1)}/yr exceeds the rated capacity x 8,760 h (${ceiling.toFixed(1)}/yr): impossible; check the input`,
      ),
    );
  return checks;
}

function validate(i: MeterValueInput): void {
  const nonNegative: (keyof MeterValueInput)[] = [
    'formulaPerYear',
    'meteredPerYear',
    'priceUsd',
    'meterCostLowUsd',
    'meterCostHighUsd',
    'upkeepUsdPerYear',
  ];
  for (const field of nonNegative) {
    const v = i[field] as number;
    if (!(v >= 0) || !Number.isFinite(v))
      throw new InputError('must be a finite number of 0 or more', { field, value: String(v) });
  }
  if (i.meterCostLowUsd > i.meterCostHighUsd)
    throw new InputError(
      `the low meter cost (${i.meterCostLowUsd}) must not exceed the high one (${i.meterCostHighUsd})`,
      { field: 'meterCostLowUsd' },
    );
  if (!(i.discountRate > -1 && i.discountRate < 1))
    throw new InputError('discount rate must be a fraction between -1 and 1 (0.05 = 5 %)', {
      field: 'discountRate',
      value: String(i.discountRate),
    });
  if (!(Number.isInteger(i.years) && i.years >= 1 && i.years <= 100))
    throw new InputError('incentive period must be a whole number of years, 1-100', {
      field: 'years',
      value: String(i.years),
    });
}
