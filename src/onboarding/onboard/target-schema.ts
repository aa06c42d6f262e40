import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { OnboardRefusal } from './settings';

type Json = Record<string, any>;

/** The system's schema as onboard found it: a JSON Schema, and where it came from. */
export interface TargetSchema {
  schema: Json;
  /** `json-schema`, `openapi POST /path`, `sample`, `wsdl Operation`. */
  source: string;
}

/**
 * Reads `--schema`: a JSON Schema, an OpenAPI 3 document (the JSON request body of `path`'s POST,
 * else of the first operation that has one), or a sample payload (every key required, types inferred).
 */
export function readTargetSchema(file: string, restPath?: string): TargetSchema {
  let doc: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new OnboardRefusal(`--schema ${file} cannot be read: ${(error as Error).message}`, 'Give a JSON Schema, an OpenAPI 3 document or a sample JSON payload of the system.');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new OnboardRefusal(`--schema ${file} is not an object`, 'Give a JSON Schema, an OpenAPI 3 document or a sample JSON object.');
  const d = doc as Json;
  if (typeof d.openapi === 'string') return fromOpenApi(d, file, restPath);
  if (typeof d.$schema === 'string' || (d.type === 'object' && typeof d.properties === 'object')) return { schema: d, source: 'json-schema' };
  return { schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', title: `inferred from the sample ${file}`, ...infer(d) }, source: 'sample' };
}

function infer(value: unknown): Json {
  if (Array.isArray(value)) return value.length > 0 ? { type: 'array', items: infer(value[0]) } : { type: 'array' };
  if (value === null) return {};
  if (typeof value === 'object') {
    const entries = Object.entries(value as Json);
    return { type: 'object', required: entries.map(([k]) => k), properties: Object.fromEntries(entries.map(([k, v]) => [k, infer(v)])) };
  }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  return { type: typeof value };
}

function fromOpenApi(doc: Json, file: string, restPath?: string): TargetSchema {
  const paths = (doc.paths ?? {}) as Record<string, Json>;
  const bodyOf = (op: Json | undefined) => op?.requestBody && resolveRefs(doc, op.requestBody)?.content?.['application/json']?.schema;
  const candidates: Array<[string, string, Json]> = [];
  for (const [p, ops] of Object.entries(paths)) for (const [m, op] of Object.entries(ops ?? {})) if (bodyOf(op)) candidates.push([p, m, op]);
  const matches = (p: string) => restPath !== undefined && (p === restPath || restPath.endsWith(p) || p.endsWith(restPath));
  const pick = candidates.find(([p, m]) => matches(p) && m.toLowerCase() === 'post') ?? candidates.find(([p]) => matches(p)) ?? candidates[0];
  if (!pick) throw new OnboardRefusal(`--schema ${file}: the OpenAPI document has no operation with a JSON request body`, 'Give the request body\'s JSON Schema directly, or a sample payload.');
  const schema = resolveRefs(doc, bodyOf(pick[2]));
  return { schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema }, source: `openapi ${pick[1].toUpperCase()} ${pick[0]}` };
}

/** Inlines local `$ref`s (`#/components/…`); a cycle is cut to `{}`. */
function resolveRefs(doc: Json, node: unknown, seen: string[] = []): any {
  if (Array.isArray(node)) return node.map((n) => resolveRefs(doc, n, seen));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    if (seen.includes(ref)) return {};
    const target = ref.slice(2).split('/').reduce<any>((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    return resolveRefs(doc, target, [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(node as Json).map(([k, v]) => [k, resolveRefs(doc, v, seen)]));
}

/** One field of the target: its dotted path (`[]` after a list), required or not, and its title. */
export interface TargetField {
  path: string;
  required: boolean;
  title?: string;
  type?: string;
  /** A list of objects: its entries' fields are not expanded (an `each` rule is for the engineer). */
  list?: boolean;
}

/** The fields of a schema, objects followed (lists kept as one field), in schema order. */
export function targetFields(schema: Json, prefix = '', parentRequired = true, depth = 0): TargetField[] {
  const out: TargetField[] = [];
  const properties = (schema?.properties ?? {}) as Record<string, Json>;
  const required = new Set<string>((schema?.required ?? []) as string[]);
  for (const [name, prop] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const isRequired = parentRequired && required.has(name);
    if (prop?.type === 'object' && prop.properties && depth < 4) {
      const inner = targetFields(prop, path, isRequired, depth + 1);
      if (inner.length > 0) {
        out.push(...inner);
        continue;
      }
    }
    out.push({ path, required: isRequired, title: prop?.title ?? prop?.description, type: Array.isArray(prop?.type) ? prop.type.join('|') : prop?.type, ...(prop?.type === 'array' ? { list: true } : {}) });
  }
  return out;
}
