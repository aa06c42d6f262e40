import type { Hub } from '../hub';
import { OwhError } from '../../errors/owh-error';
import { presentedCredential } from '../auth';
import type { Router } from '../router';

export function materialRoutes(router: Router, hub: Hub): void {
  /**
   * A case's material, for the platform's clients and for the department systems the case was
   * delivered to (by their result token): departments fetch scans rather than receive megabytes.
   */
  router.on('GET', '/api/v1/cases/:caseId/materials/:materialId', async (req, res, params) => {
    const credential = presentedCredential(req);
    const client = hub.clients.identify(credential);
    const system = client ? undefined : hub.systemTokens.identify(credential);
    if (!client && !system) throw new OwhError('OWH_AUTH_REQUIRED', { message: 'this route needs a client API key or a department system token' });
    const record = await hub.store.getCase(params.caseId);
    if (!record) throw new OwhError('OWH_CASE_NOT_FOUND', { message: `case ${params.caseId} is not known` });
    // Only the case's departments: a system that answered one of its lookups is not one of them.
    if (system && !record.deliveries.some((d) => d.kind === 'case' && d.systemId === system)) {
      throw new OwhError('OWH_AUTH_FORBIDDEN', { message: `case ${params.caseId} was not delivered to ${system}` });
    }
    const material = [...(record.envelope.materials ?? []), ...record.supplements.flatMap((s) => s.document.materials)].find((m) => m.id === params.materialId);
    const stream = material ? hub.materials.open(material.sha256) : undefined;
    if (!material || !stream) throw new OwhError('OWH_NOT_FOUND', { message: `case ${params.caseId} has no stored material ${params.materialId}` });
    res.writeHead(200, {
      'content-type': material.mediaType,
      'content-length': material.size,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(material.fileName)}`,
    });
    stream.pipe(res);
  });
}
