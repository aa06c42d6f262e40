import type { Catalog } from '../catalog/types';
import { OwhError } from '../errors/owh-error';
import { maskIdNumber, maskText } from '../log/mask';
import type { HubStore, NewSharingEntry } from '../store/contract';
import { validatorFor } from '../validate/ajv';
import { toErrorDetails } from '../validate/errors';

type SharingBody = Omit<NewSharingEntry, 'itemCode' | 'requestedBy'> & { itemCode?: string; requestedBy?: string };

/**
 * A lookup made outside the hub's own plan (a flow's `owh lookup`) goes into the same sharing log
 * as the hub's lookups: checked against schemas/sharing-entry.schema.json, its system against the
 * catalog, the subject masked as every ID number the hub keeps, field names only — never values.
 * A case the hub does not know is allowed: a flow may work on cases that reached it another way.
 */
export async function recordSharing(deps: { store: HubStore; catalog: Catalog }, body: unknown): Promise<{ id: number }> {
  const validate = validatorFor<SharingBody>('urn:owh:schema:sharing-entry:1');
  if (!validate(body)) {
    const details = toErrorDetails(validate.errors);
    throw new OwhError('OWH_SHARING_INVALID', { message: `the sharing-log entry has ${details.length} error${details.length === 1 ? '' : 's'}`, details });
  }
  if (!deps.catalog.systems.has(body.sourceSystem)) {
    throw new OwhError('OWH_SHARING_INVALID', {
      message: `sourceSystem ${body.sourceSystem} is not a system of the catalog`,
      details: [{ pointer: '/sourceSystem', keyword: 'catalog', message: 'must be a system of systems.yaml' }],
    });
  }
  const id = await deps.store.recordSharing({
    ...body,
    itemCode: body.itemCode ?? '',
    requestedBy: body.requestedBy ?? '',
    subject: body.subject === undefined ? undefined : maskIdNumber(body.subject),
    detail: body.detail === undefined ? undefined : maskText(body.detail),
  });
  return { id };
}
