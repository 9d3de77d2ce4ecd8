import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  calculateMethod,
  check,
  certificateUnitEnergyJ,
  countCertificates,
  ENERGY_UNITS,
  estimateCertificates,
  GREC_FORMULA,
  InputError,
  programCertificates,
  programEligibility,
  tonsToW,
  type Check,
  type MethodResult,
  type Program,
  type ProgramCertificates,
  type SystemType,
} from '../../core/index.ts';
import { fmt, withOptionNames } from '../context.ts';
import type { EstimateOptions, EstimateRun } from '../estimate-options.ts';

/**
 * The two sides `trec evaluate` compares, in certificates per year (unrounded: docs/methods.md, "Formula or
 * meter? (evaluation)"): the prescriptive formula through calculateMethod('grec-formula'), and the metered
 * output counted by the program's rule (programCertificates / estimateCertificates, as `trec estimate`).
 */
export interface EvaluateOptions extends EstimateOptions {
  formulaMwh?: number;
  formulaNotAccepted?: boolean;
  tons?: number;
  cop?: number;
  program?: string;
  multiplier?: number;
  meteredMwh?: number;
  estimate?: string;
  meteredBasis: 'heat' | 'renewable';
  certificatePrice: number;
  meterCostLow: number;
  meterCostHigh: number;
  meterCost?: number;
  upkeep: number;
  discountRate: number;
  years: number;
  json?: boolean;
}

/** The system both sides are counted for. */
export interface EvaluatedSystem {
  program?: Program;
  /** Known when --type is given or the estimate runs; else eligibility is not checked. */
  type?: SystemType;
  capacityW?: number;
  multiplier?: number;
}

export interface Side {
  perYear: number;
  source: string;
  checks: Check[];
}
export interface FormulaSide extends Side {
  accepted: boolean;
  result?: MethodResult;
  /** Whole certificates the program credits for the formula (0 when not eligible or not accepted). */
  creditedCertificates?: number;
  /** Why the formula's certificates are not credited (not eligible, formula not a method of the program). */
  notCredited?: string;
}
export interface MeteredSide extends Side {
  certs?: ProgramCertificates;
}

/** The published formula and where it is published (the source by name, as user-facing text cites it). */
const FORMULA_SOURCE = `Emergent Energy Solutions, "How Is Thermal Energy Measured for GREC Purposes?", 2022: tons x 12,000 x 8,760 x COP / ${GREC_FORMULA.btuPerMwh.toLocaleString('en-US')} x multiplier`;

const OPTION_OF = { capacityW: '--tons', cop: '--cop', multiplier: '--multiplier' };

export function formulaSide(o: EvaluateOptions, sys: EvaluatedSystem): FormulaSide {
  if (o.formulaNotAccepted) return { perYear: 0, accepted: false, source: 'user', checks: [] };
  if (o.formulaMwh !== undefined)
    return { perYear: o.formulaMwh, accepted: true, source: 'user', checks: [] };
  if (o.tons === undefined || o.cop === undefined)
    throw new InputError(
      'give --tons and --cop (the GREC formula), --formula-mwh or --formula-not-accepted',
      {
        field: o.tons === undefined ? '--tons' : '--cop',
      },
    );
  const inputs = {
    capacityW: tonsToW(o.tons),
    cop: o.cop,
    ...(sys.multiplier === undefined ? {} : { multiplier: sys.multiplier }),
  };
  const result = withOptionNames(OPTION_OF, () => calculateMethod('grec-formula', inputs, sys.program));
  const p = sys.program;
  const eligibility = p ? programEligibility(p, sys.type) : { eligible: null, checks: [] };
  // Unrounded certificates a year, by the same constant and unit as calculateMethod's whole certificates.
  const credited = p
    ? countCertificates(result.energyJ, certificateUnitEnergyJ(p, result.btuPerMwh), result.inputs.multiplier)
        .creditedCertificates
    : result.creditedMwh;
  // Under a program the GREC formula earns certificates only where the program lists it as a method
  // (Maryland, per Emergent Energy Solutions 2022); metering-only programs (NH, M-RETS) and programs with their own formula (MA)
  // do not credit it: it is shown for comparison. A user-given --formula-mwh stays the user's call.
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
        `program ${p.id} lists methods ${methods.join(', ')}, not the GREC formula: its ${fmt(credited, 1)} certificates a year are shown for comparison and counted as 0; give --formula-mwh for a figure the program does accept`,
      ),
    );
  const notCredited =
    eligibility.eligible === false
      ? `not eligible: ${sys.type} is not a technology program ${p?.id} lists (${p?.technologies.value?.join(', ')})`
      : !listed
        ? `not accepted: program ${p?.id} lists methods ${methods?.join(', ')}, not the GREC formula`
        : undefined;
  return {
    perYear: notCredited ? 0 : credited,
    accepted: listed,
    creditedCertificates: notCredited ? 0 : result.certificates,
    ...(notCredited ? { notCredited } : {}),
    source: `grec-formula (${FORMULA_SOURCE})${p ? ` under program ${p.id} v${p.version}` : ''}`,
    result,
    checks,
  };
}

/** The numbers asked for from a `trec estimate --json` file, and the checks it carries (its errors count). */
function readEstimateFile(file: string, keys: string[]): { kwh: number[]; checks: Check[] } {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`cannot read a trec estimate JSON file: ${(error as Error).message}`, { file });
  }
  const kwh = keys.map((key) => {
    const v = data[key];
    // At most 1e10 kWh (1e7 MWh, the --metered-mwh bound: 1 GW all year is 8.8e9 kWh).
    if (typeof v !== 'number' || !(v >= 0 && v <= 1e10))
      throw new InputError(
        v === undefined ? 'missing' : 'must be a number of kWh from 0 to 1e10 (1 GW all year is 8.8e9 kWh)',
        { file, field: key, ...(v === undefined ? {} : { value: v }) },
      );
    return v;
  });
  return { kwh, checks: fileChecks(file, data) };
}

/**
 * The file's `checks` (as `trec estimate --json` writes them), so an error in the estimate is not lost on
 * the way into the comparison; a file that says `ok: false` without its error checks gets one.
 */
function fileChecks(file: string, data: Record<string, unknown>): Check[] {
  const raw = data['checks'];
  if (raw !== undefined && !Array.isArray(raw))
    throw new InputError('must be a list of checks', { file, field: 'checks' });
  const checks = (raw ?? []).map((c: unknown, i: number): Check => {
    const x = c as Partial<Check>;
    const severities = ['info', 'warning', 'error'];
    if (
      typeof x?.code !== 'string' ||
      typeof x.message !== 'string' ||
      !severities.includes(String(x.severity))
    )
      throw new InputError('each check needs a code, a severity (info, warning, error) and a message', {
        file,
        field: `checks[${i}]`,
      });
    return check(x.code, x.severity as Check['severity'], x.message);
  });
  if (data['ok'] === false && !checks.some((c) => c.severity === 'error'))
    checks.push(check('estimate-not-ok', 'error', `${file} says ok: false: its figure is not clean`));
  return checks;
}

/** Exactly one metered source: --metered-mwh, --estimate FILE, or the estimate run here (--site/--epw). */
export function checkMeteredSource(o: EvaluateOptions): void {
  const given = [
    o.meteredMwh === undefined ? undefined : '--metered-mwh',
    o.estimate === undefined ? undefined : '--estimate',
    o.site === undefined ? undefined : '--site',
    o.epw === undefined ? undefined : '--epw',
  ].filter((x): x is string => x !== undefined);
  const sources = given.filter((g) => g !== '--epw' || !given.includes('--site'));
  if (sources.length !== 1)
    throw new InputError(
      `give exactly one of --metered-mwh, --estimate FILE or the estimate flags (--site/--epw ...)${
        sources.length ? `, not ${given.join(' with ')}` : ''
      }`,
      { field: sources.length ? given.join(' with ') : '--metered-mwh/--estimate/--site' },
    );
}

export function meteredSide(
  o: EvaluateOptions,
  cmd: Command,
  sys: EvaluatedSystem,
  run: EstimateRun | undefined,
): MeteredSide {
  if (o.meteredBasis !== 'heat' && o.meteredBasis !== 'renewable')
    throw new InputError('must be heat or renewable', { field: '--metered-basis', value: o.meteredBasis });
  const p = sys.program;
  if (p && cmd.getOptionValueSource('meteredBasis') === 'cli')
    throw new InputError(`program ${p.id}'s energyCounted rule decides what counts: drop it`, {
      field: '--metered-basis',
    });
  const withNames = <T>(fn: () => T) => withOptionNames(OPTION_OF, fn);
  const m = sys.multiplier ?? 1;
  if (o.meteredMwh !== undefined) {
    if (!p) return { perYear: o.meteredMwh * m, source: 'user', checks: [] };
    // Given as the program counts it, in MWh of 3.6 GJ (what a heat meter reports).
    const certs = withOptionNames({ ...OPTION_OF, energyJ: '--metered-mwh' }, () =>
      programCertificates(p, o.meteredMwh! * ENERGY_UNITS.MWh, sys),
    );
    return {
      perYear: certs.creditedCertificates,
      source: 'user',
      certs,
      checks: certs.checks,
    };
  }
  const file = o.estimate;
  const where = run
    ? `trec estimate run here (${run.weather.site}, ${run.model.name})`
    : `${file as string} (trec estimate)`;
  if (p) {
    const read = run ? undefined : readEstimateFile(file as string, ['heat_kwh', 'elec_kwh']);
    const estimateChecks = run?.result.checks ?? read?.checks ?? [];
    const [heatKwh, elecKwh] = read?.kwh ?? [];
    const totals = run?.result ?? { heatJ: heatKwh! * ENERGY_UNITS.kWh, elecJ: elecKwh! * ENERGY_UNITS.kWh };
    const certs = withNames(() => estimateCertificates(p, totals, sys));
    return {
      perYear: certs.creditedCertificates,
      source: `${where}, counted by program ${p.id} v${p.version}`,
      certs,
      checks: [...estimateChecks, ...certs.checks],
    };
  }
  const key = o.meteredBasis === 'heat' ? 'heat_kwh' : 'renewable_kwh';
  const read = run ? undefined : readEstimateFile(file as string, [key]);
  const j = run
    ? o.meteredBasis === 'heat'
      ? run.result.heatJ
      : run.result.renewableJ
    : read!.kwh[0]! * ENERGY_UNITS.kWh;
  const estimateChecks = run?.result.checks ?? read?.checks ?? [];
  return { perYear: (j / ENERGY_UNITS.MWh) * m, source: `${where}: ${key}`, checks: estimateChecks };
}
