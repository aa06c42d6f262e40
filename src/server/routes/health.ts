import type { Hub } from '../hub';
import { sendJson } from '../http-io';
import type { Router } from '../router';

export function healthRoutes(router: Router, hub: Hub): void {
  /** Liveness and readiness, the outbox's size and each connector's state. No credentials: no personal data here. */
  router.on('GET', '/health', async (_req, res) => {
    const outbox = await hub.store.outboxStats();
    const breakers = hub.delivery.breakers();
    const connectors = [...hub.connectors.entries.values()].map((e) => {
      const breaker = breakers.get(e.id);
      return {
        id: e.id,
        system: e.systemId,
        kind: e.kind,
        state: e.unavailable ? 'unavailable' : !breaker || breaker.state === 'closed' ? 'up' : 'degraded',
        breaker,
        note: e.unavailable,
      };
    });
    sendJson(res, 200, { status: 'up', ready: true, version: hub.version, outbox, connectors });
  });

  router.on('GET', '/', (_req, res) => {
    sendJson(res, 200, {
      name: 'onewindow-hub',
      version: hub.version,
      links: { submitCase: `${hub.url}/api/v1/cases`, caseStatus: `${hub.url}/api/v1/cases/{caseId}`, postResult: `${hub.url}/api/v1/cases/{caseId}/results`, health: `${hub.url}/health` },
    });
  });
}
