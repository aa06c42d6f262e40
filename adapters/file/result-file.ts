import { unsafeXmlReason } from '../../src/util/xml-safety';
import iconv from 'iconv-lite';
import { parseStringPromise, processors } from 'xml2js';
import { OwhError } from '../../src/errors/owh-error';
import { maskText } from '../../src/log/mask';
import type { FileConfig } from './config-schema';
import { CsvSyntaxError, parseCsv } from './csv';


function invalid(name: string, why: string, fix?: string, cause?: unknown): OwhError {
  return new OwhError('OWH_RESULT_INVALID', { message: maskText(`result file ${name}: ${why}`), fix, cause });
}

/** Decodes a result file; UTF-8 strictly, so a GB18030 file read as UTF-8 is noticed, not garbled. */
export function decodeResult(bytes: Buffer, name: string, encoding: FileConfig['results']['encoding']): string {
  if (encoding === 'gb18030') return iconv.decode(bytes, 'gb18030');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw invalid(name, 'is not valid UTF-8', 'If the department writes GB18030 (or GBK), set the connector\'s results.encoding to gb18030.', error);
  }
}

/**
 * Reads one result file into the results it holds, each in the system's own format for the
 * system's result mapping: a JSON object (or each element of a JSON list), an XML document, or
 * each row of a CSV file keyed by the header's names. Throws `OWH_RESULT_INVALID` for a file
 * that cannot be read and `OWH_XML_UNSAFE` for XML with a DOCTYPE or entity declaration, which is
 * refused before any parser sees it.
 */
export async function parseResultFile(bytes: Buffer, name: string, settings: FileConfig['results']): Promise<unknown[]> {
  const text = decodeResult(bytes, name, settings.encoding);
  switch (settings.format) {
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw invalid(name, `is not valid JSON: ${(error as Error).message}`, undefined, error);
      }
      return Array.isArray(value) ? value : [value];
    }
    case 'xml': {
      const unsafe = unsafeXmlReason(text);
      if (unsafe) {
        throw new OwhError('OWH_XML_UNSAFE', { message: `result file ${name} was refused before parsing: ${unsafe}` });
      }
      try {
        const document: unknown = await parseStringPromise(text, {
          explicitArray: false,
          tagNameProcessors: [processors.stripPrefix],
        });
        if (document === null || document === undefined) throw new Error('it holds no element');
        return [document];
      } catch (error) {
        throw invalid(name, `is not well-formed XML: ${(error as Error).message.replace(/\s+/g, ' ')}`, undefined, error);
      }
    }
    case 'csv': {
      let rows: string[][];
      try {
        rows = parseCsv(text, settings.separator);
      } catch (error) {
        if (error instanceof CsvSyntaxError) throw invalid(name, `is not valid CSV: ${error.message}`, undefined, error);
        throw error;
      }
      if (rows.length === 0) throw invalid(name, 'is empty: a CSV result file needs a header line');
      const [header, ...records] = rows;
      const seen = new Set<string>();
      for (const column of header) {
        if (seen.has(column)) throw invalid(name, `names the column '${column}' twice in its header`);
        seen.add(column);
      }
      return records.map((fields, index) => {
        if (fields.length !== header.length) {
          throw invalid(name, `row ${index + 1} has ${fields.length} fields, the header ${header.length}`);
        }
        const record: Record<string, string> = {};
        header.forEach((column, k) => (record[column] = fields[k]));
        return record;
      });
    }
  }
}

/**
 * Compiles `results.pattern`: `/regex/flags`, or a glob where `*` is any run of characters and
 * `?` one, matched without regard to case (Windows shares do not keep it reliably).
 */
export function compilePattern(pattern: string): RegExp {
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  // `g` and `y` would make test() remember where it stopped: never wanted here.
  if (literal) return new RegExp(literal[1], literal[2].replace(/[gy]/g, ''));
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i');
}
