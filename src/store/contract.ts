import type { CaseEnvelope, CaseStatus, DeliveryStatus, DepartmentResult, ResultKind, ResultOutcome, Role } from '../model/case';

/**
 * The store contract. The embedded default is SQLite (`sqlite/`); a PostgreSQL store for the
 * scaled-out mode implements the same contract, so intake, dispatch and results never know which
 * one they run on. Every method that changes state commits before its promise resolves.
 */

export interface NewDelivery {
  systemId: string;
  connectorId: string;
  role: Role;
  /** Request mapping folder (relative to the catalog), kept so a resend uses the same mapping. */
  mapping?: string;
}

export interface NewCase {
  caseId: string;
  itemCode: string;
  jurisdiction: string;
  clientId: string;
  /** sha256 of the canonical JSON of the submitted body: the same body again is a duplicate. */
  bodyHash: string;
  /** The envelope as stored: inline material contents replaced by references. */
  envelope: CaseEnvelope;
  deliveries: NewDelivery[];
  /** Extra detail for the `case.received` event (e.g. how routing decided). */
  receivedDetail?: Record<string, unknown>;
  /** The statutory deadline (承诺时限), when the item has a time limit. */
  dueAt?: string;
}

export type AcceptOutcome =
  | { kind: 'created'; status: CaseStatus }
  | { kind: 'duplicate'; status: CaseStatus }
  | { kind: 'conflict' };

export interface DeliveryError {
  code: string;
  message: string;
  retryable: boolean;
}

export interface DeliveryRecord {
  id: number;
  caseId: string;
  systemId: string;
  connectorId: string;
  role: Role;
  mapping?: string;
  status: DeliveryStatus;
  attempts: number;
  dueAt: string;
  lastError?: DeliveryError & { at: string };
  receipt?: string;
  deliveredAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** A delivery claimed for sending, with what the send needs. */
export interface ClaimedDelivery {
  id: number;
  caseId: string;
  itemCode: string;
  systemId: string;
  connectorId: string;
  role: Role;
  mapping?: string;
  /** Attempt number of this claim (1 for the first). */
  attempt: number;
  envelope: CaseEnvelope;
}

export interface ResultRecord {
  id: number;
  caseId: string;
  deliveryId: number;
  systemId: string;
  role: Role;
  kind: ResultKind;
  outcome: ResultOutcome;
  result: DepartmentResult;
  receivedAt: string;
}

export interface CaseEvent {
  id: number;
  at: string;
  type: string;
  systemId?: string;
  detail?: Record<string, unknown>;
}

export interface CaseRecord {
  caseId: string;
  itemCode: string;
  jurisdiction: string;
  clientId: string;
  status: CaseStatus;
  receivedAt: string;
  updatedAt: string;
  dueAt?: string;
  envelope: CaseEnvelope;
  deliveries: DeliveryRecord[];
  results: ResultRecord[];
  timeline: CaseEvent[];
}

export interface NewResult {
  caseId: string;
  systemId: string;
  result: DepartmentResult;
  /** sha256 of the canonical JSON of the result: the same result again is a duplicate. */
  resultHash: string;
}

export type ResultOutcomeOfStore =
  | { kind: 'created'; status: CaseStatus; record: ResultRecord }
  | { kind: 'duplicate'; status: CaseStatus; record: ResultRecord }
  | { kind: 'conflict'; existing: ResultRecord }
  | { kind: 'no-delivery' };

export interface OutboxStats {
  pending: number;
  inFlight: number;
  delivered: number;
  dead: number;
}

/** An open case (not completed or rejected) and its deadline, for the overdue list. */
export interface CaseDue {
  caseId: string;
  itemCode: string;
  jurisdiction: string;
  status: CaseStatus;
  receivedAt: string;
  dueAt: string;
}

export interface HubStore {
  /** Stores a case and plans its deliveries in one transaction; idempotent on caseId. */
  acceptCase(input: NewCase): Promise<AcceptOutcome>;
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  /** Records a department's result against its delivery (one per kind per delivery). */
  recordResult(input: NewResult): Promise<ResultOutcomeOfStore>;

  // --- the outbox: the store-backed queue works it -------------------------------------------
  /**
   * Claims up to `limit` deliveries of a connector that are due (pending, or in flight with an
   * expired lease), marking them in flight until `now + leaseMs` and counting the attempt.
   */
  claimDue(connectorId: string, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /** When the connector's next pending delivery falls due (ms since epoch), if any. */
  nextDueAt(connectorId: string): Promise<number | undefined>;
  markDelivered(id: number, ack: { receipt?: string; response?: unknown }): Promise<void>;
  scheduleRetry(id: number, error: DeliveryError, dueAt: number): Promise<void>;
  markDead(id: number, error: DeliveryError): Promise<void>;
  /** At start of the embedded hub: every in-flight delivery is from a process that died; take it back now. */
  releaseLeases(): Promise<number>;
  /** Connectors that have deliveries pending or in flight. */
  connectorsWithWork(): Promise<string[]>;

  // --- operators --------------------------------------------------------------------------------
  listDeliveries(filter: { status?: DeliveryStatus; connectorId?: string; limit?: number }): Promise<DeliveryRecord[]>;
  getDelivery(id: number): Promise<DeliveryRecord | undefined>;
  /** Puts dead deliveries back in the outbox, due now, with a fresh attempt count. Returns how many. */
  resendDead(target: { ids: number[] } | { all: true }, by: string): Promise<number>;
  outboxStats(): Promise<OutboxStats>;
  /** Open cases whose deadline is at or before `before` (ms since epoch), soonest first. */
  listCasesDue(before: number, limit?: number): Promise<CaseDue[]>;
  close(): Promise<void>;
}
