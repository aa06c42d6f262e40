import { performance } from 'node:perf_hooks';
import * as amqp from 'amqplib';
import type { ChannelModel, ConfirmChannel, Message, Options } from 'amqplib';
import type { HealthReport } from '../../src/adapters/contract';
import { OwhError } from '../../src/errors/owh-error';
import type { Logger } from '../../src/log/logger';
import type { BrokerOptions } from './broker-options';
import {
  abortedError,
  channelError,
  closedError,
  confirmTimeoutError,
  connectionLostError,
  lostError,
  nackError,
  openError,
  PublishTarget,
  replyCodeOf,
  unroutableError,
} from './classify';
import { ReconnectBackoff } from './reconnect-backoff';

export interface PublisherSettings {
  exchange: string;
  /** The other exchanges operations publish to (checked by the health probe too). */
  operationExchanges: string[];
  exchangeType: string;
  declare: boolean;
  username: string;
  vhost: string;
  /** One attempt's limit: (re)connecting, publishing and the broker's confirm. */
  timeoutMs: number;
  reconnect: { initialMs: number; maxMs: number };
}

/** A publish waiting for the broker's confirm. */
interface Pending {
  messageId: string;
  target: PublishTarget;
  /** Set when the broker handed the message back (mandatory, no queue bound); its ack follows. */
  returned?: { replyCode?: number; replyText?: string };
  settle(error?: OwhError): void;
  /** Resolves when the publish is settled either way (close waits for these). */
  done: Promise<void>;
}

/** One open connection and its confirm channel, with what is known about how they are doing. */
interface Link {
  connection: ChannelModel;
  channel: ConfirmChannel;
  /** In publish order: the broker returns messages in that order, before their confirms. */
  pending: Set<Pending>;
  /** Why the broker closed the channel (an error in what it did), read when its publishes fail. */
  channelFault?: Error;
  connectionFault?: Error;
  /** The broker blocks publishing on this connection (a memory or disk alarm), with its reason. */
  blocked?: string;
  gone: boolean;
  /**
   * Exchanges declared (or checked) on this connection: the connector's own when it opened, the
   * others (an operation's) on their first use. A failed one is left out, so it is tried again.
   */
  prepared: Map<string, Promise<void>>;
}

/**
 * The publishing side of an AMQP connector: one connection and one confirm channel, opened on the
 * first need (a send or a health probe) and reused, reopened after a loss no sooner than the
 * reconnect backoff allows. A publish resolves only on the broker's ack.
 */
export class Publisher {
  private link?: Link;
  private opening?: Promise<Link>;
  private lastFailure?: OwhError;
  /** The link lost last, when that (rather than a failed attempt) is why the backoff says wait. */
  private lastLost?: Link;
  private closing?: Promise<void>;
  readonly backoff: ReconnectBackoff;
  private readonly logger: Logger;

  constructor(
    private readonly broker: BrokerOptions,
    private readonly settings: PublisherSettings,
    private readonly connectionName: string,
    logger: Logger,
  ) {
    this.backoff = new ReconnectBackoff(settings.reconnect.initialMs, settings.reconnect.maxMs);
    this.logger = logger;
  }

  target(routingKey?: string, exchange = this.settings.exchange): PublishTarget {
    const { declare, username, vhost } = this.settings;
    return { address: this.broker.address, exchange, routingKey, declare, username, vhost };
  }

  /**
   * Publishes one message and resolves when the broker confirms it. Rejects with an OwhError:
   * unroutable (returned) or an exchange that is wrong → permanent; nack, lost connection, no
   * confirm in time, broker unreachable → retryable. `exchange`: another than the connector's
   * (an operation's), declared or checked on its first use on this connection.
   */
  publish(routingKey: string, content: Buffer, options: Options.Publish, signal?: AbortSignal, exchange = this.settings.exchange): Promise<void> {
    const target = this.target(routingKey, exchange);
    if (this.closing) return Promise.reject(closedError(target));
    const { timeoutMs } = this.settings;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let connecting = true;
      const finish = (error?: OwhError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => {
        finish(connecting
          ? new OwhError('OWH_SEND_TIMEOUT', { message: `connect to ${this.broker.address}: no connection within ${timeoutMs} ms` })
          : confirmTimeoutError(target, timeoutMs));
      }, timeoutMs);
      const onAbort = () => finish(abortedError(target, signal!.reason));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });

      this.open().then(
        (link) => {
          if (settled) return; // timed out or aborted while connecting: nothing was published
          connecting = false;
          this.prepare(link, exchange).then(
            () => {
              if (settled) return;
              if (this.closing) return finish(closedError(target));
              this.publishOn(link, target, content, options, finish);
            },
            (error: unknown) => finish(openError(error, `exchange '${exchange}' on ${this.broker.address}`, this.target(undefined, exchange), timeoutMs)),
          );
        },
        (error: unknown) => finish(openError(error, `connect to ${this.broker.address}`, target, timeoutMs)),
      );
    });
  }

  private publishOn(link: Link, target: PublishTarget, content: Buffer, options: Options.Publish, finish: (error?: OwhError) => void): void {
    let markDone!: () => void;
    const pending: Pending = {
      messageId: String(options.messageId),
      target,
      done: new Promise<void>((r) => (markDone = r)),
      settle: (error) => {
        link.pending.delete(pending);
        markDone();
        finish(error);
      },
    };
    link.pending.add(pending);
    try {
      // The return value (false: the socket's buffer is full) is not a failure: amqplib keeps the
      // frames, and the hub's concurrency bounds how many wait for their confirms.
      link.channel.publish(target.exchange, target.routingKey ?? '', content, options, (err: unknown) => {
        if (err === null || err === undefined) {
          const r = pending.returned;
          return pending.settle(r ? unroutableError(target, r.replyCode, r.replyText) : undefined);
        }
        if (err instanceof Error && err.message === 'message nacked') return pending.settle(nackError(target));
        // The channel closed with this message unconfirmed. A connection closes its channels before
        // it says why it closed: wait for that turn, to give the broker's reason.
        setImmediate(() => pending.settle(link.channelFault ? channelError(link.channelFault, target) : lostError(target, link.connectionFault)));
      });
    } catch (error) {
      // The channel closed between opening and now (IllegalOperationError).
      pending.settle(lostError(target, link.connectionFault ?? (error as Error)));
    }
  }

  /**
   * Declares (declare: true) or checks an exchange other than the connector's on this connection,
   * once, on a channel of its own: a wrong one (missing, or of another type) closes that channel,
   * not the confirm channel the connector's other messages are being published on.
   */
  private prepare(link: Link, exchange: string): Promise<void> {
    const known = link.prepared.get(exchange);
    if (known) return known;
    const { exchangeType, declare, timeoutMs } = this.settings;
    const ready = (async () => {
      const channel = await withTimeout(link.connection.createChannel(), timeoutMs, `${this.broker.address} did not open a channel within ${timeoutMs} ms`);
      channel.on('error', () => undefined); // the rejection below says what went wrong
      try {
        if (declare) await channel.assertExchange(exchange, exchangeType, { durable: true });
        else await channel.checkExchange(exchange);
      } finally {
        await channel.close().catch(() => undefined);
      }
    })();
    link.prepared.set(exchange, ready);
    ready.catch(() => {
      if (link.prepared.get(exchange) === ready) link.prepared.delete(exchange);
    });
    return ready;
  }

  /** The open link, or a new one; refuses (retryably) while the reconnect backoff says wait. */
  open(): Promise<Link> {
    if (this.closing) return Promise.reject(closedError(this.target()));
    if (this.link && !this.link.gone) return Promise.resolve(this.link);
    if (this.opening) return this.opening;
    const wait = this.backoff.waitMs();
    if (wait > 0) return Promise.reject(this.waitError(wait));
    this.opening = this.connect().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private waitError(wait: number): OwhError {
    const lost = this.lastLost;
    const last = this.lastFailure ?? (lost ? connectionLostError(this.broker.address, lost.channelFault ?? lost.connectionFault) : undefined);
    if (last && !last.retryable) return new OwhError(last.code, { message: last.message, fix: last.fix });
    const why = last ? last.message : 'the connection was lost';
    return new OwhError('OWH_SEND_NETWORK', {
      message: `${why} (the connector tries to connect again in ${wait} ms)`,
      retryAfterMs: wait,
    });
  }

  private async connect(): Promise<Link> {
    const { exchange, exchangeType, declare, timeoutMs } = this.settings;
    const target = this.target();
    let connection: ChannelModel | undefined;
    try {
      connection = await amqp.connect(this.broker.connect, {
        ...this.broker.socket,
        timeout: timeoutMs,
        clientProperties: { ...this.broker.socket.clientProperties, connection_name: this.connectionName },
      });
      const link: Link = { connection, channel: undefined as unknown as ConfirmChannel, pending: new Set(), gone: false, prepared: new Map() };
      this.watchConnection(link);
      link.channel = await connection.createConfirmChannel();
      this.watchChannel(link);
      // Declared (or checked) on every new channel, so an exchange deleted meanwhile comes back.
      if (declare) await link.channel.assertExchange(exchange, exchangeType, { durable: true });
      else await link.channel.checkExchange(exchange);
      link.prepared.set(exchange, Promise.resolve());
      if (this.closing) throw closedError(target);
      if (link.gone) throw link.channelFault ?? link.connectionFault ?? new Error('the connection closed while it was opened');
      this.link = link;
      if (this.backoff.failures > 0) this.logger.info({ broker: this.broker.address }, 'connected to the broker again');
      this.backoff.succeeded();
      this.lastFailure = undefined;
      this.lastLost = undefined;
      return link;
    } catch (error) {
      if (connection) void closeQuietly(connection, timeoutMs);
      const owh = error instanceof OwhError ? error : openError(error, `connect to ${this.broker.address}`, target, timeoutMs);
      if (owh.code !== 'OWH_CONNECTOR_CLOSED') {
        this.lastFailure = owh;
        this.lastLost = undefined;
        const delay = this.backoff.failed(owh);
        this.logger.warn({ broker: this.broker.address, code: owh.code, err: owh.message, retryInMs: delay }, 'could not connect to the broker');
      }
      throw owh;
    }
  }

  private watchConnection(link: Link): void {
    const c = link.connection;
    c.on('error', (err: Error) => {
      link.connectionFault = err;
    });
    c.on('close', (err?: Error) => {
      link.connectionFault ??= err;
      this.drop(link);
    });
    c.on('blocked', (reason: string) => {
      link.blocked = reason;
      this.logger.warn({ broker: this.broker.address, reason }, 'the broker blocks publishing (a resource alarm): confirms wait until it unblocks');
    });
    c.on('unblocked', () => {
      link.blocked = undefined;
      this.logger.info({ broker: this.broker.address }, 'the broker unblocked publishing');
    });
    c.on('handler-error', (err: Error, event: string) => this.logger.error({ err, event }, 'an AMQP connection listener failed'));
  }

  private watchChannel(link: Link): void {
    const ch = link.channel;
    ch.on('error', (err: Error) => {
      link.channelFault = err;
    });
    ch.on('close', () => this.drop(link));
    ch.on('return', (message: Message) => {
      const fields = message.fields as Message['fields'] & { replyCode?: number; replyText?: string };
      const messageId = String(message.properties.messageId);
      // The first unconfirmed publish with this messageId that was not returned yet: returns come
      // in publish order, each before its own ack.
      for (const p of link.pending) {
        if (p.messageId === messageId && !p.returned) {
          p.returned = { replyCode: fields.replyCode, replyText: fields.replyText };
          break;
        }
      }
    });
    ch.on('handler-error', (err: Error, event: string) => this.logger.error({ err, event }, 'an AMQP channel listener failed'));
  }

  /**
   * The connection or channel is gone: the next publish opens a new one, after the backoff. The
   * reason is read a turn later: a connection closes its channels before it says why it closed.
   */
  private drop(link: Link): void {
    if (link.gone) return;
    link.gone = true;
    if (this.link === link) this.link = undefined;
    // A channel closed by the broker leaves its connection open: release it too.
    void closeQuietly(link.connection, this.settings.timeoutMs);
    if (this.closing) return;
    this.lastLost = link;
    this.lastFailure = undefined;
    const delay = this.backoff.failed(new Error('the connection to the broker was lost'));
    setImmediate(() => {
      const reason = connectionLostError(this.broker.address, link.channelFault ?? link.connectionFault);
      this.logger.warn({ broker: this.broker.address, err: reason.message, reconnectInMs: delay }, 'lost the connection to the broker; deliveries wait in the outbox until it is back');
    });
  }

  /**
   * Health: the open confirm channel (or a new connection), then the exchange checked on a
   * throwaway channel (checkExchange closes a channel when the exchange is missing), then the
   * operations' exchanges declared or checked (degraded when one is wrong).
   */
  async probe(): Promise<HealthReport> {
    const checkedAt = new Date().toISOString();
    const started = performance.now();
    const { exchange, timeoutMs } = this.settings;
    if (this.closing) return { state: 'down', detail: 'the connector is closed', checkedAt };
    let link: Link | undefined;
    try {
      link = await withTimeout(this.open(), timeoutMs, `connect to ${this.broker.address}: no connection within ${timeoutMs} ms`);
      const channel = await withTimeout(link.connection.createChannel(), timeoutMs, `${this.broker.address} did not open a channel within ${timeoutMs} ms`);
      channel.on('error', () => undefined); // a missing exchange closes this channel: the rejection below says so
      try {
        await withTimeout(channel.checkExchange(exchange), timeoutMs, `${this.broker.address} did not answer within ${timeoutMs} ms`);
      } finally {
        await channel.close().catch(() => undefined);
      }
      // An operation's exchange that is wrong stops only that operation's messages: degraded, not down.
      const wrong: string[] = [];
      for (const other of this.settings.operationExchanges.filter((e) => e !== exchange)) {
        try {
          await withTimeout(this.prepare(link, other), timeoutMs, `${this.broker.address} did not answer within ${timeoutMs} ms`);
        } catch (error) {
          wrong.push(openError(error, `exchange '${other}' on ${this.broker.address}`, this.target(undefined, other), timeoutMs).message);
        }
      }
      const latencyMs = Math.round(performance.now() - started);
      if (wrong.length > 0) {
        return { state: 'degraded', detail: `exchange '${exchange}' on ${this.broker.address} is there, but an operation's is not: ${wrong.join('; ')}`, checkedAt, latencyMs };
      }
      if (link.blocked) {
        return { state: 'degraded', detail: `the broker at ${this.broker.address} blocks publishing (${link.blocked}): deliveries wait for their confirms`, checkedAt, latencyMs };
      }
      return { state: 'up', detail: `exchange '${exchange}' on ${this.broker.address} is there and the confirm channel is open (${latencyMs} ms)`, checkedAt, latencyMs };
    } catch (error) {
      // The connection went away under the probe: say so, rather than what amqplib said to the probe.
      const owh = link?.gone && replyCodeOf(error) === undefined
        ? connectionLostError(this.broker.address, link.channelFault ?? link.connectionFault)
        : openError(error, `connect to ${this.broker.address}`, this.target(), timeoutMs);
      return { state: 'down', detail: owh.message, checkedAt };
    }
  }

  /**
   * Refuses new publishes, lets those in flight have their confirms, then closes. The wait is
   * bounded: a confirm that never comes (a blocked broker) must not hold the hub's shutdown.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.opening?.catch(() => undefined);
      const link = this.link;
      if (!link) return;
      await withTimeout(Promise.all([...link.pending].map((p) => p.done)), this.settings.timeoutMs, 'confirms still due at close').catch(() => undefined);
      link.gone = true;
      this.link = undefined;
      await closeQuietly(link.connection, this.settings.timeoutMs);
    })();
    return this.closing;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new OwhError('OWH_SEND_TIMEOUT', { message })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Closes a connection, waiting at most `ms` for the broker's close-ok; after that the socket is
 * destroyed, so a broker that stopped answering cannot keep a handle open.
 */
export async function closeQuietly(connection: ChannelModel, ms: number): Promise<void> {
  // Called from a channel's 'close', the connection may be midway through closing itself: let it
  // finish, after which close() refuses at once instead of waiting for a close-ok that never comes.
  await new Promise((resolve) => setImmediate(resolve));
  let timer: NodeJS.Timeout | undefined;
  const closed = connection.close().catch(() => undefined);
  const late = new Promise<'late'>((resolve) => {
    // The socket keeps the process alive while it lasts; this timer need not.
    timer = setTimeout(() => resolve('late'), ms).unref();
  });
  const outcome = await Promise.race([closed, late]);
  clearTimeout(timer);
  if (outcome === 'late') socketOf(connection)?.destroy();
}

/** amqplib keeps the socket on its connection as `stream` (not in its types). */
function socketOf(connection: ChannelModel): { destroy(): void } | undefined {
  return (connection.connection as unknown as { stream?: { destroy(): void } }).stream;
}
