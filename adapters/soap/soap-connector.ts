import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, createClientAsync, IHttpClient, WSSecurity } from 'soap';
import type { Connector, ConnectorContext, HealthReport, OutboundMessage, SendResult } from '../../src/adapters/contract';
import type { SecretRef } from '../../src/config/secrets';
import { OwhError, toOwhError } from '../../src/errors/owh-error';
import type { Logger } from '../../src/log/logger';
import { maskText } from '../../src/log/mask';
import { CallContext, callError } from './classify';
import type { SoapConfig } from './config-schema';
import { CallOptions, SoapTransport, TransportSettings } from './http-transport';
import { ResultPoller } from './result-poller';
import { userAgent } from './user-agent';
import { inspectWsdl, WsdlInfo, WsdlPort } from './wsdl-inspect';
import { unsafeXmlReason } from './xml-safety';

/** A URL scheme at the start of a setting that must be a local file. */
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;

/**
 * Keeps xsd:date, xsd:dateTime and xsd:time as the text the system sent: the soap package would
 * make Date objects of them, which lose the time zone and do not pass the result schema's
 * `format: date-time` (a string).
 */
const KEEP_AS_TEXT = { date: (text: string) => text, dateTime: (text: string) => text, time: (text: string) => text };

type SoapMethod = (args: unknown, callback: (error: unknown, result: unknown) => void, options: CallOptions) => void;

/** Where the connector's calls go, resolved once from the settings and the WSDL. */
interface Target {
  wsdlPath: string;
  service: string;
  port: string;
  soapVersion: '1.1' | '1.2';
  endpoint: string;
  /** The endpoint without credentials or query, for messages. */
  shownEndpoint: string;
  headerNamespace: string;
}

/**
 * One department system reached over SOAP. At creation the WSDL (a local file) is read, checked
 * and inspected, secrets and certificate files are read, and the soap client is built once (its
 * promise cached) and then reused by every call. See the adapter contract for what `send()`
 * promises, and docs/adapters/soap.md for how faults are classified.
 */
export class SoapConnector implements Connector {
  readonly kind = 'soap';
  readonly id: string;

  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly target: Target;
  private readonly transport: SoapTransport;
  private readonly client: Promise<Client>;
  /** The idempotency key of each call in flight, by its arguments object (what the soap header function is given). */
  private readonly keys = new WeakMap<object, string>();
  /** The argument order of each operation's input, as the WSDL's schema sequence gives it. */
  private readonly argumentOrder = new Map<string, Map<string, number>>();
  private readonly poller?: ResultPoller;
  private closing?: Promise<void>;

  constructor(private readonly config: SoapConfig, private readonly context: ConnectorContext) {
    this.id = context.connectorId;
    this.logger = context.logger.child({ connector: this.id, adapter: 'soap' });
    this.timeoutMs = config.timeoutMs ?? context.defaultTimeoutMs;
    this.target = resolveTarget(config, context);

    const origin = new URL(this.target.endpoint).origin;
    const settings: TransportSettings = {
      origin,
      connections: config.connections,
      timeoutMs: this.timeoutMs,
      maxResponseBytes: config.maxResponseBytes,
      headers: { 'user-agent': userAgent() },
    };
    const auth = config.auth;
    if (auth.type === 'basic') {
      const password = headerSafeSecret(auth.password, context);
      settings.headers.authorization = `Basic ${Buffer.from(`${auth.username}:${password}`, 'utf8').toString('base64')}`;
    } else if (auth.type === 'tls') {
      if (!origin.startsWith('https:')) throw invalid(context, `auth tls needs an https endpoint, not ${this.target.shownEndpoint}`);
      settings.tls = {
        cert: readSettingFile(context, 'auth.cert', auth.cert),
        key: readSettingFile(context, 'auth.key', auth.key),
        ca: auth.ca === undefined ? undefined : readSettingFile(context, 'auth.ca', auth.ca),
        passphrase: auth.passphrase ? context.secret(auth.passphrase) : undefined,
      };
    }
    const wsSecurity = auth.type === 'wsSecurity' ? new WSSecurity(auth.username, context.secret(auth.password), { passwordType: auth.passwordType }) : undefined;

    this.transport = new SoapTransport(settings);
    this.client = this.buildClient(wsSecurity);
    // A failure surfaces at start() and in each send; it must not be an unhandled rejection meanwhile.
    this.client.catch(() => undefined);

    if (config.poll) {
      const poll = config.poll;
      this.poller = new ResultPoller({
        intervalMs: poll.intervalMs,
        call: this.callName(poll.operation),
        sink: context.results,
        logger: this.logger,
        fetch: async (signal) => resultsIn(await this.invoke(poll.operation, { ...poll.args }, undefined, signal), poll.resultsPath),
      });
    }
  }

  /** Waits for the soap client (a WSDL it cannot use stops the start), then starts polling, if configured. */
  async start(): Promise<void> {
    await this.client;
    if (!this.closing) this.poller?.start();
  }

  async send(message: OutboundMessage, signal?: AbortSignal): Promise<SendResult> {
    const operation = this.wsdlOperationOf(message);
    if (this.closing) throw closedError(this.callName(operation));
    const started = performance.now();
    // The case itself always gets the idempotency argument (its operation is the one it is set up for);
    // another operation only when its input has that argument, since a strict system refuses an unknown one.
    const setArgument = message.operation === undefined ? 'always' : 'if-declared';
    const result = await this.invoke(operation, this.argumentsOf(message, operation), message.idempotencyKey, signal, setArgument);
    this.logger.debug({ ms: Math.round(performance.now() - started), attempt: message.attempt, caseId: message.caseId, operation: message.operation }, `${this.callName(operation)} delivered`);
    return { status: 200, body: result ?? undefined };
  }

  /**
   * The WSDL operation a message calls: the connector's own for the case itself, the one its
   * `operations` names otherwise. One it does not name is refused for good, before any call: no
   * retry can make the connector know it, only a change of systems.yaml can.
   */
  private wsdlOperationOf(message: OutboundMessage): string {
    if (message.operation === undefined) return this.config.operation;
    const operations = this.config.operations ?? {};
    if (Object.hasOwn(operations, message.operation)) return operations[message.operation];
    const known = Object.entries(operations).map(([name, wsdl]) => `${name} → ${wsdl}`);
    throw new OwhError('OWH_OPERATION_UNKNOWN', {
      message: `connector ${this.id} has no operation '${message.operation}' (${known.length > 0 ? `its operations are ${known.join(', ')}` : 'it names no operations: it takes only the case itself'}); the message for case ${message.caseId} was not sent`,
      fix: `Add it under the connector's operations in systems.yaml with the WSDL operation that takes it, e.g. operations: { ${message.operation}: <WsdlOperation> }, then \`owh dlq retry\`.`,
    });
  }

  async health(): Promise<HealthReport> {
    const checkedAt = new Date().toISOString();
    if (this.closing) return { state: 'down', detail: 'the connector is closed', checkedAt };
    const started = performance.now();
    const operation = this.config.health.operation;
    try {
      if (operation) {
        await this.invoke(operation, {}, undefined);
        const latencyMs = Math.round(performance.now() - started);
        return { state: 'up', detail: `${this.callName(operation)} answered in ${latencyMs} ms`, checkedAt, latencyMs };
      }
      const url = wsdlUrl(this.target.endpoint);
      const request = `GET ${wsdlUrl(this.target.shownEndpoint)}`;
      const { status } = await this.transport.get(url, this.callContext(request));
      const latencyMs = Math.round(performance.now() - started);
      if (status === 401 || status === 403) {
        return { state: 'down', detail: `${request} answered ${status}: authentication refused (check the connector's auth and its secret)`, checkedAt, latencyMs };
      }
      if (status >= 500) return { state: 'down', detail: `${request} answered ${status}`, checkedAt, latencyMs };
      return { state: 'up', detail: `${request} answered ${status} in ${latencyMs} ms`, checkedAt, latencyMs };
    } catch (error) {
      return { state: 'down', detail: toOwhError(error).message, checkedAt };
    }
  }

  /** Stops polling (a poll in flight is aborted), then closes the pool: calls in flight finish, new ones are refused. */
  async close(): Promise<void> {
    this.closing ??= (async () => {
      await this.poller?.stop();
      await this.transport.close();
    })();
    await this.closing;
  }

  /** "SOAP SubmitApplication at http://…/ws/shbx": how messages name a call. */
  private callName(operation: string): string {
    return `SOAP ${operation} at ${this.target.shownEndpoint}`;
  }

  private callContext(call: string, callerSignal?: AbortSignal): CallContext {
    return { call, timeoutMs: this.timeoutMs, deadline: AbortSignal.timeout(this.timeoutMs), callerSignal, closed: () => this.closing !== undefined };
  }

  /** The operation's arguments: the mapping output (an object), copied (the idempotency argument is set on the copy). */
  private argumentsOf(message: OutboundMessage, operation: string): Record<string, unknown> {
    const payload = message.payload;
    const subject = message.operation === undefined ? `case ${message.caseId}` : `the ${message.operation} message of case ${message.caseId}`;
    if (payload === undefined || payload === null) {
      throw new OwhError('OWH_MAPPING_FAILED', { message: `the mapping produced no payload for ${subject}` });
    }
    if (typeof payload !== 'object' || Array.isArray(payload)) {
      throw new OwhError('OWH_MAPPING_FAILED', {
        message: `the payload of ${subject} is ${Array.isArray(payload) ? 'a list' : `a ${typeof payload}`}, not an object of ${operation}'s arguments`,
      });
    }
    return { ...(payload as Record<string, unknown>) };
  }

  /**
   * Whether `operation`'s input has the argument `name`, as the WSDL's schema says. Unknown (the
   * soap package could not describe the operation): assumed yes, as for the case's own operation.
   */
  private takesArgument(operation: string, name: string): boolean {
    const order = this.argumentOrder.get(operation);
    return order === undefined || order.has(name);
  }

  /**
   * Calls one operation of the port through the shared client; rejects with a classified OwhError.
   * With an idempotency key, `setArgument` says whether it also goes into idempotencyArgument
   * (when configured): always, or only if the operation's input declares that argument.
   */
  private async invoke(operation: string, args: Record<string, unknown>, idempotencyKey: string | undefined, callerSignal?: AbortSignal, setArgument: 'always' | 'if-declared' | 'never' = 'never'): Promise<unknown> {
    const ctx = this.callContext(this.callName(operation), callerSignal);
    if (this.closing) throw closedError(ctx.call);
    const client = await this.client;
    if (this.closing) throw closedError(ctx.call);
    const method = client[this.target.service][this.target.port][operation] as SoapMethod;
    const argument = this.config.idempotencyArgument;
    if (idempotencyKey !== undefined && argument !== undefined && (setArgument === 'always' || (setArgument === 'if-declared' && this.takesArgument(operation, argument)))) {
      args = { ...args, [argument]: idempotencyKey };
    }
    const ordered = this.inSchemaOrder(operation, args);
    if (idempotencyKey !== undefined) this.keys.set(ordered, idempotencyKey);
    try {
      return await new Promise<unknown>((resolve, reject) => {
        try {
          method(ordered, (error, result) => (error ? reject(error) : resolve(result)), { owh: ctx });
        } catch (error) {
          // The soap client builds the envelope synchronously: a throw here is the payload's fault.
          reject(new OwhError('OWH_MAPPING_FAILED', {
            message: maskText(`${ctx.call}: the request could not be built from the payload: ${error instanceof Error ? error.message : String(error)}`),
            cause: error,
          }));
        }
      });
    } catch (error) {
      throw callError(error, ctx);
    }
  }

  /**
   * The arguments in the order of the input element's xsd:sequence. The soap package orders nested
   * elements by their schema but writes the top-level ones in the object's order, which a strict
   * (schema-validating) system refuses. Unknown arguments keep their place after the known ones.
   */
  private inSchemaOrder(operation: string, args: Record<string, unknown>): Record<string, unknown> {
    const order = this.argumentOrder.get(operation);
    if (!order || order.size === 0) return args;
    const names = Object.keys(args);
    names.sort((a, b) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER));
    const out: Record<string, unknown> = {};
    for (const name of names) out[name] = args[name];
    return out;
  }

  private async buildClient(security: WSSecurity | undefined): Promise<Client> {
    const { wsdlPath, service, port, soapVersion, endpoint } = this.target;
    let client: Client;
    try {
      client = await createClientAsync(wsdlPath, {
        endpoint,
        // Each connector parses its own copy: the soap client writes its options (e.g. the SOAP version) into the WSDL object.
        disableCache: true,
        forceSoap12Headers: soapVersion === '1.2',
        httpClient: this.transport as unknown as IHttpClient,
        customDeserializer: KEEP_AS_TEXT,
        wsdl_options: {
          overrideImportLocation: (location: string) => {
            if (URL_SCHEME.test(location) && !location.startsWith('file:')) throw new Error(`it imports ${location}: the hub reads WSDLs and their imports only from local files`);
            return location;
          },
        },
      });
    } catch (error) {
      throw invalid(this.context, `the soap package cannot use the WSDL ${wsdlPath}: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    const operations = [...new Set([this.config.operation, this.config.poll?.operation, this.config.health.operation, ...Object.values(this.config.operations ?? {})].filter((o): o is string => o !== undefined))];
    let description: Record<string, { input?: Record<string, unknown> }> | undefined;
    try {
      description = (client.describe() as Record<string, Record<string, typeof description>>)[service]?.[port];
    } catch {
      description = undefined; // without a description the arguments keep the mapping's order
    }
    for (const operation of operations) {
      if (typeof client[service]?.[port]?.[operation] !== 'function') {
        const setting = settingOf(this.config, operation);
        throw invalid(this.context, `${setting}: the WSDL ${wsdlPath} has no operation ${operation} in ${service}/${port}`);
      }
      const input = description?.[operation]?.input;
      if (input && typeof input === 'object') {
        this.argumentOrder.set(operation, new Map(Object.keys(input).map((name, index) => [name.replace(/\[\]$/, ''), index])));
      }
    }
    const argument = this.config.idempotencyArgument;
    if (this.config.idempotencyHeader === false && argument !== undefined) {
      for (const [name, operation] of Object.entries(this.config.operations ?? {})) {
        if (!this.takesArgument(operation, argument)) {
          this.logger.warn({ operation: name, wsdlOperation: operation }, `${operation} has no argument ${argument} and idempotencyHeader is false: its messages carry no idempotency key, so the system cannot tell a repeat`);
        }
      }
    }
    if (security) client.setSecurity(security);
    const header = this.config.idempotencyHeader;
    if (header !== false) {
      const namespace = this.target.headerNamespace;
      const open = namespace === '' ? `<${header}>` : `<${header} xmlns="${xmlEscape(namespace)}">`;
      client.addSoapHeader((_method: unknown, _location: unknown, _action: unknown, args: object) => {
        const key = this.keys.get(args);
        return key === undefined ? '' : `${open}${xmlEscape(key)}</${header}>`;
      });
    }
    return client;
  }
}

/** Reads the WSDL and picks the service, port, version, endpoint and header namespace the settings ask for. */
function resolveTarget(config: SoapConfig, context: ConnectorContext): Target {
  if (URL_SCHEME.test(config.wsdl)) {
    throw invalid(context, `wsdl must be a local file (relative to the catalog folder), not an address: ${config.wsdl}`, undefined,
      'Save the department\'s WSDL (and what it imports) in the catalog, e.g. wsdl/<system>.wsdl, and name that file; set endpoint to where the system listens.');
  }
  const wsdlPath = isAbsolute(config.wsdl) ? config.wsdl : resolve(context.catalogRoot, config.wsdl);
  let text: string;
  try {
    text = readFileSync(wsdlPath, 'utf8');
  } catch (error) {
    throw new OwhError('OWH_CONFIG_NOT_FOUND', {
      message: `connector ${context.connectorId}: cannot read the WSDL ${wsdlPath}: ${(error as Error).message}`,
      fix: 'Check the wsdl setting (relative paths are from the catalog folder) and that the hub may read the file.',
      cause: error,
    });
  }
  const unsafe = unsafeXmlReason(text);
  if (unsafe) throw new OwhError('OWH_XML_UNSAFE', { message: `connector ${context.connectorId}: the WSDL ${wsdlPath} was refused: ${unsafe}` });
  let info: WsdlInfo;
  try {
    info = inspectWsdl(text);
  } catch (error) {
    throw invalid(context, `cannot read the WSDL ${wsdlPath}: ${(error as Error).message}`, error);
  }
  const remote = info.remoteImports.filter((location) => !location.startsWith('file:'));
  if (remote.length > 0) {
    throw invalid(context, `the WSDL ${wsdlPath} imports ${remote.join(', ')}: the hub never fetches WSDL parts from the network`, undefined,
      'Save the imported files beside the WSDL and change the import locations to their relative paths.');
  }

  const services = [...new Set(info.ports.map((p) => p.service))];
  const service = config.service ?? services[0];
  if (service === undefined || !services.includes(service)) {
    throw invalid(context, `the WSDL ${wsdlPath} has no service ${config.service ?? ''}${services.length ? ` (it has ${services.join(', ')})` : ' (it has none)'}`);
  }
  const inService = info.ports.filter((p) => p.service === service);
  let port: WsdlPort | undefined;
  if (config.port !== undefined) port = inService.find((p) => p.name === config.port);
  else port = inService.find((p) => config.soapVersion === undefined || p.soapVersion === config.soapVersion) ?? inService[0];
  if (!port) throw invalid(context, `the service ${service} of ${wsdlPath} has no port ${config.port ?? ''} (it has ${inService.map((p) => p.name).join(', ') || 'none'})`);

  const named: Array<readonly [string, string | undefined]> = [
    ['operation', config.operation],
    ['poll.operation', config.poll?.operation],
    ['health.operation', config.health.operation],
    ...Object.entries(config.operations ?? {}).map(([name, operation]) => [`operations.${name}`, operation] as const),
  ];
  for (const [setting, operation] of named) {
    if (operation !== undefined && port.operations && !port.operations.includes(operation)) {
      throw invalid(context, `${setting}: the port ${service}/${port.name} of ${wsdlPath} has no operation ${operation} (it has ${port.operations.join(', ')})`);
    }
  }
  if (config.idempotencyHeader === false && config.idempotencyArgument === undefined) {
    throw invalid(context, 'the idempotency key must travel somewhere: set idempotencyHeader or idempotencyArgument');
  }

  const endpoint = config.endpoint ?? port.address;
  if (endpoint === undefined || !/^https?:\/\//i.test(endpoint)) {
    throw invalid(context, `the WSDL gives ${endpoint === undefined ? 'no address' : `the address ${endpoint}`} for ${service}/${port.name}: set endpoint to the system's http(s) address`);
  }
  const url = new URL(endpoint);
  if (url.username || url.password) throw invalid(context, 'the endpoint must not carry credentials: put them in auth');
  return {
    wsdlPath,
    service,
    port: port.name,
    soapVersion: config.soapVersion ?? port.soapVersion ?? '1.1',
    endpoint,
    shownEndpoint: `${url.origin}${url.pathname}`,
    headerNamespace: config.idempotencyHeaderNamespace ?? info.targetNamespace,
  };
}

/** The setting that names a WSDL operation, for messages ("operations.opinion"). */
function settingOf(config: SoapConfig, operation: string): string {
  if (config.operation === operation) return 'operation';
  if (config.poll?.operation === operation) return 'poll.operation';
  if (config.health.operation === operation) return 'health.operation';
  const names = Object.entries(config.operations ?? {}).filter(([, o]) => o === operation).map(([name]) => `operations.${name}`);
  return names.join(', ') || 'operation';
}

/** The settings do not fit the WSDL (or the WSDL cannot be used): stops the hub at start. */
function invalid(context: ConnectorContext, message: string, cause?: unknown, fix?: string): OwhError {
  return new OwhError('OWH_CATALOG_INVALID', { message: `connector ${context.connectorId}: ${message}`, fix, cause });
}

function closedError(call: string): OwhError {
  return new OwhError('OWH_CONNECTOR_CLOSED', { message: `${call} was not sent: the connector is closed` });
}

function readSettingFile(context: ConnectorContext, setting: string, file: string): Buffer {
  const path = isAbsolute(file) ? file : resolve(context.catalogRoot, file);
  try {
    return readFileSync(path);
  } catch (error) {
    throw new OwhError('OWH_CONFIG_NOT_FOUND', {
      message: `connector ${context.connectorId}: cannot read ${setting} file ${path}: ${(error as Error).message}`,
      fix: 'Check the path (relative paths are from the catalog folder) and that the hub may read the file.',
      cause: error,
    });
  }
}

/** Resolves a secret that goes into an HTTP header (a line break would forge headers). */
function headerSafeSecret(ref: SecretRef, context: ConnectorContext): string {
  const value = context.secret(ref);
  if (/[\r\n\0]/.test(value)) {
    throw new OwhError('OWH_CONFIG_INVALID', {
      message: `connector ${context.connectorId}: the secret in ${ref.env} contains a line break or NUL`,
      fix: `Set ${ref.env} to the secret alone, without a trailing newline.`,
    });
  }
  return value;
}

function wsdlUrl(endpoint: string): string {
  return endpoint.includes('?') ? `${endpoint}&wsdl` : `${endpoint}?wsdl`;
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * The results in a poll operation's answer: at `path` when given; else the answer followed down
 * while it is an object with a single element. A list found there is the results, an object is
 * one result, nothing (or an empty element) is none.
 */
export function resultsIn(answer: unknown, path: string | undefined): unknown[] {
  let value: unknown = answer;
  if (path !== undefined) {
    for (const step of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined;
  } else {
    for (;;) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) break;
      const names = Object.keys(value).filter((k) => k !== 'attributes');
      if (names.length !== 1) break;
      value = (value as Record<string, unknown>)[names[0]];
    }
  }
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.filter((v) => v !== undefined && v !== null);
  if (typeof value === 'object' && Object.keys(value).filter((k) => k !== 'attributes').length === 0) return [];
  return [value];
}
