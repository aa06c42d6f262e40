/** The domain's types, named as in mission.md's glossary. */

export type Channel = 'window' | 'web' | 'app' | 'kiosk';
export type IdType = 'resident-id' | 'passport' | 'hk-macao-permit' | 'taiwan-permit' | 'foreign-permanent-resident' | 'credit-code';

export interface Person {
  name: string;
  idType: IdType;
  idNumber: string;
  phone?: string;
}

export interface Applicant extends Person {
  type: 'person' | 'legal-entity';
  address?: string;
  legalRepresentative?: Person;
  agent?: Person;
}

export interface Material {
  id: string;
  kind: string;
  name?: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** Inline bytes (base64) as submitted; the hub keeps them in its materials folder and drops them from the stored case. */
  content?: string;
  uri?: string;
}

/** A case as the platform submits it (schemas/case-envelope.schema.json). */
export interface CaseEnvelope {
  caseId: string;
  itemCode: string;
  applicant: Applicant;
  channel: Channel;
  acceptedAt: { servicePoint: string; servicePointName?: string; district: string };
  jurisdiction: string;
  submittedAt: string;
  form: Record<string, unknown>;
  materials?: Material[];
  extensions?: Record<string, unknown>;
}

export type Role = 'lead' | 'co-handler';

/**
 * A case's status: received → dispatched → accepted → completed, or rejected (not accepted), or
 * awaiting-supplement (a department asked for more material: the clock is paused), or failed (a
 * delivery was dead-lettered and waits for an operator). src/results/aggregate.ts derives it.
 */
export type CaseStatus = 'received' | 'dispatched' | 'accepted' | 'awaiting-supplement' | 'completed' | 'rejected' | 'failed';

/**
 * A delivery's status: pending (due now or later) → in_flight (claimed) → delivered, or dead;
 * `waiting` (until the case's lookups are answered), `held` (a message about the case, until the
 * case itself has reached that system) and `skipped` (an optional lookup given up).
 */
export type DeliveryStatus = 'pending' | 'in_flight' | 'delivered' | 'dead' | 'waiting' | 'held' | 'skipped';

/** `supplement`: the department needs more material (补正); the case's clock pauses until the applicant supplies it. */
export type ResultKind = 'acceptance' | 'completion' | 'supplement';
export type ResultOutcome = 'accepted' | 'rejected' | 'approved' | 'denied' | 'requested';

/** A department's result, in the hub's format (schemas/result.schema.json). */
export interface DepartmentResult {
  /** Which case, when the channel does not say it (a result file, a polled list). */
  caseId?: string;
  kind: ResultKind;
  outcome: ResultOutcome;
  reason?: string;
  resultId?: string;
  receipt?: string;
  decidedAt?: string;
  handler?: string;
  documents?: Array<{ name?: string; fileName: string; mediaType?: string; sha256?: string; uri?: string; content?: string }>;
  /** With a supplement request: what the applicant must supply. */
  materials?: Array<{ kind?: string; name: string; note?: string }>;
  details?: Record<string, unknown>;
}

/**
 * What a delivery carries: the case itself, a co-handler's opinion forwarded to the lead, a
 * supplement the applicant supplied, or a lookup (a request for another department's data).
 */
export type DeliveryKind = 'case' | 'opinion' | 'supplement' | 'lookup';

/**
 * The idempotency key every send of a delivery carries: `<caseId>:<systemId>` for the case,
 * `<caseId>:<systemId>:<kind>:<ref>` for the other messages about it.
 */
export function idempotencyKey(caseId: string, systemId: string, kind: DeliveryKind = 'case', ref = ''): string {
  return kind === 'case' ? `${caseId}:${systemId}` : `${caseId}:${systemId}:${kind}:${ref}`;
}
