import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatcher } from 'undici';
import { OwhError } from '../../../src/errors/owh-error';
import type { Logger } from '../../../src/log/logger';
import { toErrorDetails } from '../../../src/validate/errors';
import { decide, Decision } from './decisions';
import type { Answer } from './dialects';
import { documentPdf, ResultDocument } from './documents';
import { checkFaults, FaultState, Faults } from './faults';
import { bodyHash, caseIdOfKey, IdempotencyStore } from './idempotency';
import { MessageBook, MessageOperation, ReceivedMessage } from './messages';
import { ResultPoster } from './result-poster';
import { assertScript, CaseScript, checkScript, planResults, posterSteps } from './scripts';
import type { SimulatorSpec } from './specs';
import type { LookupCall, RunningSimulator, SimulatorStats } from './types';

const BODY_LIMIT = 5 * 1024 * 1024;
/** How many cases' payloads a REST simulator keeps for `caseReceived` (load runs send thousands). */
const RECENT_PAYLOADS = 500;

export interface RestSimulatorOptions {
  spec: SimulatorSpec;
  hubUrl: () => string;
  resultDelayMs: number;
  postResults: boolean;
  /** The fleet's connection pool for posting results. */
  dispatcher: Dispatcher;
  logger: Logger;
}

type Counter = 'received' | 'applied' | 'duplicatesSuppressed' | 'rejected' | 'failed' | 'dropped';

/**
 * One department system played by a real HTTP server on 127.0.0.1: it checks the hub's
 * credentials, validates each case against the system's API schema, applies each idempotency key
 * once, answers in its dialect, and later posts its acceptance and completion results to the hub.
 */
export class RestSimulator implements RunningSimulator {
  readonly kind = 'rest' as const;
  readonly system: string;
  readonly connectorId: string;
  readonly name: string;
  readonly dialect: 'gov' | 'open';
  url = '';

  private readonly server: Server;
  private readonly faults = new FaultState();
  private readonly keys = new IdempotencyStore();
  private readonly appliedByCase = new Map<string, number>();
  private readonly payloads = new Map<string, unknown>();
  /** Result documents this system serves, by file name. */
  private readonly documents = new Map<string, { receipt: string; decision: string }>();
  private readonly delayed = new Set<NodeJS.Timeout>();
  private readonly poster?: ResultPoster;
  private readonly logger: Logger;
  private readonly messages: MessageBook;
  private readonly scripts = new Map<string, CaseScript>();
  private counters: Record<Counter, number> = zeroCounters();
  private closing?: Promise<void>;

  constructor(private readonly options: RestSimulatorOptions) {
    const { spec } = options;
    this.messages = new MessageBook(spec.receipts.prefix);
    this.system = spec.system;
    this.connectorId = spec.connectorId;
    this.name = spec.name;
    this.dialect = spec.dialect.name;
    this.logger = options.logger.child({ simulator: spec.connectorId });
    if (options.postResults && spec.resultsToken !== undefined) {
      this.poster = new ResultPoster({ connectorId: spec.connectorId, hubUrl: options.hubUrl, token: spec.resultsToken, dispatcher: options.dispatcher, logger: this.logger });
    }
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.logger.error({ err: error }, 'simulator failed to answer');
        if (!res.headersSent) send(res, 500, { error: 'SIMULATOR_ERROR' });
      });
    });
  }

  listen(): Promise<void> {
    const { spec } = this.options;
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => {
        reject(new OwhError('OWH_USAGE', {
          message: `the simulator of ${spec.connectorId} cannot listen on 127.0.0.1:${spec.port}: ${error.message}`,
          fix: 'Stop whatever holds the port (another simulator run?), or give this connector another port (ports option; 0 picks a free one).',
        }));
      };
      this.server.once('error', onError);
      this.server.listen(spec.port, '127.0.0.1', () => {
        this.server.off('error', onError);
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${spec.basePath}`;
        resolve();
      });
    });
  }

  stats(): SimulatorStats {
    return {
      system: this.system,
      connectorId: this.connectorId,
      ...this.counters,
      resultsPosted: this.poster?.posted ?? 0,
      resultsRefused: this.poster?.refused ?? 0,
      resultsPending: this.poster?.pending ?? 0,
      ...this.messages.counts(),
      lookupsAnswered: 0,
      appliedByCase: Object.fromEntries(this.appliedByCase),
    };
  }

  script(caseId: string, script: CaseScript): void {
    assertScript(this.connectorId, script);
    this.scripts.set(caseId, structuredClone(script));
  }

  opinionsReceived(caseId: string): ReceivedMessage[] {
    return this.messages.list(caseId, 'opinion');
  }

  supplementsReceived(caseId: string): ReceivedMessage[] {
    return this.messages.list(caseId, 'supplement');
  }

  /** A REST department answers no lookups here. */
  lookupsAnswered(): LookupCall[] {
    return [];
  }

  setFaults(faults: Faults): void {
    const problems = checkFaults(faults);
    if (problems.length > 0) throw new OwhError('OWH_USAGE', { message: `invalid faults for ${this.connectorId}: ${problems.join('; ')}` });
    this.faults.set(faults);
  }

  reset(): void {
    this.faults.clear();
    this.keys.clear();
    this.appliedByCase.clear();
    this.payloads.clear();
    this.documents.clear();
    this.messages.clear();
    this.scripts.clear();
    this.counters = zeroCounters();
    this.poster?.reset();
  }

  /** Resolves when this simulator has no results left to post. */
  idle(): Promise<void> {
    return this.poster?.idle() ?? Promise.resolve();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const timer of this.delayed) clearTimeout(timer);
      this.delayed.clear();
      const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      await Promise.all([stopped, this.poster?.close()]);
    })();
    return this.closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { spec } = this.options;
    const pathname = new URL(req.url ?? '/', 'http://simulator').pathname;
    const path = spec.basePath && pathname.startsWith(spec.basePath) ? pathname.slice(spec.basePath.length) || '/' : pathname;
    const method = req.method ?? 'GET';
    const isDelivery = spec.deliveryPath.test(path);

    if (isDelivery && method === spec.method) return this.deliver(req, res);
    for (const route of spec.operations) {
      const match = route.path.exec(path);
      if (match && method === route.method) return this.receive(route.operation, req, res, match.groups?.caseId);
    }
    if (path === '/' && ['GET', 'HEAD', 'OPTIONS'].includes(method)) {
      return send(res, 200, { system: this.system, connectorId: this.connectorId, name: this.name, dialect: this.dialect, status: 'up' });
    }
    if (path === '/__sim/stats' && method === 'GET') return send(res, 200, this.stats());
    if (path === '/__sim/faults' && method === 'GET') return send(res, 200, this.faults.snapshot());
    if (path === '/__sim/faults' && method === 'POST') {
      const body = await readJson(req);
      if (!body.ok) return send(res, 400, { error: 'INVALID_FAULTS', problems: ['the body is not JSON'] });
      const problems = checkFaults(body.value);
      if (problems.length > 0) return send(res, 400, { error: 'INVALID_FAULTS', problems });
      this.faults.set(body.value as Faults);
      return send(res, 200, this.faults.snapshot());
    }
    if (path === '/__sim/reset' && method === 'POST') {
      this.reset();
      return send(res, 200, this.stats());
    }
    const messages = /^\/__sim\/cases\/([^/]+)\/messages$/.exec(path);
    if (messages && method === 'GET') {
      const caseId = decodeURIComponent(messages[1]);
      return send(res, 200, { caseId, opinions: this.opinionsReceived(caseId), supplements: this.supplementsReceived(caseId) });
    }
    const scripted = /^\/__sim\/scripts\/([^/]+)$/.exec(path);
    if (scripted && method === 'POST') {
      const body = await readJson(req);
      const problems = body.ok ? checkScript(body.value) : ['the body is not JSON'];
      if (problems.length > 0) return send(res, 400, { error: 'INVALID_SCRIPT', problems });
      const caseId = decodeURIComponent(scripted[1]);
      this.script(caseId, (body as { value: CaseScript }).value);
      return send(res, 200, { caseId, script: this.scripts.get(caseId) });
    }
    const document = /^\/documents\/([^/]+)$/.exec(path);
    if (document && method === 'GET') return this.serveDocument(decodeURIComponent(document[1]), res);
    if (isDelivery) return send(res, 405, { error: 'METHOD_NOT_ALLOWED', allow: spec.method });
    return send(res, 404, { error: 'NOT_FOUND' });
  }

  /** The case as this department took it (the payload the hub's mapping made), for tests; the last few hundred only. */
  caseReceived(caseId: string): unknown {
    return this.payloads.get(caseId);
  }

  private remember(caseId: string, payload: unknown): void {
    this.payloads.set(caseId, payload);
    if (this.payloads.size > RECENT_PAYLOADS) this.payloads.delete(this.payloads.keys().next().value!);
  }

  /** A delivery from the hub: faults, credentials, idempotency key, schema, then (once per key) the effect. */
  private async deliver(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { spec } = this.options;
    const { dialect } = spec;
    this.counters.received++;
    const body = await readJson(req);
    if (body.tooLarge) {
      this.counters.rejected++;
      return send(res, 413, { error: 'PAYLOAD_TOO_LARGE' });
    }

    if (this.faults.takeDrop()) {
      this.counters.dropped++;
      req.socket.destroy();
      return;
    }
    const failure = this.faults.takeFailure();
    if (failure) {
      this.counters.failed++;
      const headers = failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : undefined;
      return this.reply(res, dialect.failure(failure.status), headers);
    }

    const refuse = (answer: Answer) => {
      this.counters.rejected++;
      return this.reply(res, answer);
    };
    if (spec.credential && req.headers[spec.credential.header] !== spec.credential.value) return refuse(dialect.unauthorized());
    const key = headerValue(req, spec.idempotencyHeader);
    if (!key) return refuse(dialect.missingKey(spec.idempotencyHeader));
    if (!body.ok) return refuse(dialect.invalid([{ pointer: '', keyword: 'json', message: 'the request body is not valid JSON' }]));

    const hash = bodyHash(body.value);
    const verdict = this.keys.check(key, hash);
    if (verdict.kind === 'repeat') {
      this.counters.duplicatesSuppressed++;
      return this.reply(res, dialect.received(verdict.applied.receipt));
    }
    if (verdict.kind === 'conflict') return refuse(dialect.keyReused());
    if (!spec.validate(body.value)) return refuse(dialect.invalid(toErrorDetails(spec.validate.errors)));
    const rejection = this.faults.takeRejection();
    if (rejection) return refuse(dialect.refused(rejection.status, '申请信息与本系统登记信息不一致，不予接收'));

    const caseId = dialect.caseIdOf(body.value) ?? caseIdOfKey(key);
    const receipt = spec.receipts.next();
    this.keys.remember(key, { caseId, receipt, bodyHash: hash });
    this.counters.applied++;
    this.appliedByCase.set(caseId, (this.appliedByCase.get(caseId) ?? 0) + 1);
    this.remember(caseId, body.value);
    this.logger.debug({ caseId, receipt }, 'case applied');
    this.scheduleResults(caseId, receipt);
    return this.reply(res, dialect.received(receipt));
  }

  /**
   * A message about a case from the hub (a co-handler's opinion, material supplied later):
   * credentials, idempotency key, then (once per key) recorded for its case. Faults act on the
   * delivery route only.
   */
  private async receive(operation: MessageOperation, req: IncomingMessage, res: ServerResponse, pathCaseId?: string): Promise<void> {
    const { spec } = this.options;
    const { dialect } = spec;
    const body = await readJson(req);
    if (body.tooLarge) return send(res, 413, { error: 'PAYLOAD_TOO_LARGE' });
    if (spec.credential && req.headers[spec.credential.header] !== spec.credential.value) return this.reply(res, dialect.unauthorized());
    const key = headerValue(req, spec.idempotencyHeader);
    if (!key) return this.reply(res, dialect.missingKey(spec.idempotencyHeader));
    if (!body.ok || body.value === null || typeof body.value !== 'object' || Array.isArray(body.value)) {
      return this.reply(res, dialect.invalid([{ pointer: '', keyword: 'json', message: 'the request body is not a JSON object' }]));
    }
    const payload = body.value as Record<string, unknown>;
    const named = pathCaseId ? decodeURIComponent(pathCaseId) : undefined;
    const caseId = named ?? dialect.caseIdOf(payload) ?? (typeof payload.caseId === 'string' ? payload.caseId : undefined) ?? caseIdOfKey(key);
    const taken = this.messages.take(operation, key, caseId, payload);
    if (taken.kind === 'conflict') return this.reply(res, dialect.keyReused());
    if (taken.kind === 'new') this.logger.debug({ caseId, operation, receipt: taken.receipt }, `${operation} taken`);
    return this.reply(res, dialect.received(taken.receipt));
  }

  /** Decides the case (the seeded decision, or the test's script) and queues its results. */
  private scheduleResults(caseId: string, receipt: string): void {
    if (!this.poster) return;
    const { spec } = this.options;
    const plan = planResults(decide(caseId, { approveShare: spec.approveShare, rejectShare: spec.rejectShare }), this.scripts.get(caseId));
    const documents = new Map<string, ResultDocument[]>();
    for (const step of plan) if ('result' in step && step.result.kind === 'completion') documents.set('completion', [this.issueDocument(receipt, step.result.decision)]);
    const handler = (kind: string): string => `${spec.departmentName}${kind === 'acceptance' ? '受理窗口' : '审批科'}`;
    const steps = posterSteps(caseId, plan, this.messages, (r) =>
      spec.dialect.result({ caseId, kind: r.kind, decision: r.decision, handler: handler(r.kind), decidedAt: new Date(), receipt, documents: documents.get(r.kind) ?? [], materials: r.materials }),
    );
    this.poster.enqueue(caseId, steps, this.options.resultDelayMs);
  }

  /** The completion's document: a licence when approved, a decision letter when denied. */
  private issueDocument(receipt: string, decision: Decision): ResultDocument {
    const approved = decision.outcome === 'approved';
    const fileName = `${receipt}-${approved ? 'licence' : 'decision'}.pdf`;
    this.documents.set(fileName, { receipt, decision: decision.outcome });
    return { title: approved ? '准予行政许可决定书' : '不予行政许可决定书', fileName, url: `${this.url}/documents/${encodeURIComponent(fileName)}` };
  }

  private serveDocument(fileName: string, res: ServerResponse): void {
    const doc = this.documents.get(fileName);
    if (!doc) return send(res, 404, { error: 'NOT_FOUND' });
    const pdf = documentPdf(fileName, doc.receipt, doc.decision);
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length, 'content-disposition': `attachment; filename="${fileName}"` });
    res.end(pdf);
  }

  /** Answers now, or after the injected delay. */
  private reply(res: ServerResponse, answer: Answer, headers?: Record<string, string>): void {
    const delayMs = this.faults.delayMs;
    if (delayMs <= 0) return send(res, answer.status, answer.body, headers);
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      if (!res.destroyed) send(res, answer.status, answer.body, headers);
    }, delayMs);
    this.delayed.add(timer);
  }
}

function zeroCounters(): Record<Counter, number> {
  return { received: 0, applied: 0, duplicatesSuppressed: 0, rejected: 0, failed: 0, dropped: 0 };
}

function send(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.trim() !== '' ? first.trim() : undefined;
}

type JsonBody = { ok: true; value: unknown; tooLarge?: false } | { ok: false; tooLarge: boolean };

/** Reads the whole body (up to 5 MB) and parses it as JSON. */
async function readJson(req: IncomingMessage): Promise<JsonBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= BODY_LIMIT) chunks.push(chunk as Buffer); // past the limit: drained, so the 413 can still be read
  }
  if (size > BODY_LIMIT) return { ok: false, tooLarge: true };
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, tooLarge: false };
  }
}
