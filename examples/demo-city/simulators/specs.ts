import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020';
import { loadCatalog } from '../../../src/catalog/load';
import { Catalog, connectorIdOf, SystemDef } from '../../../src/catalog/types';
import { deepMerge } from '../../../src/config/load';
import type { SecretRef } from '../../../src/config/secrets';
import { OwhError } from '../../../src/errors/owh-error';
import { locate, readSourceDocument } from '../../../src/util/yaml-source';
import { sharedAjv } from '../../../src/validate/ajv';
import { toErrorDetails } from '../../../src/validate/errors';
import { DialectName, dialects, Dialect } from './dialects';
import { ReceiptBook } from './receipts';

/** One entry of simulators.yaml: how the demo city's copy of a department system behaves. */
export interface SimulatorEntry {
  system: string;
  dialect: DialectName;
  receiptPrefix: string;
  acceptance?: { rejectShare?: number };
  completion?: { approveShare?: number };
}

/** Everything one simulated connector needs, resolved from the catalog and simulators.yaml. */
export interface SimulatorSpec {
  connectorId: string;
  system: string;
  district?: string;
  /** The system's (or the district instance's) name, for tables and logs. */
  name: string;
  departmentName: string;
  dialect: Dialect;
  receipts: ReceiptBook;
  approveShare: number;
  rejectShare: number;
  /** The port to listen on (0: any free one). */
  port: number;
  /** The path prefix of the catalog's baseUrl ('' when none). */
  basePath: string;
  method: 'POST' | 'PUT';
  /** Matches the delivery path (below basePath); placeholders such as {caseId} match one segment. */
  deliveryPath: RegExp;
  /** Lower-cased. */
  idempotencyHeader: string;
  /** The header every delivery must carry, lower-cased name; none when the connector has no auth. */
  credential?: { header: string; value: string };
  resultsToken?: string;
  validate: ValidateFunction;
}

export interface SpecOptions {
  catalogRoot: string;
  simulatorsFile?: string;
  ports?: Record<string, number>;
  systems?: string[];
  env: NodeJS.ProcessEnv;
  /** Results tokens are required only when results are posted. */
  needResultsToken: boolean;
}

const simulatorsSchema = {
  type: 'object',
  required: ['simulators'],
  properties: {
    simulators: {
      type: 'array',
      items: {
        type: 'object',
        required: ['system'],
        properties: {
          system: { type: 'string' },
          dialect: { type: 'string' },
          receiptPrefix: { type: 'string', pattern: '^[A-Za-z0-9-]{0,20}$' },
          acceptance: { type: 'object', properties: { rejectShare: { type: 'number', minimum: 0, maximum: 1 } } },
          completion: { type: 'object', properties: { approveShare: { type: 'number', minimum: 0, maximum: 1 } } },
        },
      },
    },
  },
};

/** REST entries must say how they speak and number receipts (other kinds' entries are not ours to check). */
const restEntrySchema = {
  type: 'object',
  required: ['system', 'dialect', 'receiptPrefix'],
  properties: { dialect: { enum: Object.keys(dialects) } },
};

let fileValidator: ValidateFunction | undefined;
let entryValidator: ValidateFunction | undefined;
/** Compiled API schemas by file, so a second fleet in the same process compiles nothing again. */
const apiValidators = new Map<string, { text: string; validate: ValidateFunction }>();

/** Reads the catalog and simulators.yaml and resolves one spec per simulated REST connector. */
export function loadSimulatorSpecs(options: SpecOptions): SimulatorSpec[] {
  const catalog = loadCatalog(options.catalogRoot);
  const entries = readSimulatorsFile(options.simulatorsFile ?? join(options.catalogRoot, '..', 'simulators.yaml'), catalog);
  const wanted = options.systems ?? entries.map((e) => e.system).filter((id) => catalog.systems.get(id)?.adapter === 'rest');
  const specs: SimulatorSpec[] = [];
  for (const systemId of wanted) {
    const system = catalog.systems.get(systemId);
    const entry = entries.find((e) => e.system === systemId);
    if (!system) throw usage(`system '${systemId}' is not in the catalog's systems.yaml`);
    if (system.adapter !== 'rest') throw usage(`system '${systemId}' uses the ${system.adapter} adapter; these simulators play REST systems only`);
    if (!entry) throw usage(`system '${systemId}' has no entry in simulators.yaml`);
    specs.push(...systemSpecs(catalog, system, entry, options));
  }
  return specs;
}

function readSimulatorsFile(file: string, catalog: Catalog): SimulatorEntry[] {
  if (!existsSync(file)) throw new OwhError('OWH_CONFIG_NOT_FOUND', { message: `${file} does not exist`, fix: 'Pass simulatorsFile, or put simulators.yaml beside the catalog folder.' });
  const doc = readSourceDocument(file, 'OWH_CATALOG_INVALID');
  const ajv = sharedAjv();
  fileValidator ??= ajv.compile(simulatorsSchema);
  entryValidator ??= ajv.compile(restEntrySchema);
  const problems = fileValidator(doc.data) ? [] : locate(toErrorDetails(fileValidator.errors), doc);
  if (problems.length === 0) {
    (doc.data as { simulators: SimulatorEntry[] }).simulators.forEach((entry, i) => {
      if (catalog.systems.get(entry.system)?.adapter === 'rest' && !entryValidator!(entry)) {
        problems.push(...locate(toErrorDetails(entryValidator!.errors, `/simulators/${i}`), doc));
      }
    });
  }
  if (problems.length > 0) {
    throw new OwhError('OWH_CATALOG_INVALID', { message: `${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, details: problems });
  }
  return (doc.data as { simulators: SimulatorEntry[] }).simulators;
}

function systemSpecs(catalog: Catalog, system: SystemDef, entry: SimulatorEntry, options: SpecOptions): SimulatorSpec[] {
  const instances: Array<[string | undefined, { connector?: Record<string, unknown>; name?: string } | undefined]> = system.instances
    ? Object.entries(system.instances)
    : [[undefined, undefined]];
  const validate = apiValidator(join(options.catalogRoot, 'api', `${system.id}.schema.json`));
  const receipts = new ReceiptBook(entry.receiptPrefix);
  const department = catalog.departments.get(system.department);
  const secret = (ref: SecretRef, what: string) => resolveSecret(ref, options.env, `${what} of system '${system.id}'`);
  if (!system.results?.token && options.needResultsToken) {
    throw usage(`system '${system.id}' has no results.token in systems.yaml, so its simulator cannot post results`);
  }
  const resultsToken = system.results?.token ? secret(system.results.token, 'the results token') : undefined;

  return instances.map(([district, instance]) => {
    const connectorId = connectorIdOf(system.id, district);
    const settings = deepMerge(system.connector ?? {}, instance?.connector ?? {}) as Record<string, unknown>;
    if (typeof settings.baseUrl !== 'string') throw usage(`connector ${connectorId} has no baseUrl in systems.yaml`);
    const base = new URL(settings.baseUrl);
    const catalogPort = base.port === '' ? (base.protocol === 'https:' ? 443 : 80) : Number(base.port);
    return {
      connectorId,
      system: system.id,
      district,
      name: instance?.name ?? system.name,
      departmentName: department?.shortName ?? department?.name ?? system.department,
      dialect: dialects[entry.dialect],
      receipts,
      approveShare: entry.completion?.approveShare ?? 1,
      rejectShare: entry.acceptance?.rejectShare ?? 0,
      port: options.ports?.[connectorId] ?? options.ports?.['*'] ?? catalogPort,
      basePath: base.pathname.replace(/\/+$/, ''),
      method: settings.method === 'PUT' ? 'PUT' : 'POST',
      deliveryPath: pathPattern(typeof settings.path === 'string' ? settings.path : '/'),
      idempotencyHeader: (typeof settings.idempotencyHeader === 'string' ? settings.idempotencyHeader : 'Idempotency-Key').toLowerCase(),
      credential: credentialOf(settings.auth as Record<string, unknown> | undefined, (ref) => secret(ref, `the connector token (${connectorId})`)),
      resultsToken,
      validate,
    };
  });
}

/** The header a delivery must carry for the connector's auth settings (as the REST adapter sends it). */
function credentialOf(auth: Record<string, unknown> | undefined, secret: (ref: SecretRef) => string): SimulatorSpec['credential'] {
  switch (auth?.type) {
    case 'bearer':
      return { header: 'authorization', value: `Bearer ${secret(auth.token as SecretRef)}` };
    case 'basic':
      return { header: 'authorization', value: `Basic ${Buffer.from(`${String(auth.username)}:${secret(auth.password as SecretRef)}`).toString('base64')}` };
    case 'api-key':
      return { header: String(auth.header ?? 'X-Api-Key').toLowerCase(), value: secret(auth.key as SecretRef) };
    default:
      return undefined;
  }
}

/** The environment's value, else the demo value: the simulator must expect what the hub will send. */
function resolveSecret(ref: SecretRef, env: NodeJS.ProcessEnv, what: string): string {
  const value = env[ref.env];
  if (value !== undefined && value !== '') return value;
  if (ref.demoValue !== undefined) return ref.demoValue;
  throw new OwhError('OWH_SECRET_MISSING', { message: `environment variable ${ref.env} (${what}) is not set`, fix: `export ${ref.env}=<the same value the hub uses>` });
}

function pathPattern(path: string): RegExp {
  const source = path
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => (/^\{[A-Za-z]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

function apiValidator(file: string): ValidateFunction {
  if (!existsSync(file)) {
    throw new OwhError('OWH_CONFIG_NOT_FOUND', { message: `${file} does not exist`, fix: `Add the JSON Schema of the request body the system accepts under ${dirname(file)}/.` });
  }
  const text = readFileSync(file, 'utf8');
  const known = apiValidators.get(file);
  if (known && known.text === text) return known.validate;
  const ajv = sharedAjv();
  let schema: Record<string, unknown>;
  try {
    schema = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new OwhError('OWH_CATALOG_INVALID', { message: `${file} is not valid JSON: ${(error as Error).message}` });
  }
  if (typeof schema.$id === 'string') {
    // Another part of the process (a mapping test, the hub) may have compiled this schema already.
    const registered = ajv.getSchema(schema.$id);
    if (registered && JSON.stringify(registered.schema) === JSON.stringify(schema)) {
      apiValidators.set(file, { text, validate: registered });
      return registered;
    }
    if (registered) ajv.removeSchema(schema.$id); // the file changed since it was compiled
  }
  try {
    const validate = ajv.compile(schema);
    apiValidators.set(file, { text, validate });
    return validate;
  } catch (error) {
    throw new OwhError('OWH_CATALOG_INVALID', { message: `${file} is not a valid JSON Schema: ${(error as Error).message}` });
  }
}

function usage(message: string): OwhError {
  return new OwhError('OWH_USAGE', { message });
}
