import type { Faults } from './faults';

export type { Faults } from './faults';

/** What one simulated system has seen and done since it started (or since `reset()`). */
export interface SimulatorStats {
  system: string;
  connectorId: string;
  /** Requests to the delivery route, whatever became of them. */
  received: number;
  /** Cases taken in: first requests with their idempotency key (each one an effect). */
  applied: number;
  /** Repeats of a key already applied, answered with the same receipt and no new effect. */
  duplicatesSuppressed: number;
  /** Requests refused with a 4xx: auth, missing key, invalid body, key reused, injected rejections. */
  rejected: number;
  /** Requests answered with an injected 5xx (`failNext`). */
  failed: number;
  /** Requests whose connection was destroyed without an answer (`dropConnectionNext`). */
  dropped: number;
  /** Results the hub took (2xx). */
  resultsPosted: number;
  /** Results the hub refused with a 4xx (logged, not retried). */
  resultsRefused: number;
  /** Cases whose results are still to be posted. */
  resultsPending: number;
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
  /** The most times any one simulator applied any one case: 1 when every case was applied exactly once (0 when none was). */
  maxAppliedPerCase: number;
}

/** One simulated department system (or one district's instance of it) listening on 127.0.0.1. */
export interface RunningSimulator {
  system: string;
  /** `<systemId>` or `<systemId>@<district>`, as the hub names the connector. */
  connectorId: string;
  /** The system's name (a district instance's own name when it has one). */
  name: string;
  dialect: 'gov' | 'open';
  /** The base URL actually listened on (the catalog's baseUrl with the real port). */
  url: string;
  stats(): SimulatorStats;
  /** Merges faults into the ones in force: keys given replace the current ones, `{}` changes nothing. */
  setFaults(faults: Faults): void;
  /** Forgets cases, keys, counters and faults and cancels results not yet posted (receipt numbers keep counting). */
  reset(): void;
}

export interface SimulatorFleet {
  simulators: RunningSimulator[];
  get(connectorId: string): RunningSimulator | undefined;
  /** Connector overrides for the hub's configuration (`connectors:`), pointing each connector at its simulator. */
  connectorOverrides(): Record<string, { baseUrl: string }>;
  totals(): FleetTotals;
  /** Resolves when every applied case has had its results posted or refused, or when `timeoutMs` (default 30 s) has passed. */
  settled(timeoutMs?: number): Promise<void>;
  /** Where results go from now on (also for results already waiting to be retried). */
  setHubUrl(url: string): void;
  /** Stops the servers, the result timers and the posts in flight; leaves no open handle. */
  close(): Promise<void>;
}
