// From an HTTP request to a use case's plain input: query and form values (text) read by the use case's own
// zod schema (a number field's text becomes a number, a repeated parameter an array), request bodies read
// with a size limit, and files (multipart parts, or a whole body) written to a private temp folder whose path
// is given to the use case and never shown back (paths in answers and errors are shown relative to it).
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { z } from 'zod';

/** A body over the route's limit (HTTP 413). */
export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`the request body is larger than ${limitBytes} bytes`);
  }
}

/** A body that is not what the route reads (HTTP 400 or 415): not JSON, not an object, a wrong type. */
export class BodyError extends Error {
  override readonly name = 'BodyError';
  constructor(
    message: string,
    readonly status: 400 | 415 = 400,
    readonly pointer = '',
  ) {
    super(message);
  }
}

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}
const defOf = (s: z.ZodType): ZodDef => (s as unknown as { def: ZodDef }).def;

/** The schema under optional/default/nullable/pipe wrappers. */
function core(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let k = 0; k < 10; k++) {
    const d = defOf(s);
    const next =
      d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'prefault'
        ? d.innerType
        : d.type === 'pipe'
          ? d.in
          : undefined;
    if (!next) return s;
    s = next;
  }
  return s;
}

/** The fields of an object schema (empty for anything else). */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  const d = defOf(core(schema));
  return d.type === 'object' && d.shape ? d.shape : {};
}

/** Whether the input `key` of `schema` is an array (several files, repeated parameters). */
export function isArrayField(schema: z.ZodType, key: string): boolean {
  const field = shapeOf(schema)[key];
  return field !== undefined && defOf(core(field)).type === 'array';
}

/** A decimal as the CLI reads one (src/cli/context.ts parseNumber): anything else stays text for zod to refuse. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function coerceOne(schema: z.ZodType | undefined, text: string): unknown {
  if (!schema) return text;
  const t = defOf(core(schema)).type;
  if (t === 'number' || t === 'int') return DECIMAL.test(text) ? Number(text) : text;
  if (t === 'boolean') return text === '' || text === 'true' ? true : text === 'false' ? false : text;
  if (t === 'record' || t === 'object' || t === 'array')
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  return text;
}

/**
 * Text values (query parameters, form fields) as the schema's types: numbers, booleans (`true`, `false`, or a
 * bare `?flag`), JSON for objects; an array field takes every repeated value (or one JSON array). A value
 * that does not read as its type stays text, so the use case's schema refuses it at its field.
 */
export function coerceText(
  schema: z.ZodType,
  values: Readonly<Record<string, readonly string[]>>,
): Record<string, unknown> {
  const shape = shapeOf(schema);
  const out: Record<string, unknown> = {};
  for (const [key, texts] of Object.entries(values)) {
    if (key === '__proto__') throw new BodyError('__proto__ is not an input', 400, '/__proto__');
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    const d = field ? defOf(core(field)) : undefined;
    if (d?.type === 'array') {
      const one = texts.length === 1 ? texts[0] : undefined;
      if (one !== undefined && one.startsWith('[')) out[key] = coerceOne(field, one);
      else out[key] = texts.map((t) => coerceOne(d.element, t));
    } else out[key] = texts.length === 1 ? coerceOne(field, texts[0] ?? '') : texts;
  }
  return out;
}

/** Reads a body whole, refusing it past `limitBytes` (by Content-Length at once, else while reading). */
export async function readBody(request: Request, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await streamBody(request, limitBytes, (chunk) => void chunks.push(Buffer.from(chunk)));
  return Buffer.concat(chunks);
}

async function streamBody(
  request: Request,
  limitBytes: number,
  onChunk: (chunk: Uint8Array) => void | Promise<void>,
): Promise<number> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limitBytes) throw new PayloadTooLargeError(limitBytes);
  if (!request.body) return 0;
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return size;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw new PayloadTooLargeError(limitBytes);
    }
    await onChunk(value);
  }
}

/** A request's private temp folder: files written there, removed after the answer. */
export class TempFiles {
  private dir: string | undefined;
  private names = new Set<string>();
  private written = new Map<string, string>();

  private async folder(): Promise<string> {
    this.dir ??= await mkdtemp(join(tmpdir(), 'trec-api-'));
    return this.dir;
  }

  /** A path for a file named `name` (its base name kept, as the answer shows it; made unique). */
  private async pathFor(name: string): Promise<string> {
    let safe =
      basename(name)
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .replace(/^\.+/, '') || 'file';
    for (let k = 2; this.names.has(safe); k++) safe = safe.replace(/^(\d+-)?/, `${k}-`);
    this.names.add(safe);
    return join(await this.folder(), safe);
  }

  /**
   * Writes `bytes` as the file `name`; returns its path. The same name with the same bytes again is the
   * same file (its first path), so a rule about a file given twice sees it as the CLI would.
   */
  async write(name: string, bytes: Uint8Array): Promise<string> {
    const key = `${basename(name)}\n${createHash('sha256').update(bytes).digest('hex')}`;
    const known = this.written.get(key);
    if (known) return known;
    const path = await this.pathFor(name);
    this.written.set(key, path);
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(path);
      out.on('error', reject);
      out.end(bytes, resolve);
    });
    return path;
  }

  /**
   * Streams a request body into the file `name` with a size limit, hashing it on the way: the path, its
   * size and its SHA-256 (hex).
   */
  async stream(
    request: Request,
    name: string,
    limitBytes: number,
  ): Promise<{ path: string; sizeBytes: number; sha256: string }> {
    const path = await this.pathFor(name);
    const hash = createHash('sha256');
    const out = createWriteStream(path);
    const failed = new Promise<never>((_, reject) => out.on('error', reject));
    failed.catch(() => undefined);
    const write = (chunk: Uint8Array) =>
      out.write(chunk) ? undefined : Promise.race([new Promise<void>((r) => out.once('drain', r)), failed]);
    let sizeBytes: number;
    try {
      sizeBytes = await streamBody(request, limitBytes, (chunk) => {
        hash.update(chunk);
        return write(chunk);
      });
    } finally {
      await Promise.race([new Promise<void>((r) => out.end(r)), failed]);
    }
    return { path, sizeBytes, sha256: hash.digest('hex') };
  }

  /** Text with this folder's paths made relative to it (what the caller named the files). */
  shown(text: string): string {
    return this.dir ? text.split(`${this.dir}/`).join('') : text;
  }

  /** A JSON value with every string's temp paths shown relative. */
  shownJson<T>(value: T): T {
    if (!this.dir) return value;
    const walk = (v: unknown): unknown =>
      typeof v === 'string'
        ? this.shown(v)
        : Array.isArray(v)
          ? v.map(walk)
          : v !== null && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
            : v;
    return walk(value) as T;
  }

  async remove(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

/** The extension a meter file needs (the energy reader picks its format by it) for a content type. */
export function fileExtension(contentType: string | undefined, format: unknown): string {
  if (format === 'csv' || format === 'jsonl') return `.${format}`;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/x-jsonlines')
    return '.jsonl';
  if (type === 'application/json') return '.json';
  return '.csv';
}
