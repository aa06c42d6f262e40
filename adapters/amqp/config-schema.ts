import type { SecretRef } from '../../src/config/secrets';

/** The catalog's secret reference (`{env, demoValue?}`), registered in the shared ajv under its `$id`. */
const SECRET_REF = 'urn:owh:schema:catalog:systems:1#/$defs/secretRef';

/**
 * A broker address: amqp:// or amqps://, a host (name, IPv4 or [IPv6]) and an optional port, and
 * nothing else. No user:password@ (credentials are secrets, named in `username`/`password`, and a
 * URL is copied into logs and messages), no path (the vhost is its own setting), no query.
 */
const BROKER_URL = '^amqps?://(?:[A-Za-z0-9._~-]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?/?$';

/** An AMQP short string without control characters (exchange, queue and routing key names). */
const AMQP_NAME = '^[^\\u0000-\\u001f\\u007f]*$';

/**
 * An operation's name as the catalog uses it (`opinion`, `supplement`); no `:`, which separates the
 * parts of an idempotency key. `case` is the `type` of the case itself, so no operation may take it.
 */
const OPERATION_NAME = '^(?!case$)[A-Za-z][A-Za-z0-9_.-]{0,63}$';

/**
 * The settings of one AMQP connector (JSON Schema, draft 2020-12). The single source of truth:
 * the registry validates `systems.yaml` against it and applies its defaults before `create()`,
 * `docs/adapters/amqp.md` describes the same settings (a test keeps them in step), and
 * {@link AmqpConfig} is its TypeScript shape.
 */
export const amqpConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:owh:schema:adapter:amqp:1',
  title: 'AMQP connector',
  description:
    'Publishes each case to a department system\'s exchange on a RabbitMQ (AMQP 0-9-1) broker as a persistent JSON message with publisher confirms, and consumes the system\'s results from its reply queue. A delivery counts as sent when the broker confirms it. Other messages about a case (opinions, supplements) are published the same way, typed by their operation.',
  type: 'object',
  required: ['url', 'username', 'password', 'exchange'],
  additionalProperties: false,
  properties: {
    url: {
      description:
        'The broker: amqp://host:port or amqps://host:port (TLS). No credentials in it (use username and password), no vhost path (use vhost), no query.',
      type: 'string',
      pattern: BROKER_URL,
      examples: ['amqp://127.0.0.1:5672', 'amqps://mq.zwfw.example.gov.cn:5671'],
    },
    username: {
      description: 'The broker user the hub logs in as (not a secret).',
      type: 'string',
      minLength: 1,
      examples: ['owh', 'guest'],
    },
    password: {
      description: 'The broker user\'s password, read from the environment when the hub starts.',
      $ref: SECRET_REF,
      writeOnly: true,
      examples: [{ env: 'OWH_AMQP_PASSWORD' }],
    },
    vhost: {
      description: 'The virtual host on the broker that holds the exchange and the reply queue.',
      type: 'string',
      minLength: 1,
      default: '/',
      examples: ['/', 'zwfw'],
    },
    exchange: {
      description: 'The exchange each case is published to (the department\'s queues are bound to it).',
      type: 'string',
      minLength: 1,
      maxLength: 255,
      pattern: AMQP_NAME,
      examples: ['owh.transport', 'zwfw.cases'],
    },
    exchangeType: {
      description: 'The exchange\'s type, used when the hub declares it (declare: true); it must match an exchange that already exists.',
      type: 'string',
      enum: ['direct', 'topic', 'fanout', 'headers'],
      default: 'direct',
      examples: ['direct', 'topic'],
    },
    routingKey: {
      description:
        'The routing key of each case. May contain {itemCode} and {systemId}, replaced by the message\'s values (e.g. a topic exchange with one queue per item).',
      type: 'string',
      maxLength: 255,
      pattern: AMQP_NAME,
      default: '',
      examples: ['permits.apply', 'cases.{itemCode}'],
    },
    operations: {
      description:
        'Other messages about a case (a co-handler\'s opinion for the lead department, a supplement of material the applicant brought later) are published like the case, typed by their operation; list an operation here, as {exchange, routingKey}, only to publish it elsewhere. They are persistent and confirmed, with the operation as the message\'s type (`case` for the case itself) and in the header x-owh-operation, and the idempotency key `<caseId>:<systemId>:<operation>:<ref>` as messageId; without settings of their own they go to the connector\'s exchange and routingKey.',
      type: 'object',
      propertyNames: { pattern: OPERATION_NAME },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          exchange: {
            description: 'The exchange this operation\'s messages are published to. When absent, the connector\'s exchange. Declared (declare: true, with exchangeType) or checked the first time it is used.',
            type: 'string',
            minLength: 1,
            maxLength: 255,
            pattern: AMQP_NAME,
            examples: ['zwfw.opinions'],
          },
          routingKey: {
            description: 'The routing key of this operation\'s messages. May contain {itemCode}, {systemId} and {operation}. When absent, the connector\'s routingKey.',
            type: 'string',
            maxLength: 255,
            pattern: AMQP_NAME,
            examples: ['permits.opinion', 'cases.{itemCode}.{operation}'],
          },
        },
      },
      default: {},
      examples: [{ opinion: { routingKey: 'permits.opinion' }, supplement: { exchange: 'zwfw.supplements', routingKey: 'cases.{itemCode}.{operation}' } }],
    },
    declare: {
      description:
        'Declare what the hub uses when it connects, durable: the exchange (with exchangeType) and, with replyQueue, the reply queue, its dead-letter exchange and dead queue. Off: they must exist already (the broker\'s owner declares them).',
      type: 'boolean',
      default: true,
      examples: [true, false],
    },
    replyQueue: {
      description:
        'The queue the system sends its results to. The connector consumes it (manual acknowledgement, after each result is stored). Absent: the system returns results another way (the hub\'s result API).',
      type: 'string',
      minLength: 1,
      maxLength: 240,
      pattern: AMQP_NAME,
      examples: ['owh.transport.results'],
    },
    deadLetterExchange: {
      description:
        'Where replies go that cannot be parsed or that the hub refuses: the reply queue\'s x-dead-letter-exchange, bound to the queue `<replyQueue>.dead`. When absent, `<replyQueue>.dlx`.',
      type: 'string',
      minLength: 1,
      maxLength: 255,
      pattern: AMQP_NAME,
      examples: ['owh.transport.results.dlx'],
    },
    prefetch: {
      description: 'Most replies the connector holds unacknowledged at once (consumer prefetch); more wait on the broker.',
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      default: 16,
      examples: [16, 1],
    },
    confirmTimeoutMs: {
      description:
        'How long one delivery may take, from (re)connecting to the broker\'s confirm; without a confirm by then the delivery fails as a timeout and is tried again. When absent, the delivery policy\'s default timeout.',
      type: 'integer',
      minimum: 1,
      examples: [10000],
    },
    heartbeat: {
      description: 'Seconds between AMQP heartbeats, so a dead connection is noticed; 0 turns them off (then only the operating system notices, after minutes).',
      type: 'integer',
      minimum: 0,
      maximum: 65535,
      default: 30,
      examples: [30, 60],
    },
    reconnect: {
      description:
        'Backoff between connection attempts after the broker could not be reached or a connection was lost: the first wait, doubled each time up to the longest (with jitter).',
      type: 'object',
      additionalProperties: false,
      properties: {
        initialMs: { description: 'The first wait before connecting again.', type: 'integer', minimum: 1, default: 500, examples: [500] },
        maxMs: { description: 'The longest wait between two attempts.', type: 'integer', minimum: 1, default: 30000, examples: [30000] },
      },
      default: {},
      examples: [{ initialMs: 500, maxMs: 30000 }],
    },
    tls: {
      description: 'TLS settings for an amqps url. Files are read once, when the hub starts; relative paths are from the catalog folder.',
      type: 'object',
      additionalProperties: false,
      properties: {
        ca: { description: 'PEM file of the certificate authority (or the self-signed certificate) the broker\'s certificate must chain to.', type: 'string', minLength: 1, examples: ['certs/gov-ca.pem'] },
        cert: { description: 'PEM file of the hub\'s client certificate, for brokers that require mutual TLS.', type: 'string', minLength: 1, examples: ['certs/owh-client.pem'] },
        key: { description: 'PEM file of the client certificate\'s private key.', type: 'string', minLength: 1, examples: ['certs/owh-client.key'] },
        passphrase: { description: 'Passphrase of the private key, if it is encrypted.', $ref: SECRET_REF, writeOnly: true, examples: [{ env: 'OWH_AMQP_KEY_PASSPHRASE' }] },
        rejectUnauthorized: {
          description: 'Refuse a broker certificate that does not verify. Turn off only for a test broker: the connection is then open to impersonation (the hub logs a warning).',
          type: 'boolean',
          default: true,
          examples: [true],
        },
      },
      examples: [{ ca: 'certs/gov-ca.pem' }],
    },
  },
  examples: [
    {
      url: 'amqp://127.0.0.1:5672',
      username: 'owh',
      password: { env: 'OWH_AMQP_PASSWORD' },
      exchange: 'owh.transport',
      routingKey: 'permits.apply',
      replyQueue: 'owh.transport.results',
      operations: { opinion: { routingKey: 'permits.opinion' } },
    },
    {
      url: 'amqps://mq.zwfw.example.gov.cn:5671',
      username: 'owh',
      password: { env: 'OWH_ZWFW_MQ_PASSWORD' },
      vhost: 'zwfw',
      exchange: 'zwfw.cases',
      exchangeType: 'topic',
      routingKey: 'cases.{itemCode}',
      declare: false,
      replyQueue: 'zwfw.results.owh',
      deadLetterExchange: 'zwfw.dead',
      prefetch: 8,
      confirmTimeoutMs: 10000,
      heartbeat: 60,
      reconnect: { initialMs: 1000, maxMs: 60000 },
      tls: { ca: 'certs/gov-ca.pem', cert: 'certs/owh-client.pem', key: 'certs/owh-client.key' },
    },
  ],
} as const;

/** The settings of an AMQP connector after validation (defaults applied); see {@link amqpConfigSchema}. */
export interface AmqpConfig {
  url: string;
  username: string;
  password: SecretRef;
  vhost: string;
  exchange: string;
  exchangeType: 'direct' | 'topic' | 'fanout' | 'headers';
  routingKey: string;
  /**
   * By operation name; an operation not listed goes to `exchange` with `routingKey` (absent only
   * when built without the registry, which applies the default `{}`: the same).
   */
  operations?: Record<string, { exchange?: string; routingKey?: string }>;
  declare: boolean;
  /** Absent: no results are consumed. */
  replyQueue?: string;
  /** Absent: `<replyQueue>.dlx`. */
  deadLetterExchange?: string;
  prefetch: number;
  /** Absent: the delivery policy's default timeout. */
  confirmTimeoutMs?: number;
  heartbeat: number;
  reconnect: { initialMs: number; maxMs: number };
  tls?: {
    ca?: string;
    cert?: string;
    key?: string;
    passphrase?: SecretRef;
    rejectUnauthorized: boolean;
  };
}
