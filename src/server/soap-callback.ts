import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { decodeXml, unsafeXmlReason } from '../util/xml-safety';
import type { TLSSocket } from 'node:tls';
import * as soap from 'soap';
import type { ErrorCode } from '../errors/catalogue';
import { OwhError } from '../errors/owh-error';
import type { Logger } from '../log/logger';
import { maskText } from '../log/mask';
import { schemasDir } from '../util/package-root';

/** The hub's SOAP callback WSDL: one operation, SubmitResult. */
export const RESULTS_WSDL = join(schemasDir(), 'wsdl', 'owh-results.wsdl');
const RESULTS_NS = 'urn:owh:wsdl:results:1';

export interface SoapCallbackOptions {
  /** Where the endpoint listens on the hub's server, e.g. `/soap/results` (its WSDL at `?wsdl`). */
  path: string;
  /**
   * Checks a WS-Security UsernameToken (username = a system's id, password = its result token)
   * and returns the system's id, or undefined when the credentials are not valid.
   */
  authenticate(username: string, password: string): string | undefined;
  /** Stores one result for the system (the hub's result intake); rejects with an OwhError to refuse it. */
  submit(systemId: string, input: { caseId: string; body: unknown }): Promise<{ status: string; duplicate: boolean }>;
  logger: Logger;
  /** Largest request body taken, in bytes (default 1 MiB); a larger one is refused unread. */
  maxRequestBytes?: number;
}

/** Who a request's UsernameToken says it is, as authenticate() found it. */
type Caller = { systemId: string } | { refused: string };

/** xsd:date/dateTime/time stay the text that was sent (the result schema wants strings, with their time zone). */
const KEEP_AS_TEXT = { date: (text: string) => text, dateTime: (text: string) => text, time: (text: string) => text };

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Mounts the hub's SOAP callback endpoint on the hub's HTTP server, for department systems that
 * push results by SOAP (schemas/wsdl/owh-results.wsdl, operation SubmitResult). Each call is
 * authenticated by its WS-Security UsernameToken, and its result handed to `submit`: a stored one
 * answers `{caseId, status, duplicate}`; a refused one a soap:Client fault whose faultstring
 * starts with the hub's error code; a failure to store it now a soap:Server fault (try again).
 *
 * The request body is untrusted XML: it is read up to `maxRequestBytes`, decoded by its charset
 * and refused (a soap:Client fault, OWH_XML_UNSAFE) when it has a DOCTYPE or an entity declaration,
 * before the soap package parses it.
 *
 * The soap package's server (`soap.listen`) is given a private http.Server that never listens,
 * and this function hands it only the requests that passed those checks. Requests to other paths
 * go to the request listeners the hub's server had when this was called, so mount it after the
 * hub's own handler is installed (before or after `listen()`).
 */
export function mountSoapCallback(server: Server, options: SoapCallbackOptions): void {
  const path = options.path.replace(/\/+$/, '') || '/';
  const limit = options.maxRequestBytes ?? 1024 * 1024;
  const logger = options.logger;
  const wsdl = readFileSync(RESULTS_WSDL, 'utf8');
  const callers = new WeakMap<IncomingMessage, Caller>();

  const inner = createServer();
  let ready = false;
  // customDeserializer reaches the server's WSDL parser (the package's types list it only for clients).
  const serverOptions: soap.IServerOptions & { customDeserializer: typeof KEEP_AS_TEXT } = {
    path,
    xml: wsdl,
    suppressStack: true,
    customDeserializer: KEEP_AS_TEXT,
    services: {
      OwhResultsService: {
        OwhResultsPort: {
          SubmitResult: (args: unknown, _callback: unknown, _headers: unknown, req: IncomingMessage) => submitResult(args, callers.get(req), options),
        },
      },
    },
    callback: (error: unknown) => {
      if (error) logger.error({ err: error }, `the SOAP callback endpoint ${path} could not read its WSDL`);
      else ready = true;
    },
  };
  const soapServer = soap.listen(inner, serverOptions);
  // The hook reads the UsernameToken and records who called; SubmitResult refuses an unknown caller
  // with a SOAP 1.1 fault naming OWH_AUTH_REQUIRED (the package's own refusal is a SOAP 1.2-shaped fault).
  soapServer.authenticate = (security: unknown, _process?: unknown, req?: IncomingMessage) => {
    if (req) callers.set(req, identify(security, options.authenticate));
    return true;
  };

  const others = server.listeners('request').slice() as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    if ((url.pathname.replace(/\/+$/, '') || '/') !== path) {
      for (const listener of others) listener.call(server, req, res);
      return;
    }
    if (!ready) return sendFault(res, 503, 'soap:Server', 'OWH_HUB_UNREACHABLE', 'the SOAP callback endpoint is not ready; try again shortly');
    if (req.method === 'GET' && url.search.toLowerCase().startsWith('?wsdl')) return sendWsdl(req, res, wsdl, path);
    if (req.method !== 'POST') return void inner.emit('request', req, res);
    void readChecked(req, limit).then(
      (text) => {
        // The soap package reads an already-read body from req.body; it is now UTF-8 whatever it was sent in.
        (req as IncomingMessage & { body?: Buffer }).body = Buffer.from(text, 'utf8');
        req.headers['content-type'] = (req.headers['content-type'] ?? 'text/xml').replace(/;\s*charset\s*=\s*"?[\w.:-]+"?/i, '') + '; charset=utf-8';
        inner.emit('request', req, res);
      },
      (error: (OwhError & { httpStatus?: number }) | undefined) => {
        if (!error) return void res.destroy(); // the caller went away while sending
        logger.warn({ code: error.code, path }, `a SOAP result call was refused before parsing: ${error.message}`);
        sendFault(res, error.httpStatus ?? 400, 'soap:Client', error.code, error.message);
      },
    );
  });
}

/** Who the UsernameToken names, checked with the hub's credentials. */
function identify(security: unknown, authenticate: SoapCallbackOptions['authenticate']): Caller {
  const token = (security as { UsernameToken?: { Username?: unknown; Password?: unknown } } | undefined)?.UsernameToken;
  if (!token) return { refused: 'the call has no WS-Security UsernameToken' };
  const username = textOf(token.Username);
  const password = token.Password as { attributes?: { Type?: string }; $value?: unknown } | string | undefined;
  const type = typeof password === 'object' ? password?.attributes?.Type ?? '' : '';
  if (type.endsWith('#PasswordDigest')) return { refused: 'the UsernameToken has a PasswordDigest; the hub takes PasswordText (over https)' };
  const secret = typeof password === 'object' ? textOf(password?.$value) : textOf(password);
  if (!username || !secret) return { refused: 'the UsernameToken has no username or password' };
  const systemId = authenticate(username, secret);
  return systemId === undefined ? { refused: `the UsernameToken of ${username} is not valid` } : { systemId };
}

async function submitResult(args: unknown, caller: Caller | undefined, options: SoapCallbackOptions): Promise<{ caseId: string; status: string; duplicate: boolean }> {
  if (!caller || 'refused' in caller) {
    throw fault('soap:Client', new OwhError('OWH_AUTH_REQUIRED', {
      message: caller?.refused ?? 'the call has no WS-Security UsernameToken',
      fix: 'Send a WS-Security UsernameToken (PasswordText) with the system\'s id as Username and its result token as Password.',
    }));
  }
  const body = resultBody(args);
  const caseId = typeof body.caseId === 'string' ? body.caseId : '';
  if (caseId === '') throw fault('soap:Client', new OwhError('OWH_RESULT_INVALID', { message: 'SubmitResult needs a caseId' }));
  try {
    const answer = await options.submit(caller.systemId, { caseId, body });
    return { caseId, status: answer.status, duplicate: answer.duplicate };
  } catch (error) {
    if (error instanceof OwhError && !error.retryable) {
      options.logger.warn({ system: caller.systemId, caseId, code: error.code }, `a SOAP result was refused: ${error.message}`);
      throw fault('soap:Client', error);
    }
    options.logger.error({ err: error, system: caller.systemId, caseId }, 'a SOAP result could not be stored');
    throw fault('soap:Server', error instanceof OwhError ? error : new OwhError('OWH_INTERNAL'));
  }
}

/** SubmitResult's arguments as a result in the system's own format (the shape of schemas/result.schema.json). */
function resultBody(args: unknown): Record<string, unknown> {
  const input = (args ?? {}) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const name of ['caseId', 'kind', 'outcome', 'reason', 'resultId', 'receipt', 'decidedAt', 'handler']) {
    const value = textOf(input[name]);
    if (value !== undefined) body[name] = value;
  }
  const documents = listOf(input.documents, 'document');
  if (documents) body.documents = documents;
  const materials = listOf(input.materials, 'material');
  if (materials) body.materials = materials;
  return body;
}

/** A wrapped list (`<documents><document>…</document></documents>`) as objects of their text fields. */
function listOf(wrapper: unknown, element: string): Array<Record<string, string>> | undefined {
  const listed = (wrapper as Record<string, unknown> | undefined)?.[element];
  if (listed === undefined) return undefined;
  return (Array.isArray(listed) ? listed : [listed]).map((entry) => {
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries((entry ?? {}) as Record<string, unknown>)) {
      const text = textOf(value);
      if (name !== 'attributes' && text !== undefined) fields[name] = text;
    }
    return fields;
  });
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && '$value' in value) return textOf((value as { $value: unknown }).$value);
  return undefined;
}

/** A fault the soap package's server writes (SOAP 1.1), with the hub's code first in the faultstring. */
function fault(code: 'soap:Client' | 'soap:Server', error: OwhError): { Fault: Record<string, unknown> } {
  return {
    Fault: {
      faultcode: code,
      faultstring: maskText(`${error.code}: ${error.message}`),
      detail: { OwhError: { attributes: { xmlns: RESULTS_NS }, code: error.code, fix: maskText(error.fix) } },
      statusCode: error.code === 'OWH_AUTH_REQUIRED' ? 401 : 500,
    },
  };
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A SOAP 1.1 fault written by hand, for requests refused before the soap package sees them. */
function sendFault(res: ServerResponse, status: number, code: 'soap:Client' | 'soap:Server', owhCode: ErrorCode, message: string): void {
  const text = xmlEscape(maskText(`${owhCode}: ${message}`));
  const xml =
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>' +
    `<faultcode>${code}</faultcode><faultstring>${text}</faultstring><detail><OwhError xmlns="${RESULTS_NS}"><code>${owhCode}</code></OwhError></detail>` +
    '</soap:Fault></soap:Body></soap:Envelope>';
  res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(xml) });
  res.end(xml);
}

/** The WSDL with the address the caller reached the hub at (its Host header, when it is a plain host). */
function sendWsdl(req: IncomingMessage, res: ServerResponse, wsdl: string, path: string): void {
  const host = req.headers.host;
  const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  const served = host && HOST.test(host) ? wsdl.replace(/location="http:\/\/localhost:8080\/soap\/results"/, `location="${scheme}://${host}${path}"`) : wsdl;
  res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(served) });
  res.end(served);
}

/** Reads a request body within `limit` bytes, decodes it by its charset and refuses unsafe XML. */
function readChecked(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // Every refusal here is OWH_XML_UNSAFE: XML the hub will not parse.
    const refuse = (message: string, httpStatus: number) => {
      req.resume(); // drain what is left so the connection can answer
      reject(Object.assign(new OwhError('OWH_XML_UNSAFE', { message }), { httpStatus }));
    };
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') return refuse(`the request is ${encoding}-encoded, so it cannot be checked before parsing; send it unencoded`, 415);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return refuse(`the request is larger than ${limit} bytes`, 413);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return refuse(`the request is larger than ${limit} bytes`, 413);
      }
      chunks.push(chunk);
    });
    req.on('error', () => reject(undefined));
    req.on('end', () => {
      if (over) return;
      const text = decodeXml(Buffer.concat(chunks), req.headers['content-type']);
      const unsafe = unsafeXmlReason(text);
      if (unsafe) return refuse(`the request was refused before parsing: ${unsafe}`, 400);
      resolve(text);
    });
  });
}
