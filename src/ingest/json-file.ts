import { readFileSync } from 'node:fs';
import { InputError, type InputLocation } from '../core/index.ts';

/** The reason an error carries, whatever was thrown. */
const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The text of a file without a leading UTF-8 byte-order mark (editors on Windows write one; the meter reader
 * drops it the same way). An unreadable path (missing, a directory) is an InputError `lead: reason` at `where`
 * (default: the file).
 */
export function readTextFile(path: string, lead: string, where: InputLocation = { file: path }): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${lead}: ${reason(error)}`, where, { cause: error });
  }
  return text.replace(/^\uFEFF/, '');
}

/** JSON text (a leading byte-order mark dropped) as a value; a syntax error is an InputError `lead: reason`. */
export function parseJsonText(text: string, lead: string, where: InputLocation): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new InputError(`${lead}: ${reason(error)}`, where, { cause: error });
  }
}

/**
 * Reads a JSON file: an unreadable file or text that is not JSON is an InputError at `where` (default: the
 * file) whose message leads with `lead` (or `lead.unreadable` / `lead.notJson` when a reader words the two
 * apart), then the reason.
 */
export function readJsonFile(
  path: string,
  lead: string | { unreadable: string; notJson: string },
  where: InputLocation = { file: path },
): unknown {
  const words = typeof lead === 'string' ? { unreadable: lead, notJson: lead } : lead;
  return parseJsonText(readTextFile(path, words.unreadable, where), words.notJson, where);
}
