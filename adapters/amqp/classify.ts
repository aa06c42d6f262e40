import { messageOf, NETWORK_WORDS } from '../../src/adapters/transport-errors';
import { OwhError } from '../../src/errors/owh-error';
import { maskText } from '../../src/log/mask';

/**
 * How AMQP failures become the hub's error codes. The rule: what a later attempt can cure is
 * retryable (a broker away or restarting, a lost connection, a confirm that did not come, a full
 * queue that refuses with a nack); what only a person can cure is permanent (no queue bound to the
 * routing key, an exchange that does not exist or exists with other settings, a login or vhost
 * the broker refuses) — those deliveries are dead-lettered to be looked at and `owh dlq retry`d.
 */

/** What a failure is about, for its message: "publish to exchange 'x' (routing key 'k') on amqp://host:5672/". */
export interface PublishTarget {
  address: string;
  exchange: string;
  /** Absent while connecting (declaring or checking the exchange, before any publish). */
  routingKey?: string;
  declare: boolean;
  username: string;
  vhost: string;
}

export function describeTarget(t: PublishTarget): string {
  if (t.routingKey === undefined) return `exchange '${t.exchange}' on ${t.address}`;
  return `publish to exchange '${t.exchange}' (routing key '${t.routingKey}') on ${t.address}`;
}



function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | undefined)?.code;
}

/** The AMQP reply code of a close (a channel or connection closed by the broker), if it says one. */
export function replyCodeOf(error: unknown): number | undefined {
  const code = codeOf(error);
  if (typeof code === 'number') return code;
  const m = /\b(\d{3}) \([A-Z-]+\)/.exec(messageOf(error));
  return m ? Number(m[1]) : undefined;
}

/** The broker's own words from a close ("NOT_FOUND - no exchange 'x' in vhost '/'"), or the error's message. */
function brokerWords(error: unknown): string {
  const text = messageOf(error);
  const m = /with message "([^"]*)"/.exec(text);
  return maskText(m ? m[1] : text);
}

/**
 * A failure to open the connection, its channel, or to declare or check the exchange. `what` says
 * what was attempted ("connect to amqp://…"), for the message.
 */
export function openError(
  error: unknown,
  what: string,
  target: PublishTarget,
  timeoutMs: number,
  onChannelClosed: (error: unknown) => OwhError = (e) => channelError(e, target),
): OwhError {
  if (error instanceof OwhError) return error;
  const text = messageOf(error);
  const code = codeOf(error);
  if (code === 'ETIMEDOUT' || /ETIMEDOUT/.test(text)) {
    return new OwhError('OWH_SEND_TIMEOUT', { message: `${what}: the broker did not answer within ${timeoutMs} ms`, cause: error });
  }
  if (/Handshake terminated by server: 403/.test(text) || /ACCESS.REFUSED - Login/.test(text)) {
    return new OwhError('OWH_SEND_REJECTED', {
      message: `${what}: the broker refused the login of user '${target.username}' (${brokerWords(error)})`,
      fix: 'Check the connector\'s username and the password in its environment variable (a changed secret needs a restart of the hub).',
      cause: error,
    });
  }
  // A vhost that does not exist (or that the user may not use) closes the connection instead of opening it.
  if (/Expected ConnectionOpenOk; got <ConnectionClose/.test(text) || replyCodeOf(error) === 530) {
    return new OwhError('OWH_SEND_REJECTED', {
      message: `${what}: the broker refused to open vhost '${target.vhost}' for user '${target.username}' (it does not exist, or the user has no permission on it)`,
      fix: 'Check the connector\'s vhost, and that the broker\'s owner gave the user permissions on it (rabbitmqctl set_permissions).',
      cause: error,
    });
  }
  if (replyCodeOf(error) !== undefined) return onChannelClosed(error);
  if (typeof code === 'string' && NETWORK_WORDS[code]) {
    return new OwhError('OWH_SEND_NETWORK', { message: `${what} failed: ${NETWORK_WORDS[code]} (${code})`, cause: error });
  }
  return new OwhError('OWH_SEND_NETWORK', { message: `${what} failed: ${maskText(text)}${typeof code === 'string' ? ` (${code})` : ''}`, cause: error });
}

/** The broker closed the publishing channel (it does so for an error in what the channel did). */
export function channelError(error: unknown, target: PublishTarget): OwhError {
  const request = describeTarget(target);
  const words = brokerWords(error);
  switch (replyCodeOf(error)) {
    case 404:
      return target.declare
        ? new OwhError('OWH_SEND_NETWORK', {
            message: `${request}: the exchange is gone (${words}); it is declared again when the connector reconnects`,
            cause: error,
          })
        : new OwhError('OWH_SEND_REJECTED', {
            message: `${request}: the exchange does not exist (${words})`,
            fix: `Ask the broker's owner to declare exchange '${target.exchange}', or set the connector's declare: true so the hub declares it.`,
            cause: error,
          });
    case 406:
      return new OwhError('OWH_SEND_REJECTED', {
        message: `${request}: the exchange exists with other settings than the connector's (${words})`,
        fix: 'Set the connector\'s exchangeType to the existing exchange\'s type, or declare: false to use the exchange as it is.',
        cause: error,
      });
    case 403:
      return new OwhError('OWH_SEND_REJECTED', {
        message: `${request}: the broker does not allow user '${target.username}' to do this (${words})`,
        fix: 'Ask the broker\'s owner for configure/write permissions on the exchange (rabbitmqctl set_permissions), or declare: false if only declaring is refused.',
        cause: error,
      });
    default:
      return new OwhError('OWH_SEND_NETWORK', { message: `${request}: the broker closed the channel (${words})`, cause: error });
  }
}

/** The broker closed the result consumer's channel (a reply queue missing, or declared with other arguments). */
export function consumeError(error: unknown, what: string): OwhError {
  return new OwhError('OWH_SEND_NETWORK', { message: `${what}: the broker refused (${brokerWords(error)})`, cause: error });
}

/** The connection or channel went away while the message waited for its confirm. */
export function lostError(target: PublishTarget, reason: Error | undefined): OwhError {
  const why = reason ? ` (${brokerWords(reason)})` : '';
  return new OwhError('OWH_SEND_NETWORK', {
    message: `${describeTarget(target)}: the connection to the broker was lost before the broker confirmed the message${why}`,
    cause: reason,
  });
}

/** A connection that was open went away (the broker restarted, closed it, or the network dropped it). */
export function connectionLostError(address: string, reason: Error | undefined): OwhError {
  const why = reason ? ` (${brokerWords(reason)})` : '';
  return new OwhError('OWH_SEND_NETWORK', { message: `the connection to the broker at ${address} was lost${why}`, cause: reason });
}

/** With `mandatory`, the broker hands back a message that no queue is bound to take. */
export function unroutableError(target: PublishTarget, replyCode: number | undefined, replyText: string | undefined): OwhError {
  return new OwhError('OWH_SEND_REJECTED', {
    message: `${describeTarget(target)}: the broker returned the message as unroutable (${replyCode ?? 312} ${replyText ?? 'NO_ROUTE'}): no queue is bound to this routing key`,
    fix: `Ask the department to bind its queue to exchange '${target.exchange}' with routing key '${target.routingKey}' (or correct the connector's exchange and routingKey), then \`owh dlq retry\` the delivery.`,
  });
}

/**
 * The broker refused the message (basic.nack). RabbitMQ does this when a queue it routes to is
 * full and set to refuse (`x-overflow: reject-publish`) or cannot take the message right now:
 * the department is behind, not saying no for good, so it is tried again later.
 */
export function nackError(target: PublishTarget): OwhError {
  return new OwhError('OWH_SEND_SERVER_ERROR', {
    message: `${describeTarget(target)}: the broker refused the message (nack): a queue bound to it is full or could not take it`,
    fix: 'The hub retries with backoff. If it persists, the department\'s consumer is behind: ask them to check the queue\'s length limit and their consumer.',
  });
}

export function confirmTimeoutError(target: PublishTarget, timeoutMs: number): OwhError {
  return new OwhError('OWH_SEND_TIMEOUT', {
    message: `${describeTarget(target)}: the broker did not confirm the message within ${timeoutMs} ms`,
    fix: 'The hub retries with backoff (the department sees the message at most once per messageId if it honours it). If it persists, check the broker (a memory or disk alarm blocks publishers) or raise confirmTimeoutMs.',
  });
}

/** The hub aborted the attempt (it is shutting down, or its own deadline passed). */
export function abortedError(target: PublishTarget, reason: unknown): OwhError {
  if (reason instanceof OwhError) return reason;
  return new OwhError('OWH_SEND_TIMEOUT', { message: `${describeTarget(target)} was aborted by the hub before the broker confirmed it (${maskText(messageOf(reason))})` });
}

export function closedError(target: PublishTarget): OwhError {
  return new OwhError('OWH_CONNECTOR_CLOSED', { message: `${describeTarget(target)}: not sent, the connector is closed` });
}
