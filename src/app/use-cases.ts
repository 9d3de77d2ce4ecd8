import type { z } from 'zod';
import { calcUseCase } from './calc.ts';
import { dataUseCase } from './data.ts';
import { dataSeriesUseCase } from './data-series.ts';
import { systemMinutesUseCase } from './minutes.ts';
import { ingestUseCase } from './ingest.ts';
import { energyUseCase } from './energy.ts';
import { estimateUseCase } from './estimate.ts';
import { evaluateUseCase } from './evaluate.ts';
import { convertUseCase } from './convert.ts';
import { fluidUseCase } from './fluid.ts';
import { programsUseCase, programUseCase } from './programs.ts';
import {
  dbMigrateUseCase,
  enrolUseCase,
  meterAddUseCase,
  orgAddUseCase,
  siteAddUseCase,
  systemAddUseCase,
  systemShowUseCase,
  systemsUseCase,
} from './registry.ts';
import { registerFileUseCase } from './registry-file.ts';
import {
  enrolmentsUseCase,
  metersUseCase,
  meterUseCase,
  organisationsUseCase,
  organisationUseCase,
  sitesUseCase,
  siteUseCase,
} from './registry-reads.ts';
import { tokenCreateUseCase, tokenRevokeUseCase, tokensUseCase } from './tokens.ts';
import { scopUseCase } from './scop.ts';
import { exportUseCase } from './exports.ts';
import { attestUseCase, issueUseCase } from './issuance.ts';
import { issuanceShowUseCase, issuancesUseCase } from './issuance-reads.ts';
import {
  accountAddUseCase,
  accountAllowUseCase,
  certificateShowUseCase,
  certificatesUseCase,
  ledgerVerifyUseCase,
  retireUseCase,
  transferDecideUseCase,
  transfersUseCase,
  transferUseCase,
  withdrawUseCase,
} from './ledger.ts';
import { portfolioUseCase } from './portfolio.ts';
import { simulateUseCase } from './simulate.ts';
import type { Ports } from './ports.ts';
import { runUseCase, type Outcome, type PresentedJson, type UseCase } from './use-case.ts';

/**
 * Every use case, by name: the one list the CLI, the HTTP API and the dashboard call. Each surface only
 * turns its own input (arguments, a request) into the plain input object and words the result.
 */
export const USE_CASES = {
  calc: calcUseCase,
  energy: energyUseCase,
  estimate: estimateUseCase,
  evaluate: evaluateUseCase,
  scop: scopUseCase,
  programs: programsUseCase,
  program: programUseCase,
  fluid: fluidUseCase,
  convert: convertUseCase,
  simulate: simulateUseCase,
  dbMigrate: dbMigrateUseCase,
  orgAdd: orgAddUseCase,
  siteAdd: siteAddUseCase,
  systemAdd: systemAddUseCase,
  meterAdd: meterAddUseCase,
  enrol: enrolUseCase,
  systems: systemsUseCase,
  systemShow: systemShowUseCase,
  registerFile: registerFileUseCase,
  ingest: ingestUseCase,
  data: dataUseCase,
  accountAdd: accountAddUseCase,
  accountAllow: accountAllowUseCase,
  issue: issueUseCase,
  attest: attestUseCase,
  issuances: issuancesUseCase,
  issuanceShow: issuanceShowUseCase,
  certificates: certificatesUseCase,
  certificateShow: certificateShowUseCase,
  transfer: transferUseCase,
  transferDecide: transferDecideUseCase,
  transfers: transfersUseCase,
  retire: retireUseCase,
  withdraw: withdrawUseCase,
  ledgerVerify: ledgerVerifyUseCase,
  export: exportUseCase,
  dataSeries: dataSeriesUseCase,
  systemMinutes: systemMinutesUseCase,
  organisations: organisationsUseCase,
  organisation: organisationUseCase,
  sites: sitesUseCase,
  site: siteUseCase,
  meters: metersUseCase,
  meter: meterUseCase,
  enrolments: enrolmentsUseCase,
  tokenCreate: tokenCreateUseCase,
  tokenRevoke: tokenRevokeUseCase,
  tokens: tokensUseCase,
  portfolio: portfolioUseCase,
} as const;

export type UseCases = typeof USE_CASES;
export type UseCaseName = keyof UseCases;
type SchemaInput<K extends UseCaseName> = z.input<UseCases[K]['input']>;
type Defaulted<K extends UseCaseName> = keyof UseCases[K]['defaults'] & keyof SchemaInput<K>;
/** The input a caller gives: the schema's, with the fields that have a default optional. */
export type InputOf<K extends UseCaseName> = Omit<SchemaInput<K>, Defaulted<K>> &
  Partial<Pick<SchemaInput<K>, Defaulted<K>>>;
// From run's return type: matching UseCase<never, infer R> fails for a use case with defaults (DefaultValue<never>).
export type ResultOf<K extends UseCaseName> = Awaited<ReturnType<UseCases[K]['run']>>;

/** The use cases bound to their ports: `app.run('calc', input)`, `app.present('calc', outcome)`. */
export interface App {
  readonly ports: Ports;
  run<K extends UseCaseName>(
    name: K,
    input: InputOf<K> | Readonly<Record<string, unknown>>,
  ): Promise<Outcome<ResultOf<K>>>;
  /** The JSON of an outcome, as --json prints it and the API returns it. */
  present<K extends UseCaseName>(name: K, outcome: Outcome<ResultOf<K>>): PresentedJson;
}

type AnyUseCase = UseCase<z.ZodType<Record<string, unknown>>, { checks: [] }>;

export function createApp(ports: Ports): App {
  const get = (name: UseCaseName) => USE_CASES[name] as unknown as AnyUseCase;
  return {
    ports,
    run: (name, input) => runUseCase(get(name), input, ports) as never,
    present: (name, outcome) => get(name).present(outcome.result as never, outcome),
  };
}
