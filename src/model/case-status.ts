import type { CaseStatus, DeliveryStatus, ResultKind, ResultOutcome, Role } from './case';

export interface StatusInputs {
  deliveries: Array<{ role: Role; status: DeliveryStatus }>;
  results: Array<{ role: Role; kind: ResultKind; outcome: ResultOutcome }>;
}

/**
 * Derives a case's status from its deliveries and results, so the status can never disagree with
 * them. The lead department's results decide the case (parallel approval aggregation over the
 * co-handlers' results builds on this); a dead delivery makes the case `failed` until an operator
 * resends it, unless the lead has already decided.
 */
export function deriveCaseStatus({ deliveries, results }: StatusInputs): CaseStatus {
  const lead = (kind: ResultKind) => results.find((r) => r.role === 'lead' && r.kind === kind);
  if (lead('completion')) return 'completed';
  if (lead('acceptance')?.outcome === 'rejected') return 'rejected';
  if (deliveries.some((d) => d.status === 'dead')) return 'failed';
  if (lead('acceptance')?.outcome === 'accepted') return 'accepted';
  if (deliveries.length > 0 && deliveries.every((d) => d.status === 'delivered')) return 'dispatched';
  return 'received';
}

/** Statuses after which nothing more is expected of the departments. */
export const FINAL_STATUSES: ReadonlySet<CaseStatus> = new Set(['completed', 'rejected']);
