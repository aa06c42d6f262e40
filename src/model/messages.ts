import type { DepartmentResult, Material, ResultKind, ResultOutcome } from './case';

/**
 * The documents the hub sends about a case besides the case itself, in the hub's own format.
 * A system's `opinionMapping` / `supplementMapping` turns them into what it takes; without one
 * they travel as they are. docs/parallel-approval.md describes them for department engineers.
 */

/** What a co-handler's result means to the lead: took it up, agrees, disagrees, or needs more material. */
export type Opinion = 'accepted' | 'agree' | 'disagree' | 'more-material';

/** A co-handler's result, forwarded to the lead department's system (operation `opinion`). */
export interface OpinionDocument {
  caseId: string;
  itemCode: string;
  from: { system: string; department: string; departmentName?: string };
  kind: ResultKind;
  outcome: ResultOutcome;
  opinion: Opinion;
  reason?: string;
  decidedAt?: string;
  handler?: string;
  receipt?: string;
  resultId?: string;
  documents?: DepartmentResult['documents'];
  materials?: DepartmentResult['materials'];
  /** When the hub received it. */
  receivedAt: string;
}

/** Material the applicant supplied after a request for more (补正), sent to the departments concerned (operation `supplement`). */
export interface SupplementDocument {
  caseId: string;
  itemCode: string;
  supplementId: string;
  submittedAt: string;
  note?: string;
  /** References only (uri, sha256): the bytes are served by the hub to the case's departments. */
  materials: Material[];
  /** The requests this supplement answers. */
  answers: Array<{ system: string; reason?: string; requestedAt: string }>;
}

export function opinionOf(kind: ResultKind, outcome: ResultOutcome): Opinion {
  if (kind === 'supplement') return 'more-material';
  if (outcome === 'approved') return 'agree';
  if (outcome === 'accepted') return 'accepted';
  return 'disagree';
}
