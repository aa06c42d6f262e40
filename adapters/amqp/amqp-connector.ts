import type { Connector, ConnectorContext, HealthReport, OutboundMessage, SendResult } from '../../src/adapters/contract';
import { OwhError } from '../../src/errors/owh-error';
import type { Logger } from '../../src/log/logger';
import { brokerOptions } from './broker-options';
import type { AmqpConfig } from './config-schema';
import { Publisher } from './publisher';
import { ResultConsumer } from './result-consumer';

const PLACEHOLDER = /\{(itemCode|systemId)\}/g;

/**
 * One department system reached through a RabbitMQ broker: cases published to its exchange with
 * publisher confirms (one connection and one confirm channel, opened on first need and reused),
 * results consumed from its reply queue (a connection of its own, started by `start()`). Settings
 * and secrets are resolved once, at creation. See the adapter contract for what `send()` promises.
 */
export class AmqpConnector implements Connector {
  readonly kind = 'amqp';
  readonly id: string;

  private readonly publisher: Publisher;
  private readonly consumer?: ResultConsumer;
  private readonly logger: Logger;
  private closing?: Promise<void>;

  constructor(private readonly config: AmqpConfig, context: ConnectorContext) {
    this.id = context.connectorId;
    this.logger = context.logger.child({ connector: this.id, adapter: 'amqp' });
    const broker = brokerOptions(config, context);
    const timeoutMs = config.confirmTimeoutMs ?? context.defaultTimeoutMs;
    const common = { declare: config.declare, username: config.username, vhost: config.vhost, timeoutMs, reconnect: config.reconnect };
    this.publisher = new Publisher(
      broker,
      { ...common, exchange: config.exchange, exchangeType: config.exchangeType },
      `onewindow-hub ${this.id}`,
      this.logger,
    );
    if (config.replyQueue) {
      this.consumer = new ResultConsumer(
        broker,
        {
          ...common,
          exchange: config.exchange,
          replyQueue: config.replyQueue,
          deadLetterExchange: config.deadLetterExchange ?? `${config.replyQueue}.dlx`,
          deadQueue: `${config.replyQueue}.dead`,
          prefetch: config.prefetch,
        },
        `onewindow-hub ${this.id} results`,
        context.results,
        this.logger,
      );
    }
  }

  /**
   * Publishes the case as a persistent JSON message and resolves when the broker confirms it.
   * `messageId` and `correlationId` are the idempotency key, the same on every attempt; a
   * department that honours it applies the case once, however often it arrives.
   */
  async send(message: OutboundMessage, signal?: AbortSignal): Promise<SendResult> {
    const routingKey = this.config.routingKey.replace(PLACEHOLDER, (_m, name: 'itemCode' | 'systemId') => message[name]);
    let text: string | undefined;
    try {
      text = JSON.stringify(message.payload);
    } catch (error) {
      throw new OwhError('OWH_MAPPING_FAILED', { message: `the payload of case ${message.caseId} cannot be written as JSON: ${(error as Error).message}`, cause: error });
    }
    if (text === undefined) throw new OwhError('OWH_MAPPING_FAILED', { message: `the mapping produced no payload for case ${message.caseId}` });

    await this.publisher.publish(
      routingKey,
      Buffer.from(text, 'utf8'),
      {
        persistent: true,
        mandatory: true,
        contentType: 'application/json',
        messageId: message.idempotencyKey,
        correlationId: message.idempotencyKey,
        replyTo: this.config.replyQueue,
        timestamp: Math.floor(Date.now() / 1000),
        appId: 'onewindow-hub',
        headers: {
          'x-case-id': message.caseId,
          'x-item-code': message.itemCode,
          'x-system-id': message.systemId,
          'x-attempt': message.attempt,
        },
      },
      signal,
    );
    return { body: { messageId: message.idempotencyKey, exchange: this.config.exchange, routingKey } };
  }

  /** Starts consuming the reply queue (when there is one); resolves after the first attempt, and keeps trying with backoff. */
  async start(): Promise<void> {
    if (this.closing) return;
    await this.consumer?.start();
  }

  /**
   * Up: the confirm channel is open and the exchange exists (and the reply queue is consumed, once
   * started). Degraded: the broker blocks publishing, or results are not being consumed. Down: the
   * broker cannot be reached, refuses the login, or the exchange is missing. Never throws.
   */
  async health(): Promise<HealthReport> {
    if (this.closing) return { state: 'down', detail: 'the connector is closed', checkedAt: new Date().toISOString() };
    const report = await this.publisher.probe();
    const results = this.consumer?.status();
    if (!results) return report;
    if (report.state === 'up' && !results.consuming) return { ...report, state: 'degraded', detail: `${report.detail}; ${results.detail}` };
    return { ...report, detail: `${report.detail}; ${results.detail}` };
  }

  /** Stops consuming, lets publishes in flight have their confirms, and closes both connections. */
  async close(): Promise<void> {
    this.closing ??= Promise.all([this.consumer?.close(), this.publisher.close()]).then(() => undefined);
    await this.closing;
  }
}
