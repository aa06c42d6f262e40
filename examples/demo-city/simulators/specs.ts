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
import { AmqpEntry, checkKindEntry, FileEntry, KindSpec, kindSpec, resolveSecret, SoapEntry } from './kind-specs';
import { MESSAGE_OPERATIONS, MessageOperation } from './messages';
import { ReceiptBook } from './receipts';
import type { SimulatorKind } from './types';

/** One entry of simulators.yaml: how the demo city's copy of a department system behaves. */
export interface SimulatorEntry {
  system: string;
  dialect: DialectName;
  receiptPrefix: string;
  acceptance?: { rejectShare?: number };
  completion?: { approveShare?: number };
  /** A SOAP, file-drop or AMQP system is played when its entry has its kind's block. */
  soap?: SoapEntry;
  file?: FileEntry;
  amqp?: AmqpEntry;
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
  /** Where it takes the hub's other messages (the connector's `operations`): the path's {caseId} is a named group. */
  operations: Array<{ operation: MessageOperation; method: string; path: RegExp }>;
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
  /** Only systems of these kinds (default: every kind). */
  kinds?: SimulatorKind[];
  env: NodeJS.ProcessEnv;
  /** Results tokens are required only when results are posted. */
  needResultsToken: boolean;
  dataDir?: string;
  amqpNamespace?: string;
}

/** Everything the fleet starts: one spec per REST connector, one per SOAP, file-drop and AMQP system. */
export interface FleetSpecs {
  rest: SimulatorSpec[];
  others: KindSpec[];
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

/** REST entries must say how they speak and number receipts. */
const restEntrySchema = {
  type: 'object',
  required: ['system', 'dialect', 'receiptPrefix'],
  properties: { dialect: { enum: Object.keys(dialects) } },
};

/**
 * Entries of the other kinds are played when they carry their kind's block (`soap:`, `file:`,
 * `amqp:`); then they must say how they number receipts, and the block must be valid. An entry
 * without the block is another tool's business and is not checked.
 */
const kindEntrySchema = {
  type: 'object',
  required: ['system', 'receiptPrefix'],
  properties: { dialect: { enum: Object.keys(dialects) } },
};

let fileValidator: ValidateFunction | undefined;
let entryValidator: ValidateFunction | undefined;
let kindEntryValidator: ValidateFunction | undefined;
/** Compiled API schemas by file, so a second fleet in the same process compiles nothing again. */
const apiValidators = new Map<string, { text: string; validate: ValidateFunction }>();

const KINDS: readonly SimulatorKind[] = ['rest', 'soap', 'file', 'amqp'];

/**
 * Reads the catalog and simulators.yaml and resolves what the fleet plays: one spec per REST
 * connector (one per district for a system run per district), and one per SOAP, file-drop and
 * AMQP system whose entry has its kind's block.
 */
export function loadSimulatorSpecs(options: SpecOptions): FleetSpecs {
  const catalog = loadCatalog(options.catalogRoot);
  const entries = readSimulatorsFile(options.simulatorsFile ?? join(options.catalogRoot, '..', 'simulators.yaml'), catalog);
  const kinds = new Set(options.kinds ?? KINDS);
  const playable = (e: SimulatorEntry): boolean => {
    const adapter = catalog.systems.get(e.system)?.adapter;
    return adapter === 'rest' || (adapter !== undefined && (KINDS as readonly string[]).includes(adapter) && e[adapter as 'soap' | 'file' | 'amqp'] !== undefined);
  };
  const wanted = options.systems ?? entries.filter((e) => playable(e) && kinds.has(catalog.systems.get(e.system)!.adapter as SimulatorKind)).map((e) => e.system);
  const specs: FleetSpecs = { rest: [], others: [] };
  for (const systemId of wanted) {
    const system = catalog.systems.get(systemId);
    const entry = entries.find((e) => e.system === systemId);
    if (!system) throw usage(`system '${systemId}' is not in the catalog's systems.yaml`);
    if (!entry) throw usage(`system '${systemId}' (${system.adapter} adapter) has no entry in simulators.yaml`);
    if (system.adapter === 'rest') {
      specs.rest.push(...systemSpecs(catalog, system, entry, options));
      continue;
    }
    const kind = system.adapter as 'soap' | 'file' | 'amqp';
    const block = (KINDS as readonly string[]).includes(kind) ? entry[kind] : undefined;
    if (block === undefined) {
      throw usage(`system '${systemId}' uses the ${system.adapter} adapter, and its entry in simulators.yaml has no ${system.adapter} settings, so it cannot be played`);
    }
    const department = catalog.departments.get(system.department);
    specs.others.push(
      kindSpec(system, block, {
        catalogRoot: options.catalogRoot,
        ports: options.ports,
        env: options.env,
        needResultsToken: options.needResultsToken,
        dataDir: options.dataDir,
        amqpNamespace: options.amqpNamespace,
        common: {
          connectorId: connectorIdOf(system.id),
          system: system.id,
          name: system.name,
          departmentName: department?.shortName ?? department?.name ?? system.department,
          dialect: entry.dialect ?? 'gov',
          receipts: new ReceiptBook(entry.receiptPrefix),
          approveShare: entry.completion?.approveShare ?? 1,
          rejectShare: entry.acceptance?.rejectShare ?? 0,
        },
      }),
    );
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
  kindEntryValidator ??= ajv.compile(kindEntrySchema);
  if (problems.length === 0) {
    (doc.data as { simulators: SimulatorEntry[] }).simulators.forEach((entry, i) => {
      const adapter = catalog.systems.get(entry.system)?.adapter;
      if (adapter === 'rest' && !entryValidator!(entry)) {
        problems.push(...locate(toErrorDetails(entryValidator!.errors, `/simulators/${i}`), doc));
      }
      if ((adapter === 'soap' || adapter === 'file' || adapter === 'amqp') && entry[adapter] !== undefined) {
        if (!kindEntryValidator!(entry)) problems.push(...locate(toErrorDetails(kindEntryValidator!.errors, `/simulators/${i}`), doc));
        problems.push(...locate(checkKindEntry(adapter, entry[adapter], `/simulators/${i}/${adapter}`), doc));
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
      operations: messageRoutes(settings.operations),
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

function pathPattern(path: string): RegExp {
  const source = path
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => (part === '{caseId}' ? '(?<caseId>[^/]+)' : /^\{[A-Za-z]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** The routes of the messages a REST connector's `operations` name (opinion, supplement); lookups are not played. */
function messageRoutes(operations: unknown): SimulatorSpec['operations'] {
  if (!operations || typeof operations !== 'object') return [];
  return Object.entries(operations as Record<string, { method?: string; path?: string }>)
    .filter(([name, op]) => (MESSAGE_OPERATIONS as readonly string[]).includes(name) && typeof op?.path === 'string')
    .map(([name, op]) => ({ operation: name as MessageOperation, method: (op.method ?? 'POST').toUpperCase(), path: pathPattern(op.path!) }));
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
