import type { Hub } from '../hub';
import type { ConnectorHealth, ConnectorState } from '../../health/connector-monitor';
import { sendJson } from '../http-io';
import type { Router } from '../router';

export interface HealthView {
  status: 'up' | 'degraded' | 'down';
  ready: boolean;
  version: string;
  outbox: { pending: number; inFlight: number; delivered: number; dead: number };
  connectors: Array<{ id: string; system: string; kind: string; state: ConnectorState; note?: string } & Partial<Omit<ConnectorHealth, 'state'>>>;
}

/** The hub's overall state: down if any connector is down, degraded if any is degraded or has no adapter. */
export function overallState(states: ConnectorState[]): HealthView['status'] {
  if (states.includes('down')) return 'down';
  if (states.some((s) => s === 'degraded' || s === 'unavailable')) return 'degraded';
  return 'up';
}

export function healthRoutes(router: Router, hub: Hub): void {
  /**
   * Liveness and readiness, the outbox's size and each connector's state (probe, breaker, recent
   * deliveries). No credentials: there is no personal data here. 200 while the hub can take cases.
   */
  router.on('GET', '/health', async (_req, res) => {
    const outbox = await hub.store.outboxStats();
    const health = hub.delivery.health();
    const connectors = [...hub.connectors.entries.values()].map((e) => {
      const h = health.get(e.id);
      if (e.unavailable) return { id: e.id, system: e.systemId, kind: e.kind, state: 'unavailable' as const, note: e.unavailable };
      // Before the first probe has reported, a connector is taken as up: deliveries will tell.
      return { id: e.id, system: e.systemId, kind: e.kind, ...h, state: h?.state ?? ('up' as const) };
    });
    const view: HealthView = { status: overallState(connectors.map((c) => c.state)), ready: true, version: hub.version, outbox, connectors };
    sendJson(res, 200, view);
  });

  router.on('GET', '/', (_req, res) => {
    sendJson(res, 200, {
      name: 'onewindow-hub',
      version: hub.version,
      links: { submitCase: `${hub.url}/api/v1/cases`, caseStatus: `${hub.url}/api/v1/cases/{caseId}`, postResult: `${hub.url}/api/v1/cases/{caseId}/results`, health: `${hub.url}/health` },
    });
  });
}
