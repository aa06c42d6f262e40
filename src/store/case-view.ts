import type { CaseRecord } from './contract';

/** The case as GET /api/v1/cases/:caseId shows it: no form data or applicant (personal data), only its travel. */
export function caseView(record: CaseRecord): Record<string, unknown> {
  return {
    caseId: record.caseId,
    itemCode: record.itemCode,
    jurisdiction: record.jurisdiction,
    status: record.status,
    receivedAt: record.receivedAt,
    updatedAt: record.updatedAt,
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
