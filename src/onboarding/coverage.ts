import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { MappingSet } from '../catalog/mapping-set';
import type { Catalog } from '../catalog/types';
import { MAPPING_FILE_NAMES } from '../mapping/load';
import type { MappingRule, MappingSpec } from '../mapping/spec';
import { defaultRequestMapping } from '../routing/route';

/**
 * How much of what a department system requires a mapping fills: the required fields of the
 * system's own schema (the mapping's `target.schema`) against the fields the mapping's rules
 * write. An e-form counts as digitised when its schema exists and every mapping from it to a
 * system covers all that system requires.
 */

export interface MappingCoverage {
  folder: string;
  system: string;
  /** Dotted paths (`[]` for a list's entries) the target schema requires. */
  required: string[];
  missing: string[];
  /** covered / required, 1 when nothing is required; undefined when the mapping names no target schema. */
  share?: number;
}

export interface FormStatus {
  form: string;
  schema: boolean;
  mappings: MappingCoverage[];
  digitised: boolean;
  /** Why not, in words. */
  why?: string;
}

type Schema = Record<string, any>;

/** Required leaf paths of a JSON Schema: `required` properties, followed into objects and list entries. */
export function requiredPaths(schema: Schema | undefined, prefix = ''): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const out: string[] = [];
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const name of (schema.required ?? []) as string[]) {
    const path = prefix ? `${prefix}.${name}` : name;
    const prop = properties[name];
    const inner = prop?.type === 'array' ? requiredPaths(prop.items, `${path}[]`) : requiredPaths(prop, path);
    out.push(...(inner.length > 0 ? inner : [path]));
  }
  return out;
}

/** Every path the rules write, with the objects on the way (`sqr` and `sqr.xm`). */
export function writtenPaths(rules: MappingRule[], prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const rule of rules) {
    const base = prefix ? `${prefix}.${rule.to}` : rule.to;
    const path = rule.each !== undefined ? `${base}[]` : base;
    const parts = path.split('.');
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('.'));
    if (rule.each !== undefined) out.add(base);
    if (rule.rules) for (const p of writtenPaths(rule.rules, path)) out.add(p);
  }
  return out;
}

export function mappingCoverage(mappings: MappingSet, folder: string, system: string, root?: string): MappingCoverage {
  // A running hub has its mappings loaded; a command reads only what coverage needs (no compiling).
  const mapping = mappings.loaded(folder) ?? (root ? readSpecOnly(join(root, folder)) : mappings.get(folder));
  if (!mapping.targetSchema) return { folder, system, required: [], missing: [] };
  const required = requiredPaths(mapping.targetSchema);
  const written = writtenPaths(mapping.spec.rules);
  const missing = required.filter((p) => !written.has(p));
  return { folder, system, required, missing, share: required.length === 0 ? 1 : (required.length - missing.length) / required.length };
}

/** Computed once per loaded catalog: the catalog and its mappings do not change while loaded. */
const computed = new WeakMap<Catalog, Map<string, FormStatus>>();

/** Each e-form of the catalog's items: its schema, its mappings' coverage, digitised or not. */
export function formStatuses(catalog: Catalog, mappings: MappingSet): Map<string, FormStatus> {
  let statuses = computed.get(catalog);
  if (!statuses) computed.set(catalog, (statuses = computeFormStatuses(catalog, mappings)));
  return statuses;
}

function computeFormStatuses(catalog: Catalog, mappings: MappingSet): Map<string, FormStatus> {
  const byForm = new Map<string, Map<string, string>>();
  for (const item of catalog.items.values()) {
    const folders = byForm.get(item.form) ?? new Map<string, string>();
    for (const targets of [item.targets, ...Object.values(item.jurisdictions ?? {}).map((v) => v.targets)]) {
      for (const t of targets) folders.set(t.mapping ?? defaultRequestMapping(t.system, item.form), t.system);
    }
    byForm.set(item.form, folders);
  }
  const out = new Map<string, FormStatus>();
  for (const [form, folders] of byForm) {
    const schema = catalog.forms.has(form);
    const covered: MappingCoverage[] = [];
    let why: string | undefined = schema ? undefined : `no schema forms/${form}.schema.json`;
    for (const [folder, system] of folders) {
      if (!existsSync(join(catalog.root, folder))) {
        why ??= `no mapping ${folder}`;
        continue;
      }
      try {
        const c = mappingCoverage(mappings, folder, system, catalog.root);
        covered.push(c);
        if (c.share === undefined) why ??= `${folder} names no target schema, so its coverage is unknown`;
        else if (c.missing.length > 0) why ??= `${folder} leaves ${c.missing.length} required field${c.missing.length === 1 ? '' : 's'} of ${system} unmapped: ${c.missing.slice(0, 5).join(', ')}`;
      } catch (error) {
        why ??= `${folder} does not load: ${(error as Error).message}`;
      }
    }
    out.set(form, { form, schema, mappings: covered, digitised: why === undefined && covered.length > 0, why });
  }
  return out;
}

const targetSchemas = new Map<string, Schema>();

/** A mapping's rules and target schema, read without validating or compiling it (the hub validates what it runs). */
function readSpecOnly(folder: string): { spec: MappingSpec; targetSchema?: Schema } {
  const name = MAPPING_FILE_NAMES.find((n) => existsSync(join(folder, n)));
  if (!name) throw new Error(`${folder} holds no mapping file`);
  const spec = parse(readFileSync(join(folder, name), 'utf8')) as MappingSpec;
  const relative = spec?.target?.schema;
  if (!relative) return { spec };
  const file = resolve(folder, relative);
  let targetSchema = targetSchemas.get(file);
  if (!targetSchema) {
    const text = readFileSync(file, 'utf8');
    targetSchemas.set(file, (targetSchema = (file.endsWith('.json') ? JSON.parse(text) : parse(text)) as Schema));
  }
  return { spec, targetSchema };
}
