import type { SecretRef } from '../../src/config/secrets';

/** The catalog's secret reference (`{env, demoValue?}`), registered in the shared ajv under its `$id`. */
const SECRET_REF = 'urn:owh:schema:catalog:systems:1#/$defs/secretRef';

/** An XML element name without a prefix (an NCName, ASCII letters, digits, `_`, `-`, `.`). */
const XML_NAME = '^[A-Za-z_][A-Za-z0-9_.-]*$';

/** A name as a WSDL gives it (service, port, operation): an NCName, any script. */
const WSDL_NAME = '^[^\\s:<>&"\'/]+$';

/** An operation's name as the catalog uses it (`opinion`, `supplement`, a lookup's `certificate`); no `:`, which separates the parts of an idempotency key. */
const OPERATION_NAME = '^[A-Za-z][A-Za-z0-9_.-]{0,63}$';

/**
 * A local file, never an address: anything that starts with a URL scheme (`http:`, `https:`,
 * `file:`, …) is refused. A one-letter "scheme" is a Windows drive (`C:\…`) and passes.
 */
const LOCAL_PATH = '^(?![A-Za-z][A-Za-z0-9+.-]+:)[^\\u0000]+$';

/**
 * The settings of one SOAP connector (JSON Schema, draft 2020-12): the single source of truth. The
 * registry validates `systems.yaml` against it and applies its defaults before `create()`,
 * `docs/adapters/soap.md` describes the same settings (a test keeps them in step), and
 * {@link SoapConfig} is its TypeScript shape.
 *
 * Settings whose default comes from the WSDL (`service`, `port`, `soapVersion`, `endpoint`,
 * `idempotencyHeaderNamespace`) have no `default` here: `create()` reads the WSDL and fills them.
 * `auth` is discriminated with `if`/`then` on `type` (as in the REST adapter), so ajv applies the
 * defaults inside a branch and reports one precise error for a wrong shape.
 */
export const soapConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:owh:schema:adapter:soap:1',
  title: 'SOAP connector',
  description:
    'Delivers each case to a department system as one SOAP operation call, built from the system\'s WSDL (a local file). The mapping output is the operation\'s arguments; the operation\'s result is the answer. Other messages about a case (opinions, supplements, lookups) call the WSDL operations named under operations.',
  type: 'object',
  required: ['wsdl', 'operation'],
  additionalProperties: false,
  properties: {
    wsdl: {
      description:
        'The system\'s WSDL, a local file: relative to the catalog folder, or absolute. Never a URL: the hub does not fetch a WSDL (or anything it imports) from the network.',
      type: 'string',
      minLength: 1,
      pattern: LOCAL_PATH,
      examples: ['wsdl/hrss-social-insurance.wsdl'],
    },
    endpoint: {
      description:
        'Where the system listens (http or https), replacing the address the WSDL gives for the port. When absent, the WSDL\'s address.',
      type: 'string',
      format: 'uri',
      pattern: '^https?://[^#\\s]+$',
      examples: ['http://127.0.0.1:18111/ws/shbx', 'https://shbx.hrss.example.gov.cn/ws/shbx'],
    },
    service: {
      description: 'The WSDL service to call. When absent, the WSDL\'s first service.',
      type: 'string',
      pattern: WSDL_NAME,
      examples: ['SocialInsuranceService'],
    },
    port: {
      description:
        'The port of that service (it fixes the binding: SOAP 1.1 or 1.2, and the address). When absent, the service\'s first port of the SOAP version set in soapVersion, or its first port.',
      type: 'string',
      pattern: WSDL_NAME,
      examples: ['SocialInsurancePort', 'SocialInsuranceSoap12Port'],
    },
    operation: {
      description: 'The operation that takes a case (the submit operation), as the WSDL names it. The mapping output becomes its arguments.',
      type: 'string',
      pattern: WSDL_NAME,
      examples: ['SubmitApplication', 'submitCase'],
    },
    operations: {
      description:
        'Other messages about a case that this system takes, by the operation name the catalog uses, each as the name of the WSDL operation (on the same port) that takes it: a co-handler\'s opinion for the lead department (opinion), material the applicant supplied later (supplement), a lookup whose answer the hub reads (such as certificate). The message\'s payload is that operation\'s arguments and its result is the answer; the idempotency key (`<caseId>:<systemId>:<operation>:<ref>`) travels in the idempotency header, and in idempotencyArgument when that operation has such an argument. Each WSDL operation named here must exist on the port (checked at start); a message whose operation is not listed is refused (OWH_OPERATION_UNKNOWN).',
      type: 'object',
      propertyNames: { pattern: OPERATION_NAME },
      additionalProperties: { type: 'string', pattern: WSDL_NAME },
      default: {},
      examples: [{ opinion: 'ReceiveOpinion', certificate: 'QueryCertificate' }],
    },
    soapVersion: {
      description:
        'SOAP 1.1 (text/xml, SOAPAction header) or 1.2 (application/soap+xml with the action). When absent, the version of the port\'s binding in the WSDL.',
      type: 'string',
      enum: ['1.1', '1.2'],
      examples: ['1.1', '1.2'],
    },
    timeoutMs: {
      description:
        'How long one call may take, from connecting to the last byte of the answer. When absent, the delivery policy\'s default timeout.',
      type: 'integer',
      minimum: 1,
      examples: [10000],
    },
    connections: {
      description: 'Most sockets kept open to the system at once (a keep-alive pool); calls beyond it wait for a free socket.',
      type: 'integer',
      minimum: 1,
      maximum: 1024,
      default: 16,
      examples: [16, 4],
    },
    auth: {
      description:
        'How the hub proves who it is. Secrets are named by environment variable and read once, when the hub starts; files are read then too (relative to the catalog folder).',
      type: 'object',
      required: ['type'],
      properties: {
        type: {
          description:
            'none; wsSecurity (a WS-Security UsernameToken in the SOAP header); basic (HTTP Authorization: Basic); tls (a TLS client certificate, for an https endpoint).',
          type: 'string',
          enum: ['none', 'wsSecurity', 'basic', 'tls'],
          examples: ['wsSecurity'],
        },
      },
      allOf: [
        {
          if: { properties: { type: { const: 'none' } } },
          then: { additionalProperties: false, properties: { type: true } },
        },
        {
          if: { properties: { type: { const: 'wsSecurity' } } },
          then: {
            required: ['username', 'password'],
            additionalProperties: false,
            properties: {
              type: true,
              username: { description: 'The UsernameToken\'s user name (not a secret).', type: 'string', minLength: 1, examples: ['owh'] },
              password: { description: 'The UsernameToken\'s password.', $ref: SECRET_REF, writeOnly: true, examples: [{ env: 'OWH_HRSS_SOAP_PASSWORD' }] },
              passwordType: {
                description: 'PasswordText sends the password itself (use it over https); PasswordDigest sends a digest of it with a nonce and a timestamp.',
                type: 'string',
                enum: ['PasswordText', 'PasswordDigest'],
                default: 'PasswordText',
                examples: ['PasswordText', 'PasswordDigest'],
              },
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
              password: { description: 'The password.', $ref: SECRET_REF, writeOnly: true, examples: [{ env: 'OWH_PSB_SOAP_PASSWORD' }] },
            },
          },
        },
        {
          if: { properties: { type: { const: 'tls' } } },
          then: {
            required: ['cert', 'key'],
            additionalProperties: false,
            properties: {
              type: true,
              cert: { description: 'PEM file of the hub\'s client certificate.', type: 'string', minLength: 1, pattern: LOCAL_PATH, examples: ['certs/owh-client.pem'] },
              key: { description: 'PEM file of the client certificate\'s private key.', type: 'string', minLength: 1, pattern: LOCAL_PATH, examples: ['certs/owh-client.key'] },
              passphrase: { description: 'Passphrase of the private key, if it is encrypted.', $ref: SECRET_REF, writeOnly: true, examples: [{ env: 'OWH_CLIENT_KEY_PASSPHRASE' }] },
              ca: {
                description: 'PEM file of the certificate authority the system\'s certificate must chain to. When absent, the system\'s certificate must chain to a public authority.',
                type: 'string',
                minLength: 1,
                pattern: LOCAL_PATH,
                examples: ['certs/gov-ca.pem'],
              },
            },
          },
        },
      ],
      default: { type: 'none' },
      examples: [
        { type: 'wsSecurity', username: 'owh', password: { env: 'OWH_HRSS_SOAP_PASSWORD' } },
        { type: 'tls', cert: 'certs/owh-client.pem', key: 'certs/owh-client.key', ca: 'certs/gov-ca.pem' },
      ],
    },
    idempotencyHeader: {
      description:
        'The SOAP header element that carries the delivery\'s idempotency key (`<caseId>:<systemId>`), the same on every attempt. false: no header (then set idempotencyArgument).',
      oneOf: [
        { type: 'string', pattern: XML_NAME },
        { const: false },
      ],
      default: 'IdempotencyKey',
      examples: ['IdempotencyKey', 'RequestId', false],
    },
    idempotencyHeaderNamespace: {
      description: 'The namespace of the idempotency header element; an empty string for none. When absent, the WSDL\'s targetNamespace.',
      type: 'string',
      examples: ['http://shbx.hrss.example.gov.cn/ws', ''],
    },
    idempotencyArgument: {
      description:
        'An argument of the operation that carries the idempotency key, for systems that take it in the body (e.g. their serial number, ywlsh). The hub sets it on every call, replacing what the mapping put there.',
      type: 'string',
      pattern: XML_NAME,
      examples: ['ywlsh', 'idempotencyKey'],
    },
    maxResponseBytes: {
      description:
        'Largest answer the hub reads. A larger one is refused before it is parsed (OWH_XML_UNSAFE), like one with a DOCTYPE or an entity declaration.',
      type: 'integer',
      minimum: 1,
      default: 1048576,
      examples: [1048576, 262144],
    },
    health: {
      description:
        'The health check: an operation to call (up when it answers without a fault), or, when none is named, a GET of the endpoint\'s ?wsdl (up when the system answers below 500, other than 401/403).',
      type: 'object',
      additionalProperties: false,
      properties: {
        operation: { description: 'An operation without arguments to call as the health check (a ping).', type: 'string', pattern: WSDL_NAME, examples: ['Ping'] },
      },
      default: {},
      examples: [{ operation: 'Ping' }, {}],
    },
    poll: {
      description: 'For systems whose results are fetched: the hub calls this operation on a schedule and hands each result it returns to the system\'s result mapping.',
      type: 'object',
      required: ['operation'],
      additionalProperties: false,
      properties: {
        operation: { description: 'The operation that returns the results waiting for the hub.', type: 'string', pattern: WSDL_NAME, examples: ['QueryResults'] },
        intervalMs: { description: 'Time between the end of one poll and the start of the next.', type: 'integer', minimum: 50, default: 30000, examples: [30000, 60000] },
        args: { description: 'The poll operation\'s arguments, the same on every poll.', type: 'object', default: {}, examples: [{ maxCount: 100 }] },
        resultsPath: {
          description:
            'Dotted path to the list of results in the operation\'s answer (e.g. results.result). When absent, the answer is followed down while it has a single element; a list found there is the results, an object is one result.',
          type: 'string',
          pattern: '^[^.\\s]+(\\.[^.\\s]+)*$',
          examples: ['results.result'],
        },
      },
      examples: [{ operation: 'QueryResults', intervalMs: 60000, args: { maxCount: 100 }, resultsPath: 'results.result' }],
    },
  },
  examples: [
    {
      wsdl: 'wsdl/hrss-social-insurance.wsdl',
      endpoint: 'http://127.0.0.1:18111/ws/shbx',
      service: 'SocialInsuranceService',
      port: 'SocialInsurancePort',
      operation: 'SubmitApplication',
      auth: { type: 'wsSecurity', username: 'owh', password: { env: 'OWH_HRSS_SOAP_PASSWORD' } },
      timeoutMs: 10000,
    },
    {
      wsdl: 'wsdl/psb-household.wsdl',
      operation: 'acceptApplication',
      soapVersion: '1.2',
      auth: { type: 'basic', username: 'owh', password: { env: 'OWH_PSB_SOAP_PASSWORD' } },
      idempotencyHeader: false,
      idempotencyArgument: 'ywlsh',
      operations: { opinion: 'receiveOpinion', supplement: 'receiveSupplement' },
      health: { operation: 'Ping' },
      poll: { operation: 'QueryResults', intervalMs: 60000, resultsPath: 'results.result' },
    },
    {
      wsdl: 'wsdl/eco-eia.wsdl',
      endpoint: 'https://hpsp.eco.example.gov.cn/ws/hpsp',
      operation: 'submitApplication',
      auth: { type: 'tls', cert: 'certs/owh-client.pem', key: 'certs/owh-client.key', passphrase: { env: 'OWH_CLIENT_KEY_PASSPHRASE' }, ca: 'certs/gov-ca.pem' },
      connections: 4,
      maxResponseBytes: 262144,
    },
  ],
} as const;

export type SoapAuth =
  | { type: 'none' }
  | { type: 'wsSecurity'; username: string; password: SecretRef; passwordType: 'PasswordText' | 'PasswordDigest' }
  | { type: 'basic'; username: string; password: SecretRef }
  | { type: 'tls'; cert: string; key: string; passphrase?: SecretRef; ca?: string };

/** The settings of a SOAP connector after validation (defaults applied); see {@link soapConfigSchema}. */
export interface SoapConfig {
  wsdl: string;
  /** Absent: the WSDL's address of the port. */
  endpoint?: string;
  /** Absent: the WSDL's first service. */
  service?: string;
  /** Absent: the service's first port (of soapVersion, when set). */
  port?: string;
  operation: string;
  /**
   * WSDL operation by the catalog's operation name; empty when the connector takes only the case
   * itself (absent only when built without the registry, which applies the default `{}`: the same).
   */
  operations?: Record<string, string>;
  /** Absent: the version of the port's binding. */
  soapVersion?: '1.1' | '1.2';
  /** Absent: the delivery policy's default timeout. */
  timeoutMs?: number;
  connections: number;
  auth: SoapAuth;
  idempotencyHeader: string | false;
  /** Absent: the WSDL's targetNamespace. */
  idempotencyHeaderNamespace?: string;
  idempotencyArgument?: string;
  maxResponseBytes: number;
  health: { operation?: string };
  poll?: { operation: string; intervalMs: number; args: Record<string, unknown>; resultsPath?: string };
}
