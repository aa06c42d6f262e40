import type { Faults } from './faults';
import type { ReceivedMessage } from './messages';
import type { CaseScript } from './scripts';

export type { Faults } from './faults';
export type { MessageOperation, ReceivedMessage } from './messages';
export type { CaseScript, RequiredMaterial, SupplementScript } from './scripts';

/** A lookup a simulated system answered (数据共享): the operation, its arguments as received, and what it answered. */
export interface LookupCall {
  operation: string;
  /** The case the arguments name, when they name one. */
  caseId?: string;
  args: Record<string, unknown>;
  answer: Record<string, unknown>;
  at: string;
}

/**
 * What one simulated system has seen and done since it started (or since `reset()`). For the
 * kinds other than REST, a "request" is a SOAP call, a case file or a message, and a result is
 * "posted" when the hub has it: polled (SOAP QueryResults), taken by the hub's SOAP callback,
 * written into the inbox, or confirmed by the broker on the reply queue.
 */
export interface SimulatorStats {
  system: string;
  connectorId: string;
  /** Requests to the delivery route (calls, files, messages), whatever became of them. */
  received: number;
  /** Cases taken in: first requests with their idempotency key (each one an effect). */
  applied: number;
  /** Repeats of a key already applied, answered with the same receipt and no new effect. */
  duplicatesSuppressed: number;
  /** Requests refused: auth, missing key, invalid body, key reused, injected rejections (REST 4xx, soap:Client faults, unreadable files or messages). */
  rejected: number;
  /** Requests answered with an injected server failure (`failNext`: REST 5xx, soap:Server fault). */
  failed: number;
  /** Requests whose connection was destroyed without an answer (`dropConnectionNext`). */
  dropped: number;
  /** Results the hub took (REST 2xx; see above for the other kinds). */
  resultsPosted: number;
  /** Results the hub refused (a 4xx, a soap:Client fault; logged, not retried). */
  resultsRefused: number;
  /** Cases whose results are still to be posted (a scripted case waiting for material or opinions included). */
  resultsPending: number;
  /** Co-handlers' opinions taken (operation `opinion`), each key once. */
  opinionsReceived: number;
  /** Supplements taken (operation `supplement`), each key once. */
  supplementsReceived: number;
  /** Opinions and supplements sent again under a key already taken (answered with the same receipt). */
  messagesRepeated: number;
  /** Lookups answered (SOAP QueryCertificate). */
  lookupsAnswered: number;
  /** Effects by the case's business key (the caseId in the body, else the one in the idempotency key). */
  appliedByCase: Record<string, number>;
}

/** The fleet's counters summed over its simulators. */
export interface FleetTotals {
  received: number;
  applied: number;
  duplicatesSuppressed: number;
  rejected: number;
  failed: number;
  dropped: number;
  resultsPosted: number;
  resultsRefused: number;
  resultsPending: number;
  opinionsReceived: number;
  supplementsReceived: number;
  messagesRepeated: number;
  lookupsAnswered: number;
  /** The most times any one simulator applied any one case: 1 when every case was applied exactly once (0 when none was). */
  maxAppliedPerCase: number;
}

/** How a simulated system is reached: the adapter kind of its connector. */
export type SimulatorKind = 'rest' | 'soap' | 'file' | 'amqp';

/**
 * What the hub's connector needs to reach a simulator, merged over the catalog's settings
 * (`connectors:` in the hub's configuration): REST `baseUrl`, SOAP `endpoint`, file `outbox` and
 * `inbox`, and for AMQP the names only when the fleet was given a namespace.
 */
export type ConnectorOverride = {
  baseUrl?: string;
  endpoint?: string;
  outbox?: string;
  inbox?: string;
  exchange?: string;
  replyQueue?: string;
};

/** A system the fleet was asked to play and could not start, and why (e.g. no AMQP broker). */
export interface SkippedSimulator {
  system: string;
  connectorId: string;
  kind: SimulatorKind;
  reason: string;
}

/** One simulated department system (or one district's instance of it) on 127.0.0.1. */
export interface RunningSimulator {
  system: string;
  /** `<systemId>` or `<systemId>@<district>`, as the hub names the connector. */
  connectorId: string;
  /** The system's name (a district instance's own name when it has one). */
  name: string;
  kind: SimulatorKind;
  /** How its messages are spelled: gov (pinyin) or open (English). */
  dialect: 'gov' | 'open';
  /**
   * Where it takes cases: the base URL (REST) or endpoint (SOAP) actually listened on, the outbox
   * folder as a file: URL (file drop), or amqp://host:port/<exchange>/<routingKey> (AMQP).
   */
  url: string;
  stats(): SimulatorStats;
  /**
   * Merges faults into the ones in force: keys given replace the current ones, `{}` changes nothing.
   * REST and SOAP simulators play them all (SOAP: soap:Server and soap:Client faults); file-drop and
   * AMQP departments take only `{}` (an outage is a folder or a broker gone).
   */
  setFaults(faults: Faults): void;
  /** Forgets cases, keys, counters, faults, messages and scripts and cancels results not yet posted (receipt numbers keep counting). */
  reset(): void;
  /**
   * Scripts this department's results for one case instead of the seeded decisions (see CaseScript);
   * set it before the case arrives. Refuses a script that is not one (OWH_USAGE).
   */
  script(caseId: string, script: CaseScript): void;
  /** The co-handlers' opinions it took for the case (it leads it), oldest first, each key once, the payload as received. */
  opinionsReceived(caseId: string): ReceivedMessage[];
  /** The supplements (material supplied later) it took for the case, oldest first. */
  supplementsReceived(caseId: string): ReceivedMessage[];
  /** REST only: the case's payload as this department took it (recent cases only). */
  caseReceived?(caseId: string): unknown;
  /** The lookups it answered (SOAP QueryCertificate), oldest first; none for the other kinds. */
  lookupsAnswered(): LookupCall[];
}

export interface SimulatorFleet {
  simulators: RunningSimulator[];
  /** Systems asked for that could not be started (an AMQP department without a broker), with the reason; the rest run. */
  skipped: SkippedSimulator[];
  get(connectorId: string): RunningSimulator | undefined;
  /** Connector overrides for the hub's configuration (`connectors:`), pointing each connector at its simulator. */
  connectorOverrides(): Record<string, ConnectorOverride>;
  totals(): FleetTotals;
  /**
   * Resolves when every applied case has had its results posted or refused, or when `timeoutMs`
   * (default 30 s) has passed. A scripted case waiting for material or opinions is not settled.
   */
  settled(timeoutMs?: number): Promise<void>;
  /**
   * Scripts one department's results for one case (see CaseScript), before the case reaches it.
   * `system`: a connector id (`<system>` or `<system>@<district>`), or a system id for every
   * instance of it. Throws OWH_USAGE for a system the fleet does not play or an invalid script.
   */
  script(system: string, caseId: string, script: CaseScript): void;
  /** The opinions the system (every instance of it, or one connector) took for the case. */
  opinionsReceived(system: string, caseId: string): ReceivedMessage[];
  /** The supplements the system (every instance, or one connector) took for the case. */
  supplementsReceived(system: string, caseId: string): ReceivedMessage[];
  /** Where results go from now on (also for results already waiting to be retried). */
  setHubUrl(url: string): void;
  /** Stops the servers, watchers, broker connections, result timers and the results in flight; leaves no open handle. */
  close(): Promise<void>;
}
