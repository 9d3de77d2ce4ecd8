/**
 * CSV text for registry upload files (docs/exports.md, "Cells and lines").
 *
 * Formula injection: a spreadsheet opening a CSV evaluates a cell whose first character is `=`, `+`, `-` or
 * `@` (and, in some applications, TAB or CR before one) as a formula. OWASP ASVS 5.0 requirement 1.2.10 asks
 * that such a first character (`=` `+` `-` `@` TAB NUL) be escaped with a single quote, and the OWASP
 * community page "CSV Injection" lists `=` `+` `-` `@` TAB CR; we prefix a quote for the union of both lists.
 * Then RFC 4180 section 2.6/2.7: a field holding a comma, a double quote, CR or LF is enclosed in double
 * quotes, and a double quote inside it is written twice.
 */

/** First characters a spreadsheet may read as the start of a formula (OWASP ASVS 1.2.10 and CSV Injection). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\0']);

/** Characters that need RFC 4180 quoting (section 2.6). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One text cell, safe to open in a spreadsheet: a leading `'` when the text starts with = + - @ TAB CR or
 * NUL (OWASP), then RFC 4180 quoting when it holds , " CR or LF. Every text cell of an export goes through it;
 * numbers and dates TREC writes itself (digits, `.` and `/`) need neither.
 */
export function safeCell(text: string): string {
  const first = text.charAt(0);
  const guarded = FORMULA_START.has(first) ? `'${text}` : text;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/**
 * Lines joined with CRLF (RFC 4180 section 2.1) and no line break after the last one (section 2.2 allows
 * either; M-RETS's upload help asks for no spaces or empty rows at the end of the file).
 */
export function csvText(lines: readonly string[]): string {
  return lines.join('\r\n');
}
