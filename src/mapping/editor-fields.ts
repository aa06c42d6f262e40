/**
 * The fields a mapping editor shows on either side: every path of a JSON Schema (objects and lists
 * of objects followed, `[]` after a list as mapping paths and `requiredPaths` write them), and the
 * paths a sample document holds that no schema names (a case's `shared.<lookup>`, a system's extra
 * answer fields).
 */

type Json = Record<string, any>;

export interface EditorField {
  /** Dot path, `[]` after a list: `applicant.name`, `materials[].fileName`. */
  path: string;
  /** Required all the way up (an optional object's required member is not). */
  required: boolean;
  title?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  /** An object or a list whose members follow as fields of their own. */
  container?: 'object' | 'list';
  /** Where the field comes from: the case envelope, the e-form, the system's schema, or only the sample. */
  origin: 'case' | 'form' | 'system' | 'sample';
}

const MAX_DEPTH = 6;

/** Resolves a local `$ref` (`#/$defs/x`) against the root schema; other refs are left as they are. */
function resolve(root: Json, node: Json | undefined, seen: string[] = []): Json | undefined {
  if (!node || typeof node !== 'object') return node;
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || seen.includes(ref)) return node;
  const target = ref
    .slice(2)
    .split('/')
    .reduce<any>((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], root);
  const { $ref: _ref, ...rest } = node;
  return resolve(root, { ...target, ...rest }, [...seen, ref]);
}

const typeOf = (schema: Json): string | undefined => {
  if (Array.isArray(schema.type)) return schema.type.join('|');
  if (schema.type) return schema.type;
  if (schema.enum) return 'enum';
  if (schema.const !== undefined) return typeof schema.const;
  return undefined;
};

/** Every field of a schema, in schema order, containers before their members. */
export function schemaFields(schema: Json | undefined, origin: EditorField['origin'], prefix = '', skip: string[] = []): EditorField[] {
  const out: EditorField[] = [];
  if (!schema) return out;
  const walk = (node: Json | undefined, path: string, parentRequired: boolean, depth: number): void => {
    const s = resolve(schema, node);
    if (!s || depth > MAX_DEPTH) return;
    const required = new Set<string>(Array.isArray(s.required) ? s.required : []);
    for (const [name, raw] of Object.entries((s.properties ?? {}) as Record<string, Json>)) {
      const full = path ? `${path}.${name}` : name;
      if (depth === 0 && skip.includes(name)) continue;
      const prop = resolve(schema, raw) ?? {};
      const isRequired = parentRequired && required.has(name);
      const field: EditorField = { path: full, required: isRequired, origin };
      if (prop.title ?? prop.description) field.title = prop.title ?? prop.description;
      const type = typeOf(prop);
      if (type) field.type = type;
      if (Array.isArray(prop.enum)) field.enum = prop.enum;
      if (typeof prop.format === 'string') field.format = prop.format;
      const items = prop.type === 'array' ? resolve(schema, prop.items) : undefined;
      if (prop.properties) field.container = 'object';
      else if (items?.properties) field.container = 'list';
      out.push(field);
      if (field.container === 'object') walk(prop, full, isRequired, depth + 1);
      if (field.container === 'list') walk(items, `${full}[]`, isRequired, depth + 1);
    }
  };
  walk(schema, prefix, true, 0);
  return out;
}

/** The paths a sample holds (lists through their first element), as fields of origin `sample`. */
export function sampleFields(sample: unknown, prefix = ''): EditorField[] {
  const out: EditorField[] = [];
  const walk = (value: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
    for (const [name, v] of Object.entries(value as Json)) {
      const full = path ? `${path}.${name}` : name;
      const list = Array.isArray(v);
      const first = list ? (v as unknown[]).find((e) => e !== null && e !== undefined) : v;
      const container = first !== null && typeof first === 'object' && !Array.isArray(first) ? (list ? 'list' : 'object') : undefined;
      out.push({ path: full, required: false, origin: 'sample', type: list ? 'array' : v === null ? 'null' : typeof v, ...(container ? { container } : {}) });
      if (container) walk(first, list ? `${full}[]` : full, depth + 1);
    }
  };
  walk(sample, prefix, 0);
  return out;
}

/** The fields of several lists, each path once (the first list that names it wins), in order of appearance. */
export function mergeFields(...lists: EditorField[][]): EditorField[] {
  const seen = new Map<string, EditorField>();
  for (const list of lists) for (const field of list) if (!seen.has(field.path)) seen.set(field.path, field);
  // A sample's member of a schema field goes after its container, not at the end.
  const out: EditorField[] = [];
  const placed = new Set<string>();
  const children = new Map<string, EditorField[]>();
  const parentOf = (path: string): string => {
    const cut = Math.max(path.lastIndexOf('.'), -1);
    const parent = cut === -1 ? '' : path.slice(0, cut);
    return parent.endsWith('[]') ? parent.slice(0, -2) : parent;
  };
  for (const field of seen.values()) {
    const parent = parentOf(field.path);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent)!.push(field);
  }
  const place = (parent: string): void => {
    for (const field of children.get(parent) ?? []) {
      if (placed.has(field.path)) continue;
      placed.add(field.path);
      out.push(field);
      place(field.path);
    }
  };
  place('');
  for (const field of seen.values()) if (!placed.has(field.path)) out.push(field);
  return out;
}
