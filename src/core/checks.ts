/**
 * A check is a finding attached to a result: physics audits, data-quality findings, program-rule notes.
 * Results are reported together with their checks, never silently corrected or dropped.
 */
export type Severity = 'info' | 'warning' | 'error';

export interface Check {
  /** Stable machine-readable code, e.g. `exceeds-capacity`, `cop-above-carnot`. */
  code: string;
  severity: Severity;
  /** Plain-language sentence that states the numbers involved. */
  message: string;
  /** ISO 8601 start of the interval the check refers to, when it refers to one. */
  start?: string;
}

export function check(code: string, severity: Severity, message: string, start?: string): Check {
  return start === undefined ? { code, severity, message } : { code, severity, message, start };
}

export function worstSeverity(checks: readonly Check[]): Severity | undefined {
  if (checks.some((c) => c.severity === 'error')) return 'error';
  if (checks.some((c) => c.severity === 'warning')) return 'warning';
  return checks.length ? 'info' : undefined;
}

/**
 * A figure is clean (`ok`) only when none of its checks has severity error. Every result carries `ok` beside
 * its checks; energy under an error is never certified.
 */
export function isOk(checks: readonly Check[]): boolean {
  return !checks.some((c) => c.severity === 'error');
}

/** The error checks first (in their order), then the rest: the order every surface lists checks in. */
export function errorsFirst(checks: readonly Check[]): Check[] {
  return [...checks.filter((c) => c.severity === 'error'), ...checks.filter((c) => c.severity !== 'error')];
}
