import { assertMayRecompute, type Ports, type ScopedKind, type UseCaseName } from '../app/index.ts';

// The API's resources (issue 11), one entry per route: which use case it runs and where that use case's
// inputs come from. Adding a route is one entry here; the handler, validation (the use case's own zod schema),
// the OpenAPI entry, auth, roles, scope, idempotency and errors follow from it (src/api/app.ts).

export interface ApiRoute {
  method: 'get' | 'post';
  /** OpenAPI style: `/v1/systems/{id}`. */
  path: string;
  useCase: UseCaseName;
  /** OpenAPI tag (the resource). */
  tag: string;
  /** Path parameter -> the use-case input it fills. */
  params?: Readonly<Record<string, string>>;
  /**
   * Where the other inputs come from: `query` (GET), `body` (POST: JSON, or multipart/form-data with the
   * file inputs as parts, or a whole body that is the first file input; query parameters too).
   */
  input: 'query' | 'body';
  /** Inputs that are file paths for the use case: over HTTP they are uploaded files (never server paths). */
  files?: readonly string[];
  /**
   * The body is this file input, streamed to disk with the file size limit (uploads); other inputs come from
   * the query.
   */
  streamed?: string;
  /** A path parameter naming a record: 404 unless the caller can see it (absent or another organisation's). */
  exists?: { param: string; kind: ScopedKind };
  /** An input defaulted to the caller's organisation (an aggregator registering a site names none). */
  actorOrg?: string;
  /** The key of the list in the answer that `limit` and `after` page through. */
  page?: string;
  /** The status of a success (201 for a create). */
  status?: 200 | 201;
  /**
   * The route moves or issues certificates: an `Idempotency-Key` header is required (400 without one), so a
   * retried request never acts twice; `unless` names a boolean input that, when true, makes it optional
   * (a dry run changes nothing).
   */
  keyRequired?: true | { unless: string };
  /** The answer is a file download of the result's `text` (a registry export), not JSON. */
  download?: 'csv';
  /** A check before the use case runs, past the role and existence checks (a ForbiddenError is 403). */
  guard?: (ports: Ports, input: Readonly<Record<string, unknown>>) => Promise<void>;
}

/** Inputs no HTTP caller gives: the server's database is its own. */
export const SERVER_ONLY = ['db'] as const;

const ID = { id: 'system' } as const;

export const ROUTES: readonly ApiRoute[] = [
  // programs
  { method: 'get', path: '/v1/programs', useCase: 'programs', tag: 'programs', input: 'query' },
  {
    method: 'get',
    path: '/v1/programs/{id}',
    useCase: 'program',
    tag: 'programs',
    params: { id: 'id' },
    input: 'query',
  },
  // calculations
  { method: 'post', path: '/v1/calc', useCase: 'calc', tag: 'calculations', input: 'body' },
  {
    method: 'post',
    path: '/v1/scop',
    useCase: 'scop',
    tag: 'calculations',
    input: 'body',
    files: ['unit'],
  },
  {
    method: 'post',
    path: '/v1/estimate',
    useCase: 'estimate',
    tag: 'calculations',
    input: 'body',
    files: ['epw', 'unit'],
  },
  {
    method: 'post',
    path: '/v1/evaluate',
    useCase: 'evaluate',
    tag: 'calculations',
    input: 'body',
    files: ['epw', 'unit', 'estimate'],
  },
  {
    method: 'post',
    path: '/v1/energy',
    useCase: 'energy',
    tag: 'calculations',
    input: 'body',
    files: ['files', 'mapFile'],
  },
  // physics
  { method: 'get', path: '/v1/fluid', useCase: 'fluid', tag: 'physics', input: 'query' },
  { method: 'get', path: '/v1/convert', useCase: 'convert', tag: 'physics', input: 'query' },
  // organisations
  {
    method: 'get',
    path: '/v1/organisations',
    useCase: 'organisations',
    tag: 'organisations',
    input: 'query',
    page: 'organisations',
  },
  {
    method: 'get',
    path: '/v1/organisations/{id}',
    useCase: 'organisation',
    tag: 'organisations',
    params: { id: 'org' },
    input: 'query',
    exists: { param: 'id', kind: 'organisation' },
  },
  {
    method: 'post',
    path: '/v1/organisations',
    useCase: 'orgAdd',
    tag: 'organisations',
    input: 'body',
    status: 201,
  },
  // sites
  {
    method: 'get',
    path: '/v1/sites',
    useCase: 'sites',
    tag: 'sites',
    input: 'query',
    page: 'sites',
  },
  {
    method: 'get',
    path: '/v1/sites/{id}',
    useCase: 'site',
    tag: 'sites',
    params: { id: 'site' },
    input: 'query',
    exists: { param: 'id', kind: 'site' },
  },
  {
    method: 'post',
    path: '/v1/sites',
    useCase: 'siteAdd',
    tag: 'sites',
    input: 'body',
    actorOrg: 'org',
    status: 201,
  },
  // systems
  {
    method: 'get',
    path: '/v1/systems',
    useCase: 'systems',
    tag: 'systems',
    input: 'query',
    page: 'systems',
  },
  {
    method: 'get',
    path: '/v1/systems/{id}',
    useCase: 'systemShow',
    tag: 'systems',
    params: ID,
    input: 'query',
    exists: { param: 'id', kind: 'system' },
  },
  {
    method: 'post',
    path: '/v1/systems',
    useCase: 'systemAdd',
    tag: 'systems',
    input: 'body',
    status: 201,
  },
  {
    method: 'get',
    path: '/v1/systems/{id}/data',
    useCase: 'data',
    tag: 'data',
    params: ID,
    input: 'query',
    exists: { param: 'id', kind: 'system' },
  },
  {
    method: 'get',
    path: '/v1/systems/{id}/series',
    useCase: 'dataSeries',
    tag: 'data',
    params: ID,
    input: 'query',
    exists: { param: 'id', kind: 'system' },
  },
  {
    method: 'get',
    path: '/v1/systems/{id}/minutes',
    useCase: 'systemMinutes',
    tag: 'data',
    params: ID,
    input: 'query',
    exists: { param: 'id', kind: 'system' },
  },
  // meters
  {
    method: 'get',
    path: '/v1/systems/{id}/meters',
    useCase: 'meters',
    tag: 'meters',
    params: ID,
    input: 'query',
    exists: { param: 'id', kind: 'system' },
    page: 'meters',
  },
  {
    method: 'get',
    path: '/v1/meters/{id}',
    useCase: 'meter',
    tag: 'meters',
    params: { id: 'meter' },
    input: 'query',
    exists: { param: 'id', kind: 'meter' },
  },
  {
    method: 'post',
    path: '/v1/meters',
    useCase: 'meterAdd',
    tag: 'meters',
    input: 'body',
    status: 201,
  },
  // uploads
  {
    method: 'post',
    path: '/v1/meters/{id}/uploads',
    useCase: 'ingest',
    tag: 'uploads',
    params: { id: 'meter' },
    input: 'body',
    files: ['files', 'mapFile'],
    streamed: 'files',
    exists: { param: 'id', kind: 'meter' },
    status: 201,
  },
  // enrolments
  {
    method: 'get',
    path: '/v1/systems/{id}/enrolments',
    useCase: 'enrolments',
    tag: 'enrolments',
    params: ID,
    input: 'query',
    exists: { param: 'id', kind: 'system' },
    page: 'enrolments',
  },
  {
    method: 'post',
    path: '/v1/enrolments',
    useCase: 'enrol',
    tag: 'enrolments',
    input: 'body',
    status: 201,
  },
  // accounts (issue 10)
  {
    method: 'post',
    path: '/v1/accounts',
    useCase: 'accountAdd',
    tag: 'accounts',
    input: 'body',
    actorOrg: 'org',
    status: 201,
  },
  {
    method: 'post',
    path: '/v1/accounts/{id}/allows',
    useCase: 'accountAllow',
    tag: 'accounts',
    params: { id: 'account' },
    input: 'body',
    exists: { param: 'id', kind: 'account' },
    status: 201,
  },
  // reporting periods: issuance and attestations
  {
    method: 'post',
    path: '/v1/issuance',
    useCase: 'issue',
    tag: 'issuance',
    input: 'body',
    keyRequired: { unless: 'dryRun' },
  },
  {
    method: 'get',
    path: '/v1/issuances',
    useCase: 'issuances',
    tag: 'issuance',
    input: 'query',
    page: 'issuances',
  },
  {
    method: 'get',
    path: '/v1/issuances/{id}',
    useCase: 'issuanceShow',
    tag: 'issuance',
    params: { id: 'issuance' },
    input: 'query',
    exists: { param: 'id', kind: 'issuance' },
  },
  {
    method: 'post',
    path: '/v1/enrolments/{id}/attestations',
    useCase: 'attest',
    tag: 'issuance',
    params: { id: 'enrolment' },
    input: 'body',
    exists: { param: 'id', kind: 'enrolment' },
    status: 201,
  },
  // certificate batches
  {
    method: 'get',
    path: '/v1/batches',
    useCase: 'certificates',
    tag: 'certificates',
    input: 'query',
    page: 'batches',
  },
  {
    method: 'get',
    path: '/v1/batches/{id}',
    useCase: 'certificateShow',
    tag: 'certificates',
    params: { id: 'batch' },
    input: 'query',
    exists: { param: 'id', kind: 'batch' },
    guard: async (ports, input) => {
      if (input.verify === true) await assertMayRecompute(ports, String(input.batch));
    },
  },
  {
    method: 'post',
    path: '/v1/batches/{id}/transfers',
    useCase: 'transfer',
    tag: 'certificates',
    params: { id: 'batch' },
    input: 'body',
    exists: { param: 'id', kind: 'batch' },
    keyRequired: true,
    status: 201,
  },
  {
    method: 'post',
    path: '/v1/batches/{id}/retirements',
    useCase: 'retire',
    tag: 'certificates',
    params: { id: 'batch' },
    input: 'body',
    exists: { param: 'id', kind: 'batch' },
    keyRequired: true,
    status: 201,
  },
  {
    method: 'post',
    path: '/v1/batches/{id}/withdrawals',
    useCase: 'withdraw',
    tag: 'certificates',
    params: { id: 'batch' },
    input: 'body',
    exists: { param: 'id', kind: 'batch' },
    keyRequired: true,
    status: 201,
  },
  // transfers
  {
    method: 'get',
    path: '/v1/transfers',
    useCase: 'transfers',
    tag: 'transfers',
    input: 'query',
    page: 'transfers',
  },
  {
    method: 'post',
    path: '/v1/transfers/{id}/{decision}',
    useCase: 'transferDecide',
    tag: 'transfers',
    params: { id: 'transfer', decision: 'decision' },
    input: 'body',
    exists: { param: 'id', kind: 'transfer' },
    keyRequired: true,
  },
  // the ledger
  {
    method: 'get',
    path: '/v1/ledger/verification',
    useCase: 'ledgerVerify',
    tag: 'ledger',
    input: 'query',
  },
  // registry exports
  {
    method: 'get',
    path: '/v1/exports/{format}',
    useCase: 'export',
    tag: 'exports',
    params: { format: 'format' },
    input: 'query',
    download: 'csv',
  },
  // the portfolio (issue 12): one page of systems with their energy, certificates, held periods and alerts;
  // paged by the use case itself (limit, after, next_after), so a page reads only its systems
  {
    method: 'get',
    path: '/v1/portfolio',
    useCase: 'portfolio',
    tag: 'portfolio',
    input: 'query',
  },
];

/** The route that runs a use case (the first listed), for the contract runner and docs. */
export function routeOf(useCase: UseCaseName): ApiRoute | undefined {
  return ROUTES.find((r) => r.useCase === useCase);
}
