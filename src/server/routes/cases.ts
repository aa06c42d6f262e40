import type { Hub } from '../hub';
import { OwhError } from '../../errors/owh-error';
import { acceptCase } from '../../intake/accept-case';
import { acceptSupplement } from '../../intake/accept-supplement';
import { caseView } from '../../store/case-view';
import { requireCredential } from '../auth';
import { readJsonBody, sendJson } from '../http-io';
import type { Router } from '../router';

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
    sendJson(res, 200, caseView(record, hub.catalog.calendar));
  });

  /** The applicant's supplement (补正材料), after a department asked for more material. */
  router.on('POST', '/api/v1/cases/:caseId/supplements', async (req, res, params) => {
    requireCredential(hub.clients, req, "a client's API key");
    const body = await readJsonBody(req, hub.config.intake.bodyLimit);
    const answer = await acceptSupplement(hub.supplementDeps(), params.caseId, body);
    sendJson(res, answer.httpStatus, { caseId: answer.caseId, supplementId: answer.supplementId, status: answer.status, recipients: answer.recipients, dueAt: answer.dueAt, duplicate: answer.duplicate });
  });
}
