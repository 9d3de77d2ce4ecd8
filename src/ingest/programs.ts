import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, validateProgram, type Program } from '../core/index.ts';
import { readJsonFile } from './json-file.ts';

/** programs/ at the package root, resolved from this module (never from the working directory). */
export const PROGRAMS_DIR = fileURLToPath(new URL('../../programs/', import.meta.url));

/** Reads and validates one program file; errors name the file and the field. */
export function readProgramFile(path: string): Program {
  return validateProgram(readJsonFile(path, 'not a readable JSON file'), path);
}

/** Every `*.json` program in `dir` (default: the package's programs/), sorted by id. */
export function loadPrograms(dir: string = PROGRAMS_DIR): Program[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => readProgramFile(join(dir, name)));
}

/** One program by id; an unknown id is an InputError listing the known ones. */
export function loadProgram(id: string, dir: string = PROGRAMS_DIR): Program {
  const ids = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length));
  if (!ids.includes(id))
    throw new InputError(`unknown program; known programs: ${ids.sort().join(', ')}`, {
      field: 'program',
      value: id,
    });
  return readProgramFile(join(dir, `${id}.json`));
}
