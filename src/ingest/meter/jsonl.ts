import { InputError } from '../../core/index.ts';
import type { ColumnPlan } from './columns.ts';
import { parseDecimal } from './number.ts';
import type { RowAssembler } from './rows.ts';
import type { TimeReader } from './time.ts';

/**
 * JSON lines: one object per line, keys are headers (canonical or mapped), values numbers (or numeric
 * strings, read as CSV numbers are: decimal point, no hex); the time is a string. The first object's keys
 * fix the columns: a later object missing one is a bad row, extra keys are ignored.
 */
export function parseJsonObject(text: string, file: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError('not valid JSON', { file, line, value: text.slice(0, 80) });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError('each line must be a JSON object', { file, line, value: text.slice(0, 80) });
  return value as Record<string, unknown>;
}

export class JsonlRowReader {
  constructor(
    private readonly plan: ColumnPlan,
    private readonly time: TimeReader,
    private readonly rows: RowAssembler,
    private readonly file: string,
  ) {}

  line(text: string, line: number): void {
    const { plan, rows } = this;
    let record: Record<string, unknown>;
    try {
      record = parseJsonObject(text, this.file, line);
    } catch (error) {
      return rows.bad(line, (error as InputError).message.replace(/^.*?: /, ''));
    }
    let timeMs = NaN;
    for (let col = 0; col < plan.headers.length; col++) {
      const key = plan.headers[col]!;
      const raw = record[key];
      if (col === plan.timeIndex) {
        const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.alloc(0);
        timeMs = this.time.parse(bytes, 0, bytes.length, rows.lastMs);
        if (timeMs !== timeMs) return rows.bad(line, this.time.reason, key, JSON.stringify(raw ?? null));
      } else if (plan.columns[col]) {
        // a numeric string is read as a CSV field is (Number() would also take "0x10" and "0b1")
        const text = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : undefined;
        const v = typeof raw === 'number' ? raw : text ? parseDecimal(text, 0, text.length, 'point') : NaN;
        if (!Number.isFinite(v))
          return rows.bad(
            line,
            raw === undefined ? 'missing' : 'not a number',
            key,
            JSON.stringify(raw ?? null),
          );
        rows.values[col] = v;
      }
    }
    rows.emit(line, timeMs);
  }
}
