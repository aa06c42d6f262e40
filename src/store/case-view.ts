import { deadlineState } from '../calendar/deadline';
import type { WorkingDayCalendar } from '../calendar/working-days';
import { FINAL_STATUSES } from '../model/case-status';
import type { CaseRecord } from './contract';

/** The case as GET /api/v1/cases/:caseId shows it: no form data or applicant (personal data), only its travel. */
export function caseView(record: CaseRecord, calendar?: WorkingDayCalendar, now = new Date()): Record<string, unknown> {
  return {
    caseId: record.caseId,
    itemCode: record.itemCode,
    jurisdiction: record.jurisdiction,
    status: record.status,
    receivedAt: record.receivedAt,
    updatedAt: record.updatedAt,
    dueAt: record.dueAt,
    // Only an open case can be late: the state is how it stands now against the statutory limit.
    deadline: record.dueAt && calendar && !FINAL_STATUSES.has(record.status) ? deadlineState(calendar, record.dueAt, now) : undefined,
    deliveries: record.deliveries.map((d) => ({
      id: d.id,
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
