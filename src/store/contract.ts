import type { Pause } from '../calendar/working-days';
import type { LookupDef, ParallelRules } from '../catalog/types';
import type { CaseEnvelope, CaseStatus, DeliveryKind, DeliveryStatus, DepartmentResult, ResultKind, ResultOutcome, Role } from '../model/case';
import type { OpinionDocument, SupplementDocument } from '../model/messages';
import type { Aggregate, CaseDecision } from '../results/aggregate';

/**
 * The store contract. The embedded default is SQLite (`sqlite/`); a PostgreSQL store for the
 * scaled-out mode implements the same contract, so intake, dispatch and results never know which
 * one they run on. Every method that changes state commits before its promise resolves.
 */

/** Who a delivery goes to: a department of the case, or the source of a lookup. */
export type DeliveryRole = Role | 'source';

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
  /** Parallel approval rules and the mappings of the documents sent about the case, fixed at intake. */
  rules?: CaseRules;
  /** Lookups to run before the deliveries (which wait for them). */
  lookups?: NewLookup[];
}

export interface CaseRules {
  parallel: ParallelRules;
  /** The department responsible for the item (who asks, in the sharing log). */
  department: string;
  /** Opinion mapping of the lead's system, when it has one. */
  opinionMapping?: string;
  /** Supplement mapping of each system that has one. */
  supplementMappings?: Record<string, string>;
}

/** A lookup planned at intake: which connector and operation, which mappings, on what legal basis. */
export interface NewLookup extends Omit<LookupDef, 'system'> {
  systemId: string;
  connectorId: string;
  /** Whose data (the applicant), masked as on screens. */
  subject?: string;
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
  kind: DeliveryKind;
  ref: string;
  operation?: string;
  systemId: string;
  connectorId: string;
  role: DeliveryRole;
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
  kind: DeliveryKind;
  ref: string;
  /** The connector operation (absent for the case itself). */
  operation?: string;
  systemId: string;
  connectorId: string;
  role: DeliveryRole;
  mapping?: string;
  /** Attempt number of this claim (1 for the first). */
  attempt: number;
  /** The case, with `shared.<lookup>` added once its lookups are answered. */
  envelope: CaseEnvelope;
  /** opinion / supplement: the hub's document to map instead of the case; lookup: its answer mapping. */
  document?: unknown;
}

/** What a lookup delivery carries besides its request mapping. */
export type LookupSpec = Pick<NewLookup, 'answer' | 'required' | 'waitSeconds' | 'legalBasis' | 'purpose' | 'subject'>;

export interface ResultRecord {
  id: number;
  caseId: string;
  deliveryId: number;
  systemId: string;
  role: Role;
  kind: ResultKind;
  outcome: ResultOutcome;
  /** Supplement requests: how many supplements came before it. */
  round: number;
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
  rules?: CaseRules;
  /** The case's one result, once made. */
  decision?: CaseDecision;
  /** Where the parallel approval stands: who is pending and why, requests for more material. */
  aggregate: Aggregate;
  supplements: SupplementRecord[];
  /** Lookups answered: the data kept (the answer mapping's output). */
  shared: Array<{ name: string; systemId: string; answer: unknown; sha256: string; receivedAt: string }>;
  /** Since when the clock is paused (a request for more material is open). */
  pausedAt?: string;
}

export interface SupplementRecord {
  supplementId: string;
  receivedAt: string;
  pausedFrom: string;
  document: SupplementDocument;
}

export interface NewSupplement {
  caseId: string;
  supplementId: string;
  /** sha256 of the canonical JSON of the submitted body. */
  bodyHash: string;
  /** The document to send, without `answers` (the store fills them from the open requests). */
  document: Omit<SupplementDocument, 'answers'>;
  /** The new deadline, given every pause of the case's clock (called inside the transaction). */
  dueAt?: (pauses: Pause[]) => string | undefined;
}

export type SupplementOutcome =
  | { kind: 'created'; status: CaseStatus; recipients: string[]; dueAt?: string; notify: string[] }
  | { kind: 'duplicate'; status: CaseStatus }
  | { kind: 'conflict' }
  | { kind: 'not-found' }
  /** No department has asked for more material (or the case is decided). */
  | { kind: 'not-requested'; status: CaseStatus };

/** One row of the data-sharing log (数据共享 accountability). */
export interface SharingLogEntry {
  id: number;
  at: string;
  caseId: string;
  itemCode: string;
  lookup: string;
  /** The department of the item, which asked. */
  requestedBy: string;
  sourceSystem: string;
  /** Whose data, masked. */
  subject?: string;
  requestFields: string[];
  answerFields: string[];
  legalBasis: string;
  purpose?: string;
  outcome: 'answered' | 'failed' | 'skipped';
  detail?: string;
}

/** A sharing-log row as a caller gives it: the store stamps the time and the id. `subject` already masked. */
export type NewSharingEntry = Omit<SharingLogEntry, 'id' | 'at'>;

/** New outbox work a store change made (an opinion to forward, deliveries released): the connectors to wake. */
export interface Woken {
  notify: string[];
}

export interface NewResult {
  caseId: string;
  systemId: string;
  result: DepartmentResult;
  /** sha256 of the canonical JSON of the result: the same result again is a duplicate. */
  resultHash: string;
  /** The result as an opinion for the lead: forwarded when it comes from a co-handler of an undecided case. */
  opinion?: OpinionDocument;
}

export type ResultOutcomeOfStore =
  | { kind: 'created'; status: CaseStatus; record: ResultRecord; notify: string[] }
  | { kind: 'duplicate'; status: CaseStatus; record: ResultRecord }
  | { kind: 'conflict'; existing: ResultRecord }
  | { kind: 'no-delivery' };

export interface OutboxStats {
  pending: number;
  inFlight: number;
  delivered: number;
  dead: number;
  /** Waiting for the case's lookups. */
  waiting: number;
  /** Messages waiting for their case to reach the system first. */
  held: number;
  /** Optional lookups given up. */
  skipped: number;
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
  /** Records a department's result against its delivery (one per kind per delivery); forwards a co-handler's to the lead. */
  recordResult(input: NewResult): Promise<ResultOutcomeOfStore>;
  /** Records the applicant's supplement, resumes the clock, and plans its delivery to the departments concerned. */
  addSupplement(input: NewSupplement): Promise<SupplementOutcome>;
  listSharingLog(filter: { caseId?: string; limit?: number }): Promise<SharingLogEntry[]>;
  /** A row of the sharing log for a lookup made outside the hub's own plan (a flow's `owh lookup`); its id. */
  recordSharing(entry: NewSharingEntry): Promise<number>;

  // --- the outbox: the store-backed queue works it -------------------------------------------
  /**
   * Claims up to `limit` deliveries of a connector that are due (pending, or in flight with an
   * expired lease), marking them in flight until `now + leaseMs` and counting the attempt.
   */
  claimDue(connectorId: string, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /** When the connector's next pending delivery falls due (ms since epoch), if any. */
  nextDueAt(connectorId: string): Promise<number | undefined>;
  /** `answer`: a lookup's answer, after its answer mapping (kept whole, shared with the case's deliveries). */
  markDelivered(id: number, ack: { receipt?: string; response?: unknown; answer?: unknown }): Promise<Woken>;
  scheduleRetry(id: number, error: DeliveryError, dueAt: number): Promise<void>;
  markDead(id: number, error: DeliveryError): Promise<Woken>;
  /** Releases deliveries whose optional lookups have had their time (`waitSeconds`); the skipped lookups are logged. */
  releaseExpiredWaits(): Promise<Woken>;
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
