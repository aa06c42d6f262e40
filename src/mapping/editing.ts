import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Catalog } from '../catalog/types';
import { ErrorDetail, OwhError, toOwhError } from '../errors/owh-error';
import { requiredPaths, writtenPaths } from '../onboarding/coverage';
import { TargetField, targetFields } from '../onboarding/onboard/target-schema';
import { listFixtures } from './fixtures';
import { LoadedMapping, loadMapping, loadMappingSpec, MAPPING_FILE_NAMES } from './load';
import type { MappingSpec } from './spec';

/**
 * What an editor of mappings needs (the visual mapper of the owh-map node): a mapping folder's
 * spec with its problems, the e-form's fields (the sources), the system's fields (the targets,
 * required ones marked), which required targets the spec leaves unmapped, a preview of the output
 * on the folder's first fixture, and saving a spec — checked as the hub checks it — to the same
 * file `owh` and the server run.
 */

export interface MappingFolderView {
  folder: string;
  file: string;
  /** The spec as the file holds it (also when it fails its schema, so the editor can show it). */
  spec?: unknown;
  /** Why the file does not load (each with its pointer): empty when it does. */
  problems: ErrorDetail[];
  formFields: TargetField[];
  targetFields: TargetField[];
  unmappedRequired: string[];
  /** The first fixture's input: a case to preview the mapping on. */
  sample?: unknown;
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

export function describeMappingFolder(catalog: Catalog, folder: string): MappingFolderView {
  const dir = catalogFolder(catalog, folder);
  const name = MAPPING_FILE_NAMES.find((n) => existsSync(join(dir, n))) ?? MAPPING_FILE_NAMES[0];
  const file = join(dir, name);
  let loaded: LoadedMapping | undefined;
  let problems: ErrorDetail[] = [];
  let spec: unknown;
  try {
    loaded = loadMapping(dir);
    spec = loaded.spec;
  } catch (error) {
    const e = toOwhError(error);
    problems = e.details.length > 0 ? e.details : [{ pointer: '', keyword: 'file', message: e.message }];
    try {
      spec = existsSync(file) ? parse(readFileSync(file, 'utf8')) : undefined;
    } catch {
      spec = undefined;
    }
  }
  const formId = (spec as MappingSpec | undefined)?.form;
  const formSchema = formId ? catalog.forms.get(formId)?.schema : undefined;
  const targets = loaded?.targetSchema ? targetFields(loaded.targetSchema) : [];
  const written = loaded ? writtenPaths(loaded.spec.rules) : new Set<string>();
  const unmappedRequired = loaded?.targetSchema ? requiredPaths(loaded.targetSchema).filter((p) => !written.has(p)) : [];
  const fixtures = listFixtures(dir);
  const sampleFile = fixtures.length > 0 ? join(dir, 'fixtures', `${fixtures[0]}.input.json`) : undefined;
  return {
    folder: relative(resolve(catalog.root), dir).split(sep).join('/'),
    file,
    spec,
    problems,
    formFields: formSchema ? targetFields(formSchema as Record<string, unknown>, 'form') : [],
    targetFields: targets,
    unmappedRequired,
    sample: sampleFile && existsSync(sampleFile) ? JSON.parse(readFileSync(sampleFile, 'utf8')) : undefined,
  };
}

/** The output of a spec being edited, on `input` or the folder's first fixture; or why it cannot run. */
export function previewMapping(catalog: Catalog, folder: string, spec: unknown, input?: unknown): { output?: unknown; problems: ErrorDetail[] } {
  const dir = catalogFolder(catalog, folder);
  let mapping: LoadedMapping;
  try {
    mapping = loadMappingSpec(dir, spec);
  } catch (error) {
    const e = toOwhError(error);
    return { problems: e.details.length > 0 ? e.details : [{ pointer: '', keyword: 'mapping', message: e.message }] };
  }
  const source = input ?? describeMappingFolder(catalog, folder).sample;
  if (source === undefined) return { problems: [{ pointer: '', keyword: 'fixture', message: 'no sample case: add fixtures/<name>.input.json to the folder, or send one' }] };
  try {
    return { output: mapping.map(source), problems: [] };
  } catch (error) {
    const e = toOwhError(error);
    return { problems: e.details.length > 0 ? e.details : [{ pointer: '', keyword: 'map', message: e.message }] };
  }
}

/**
 * Saves a spec as the folder's mapping file once it passes every check the hub makes (schema,
 * code tables, target schema, compile); otherwise nothing is written and the problems come back.
 * Written atomically (temp file, then rename), as YAML.
 */
export function saveMappingSpec(catalog: Catalog, folder: string, spec: unknown): { file?: string; problems: ErrorDetail[] } {
  const dir = catalogFolder(catalog, folder);
  try {
    loadMappingSpec(dir, spec);
  } catch (error) {
    const e = toOwhError(error);
    return { problems: e.details.length > 0 ? e.details : [{ pointer: '', keyword: 'mapping', message: e.message }] };
  }
  mkdirSync(dir, { recursive: true });
  const name = MAPPING_FILE_NAMES.find((n) => existsSync(join(dir, n))) ?? MAPPING_FILE_NAMES[0];
  const file = join(dir, name);
  const text = name.endsWith('.json') ? `${JSON.stringify(spec, null, 2)}\n` : stringify(spec, { lineWidth: 0 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
  return { file, problems: [] };
}
