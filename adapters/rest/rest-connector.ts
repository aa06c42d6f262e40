import { discard, flattenHeaders, readLimited, ResponseBody } from '../../src/adapters/http-body';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import type { Connector, ConnectorContext, HealthReport, OutboundMessage, SendResult } from '../../src/adapters/contract';
import type { SecretRef } from '../../src/config/secrets';
import { OwhError } from '../../src/errors/owh-error';
import type { Logger } from '../../src/log/logger';
import { statusError, transportError, TransportContext } from './classify';
import type { RestConfig, RestOperation } from './config-schema';
import { userAgent } from './user-agent';

/** How much of a non-2xx answer is read (for its excerpt) before the socket is given up instead. */
const ERROR_BODY_LIMIT = 64 * 1024;

const PLACEHOLDER = /\{(caseId|itemCode|systemId|idempotencyKey)\}/g;


/**
 * One department system reached over HTTP: a keep-alive pool to its origin, settings and secrets
 * resolved once at creation. See the adapter contract for what `send()` promises.
 */
export class RestConnector implements Connector {
  readonly kind = 'rest';
  readonly id: string;

  private readonly pool: Pool;
  /** scheme://host:port, for messages (never with credentials). */
  private readonly origin: string;
  /** The path prefix of baseUrl, without a trailing slash. */
  private readonly basePath: string;
  private readonly timeoutMs: number;
  /** Lower-cased names: defaults, then configured headers, then the auth header. */
  private readonly commonHeaders: Record<string, string>;
  private readonly idempotencyHeader: string;
  private readonly logger: Logger;
  private closing?: Promise<void>;

  constructor(private readonly config: RestConfig, context: ConnectorContext) {
    this.id = context.connectorId;
    this.logger = context.logger.child({ connector: this.id, adapter: 'rest' });
    this.timeoutMs = config.timeoutMs ?? context.defaultTimeoutMs;

    const base = new URL(config.baseUrl);
    this.origin = base.origin;
    this.basePath = base.pathname.replace(/\/+$/, '');

    const defaults: Record<string, string> = { accept: 'application/json', 'user-agent': userAgent() };
    this.commonHeaders = { ...defaults, ...lowerCaseNames(config.headers), ...authHeader(config, context) };
    this.idempotencyHeader = config.idempotencyHeader.toLowerCase();

    const tls = config.tls ? readTls(config, context) : {};
    if (config.tls?.rejectUnauthorized === false) {
      this.logger.warn({ baseUrl: this.origin }, 'TLS certificate verification is off for this connector: use this only for a test system');
    }
    this.pool = new Pool(this.origin, {
      connections: config.connections,
      pipelining: 1,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connect: { timeout: this.timeoutMs, ...tls },
    });
  }

  async send(message: OutboundMessage, signal?: AbortSignal): Promise<SendResult> {
    const { method, template } = this.callOf(message);
    const path = this.basePath + expandPath(template, message);
    let request = `${method} ${this.origin}${path}`;
    if (this.closing) throw new OwhError('OWH_CONNECTOR_CLOSED', { message: `${request} was not sent: the connector is closed` });

    let body: string | undefined;
    let target = path;
    if (method === 'GET') {
      const query = queryOf(message);
      if (query !== '') {
        target = `${path}${path.includes('?') ? '&' : '?'}${query}`;
        // The query holds the payload (an ID number, a name): messages and logs show that there is one, never what it says.
        request = `${request}${path.includes('?') ? '&' : '?'}…`;
      }
    } else {
      body = jsonBody(message);
    }

    // Our own deadline covers the whole attempt (connect, headers, body); undici's headers and
    // body timeouts cover the gaps between bytes, so a server stalling mid-answer ends too.
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const ctx: TransportContext = { request, timeoutMs: this.timeoutMs, deadline, callerSignal: signal, closed: false };
    const started = performance.now();

    let response: Dispatcher.ResponseData;
    try {
      response = await this.pool.request({
        path: target,
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
          ...this.commonHeaders,
          [this.idempotencyHeader]: message.idempotencyKey,
        },
        body,
        signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (error) {
      throw transportError(error, { ...ctx, closed: this.closing !== undefined });
    }

    const status = response.statusCode;
    const headers = flattenHeaders(response.headers);
    try {
      if (status >= 200 && status <= 299) {
        const result: SendResult = { status, headers, body: await this.readAnswer(request, response.body, headers) };
        this.logger.debug({ status, ms: Math.round(performance.now() - started), attempt: message.attempt, operation: message.operation }, `${request} delivered`);
        return result;
      }
      const { bytes } = await readLimited(response.body, Math.min(ERROR_BODY_LIMIT, this.config.maxResponseBytes));
      throw statusError(request, status, decode(bytes, headers['content-type']), headers);
    } catch (error) {
      throw transportError(error, ctx);
    } finally {
      // An answer not read to its end holds its socket; destroying it frees the pool's slot.
      if (!response.body.readableEnded) discard(response.body);
    }
  }

  /**
   * The method and path template of a message: the connector's own for the case itself, the named
   * operation's otherwise. An operation the settings do not name is refused for good, before any
   * I/O: no retry can make the connector know it, only a change of systems.yaml can.
   */
  private callOf(message: OutboundMessage): { method: RestOperation['method']; template: string } {
    if (message.operation === undefined) return { method: this.config.method, template: this.config.path };
    const operations = this.config.operations ?? {};
    const operation = Object.hasOwn(operations, message.operation) ? operations[message.operation] : undefined;
    if (operation === undefined) {
      const known = Object.keys(operations);
      throw new OwhError('OWH_OPERATION_UNKNOWN', {
        message: `connector ${this.id} has no operation '${message.operation}' (${known.length > 0 ? `its operations are ${known.join(', ')}` : 'it names no operations: it takes only the case itself'}); the message for case ${message.caseId} was not sent`,
        fix: `Add it under the connector's operations in systems.yaml, e.g. operations: { ${message.operation}: { method: POST, path: /… } } (GET for a lookup), then \`owh dlq retry\`.`,
      });
    }
    return { method: operation.method, template: operation.path };
  }

  async health(): Promise<HealthReport> {
    const checkedAt = new Date().toISOString();
    const { method, path: healthPath } = this.config.health;
    const path = this.basePath + healthPath;
    const request = `${method} ${this.origin}${path}`;
    if (this.closing) return { state: 'down', detail: 'the connector is closed', checkedAt };

    const deadline = AbortSignal.timeout(this.timeoutMs);
    const started = performance.now();
    try {
      const response = await this.pool.request({
        path,
        method,
        headers: this.commonHeaders,
        signal: deadline,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      await response.body.dump({ limit: ERROR_BODY_LIMIT }).catch(() => undefined);
      const latencyMs = Math.round(performance.now() - started);
      const status = response.statusCode;
      if (status === 401 || status === 403) {
        return { state: 'down', detail: `${request} answered ${status}: authentication refused (check the connector's auth and its secret)`, checkedAt, latencyMs };
      }
      if (status >= 500) return { state: 'down', detail: `${request} answered ${status}`, checkedAt, latencyMs };
      return { state: 'up', detail: `${request} answered ${status} in ${latencyMs} ms`, checkedAt, latencyMs };
    } catch (error) {
      const owh = transportError(error, { request, timeoutMs: this.timeoutMs, deadline, closed: this.closing !== undefined });
      return { state: 'down', detail: owh.message, checkedAt };
    }
  }

  /** Closes the pool once: requests in flight finish (each bounded by its timeout), new ones are refused. */
  async close(): Promise<void> {
    this.closing ??= this.pool.close().catch(() => this.pool.destroy());
    await this.closing;
  }

  /** Reads a 2xx answer: parsed JSON when it says it is JSON, text otherwise, undefined when empty. */
  private async readAnswer(request: string, body: ResponseBody, headers: Record<string, string>): Promise<unknown> {
    const max = this.config.maxResponseBytes;
    const declared = Number(headers['content-length']);
    const tooLarge = () => new OwhError('OWH_SEND_BAD_RESPONSE', {
      message: `${request} answered with more than maxResponseBytes (${max} bytes)`,
      fix: 'Raise the connector\'s maxResponseBytes if the system really answers this much, or ask the department to answer with less.',
    });
    if (Number.isFinite(declared) && declared > max) {
      discard(body);
      throw tooLarge();
    }
    const { bytes, truncated } = await readLimited(body, max);
    if (truncated) throw tooLarge();
    const contentType = headers['content-type'];
    const text = decode(bytes, contentType);
    if (text.trim() === '') return undefined;
    if (!isJson(contentType)) return text;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new OwhError('OWH_SEND_BAD_RESPONSE', { message: `${request} answered with ${contentType} that is not valid JSON: ${(error as Error).message}`, cause: error });
    }
  }
}

/** What a message is, for error messages: "case NB-1" or "the opinion of case NB-1". */
function subject(message: OutboundMessage): string {
  return message.operation === undefined ? `case ${message.caseId}` : `the ${message.operation} message of case ${message.caseId}`;
}

/** The payload as a JSON body. */
function jsonBody(message: OutboundMessage): string {
  let body: string | undefined;
  try {
    body = JSON.stringify(message.payload);
  } catch (error) {
    throw new OwhError('OWH_MAPPING_FAILED', { message: `the payload of ${subject(message)} cannot be written as JSON: ${(error as Error).message}`, cause: error });
  }
  if (body === undefined) throw new OwhError('OWH_MAPPING_FAILED', { message: `the mapping produced no payload for ${subject(message)}` });
  return body;
}

/**
 * The payload as a GET query: each top-level text, number or true/false field as `name=value`,
 * URL-encoded, in the payload's order; null and absent fields are left out. A field that is an
 * object or a list has no one way to be written in a query, so the mapping must flatten it.
 */
function queryOf(message: OutboundMessage): string {
  const payload = message.payload;
  if (payload === undefined || payload === null) return '';
  if (typeof payload !== 'object' || Array.isArray(payload)) {
    throw new OwhError('OWH_MAPPING_FAILED', {
      message: `the payload of ${subject(message)} is ${Array.isArray(payload) ? 'a list' : `a ${typeof payload}`}: a GET sends an object's fields as its query string`,
      fix: 'Make the request mapping produce an object of text, number and true/false fields.',
    });
  }
  const parts: string[] = [];
  for (const [name, value] of Object.entries(payload as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    const scalar = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!scalar) {
      const what = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `${typeof value === 'number' ? 'not a finite number' : `a ${typeof value}`}`;
      throw new OwhError('OWH_MAPPING_FAILED', {
        message: `the payload of ${subject(message)} cannot be sent as a GET query: its field '${name}' is ${what}, and a query holds only text, numbers and true/false`,
        fix: `Make the request mapping put '${name}' as one text field (or several flat fields), or call the operation with POST.`,
      });
    }
    parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  return parts.join('&');
}

function expandPath(template: string, message: OutboundMessage): string {
  return template.replace(PLACEHOLDER, (_m, name: 'caseId' | 'itemCode' | 'systemId' | 'idempotencyKey') => encodeURIComponent(String(message[name])));
}

function lowerCaseNames(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}


/** Resolves a secret and makes sure it can stand in a header (a line break would forge headers). */
function headerSecret(ref: SecretRef, context: ConnectorContext): string {
  const value = context.secret(ref);
  if (/[\r\n\0]/.test(value)) {
    throw new OwhError('OWH_CONFIG_INVALID', {
      message: `connector ${context.connectorId}: the secret in ${ref.env} contains a line break or NUL`,
      fix: `Set ${ref.env} to the secret alone, without a trailing newline.`,
    });
  }
  return value;
}

function authHeader(config: RestConfig, context: ConnectorContext): Record<string, string> {
  const auth = config.auth;
  switch (auth.type) {
    case 'none':
      return {};
    case 'bearer':
      return { authorization: `Bearer ${headerSecret(auth.token, context)}` };
    case 'basic': {
      const credentials = Buffer.from(`${auth.username}:${headerSecret(auth.password, context)}`, 'utf8').toString('base64');
      return { authorization: `Basic ${credentials}` };
    }
    case 'api-key':
      return { [auth.header.toLowerCase()]: headerSecret(auth.key, context) };
  }
}

function readTls(config: RestConfig, context: ConnectorContext): { ca?: Buffer; cert?: Buffer; key?: Buffer; passphrase?: string; rejectUnauthorized: boolean } {
  const tls = config.tls!;
  const read = (setting: 'ca' | 'cert' | 'key'): Buffer | undefined => {
    const given = tls[setting];
    if (given === undefined) return undefined;
    // As with every adapter's files (a WSDL, folders): relative paths are the catalog's.
    const file = isAbsolute(given) ? given : resolve(context.catalogRoot, given);
    try {
      return readFileSync(file);
    } catch (error) {
      throw new OwhError('OWH_CONFIG_NOT_FOUND', {
        message: `connector ${context.connectorId}: cannot read tls.${setting} file ${file}: ${(error as Error).message}`,
        fix: 'Check the path (relative paths are from the catalog folder) and that the hub may read the file.',
        cause: error,
      });
    }
  };
  return {
    ca: read('ca'),
    cert: read('cert'),
    key: read('key'),
    passphrase: tls.passphrase ? context.secret(tls.passphrase) : undefined,
    rejectUnauthorized: tls.rejectUnauthorized,
  };
}



function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*(?:application|text)\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(contentType);
}

/** Decodes by the answer's charset (older department systems may answer in GBK), UTF-8 otherwise. */
function decode(bytes: Buffer, contentType: string | undefined): string {
  const charset = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
  if (charset) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // an unknown label: read it as UTF-8 rather than fail a delivery that was taken
    }
  }
  return bytes.toString('utf8');
}
