/**
 * CSV as RFC 4180 writes it: fields separated by one character, a field enclosed in double quotes
 * when it holds the separator, a quote or a line break, a quote inside doubled.
 */

/** One field, quoted when it must be. */
export function csvField(value: string, separator: string): string {
  if (value.includes('"') || value.includes('\r') || value.includes('\n') || value.includes(separator)) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

/** Lines of fields, each line (the last one too) ended by `lineEnding`. */
export function writeCsv(rows: string[][], separator: string, lineEnding: string): string {
  let out = '';
  for (const row of rows) out += row.map((v) => csvField(v, separator)).join(separator) + lineEnding;
  return out;
}

export class CsvSyntaxError extends Error {}

/**
 * Reads CSV into rows of fields. Accepts CRLF, LF or CR line ends, quoted fields with doubled
 * quotes and line breaks inside, and skips empty lines. Strict where a guess could shift values
 * into the wrong column: an unterminated quote, or text after a closing quote, is an error.
 */
export function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  /** The current field was quoted, so it is complete (even when empty). */
  let quoted = false;
  let i = 0;
  let line = 1;
  const n = text.length;
  const endField = (): void => {
    row.push(field);
    field = '';
    quoted = false;
  };
  const endRow = (): void => {
    const empty = row.length === 0 && field === '' && !quoted;
    endField();
    if (!empty) rows.push(row);
    row = [];
  };
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '' && !quoted) {
      // A quoted field: runs to the quote not followed by another quote.
      const startLine = line;
      i++;
      for (;;) {
        if (i >= n) throw new CsvSyntaxError(`line ${startLine}: a quoted field is not closed`);
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      quoted = true;
      const next = text[i];
      if (i < n && next !== separator && next !== '\r' && next !== '\n') {
        throw new CsvSyntaxError(`line ${line}: text after a closing quote (a quote inside a field must be doubled)`);
      }
      continue;
    }
    if (c === separator) {
      endField();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || quoted || row.length > 0) endRow();
  return rows;
}
