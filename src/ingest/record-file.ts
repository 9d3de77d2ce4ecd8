import { InputError, type InputLocation } from '../core/index.ts';
import type { FileRecord, RecordFile, RecordFiles } from '../app/index.ts';
import { csvLines, splitCsvLine } from './csv-fields.ts';
import { parseJsonText, readTextFile } from './json-file.ts';

/**
 * A registration file (`trec system add --file`): a JSON array of objects (values as typed), or CSV with a
 * header line (values as text; empty cells left out). JSON when the text starts with `[` (after blanks).
 */
export function readRecordFile(path: string): RecordFile {
  const text = readTextFile(path, 'cannot read the registration file');
  const where: InputLocation = { file: path };
  if (/^\s*[[{]/.test(text)) {
    const value = parseJsonText(text, 'not JSON', where);
    if (!Array.isArray(value))
      throw new InputError('a JSON registration file is an array of objects, one per registration', where);
    const records = value.map((item: unknown, i): FileRecord => {
      if (item === null || typeof item !== 'object' || Array.isArray(item))
        throw new InputError(`element ${i + 1} is not an object`, { file: path, field: `[${i + 1}]` });
      return { row: i + 1, values: item as Record<string, unknown> };
    });
    return { file: path, format: 'json', records };
  }
  const lines = csvLines(text);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  if (!header.some((h) => h !== ''))
    throw new InputError('a CSV registration file needs a header line naming its fields', {
      ...where,
      line: 1,
    });
  const records: FileRecord[] = [];
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '') return;
    const cells = splitCsvLine(line);
    if (cells.length > header.length)
      throw new InputError(`${cells.length} fields, but the header names ${header.length}`, {
        file: path,
        line: i + 1,
      });
    const values: Record<string, unknown> = {};
    header.forEach((key, k) => {
      const cell = (cells[k] ?? '').trim();
      if (key !== '' && cell !== '') values[key] = cell;
    });
    records.push({ row: i + 1, values });
  });
  return { file: path, format: 'csv', records };
}

export const fileRecordFiles = (): RecordFiles => ({ read: readRecordFile });
