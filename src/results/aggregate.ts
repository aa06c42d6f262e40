import { DEFAULT_PARALLEL_RULES, ParallelRules } from '../catalog/types';
import type { CaseStatus, DeliveryKind, DeliveryStatus, ResultKind, ResultOutcome, Role } from '../model/case';

/**
 * Parallel approval (并联审批): how the results of a case's departments come to the case's one
 * result, under the item's rules. A pure function of what the store holds, so the answer is the
 * same after a restart and can be tested rule by rule (docs/parallel-approval.md).
 */

export interface AggregateDelivery {
  systemId: string;
  /** `source`: the system a lookup asks. */
  role: Role | 'source';
  kind: DeliveryKind;
  /** `waiting`: held until the case's lookups are answered; `skipped`: an optional lookup given up. */
  status: DeliveryStatus;
  ref?: string;
  attempts?: number;
  /** Lookups only. */
  required?: boolean;
  lastError?: { code: string; message: string };
  /** When a pending delivery is next tried. */
  dueAt?: string;
}

export interface AggregateResult {
  systemId: string;
  role: Role;
  kind: ResultKind;
  outcome: ResultOutcome;
  reason?: string;
  /** Supplement requests: the number of supplements received before it (its round). */
  round: number;
  receivedAt: string;
  materials?: Array<{ kind?: string; name: string; note?: string }>;
}

/** The case's one result, once made; stored with the case and never remade. */
export interface CaseDecision {
  /** `rejected`: not accepted; `approved` / `denied`: decided. */
  outcome: 'approved' | 'denied' | 'rejected';
  /** The department whose result decided it. */
  system: string;
  role: Role;
  reason?: string;
  /** Which rule made it, in words. */
  rule: string;
  decidedAt: string;
}

/** A department (or the applicant) the case is waiting for, and why. */
export interface PendingPart {
  who: string;
  role: Role | 'source' | 'applicant';
  waitingFor: 'delivery' | 'lookup' | 'acceptance' | 'opinion' | 'decision' | 'supplement' | 'operator';
  why: string;
}

export interface OpenRequest {
  system: string;
  role: Role;
  reason?: string;
  materials?: AggregateResult['materials'];
  requestedAt: string;
}

export interface AggregateInput {
  rules?: Partial<ParallelRules>;
  deliveries: AggregateDelivery[];
  results: AggregateResult[];
  /** How many supplements the applicant has supplied. */
  supplements: number;
  /** A decision already made (it stands whatever arrives after). */
  decision?: CaseDecision;
  /** The clock for a new decision's `decidedAt`. */
  now?: string;
}

export interface Aggregate {
  status: CaseStatus;
  decision?: CaseDecision;
  /** The lead's completion, held until every co-handler has answered (rule `after-all-opinions`). */
  held?: { system: string; outcome: ResultOutcome; waitingFor: string[] };
  openRequests: OpenRequest[];
  pending: PendingPart[];
}

const refused = (r: AggregateResult) => (r.kind === 'acceptance' && r.outcome === 'rejected') || (r.kind === 'completion' && r.outcome === 'denied');

/** Whether a co-handler has given its opinion: a completion, or a refusal at acceptance. */
const answered = (results: AggregateResult[], systemId: string) =>
  results.some((r) => r.systemId === systemId && (r.kind === 'completion' || (r.kind === 'acceptance' && r.outcome === 'rejected')));

export function aggregate(input: AggregateInput): Aggregate {
  const rules = { ...DEFAULT_PARALLEL_RULES, ...input.rules };
  const now = input.now ?? new Date().toISOString();
  const { results, deliveries } = input;
  const caseDeliveries = deliveries.filter((d) => d.kind === 'case');
  const lead = caseDeliveries.find((d) => d.role === 'lead');
  const coHandlers = caseDeliveries.filter((d) => d.role === 'co-handler');
  const leadResult = (kind: ResultKind) => results.find((r) => r.role === 'lead' && r.kind === kind);
  const openRequests: OpenRequest[] = results
    .filter((r) => r.kind === 'supplement' && r.round === input.supplements)
    .map((r) => ({ system: r.systemId, role: r.role, reason: r.reason, materials: r.materials, requestedAt: r.receivedAt }));

  let decision = input.decision;
  let held: Aggregate['held'];
  if (!decision) {
    const leadAcceptance = leadResult('acceptance');
    const leadCompletion = leadResult('completion');
    const refusal = rules.refusal === 'any-refusal-refuses' ? results.find((r) => r.role === 'co-handler' && refused(r)) : undefined;
    const unanswered = coHandlers.filter((c) => !answered(results, c.systemId)).map((c) => c.systemId);
    if (leadAcceptance?.outcome === 'rejected') {
      decision = { outcome: 'rejected', system: leadAcceptance.systemId, role: 'lead', reason: leadAcceptance.reason, rule: 'the lead department did not accept the case', decidedAt: now };
    } else if (refusal) {
      decision = {
        outcome: 'denied',
        system: refusal.systemId,
        role: 'co-handler',
        reason: refusal.reason,
        rule: `any-refusal-refuses: co-handler ${refusal.systemId} refused (${refusal.kind} ${refusal.outcome})`,
        decidedAt: now,
      };
    } else if (leadCompletion && (rules.decision === 'lead-may-decide-early' || unanswered.length === 0)) {
      decision = {
        outcome: leadCompletion.outcome === 'approved' ? 'approved' : 'denied',
        system: leadCompletion.systemId,
        role: 'lead',
        reason: leadCompletion.reason,
        rule: coHandlers.length === 0 ? 'the lead department decided' : unanswered.length === 0 ? 'the lead decided with every co-handler\'s opinion in' : 'lead-may-decide-early: the lead decided before every co-handler had answered',
        decidedAt: now,
      };
    } else if (leadCompletion) {
      held = { system: leadCompletion.systemId, outcome: leadCompletion.outcome, waitingFor: unanswered };
    }
  }

  const status = statusOf(decision, openRequests, deliveries, leadResult('acceptance')?.outcome === 'accepted', caseDeliveries);
  return { status, decision, held, openRequests, pending: decision ? [] : pendingParts({ deliveries, results, openRequests, held, lead: lead?.systemId }) };
}

function statusOf(decision: CaseDecision | undefined, openRequests: OpenRequest[], deliveries: AggregateDelivery[], leadAccepted: boolean, caseDeliveries: AggregateDelivery[]): CaseStatus {
  if (decision) return decision.outcome === 'rejected' ? 'rejected' : 'completed';
  if (openRequests.length > 0) return 'awaiting-supplement';
  // An optional lookup that failed is skipped, not a failure of the case.
  if (deliveries.some((d) => d.status === 'dead' && !(d.kind === 'lookup' && d.required === false))) return 'failed';
  if (leadAccepted) return 'accepted';
  if (caseDeliveries.length > 0 && caseDeliveries.every((d) => d.status === 'delivered')) return 'dispatched';
  return 'received';
}

function pendingParts(a: { deliveries: AggregateDelivery[]; results: AggregateResult[]; openRequests: OpenRequest[]; held: Aggregate['held']; lead?: string }): PendingPart[] {
  const parts: PendingPart[] = [];
  for (const r of a.openRequests) {
    parts.push({ who: 'applicant', role: 'applicant', waitingFor: 'supplement', why: `${r.system} asked for more material${r.reason ? `: ${r.reason}` : ''}; the clock is paused until the applicant supplies it` });
  }
  for (const d of a.deliveries) {
    if (d.status === 'delivered' || d.status === 'skipped') continue;
    const what = d.kind === 'case' ? 'the case' : d.kind === 'lookup' ? `lookup ${d.ref}` : `the ${d.kind}${d.ref ? ` (${d.ref})` : ''}`;
    if (d.status === 'dead') {
      parts.push({ who: d.systemId, role: d.role, waitingFor: 'operator', why: `${what} could not be delivered (${d.lastError?.code ?? 'failed'}: ${d.lastError?.message ?? ''}); an operator must resend it (owh dlq retry)` });
    } else if (d.status === 'waiting') {
      parts.push({ who: d.systemId, role: d.role, waitingFor: 'lookup', why: `${what} waits for the case's lookups to be answered` });
    } else if (d.status === 'held') {
      parts.push({ who: d.systemId, role: d.role, waitingFor: 'delivery', why: `${what} waits until the case itself has reached ${d.systemId}` });
    } else {
      const retrying = d.lastError ? `; last attempt failed (${d.lastError.code}: ${d.lastError.message})${d.dueAt ? `, next at ${d.dueAt}` : ''}` : '';
      parts.push({ who: d.systemId, role: d.role, waitingFor: d.kind === 'lookup' ? 'lookup' : 'delivery', why: `${what} is ${d.status === 'in_flight' ? 'being sent' : 'queued'}${d.attempts ? ` (attempt ${d.attempts})` : ''}${retrying}` });
    }
  }
  for (const d of a.deliveries.filter((x) => x.kind === 'case' && x.status === 'delivered')) {
    const has = (kind: ResultKind) => a.results.some((r) => r.systemId === d.systemId && r.kind === kind);
    if (d.role === 'co-handler') {
      if (!answered(a.results, d.systemId)) {
        parts.push({ who: d.systemId, role: d.role, waitingFor: 'opinion', why: has('acceptance') ? 'accepted; its opinion is awaited' : 'delivered; its acceptance and opinion are awaited' });
      }
    } else if (a.held) {
      parts.push({ who: d.systemId, role: d.role, waitingFor: 'decision', why: `its decision (${a.held.outcome}) is held until ${a.held.waitingFor.join(', ')} ${a.held.waitingFor.length === 1 ? 'has' : 'have'} answered (rule after-all-opinions)` });
    } else if (!has('completion')) {
      parts.push({ who: d.systemId, role: d.role, waitingFor: has('acceptance') ? 'decision' : 'acceptance', why: has('acceptance') ? 'accepted; its decision is awaited' : 'delivered; its acceptance is awaited' });
    }
  }
  return parts;
}

/** Statuses after which nothing more is expected of the departments. */
export const FINAL_STATUSES: ReadonlySet<CaseStatus> = new Set(['completed', 'rejected']);
