import { ErrorDetail, OwhError } from '../errors/owh-error';
import type { CaseStatus, Material } from '../model/case';
import { documentHash } from '../util/canonical-json';
import { validatorFor } from '../validate/ajv';
import { toErrorDetails } from '../validate/errors';
import type { IntakeDeps } from './accept-case';
import { decodeInlineMaterials, materialUrl } from './prepare-envelope';

/** What a supplement needs is what intake needs: the catalog, the store, the materials and the queue. */
export type SupplementDeps = IntakeDeps;

export interface SupplementAnswer {
  httpStatus: 200 | 202;
  caseId: string;
  supplementId: string;
  status: CaseStatus;
  /** The departments it is sent to. */
  recipients: string[];
  /** The deadline after the pause. */
  dueAt?: string;
  duplicate: boolean;
}

interface SupplementBody {
  supplementId: string;
  submittedAt: string;
  note?: string;
  materials: Material[];
}

/**
 * The applicant's supplement (补正材料), through the platform: checked like a case's materials,
 * stored once per supplementId, then the case's clock runs again (the deadline moves by the working
 * days it was paused) and the departments concerned are sent it — all in one transaction.
 */
export async function acceptSupplement(deps: SupplementDeps, caseId: string, body: unknown): Promise<SupplementAnswer> {
  const validate = validatorFor<SupplementBody>('urn:owh:schema:supplement:1');
  if (!validate(body)) {
    const details = toErrorDetails(validate.errors);
    throw new OwhError('OWH_SUPPLEMENT_INVALID', { message: `the supplement has ${details.length} error${details.length === 1 ? '' : 's'}`, details });
  }
  const record = await deps.store.getCase(caseId);
  if (!record) throw new OwhError('OWH_CASE_NOT_FOUND', { message: `case ${caseId} is not known` });
  // Materials are served by id: a supplement's ids must not shadow the case's or an earlier supplement's.
  const taken = new Set([...(record.envelope.materials ?? []), ...record.supplements.filter((s) => s.supplementId !== body.supplementId).flatMap((s) => s.document.materials)].map((m) => m.id));
  const clashes: ErrorDetail[] = body.materials.flatMap((m, i) => (taken.has(m.id) ? [{ pointer: `/materials/${i}/id`, keyword: 'unique', message: `material id ${m.id} is already used in case ${caseId}` }] : []));
  if (clashes.length > 0) throw new OwhError('OWH_SUPPLEMENT_INVALID', { message: 'a supplement\'s material ids must be new to the case', details: clashes });

  const decoded = decodeInlineMaterials(body.materials);
  for (const d of decoded) deps.materials.put(d.sha256, d.bytes);
  const materials = body.materials.map((m): Material => {
    if (m.content === undefined) return m;
    const { content: _content, ...rest } = m;
    return { ...rest, uri: materialUrl(deps.hubUrl, caseId, m.id) };
  });
  const item = deps.catalog.items.get(record.itemCode);
  const submittedAt = record.envelope.submittedAt;
  const outcome = await deps.store.addSupplement({
    caseId,
    supplementId: body.supplementId,
    bodyHash: documentHash(body),
    document: { caseId, itemCode: record.itemCode, supplementId: body.supplementId, submittedAt: body.submittedAt, note: body.note, materials },
    dueAt: item?.timeLimitDays === undefined ? undefined : (pauses) => deps.catalog.calendar.addWorkingDays(submittedAt, item.timeLimitDays!, { pauses }),
  });
  switch (outcome.kind) {
    case 'not-found':
      throw new OwhError('OWH_CASE_NOT_FOUND', { message: `case ${caseId} is not known` });
    case 'conflict':
      throw new OwhError('OWH_SUPPLEMENT_CONFLICT', { message: `supplement ${body.supplementId} of case ${caseId} was already received with a different body` });
    case 'not-requested':
      throw new OwhError('OWH_SUPPLEMENT_NOT_REQUESTED', { message: `no department of case ${caseId} is waiting for more material (the case is ${outcome.status})` });
    case 'duplicate':
      return { httpStatus: 200, caseId, supplementId: body.supplementId, status: outcome.status, recipients: [], duplicate: true };
    case 'created':
      deps.queue.notify(outcome.notify);
      deps.logger.info({ caseId, supplementId: body.supplementId, recipients: outcome.recipients }, 'supplement accepted');
      return { httpStatus: 202, caseId, supplementId: body.supplementId, status: outcome.status, recipients: outcome.recipients, dueAt: outcome.dueAt, duplicate: false };
  }
}
