import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020';
import type { SystemDef } from '../../../src/catalog/types';
import type { SecretRef } from '../../../src/config/secrets';
import { OwhError } from '../../../src/errors/owh-error';
import { sharedAjv } from '../../../src/validate/ajv';
import { toErrorDetails } from '../../../src/validate/errors';
import type { DepartmentSpec } from './department';
import { MESSAGE_OPERATIONS, MessageOperation } from './messages';
import type { SimulatorKind } from './types';

/** Settings of a SOAP department in simulators.yaml. */
export interface SoapEntry {
  /** poll: it answers QueryResults; push: it calls the hub's SOAP callback. Must match the connector (poll set or not). */
  results: 'poll' | 'push';
}

/** Settings of a file-drop department in simulators.yaml. */
export interface FileEntry {
  /** The result files it writes into the inbox are named `<resultPrefix><caseId>_<sl|bj>.<ext>`. */
  resultPrefix: string;
  /** Where (inside the outbox) it moves the case files it has read. Default `imported`. */
  archiveFolder?: string;
  /** XML result files: their root element (`prefix:name`) and the namespaces declared on it. */
  resultRoot?: string;
  resultNamespaces?: Record<string, string>;
}

/** Settings of an AMQP department in simulators.yaml. */
export interface AmqpEntry {
  /** Its own queue, bound to the connector's exchange with the connector's routing key. */
  queue: string;
}

export interface SoapSimulatorSpec extends DepartmentSpec {
  kind: 'soap';
  wsdlPath: string;
  wsdl: string;
  service: string;
  portName: string;
  operation: string;
  /** The operation the hub polls (QueryResults), when results are polled. */
  pollOperation?: string;
  soapVersion: '1.1' | '1.2';
  /** The port to listen on (0: any free one). */
  port: number;
  /** The endpoint's path, e.g. /ws/shbx. */
  path: string;
  /** The WS-Security UsernameToken every call must carry (none when the connector has no wsSecurity auth). */
  security?: { username: string; password: string };
  /** The SOAP header element carrying the idempotency key, and the argument that may carry it instead. */
  idempotencyHeader: string | false;
  idempotencyArgument?: string;
  results: 'poll' | 'push';
  /** push: the system's id and result token for the hub's SOAP callback. */
  resultsToken?: string;
  /** The WSDL operations that take the hub's messages (the connector's `operations` opinion and supplement). */
  messageOperations: Partial<Record<MessageOperation, string>>;
  /** The WSDL operations of the lookups it answers (the connector's other `operations`), by catalog name. */
  lookupOperations: Record<string, string>;
}

export interface FileSimulatorSpec extends DepartmentSpec {
  kind: 'file';
  outbox: string;
  inbox: string;
  archive: string;
  caseFormat: 'json' | 'xml' | 'csv';
  caseEncoding: 'utf-8' | 'gb18030';
  csvSeparator: string;
  resultFormat: 'json' | 'xml' | 'csv';
  resultEncoding: 'utf-8' | 'gb18030';
  resultSeparator: string;
  resultPrefix: string;
  resultRoot?: string;
  resultNamespaces: Record<string, string>;
  /** How the files of the hub's messages are named (the connector's `operations`, else the adapter's default name): a name matching one is that message. */
  messageFiles: Array<{ operation: MessageOperation; pattern: RegExp }>;
}

export interface AmqpSimulatorSpec extends DepartmentSpec {
  kind: 'amqp';
  /** amqp://host:port, without credentials. */
  url: string;
  username: string;
  password: string;
  vhost: string;
  exchange: string;
  exchangeType: string;
  routingKey: string;
  /** Where it replies when a message names no reply-to. */
  replyQueue: string;
  queue: string;
  /** The names the fleet changed (a namespace was given), for the hub's connector. */
  renamed: boolean;
}

export type KindSpec = SoapSimulatorSpec | FileSimulatorSpec | AmqpSimulatorSpec;

export interface KindSpecOptions {
  catalogRoot: string;
  ports?: Record<string, number>;
  env: NodeJS.ProcessEnv;
  needResultsToken: boolean;
  /** File-drop folders: `<dataDir>/<system>/{outbox,inbox}`; absent: the connector's own folders. */
  dataDir?: string;
  /** Prefix of the AMQP names (exchange, queues), so fleets on one broker do not meet. */
  amqpNamespace?: string;
  /** The common part, resolved by the caller (receipts, shares, names, dialect). */
  common: Omit<DepartmentSpec, 'kind'>;
}

const entrySchemas: Record<Exclude<SimulatorKind, 'rest'>, object> = {
  soap: {
    type: 'object',
    required: ['results'],
    additionalProperties: false,
    properties: { results: { enum: ['poll', 'push'] } },
  },
  file: {
    type: 'object',
    required: ['resultPrefix'],
    additionalProperties: false,
    properties: {
      resultPrefix: { type: 'string', pattern: '^[A-Za-z0-9_-]{0,20}$' },
      archiveFolder: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' },
      resultRoot: { type: 'string', pattern: '^([A-Za-z_][A-Za-z0-9_.-]*:)?[A-Za-z_][A-Za-z0-9_.-]*$' },
      resultNamespaces: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
  amqp: {
    type: 'object',
    required: ['queue'],
    additionalProperties: false,
    properties: { queue: { type: 'string', minLength: 1, maxLength: 200 } },
  },
};

const validators = new Map<string, ValidateFunction>();

/** What is wrong with a kind's block of a simulators.yaml entry (pointers below `at`). */
export function checkKindEntry(kind: Exclude<SimulatorKind, 'rest'>, block: unknown, at: string): ReturnType<typeof toErrorDetails> {
  let validate = validators.get(kind);
  if (!validate) {
    validate = sharedAjv().compile({ ...entrySchemas[kind] });
    validators.set(kind, validate);
  }
  return validate(block) ? [] : toErrorDetails(validate.errors, at);
}

/** Resolves the spec of one SOAP, file-drop or AMQP department from its connector settings and its simulators.yaml block. */
export function kindSpec(system: SystemDef, block: SoapEntry | FileEntry | AmqpEntry, options: KindSpecOptions): KindSpec {
  const settings = (system.connector ?? {}) as Record<string, any>;
  const secret = (ref: SecretRef, what: string) => resolveSecret(ref, options.env, `${what} of system '${system.id}'`);
  const common = options.common;
  switch (system.adapter) {
    case 'soap': {
      const entry = block as SoapEntry;
      const wsdlPath = fromCatalog(options.catalogRoot, String(settings.wsdl ?? ''));
      if (!settings.wsdl || !existsSync(wsdlPath)) throw usage(`system '${system.id}': its WSDL ${wsdlPath} does not exist`);
      if (typeof settings.endpoint !== 'string') throw usage(`system '${system.id}' has no connector endpoint in systems.yaml`);
      if (typeof settings.operation !== 'string') throw usage(`system '${system.id}' has no connector operation in systems.yaml`);
      const polled = settings.poll !== undefined;
      if ((entry.results === 'poll') !== polled) {
        throw usage(`system '${system.id}': simulators.yaml says its results are ${entry.results}ed, but its connector ${polled ? 'polls them' : 'does not poll'} (poll in systems.yaml)`);
      }
      const wsdl = readFileSync(wsdlPath, 'utf8');
      const endpoint = new URL(settings.endpoint);
      const auth = settings.auth as { type?: string; username?: string; password?: SecretRef } | undefined;
      const service = typeof settings.service === 'string' ? settings.service : firstMatch(wsdl, /<(?:\w+:)?service\s+name="([^"]+)"/);
      const portName = typeof settings.port === 'string' ? settings.port : firstMatch(wsdl, /<(?:\w+:)?port\s+name="([^"]+)"/);
      if (!service || !portName) throw usage(`system '${system.id}': cannot tell the service and port of ${wsdlPath}`);
      if (entry.results === 'push' && !system.results?.token && options.needResultsToken) {
        throw usage(`system '${system.id}' has no results.token in systems.yaml, so its simulator cannot push results`);
      }
      return {
        ...common,
        kind: 'soap',
        wsdlPath,
        wsdl,
        service,
        portName,
        operation: settings.operation,
        pollOperation: polled ? String(settings.poll.operation) : undefined,
        soapVersion: settings.soapVersion ?? bindingVersion(wsdl, portName),
        port: options.ports?.[system.id] ?? options.ports?.['*'] ?? (endpoint.port === '' ? 80 : Number(endpoint.port)),
        path: endpoint.pathname.replace(/\/+$/, '') || '/',
        security: auth?.type === 'wsSecurity' && auth.username && auth.password ? { username: auth.username, password: secret(auth.password, 'the WS-Security password') } : undefined,
        idempotencyHeader: settings.idempotencyHeader ?? 'IdempotencyKey',
        idempotencyArgument: settings.idempotencyArgument,
        results: entry.results,
        resultsToken: entry.results === 'push' && system.results?.token ? secret(system.results.token, 'the results token') : undefined,
        ...soapOperations(settings.operations),
      };
    }
    case 'file': {
      const entry = block as FileEntry;
      const folder = (name: 'outbox' | 'inbox'): string => {
        if (options.dataDir) return resolve(options.dataDir, system.id, name);
        if (typeof settings[name] !== 'string') throw usage(`system '${system.id}' has no connector ${name} in systems.yaml`);
        return fromCatalog(options.catalogRoot, settings[name]);
      };
      const outbox = folder('outbox');
      const results = (settings.results ?? {}) as Record<string, any>;
      const resultFormat = results.format ?? 'json';
      if (resultFormat === 'xml' && !entry.resultRoot) throw usage(`system '${system.id}' writes XML results: its simulators.yaml entry needs file.resultRoot`);
      return {
        ...common,
        kind: 'file',
        outbox,
        inbox: folder('inbox'),
        archive: join(outbox, entry.archiveFolder ?? 'imported'),
        caseFormat: settings.format ?? 'json',
        caseEncoding: settings.encoding ?? 'utf-8',
        csvSeparator: settings.csv?.separator ?? ',',
        resultFormat,
        resultEncoding: results.encoding ?? 'utf-8',
        resultSeparator: results.separator ?? ',',
        resultPrefix: entry.resultPrefix,
        resultRoot: entry.resultRoot,
        resultNamespaces: entry.resultNamespaces ?? {},
        messageFiles: MESSAGE_OPERATIONS.map((operation) => ({
          operation,
          pattern: fileNamePattern(settings.operations?.[operation]?.fileName ?? DEFAULT_MESSAGE_FILE_NAME, operation),
        })),
      };
    }
    case 'amqp': {
      const entry = block as AmqpEntry;
      for (const name of ['url', 'username', 'password', 'exchange', 'replyQueue'] as const) {
        if (settings[name] === undefined) throw usage(`system '${system.id}' has no connector ${name} in systems.yaml`);
      }
      const ns = options.amqpNamespace ? `${options.amqpNamespace}.` : '';
      return {
        ...common,
        kind: 'amqp',
        url: String(settings.url).replace(/\/+$/, ''),
        username: String(settings.username),
        password: secret(settings.password as SecretRef, 'the broker password'),
        vhost: settings.vhost ?? '/',
        exchange: ns + String(settings.exchange),
        exchangeType: settings.exchangeType ?? 'direct',
        routingKey: String(settings.routingKey ?? ''),
        replyQueue: ns + String(settings.replyQueue),
        queue: ns + entry.queue,
        renamed: ns !== '',
      };
    }
    default:
      throw usage(`system '${system.id}' uses the ${system.adapter} adapter, which these simulators do not play`);
  }
}

/** The file adapter's name for a message's file when the connector names none (adapters/file). */
const DEFAULT_MESSAGE_FILE_NAME = '{caseId}.{operation}.{key}.{ext}';

/**
 * A file name template as a pattern: its literal text, `{caseId}` as the group `caseId`,
 * `{operation}` as the operation's name, `{key}` as 12 hex digits, `{ext}` as a known extension,
 * the other placeholders as anything.
 */
function fileNamePattern(template: string, operation: string): RegExp {
  const source = template
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => {
      switch (part) {
        case '{caseId}':
          return '(?<caseId>.+?)';
        case '{operation}':
          return escapeRegExp(operation);
        case '{key}':
          return '[0-9a-f]{12}';
        case '{ext}':
          return '(?:json|xml|csv)';
        default:
          return /^\{[A-Za-z]+\}$/.test(part) ? '.+?' : escapeRegExp(part);
      }
    })
    .join('');
  return new RegExp(`^${source}$`, 'i');
}

/** The connector's `operations` (catalog name → WSDL operation), split into messages and lookups. */
function soapOperations(operations: unknown): Pick<SoapSimulatorSpec, 'messageOperations' | 'lookupOperations'> {
  const out: Pick<SoapSimulatorSpec, 'messageOperations' | 'lookupOperations'> = { messageOperations: {}, lookupOperations: {} };
  if (!operations || typeof operations !== 'object') return out;
  for (const [name, op] of Object.entries(operations as Record<string, unknown>)) {
    if (typeof op !== 'string') continue;
    if ((MESSAGE_OPERATIONS as readonly string[]).includes(name)) out.messageOperations[name as MessageOperation] = op;
    else out.lookupOperations[name] = op;
  }
  return out;
}

/** The SOAP version of a port's binding in a WSDL: soap12:binding → 1.2, otherwise 1.1. */
export function bindingVersion(wsdl: string, port: string): '1.1' | '1.2' {
  const portTag = new RegExp(`<(?:\\w+:)?port\\s+name="${escapeRegExp(port)}"\\s+binding="(?:[\\w.-]+:)?([^"]+)"`).exec(wsdl);
  if (!portTag) return '1.1';
  const binding = new RegExp(`<(?:\\w+:)?binding\\s+name="${escapeRegExp(portTag[1])}"[^>]*>\\s*<(\\w+):binding`).exec(wsdl);
  if (!binding) return '1.1';
  const prefix = binding[1];
  const ns = new RegExp(`xmlns:${escapeRegExp(prefix)}="([^"]+)"`).exec(wsdl)?.[1];
  return ns === 'http://schemas.xmlsoap.org/wsdl/soap12/' ? '1.2' : '1.1';
}

function firstMatch(text: string, pattern: RegExp): string | undefined {
  return pattern.exec(text)?.[1];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fromCatalog(catalogRoot: string, path: string): string {
  return isAbsolute(path) ? resolve(path) : resolve(catalogRoot, path);
}

/** The environment's value, else the demo value: the simulator must expect what the hub will send. */
export function resolveSecret(ref: SecretRef, env: NodeJS.ProcessEnv, what: string): string {
  const value = env[ref.env];
  if (value !== undefined && value !== '') return value;
  if (ref.demoValue !== undefined) return ref.demoValue;
  throw new OwhError('OWH_SECRET_MISSING', { message: `environment variable ${ref.env} (${what}) is not set`, fix: `export ${ref.env}=<the same value the hub uses>` });
}

function usage(message: string): OwhError {
  return new OwhError('OWH_USAGE', { message });
}
