/**
 * CSV as registers are exported (RFC 4180, from Excel or a department's database): read with the
 * line each record starts on, so that every refusal can name it; written the same way by the
 * register generator. src/ cannot use the file adapter's CSV code (adapters/ depends on src/).
 */
import iconv from 'iconv-lite';
import { OwhError } from '../../errors/owh-error';

/** The encodings an import file may be in: UTF-8 (with or without BOM), or GB18030 (Excel on Chinese Windows). */
export type ImportEncoding = 'utf8' | 'gb18030';

/** One CSV record: its fields and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Decodes an import file's bytes. UTF-8 is decoded strictly: a file saved as GBK/GB18030 would
 * otherwise turn every Chinese name into replacement characters and import them as such.
 */
export function decodeImportText(bytes: Buffer, file: string, encoding: ImportEncoding = 'utf8'): string {
  let text: string;
  if (encoding === 'gb18030') {
    text = iconv.decode(bytes, 'gb18030');
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      const line = firstInvalidUtf8Line(bytes);
      throw new OwhError('OWH_CATALOG_INVALID', {
        message: `${file} is not valid UTF-8 (first bad byte on line ${line})`,
        fix: 'Save the file as UTF-8, or, if it was saved by Excel on Chinese Windows (GBK/GB18030), import it with --encoding gb18030.',
        details: [{ pointer: '', keyword: 'encoding', message: 'is not valid UTF-8', file, line }],
      });
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function firstInvalidUtf8Line(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      const chunk = bytes.subarray(start, i);
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(chunk);
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Reads CSV text into records (RFC 4180): fields separated by commas, records by CRLF, LF or CR;
 * a field in double quotes may hold commas, line breaks and doubled quotes. Blank lines are
 * skipped. A quote that is never closed makes the whole file unreadable (an OwhError naming the
 * line it opened on): from there on every field would shift.
 */
export function readCsv(text: string, file = '<csv>'): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    let blank = true;
    for (;;) {
      // One field, starting at i.
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        blank = false;
        const openLine = line;
        let start = i + 1;
        value = '';
        for (;;) {
          const close = text.indexOf('"', start);
          if (close < 0) {
            throw new OwhError('OWH_CATALOG_INVALID', {
              message: `${file}: the quoted field opened on line ${openLine} is never closed`,
              fix: 'Close the quote, or double a quote that is part of the value ("" inside a quoted field).',
              details: [{ pointer: '', keyword: 'csv', message: 'unterminated quoted field', file, line: openLine }],
            });
          }
          line += countLineBreaks(text, start, close);
          value += text.slice(start, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            start = close + 2;
          } else {
            i = close + 1;
            break;
          }
        }
        // Text after the closing quote (`"a"b`) is not RFC 4180; keep it rather than lose it.
        const end = fieldEnd(text, i);
        if (end > i) value += text.slice(i, end);
        i = end;
      } else {
        const end = fieldEnd(text, i);
        value = text.slice(i, end);
        if (end > i) blank = false;
        i = end;
      }
      fields.push(value);
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        blank = false;
        i++;
        continue;
      }
      // End of record: a line break or the end of the text.
      if (c === CR) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      else if (c === LF) i++;
      line++;
      break;
    }
    if (!blank) records.push({ line: recordLine, fields });
  }
  return records;
}

/** Where an unquoted field ends: at the next comma or line break, or the end of the text. */
function fieldEnd(text: string, from: number): number {
  const n = text.length;
  let j = from;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === COMMA || c === LF || c === CR) break;
    j++;
  }
  return j;
}

/** Line breaks (CRLF, LF or CR, each counted once) in text[from, to). */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(j + 1) !== LF) count++;
  }
  return count;
}

/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV text of records, each ended by `lineEnding` (CRLF is RFC 4180's; LF diffs better in git). */
export function writeCsv(records: ReadonlyArray<readonly string[]>, lineEnding = '\n'): string {
  const out: string[] = [];
  for (const record of records) out.push(record.map(csvField).join(',') + lineEnding);
  return out.join('');
}
