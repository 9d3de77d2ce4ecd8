// The dashboard talks only to the API over HTTP (docs/api.md): same origin as /v1, with the session cookie of
// `npm start`'s sign-in link (credentials: 'same-origin'), or a Bearer token (tests, or `?token=` once: it is
// kept in this tab's sessionStorage and removed from the address bar).

const TOKEN_KEY = 'trec.token';

export function takeTokenFromUrl(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
}

function authHeaders(): Record<string, string> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { authorization: `Bearer ${token}` } : {};
}

export interface FieldError {
  pointer: string;
  message: string;
}

/** An answer that was not 2xx: the API's error body (message, fields as JSON pointers, request id). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldError[] = [],
    readonly requestId?: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON is read as the use cases present it
export type Json = Record<string, any>;

async function answer(res: Response): Promise<Json> {
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const e = (
      json as { error?: { message?: string; fields?: FieldError[]; request_id?: string } } | undefined
    )?.error;
    const message =
      res.status === 401
        ? 'not signed in: open the sign-in link that `npm start` prints (or give ?token=)'
        : (e?.message ?? `HTTP ${res.status}`);
    throw new ApiError(res.status, message, e?.fields ?? [], e?.request_id, json);
  }
  if (json === undefined) throw new ApiError(res.status, 'the answer is not JSON');
  return json as Json;
}

export function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function get(path: string, signal?: AbortSignal): Promise<Json> {
  const res = await fetch(path, { credentials: 'same-origin', headers: authHeaders(), signal });
  return answer(res);
}

/** A POST of a JSON body; `idempotent` adds an Idempotency-Key so that a retry never acts twice. */
export async function post(
  path: string,
  body: unknown,
  options: { idempotent?: boolean } = {},
): Promise<Json> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...authHeaders() };
  if (options.idempotent) headers['idempotency-key'] = crypto.randomUUID();
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    body: JSON.stringify(body),
  });
  return answer(res);
}

/** A POST of a file as the whole body (the energy of a file without storing it). */
export async function postFile(path: string, file: File): Promise<Json> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': contentTypeOf(file), 'x-file-name': file.name, ...authHeaders() },
    body: file,
  });
  return answer(res);
}

export const contentTypeOf = (file: File) =>
  /\.(jsonl|ndjson)$/i.test(file.name) ? 'application/x-ndjson' : 'text/csv';

/** An upload with progress (XMLHttpRequest: fetch reports no upload progress). */
export function upload(
  path: string,
  file: File,
  onProgress: (fraction: number) => void,
  idempotencyKey: string,
): Promise<Json> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = false; // same origin: the cookie goes anyway
    xhr.setRequestHeader('content-type', contentTypeOf(file));
    xhr.setRequestHeader('x-file-name', file.name);
    xhr.setRequestHeader('idempotency-key', idempotencyKey);
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'the upload failed: no answer from the server'));
    xhr.onload = () => {
      onProgress(1);
      answer(new Response(xhr.responseText, { status: xhr.status })).then(resolve, reject);
    };
    xhr.send(file);
  });
}

/** A download (CSV export) through fetch, so that a Bearer token goes too; saved under the server's name. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, { credentials: 'same-origin', headers: authHeaders() });
  if (!res.ok) await answer(res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The API's paths, in one place (docs/api.md). */
export const paths = {
  programs: '/v1/programs',
  systems: '/v1/systems',
  system: (id: string) => `/v1/systems/${encodeURIComponent(id)}`,
  systemData: (id: string) => `/v1/systems/${encodeURIComponent(id)}/data`,
  systemSeries: (id: string) => `/v1/systems/${encodeURIComponent(id)}/series`,
  systemMinutes: (id: string) => `/v1/systems/${encodeURIComponent(id)}/minutes`,
  systemMeters: (id: string) => `/v1/systems/${encodeURIComponent(id)}/meters`,
  systemEnrolments: (id: string) => `/v1/systems/${encodeURIComponent(id)}/enrolments`,
  uploads: (meter: string) => `/v1/meters/${encodeURIComponent(meter)}/uploads`,
  organisations: '/v1/organisations',
  organisation: (id: string) => `/v1/organisations/${encodeURIComponent(id)}`,
  calc: '/v1/calc',
  evaluate: '/v1/evaluate',
  energy: '/v1/energy',
  issuance: '/v1/issuance',
  batches: '/v1/batches',
  batch: (id: string) => `/v1/batches/${encodeURIComponent(id)}`,
  transfer: (batch: string) => `/v1/batches/${encodeURIComponent(batch)}/transfers`,
  retire: (batch: string) => `/v1/batches/${encodeURIComponent(batch)}/retirements`,
  transfers: '/v1/transfers',
  decide: (transfer: string, decision: 'accept' | 'reject' | 'withdraw') =>
    `/v1/transfers/${encodeURIComponent(transfer)}/${decision}`,
  ledgerVerify: '/v1/ledger/verification',
  exportCsv: (format: string, period: string) =>
    `/v1/exports/${encodeURIComponent(format)}${query({ period })}`,
};

/** The portfolio (GET /v1/portfolio, docs/api.md "The portfolio"): one page of systems, `after` the last id shown. */
export const portfolioPath = '/v1/portfolio';
export const getPortfolio = (page: { limit: number; after?: string }, signal?: AbortSignal) =>
  get(`${portfolioPath}${query(page)}`, signal);
