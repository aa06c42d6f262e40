import type { Hub } from '../hub';
import { OwhError } from '../../errors/owh-error';
import { onboardingReport } from '../../onboarding/service';
import { requireCredential } from '../auth';
import { sendJson } from '../http-io';
import type { Router } from '../router';

export function onboardingRoutes(router: Router, hub: Hub): void {
  /** The onboarding report, as `owh onboarding report --json` prints it: ?phase=N&department=id&blockers=n. */
  router.on('GET', '/api/v1/onboarding', async (req, res, _params, url) => {
    requireCredential(hub.clients, req, "a client's API key");
    const number = (name: string): number | undefined => {
      const raw = url.searchParams.get(name);
      if (raw === null) return undefined;
      if (!/^[0-9]+$/.test(raw)) throw new OwhError('OWH_USAGE', { message: `?${name}=${raw} is not a whole number`, details: [{ pointer: `/${name}`, keyword: 'type', message: 'must be a whole number' }] });
      return Number(raw);
    };
    const phase = number('phase');
    const report = await onboardingReport(hub.onboarding, hub.catalog, { phase, department: url.searchParams.get('department') ?? undefined, blockersLimit: number('blockers') ?? 200, mappings: hub.mappings });
    if (phase !== undefined && report.phases.length === 0) throw new OwhError('OWH_NOT_FOUND', { message: `there is no onboarding phase ${phase}` });
    sendJson(res, 200, report);
  });
}
