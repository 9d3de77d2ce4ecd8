import { errorsFirst, type Check } from '../core/index.ts';

/**
 * The lines that lead a human result carrying an error check, before any number: a figure under an error is
 * not clean and is never certified. Empty when the result is clean.
 */
export function errorLead(checks: readonly Check[]): string[] {
  const errors = checks.filter((c) => c.severity === 'error');
  if (!errors.length) return [];
  return [
    `NOT A CLEAN FIGURE: ${errors.length} error check${errors.length === 1 ? '' : 's'} (energy under an error is never certified)`,
    ...errors.map((c) => `  ERROR ${c.code}: ${c.message}`),
    '',
  ];
}

/** The checks block of a human result: errors first, one line each, or `checks: none`. */
export function checkLines(checks: readonly Check[], indent = '  '): string[] {
  if (!checks.length) return ['checks: none'];
  return [
    'checks:',
    ...errorsFirst(checks).map((c) => `${indent}${c.severity.toUpperCase()} ${c.code}: ${c.message}`),
  ];
}
