import type { Hub } from '../hub';
import { acceptResult } from '../../results/accept-result';
import { requireCredential } from '../auth';
import { readJsonBody, sendJson } from '../http-io';
import type { Router } from '../router';

export function resultRoutes(router: Router, hub: Hub): void {
  /** A department system posts a result; its token says which system it is. */
  router.on('POST', '/api/v1/cases/:caseId/results', async (req, res, params) => {
    const systemId = requireCredential(hub.systemTokens, req, "a department system's result token");
    const body = await readJsonBody(req, hub.config.intake.bodyLimit);
    const answer = await acceptResult(hub.resultDeps(), params.caseId, systemId, body);
    sendJson(res, answer.httpStatus, { caseId: answer.caseId, status: answer.status, kind: answer.result.kind, outcome: answer.result.outcome, duplicate: answer.duplicate });
  });
}
