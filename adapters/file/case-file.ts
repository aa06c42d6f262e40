import iconv from 'iconv-lite';
import { Builder } from 'xml2js';
import { OwhError } from '../../src/errors/owh-error';
import { maskText } from '../../src/log/mask';
import type { FileConfig, FileEncoding } from './config-schema';
import { writeCsv } from './csv';

/** The value at a dot path (`sqr.xm`, `cl.0.uri`); numbers index lists. */
export function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Encodes text for a file: UTF-8 without a byte-order mark, or GB18030. */
export function encodeText(text: string, encoding: FileEncoding): Buffer {
  return encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
}

function cannotWrite(caseId: string, format: string, why: string, fix: string, cause?: unknown): OwhError {
  return new OwhError('OWH_SEND_REJECTED', {
    message: maskText(`the payload of case ${caseId} cannot be written as ${format}: ${why}`),
    fix,
    cause,
  });
}

/**
 * Writes one case's payload in the connector's format and encoding. A payload the format cannot
 * hold (a cycle in JSON, a key that is no XML name, a list where a CSV field should be) is
 * refused for good (`OWH_SEND_REJECTED`): no retry can change it, the mapping or the connector's
 * layout must. No payload at all is the mapping's failure (`OWH_MAPPING_FAILED`).
 */
export function serialiseCase(payload: unknown, caseId: string, config: FileConfig): Buffer {
  if (payload === undefined || payload === null) {
    throw new OwhError('OWH_MAPPING_FAILED', { message: `the mapping produced no payload for case ${caseId}` });
  }
  switch (config.format) {
    case 'json':
      return encodeText(toJson(payload, caseId), config.encoding);
    case 'xml':
      return encodeText(toXml(payload, caseId, config), config.encoding);
    case 'csv':
      return encodeText(toCsv(payload, caseId, config), config.encoding);
  }
}

function toJson(payload: unknown, caseId: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(payload, null, 2);
  } catch (error) {
    throw cannotWrite(caseId, 'JSON', (error as Error).message, 'Fix the request mapping: its output must be plain JSON data.', error);
  }
  if (text === undefined) throw new OwhError('OWH_MAPPING_FAILED', { message: `the mapping produced no JSON payload for case ${caseId}` });
  return `${text}\n`;
}

function toXml(payload: unknown, caseId: string, config: FileConfig): string {
  const xml = config.xml!;
  if (Array.isArray(payload)) {
    throw cannotWrite(caseId, 'XML', 'it is a list, and an XML document has one root element', 'Map the list under a field of an object (it becomes repeated elements).');
  }
  const declarations: Record<string, string> = {};
  for (const [prefix, uri] of Object.entries(xml.namespaces)) declarations[prefix === '' ? 'xmlns' : `xmlns:${prefix}`] = uri;
  let body: unknown = payload;
  if (Object.keys(declarations).length > 0) {
    if (typeof payload === 'object') {
      const own = (payload as { $?: Record<string, unknown> }).$;
      body = { ...(payload as object), $: { ...(own ?? {}), ...declarations } };
    } else {
      body = { $: declarations, _: payload };
    }
  }
  const builder = new Builder({
    xmldec: { version: '1.0', encoding: config.encoding === 'gb18030' ? 'GB18030' : 'UTF-8' },
    headless: !xml.declaration,
    renderOpts: { pretty: true, indent: '  ', newline: '\n' },
  });
  try {
    // Wrapped under the root's name, so the builder never takes a one-key payload's key as the root.
    return `${builder.buildObject({ [xml.root]: body })}\n`;
  } catch (error) {
    throw cannotWrite(caseId, 'XML', (error as Error).message, 'Fix the request mapping: element names must be XML names, and text may not hold control characters.', error);
  }
}

function toCsv(payload: unknown, caseId: string, config: FileConfig): string {
  const csv = config.csv!;
  const records = Array.isArray(payload) ? payload : [payload];
  if (records.length === 0) throw new OwhError('OWH_MAPPING_FAILED', { message: `the mapping produced an empty list for case ${caseId}: no CSV row to write` });
  const rows: string[][] = csv.header ? [csv.columns.map((c) => c.name)] : [];
  records.forEach((record, index) => {
    rows.push(
      csv.columns.map((column) => {
        const value = valueAt(record, column.path);
        if (value === undefined || value === null) return '';
        if (typeof value === 'string') return value;
        if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
        const where = records.length > 1 ? `row ${index + 1}, ` : '';
        throw cannotWrite(
          caseId,
          'CSV',
          `${where}column '${column.name}' (${column.path}) is ${Array.isArray(value) ? 'a list' : 'an object'}, which one field cannot hold`,
          `Point the column's path at a single value (e.g. ${column.path}.<field>), or map the value to text in the request mapping.`,
        );
      }),
    );
  });
  return writeCsv(rows, csv.separator, csv.lineEnding);
}
