import { check, InputError, type Check } from '../core/index.ts';
import type { EstimateFigures } from '../app/index.ts';
import { readJsonFile } from './json-file.ts';

/**
 * A `trec estimate --json` file: the figures asked for (kWh, by JSON key), and the checks it carries, so an
 * error in the estimate is not lost on the way into a comparison. Errors name the file and the key.
 */
export function readEstimateFile(file: string, keys: readonly string[]): EstimateFigures {
  const json = readJsonFile(file, 'cannot read a trec estimate JSON file');
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new InputError('a trec estimate JSON file is an object (what trec estimate --json prints)', {
      file,
    });
  const data = json as Record<string, unknown>;
  const kwh = keys.map((key) => {
    const v = data[key];
    // At most 1e10 kWh (1e7 MWh, the metered-MWh bound: 1 GW all year is 8.8e9 kWh).
    if (typeof v !== 'number' || !(v >= 0 && v <= 1e10))
      throw new InputError(
        v === undefined ? 'missing' : 'must be a number of kWh from 0 to 1e10 (1 GW all year is 8.8e9 kWh)',
        { file, field: key, ...(v === undefined ? {} : { value: v }) },
      );
    return v;
  });
  return { kwh, checks: fileChecks(file, data) };
}

const SEVERITIES: readonly string[] = ['info', 'warning', 'error'];

function isSeverity(s: unknown): s is Check['severity'] {
  return typeof s === 'string' && SEVERITIES.includes(s);
}

/** The file's `checks`; a file that says `ok: false` without its error checks gets one. */
function fileChecks(file: string, data: Record<string, unknown>): Check[] {
  const raw = data['checks'];
  if (raw !== undefined && !Array.isArray(raw))
    throw new InputError('must be a list of checks', { file, field: 'checks' });
  const checks = ((raw ?? []) as unknown[]).map((item, i): Check => {
    const x = (item ?? {}) as Record<string, unknown>;
    if (typeof x['code'] !== 'string' || typeof x['message'] !== 'string' || !isSeverity(x['severity']))
      throw new InputError('each check needs a code, a severity (info, warning, error) and a message', {
        file,
        field: `checks[${i}]`,
      });
    return check(x['code'], x['severity'], x['message']);
  });
  if (data['ok'] === false && !checks.some((c) => c.severity === 'error'))
    checks.push(check('estimate-not-ok', 'error', `${file} says ok: false: its figure is not clean`));
  return checks;
}
