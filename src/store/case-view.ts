import { deadlineState } from '../calendar/deadline';
import type { WorkingDayCalendar } from '../calendar/working-days';
import { FINAL_STATUSES } from '../results/aggregate';
import type { CaseRecord } from './contract';

/**
 * The case as GET /api/v1/cases/:caseId shows it: no form data, applicant or shared data values
 * (personal data), only its travel — where each department stands, the case's one result once
 * made, requests for more material and the clock.
 */
export function caseView(record: CaseRecord, calendar?: WorkingDayCalendar, now = new Date()): Record<string, unknown> {
  const { aggregate } = record;
  const open = !FINAL_STATUSES.has(record.status);
  return {
    caseId: record.caseId,
    itemCode: record.itemCode,
    jurisdiction: record.jurisdiction,
    acceptedAt: record.envelope.acceptedAt,
    status: record.status,
    receivedAt: record.receivedAt,
    updatedAt: record.updatedAt,
    dueAt: record.dueAt,
    // Only an open case can be late, and not while its clock is paused for the applicant (补正).
    deadline: record.pausedAt && open ? 'paused' : record.dueAt && calendar && open ? deadlineState(calendar, record.dueAt, now) : undefined,
    pausedAt: record.pausedAt,
    decision: record.decision,
    parallel: record.rules && record.deliveries.some((d) => d.kind === 'case' && d.role === 'co-handler') ? record.rules.parallel : undefined,
    held: aggregate.held,
    pending: open ? aggregate.pending : [],
    supplementRequests: aggregate.openRequests,
    supplements: record.supplements.map((s) => ({ supplementId: s.supplementId, receivedAt: s.receivedAt, pausedFrom: s.pausedFrom, answers: s.document.answers, materials: s.document.materials.length })),
    shared: record.shared.map((d) => ({ name: d.name, system: d.systemId, receivedAt: d.receivedAt, sha256: d.sha256 })),
    deliveries: record.deliveries.map((d) => ({
      id: d.id,
      kind: d.kind,
      ref: d.ref || undefined,
      system: d.systemId,
      connector: d.connectorId,
      role: d.role,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      receipt: d.receipt,
      deliveredAt: d.deliveredAt,
      nextAttemptAt: d.status === 'pending' && d.attempts > 0 ? d.dueAt : undefined,
    })),
    results: record.results.map((r) => ({ ...r.result, system: r.systemId, role: r.role, receivedAt: r.receivedAt })),
    timeline: record.timeline,
  };
}
