import type { SecretRef } from '../../src/config/secrets';

/** The catalog's secret reference (`{env, demoValue?}`), registered in the shared ajv under its `$id`. */
const SECRET_REF = 'urn:owh:schema:catalog:systems:1#/$defs/secretRef';

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

/** A header value on one line (a line break would let a value smuggle in another header). */
const HEADER_VALUE = '^[^\\r\\n\\u0000]*$';

/** A request path after baseUrl, with the message's placeholders. */
const PATH = '^/(?:[^{}]|\\{(?:caseId|itemCode|systemId|idempotencyKey)\\})*$';

/** An operation's name as the catalog uses it (`opinion`, `supplement`, a lookup's `certificate`); no `:`, which separates the parts of an idempotency key. */
const OPERATION_NAME = '^[A-Za-z][A-Za-z0-9_.-]{0,63}$';

/**
 * The settings of one REST connector (JSON Schema, draft 2020-12). This is the single source of
 * truth: the registry validates `systems.yaml` against it and applies its defaults before
 * `create()`, `docs/adapters/rest.md` describes the same settings, and {@link RestConfig} is
 * its TypeScript shape.
 *
 * `auth` is discriminated with `if`/`then` on `type` rather than `oneOf`: ajv applies defaults
 * inside `then` (not inside `oneOf`), so `auth.header` gets its default from here, and a wrong
 * `auth` gets one precise error ("/auth/token is required") instead of one per alternative.
 */
export const restConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:owh:schema:adapter:rest:1',
  title: 'REST connector',
  description:
    'Delivers each case to a department system as one JSON request (POST or PUT) over HTTP(S), with a keep-alive connection pool. A 2xx answer means delivered. Other messages about a case (opinions, supplements, lookups) go to the paths named under operations.',
  type: 'object',
  required: ['baseUrl'],
  additionalProperties: false,
  properties: {
    baseUrl: {
      description:
        'Where the system listens: scheme, host, port and an optional path prefix that every request path is appended to. No query string.',
      type: 'string',
      format: 'uri',
      pattern: '^https?://[^?#]+$',
      examples: ['http://127.0.0.1:18101', 'https://zwfw.example.gov.cn/amr'],
    },
    path: {
      description:
        'Request path, appended to baseUrl. May contain {caseId}, {itemCode}, {systemId} and {idempotencyKey}; each is replaced by the message\'s value, URL-encoded.',
      type: 'string',
      pattern: PATH,
      default: '/',
      examples: ['/api/sl/sqxx', '/api/cases/{caseId}'],
    },
    method: {
      description: 'HTTP method of a delivery: POST to create, PUT for systems that take the case at its own URL (with {caseId} in path).',
      type: 'string',
      enum: ['POST', 'PUT'],
      default: 'POST',
      examples: ['POST', 'PUT'],
    },
    operations: {
      description:
        'Other messages about a case that this system takes, by the operation name the catalog uses, each as {method, path}: a co-handler\'s opinion for the lead department (opinion), material the applicant supplied later (supplement), a lookup whose answer the hub reads (such as certificate). Headers, auth, the idempotency header (the key is then `<caseId>:<systemId>:<operation>:<ref>`), the timeout and the classification of failures are the connector\'s. A message whose operation is not listed here is refused (OWH_OPERATION_UNKNOWN) before anything is sent.',
      type: 'object',
      propertyNames: { pattern: OPERATION_NAME },
      additionalProperties: {
        type: 'object',
        required: ['path'],
        additionalProperties: false,
        properties: {
          method: {
            description: 'HTTP method of the operation. POST, PUT and PATCH send the payload as a JSON body; GET sends no body: the payload\'s top-level text, number and true/false fields become the query string (a field that is an object or a list cannot, and the message is refused).',
            type: 'string',
            enum: ['POST', 'PUT', 'PATCH', 'GET'],
            default: 'POST',
            examples: ['POST', 'GET'],
          },
          path: {
            description: 'Request path of the operation, appended to baseUrl, with the same placeholders as path ({caseId}, {itemCode}, {systemId}, {idempotencyKey}), each URL-encoded.',
            type: 'string',
            pattern: PATH,
            examples: ['/api/cases/{caseId}/opinions', '/api/shebao/certificate'],
          },
        },
      },
      default: {},
      examples: [{ opinion: { path: '/api/cases/{caseId}/opinions' }, supplement: { method: 'PUT', path: '/api/cases/{caseId}/supplements/{idempotencyKey}' }, certificate: { method: 'GET', path: '/api/shebao/certificate' } }],
    },
    headers: {
      description:
        'Extra request headers, sent with every delivery and health check. They may replace content-type, accept and user-agent, but never the idempotency or auth header. Not for secrets: put those in auth.',
      type: 'object',
      propertyNames: { pattern: HEADER_NAME },
      additionalProperties: { type: 'string', pattern: HEADER_VALUE },
      default: {},
      examples: [{ 'X-Source': 'onewindow' }],
    },
    idempotencyHeader: {
      description:
        'The header that carries the delivery\'s idempotency key (`<caseId>:<systemId>`), the same on every attempt, so a system that honours it applies a case once.',
      type: 'string',
      pattern: HEADER_NAME,
      default: 'Idempotency-Key',
      examples: ['Idempotency-Key', 'X-Request-Id'],
    },
    auth: {
      description: 'How the hub proves who it is. Secrets are named by environment variable and read once, when the hub starts.',
      type: 'object',
      required: ['type'],
      properties: {
        type: {
          description: 'none; bearer (Authorization: Bearer <token>); basic (Authorization: Basic); api-key (the key in a header of its own).',
          type: 'string',
          enum: ['none', 'bearer', 'basic', 'api-key'],
          examples: ['bearer'],
        },
      },
      allOf: [
        {
          if: { properties: { type: { const: 'none' } } },
          then: { additionalProperties: false, properties: { type: true } },
        },
        {
          if: { properties: { type: { const: 'bearer' } } },
          then: {
            required: ['token'],
            additionalProperties: false,
            properties: {
              type: true,
              token: { description: 'The bearer token.', $ref: SECRET_REF, writeOnly: true, examples: [{ env: 'OWH_AMR_REGISTRATION_TOKEN' }] },
            },
          },
        },
        {
          if: { properties: { type: { const: 'basic' } } },
          then: {
            required: ['username', 'password'],
            additionalProperties: false,
            properties: {
              type: true,
              username: { description: 'The user name (not a secret; no colon, as basic authentication cannot carry one).', type: 'string', pattern: '^[^:\\r\\n]+$', examples: ['owh'] },
              password: { description: 'The password.', $ref: SECRET_REF, writeOnly: true, examples: [{ env: 'OWH_HRSS_PASSWORD' }] },
            },
          },
        },
        {
          if: { properties: { type: { const: 'api-key' } } },
          then: {
            required: ['key'],
            additionalProperties: false,
            properties: {
              type: true,
              header: { description: 'The header that carries the key.', type: 'string', pattern: HEADER_NAME, default: 'X-Api-Key', examples: ['X-Api-Key', 'appKey'] },
              key: { description: 'The API key.', $ref: SECRET_REF, writeOnly: true, examples: [{ env: 'OWH_LAND_API_KEY' }] },
            },
          },
        },
      ],
      default: { type: 'none' },
      examples: [{ type: 'bearer', token: { env: 'OWH_AMR_REGISTRATION_TOKEN' } }, { type: 'api-key', header: 'X-Api-Key', key: { env: 'OWH_LAND_API_KEY' } }],
    },
    timeoutMs: {
      description:
        'How long one attempt may take, from connecting to the last byte of the answer (also the limit between two chunks of the answer). When absent, the delivery policy\'s default timeout.',
      type: 'integer',
      minimum: 1,
      examples: [10000],
    },
    connections: {
      description: 'Most sockets kept open to the system at once (the keep-alive pool); requests beyond it wait for a free socket.',
      type: 'integer',
      minimum: 1,
      maximum: 1024,
      default: 16,
      examples: [16, 4],
    },
    tls: {
      description: 'TLS settings for an https baseUrl. Files are read once, when the hub starts; relative paths are from the catalog folder.',
      type: 'object',
      additionalProperties: false,
      properties: {
        ca: { description: 'PEM file of the certificate authority (or the self-signed certificate) the system\'s certificate must chain to.', type: 'string', minLength: 1, examples: ['certs/gov-ca.pem'] },
        cert: { description: 'PEM file of the hub\'s client certificate, for systems that require mutual TLS.', type: 'string', minLength: 1, examples: ['certs/owh-client.pem'] },
        key: { description: 'PEM file of the client certificate\'s private key.', type: 'string', minLength: 1, examples: ['certs/owh-client.key'] },
        passphrase: { description: 'Passphrase of the private key, if it is encrypted.', $ref: SECRET_REF, writeOnly: true, examples: [{ env: 'OWH_CLIENT_KEY_PASSPHRASE' }] },
        rejectUnauthorized: {
          description: 'Refuse a server certificate that does not verify. Turn off only for a test system: the connection is then open to impersonation (the hub logs a warning).',
          type: 'boolean',
          default: true,
          examples: [true],
        },
      },
      examples: [{ ca: 'certs/gov-ca.pem', rejectUnauthorized: true }],
    },
    health: {
      description: 'The request the health check sends. Up when the answer is below 500 and not 401/403.',
      type: 'object',
      additionalProperties: false,
      properties: {
        method: { description: 'Method of the health request.', type: 'string', enum: ['GET', 'HEAD', 'OPTIONS'], default: 'GET', examples: ['GET', 'HEAD'] },
        path: { description: 'Path of the health request, appended to baseUrl.', type: 'string', pattern: '^/', default: '/', examples: ['/', '/health'] },
      },
      default: {},
      examples: [{ method: 'GET', path: '/health' }],
    },
    maxResponseBytes: {
      description: 'Largest answer the hub reads; a larger one fails the delivery as a bad response.',
      type: 'integer',
      minimum: 1,
      default: 1048576,
      examples: [1048576],
    },
  },
  examples: [
    {
      baseUrl: 'http://127.0.0.1:18101',
      path: '/api/sl/sqxx',
      auth: { type: 'bearer', token: { env: 'OWH_AMR_REGISTRATION_TOKEN' } },
      timeoutMs: 10000,
    },
    {
      baseUrl: 'https://zwfw.example.gov.cn/land',
      path: '/cases/{caseId}',
      method: 'PUT',
      headers: { 'X-Source': 'onewindow' },
      auth: { type: 'api-key', header: 'appKey', key: { env: 'OWH_LAND_API_KEY' } },
      tls: { ca: 'certs/gov-ca.pem' },
      health: { method: 'HEAD', path: '/health' },
      connections: 4,
    },
    {
      baseUrl: 'http://10.20.0.15:8080/hrss',
      path: '/api/shebao/{itemCode}',
      idempotencyHeader: 'X-Request-Id',
      auth: { type: 'basic', username: 'owh', password: { env: 'OWH_HRSS_PASSWORD' } },
      maxResponseBytes: 262144,
      operations: {
        opinion: { path: '/api/shebao/{caseId}/yj' },
        certificate: { method: 'GET', path: '/api/shebao/cbzm' },
      },
    },
  ],
} as const;

export type RestAuth =
  | { type: 'none' }
  | { type: 'bearer'; token: SecretRef }
  | { type: 'basic'; username: string; password: SecretRef }
  | { type: 'api-key'; header: string; key: SecretRef };

/** How one named operation is called (see `operations` in {@link restConfigSchema}). */
export interface RestOperation {
  method: 'POST' | 'PUT' | 'PATCH' | 'GET';
  path: string;
}

/** The settings of a REST connector after validation (defaults applied); see {@link restConfigSchema}. */
export interface RestConfig {
  baseUrl: string;
  path: string;
  method: 'POST' | 'PUT';
  /**
   * By operation name; empty when the connector takes only the case itself (absent only when built
   * without the registry, which applies the default `{}`: the same).
   */
  operations?: Record<string, RestOperation>;
  headers: Record<string, string>;
  idempotencyHeader: string;
  auth: RestAuth;
  /** Absent: the delivery policy's default timeout. */
  timeoutMs?: number;
  connections: number;
  tls?: {
    ca?: string;
    cert?: string;
    key?: string;
    passphrase?: SecretRef;
    rejectUnauthorized: boolean;
  };
  health: { method: 'GET' | 'HEAD' | 'OPTIONS'; path: string };
  maxResponseBytes: number;
}
