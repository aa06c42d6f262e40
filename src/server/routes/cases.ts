import type { Hub } from '../hub';
import { OwhError } from '../../errors/owh-error';
import { acceptCase } from '../../intake/accept-case';
import type { CaseRecord } from '../../store/contract';
import { requireCredential } from '../auth';
import { readJsonBody, sendJson } from '../http-io';
import type { Router } from '../router';

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

export function caseRoutes(router: Router, hub: Hub): void {
  router.on('POST', '/api/v1/cases', async (req, res) => {
    const clientId = requireCredential(hub.clients, req, "a client's API key");
    const body = await readJsonBody(req, hub.config.intake.bodyLimit);
    const answer = await acceptCase(hub.intakeDeps(), body, clientId);
    sendJson(res, answer.httpStatus, { caseId: answer.caseId, status: answer.status, statusUrl: answer.statusUrl, duplicate: answer.duplicate }, { location: answer.statusUrl });
  });

  router.on('GET', '/api/v1/cases/:caseId', async (req, res, params) => {
    requireCredential(hub.clients, req, "a client's API key");
    const record = await hub.store.getCase(params.caseId);
    if (!record) throw new OwhError('OWH_CASE_NOT_FOUND', { message: `case ${params.caseId} is not known` });
    sendJson(res, 200, caseView(record));
  });
}
