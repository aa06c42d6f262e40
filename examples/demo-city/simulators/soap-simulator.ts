import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as soap from 'soap';
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { OwhError } from '../../../src/errors/owh-error';
import type { Logger } from '../../../src/log/logger';
import { maskText } from '../../../src/log/mask';
import { DecidedResult, DepartmentBook, flatMaterials, GOV_RESULT_CODES, GOV_RESULT_KINDS } from './department';
import { checkFaults, FaultState, Faults } from './faults';
import { bodyHash, caseIdOfKey } from './idempotency';
import type { SoapSimulatorSpec } from './kind-specs';
import type { MessageOperation } from './messages';
import { beijingRfc3339, beijingStamp } from './receipts';
import { Attempt, ResultDelivery, retryAfterMs } from './result-poster';
import { lookUpInsurance } from './social-insurance-register';
import type { LookupCall, RunningSimulator } from './types';
import { BookedSimulator } from './booked-simulator';

/** The hub's SOAP callback for results (src/server/soap-callback.ts, schemas/wsdl/owh-results.wsdl). */
export const HUB_SOAP_RESULTS_PATH = '/soap/results';
const RESULTS_NS = 'urn:owh:wsdl:results:1';
const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
const PUSH_TIMEOUT_MS = 10_000;
/** A polled result is returned by this many polls, so one lost answer does not lose it; the hub stores each once. */
const SERVED_TIMES = 2;
const DEFAULT_MAX_COUNT = 100;

export interface SoapSimulatorOptions {
  spec: SoapSimulatorSpec;
  hubUrl: () => string;
  resultDelayMs: number;
  postResults: boolean;
  dispatcher: Dispatcher;
  logger: Logger;
}

type Verdict = { ok: true } | { ok: false; why: string };
type SoapFault = { Fault: Record<string, unknown> };

/** A result waiting for the hub's QueryResults. */
interface Offered {
  body: Record<string, unknown>;
  served: number;
  onServed: () => void;
}

/**
 * A SOAP department system played by `soap.listen` from its own WSDL on 127.0.0.1: it checks the
 * WS-Security UsernameToken, applies each idempotency key (the IdempotencyKey SOAP header) once and
 * answers a repeat with the same sjbh, and hands back its acceptance and completion results after
 * the result delay: to the hub's QueryResults calls (polled), or by calling the hub's SOAP callback
 * SubmitResult itself (pushed). The same server answers GET / (status) and serves the documents it
 * issues under /documents/.
 */
export class SoapSimulator extends BookedSimulator implements RunningSimulator {
  readonly kind = 'soap' as const;
  readonly system: string;
  readonly connectorId: string;
  readonly name: string;
  readonly dialect: 'gov' | 'open';
  url = '';

  private readonly server: Server;
  protected readonly book: DepartmentBook;
  private readonly faults = new FaultState();
  private readonly verdicts = new WeakMap<IncomingMessage, Verdict>();
  private readonly offered: Offered[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly logger: Logger;
  private readonly lookups: LookupCall[] = [];
  private origin = '';
  private closing?: Promise<void>;

  constructor(private readonly options: SoapSimulatorOptions) {
    super();
    const { spec } = options;
    this.system = spec.system;
    this.connectorId = spec.connectorId;
    this.name = spec.name;
    this.dialect = spec.dialect;
    this.logger = options.logger.child({ simulator: spec.connectorId });
    let deliver: ResultDelivery | undefined;
    if (options.postResults) deliver = spec.results === 'poll' ? (_caseId, body, signal) => this.offer(body, signal) : (_caseId, body, signal) => this.push(body, signal);
    this.book = new DepartmentBook(spec, {
      resultDelayMs: options.resultDelayMs,
      logger: this.logger,
      deliver,
      doing: spec.results === 'poll' ? 'offering a result to QueryResults' : 'calling the hub\'s SOAP callback',
    });
    this.server = createServer((req, res) => this.handleOther(req, res));
  }

  async listen(): Promise<void> {
    const { spec } = this.options;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => {
        reject(new OwhError('OWH_USAGE', {
          message: `the simulator of ${spec.connectorId} cannot listen on 127.0.0.1:${spec.port}: ${error.message}`,
          fix: 'Stop whatever holds the port (another simulator run?), or give this connector another port (ports option; 0 picks a free one).',
        }));
      };
      this.server.once('error', onError);
      this.server.listen(spec.port, '127.0.0.1', () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.url = `${this.origin}${spec.path}`;
    await new Promise<void>((resolve, reject) => {
      const listener = soap.listen(this.server, {
        path: spec.path,
        xml: spec.wsdl,
        services: { [spec.service]: { [spec.portName]: this.operations() } },
        forceSoap12Headers: spec.soapVersion === '1.2',
        suppressStack: true,
        callback: (error: unknown) => (error ? reject(error) : resolve()),
      } as soap.IServerOptions);
      // The hook only records who called; the operation refuses with a WS-Security fault of its SOAP version.
      listener.authenticate = (security: unknown, _process?: unknown, req?: IncomingMessage) => {
        if (req) this.verdicts.set(req, this.checkSecurity(security));
        return true;
      };
    }).catch(async (error: unknown) => {
      await this.close();
      throw new OwhError('OWH_CATALOG_INVALID', { message: `the simulator of ${spec.connectorId} cannot serve ${spec.wsdlPath}: ${(error as Error).message}` });
    });
  }

  lookupsAnswered(): LookupCall[] {
    return this.lookups.map((l) => ({ ...l }));
  }

  setFaults(faults: Faults): void {
    const problems = checkFaults(faults);
    if (problems.length > 0) throw new OwhError('OWH_USAGE', { message: `invalid faults for ${this.connectorId}: ${problems.join('; ')}` });
    this.faults.set(faults);
  }

  reset(): void {
    this.faults.clear();
    this.book.reset();
    this.offered.length = 0;
    this.lookups.length = 0;
  }

  idle(): Promise<void> {
    return this.book.idle();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      await Promise.all([stopped, this.book.close()]);
    })();
    return this.closing;
  }

  // ---- the SOAP operations ----

  private operations(): Record<string, soap.ISoapServiceMethod> {
    const { spec } = this.options;
    const ops: Record<string, soap.ISoapServiceMethod> = {
      [spec.operation]: (args: Record<string, unknown>, _callback: unknown, headers: Record<string, unknown> | undefined, req: IncomingMessage) =>
        this.submit(args ?? {}, headers ?? {}, req),
      Ping: () => ({ status: 'ok' }),
    };
    if (spec.pollOperation) {
      ops[spec.pollOperation] = (args: Record<string, unknown>, _callback: unknown, _headers: unknown, req: IncomingMessage) => this.queryResults(args ?? {}, req);
    }
    for (const [operation, name] of Object.entries(spec.messageOperations) as Array<[MessageOperation, string]>) {
      ops[name] = (args: Record<string, unknown>, _callback: unknown, headers: Record<string, unknown> | undefined, req: IncomingMessage) =>
        this.receive(operation, args ?? {}, headers ?? {}, req);
    }
    for (const [lookup, name] of Object.entries(spec.lookupOperations)) {
      if (name !== 'QueryCertificate') continue; // the only register this department keeps
      ops[name] = (args: Record<string, unknown>, _callback: unknown, _headers: unknown, req: IncomingMessage) => this.queryCertificate(lookup, args ?? {}, req);
    }
    return ops;
  }

  /** A message about a case from the hub (ReceiveOpinion, ReceiveSupplement): credentials, key, then recorded once per key. */
  private receive(operation: MessageOperation, args: Record<string, unknown>, headers: Record<string, unknown>, req: IncomingMessage): unknown {
    const { spec } = this.options;
    const verdict = this.verdicts.get(req) ?? { ok: true };
    if (!verdict.ok) throw this.securityFault(verdict.why);
    const key = (spec.idempotencyHeader !== false ? textOf(headers[spec.idempotencyHeader]) : undefined) ?? (spec.idempotencyArgument ? textOf(args[spec.idempotencyArgument]) : undefined);
    if (!key) throw this.fault('client', `缺少幂等键（SOAP 头 ${spec.idempotencyHeader || spec.idempotencyArgument}）`);
    const caseId = textOf(args.ywlsh) ?? textOf(args.caseId) ?? caseIdOfKey(key);
    const taken = this.book.messages.take(operation, key, caseId, args);
    if (taken.kind === 'conflict') throw this.fault('client', '幂等键已用于另一份数据');
    if (taken.kind === 'new') this.logger.debug({ caseId, operation, receipt: taken.receipt }, `${operation} taken`);
    return { sjbh: taken.receipt, code: '0000', msg: '接收成功' };
  }

  /**
   * 参保证明查询 (a lookup): the register's answer for the ID number and name; someone it does not
   * know is `found: false`, not a fault. Recorded with the arguments as received.
   */
  private queryCertificate(lookup: string, args: Record<string, unknown>, req: IncomingMessage): unknown {
    const verdict = this.verdicts.get(req) ?? { ok: true };
    if (!verdict.ok) throw this.securityFault(verdict.why);
    const idNumber = textOf(args.idNumber);
    const name = textOf(args.name);
    if (!idNumber || !name) throw this.fault('client', '缺少查询条件：公民身份号码和姓名');
    const register = lookUpInsurance(idNumber, name);
    const answer: Record<string, unknown> = register.found
      ? { found: true, code: '0000', msg: '查询成功', certificate: { ...register.certificate } }
      : { found: false, code: '0000', msg: '未查询到参保记录' };
    this.book.lookups++;
    const caseId = textOf(args.caseId);
    this.lookups.push({ operation: lookup, ...(caseId ? { caseId } : {}), args: { ...args }, answer, at: new Date().toISOString() });
    return answer;
  }

  /** A case from the hub: faults, credentials, idempotency key, then (once per key) the effect. */
  private submit(args: Record<string, unknown>, headers: Record<string, unknown>, req: IncomingMessage): unknown {
    const { spec } = this.options;
    this.book.count('received');
    if (this.faults.takeDrop()) {
      this.book.count('dropped');
      req.socket.destroy();
      return new Promise(() => undefined);
    }
    const failure = this.faults.takeFailure();
    if (failure) {
      this.book.count('failed');
      throw this.fault('server', '系统繁忙，请稍后再试');
    }
    const verdict = this.verdicts.get(req) ?? { ok: true };
    if (!verdict.ok) {
      this.book.count('rejected');
      throw this.securityFault(verdict.why);
    }
    const key = (spec.idempotencyHeader !== false ? textOf(headers[spec.idempotencyHeader]) : undefined) ?? (spec.idempotencyArgument ? textOf(args[spec.idempotencyArgument]) : undefined);
    if (!key) {
      this.book.count('rejected');
      throw this.fault('client', `缺少幂等键（SOAP 头 ${spec.idempotencyHeader || spec.idempotencyArgument}）`);
    }
    const caseId = textOf(args.ywlsh) ?? caseIdOfKey(key);
    if (this.faults.takeRejection()) {
      this.book.count('rejected');
      throw this.fault('client', '申请信息与本系统登记信息不一致，不予接收');
    }
    const taken = this.book.take(key, caseId, bodyHash(args));
    if (taken.kind === 'conflict') throw this.fault('client', '幂等键已用于另一份申请数据');
    if (taken.kind === 'new') {
      this.logger.debug({ caseId, receipt: taken.receipt }, 'case applied');
      this.book.scheduleResults(caseId, taken.receipt, (r) => this.resultBody(r), (fileName) => this.documentUrl(fileName));
    }
    // A repeat gets the first answer, word for word.
    const answer = { sjbh: taken.receipt, code: '0000', msg: '收件成功' };
    const delayMs = this.faults.delayMs;
    if (delayMs <= 0) return answer;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve(answer);
      }, delayMs);
      this.timers.add(timer);
    });
  }

  /** QueryResults: the results waiting, oldest first, each returned by two polls and then forgotten. */
  private queryResults(args: Record<string, unknown>, req: IncomingMessage): unknown {
    const verdict = this.verdicts.get(req) ?? { ok: true };
    if (!verdict.ok) throw this.securityFault(verdict.why);
    const asked = Number(textOf(args.maxCount) ?? DEFAULT_MAX_COUNT);
    const max = Number.isInteger(asked) && asked > 0 ? asked : DEFAULT_MAX_COUNT;
    const batch = this.offered.slice(0, max);
    for (const entry of batch) {
      entry.served++;
      if (entry.served === 1) entry.onServed();
    }
    for (let i = this.offered.length - 1; i >= 0; i--) if (this.offered[i].served >= SERVED_TIMES) this.offered.splice(i, 1);
    return batch.length === 0 ? {} : { results: { result: batch.map((e) => e.body) } };
  }

  // ---- results ----

  /** The department's result: its own flat gov format (polled), or the hub's SubmitResult fields (pushed). */
  private resultBody(r: DecidedResult): Record<string, unknown> {
    const { decision, document } = r;
    if (this.options.spec.results === 'poll') {
      return {
        ywlsh: r.caseId,
        jglx: GOV_RESULT_KINDS[r.kind],
        jgdm: GOV_RESULT_CODES[decision.outcome],
        ...(decision.reason ? { yj: decision.reason } : {}),
        blr: r.handler,
        jgsj: beijingStamp(r.decidedAt),
        sjbh: r.receipt,
        ...(document ? { wsmc: document.title, wjm: document.fileName, xzdz: document.url } : {}),
        ...flatMaterials(r.materials),
      };
    }
    return {
      caseId: r.caseId,
      kind: r.kind,
      outcome: decision.outcome,
      ...(decision.reason ? { reason: decision.reason } : {}),
      resultId: `${r.receipt}-${{ acceptance: 'SL', completion: 'BJ', supplement: 'BZ' }[r.kind]}`,
      receipt: r.receipt,
      decidedAt: beijingRfc3339(r.decidedAt),
      handler: r.handler,
      ...(document ? { documents: [{ name: document.title, fileName: document.fileName, uri: document.url }] } : {}),
      ...(r.materials ? { materials: r.materials.map((m) => ({ ...m })) } : {}),
    };
  }

  /** Polled: the result waits for QueryResults; the attempt ends when a poll has returned it. */
  private offer(body: Record<string, unknown>, signal: AbortSignal): Promise<Attempt> {
    return new Promise((resolve, reject) => {
      const entry: Offered = {
        body,
        served: 0,
        onServed: () => {
          signal.removeEventListener('abort', onAbort);
          resolve({ done: 'posted' });
        },
      };
      const onAbort = () => {
        const i = this.offered.indexOf(entry);
        if (i >= 0) this.offered.splice(i, 1);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.offered.push(entry);
    });
  }

  /** Pushed: one SubmitResult call to the hub's SOAP callback, with the system's id and result token as its UsernameToken. */
  private async push(body: Record<string, unknown>, signal: AbortSignal): Promise<Attempt> {
    const url = `${this.options.hubUrl().replace(/\/+$/, '')}${HUB_SOAP_RESULTS_PATH}`;
    const envelope = submitResultEnvelope(body, this.system, this.options.spec.resultsToken ?? '');
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${RESULTS_NS}/SubmitResult"` },
        body: envelope,
        dispatcher: this.options.dispatcher,
        signal,
        headersTimeout: PUSH_TIMEOUT_MS,
        bodyTimeout: PUSH_TIMEOUT_MS,
      });
    } catch (error) {
      signal.throwIfAborted();
      return { problem: (error as Error).message };
    }
    const text = await response.body.text().catch(() => '');
    const status = response.statusCode;
    if (status === 200 && /SubmitResultResponse/.test(text)) return { done: 'posted' };
    const faultcode = /<faultcode[^>]*>([^<]*)<\/faultcode>/.exec(text)?.[1] ?? /<(?:\w+:)?Value[^>]*>([^<]*)<\/(?:\w+:)?Value>/.exec(text)?.[1];
    const faultstring = /<faultstring[^>]*>([^<]*)<\/faultstring>/.exec(text)?.[1] ?? text.slice(0, 300);
    if ((faultcode && /(^|:)(Client|Sender)$/.test(faultcode)) || (status >= 400 && status < 500 && status !== 408 && status !== 429)) {
      this.logger.warn({ connector: this.connectorId, status, fault: maskText(faultstring) }, `the hub refused a result (SubmitResult at ${url} returned ${faultcode ?? status}); not retried`);
      return { done: 'refused' };
    }
    return { problem: `SubmitResult at ${url} returned ${faultcode ?? status}`, retryAfterMs: retryAfterMs(response.headers['retry-after']) };
  }

  /** Where a completion's document is served: by this system, at /documents/<file>. */
  private documentUrl(fileName: string): string {
    return `${this.origin}/documents/${encodeURIComponent(fileName)}`;
  }

  // ---- everything that is not a SOAP call ----

  private handleOther(req: IncomingMessage, res: ServerResponse): void {
    const pathname = new URL(req.url ?? '/', 'http://simulator').pathname;
    if (req.method === 'GET' && pathname === '/') {
      return sendJson(res, 200, { system: this.system, connectorId: this.connectorId, name: this.name, kind: this.kind, status: 'up', wsdl: `${this.url}?wsdl` });
    }
    if (req.method === 'GET' && pathname === '/__sim/stats') return sendJson(res, 200, this.stats());
    const messages = /^\/__sim\/cases\/([^/]+)\/messages$/.exec(pathname);
    if (messages && req.method === 'GET') {
      const caseId = decodeURIComponent(messages[1]);
      return sendJson(res, 200, { caseId, opinions: this.opinionsReceived(caseId), supplements: this.supplementsReceived(caseId) });
    }
    const document = /^\/documents\/([^/]+)$/.exec(pathname);
    if (document && req.method === 'GET') {
      const fileName = decodeURIComponent(document[1]);
      const issued = this.book.issued(fileName);
      if (!issued) return sendJson(res, 404, { error: 'NOT_FOUND' });
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': issued.pdf.length, 'content-disposition': `attachment; filename="${fileName}"` });
      return void res.end(issued.pdf);
    }
    sendJson(res, 404, { error: 'NOT_FOUND' });
  }

  // ---- faults ----

  private checkSecurity(security: unknown): Verdict {
    const expected = this.options.spec.security;
    if (!expected) return { ok: true };
    const token = (security as { UsernameToken?: Record<string, unknown> } | undefined)?.UsernameToken;
    if (!token) return { ok: false, why: '缺少 WS-Security UsernameToken' };
    const username = textOf(token.Username);
    const password = token.Password as { attributes?: { Type?: string } } | string | undefined;
    const type = typeof password === 'object' ? password?.attributes?.Type ?? '' : '';
    const value = textOf(password);
    if (username !== expected.username) return { ok: false, why: '用户名或密码错误' };
    if (type.endsWith('#PasswordDigest')) {
      const nonce = textOf(token.Nonce);
      const created = textOf(token.Created);
      return nonce && created && value === soap.passwordDigest(nonce, created, expected.password) ? { ok: true } : { ok: false, why: '用户名或密码错误' };
    }
    return value === expected.password ? { ok: true } : { ok: false, why: '用户名或密码错误' };
  }

  private securityFault(why: string): SoapFault {
    if (this.options.spec.soapVersion === '1.1') {
      return { Fault: { faultcode: 'wsse:FailedAuthentication', faultstring: `身份认证失败：${why}`, statusCode: 500 } };
    }
    return { Fault: { Code: { Value: 'soap:Sender', Subcode: { value: 'wsse:FailedAuthentication' } }, Reason: { Text: `身份认证失败：${why}` }, statusCode: 500 } };
  }

  private fault(side: 'client' | 'server', text: string): SoapFault {
    if (this.options.spec.soapVersion === '1.1') {
      return { Fault: { faultcode: side === 'client' ? 'soap:Client' : 'soap:Server', faultstring: text, statusCode: 500 } };
    }
    return { Fault: { Code: { Value: side === 'client' ? 'soap:Sender' : 'soap:Receiver' }, Reason: { Text: text }, statusCode: 500 } };
  }
}

/** A SubmitResult call (schemas/wsdl/owh-results.wsdl) with a PasswordText UsernameToken, as a department writes it. */
export function submitResultEnvelope(body: Record<string, unknown>, username: string, password: string): string {
  const field = (name: string): string => (body[name] === undefined ? '' : `<${name}>${xmlEscape(String(body[name]))}</${name}>`);
  const list = (key: string, item: string, fields: string[]): string =>
    Array.isArray(body[key])
      ? `<${key}>${(body[key] as Array<Record<string, unknown>>)
          .map((d) => `<${item}>${fields.map((k) => (d[k] === undefined ? '' : `<${k}>${xmlEscape(String(d[k]))}</${k}>`)).join('')}</${item}>`)
          .join('')}</${key}>`
      : '';
  const documents = list('documents', 'document', ['name', 'fileName', 'mediaType', 'sha256', 'uri', 'content']);
  // A request for more material (kind supplement): what the applicant must supply.
  const materials = list('materials', 'material', ['name', 'note']);
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
    `<soap:Header><wsse:Security xmlns:wsse="${WSSE_NS}"><wsse:UsernameToken>` +
    `<wsse:Username>${xmlEscape(username)}</wsse:Username><wsse:Password Type="${PASSWORD_TEXT}">${xmlEscape(password)}</wsse:Password>` +
    '</wsse:UsernameToken></wsse:Security></soap:Header>' +
    `<soap:Body><SubmitResult xmlns="${RESULTS_NS}">` +
    ['caseId', 'kind', 'outcome', 'reason', 'resultId', 'receipt', 'decidedAt', 'handler'].map(field).join('') +
    documents +
    materials +
    '</SubmitResult></soap:Body></soap:Envelope>'
  );
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && '$value' in value) return textOf((value as { $value: unknown }).$value);
  return undefined;
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
