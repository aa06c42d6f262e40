import type { Logger } from '../log/logger';
import type { SecretRef } from '../config/secrets';

/**
 * The adapter contract: what every adapter kind (rest, soap, file, amqp, plug-ins) implements.
 *
 * An adapter kind is a spec object ({@link AdapterSpec}) exported from one folder under
 * `adapters/`. The hub validates each connector's settings against the spec's `configSchema`
 * and calls `create()` once per connector at start; the connector then lives until `close()`.
 *
 * Semantics every connector must keep (the conformance suite checks them):
 * - `send()` resolves only when the department system has taken the message (an HTTP 2xx, a
 *   broker confirm, a renamed file). Resolving means "delivered": the hub will not send it again.
 * - `send()` rejects with an {@link OwhError} whose code classifies the failure:
 *   retryable (`OWH_SEND_TIMEOUT`, `OWH_SEND_NETWORK`, `OWH_SEND_SERVER_ERROR`,
 *   `OWH_SEND_RATE_LIMITED` with `retryAfterMs`) or permanent (`OWH_SEND_REJECTED`,
 *   `OWH_SEND_BAD_RESPONSE`). Anything else thrown is treated as retryable.
 * - The same message may be sent more than once (after a crash or a timeout whose request did
 *   arrive). Every send carries `idempotencyKey` (`<caseId>:<systemId>`) in the kind's own way,
 *   so a system that honours it applies the case once.
 * - A lost connection is not an error to surface at start: the connector reconnects on the next
 *   send (with its own backoff where the transport has one); meanwhile deliveries wait in the outbox.
 * - Results a system does not push to the hub's API are brought back by the connector itself
 *   (`start()`), each handed to `context.results.submit()` and acknowledged only once stored.
 * - `close()` releases every socket, timer and file handle; sends after it reject with
 *   `OWH_CONNECTOR_CLOSED` (retryable, so nothing is lost).
 */
export interface AdapterSpec<Config = Record<string, unknown>> {
  /** The kind's name, used as `adapter:` in systems.yaml. */
  kind: string;
  title: string;
  description: string;
  /** JSON Schema (draft 2020-12) of the connector settings, with descriptions, defaults and examples. */
  configSchema: Record<string, unknown>;
  capabilities: AdapterCapabilities;
  /** Builds a connector from settings already validated (defaults applied) against `configSchema`. */
  create(config: Config, context: ConnectorContext): Connector;
  /**
   * Optional: what the system's own interface description says it offers (a SOAP adapter reads its
   * WSDL): services, ports, operations and each operation's input as a JSON Schema. Used by
   * `owh onboard` to list operations and scaffold mappings; reads local files only, no network.
   */
  describe?(config: Config, context: { catalogRoot: string }): Promise<AdapterDescription>;
}

/** What {@link AdapterSpec.describe} found in a system's interface description. */
export interface AdapterDescription {
  services: Array<{ name: string; ports: Array<{ name: string; soapVersion?: string; address?: string; operations: string[] }> }>;
  /** The operations (of the port the settings pick, or of every port), each with its input as a JSON Schema when it could be derived. */
  operations: Array<{ name: string; input?: Record<string, unknown> }>;
}

export interface AdapterCapabilities {
  /**
   * How results come back from systems of this kind: `push` (the system posts them to the hub's
   * API or SOAP callback), `poll` (the connector asks the system on a schedule), `pickup` (the
   * connector reads result files), `consume` (the connector consumes a reply queue). All but
   * `push` run in the connector, started by `start()`, and hand each result to `context.results`.
   */
  results: Array<'push' | 'poll' | 'pickup' | 'consume'>;
  /** The format this kind puts on the wire. */
  payload: 'json' | 'xml' | 'csv' | 'any';
  /**
   * Whether a send's answer is the system's answer to the request (HTTP, SOAP), so a lookup
   * (data sharing) can run on it. A file drop or a broker publish only says "taken".
   */
  answers: boolean;
}

/** What the hub gives a connector when it creates it. */
export interface ConnectorContext {
  /** `<systemId>` or `<systemId>@<district>` for a district's instance. */
  connectorId: string;
  systemId: string;
  logger: Logger;
  /**
   * Reads a secret named in the settings (`{env, demoValue?}`) from the environment; throws
   * `OWH_SECRET_MISSING` when it is unset (demo values apply only on a loopback-bound hub).
   * Call it in `create()`, so a missing secret stops the hub at start, not at the first send.
   */
  secret(ref: SecretRef): string;
  /** The default timeout of the delivery policy, used when the connector sets none. */
  defaultTimeoutMs: number;
  /** Where the connector hands the results it polls, picks up or consumes. */
  results: ResultSink;
  /** The catalog folder: relative paths in settings (a WSDL, folders) are resolved against it. */
  catalogRoot: string;
}

/**
 * The hub's side of results that a connector brings back itself. `submit` maps the system's own
 * format with the system's result mapping, validates it, and stores it once; it resolves when the
 * result is stored (or was already: `duplicate`), and only then may the connector acknowledge the
 * message, move the file to processed/, and so on. It rejects with an OwhError when the hub
 * refuses the result (OWH_RESULT_INVALID, OWH_RESULT_CONFLICT, OWH_CASE_NOT_FOUND,
 * OWH_AUTH_FORBIDDEN): the input is then set aside (error/ folder, dead-letter exchange), never
 * dropped. Any other rejection (the store unavailable) means: keep the input and try again later.
 */
export interface ResultSink {
  submit(input: {
    /** The case, when the channel says it (an AMQP correlation id); else the result mapping's `caseId`. */
    caseId?: string;
    /** The result in the system's own format. */
    body: unknown;
  }): Promise<{ caseId: string; status: string; duplicate: boolean }>;
}

/** One delivery's message, already mapped to the system's format. */
export interface OutboundMessage {
  /**
   * The same for every attempt of this message: `<caseId>:<systemId>` for the case itself,
   * `<caseId>:<systemId>:<operation>:<ref>` for another message about it (a co-handler's opinion
   * forwarded to the lead, a supplement, a lookup).
   */
  idempotencyKey: string;
  /**
   * Absent for the case itself (the connector's main send). Otherwise the name of another
   * operation on the same system, as the catalog uses it: `opinion` (a co-handler's opinion for
   * the lead), `supplement` (material the applicant supplied), or a lookup's operation (a
   * request whose answer the hub reads). A connector maps the name to its transport through its
   * `operations` settings; one it cannot carry is refused with `OWH_OPERATION_UNKNOWN`.
   */
  operation?: string;
  caseId: string;
  itemCode: string;
  systemId: string;
  deliveryId: number;
  /** 1 for the first attempt. */
  attempt: number;
  /** The request mapping's output. */
  payload: unknown;
}

/** What the system answered, before the response mapping turns it into a receipt. */
export interface SendResult {
  /** A transport status, e.g. the HTTP status. */
  status?: number;
  /** The system's answer, parsed (JSON) or as text. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type HealthState = 'up' | 'degraded' | 'down';

export interface HealthReport {
  state: HealthState;
  /** What was checked and what it showed, for people. */
  detail: string;
  checkedAt: string;
  latencyMs?: number;
}

export interface Connector {
  readonly id: string;
  readonly kind: string;
  /** Delivers one message; see the contract's semantics above. */
  send(message: OutboundMessage, signal?: AbortSignal): Promise<SendResult>;
  /**
   * Starts what brings results back (a folder watcher, a queue consumer, a poll timer), in the
   * thread that delivers. Called once, after `create()`. Must not fail for a peer that is down:
   * keep trying with backoff and report it through `health()`.
   */
  start?(): Promise<void>;
  /** An active probe of the system (reachability, auth). Never throws: reports `down` instead. */
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}
