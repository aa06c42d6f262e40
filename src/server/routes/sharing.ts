import type { Hub } from '../hub';
import { OwhError } from '../../errors/owh-error';
import { recordSharing } from '../../intake/record-sharing';
import { requireCredential } from '../auth';
import { readJsonBody, sendJson } from '../http-io';
import type { Router } from '../router';

export function sharingRoutes(router: Router, hub: Hub): void {
  /** A lookup a flow made (owh-lookup), into the hub's sharing log beside the hub's own lookups. */
  router.on('POST', '/api/v1/sharing-log', async (req, res) => {
    requireCredential(hub.clients, req, "a client's API key");
    const body = await readJsonBody(req, hub.config.intake.bodyLimit);
    sendJson(res, 201, await recordSharing({ store: hub.store, catalog: hub.catalog }, body));
  });

  /** The sharing log, newest first, as `owh sharing log --json` prints it: ?caseId=…&limit=N. */
  router.on('GET', '/api/v1/sharing-log', async (req, res, _params, url) => {
    requireCredential(hub.clients, req, "a client's API key");
    const limit = url.searchParams.get('limit');
    if (limit !== null && !/^[0-9]{1,5}$/.test(limit)) throw new OwhError('OWH_USAGE', { message: `?limit=${limit} is not a whole number up to 99999`, details: [{ pointer: '/limit', keyword: 'type', message: 'must be a whole number' }] });
    sendJson(res, 200, { entries: await hub.store.listSharingLog({ caseId: url.searchParams.get('caseId') ?? undefined, limit: limit === null ? 100 : Number(limit) }) });
  });
}
