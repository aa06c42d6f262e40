import type { Connector, ConnectorContext, HealthReport, OutboundMessage, SendResult } from '../../src/adapters/contract';
import { OwhError } from '../../src/errors/owh-error';
import type { Logger } from '../../src/log/logger';
import { brokerOptions } from './broker-options';
import type { AmqpConfig } from './config-schema';
import { Publisher } from './publisher';
import { ResultConsumer } from './result-consumer';

const PLACEHOLDER = /\{(itemCode|systemId)\}/g;
const OPERATION_PLACEHOLDER = /\{(itemCode|systemId|operation)\}/g;

/** The message type (and x-owh-operation) of the case itself; other messages carry their operation's name. */
const CASE_TYPE = 'case';

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
      {
        ...common,
        exchange: config.exchange,
        exchangeType: config.exchangeType,
        operationExchanges: [...new Set(Object.values(config.operations ?? {}).map((o) => o.exchange).filter((e): e is string => e !== undefined))],
      },
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
   * department that honours it applies the case once, however often it arrives. Another message
   * about the case (an opinion, a supplement) is published the same way, its operation in `type`
   * and `x-owh-operation` (`case` for the case itself), where its operation's settings say.
   */
  async send(message: OutboundMessage, signal?: AbortSignal): Promise<SendResult> {
    const { exchange, routingKey } = this.whereTo(message);
    const subject = message.operation === undefined ? `case ${message.caseId}` : `the ${message.operation} message of case ${message.caseId}`;
    let text: string | undefined;
    try {
      text = JSON.stringify(message.payload);
    } catch (error) {
      throw new OwhError('OWH_MAPPING_FAILED', { message: `the payload of ${subject} cannot be written as JSON: ${(error as Error).message}`, cause: error });
    }
    if (text === undefined) throw new OwhError('OWH_MAPPING_FAILED', { message: `the mapping produced no payload for ${subject}` });

    const type = message.operation ?? CASE_TYPE;
    await this.publisher.publish(
      routingKey,
      Buffer.from(text, 'utf8'),
      {
        persistent: true,
        mandatory: true,
        contentType: 'application/json',
        type,
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
          'x-owh-operation': type,
        },
      },
      signal,
      exchange,
    );
    return { body: { messageId: message.idempotencyKey, exchange, routingKey } };
  }

  /**
   * The exchange and routing key of a message: the connector's for the case itself and for an
   * operation without settings of its own; its operation's where they say otherwise.
   */
  private whereTo(message: OutboundMessage): { exchange: string; routingKey: string } {
    const operation = message.operation;
    if (operation === undefined) {
      return { exchange: this.config.exchange, routingKey: this.config.routingKey.replace(PLACEHOLDER, (_m, name: 'itemCode' | 'systemId') => message[name]) };
    }
    if (operation === CASE_TYPE) {
      // A department tells the case from other messages by type 'case': no other message may look like it.
      throw new OwhError('OWH_OPERATION_UNKNOWN', {
        message: `connector ${this.id} cannot carry an operation named '${CASE_TYPE}': it is the type of the case itself; the message for case ${message.caseId} was not sent`,
        fix: 'Give the operation another name in the catalog, then `owh dlq retry`.',
      });
    }
    const operations = this.config.operations ?? {};
    const settings = Object.hasOwn(operations, operation) ? operations[operation] : {};
    const template = settings.routingKey ?? this.config.routingKey;
    const values = { itemCode: message.itemCode, systemId: message.systemId, operation };
    return { exchange: settings.exchange ?? this.config.exchange, routingKey: template.replace(OPERATION_PLACEHOLDER, (_m, name: keyof typeof values) => values[name]) };
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
