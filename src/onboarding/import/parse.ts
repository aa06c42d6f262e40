/**
 * Reads a register import file (CSV, YAML or JSON) into rows by kind, each with its line, and the
 * rows refused with a reason. Nothing is written here: the import decides what to do with them.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { OwhError } from '../../errors/owh-error';
import { parseSourceText, SourceDocument } from '../../util/yaml-source';
import type { ImportRow, ParsedImport, Refusal, RegisterKind } from '../types';
import { columnFor, ColumnDef, COLUMNS, fieldOfHeader, headerOf, kindOfHeader } from './columns';
import { decodeImportText, ImportEncoding, readCsv } from './csv';
import { readJsonSource } from './json-source';
import { cellValue, checkRow, keyOf, normaliseRow, requiredFields, RowProblem, uniqueKeyOf } from './rows';

/** The kinds of register rows, in the order an import applies them (a system needs its department). */
export const REGISTER_KINDS: readonly RegisterKind[] = ['departments', 'systems', 'items', 'volumes'];

export type ImportFormat = 'csv' | 'yaml' | 'json';

export interface ParseImportOptions {
  /** The kind of rows in a CSV file or a bare YAML/JSON list; a CSV's header tells it when absent. */
  kind?: RegisterKind;
  /** The file's encoding: UTF-8 (default, BOM or not) or GB18030. */
  encoding?: ImportEncoding;
}

/** The format of an import file, by its extension: .csv, .yaml/.yml or .json. */
export function importFormatOf(file: string): ImportFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  throw new OwhError('OWH_USAGE', {
    message: `cannot tell the format of ${file} from its extension '${ext}'`,
    fix: 'Import a .csv, .yaml, .yml or .json file.',
  });
}

/**
 * Reads and checks an import file. Rows that fail their schema, or repeat a key already in the
 * file, are refused with a reason; the others come back by kind, each with its line. A file that
 * cannot be read or parsed at all throws an OwhError (OWH_CONFIG_NOT_FOUND, OWH_CATALOG_INVALID;
 * OWH_USAGE when the caller must say which kind of rows it holds).
 */
export function parseImportFile(file: string, options: ParseImportOptions = {}): ParsedImport {
  const format = importFormatOf(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new OwhError('OWH_CONFIG_NOT_FOUND', { message: `cannot read ${file}: ${(err as Error).message}` });
  }
  return parseImportText(decodeImportText(bytes, file, options.encoding), file, format, options.kind);
}

/** parseImportFile on text already read (`file` names it in refusals). */
export function parseImportText(text: string, file: string, format: ImportFormat, kind?: RegisterKind): ParsedImport {
  if (kind !== undefined && !REGISTER_KINDS.includes(kind)) {
    throw new OwhError('OWH_USAGE', { message: `'${String(kind)}' is not a kind of register rows`, fix: `Use one of ${REGISTER_KINDS.join(', ')}.` });
  }
  const collector = new Collector(file);
  if (format === 'csv') readCsvRows(text, file, kind, collector);
  else readDocumentRows(format === 'json' ? readJsonSource(text, file, /^\s*\[/.test(text) ? 1 : 2) : parseSourceText(text, file, 'OWH_CATALOG_INVALID'), kind, collector);
  return collector.result;
}

const KEY_POINTER: Record<RegisterKind, string> = { departments: '/id', systems: '/id', items: '/code', volumes: '/itemCode' };

/** A row by its key, in words: "item XK00101001", "the volume of XK00101001 for 2025". */
function describeRow(kind: RegisterKind, key: string, row: Record<string, unknown>): string {
  switch (kind) {
    case 'departments':
      return `department ${key}`;
    case 'systems':
      return `system ${key}`;
    case 'items':
      return `item ${key}`;
    case 'volumes':
      return row.period === undefined ? `the volume of ${key}` : `the volume of ${key} for ${String(row.period)}`;
  }
}

/** Gathers rows and refusals, keeping the first line of every key to name it when a key repeats. */
class Collector {
  readonly result: ParsedImport;
  private readonly seen: Record<RegisterKind, Map<string, number>> = {
    departments: new Map(),
    systems: new Map(),
    items: new Map(),
    volumes: new Map(),
  };

  constructor(readonly file: string) {
    this.result = { file, departments: [], systems: [], items: [], volumes: [], refused: [] };
  }

  /** One row (a map of fields) at `line`; `lineOf` gives the line of a field, when the file can say. */
  add(kind: RegisterKind, line: number, raw: Record<string, unknown>, lineOf?: (pointer: string) => number | undefined): void {
    const row = normaliseRow(kind, raw);
    const key = keyOf(kind, row);
    const unique = uniqueKeyOf(kind, row);
    const check = checkRow(kind, row);
    const problems: RowProblem[] = check.problems ? [...check.problems] : [];
    if (key !== undefined && unique !== undefined) {
      const seen = this.seen[kind];
      const first = seen.get(unique);
      if (first === undefined) seen.set(unique, line);
      else problems.push({ pointer: KEY_POINTER[kind], reason: `${describeRow(kind, key, row)} is already on line ${first} of this file: keep one of the two rows` });
    }
    if (problems.length === 0) {
      (this.result[kind] as Array<ImportRow<unknown>>).push({ line, value: check.value });
      return;
    }
    const pointer = problems[0].pointer;
    this.refuse({
      line: (pointer && lineOf?.(pointer)) || line,
      kind,
      ...(key === undefined ? {} : { key }),
      ...(pointer ? { pointer } : {}),
      reason: problems.map((p) => p.reason).join('; '),
    });
  }

  refuse(refusal: Omit<Refusal, 'file'>): void {
    this.result.refused.push({ file: this.file, ...refusal });
  }
}

function unreadable(file: string, message: string, fix: string, line?: number): OwhError {
  return new OwhError('OWH_CATALOG_INVALID', { message: `${file}: ${message}`, fix, details: [{ pointer: '', keyword: 'import', message, file, line }] });
}

// --- CSV --------------------------------------------------------------------------------------

function readCsvRows(text: string, file: string, kindOption: RegisterKind | undefined, collector: Collector): void {
  const records = readCsv(text, file);
  if (records.length === 0) throw unreadable(file, 'the file is empty: a register CSV starts with a header row', 'Add the header row (e.g. code,name,department for items) and the rows.');
  const [header, ...rows] = records;
  const named = header.fields.map((h) => fieldOfHeader(h));
  const kind = kindOption ?? kindOfHeader(new Set(named.filter((f): f is string => f !== undefined)));
  if (!kind) {
    throw unreadable(
      file,
      `cannot tell from the header (${header.fields.join(',')}) which kind of rows the file holds`,
      `Name the columns as the register does (items: ${headerOf('items').join(',')}; systems: ${headerOf('systems').join(',')}; departments: ${headerOf('departments').join(',')}; volumes: ${headerOf('volumes').join(',')}), or say the kind (--kind).`,
      header.line,
    );
  }

  // Which column fills which field; unknown and repeated columns are refused once, on the header.
  const columns: Array<ColumnDef | undefined> = [];
  const filled = new Set<string>();
  const known = headerOf(kind).join(', ');
  header.fields.forEach((raw, index) => {
    const field = named[index];
    const def = field === undefined ? undefined : columnFor(kind, field);
    const label = raw.trim() === '' ? `number ${index + 1} (it has no name)` : `'${raw.trim()}'`;
    if (!def) {
      collector.refuse({ line: header.line, kind, reason: `unknown column ${label}: the columns of ${kind} are ${known} (check its spelling, or remove the column)` });
    } else if (filled.has(def.field)) {
      collector.refuse({ line: header.line, kind, reason: `column ${label} repeats the ${def.field} column: keep one of them` });
      columns.push(undefined);
      return;
    } else {
      filled.add(def.field);
    }
    columns.push(def);
  });
  const missing = requiredFields(kind).filter((f) => !filled.has(f));
  if (missing.length > 0) {
    // Every row would be refused for it: one refusal says it better.
    collector.refuse({ line: header.line, kind, reason: `the header has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}, which every row of ${kind} needs (the columns are ${known}); no rows were read` });
    return;
  }

  for (const record of rows) {
    const { fields, line } = record;
    if (fields.every((f) => f.trim() === '')) continue; // a spreadsheet's empty row
    if (fields.length > columns.length && fields.slice(columns.length).some((f) => f.trim() !== '')) {
      collector.refuse({
        line,
        kind,
        reason: `the row has ${fields.length} cells but the header names ${columns.length} columns: a value holding a comma must be in double quotes`,
      });
      continue;
    }
    const row: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) {
      const def = columns[c];
      if (!def || def.ignored) continue;
      const cell = fields[c]?.trim();
      if (cell) row[def.field] = cellValue(cell, def.type);
    }
    collector.add(kind, line, row);
  }
}

// --- YAML and JSON ----------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readDocumentRows(source: SourceDocument, kind: RegisterKind | undefined, collector: Collector): void {
  const { data, file } = source;
  const sections: Array<{ kind: RegisterKind; list: unknown[]; pointer: string }> = [];
  if (Array.isArray(data)) {
    if (!kind) {
      throw new OwhError('OWH_USAGE', {
        message: `${file} is a bare list: it does not say whether its rows are ${REGISTER_KINDS.join(', ')}`,
        fix: 'Say the kind (--kind items), or put the list under a key: `items: [...]`.',
      });
    }
    sections.push({ kind, list: data, pointer: '' });
  } else if (isRecord(data)) {
    for (const key of Object.keys(data)) {
      if (!REGISTER_KINDS.includes(key as RegisterKind)) {
        throw unreadable(file, `'${key}' is not a part of a register file`, `A register file has the lists ${REGISTER_KINDS.join(', ')} (any of them); remove or rename '${key}'.`, source.lineOf(`/${key}`));
      }
    }
    for (const k of REGISTER_KINDS) {
      if (kind && k !== kind) continue;
      const list = data[k];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) throw unreadable(file, `${k} is not a list`, `Write ${k} as a list of entries (- id: …).`, source.lineOf(`/${k}`));
      sections.push({ kind: k, list, pointer: `/${k}` });
    }
    if (kind && sections.length === 0) throw unreadable(file, `the file has no ${kind} list`, `Put the rows under \`${kind}:\`, or import the file without --kind.`);
  } else {
    throw unreadable(file, 'the file holds no register rows', `Write a map with any of the lists ${REGISTER_KINDS.join(', ')}, e.g. items: [{ code: XK00101001, name: …, department: amr }].`);
  }

  for (const section of sections) {
    section.list.forEach((entry, index) => {
      const pointer = `${section.pointer}/${index}`;
      const line = source.lineOf(pointer) ?? 1;
      if (!isRecord(entry)) {
        collector.refuse({ line, kind: section.kind, reason: `entry ${index + 1} of ${section.kind} is not a map of fields (e.g. { ${COLUMNS[section.kind].slice(0, 3).map((c) => `${c.field}: …`).join(', ')} })` });
        return;
      }
      collector.add(section.kind, line, entry, (p) => source.lineOf(pointer + p));
    });
  }
}
