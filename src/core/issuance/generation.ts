import { check, type Check } from '../checks.ts';
import { InputError } from '../errors.ts';
import { grouped, plainNumber } from '../format.ts';
import { calculateMethod } from '../methods/registry.ts';
import type { MethodName, MethodResult } from '../methods/types.ts';
import { energyCountedRule } from '../programs/counted.ts';
import type { Program } from '../programs/schema.ts';
import { HOURS_PER_YEAR, J_PER_WH } from '../units/index.ts';

/**
 * Exact sums of one enrolment's stored hours in one month, as the store returns them (PeriodSumsRecord in
 * src/app/ledger-port.ts): integer Wh, seconds of valid data. `heatWh`, `coolWh`, `elecWh` and
 * `uncertaintyWh` cover only hours without an error-severity check; the heat and cooling of the hours with one
 * are in `heldHeatWh` / `heldCoolWh`.
 */
export interface MeteredSums {
  hours: number;
  heatWh: number;
  coolWh: number;
  elecWh: number;
  /** EN 1434 maximum permissible error, summed per hour by the store, Wh. */
  uncertaintyWh: number;
  coverageS: number;
  heldHeatWh: number;
  heldCoolWh: number;
  errorHours: number;
  /** Energy the meter's gates already excluded (register jumps), Wh. */
  excludedWh: number;
}

export interface MeteredGeneration {
  /** Counted energy of the month, integer Wh (rounded once, at the end). */
  energyWh: number;
  /** The parts as counted: heating and cooling counted (0 where not), electricity subtracted (0 when gross). */
  heatWh: number;
  coolWh: number;
  elecWh: number;
  /** Uncertainty deducted by conservative issuance (never more than the energy it is deducted from). */
  deductedUncertaintyWh: number;
  checks: Check[];
}

const SUM_FIELDS = [
  'hours',
  'heatWh',
  'coolWh',
  'elecWh',
  'uncertaintyWh',
  'coverageS',
  'heldHeatWh',
  'heldCoolWh',
  'errorHours',
  'excludedWh',
] as const;

const wh = (n: number): string => `${grouped(n, 0)} Wh`;

/**
 * Generation of one metered enrolment in one month under its program's `energyCounted` rule (docs/methods.md,
 * Issuance): heating counted unless the program says it is not; cooling only where the program says it
 * counts (unknown: not counted, warning); net of the heat pump's electricity where the program says so
 * (unknown: gross, warning). Energy under an error-severity check never counts (the store keeps it out of
 * `heatWh`); a `held-energy` warning names it. Conservative issuance deducts the meter's EN 1434 uncertainty
 * (EN 1434-1 maximum permissible error, summed per hour), floored at 0.
 */
export function meteredGeneration(input: {
  program: Program;
  sums: MeteredSums;
  conservative: boolean;
}): MeteredGeneration {
  const { program, sums, conservative } = input;
  for (const f of SUM_FIELDS) {
    const v = sums[f];
    if (!Number.isFinite(v) || v < 0)
      throw new InputError('a metered sum must be a finite number of 0 or more', {
        path: ['sums', f],
        value: v,
      });
  }
  const rule = energyCountedRule(program);
  const checks: Check[] = [];
  const who = `program ${program.id} v${program.version}`;

  let heatWh = sums.heatWh;
  if (rule.heating === false) {
    heatWh = 0;
    if (sums.heatWh > 0)
      checks.push(
        check(
          'heating-not-counted',
          'warning',
          `${who} does not count heating: ${wh(sums.heatWh)} not counted`,
        ),
      );
  } else if (rule.heating === null)
    checks.push(
      check(
        'heating-count-unknown',
        'warning',
        `${who} does not state whether heating counts; heating counted`,
      ),
    );

  let coolWh = 0;
  if (rule.cooling === true) coolWh = sums.coolWh;
  else if (rule.cooling === null) {
    if (sums.coolWh > 0)
      checks.push(
        check(
          'cooling-count-unknown',
          'warning',
          `${who} does not state whether cooling counts: ${wh(sums.coolWh)} of cooling not counted`,
        ),
      );
  } else if (sums.coolWh > 0)
    checks.push(
      check('cooling-not-counted', 'info', `${who} does not count cooling: ${wh(sums.coolWh)} not counted`),
    );

  let elecWh = 0;
  if (rule.netOfElectricity === true) {
    elecWh = sums.elecWh;
    if (sums.coolWh > 0 && rule.cooling !== true && sums.elecWh > 0)
      checks.push(
        check(
          'netting-includes-cooling',
          'info',
          `${who} counts heat net of electricity; the ${wh(sums.elecWh)} subtracted include the electricity of ` +
            'hours spent cooling, which the meter does not separate (conservative)',
        ),
      );
    // No electricity beside heat is electricity not measured, not a heat pump that used none: netting
    // nothing would certify gross heat under a net rule, so the month is held (an error).
    if (sums.elecWh === 0 && heatWh + (rule.cooling === true ? sums.coolWh : 0) > 0)
      checks.push(
        check(
          'electricity-not-measured',
          'error',
          `${who} counts heat net of the heat pump's electricity, but no electricity was measured beside ` +
            `${wh(heatWh)} of heat: held until the electricity is ingested (an electricity register or power ` +
            "column in the heat meter's file)",
        ),
      );
  } else if (rule.netOfElectricity === null)
    checks.push(
      check(
        'netting-unknown',
        'warning',
        `${who} does not state whether electricity is subtracted; gross heat counted`,
      ),
    );

  const counted = Math.max(0, heatWh + coolWh - elecWh);
  if (heatWh + coolWh - elecWh < 0)
    checks.push(
      check(
        'net-below-zero',
        'warning',
        `electricity ${wh(elecWh)} exceeds the counted heat and cooling ${wh(heatWh + coolWh)}: counted as 0`,
      ),
    );
  const deducted = conservative ? Math.min(counted, sums.uncertaintyWh) : 0;
  if (conservative)
    checks.push(
      check(
        'conservative-deduction',
        'info',
        `conservative issuance: the meter's EN 1434 uncertainty ${wh(sums.uncertaintyWh)} deducted` +
          (deducted < sums.uncertaintyWh ? ` (only ${wh(deducted)}: energy is floored at 0)` : ''),
      ),
    );
  if (sums.errorHours > 0)
    checks.push(
      check(
        'held-energy',
        'warning',
        `${wh(sums.heldHeatWh)} of heat and ${wh(sums.heldCoolWh)} of cooling in ${plainNumber(sums.errorHours)} ` +
          'hours with an error check are held back: never certified',
      ),
    );
  if (sums.excludedWh > 0)
    checks.push(
      check(
        'excluded-energy',
        'info',
        `${wh(sums.excludedWh)} excluded by the meter's gates (register jumps) is not counted`,
      ),
    );
  // Sums are integer Wh already; the one rounding is here, at the end.
  return {
    energyWh: Math.round(counted - deducted),
    heatWh,
    coolWh,
    elecWh,
    deductedUncertaintyWh: deducted,
    checks,
  };
}

/**
 * TREC's data-coverage threshold where the program states none: 90 % of the period's hours (issue 10; no
 * program read states one, docs/methods.md, Issuance).
 */
export const DEFAULT_DATA_COVERAGE = 0.9;

export interface CoverageVerdict {
  /** Valid-data seconds / enrolled seconds. */
  fraction: number;
  threshold: number;
  thresholdSource: 'program' | 'default';
  ok: boolean;
  /** Why the period is held (null when ok). */
  reason: string | null;
}

/** Percent to one decimal, never rounded up across the threshold (89.96 % reads 89.9 %, not 90.0 %). */
const pct = (f: number): string => plainNumber(Math.floor(f * 1000 + 1e-9) / 10, 6);

/**
 * Whether a metered period has enough valid data to be issued: coverage seconds / (enrolled hours x 3,600)
 * at or above the program's `dataCoverage`, else TREC's 90 % default (docs/methods.md, Issuance).
 * `enrolledHours` are the hours of the period the enrolment covers, DST-aware (the app counts them).
 */
export function coverageVerdict(input: {
  program: Program;
  coverageS: number;
  enrolledHours: number;
}): CoverageVerdict {
  const { program, coverageS, enrolledHours } = input;
  if (!Number.isFinite(enrolledHours) || !(enrolledHours > 0))
    throw new InputError('the enrolled hours of a period must be greater than 0', {
      path: ['enrolledHours'],
      value: enrolledHours,
    });
  if (!Number.isFinite(coverageS) || coverageS < 0)
    throw new InputError('coverage must be a finite number of seconds, 0 or more', {
      path: ['coverageS'],
      value: coverageS,
    });
  const stated = program.dataCoverage.value;
  const threshold = stated ?? DEFAULT_DATA_COVERAGE;
  const thresholdSource = stated === null ? 'default' : 'program';
  const enrolledS = enrolledHours * 3600;
  const fraction = coverageS / enrolledS;
  // Compared in seconds (integers), so 90 % of 2,208 h is exactly 7,153,920 s.
  const ok = coverageS >= threshold * enrolledS - 1e-6;
  const whose =
    thresholdSource === 'program'
      ? `the ${pct(threshold)} % program ${program.id} requires`
      : `the ${pct(threshold)} % TREC default (program ${program.id} states none)`;
  return {
    fraction,
    threshold,
    thresholdSource,
    ok,
    reason: ok
      ? null
      : `data coverage ${pct(fraction)} % of ${plainNumber(enrolledHours)} h is below ${whose}`,
  };
}

/** Methods whose figure is annual by definition: their period figure is the annual one x periodH / 8,760. */
const ANNUAL_METHODS: readonly MethodName[] = ['grec-formula', 'full-load-hours'];

export interface PrescriptiveGeneration {
  /** The counted energy of the period, integer Wh (the method's energyJ / 3,600, rounded once). */
  energyWh: number;
  /** The method's result as computed (annual for the GREC formula and full-load hours): the physics audit. */
  result: MethodResult;
  /** The physical maximum of the period: rated capacity x periodH, and its renewable part, Wh. */
  capWh: number;
  renewableCapWh: number;
  /** Whether capAtPhysical lowered the figure. */
  capped: boolean;
  checks: Check[];
}

/**
 * Generation of one prescriptive enrolment for `periodH` hours (the part of the period it covers): the program's
 * method as written (calculateMethod, src/core/methods). The GREC formula (Emergent Energy Solutions, 2022) and
 * full-load hours are annual figures: the period gets annual x periodH / 8,760 (the formula itself is capacity
 * x COP x hours, flat over the year, so this is the formula for periodH hours; for full-load hours it is TREC's
 * assumption, warned). The physics audit stays in `result`; `capAtPhysical` caps the figure at the period's
 * physical maximum (the renewable one for a renewable-portion method). An error check left in `checks` means
 * the figure must not be issued.
 */
export function prescriptiveGeneration(input: {
  program: Program;
  method: MethodName;
  capacityW: number;
  cop: number;
  periodH: number;
  capAtPhysical: boolean;
  /** Passed to the method: a multiplier the enrolment chose; runtime-renewable's logged runtime in the period. */
  multiplier?: number;
  runtimeH?: number;
  loadFraction?: number;
  /** full-load-hours: equivalent full-load hours per year (else the program's `fullLoadHours`). */
  fullLoadHours?: number;
}): PrescriptiveGeneration {
  const { program, method, capacityW, cop, periodH, capAtPhysical } = input;
  if (!Number.isFinite(periodH) || !(periodH > 0))
    throw new InputError('the hours of the period must be greater than 0', {
      path: ['periodH'],
      value: periodH,
    });
  const annual = ANNUAL_METHODS.includes(method);
  const result = calculateMethod(
    method,
    {
      capacityW,
      cop,
      ...(annual ? {} : { periodH }),
      ...(input.multiplier === undefined ? {} : { multiplier: input.multiplier }),
      ...(input.runtimeH === undefined ? {} : { runtimeH: input.runtimeH }),
      ...(input.loadFraction === undefined ? {} : { loadFraction: input.loadFraction }),
      ...(input.fullLoadHours === undefined ? {} : { fullLoadHours: input.fullLoadHours }),
    },
    program,
  );
  const share = periodH / result.inputs.periodH;
  const checks: Check[] = [...result.checks];
  if (annual && periodH !== HOURS_PER_YEAR)
    checks.push(
      check(
        'prorated-by-hours',
        method === 'grec-formula' ? 'info' : 'warning',
        `${method} is an annual figure: this period counts ${plainNumber(periodH)} of its ${plainNumber(HOURS_PER_YEAR)} hours ` +
          `(x ${plainNumber(share, 6)})` +
          (method === 'grec-formula'
            ? ''
            : "; spreading annual full-load hours evenly over the year is TREC's assumption: a heating season is not"),
      ),
    );
  const periodJ = result.energyJ * share;
  const capJ = result.capJ * share;
  const renewableCapJ = result.renewableCapJ * share;
  const limitJ = result.basis === 'renewable-portion' ? renewableCapJ : capJ;
  const capped = capAtPhysical && periodJ > limitJ;
  // Rounded once: to the nearest Wh, or down when capped so that the figure never exceeds the maximum.
  const energyWh = capped ? Math.floor(limitJ / J_PER_WH) : Math.round(periodJ / J_PER_WH);
  if (capped) {
    const limit = result.basis === 'renewable-portion' ? 'renewable maximum' : 'physical maximum';
    checks.push(
      check(
        'capped-at-physical',
        'info',
        `capped at the ${limit} as the enrolment asks: ${wh(energyWh)} (rated capacity x ${plainNumber(periodH)} h` +
          `${result.basis === 'renewable-portion' ? ' x (1 - 1/COP)' : ''}) instead of the method's ${wh(Math.round(periodJ / J_PER_WH))}`,
      ),
    );
    // The capped figure no longer exceeds the capacity: the method's excess is reported, not an error of it.
    for (let i = 0; i < checks.length; i++) {
      const c = checks[i];
      if (c?.code === 'exceeds-capacity' && c.severity === 'error')
        checks[i] = check(
          c.code,
          'warning',
          `The figure issued is capped, but the method's is not: ${c.message}`,
        );
    }
  }
  return {
    energyWh,
    result,
    capWh: capJ / J_PER_WH,
    renewableCapWh: renewableCapJ / J_PER_WH,
    capped,
    checks,
  };
}
