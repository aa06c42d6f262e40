import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadCatalogCalendar } from '../calendar';
import { ErrorDetail, OwhError } from '../errors/owh-error';
import { locate, readSourceDocument, SourceDocument } from '../util/yaml-source';
import { sharedAjv, validatorFor } from '../validate/ajv';
import { toErrorDetails } from '../validate/errors';
import type { PhaseDef } from '../onboarding/types';
import { Catalog, Department, District, DistrictIndex, FormDef, ItemDef, SystemDef } from './types';

const FILES = {
  departments: 'urn:owh:schema:catalog:departments:1',
  systems: 'urn:owh:schema:catalog:systems:1',
  items: 'urn:owh:schema:catalog:items:1',
  districts: 'urn:owh:schema:catalog:districts:1',
} as const;

/** Compiled form schemas by $id, kept so that loading the same catalog twice compiles once. */
const compiledForms = new Map<string, { text: string; form: Omit<FormDef, 'id' | 'file'> }>();

function readCatalogFile(root: string, name: string): SourceDocument | undefined {
  for (const ext of ['yaml', 'yml', 'json']) {
    const file = join(root, `${name}.${ext}`);
    if (existsSync(file)) return readSourceDocument(file, 'OWH_CATALOG_INVALID');
  }
  return undefined;
}

/**
 * Loads the catalog folder: departments, systems, items, districts and forms, each file checked
 * against its schema (schemas/catalog/) and all of them against each other (every reference
 * resolves, one lead per item). Every problem found is reported at once, each with its file, line
 * and JSON pointer.
 */
export function loadCatalog(root: string): Catalog {
  const problems: ErrorDetail[] = [];
  const docs: Partial<Record<keyof typeof FILES, SourceDocument>> = {};
  for (const [name, id] of Object.entries(FILES) as Array<[keyof typeof FILES, string]>) {
    const doc = readCatalogFile(root, name);
    if (!doc) {
      problems.push({ pointer: '', keyword: 'file', message: `${name}.yaml is missing from the catalog`, file: join(root, `${name}.yaml`) });
      continue;
    }
    const validate = validatorFor(id);
    if (!validate(doc.data)) problems.push(...locate(toErrorDetails(validate.errors), doc));
    else docs[name] = doc;
  }
  if (problems.length > 0) throw catalogError(root, problems);

  const at = (doc: SourceDocument, pointer: string, message: string, keyword = 'reference'): void => {
    problems.push({ pointer, keyword, message, file: doc.file, line: doc.lineOf(pointer) });
  };
  const unique = <T>(doc: SourceDocument, list: T[], key: (t: T) => string, listPointer: string, what: string): Map<string, T> => {
    const map = new Map<string, T>();
    list.forEach((entry, i) => {
      const k = key(entry);
      if (map.has(k)) at(doc, `${listPointer}/${i}`, `${what} '${k}' is defined twice`, 'unique');
      else map.set(k, entry);
    });
    return map;
  };

  const departmentsDoc = docs.departments!;
  const systemsDoc = docs.systems!;
  const itemsDoc = docs.items!;
  const districtsDoc = docs.districts!;
  const districtsData = districtsDoc.data as { city?: string; districts: District[] };
  const districts = new DistrictIndex(districtsData.city, districtsData.districts);
  const departments = unique(departmentsDoc, (departmentsDoc.data as { departments: Department[] }).departments, (d) => d.id, '/departments', 'department');
  const systemList = (systemsDoc.data as { systems: SystemDef[] }).systems;
  const systems = unique(systemsDoc, systemList, (s) => s.id, '/systems', 'system');
  systemList.forEach((s, i) => {
    if (!departments.has(s.department)) at(systemsDoc, `/systems/${i}/department`, `department '${s.department}' is not in departments.yaml`);
    for (const district of Object.keys(s.instances ?? {})) {
      if (districts.resolve(district)?.code !== district) at(systemsDoc, `/systems/${i}/instances/${district}`, `district '${district}' is not a current district in districts.yaml`);
    }
  });

  const forms = loadForms(join(root, 'forms'), problems);
  const itemList = (itemsDoc.data as { items: ItemDef[] }).items;
  const items = unique(itemsDoc, itemList, (it) => it.code, '/items', 'item');
  itemList.forEach((item, i) => {
    const p = `/items/${i}`;
    if (!departments.has(item.department)) at(itemsDoc, `${p}/department`, `department '${item.department}' is not in departments.yaml`);
    if (!forms.has(item.form)) at(itemsDoc, `${p}/form`, `form '${item.form}' has no schema file forms/${item.form}.schema.json`);
    const checkTargets = (targets: ItemDef['targets'], pointer: string) => {
      const leads = targets.filter((t) => t.role === 'lead').length;
      if (leads !== 1) at(itemsDoc, pointer, `an item needs exactly one lead target, this one has ${leads}`, 'lead');
      const seen = new Set<string>();
      targets.forEach((t, j) => {
        if (!systems.has(t.system)) at(itemsDoc, `${pointer}/${j}/system`, `system '${t.system}' is not in systems.yaml`);
        if (seen.has(t.system)) at(itemsDoc, `${pointer}/${j}/system`, `system '${t.system}' is a target twice`, 'unique');
        seen.add(t.system);
      });
    };
    checkTargets(item.targets, `${p}/targets`);
    for (const [district, variant] of Object.entries(item.jurisdictions ?? {})) {
      const q = `${p}/jurisdictions/${district}`;
      if (districts.resolve(district)?.code !== district) at(itemsDoc, q, `district '${district}' is not a current district in districts.yaml`);
      checkTargets(variant.targets, `${q}/targets`);
    }
    const names = new Set<string>();
    (item.lookups ?? []).forEach((lookup, j) => {
      const q = `${p}/lookups/${j}`;
      if (names.has(lookup.name)) at(itemsDoc, `${q}/name`, `lookup '${lookup.name}' is declared twice`, 'unique');
      names.add(lookup.name);
      if (!systems.has(lookup.system)) at(itemsDoc, `${q}/system`, `system '${lookup.system}' is not in systems.yaml`);
    });
  });
  const phases = loadPhases(root, problems);
  if (problems.length > 0) throw catalogError(root, problems);
  return { root, departments, systems, items, forms, districts, calendar: loadCatalogCalendar(root), phases };
}

/** phases.yaml, when the catalog has one; the ids must be unique. */
function loadPhases(root: string, problems: ErrorDetail[]): PhaseDef[] | undefined {
  const doc = readCatalogFile(root, 'phases');
  if (!doc) return undefined;
  const validate = validatorFor('urn:owh:schema:catalog:phases:1');
  if (!validate(doc.data)) {
    problems.push(...locate(toErrorDetails(validate.errors), doc));
    return undefined;
  }
  const phases = (doc.data as { phases: PhaseDef[] }).phases;
  const seen = new Set<number>();
  phases.forEach((phase, i) => {
    if (seen.has(phase.id)) problems.push({ pointer: `/phases/${i}/id`, keyword: 'unique', message: `phase ${phase.id} is defined twice`, file: doc.file, line: doc.lineOf(`/phases/${i}/id`) });
    seen.add(phase.id);
  });
  return phases;
}

function loadForms(dir: string, problems: ErrorDetail[]): Map<string, FormDef> {
  const forms = new Map<string, FormDef>();
  if (!existsSync(dir)) return forms;
  const ajv = sharedAjv();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.schema.json')).sort()) {
    const file = join(dir, name);
    const id = name.slice(0, -'.schema.json'.length);
    const doc = readSourceDocument(file, 'OWH_CATALOG_INVALID');
    const schema = doc.data as Record<string, unknown>;
    const schemaId = typeof schema?.$id === 'string' ? schema.$id : undefined;
    if (!schemaId) {
      problems.push({ pointer: '/$id', keyword: 'required', message: 'a form schema needs an $id (e.g. urn:owh:form:<id>:<version>)', file, line: 1 });
      continue;
    }
    const text = JSON.stringify(schema);
    const known = compiledForms.get(schemaId);
    if (known && known.text === text) {
      forms.set(id, { id, file, ...known.form });
      continue;
    }
    try {
      if (ajv.getSchema(schemaId)) ajv.removeSchema(schemaId); // the file changed since it was compiled
      const validate = ajv.compile(schema);
      const form = { schema, title: typeof schema.title === 'string' ? schema.title : undefined, validate };
      compiledForms.set(schemaId, { text, form });
      forms.set(id, { id, file, ...form });
    } catch (error) {
      problems.push({ pointer: '', keyword: 'schema', message: `not a valid JSON Schema: ${(error as Error).message}`, file, line: 1 });
    }
  }
  return forms;
}

function catalogError(root: string, problems: ErrorDetail[]): OwhError {
  return new OwhError('OWH_CATALOG_INVALID', {
    message: `the catalog at ${relative(process.cwd(), root) || root} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
    details: problems,
  });
}
