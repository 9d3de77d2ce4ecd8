import { z } from 'zod';
import { InputError, isOk, type Check } from '../core/index.ts';
import type { Ports } from './ports.ts';
import type { FileRecord, RecordFile } from './registry-port.ts';
import {
  enrolUseCase,
  meterAddUseCase,
  orgAddUseCase,
  siteAddUseCase,
  systemAddUseCase,
} from './registry.ts';
import { defineUseCase, runUseCase, type UseCase } from './use-case.ts';

// Many registrations at once (`trec system add --file`): each record of a JSON array or CSV file runs the same
// use case as one registration, all in one transaction: any refused record leaves nothing written, and its
// error names the file, the record (CSV line, or position in the JSON array) and the field as the file names it.

type AnyUseCase = UseCase<z.ZodType<Record<string, unknown>>, { checks: readonly Check[] }>;

export const REGISTRATION_KINDS = ['org', 'site', 'system', 'meter', 'enrol'] as const;
export type RegistrationKind = (typeof REGISTRATION_KINDS)[number];

const CASES: Record<RegistrationKind, unknown> = {
  org: orgAddUseCase,
  site: siteAddUseCase,
  system: systemAddUseCase,
  meter: meterAddUseCase,
  enrol: enrolUseCase,
};

/** Inputs CSV gives as text that are numbers, and booleans. */
const NUMBERS = new Set([
  'tons',
  'capacityKw',
  'capacityBtuh',
  'cop',
  'ahriTons',
  'ahriCapacityKw',
  'ahriCapacityBtuh',
  'ahriCop',
  'concentration',
  'meterClass',
  'qpM3h',
  'dtMinK',
  'registerRollover',
  'combinedCapacityKw',
]);
const BOOLEANS = new Set(['pilot']);
/** Other names a file may use for an input (the CLI's flag where it differs from the input's name). */
const ALIASES: Readonly<Record<string, string>> = { class: 'meterClass' };

/** `capacity_kw`, `capacity-kw`, `capacityKw` and `CapacityKW` are one key. */
const folded = (key: string) => key.replace(/[-_\s]/g, '').toLowerCase();
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function inputOfRecord(
  file: RecordFile,
  record: FileRecord,
  fields: readonly string[],
): { input: Record<string, unknown>; keys: Map<string, string> } {
  const byFolded = new Map(fields.map((f) => [folded(f), f]));
  for (const [alias, field] of Object.entries(ALIASES))
    if (fields.includes(field)) byFolded.set(folded(alias), field);
  const input: Record<string, unknown> = {};
  const keys = new Map<string, string>();
  for (const [key, raw] of Object.entries(record.values)) {
    const field = byFolded.get(folded(key));
    if (field === undefined)
      throw new InputError(`unknown field; the fields are ${fields.join(', ')}`, where(file, record, key));
    let value = raw;
    if (typeof raw === 'string' && NUMBERS.has(field) && DECIMAL.test(raw.trim())) value = Number(raw);
    if (typeof raw === 'string' && BOOLEANS.has(field)) {
      const t = raw.trim().toLowerCase();
      value = ['true', 'yes', '1'].includes(t) ? true : ['false', 'no', '0'].includes(t) ? false : raw;
    }
    // A JSON number where the input is text (an AHRI reference, a serial, a unit id) is that text.
    if (typeof raw === 'number' && !NUMBERS.has(field) && !BOOLEANS.has(field)) value = String(raw);
    input[field] = value;
    keys.set(field, key);
  }
  return { input, keys };
}

function where(file: RecordFile, record: FileRecord, key?: string) {
  const field = file.format === 'json' ? `[${record.row}]${key === undefined ? '' : `.${key}`}` : key;
  return {
    file: file.file,
    ...(file.format === 'csv' ? { line: record.row } : {}),
    ...(field === undefined ? {} : { field }),
  };
}

/** A record's error at the file, the record and the field(s) as the file names them. */
function located(error: unknown, file: RecordFile, record: FileRecord, keys: Map<string, string>): unknown {
  if (!(error instanceof InputError) || error.where.file !== undefined) return error;
  const paths = [error.where.path, ...(error.where.also ?? [])].filter((p) => p !== undefined);
  const names = paths.map((p) => {
    const head = String(p[0] ?? '');
    return keys.get(head) ?? head;
  });
  const at = where(file, record, names.length ? names.join(' and ') : undefined);
  const value = error.where.value;
  return new InputError(error.detail, value === undefined ? at : { ...at, value }, { cause: error });
}

export const registerFileUseCase = defineUseCase({
  name: 'registerFile',
  summary: 'Many registrations of one kind from a JSON array or CSV file, all or nothing',
  input: z
    .object({
      db: z.string().min(1).optional(),
      kind: z.enum(REGISTRATION_KINDS),
      file: z.string().min(1),
    })
    .strict(),
  defaults: {},
  async run(i, { ports }) {
    const reader = ports.recordFiles;
    const access = ports.registry;
    if (!reader || !access) throw new Error('this app was built without registration files or a registry');
    const file = reader.read(i.file);
    const useCase = CASES[i.kind] as AnyUseCase;
    const fields = Object.keys((useCase.input as unknown as z.ZodObject).shape).filter((f) => f !== 'db');
    const registry = await access.open(i.db);
    const created: { row: number; id: string; checks: Check[] }[] = [];
    await registry.transaction(async (tx) => {
      const inTx: Ports = { ...ports, registry: { ...access, open: () => Promise.resolve(tx) } };
      for (const record of file.records) {
        const { input, keys } = inputOfRecord(file, record, fields);
        try {
          const outcome = await runUseCase(useCase, input, inTx);
          const shown = useCase.present(outcome.result, outcome) as { id?: unknown };
          created.push({ row: record.row, id: String(shown.id), checks: outcome.checks });
        } catch (error) {
          throw located(error, file, record, keys);
        }
      }
    });
    const checks = created.flatMap((c) =>
      c.checks.map((k) => ({
        ...k,
        message: `${file.format === 'csv' ? 'line' : 'element'} ${c.row} (${c.id}): ${k.message}`,
      })),
    );
    return { kind: i.kind, file: file.file, format: file.format, created, checks };
  },
  present: (r) => ({
    kind: r.kind,
    file: r.file,
    created: r.created.map((c) => ({
      [r.format === 'csv' ? 'line' : 'element']: c.row,
      id: c.id,
      checks: c.checks,
    })),
    ids: r.created.map((c) => c.id),
    ok: isOk(r.checks),
    checks: r.checks,
  }),
});
