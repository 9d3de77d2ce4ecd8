import {
  ENERGY_UNITS,
  estimateCertificates,
  grecFormulaCredit,
  InputError,
  programCertificates,
  tonsToW,
  type Check,
  type FieldPath,
  type MethodResult,
  type Program,
  type ProgramCertificates,
  type SystemType,
} from '../core/index.ts';
import { relocated } from './errors.ts';
import type { EstimateRun } from './estimate.ts';
import type { Ports } from './ports.ts';

/**
 * The two sides evaluate compares, in certificates per year (unrounded: docs/methods.md, "Formula or meter?
 * (evaluation)"): the prescriptive formula (grecFormulaCredit), and the metered output counted by the
 * program's rule (programCertificates / estimateCertificates, as the estimate counts it).
 */
export interface SideInputs {
  formulaMwh?: number | undefined;
  formulaNotAccepted?: boolean | undefined;
  tons?: number | undefined;
  cop?: number | undefined;
  meteredMwh?: number | undefined;
  estimate?: string | undefined;
  meteredBasis: 'heat' | 'renewable';
}

/** The system both sides are counted for. */
export interface EvaluatedSystem {
  program?: Program;
  /** Known when the type is given or the estimate runs; else eligibility is not checked. */
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

/** Core parameter -> the evaluate input it comes from. */
const PATH_OF: Record<string, FieldPath> = { capacityW: ['tons'], cop: ['cop'], multiplier: ['multiplier'] };

export function formulaSide(i: SideInputs, sys: EvaluatedSystem): FormulaSide {
  if (i.formulaNotAccepted) return { perYear: 0, accepted: false, source: 'user', checks: [] };
  if (i.formulaMwh !== undefined)
    return { perYear: i.formulaMwh, accepted: true, source: 'user', checks: [] };
  if (i.tons === undefined || i.cop === undefined) {
    const missing: FieldPath = i.tons === undefined ? ['tons'] : ['cop'];
    throw new InputError(
      'give the capacity in tons and the COP (the GREC formula), the formula figure, or say the program does not accept the formula',
      { path: missing, either: [missing, ['formulaMwh'], ['formulaNotAccepted']] },
    );
  }
  const tons = i.tons;
  const cop = i.cop;
  return relocated(PATH_OF, () =>
    grecFormulaCredit({
      capacityW: tonsToW(tons),
      cop,
      ...(sys.multiplier === undefined ? {} : { multiplier: sys.multiplier }),
      ...(sys.program ? { program: sys.program } : {}),
      ...(sys.type === undefined ? {} : { type: sys.type }),
    }),
  );
}

/** Exactly one metered source: the metered MWh, an estimate file, or the estimate run here (a weather source). */
export function checkMeteredSource(
  i: SideInputs & { site?: string | undefined; epw?: string | undefined },
): void {
  const given = (['meteredMwh', 'estimate', 'site', 'epw'] as const).filter((k) => i[k] !== undefined);
  const sources = given.filter((g) => g !== 'epw' || !given.includes('site'));
  if (sources.length === 1) return;
  const detail =
    'give exactly one metered source: the metered MWh, an estimate file, or the estimate (a weather source and a unit)';
  const [first, ...rest] = given;
  throw new InputError(
    detail,
    first === undefined
      ? { path: ['meteredMwh'], either: [['meteredMwh'], ['estimate'], ['site']] }
      : { path: [first], also: rest.map((k) => [k]) },
  );
}

export function meteredSide(
  i: SideInputs,
  sys: EvaluatedSystem,
  run: EstimateRun | undefined,
  ports: Ports,
  given: (field: string) => boolean,
): MeteredSide {
  const p = sys.program;
  if (p && given('meteredBasis'))
    throw new InputError(`program ${p.id}'s energyCounted rule decides what counts: drop the metered basis`, {
      path: ['meteredBasis'],
      also: [['program']],
    });
  const m = sys.multiplier ?? 1;
  if (i.meteredMwh !== undefined) {
    if (!p) return { perYear: i.meteredMwh * m, source: 'user', checks: [] };
    const energyJ = i.meteredMwh * ENERGY_UNITS.MWh;
    // Given as the program counts it, in MWh of 3.6 GJ (what a heat meter reports).
    const certs = relocated({ ...PATH_OF, energyJ: ['meteredMwh'] }, () =>
      programCertificates(p, energyJ, sys),
    );
    return { perYear: certs.creditedCertificates, source: 'user', certs, checks: certs.checks };
  }
  const file = i.estimate;
  const where = run
    ? `trec estimate run here (${run.weather.site}, ${run.model.name})`
    : `${file ?? ''} (trec estimate)`;
  const read = (keys: string[]) => {
    if (file === undefined) throw new Error('meteredSide: no estimate file and no estimate run (a defect)');
    return ports.estimates.read(file, keys);
  };
  if (p) {
    let totals: { heatJ: number; elecJ: number };
    let estimateChecks: Check[];
    if (run) {
      totals = run.result;
      estimateChecks = run.result.checks;
    } else {
      const figures = read(['heat_kwh', 'elec_kwh']);
      const [heatKwh = 0, elecKwh = 0] = figures.kwh;
      totals = { heatJ: heatKwh * ENERGY_UNITS.kWh, elecJ: elecKwh * ENERGY_UNITS.kWh };
      estimateChecks = figures.checks;
    }
    const certs = relocated(PATH_OF, () => estimateCertificates(p, totals, sys));
    return {
      perYear: certs.creditedCertificates,
      source: `${where}, counted by program ${p.id} v${p.version}`,
      certs,
      checks: [...estimateChecks, ...certs.checks],
    };
  }
  const key = i.meteredBasis === 'heat' ? 'heat_kwh' : 'renewable_kwh';
  let j: number;
  let estimateChecks: Check[];
  if (run) {
    j = i.meteredBasis === 'heat' ? run.result.heatJ : run.result.renewableJ;
    estimateChecks = run.result.checks;
  } else {
    const figures = read([key]);
    j = (figures.kwh[0] ?? 0) * ENERGY_UNITS.kWh;
    estimateChecks = figures.checks;
  }
  return { perYear: (j / ENERGY_UNITS.MWh) * m, source: `${where}: ${key}`, checks: estimateChecks };
}
