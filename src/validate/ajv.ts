import Ajv2020, { AnySchema, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isCreditCode, isMobile, isResidentId } from './cn-codes';
import { schemasDir } from '../util/package-root';

export type { ValidateFunction } from 'ajv/dist/2020';

/**
 * Builds an ajv instance for draft 2020-12 with the standard formats, the hub's own formats
 * (`cn-resident-id`, `cn-credit-code`, `cn-mobile`) and every schema under `schemas/` registered
 * by its `$id`, so schemas can `$ref` each other. Compile once at start, validate many times.
 * Schema defaults are applied to the data validated (`useDefaults`), so settings read after
 * validation are complete: a default lives in the schema and nowhere else.
 */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: 'log', strictRequired: false, allowUnionTypes: true, logger: false });
  addFormats(ajv);
  ajv.addFormat('cn-resident-id', { type: 'string', validate: isResidentId });
  ajv.addFormat('cn-credit-code', { type: 'string', validate: isCreditCode });
  ajv.addFormat('cn-mobile', { type: 'string', validate: isMobile });
  for (const file of listSchemaFiles(schemasDir())) {
    ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')) as AnySchema);
  }
  return ajv;
}

function listSchemaFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listSchemaFiles(full));
    else if (name.endsWith('.schema.json')) out.push(full);
  }
  return out;
}

let shared: Ajv2020 | undefined;

/** The process's one ajv instance (schemas compile once, however many parts ask). */
export function sharedAjv(): Ajv2020 {
  shared ??= createAjv();
  return shared;
}

/** The compiled validator of a schema registered under `schemas/`, by its `$id`. */
export function validatorFor<T = unknown>(id: string): ValidateFunction<T> {
  const fn = sharedAjv().getSchema<T>(id);
  if (!fn) throw new Error(`schema ${id} is not registered under schemas/`);
  return fn;
}
