import type { ScopedKind, UseCaseName } from '../app/index.ts';

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
];

/** The route that runs a use case (the first listed), for the contract runner and docs. */
export function routeOf(useCase: UseCaseName): ApiRoute | undefined {
  return ROUTES.find((r) => r.useCase === useCase);
}
