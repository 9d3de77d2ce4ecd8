import { InputError, type FieldPath } from '../core/index.ts';

/**
 * Runs `fn`, and an InputError a core function raised about one of its own parameters (`where.field`, with no
 * file) is moved to the use case's input it came from (`map[field]`), so every surface can word it (`--hours`,
 * `/hours`). The message is not touched.
 */
export function relocated<T>(map: Readonly<Record<string, FieldPath>>, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw relocate(error, map);
  }
}

export function relocate(error: unknown, map: Readonly<Record<string, FieldPath>>): unknown {
  if (!(error instanceof InputError) || error.where.path || error.where.file !== undefined) return error;
  const field = error.where.field;
  const path = field === undefined ? undefined : map[field];
  if (!path) return error;
  const { field: _core, ...rest } = error.where;
  const Ctor = error.constructor as new (d: string, w: object, o?: { cause?: unknown }) => InputError;
  return new Ctor(error.detail, { ...rest, path }, { cause: error });
}
