/**
 * Splits one CSV line into fields (RFC 4180 quoting: "a,b" is one field, "" inside quotes is a quote).
 * Lines are split by the caller; quoted fields spanning lines are not supported (none of our files use them).
 */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** Text split into lines (LF or CRLF), keeping 1-based numbering; a trailing empty line is dropped. */
export function csvLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
