import * as amqp from 'amqplib';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { ResultSink } from '../../src/adapters/contract';
import { isOwhError } from '../../src/errors/owh-error';
import type { Logger } from '../../src/log/logger';
import { maskText } from '../../src/log/mask';
import type { BrokerOptions } from './broker-options';
import { connectionLostError, consumeError, openError } from './classify';
import { closeQuietly } from './publisher';
import { ReconnectBackoff } from './reconnect-backoff';

export interface ConsumerSettings {
  exchange: string;
  replyQueue: string;
  deadLetterExchange: string;
  /** `<replyQueue>.dead`: where the dead-letter exchange puts what it gets. */
  deadQueue: string;
  declare: boolean;
  prefetch: number;
  username: string;
  vhost: string;
  timeoutMs: number;
  reconnect: { initialMs: number; maxMs: number };
}

/** Refusals of the hub: the reply itself is at fault, so trying it again cannot help. */
export function isRefusal(error: unknown): boolean {
  if (!isOwhError(error)) return false;
  return error.code.startsWith('OWH_RESULT_') || error.code === 'OWH_CASE_NOT_FOUND' || error.code === 'OWH_AUTH_FORBIDDEN';
}

/**
 * The case a reply is for: its correlationId (`<caseId>:<systemId>`, the idempotency key the
 * delivery carried; the part before the last ':'; a correlationId without ':' is taken whole),
 * else its `x-case-id` header; undefined lets the system's result mapping find it in the body.
 */
export function caseIdOf(message: Pick<ConsumeMessage, 'properties'>): string | undefined {
  const correlationId: unknown = message.properties.correlationId;
  if (typeof correlationId === 'string' && correlationId !== '') {
    const colon = correlationId.lastIndexOf(':');
    if (colon === -1) return correlationId;
    if (colon > 0) return correlationId.slice(0, colon);
  }
  const header: unknown = message.properties.headers?.['x-case-id'];
  if (typeof header === 'string' && header !== '') return header;
  if (Buffer.isBuffer(header) && header.length > 0) return header.toString('utf8');
  return undefined;
}

/** Parses a reply's body as JSON, decoded by the charset its content type names (UTF-8 otherwise). */
export function parseReply(message: Pick<ConsumeMessage, 'content' | 'properties'>): unknown {
  const contentType = typeof message.properties.contentType === 'string' ? message.properties.contentType : '';
  const charset = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType)?.[1];
  let text: string;
  try {
    text = new TextDecoder(charset ?? 'utf-8', { fatal: true }).decode(message.content);
  } catch (error) {
    throw new Error(`its bytes are not valid ${charset ?? 'UTF-8'} (${(error as Error).message})`);
  }
  if (text.trim() === '') throw new Error('it is empty');
  return JSON.parse(text) as unknown;
}

/**
 * The result side of an AMQP connector: its own connection (RabbitMQ blocks a whole connection
 * when it throttles publishers; the acks of results must still get through), the reply queue
 * declared with its dead-letter exchange, consumed with manual acknowledgement. Each reply is acked
 * only once the hub has stored it; one that cannot be parsed or that the hub refuses is nacked
 * without requeue, so the broker moves it to the dead-letter exchange; one the hub could not store
 * right now is nacked back onto the queue after a growing delay. A lost connection is reopened
 * with backoff, for as long as the connector lives.
 */
export class ResultConsumer {
  private connection?: ChannelModel;
  private consuming?: { channel: Channel; consumerTag: string };
  private attempting?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  /** Replies held back before they are requeued (the hub's store was unavailable). */
  private readonly holds = new Set<NodeJS.Timeout>();
  /** Replies being handed to the hub. */
  private readonly inFlight = new Set<Promise<void>>();
  private storeFailures = 0;
  private started = false;
  private closed = false;
  readonly backoff: ReconnectBackoff;

  constructor(
    private readonly broker: BrokerOptions,
    private readonly settings: ConsumerSettings,
    private readonly connectionName: string,
    private readonly sink: ResultSink,
    private readonly logger: Logger,
  ) {
    this.backoff = new ReconnectBackoff(settings.reconnect.initialMs, settings.reconnect.maxMs);
  }

  /** Starts consuming; resolves after the first attempt, whatever its outcome (it keeps trying). */
  async start(): Promise<void> {
    if (this.started || this.closed) return;
    this.started = true;
    await this.attempt();
  }

  /** For health: undefined when not started. */
  status(): { consuming: boolean; detail: string } | undefined {
    if (!this.started || this.closed) return undefined;
    const queue = `reply queue '${this.settings.replyQueue}'`;
    if (this.consuming) return { consuming: true, detail: `consuming ${queue}` };
    const last = this.backoff.lastError ? `: ${this.backoff.lastError.message}` : '';
    const wait = this.backoff.waitMs();
    return { consuming: false, detail: `not consuming ${queue}${last}${wait > 0 ? ` (next attempt in ${wait} ms)` : ''}` };
  }

  private attempt(): Promise<void> {
    this.attempting = this.connectAndConsume().then(
      () => {
        if (this.backoff.failures > 0) this.logger.info({ queue: this.settings.replyQueue }, 'consuming results again');
        this.backoff.succeeded();
      },
      (error: unknown) => this.retryLater(error),
    ).finally(() => {
      this.attempting = undefined;
    });
    return this.attempting;
  }

  private async connectAndConsume(): Promise<void> {
    const s = this.settings;
    const connection = await amqp.connect(this.broker.connect, {
      ...this.broker.socket,
      timeout: s.timeoutMs,
      clientProperties: { ...this.broker.socket.clientProperties, connection_name: this.connectionName },
    });
    let fault: Error | undefined;
    connection.on('error', (err: Error) => {
      fault = err;
    });
    connection.on('close', (err?: Error) => this.lost(connection, err ?? fault));
    connection.on('handler-error', (err: Error, event: string) => this.logger.error({ err, event }, 'an AMQP connection listener failed'));
    this.connection = connection;
    if (this.closed) throw new Error('the connector is closed');

    const channel = await connection.createChannel();
    channel.on('error', (err: Error) => {
      fault = err;
    });
    // A connection closes its channels before it says why: read the reason a turn later.
    channel.on('close', () => setImmediate(() => this.lost(connection, fault)));
    channel.on('handler-error', (err: Error, event: string) => this.logger.error({ err, event }, 'an AMQP channel listener failed'));
    await channel.prefetch(s.prefetch);
    if (s.declare) {
      // The dead-letter exchange is direct and the reply queue dead-letters with its own name as the
      // routing key, so one dead-letter exchange can serve several reply queues.
      await channel.assertExchange(s.deadLetterExchange, 'direct', { durable: true });
      await channel.assertQueue(s.deadQueue, { durable: true });
      await channel.bindQueue(s.deadQueue, s.deadLetterExchange, s.replyQueue);
      await channel.assertQueue(s.replyQueue, { durable: true, deadLetterExchange: s.deadLetterExchange, deadLetterRoutingKey: s.replyQueue });
    } else {
      await channel.checkQueue(s.replyQueue);
    }
    if (this.closed) throw new Error('the connector is closed');
    const { consumerTag } = await channel.consume(s.replyQueue, (message) => this.onMessage(connection, channel, message), { noAck: false });
    this.consuming = { channel, consumerTag };
  }

  private retryLater(error: unknown): void {
    const connection = this.connection;
    this.connection = undefined;
    this.consuming = undefined;
    if (connection) void closeQuietly(connection, this.settings.timeoutMs);
    if (this.closed) return;
    const { deadLetterExchange: exchange, declare, username, vhost, timeoutMs, replyQueue } = this.settings;
    const what = `consume reply queue '${replyQueue}' on ${this.broker.address}`;
    const owh = openError(error, what, { address: this.broker.address, exchange, declare, username, vhost }, timeoutMs, (e) => consumeError(e, what));
    const delay = this.backoff.failed(owh);
    this.logger.warn({ queue: this.settings.replyQueue, code: owh.code, err: owh.message, retryInMs: delay }, 'cannot consume results now; trying again');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.attempt();
    }, delay);
  }

  /** The connection or its channel went away. While setting up, the attempt's failure handles it. */
  private lost(connection: ChannelModel, reason: Error | undefined): void {
    if (this.connection !== connection || !this.consuming) return;
    this.retryLater(connectionLostError(this.broker.address, reason));
  }

  private onMessage(connection: ChannelModel, channel: Channel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled the consumer (the queue was deleted): start over, which declares it again.
      this.logger.warn({ queue: this.settings.replyQueue }, 'the broker cancelled the result consumer (was the reply queue deleted?); reconnecting');
      void closeQuietly(connection, this.settings.timeoutMs);
      return;
    }
    const work = this.handle(channel, message).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    const caseId = caseIdOf(message);
    const messageId = typeof message.properties.messageId === 'string' ? message.properties.messageId : undefined;
    let body: unknown;
    try {
      body = parseReply(message);
    } catch (error) {
      return this.deadLetter(channel, message, caseId, messageId, `it cannot be parsed as JSON: ${(error as Error).message}`);
    }
    try {
      const stored = await this.sink.submit(caseId === undefined ? { body } : { caseId, body });
      this.storeFailures = 0;
      settle(() => channel.ack(message));
      this.logger.debug({ caseId: stored.caseId, status: stored.status, duplicate: stored.duplicate }, 'result stored and acknowledged');
    } catch (error) {
      if (isRefusal(error)) {
        return this.deadLetter(channel, message, caseId, messageId, `the hub refused it: ${(error as Error).message}`);
      }
      // The hub could not store it now: hold it a little (longer while this lasts), then requeue.
      this.storeFailures++;
      const { initialMs, maxMs } = this.settings.reconnect;
      const delay = Math.min(maxMs, initialMs * 2 ** Math.min(this.storeFailures - 1, 16));
      this.logger.warn({ caseId, messageId, err: maskText((error as Error)?.message ?? String(error)), requeueInMs: delay }, 'the hub could not store a result; it goes back on the reply queue');
      if (this.closed) return; // closing the channel requeues it
      const hold = setTimeout(() => {
        this.holds.delete(hold);
        settle(() => channel.nack(message, false, true));
      }, delay);
      this.holds.add(hold);
    }
  }

  private deadLetter(channel: Channel, message: ConsumeMessage, caseId: string | undefined, messageId: string | undefined, reason: string): void {
    settle(() => channel.nack(message, false, false));
    this.logger.warn(
      { caseId, messageId, deadLetterExchange: this.settings.deadLetterExchange, reason: maskText(reason) },
      `a reply was set aside on the dead-letter exchange (queue '${this.settings.deadQueue}'): ${maskText(reason)}`,
    );
  }

  /** Stops consuming, lets replies being stored finish (and be acked), then closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    for (const hold of this.holds) clearTimeout(hold);
    this.holds.clear();
    const { timeoutMs } = this.settings;
    await bounded(this.attempting ?? Promise.resolve(), timeoutMs);
    const consuming = this.consuming;
    if (consuming) await bounded(consuming.channel.cancel(consuming.consumerTag), timeoutMs);
    await bounded(Promise.allSettled([...this.inFlight]), timeoutMs);
    const connection = this.connection;
    this.connection = undefined;
    this.consuming = undefined;
    if (connection) await closeQuietly(connection, timeoutMs);
  }
}

/** Acks and nacks on a channel that closed meanwhile throw; the broker then redelivers the reply, which is safe. */
function settle(fn: () => void): void {
  try {
    fn();
  } catch {
    // the channel is gone: the unacknowledged reply goes back on the queue by itself
  }
}

/** Waits for `promise` (never rejecting) at most `ms`. */
async function bounded(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
