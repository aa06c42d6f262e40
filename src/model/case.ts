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
 * A case's status: received → dispatched → accepted → completed, or rejected (acceptance refused),
 * or failed (a delivery was dead-lettered and waits for an operator).
 */
export type CaseStatus = 'received' | 'dispatched' | 'accepted' | 'completed' | 'rejected' | 'failed';

/** A delivery's status: pending (due now or later) → in_flight (claimed) → delivered, or dead. */
export type DeliveryStatus = 'pending' | 'in_flight' | 'delivered' | 'dead';

export type ResultKind = 'acceptance' | 'completion';
export type ResultOutcome = 'accepted' | 'rejected' | 'approved' | 'denied';

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
  details?: Record<string, unknown>;
}

/** The idempotency key every send of a delivery carries. */
export function idempotencyKey(caseId: string, systemId: string): string {
  return `${caseId}:${systemId}`;
}
