import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import type { ChannelModel, ConfirmChannel, ConsumeMessage, Message } from 'amqplib';
import { OwhError } from '../../../src/errors/owh-error';
import type { Logger } from '../../../src/log/logger';
import { DecidedResult, DepartmentBook, refuseFaults } from './department';
import type { Faults } from './faults';
import { bodyHash, caseIdOfKey } from './idempotency';
import type { AmqpSimulatorSpec } from './kind-specs';
import { MESSAGE_OPERATIONS, MessageOperation } from './messages';
import { beijingRfc3339 } from './receipts';
import type { Attempt } from './result-poster';
import type { LookupCall, RunningSimulator } from './types';
import { BookedSimulator } from './booked-simulator';

/** How long connecting (and declaring) may take before the department counts the broker as unreachable. */
const CONNECT_TIMEOUT_MS = 3_000;
const PREFETCH = 16;
const FIRST_RECONNECT_MS = 500;
const MAX_RECONNECT_MS = 15_000;

const OPEN_DECISIONS = { accepted: 'ACCEPTED', rejected: 'REJECTED', approved: 'APPROVED', denied: 'DENIED', requested: 'REQUESTED' } as const;
const OPEN_STAGES = { acceptance: 'ACCEPTANCE', completion: 'DECISION', supplement: 'SUPPLEMENT' } as const;

export interface AmqpSimulatorOptions {
  spec: AmqpSimulatorSpec;
  resultDelayMs: number;
  postResults: boolean;
  logger: Logger;
}

/** Where the reply to one case goes: its reply queue and the correlationId it came with. */
interface ReplyTo {
  queue: string;
  correlationId?: string;
}

/**
 * An AMQP department on the broker: its own durable queue bound to the connector's exchange with
 * the connector's routing key, consumed with manual acknowledgement. Each message is applied once
 * by its messageId (the hub's idempotency key; a redelivered or re-sent message is a repeat), and
 * after the result delay the department publishes its acceptance and then its completion to the
 * message's reply-to queue with the message's correlationId, as persistent JSON confirmed by the
 * broker. A reply the broker cannot route yet (the hub has not declared its reply queue) is tried
 * again. A lost connection is reopened with backoff.
 */
export class AmqpSimulator extends BookedSimulator implements RunningSimulator {
  readonly kind = 'amqp' as const;
  readonly system: string;
  readonly connectorId: string;
  readonly name: string;
  readonly dialect: 'gov' | 'open';
  readonly url: string;

  protected readonly book: DepartmentBook;
  private readonly logger: Logger;
  private readonly replies = new Map<string, ReplyTo>();
  /** Publishes waiting for their confirm, by messageId: called when the broker hands one back unroutable. */
  private readonly returnWaiters = new Map<string, () => void>();
  private connection?: ChannelModel;
  private channel?: ConfirmChannel;
  private reconnectTimer?: NodeJS.Timeout;
  private failures = 0;
  private closed = false;
  private closing?: Promise<void>;

  constructor(private readonly options: AmqpSimulatorOptions) {
    super();
    const { spec } = options;
    this.system = spec.system;
    this.connectorId = spec.connectorId;
    this.name = spec.name;
    this.dialect = spec.dialect;
    this.url = `${spec.url}/${encodeURIComponent(spec.exchange)}/${encodeURIComponent(spec.routingKey)}`;
    this.logger = options.logger.child({ simulator: spec.connectorId });
    this.book = new DepartmentBook(spec, {
      resultDelayMs: options.resultDelayMs,
      logger: this.logger,
      deliver: options.postResults ? (caseId, body, signal) => this.reply(caseId, body, signal) : undefined,
      doing: 'publishing a reply',
    });
  }

  /** Connects, declares its exchange, queue and binding, and consumes. Rejects when the broker cannot be reached. */
  async listen(): Promise<void> {
    await this.connect();
  }

  /** The names the hub's connector must use when the fleet renamed them (a namespace). */
  names(): { exchange: string; replyQueue: string } | undefined {
    const { spec } = this.options;
    return spec.renamed ? { exchange: spec.exchange, replyQueue: spec.replyQueue } : undefined;
  }

  setFaults(faults: Faults): void {
    refuseFaults(this.connectorId, 'amqp', faults);
  }

  reset(): void {
    this.book.reset();
    this.replies.clear();
  }

  lookupsAnswered(): LookupCall[] {
    return [];
  }

  idle(): Promise<void> {
    return this.book.idle();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      clearTimeout(this.reconnectTimer);
      await this.book.close();
      const connection = this.connection;
      this.connection = undefined;
      this.channel = undefined;
      if (connection) await closeWithin(connection, CONNECT_TIMEOUT_MS);
    })();
    return this.closing;
  }

  private async connect(): Promise<void> {
    const { spec } = this.options;
    const url = new URL(spec.url);
    const connection = await amqp.connect(
      {
        protocol: url.protocol.replace(/:$/, ''),
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port === '' ? 5672 : Number(url.port),
        username: spec.username,
        password: spec.password,
        vhost: spec.vhost,
        heartbeat: 30,
      },
      { timeout: CONNECT_TIMEOUT_MS, clientProperties: { connection_name: `demo-city department ${spec.connectorId}` } },
    );
    try {
      connection.on('error', () => undefined); // 'close' follows
      connection.on('close', () => this.lost(connection));
      const channel = await connection.createConfirmChannel();
      channel.on('error', () => undefined);
      channel.on('return', (message: Message) => this.returned(message));
      // The same declarations the hub's connector makes (a durable direct exchange), so either may come first.
      await channel.assertExchange(spec.exchange, spec.exchangeType, { durable: true });
      await channel.assertQueue(spec.queue, { durable: true });
      await channel.bindQueue(spec.queue, spec.exchange, spec.routingKey);
      await channel.prefetch(PREFETCH);
      await channel.consume(spec.queue, (message) => this.onMessage(channel, message), { noAck: false });
      if (this.closed) throw new Error('closed while connecting');
      this.connection = connection;
      this.channel = channel;
      if (this.failures > 0) this.logger.info({ broker: spec.url }, 'connected to the broker again');
      this.failures = 0;
    } catch (error) {
      await closeWithin(connection, CONNECT_TIMEOUT_MS);
      throw error;
    }
  }

  private lost(connection: ChannelModel): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.channel = undefined;
    if (!this.closed) this.reconnectLater();
  }

  private reconnectLater(): void {
    const delay = Math.min(FIRST_RECONNECT_MS * 2 ** this.failures, MAX_RECONNECT_MS);
    this.failures++;
    this.logger.warn({ broker: this.options.spec.url, retryInMs: delay }, 'the department lost its broker connection; reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.closed) return;
      this.connect().catch((error: unknown) => {
        this.logger.debug({ err: (error as Error).message }, 'reconnecting to the broker failed');
        if (!this.closed) this.reconnectLater();
      });
    }, delay);
  }

  /** One case from the hub: applied once per messageId, acknowledged either way. */
  private onMessage(channel: ConfirmChannel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The queue was deleted under the consumer: start over (which declares it again).
      void this.connection?.close().catch(() => undefined);
      return;
    }
    const props = message.properties;
    const key = stringOf(props.messageId) ?? stringOf(props.correlationId);
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(message.content.toString('utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    // Another message about a case (the AMQP adapter names its operation in `type` and x-owh-operation): recorded once per messageId.
    const operation = stringOf(props.type) ?? headerString(props.headers?.['x-owh-operation']);
    if (key && body && operation && (MESSAGE_OPERATIONS as readonly string[]).includes(operation)) {
      const about = stringOf(body.caseId) ?? stringOf(body.applicationNo) ?? headerString(props.headers?.['x-case-id']) ?? caseIdOfKey(key);
      this.book.messages.take(operation as MessageOperation, key, about, body);
      settle(() => channel.ack(message));
      return;
    }
    this.book.count('received');
    if (!key || !body) {
      this.book.count('rejected');
      this.logger.warn({ messageId: key }, `a message without ${key ? 'a JSON object body' : 'a messageId'} was set aside`);
      settle(() => channel.nack(message, false, false));
      return;
    }
    const caseId = stringOf(body.applicationNo) ?? headerString(props.headers?.['x-case-id']) ?? caseIdOfKey(key);
    const taken = this.book.take(key, caseId, bodyHash(body));
    if (taken.kind === 'new') {
      const replyQueue = stringOf(props.replyTo) ?? this.options.spec.replyQueue;
      this.replies.set(caseId, { queue: replyQueue, correlationId: stringOf(props.correlationId) });
      this.logger.debug({ caseId, receipt: taken.receipt }, 'case applied');
      this.book.scheduleResults(caseId, taken.receipt, (r) => this.resultBody(r));
    }
    settle(() => channel.ack(message));
  }

  /** The department's reply, open style, its document inline (base64). */
  private resultBody(r: DecidedResult): Record<string, unknown> {
    const { decision, document } = r;
    return {
      applicationNo: r.caseId,
      ...(r.materials ? { requiredMaterials: r.materials.map((m) => ({ ...m })) } : {}),
      stage: OPEN_STAGES[r.kind],
      decision: OPEN_DECISIONS[decision.outcome],
      ...(decision.reason ? { comment: decision.reason } : {}),
      officer: r.handler,
      decidedAt: beijingRfc3339(r.decidedAt),
      receiptNo: r.receipt,
      documents: document ? [{ title: document.title, fileName: document.fileName, mediaType: 'application/pdf', sha256: document.sha256, content: document.pdf.toString('base64') }] : [],
    };
  }

  /** Publishes one reply to the case's reply queue and waits for the broker's confirm. */
  private async reply(caseId: string, body: Record<string, unknown>, signal: AbortSignal): Promise<Attempt> {
    const channel = this.channel;
    if (!channel) return { problem: 'not connected to the broker' };
    const to = this.replies.get(caseId) ?? { queue: this.options.spec.replyQueue };
    const messageId = randomUUID();
    const returned = new Promise<'returned'>((resolve) => this.returnWaiters.set(messageId, () => resolve('returned')));
    let onAbort: (() => void) | undefined;
    try {
      const confirmed = new Promise<void>((resolve, reject) => {
        channel.publish('', to.queue, Buffer.from(JSON.stringify(body), 'utf8'), {
          persistent: true,
          mandatory: true,
          contentType: 'application/json; charset=utf-8',
          messageId,
          correlationId: to.correlationId,
          timestamp: Math.floor(Date.now() / 1000),
          appId: `demo-city ${this.system}`,
          headers: { 'x-case-id': caseId },
        }, (error: unknown) => (error ? reject(error) : resolve()));
      });
      confirmed.catch(() => undefined); // a confirm that fails after an abort is nobody's business
      const aborted = new Promise<never>((_resolve, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
      });
      aborted.catch(() => undefined);
      await Promise.race([confirmed, aborted]);
      // A returned message is handed back before its confirm: the reply queue does not exist yet.
      const outcome = await Promise.race([returned, Promise.resolve('confirmed' as const)]);
      if (outcome === 'returned') return { problem: `the reply queue ${to.queue} does not exist yet`, retryAfterMs: 500 };
      if (this.replies.get(caseId) && body.stage === 'DECISION') this.replies.delete(caseId);
      return { done: 'posted' };
    } catch (error) {
      signal.throwIfAborted();
      return { problem: (error as Error).message };
    } finally {
      this.returnWaiters.delete(messageId);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  private returned(message: Message): void {
    const id = stringOf(message.properties.messageId);
    if (id) this.returnWaiters.get(id)?.();
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function headerString(value: unknown): string | undefined {
  if (Buffer.isBuffer(value)) return value.toString('utf8') || undefined;
  return stringOf(value);
}

function settle(fn: () => void): void {
  try {
    fn();
  } catch {
    // the channel closed: the broker redelivers the message, which is a repeat
  }
}

/** Closes a connection, destroying its socket if the broker does not answer within `ms`. */
async function closeWithin(connection: ChannelModel, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const outcome = await Promise.race([connection.close().catch(() => undefined), late]);
  clearTimeout(timer);
  if (outcome === 'late') (connection.connection as unknown as { stream?: { destroy(): void } }).stream?.destroy();
}

/** Why a department could not start, in words for the log. */
export function brokerUnreachable(spec: AmqpSimulatorSpec, error: unknown): OwhError {
  return new OwhError('OWH_USAGE', {
    message: `the AMQP department ${spec.connectorId} could not start on the broker at ${spec.url}: ${(error as Error)?.message ?? String(error)}`,
    fix: 'Start RabbitMQ if it is not running (rabbitmq-server -detached) and restart the simulators; meanwhile the hub keeps its cases in the outbox.',
  });
}
