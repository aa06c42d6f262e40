import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ErrorDetail, OwhError } from '../errors/owh-error';
import { locate, readSourceDocument, SourceDocument } from '../util/yaml-source';
import { validatorFor } from '../validate/ajv';
import { toErrorDetails } from '../validate/errors';
import { compileMapping, MAPPING_SCHEMA_ID, MappingFunction, tidySpecDetails } from './compile';
import type { MappingSpec } from './spec';

/** A mapping read from its folder, validated and compiled. */
export interface LoadedMapping {
  folder: string;
  /** The mapping file (mapping.yaml, mapping.yml or mapping.json inside `folder`). */
  file: string;
  /** The spec as read, with the schema's defaults filled in. */
  spec: MappingSpec;
  map: MappingFunction;
  /** The JSON Schema named by `target.schema`, when there is one. */
  targetSchema?: Record<string, unknown>;
}

export const MAPPING_FILE_NAMES = ['mapping.yaml', 'mapping.yml', 'mapping.json'] as const;

function pointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The mapping files a folder holds (normally one). */
function mappingFilesIn(folder: string): string[] {
  return MAPPING_FILE_NAMES.filter((name) => existsSync(join(folder, name)));
}

/**
 * Reads `<folder>/mapping.yaml` (or .yml, .json), validates it against the mapping schema,
 * resolves `{$file}` code tables and `target.schema` relative to the mapping file, and compiles
 * it. Every problem is reported at once as OWH_MAPPING_INVALID, each detail with file, line and
 * JSON pointer.
 */
export function loadMapping(folder: string): LoadedMapping {
  const found = mappingFilesIn(folder);
  if (found.length === 0) {
    throw new OwhError('OWH_CONFIG_NOT_FOUND', { message: `${folder} holds no ${MAPPING_FILE_NAMES.join(', ')}` });
  }
  if (found.length > 1) {
    throw new OwhError('OWH_MAPPING_INVALID', {
      message: `${folder} holds ${found.join(' and ')}: keep one mapping file per folder`,
      details: found.map((name) => ({ pointer: '', keyword: 'file', message: 'one of several mapping files', file: join(folder, name) })),
    });
  }
  const file = join(folder, found[0]);
  return loadFromSource(folder, readSourceDocument(file, 'OWH_MAPPING_INVALID'));
}

/**
 * A mapping given as a spec object (one being edited, not yet saved) as if it were the folder's
 * mapping file: checked and compiled exactly as loadMapping does, its code tables and target schema
 * read relative to the folder. Problems have no line numbers (there is no file yet).
 */
export function loadMappingSpec(folder: string, spec: unknown): LoadedMapping {
  return loadFromSource(folder, { file: join(folder, MAPPING_FILE_NAMES[0]), data: spec, lineOf: () => undefined });
}

function loadFromSource(folder: string, source: SourceDocument): LoadedMapping {
  const file = source.file;
  const validate = validatorFor<MappingSpec>(MAPPING_SCHEMA_ID);
  if (!validate(source.data)) {
    throw invalid(file, locate(tidySpecDetails(toErrorDetails(validate.errors)), source));
  }
  const spec = source.data;
  const problems: ErrorDetail[] = [];
  const codeTables = readCodeTables(spec, source, problems);
  const targetSchema = readTargetSchema(spec, source, problems);
  if (problems.length > 0) throw invalid(file, problems);
  let map: MappingFunction;
  try {
    map = compileMapping(spec, { name: file, codeTables });
  } catch (error) {
    if (error instanceof OwhError && error.code === 'OWH_MAPPING_INVALID') throw invalid(file, locate(error.details, source));
    throw error;
  }
  return { folder, file, spec, map, ...(targetSchema ? { targetSchema } : {}) };
}

function invalid(file: string, details: ErrorDetail[]): OwhError {
  const first = details[0];
  const where = first ? `${first.file ?? file}${first.line ? `:${first.line}` : ''} ${first.pointer || '/'}` : file;
  return new OwhError('OWH_MAPPING_INVALID', {
    message: `${file} is not a valid mapping${first ? ` (${where}: ${first.message}${details.length > 1 ? `; and ${details.length - 1} more` : ''})` : ''}`,
    details,
  });
}

/** Reads every `{$file}` code table; each must be a flat object of code → text, number or boolean. */
function readCodeTables(spec: MappingSpec, source: SourceDocument, problems: ErrorDetail[]): Record<string, Record<string, unknown>> {
  const tables: Record<string, Record<string, unknown>> = {};
  for (const [name, table] of Object.entries(spec.codeTables ?? {})) {
    if (!('$file' in table) || typeof table.$file !== 'string') continue;
    const pointer = `/codeTables/${pointerToken(name)}/$file`;
    const tableFile = resolve(dirname(source.file), table.$file);
    if (!existsSync(tableFile)) {
      problems.push({ pointer, keyword: '$file', message: `code table file ${table.$file} does not exist (looked for ${tableFile})`, file: source.file, line: source.lineOf(pointer) });
      continue;
    }
    let doc: SourceDocument;
    try {
      doc = readSourceDocument(tableFile, 'OWH_MAPPING_INVALID');
    } catch (error) {
      if (!(error instanceof OwhError)) throw error;
      if (error.details.length > 0) problems.push(...error.details.map((d) => ({ ...d, file: d.file ?? tableFile })));
      else problems.push({ pointer, keyword: '$file', message: error.message, file: source.file, line: source.lineOf(pointer) });
      continue;
    }
    const data = doc.data;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      problems.push({ pointer: '', keyword: 'type', message: `code table '${name}' must be an object of code → value`, file: tableFile, line: doc.lineOf('') });
      continue;
    }
    let flat = true;
    for (const [code, value] of Object.entries(data)) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        const at = `/${pointerToken(code)}`;
        problems.push({ pointer: at, keyword: 'type', message: `code table '${name}': each value must be text, a number or true/false`, file: tableFile, line: doc.lineOf(at) });
        flat = false;
      }
    }
    if (flat) tables[name] = data as Record<string, unknown>;
  }
  return tables;
}

function readTargetSchema(spec: MappingSpec, source: SourceDocument, problems: ErrorDetail[]): Record<string, unknown> | undefined {
  const relative = spec.target?.schema;
  if (relative === undefined) return undefined;
  const pointer = '/target/schema';
  const schemaFile = resolve(dirname(source.file), relative);
  if (!existsSync(schemaFile)) {
    problems.push({ pointer, keyword: 'schema', message: `target schema ${relative} does not exist (looked for ${schemaFile})`, file: source.file, line: source.lineOf(pointer) });
    return undefined;
  }
  try {
    const doc = readSourceDocument(schemaFile, 'OWH_MAPPING_INVALID');
    if (doc.data !== null && typeof doc.data === 'object' && !Array.isArray(doc.data)) return doc.data as Record<string, unknown>;
    problems.push({ pointer: '', keyword: 'type', message: 'a target schema must be a JSON object', file: schemaFile, line: 1 });
  } catch (error) {
    if (!(error instanceof OwhError)) throw error;
    if (error.details.length > 0) problems.push(...error.details.map((d) => ({ ...d, file: d.file ?? schemaFile })));
    else problems.push({ pointer, keyword: 'schema', message: error.message, file: source.file, line: source.lineOf(pointer) });
  }
  return undefined;
}

/** Every folder at or below `root` that holds a mapping file, sorted (node_modules and hidden folders skipped). */
export function findMappingFolders(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (mappingFilesIn(dir).length > 0) out.push(dir);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      walk(join(dir, entry.name));
    }
  };
  walk(root);
  return out.sort();
}
