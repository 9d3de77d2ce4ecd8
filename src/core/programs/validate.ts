import type { z } from 'zod';
import { InputError } from '../errors.ts';
import { programSchema, type Program } from './schema.ts';

/**
 * Validates a parsed program file. Throws an InputError naming the file, the field path (dotted, e.g.
 * `certificate.value.unit`) and what is wrong. `fileName` is also checked against the id (`<id>.json`).
 */
export function validateProgram(json: unknown, fileName: string): Program {
  const parsed = programSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const field = issue.path.map(String).join('.') || '(file)';
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
    throw new InputError(`invalid program file: ${issue.message}${more}`, { file: fileName, field });
  }
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  if (base !== parsed.data.id)
    throw new InputError(`program id must match the file name (${base})`, {
      file: fileName,
      field: 'id',
      value: parsed.data.id,
    });
  return parsed.data;
}
