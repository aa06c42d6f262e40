import type { AdapterSpec } from '../../src/adapters/contract';
import { AmqpConnector } from './amqp-connector';
import { amqpConfigSchema, AmqpConfig } from './config-schema';

export type { AmqpConfig } from './config-schema';
export { amqpConfigSchema } from './config-schema';
export { AmqpConnector } from './amqp-connector';

/**
 * The `amqp` adapter kind: a department system that takes cases from a RabbitMQ (AMQP 0-9-1)
 * exchange and sends its results to a reply queue, which the connector consumes.
 */
export const amqpAdapter: AdapterSpec<AmqpConfig> = {
  kind: 'amqp',
  title: 'AMQP (RabbitMQ, publisher confirms)',
  description:
    'Publishes each case to the system\'s exchange as a persistent JSON message (messageId and correlationId carry the idempotency key) and counts it as delivered when the broker confirms it. A message no queue is bound to take is refused for good; a nack, a lost connection or a missing confirm are retried, reconnecting with backoff. Results are consumed from the reply queue and acknowledged once stored; replies that cannot be parsed or are refused go to a dead-letter exchange. Other messages about a case (an opinion for the lead department, a supplement) are published the same way, with the operation as the message type and in x-owh-operation, routed as operations says.',
  configSchema: amqpConfigSchema,
  capabilities: { results: ['consume'], payload: 'json', answers: false },
  create: (config, context) => new AmqpConnector(config, context),
};
