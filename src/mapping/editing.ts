import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import type { Catalog } from '../catalog/types';
import { ErrorDetail, OwhError, toOwhError } from '../errors/owh-error';
import { requiredPaths, writtenPaths } from '../onboarding/coverage';
import { writeFileAtomically } from '../util/write-atomically';
import { updateYamlText } from '../util/yaml-update';
import { sharedAjv } from '../validate/ajv';
import { MAPPING_SCHEMA_ID } from './compile';
import { EditorField, mergeFields, sampleFields, schemaFields } from './editor-fields';
import { fixtureFile, FixtureResult, listFixtures, runMappingFixtures } from './fixtures';
import { readSourceDocument } from '../util/yaml-source';
import { LoadedMapping, loadMapping, loadMappingSpec, MAPPING_FILE_NAMES } from './load';
import type { MappingSpec } from './spec';

/**
 * What an editor of mappings needs (the visual mapper of the owh-map node): a mapping folder's
 * spec as its file holds it, with its problems; the fields on either side (the case and its e-form
 * as sources, the system's schema as targets, each with what a sample holds); the required targets
 * the spec leaves unmapped; the transforms and code tables it may choose from; the folder's
 * fixtures as samples, run on every edit as `owh mapping test` runs them; and saving a spec —
 * checked as the hub checks it — to the same file `owh` and the server run, comments kept.
 */

const ENVELOPE_SCHEMA_ID = 'urn:owh:schema:case-envelope:1';

/** One transform step the mapping schema allows, for the editor's list (from the schema itself). */
export interface TransformKind {
  name: string;
  description?: string;
  /** `flag`: `{trim: true}`; `text`: `{prefix: '…'}`; `object`: `{date: {to: …}}` with `params`. */
  shape: 'flag' | 'text' | 'object' | 'any';
  params?: Array<{ name: string; type?: string; required: boolean; description?: string; examples?: unknown[]; enum?: unknown[] }>;
}

/** A code table the spec names, or one of the catalog's shared tables it could name. */
export interface CodeTableView {
  /** The spec's name for it (absent for a catalog table the spec does not use yet). */
  name?: string;
  /** `$file` as the spec writes it, relative to the mapping file; absent for an inline table. */
  file?: string;
  entries: Record<string, unknown>;
}

export interface MappingFolderView {
  folder: string;
  file: string;
  /** The spec exactly as the file holds it (no schema defaults filled in; also when it fails its schema). */
  spec?: unknown;
  /** Why the file does not load (each with its pointer and line): empty when it does. */
  problems: ErrorDetail[];
  /** What the mapping reads: for a request mapping the case envelope and the e-form, and whatever the samples hold besides. */
  sourceFields: EditorField[];
  /** What the mapping writes: the system's schema (`target.schema`), required ones marked. */
  targetFields: EditorField[];
  unmappedRequired: string[];
  /** The e-form's and the system's names, for the editor's title. */
  form?: { id: string; title?: string };
  system?: { id: string; name?: string };
  transforms: TransformKind[];
  codeTables: CodeTableView[];
  /** The folder's fixtures by name: their inputs, to preview the mapping on. */
  samples: Record<string, unknown>;
  /** The fixtures run against the file as it is. */
  fixtures: EditorFixtureResult[];
  /** Kept for callers of the first version: the first sample, and the e-form's fields alone. */
  sample?: unknown;
  formFields: EditorField[];
}

/** The folder inside the catalog, refusing any path that would leave it. */
export function catalogFolder(catalog: Pick<Catalog, 'root'>, folder: string): string {
  const root = resolve(catalog.root);
  const dir = resolve(root, folder);
  if (dir !== root && !dir.startsWith(root + sep)) {
    throw new OwhError('OWH_USAGE', { message: `mapping folder ${folder} is outside the catalog`, fix: 'Name a folder relative to the catalog, e.g. mappings/<system>/request/<form>.' });
  }
  return dir;
}

const detailsOf = (error: unknown, keyword: string): ErrorDetail[] => {
  const e = toOwhError(error);
  return e.details.length > 0 ? e.details : [{ pointer: '', keyword, message: e.message }];
};

/** Where the folder's mapping file is, or would be. */
const mappingFileOf = (dir: string): string => join(dir, MAPPING_FILE_NAMES.find((n) => existsSync(join(dir, n))) ?? MAPPING_FILE_NAMES[0]);

/** The file's spec as written (schema defaults are filled in only by loading, and must not be saved back). */
function readRawSpec(file: string): unknown {
  try {
    return existsSync(file) ? parse(readFileSync(file, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}

/** Loads a spec being edited without letting ajv's defaults land in the caller's copy. */
const loadEdited = (dir: string, spec: unknown): LoadedMapping => loadMappingSpec(dir, structuredClone(spec));

function readSamples(dir: string): Record<string, unknown> {
  const samples: Record<string, unknown> = {};
  for (const name of listFixtures(dir)) {
    try {
      samples[name] = readSourceDocument(fixtureFile(join(dir, 'fixtures'), name, 'input')!, 'OWH_MAPPING_FIXTURE_FAILED').data;
    } catch {
      // A fixture that does not read shows as a failed fixture; it is no sample.
    }
  }
  return samples;
}

export function describeMappingFolder(catalog: Catalog, folder: string): MappingFolderView {
  const dir = catalogFolder(catalog, folder);
  const file = mappingFileOf(dir);
  let loaded: LoadedMapping | undefined;
  let problems: ErrorDetail[] = [];
  try {
    loaded = loadMapping(dir);
  } catch (error) {
    problems = detailsOf(error, 'file');
  }
  const spec = readRawSpec(file);
  const raw = (spec ?? {}) as Partial<MappingSpec>;
  const formId = typeof raw.form === 'string' ? raw.form : undefined;
  const formSchema = formId ? (catalog.forms.get(formId)?.schema as Record<string, unknown> | undefined) : undefined;
  const samples = readSamples(dir);
  const first = Object.values(samples)[0];
  const formFields = schemaFields(formSchema, 'form', 'form');
  const envelope = raw.kind === 'request' || raw.kind === 'lookup' ? (sharedAjv().getSchema(ENVELOPE_SCHEMA_ID)?.schema as Record<string, unknown>) : undefined;
  const envelopeFields = schemaFields(envelope, 'case', '', ['form']);
  // A material's inline content is intake's business (stored, then referenced by uri): never a mapping's source.
  const sourceFields = mergeFields(envelopeFields, formFields, ...Object.values(samples).map((s) => sampleFields(s))).filter((f) => f.path !== 'materials[].content');
  const targetSchema = loaded?.targetSchema ?? readTargetSchemaLoosely(dir, raw);
  const systemId = typeof raw.system === 'string' ? raw.system : undefined;
  return {
    folder: relative(resolve(catalog.root), dir).split(sep).join('/'),
    file,
    spec,
    problems,
    sourceFields,
    targetFields: schemaFields(targetSchema, 'system'),
    unmappedRequired: unmappedRequiredOf(loaded),
    ...(formId ? { form: { id: formId, title: (formSchema?.title as string | undefined) ?? undefined } } : {}),
    ...(systemId ? { system: { id: systemId, name: catalog.systems.get(systemId)?.name } } : {}),
    transforms: transformKinds(),
    codeTables: codeTablesOf(catalog, dir, raw),
    samples,
    fixtures: loaded ? fixturesOf(loaded, samples) : [],
    sample: first,
    formFields,
  };
}

/** The target schema of a spec that does not load (so its editor still shows the system's fields). */
function readTargetSchemaLoosely(dir: string, spec: Partial<MappingSpec>): Record<string, unknown> | undefined {
  const path = spec.target?.schema;
  if (typeof path !== 'string') return undefined;
  try {
    const text = readFileSync(resolve(dir, path), 'utf8');
    return (path.endsWith('.json') ? JSON.parse(text) : parse(text)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A fixture's result, and whether its expected output could be (re)written from what the mapping now makes of its input. */
export type EditorFixtureResult = FixtureResult & { acceptable: boolean };

/** The fixtures run as `owh mapping test` runs them; a failing one is acceptable when the mapping maps its input (a new output, or no expected file yet). */
function fixturesOf(mapping: LoadedMapping, samples: Record<string, unknown>): EditorFixtureResult[] {
  return runMappingFixtures(mapping).map((result) => {
    let acceptable = false;
    if (!result.passed && result.fixture in samples) {
      try {
        mapping.map(samples[result.fixture]);
        acceptable = true;
      } catch {
        acceptable = false; // it fails to map: nothing to accept
      }
    }
    return { ...result, acceptable };
  });
}

function unmappedRequiredOf(mapping: LoadedMapping | undefined): string[] {
  if (!mapping?.targetSchema) return [];
  const written = writtenPaths(mapping.spec.rules);
  return requiredPaths(mapping.targetSchema).filter((p) => !written.has(p));
}

let transformCache: TransformKind[] | undefined;

/** The transform steps of the mapping schema, with their parameters: the editor's list is the schema's. */
export function transformKinds(): TransformKind[] {
  if (transformCache) return transformCache;
  const schema = sharedAjv().getSchema(MAPPING_SCHEMA_ID)?.schema as { $defs: { transform: { properties: Record<string, any> } } };
  transformCache = Object.entries(schema.$defs.transform.properties).map(([name, s]) => {
    const kind: TransformKind = { name, shape: s.const === true ? 'flag' : s.type === 'string' ? 'text' : s.type === 'object' ? 'object' : 'any' };
    if (s.description) kind.description = s.description;
    if (kind.shape === 'object') {
      const required = new Set<string>(s.required ?? []);
      kind.params = Object.entries((s.properties ?? {}) as Record<string, any>).map(([p, ps]) => ({
        name: p,
        ...(ps.type ? { type: ps.type } : {}),
        required: required.has(p),
        ...(ps.description ? { description: ps.description } : {}),
        ...(ps.examples ? { examples: ps.examples } : {}),
        ...(ps.enum ? { enum: ps.enum } : {}),
      }));
    }
    return kind;
  });
  return transformCache;
}

/**
 * The spec's code tables (inline, or `$file` read from disk), then the catalog's shared tables
 * (`<catalog>/code-tables/*`) it does not name yet, with the `$file` path the spec would write.
 */
function codeTablesOf(catalog: Catalog, dir: string, spec: Partial<MappingSpec>): CodeTableView[] {
  const out: CodeTableView[] = [];
  const named = new Set<string>();
  const read = (file: string): Record<string, unknown> => {
    try {
      const data = parse(readFileSync(file, 'utf8'));
      return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  for (const [name, table] of Object.entries(spec.codeTables ?? {})) {
    if (table && typeof table === 'object' && '$file' in table && typeof table.$file === 'string') {
      const full = resolve(dir, table.$file);
      named.add(full);
      out.push({ name, file: table.$file, entries: read(full) });
    } else {
      out.push({ name, entries: (table ?? {}) as Record<string, unknown> });
    }
  }
  const shared = join(resolve(catalog.root), 'code-tables');
  if (existsSync(shared)) {
    for (const entry of readdirSync(shared).sort()) {
      const full = join(shared, entry);
      if (!/\.(ya?ml|json)$/.test(entry) || named.has(full)) continue;
      out.push({ file: relative(dir, full).split(sep).join('/'), entries: read(full) });
    }
  }
  return out;
}

export interface MappingPreview {
  /** The edited spec's output on the sample (absent when it cannot run). */
  output?: unknown;
  problems: ErrorDetail[];
  /** The edited spec's required targets left unmapped. */
  unmappedRequired: string[];
  /** The folder's fixtures run with the edited spec, as `owh mapping test` would after saving it. */
  fixtures: EditorFixtureResult[];
}

/**
 * The output of a spec being edited, on `input`, or a named fixture's input (`sample`), or the
 * folder's first fixture; its problems; what it leaves unmapped; and its fixtures' results.
 */
export function previewMapping(catalog: Catalog, folder: string, spec: unknown, input?: unknown, sample?: string): MappingPreview {
  const dir = catalogFolder(catalog, folder);
  let mapping: LoadedMapping;
  try {
    mapping = loadEdited(dir, spec);
  } catch (error) {
    return { problems: detailsOf(error, 'mapping'), unmappedRequired: [], fixtures: [] };
  }
  const samples = readSamples(dir);
  const source = input ?? (sample !== undefined ? samples[sample] : Object.values(samples)[0]);
  const base = { unmappedRequired: unmappedRequiredOf(mapping), fixtures: fixturesOf(mapping, samples) };
  if (source === undefined) {
    return { ...base, problems: [{ pointer: '', keyword: 'fixture', message: sample !== undefined ? `no fixture '${sample}' in ${folder}/fixtures` : 'no sample case: add fixtures/<name>.input.json to the folder, or send one' }] };
  }
  try {
    return { ...base, output: mapping.map(source), problems: [] };
  } catch (error) {
    return { ...base, problems: detailsOf(error, 'map') };
  }
}

export interface SaveOptions {
  /**
   * Fixtures whose expected output becomes what the saved spec now maps their input to — an
   * engineer's reviewed acceptance of a change, as `jest -u` accepts a snapshot.
   */
  acceptFixtures?: string[];
}

/**
 * Saves a spec as the folder's mapping file once it passes every check the hub makes (schema,
 * code tables, target schema, compile); otherwise nothing is written and the problems come back.
 * A YAML file keeps its comments and layout where the spec did not change. Written atomically
 * (temp file, then rename).
 */
export function saveMappingSpec(catalog: Catalog, folder: string, spec: unknown, options: SaveOptions = {}): { file?: string; problems: ErrorDetail[]; fixturesWritten?: string[] } {
  const dir = catalogFolder(catalog, folder);
  let mapping: LoadedMapping;
  try {
    mapping = loadEdited(dir, spec);
  } catch (error) {
    return { problems: detailsOf(error, 'mapping') };
  }
  const accepted = options.acceptFixtures ?? [];
  const samples = accepted.length > 0 ? readSamples(dir) : {};
  const expected: Array<[string, unknown]> = [];
  for (const name of accepted) {
    if (!(name in samples)) return { problems: [{ pointer: '', keyword: 'fixture', message: `no fixture '${name}' (fixtures/${name}.input.json) in ${folder}` }] };
    try {
      expected.push([name, mapping.map(samples[name])]);
    } catch (error) {
      return { problems: detailsOf(error, 'map').map((d) => ({ ...d, message: `fixture '${name}': ${d.message}` })) };
    }
  }
  const file = mappingFileOf(dir);
  const original = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const text = file.endsWith('.json') ? `${JSON.stringify(spec, null, 2)}\n` : updateYamlText(original, spec);
  writeFileAtomically(file, text);
  for (const [name, output] of expected) writeFileAtomically(join(dir, 'fixtures', `${name}.expected.json`), `${JSON.stringify(output, null, 2)}\n`);
  return { file, problems: [], ...(expected.length > 0 ? { fixturesWritten: expected.map(([n]) => n) } : {}) };
}
