import { ForbiddenError, UnauthorizedError } from '../app/index.ts';
import { InputError, type FieldPath } from '../core/index.ts';
import { BodyError, PayloadTooLargeError } from './inputs.ts';

// Every error answer has one shape (docs/api.md "Errors"):
//   { "error": { "message", "request_id", "fields": [{ "pointer": "/tons", "message" }], "file"?, "line"? } }
// An InputError's path (the use case's input names) is the JSON pointer (RFC 6901) of the field in the
// request's input; no message is parsed. Internal errors say only that, with the request id: no stack, no
// message of ours that could carry a path or a query.

export interface FieldError {
  pointer: string;
  message: string;
}

export interface ErrorBody {
  error: {
    message: string;
    request_id: string;
    fields?: FieldError[];
    file?: string;
    line?: number;
    column?: string;
    value?: unknown;
    checks?: Record<string, unknown>[];
  };
}

/** RFC 6901: `~` as `~0`, `/` as `~1`, each segment after a `/`. */
export function pointerOf(path: FieldPath): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** A pointer back to a path (numbers for array indices), for the contract runner. */
export function pathOf(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

interface ZodIssueLike {
  code?: string;
  keys?: string[];
  path?: PropertyKey[];
}

/** The zod issue behind an InputError when it is about unknown keys (each key is then a field). */
function unknownKeys(error: InputError): FieldError[] {
  const issues = (error.cause as { issues?: ZodIssueLike[] } | undefined)?.issues;
  const first = Array.isArray(issues) ? issues[0] : undefined;
  if (first?.code !== 'unrecognized_keys' || !first.keys) return [];
  const base = (first.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
  return first.keys.map((k) => ({ pointer: pointerOf([...base, k]), message: 'not an input of this route' }));
}

export interface Answer {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/**
 * The answer for an error thrown while handling a request. `shown` words file paths as the caller named
 * them (temp folders removed). Anything not listed is a defect: 500, message "internal error".
 */
export function errorAnswer(
  error: unknown,
  requestId: string,
  shown: (s: string) => string = (s) => s,
): Answer {
  const body = (message: string, extra: Omit<ErrorBody['error'], 'message' | 'request_id'> = {}) => ({
    error: { message, request_id: requestId, ...extra },
  });
  if (error instanceof InputError) {
    const w = error.where;
    const paths = w.path ? [w.path, ...(w.also ?? []), ...(w.either ?? []).slice(1)] : [];
    const keys = unknownKeys(error);
    const fields: FieldError[] = keys.length
      ? keys
      : paths.map((p) => ({ pointer: pointerOf(p), message: shown(error.detail) }));
    return {
      status: 400,
      body: body(shown(error.detail), {
        fields,
        ...(w.file === undefined ? {} : { file: shown(w.file) }),
        ...(w.line === undefined ? {} : { line: w.line }),
        ...(w.field === undefined ? {} : { column: w.field }),
        ...(w.value === undefined || typeof w.value === 'object' ? {} : { value: w.value }),
      }),
    };
  }
  if (error instanceof BodyError)
    return {
      status: error.status,
      body: body(error.message, { fields: [{ pointer: error.pointer, message: error.message }] }),
    };
  if (error instanceof PayloadTooLargeError) return { status: 413, body: body(error.message) };
  if (error instanceof UnauthorizedError)
    return { status: 401, body: body(error.message), headers: { 'WWW-Authenticate': 'Bearer' } };
  if (error instanceof ForbiddenError) return { status: 403, body: body(error.message) };
  return { status: 500, body: body('internal error') };
}

export const notFound = (requestId: string, what = 'no such resource'): Answer => ({
  status: 404,
  body: { error: { message: what, request_id: requestId } },
});
