import type { AdapterSpec } from './contract';

export interface AdapterField {
  /** Dot path of the setting (nested objects' settings are listed under their parent). */
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  description?: string;
  secret: boolean;
}

export interface AdapterDescription {
  kind: string;
  title: string;
  description: string;
  results: string[];
  payload: string;
  fields: AdapterField[];
  examples: unknown[];
}

type Schema = Record<string, any>;

function typeOf(schema: Schema): string {
  if (schema.$ref?.includes('secretRef')) return 'secret {env}';
  if (schema.enum) return schema.enum.map((v: unknown) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.oneOf || schema.anyOf) return (schema.oneOf ?? schema.anyOf).map((s: Schema) => typeOf(s)).join(' | ');
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (schema.type === 'array' && schema.items) return `${typeOf(schema.items)}[]`;
  return schema.type ?? 'any';
}

function fieldsOf(schema: Schema, prefix: string, out: AdapterField[]): void {
  const required = new Set<string>(schema.required ?? []);
  for (const [name, prop] of Object.entries<Schema>(schema.properties ?? {})) {
    const full = prefix ? `${prefix}.${name}` : name;
    out.push({ name: full, type: typeOf(prop), required: required.has(name), default: prop.default, description: prop.description, secret: Boolean(prop.$ref?.includes('secretRef') || prop.writeOnly) });
    if (prop.type === 'object' && prop.properties) fieldsOf(prop, full, out);
    // A map of named entries (e.g. operations: { <name>: {method, path} }): list an entry's settings under <name>.
    const entry = prop.type === 'object' ? prop.additionalProperties : undefined;
    if (entry && typeof entry === 'object' && entry.type === 'object' && entry.properties) fieldsOf(entry, `${full}.<name>`, out);
  }
}

/** An adapter kind's reference, generated from its spec and config schema (for `owh adapters list` and docs). */
export function describeAdapter(spec: AdapterSpec<any>): AdapterDescription {
  const fields: AdapterField[] = [];
  fieldsOf(spec.configSchema as Schema, '', fields);
  return {
    kind: spec.kind,
    title: spec.title,
    description: spec.description,
    results: spec.capabilities.results,
    payload: spec.capabilities.payload,
    fields,
    examples: ((spec.configSchema as Schema).examples as unknown[]) ?? [],
  };
}
