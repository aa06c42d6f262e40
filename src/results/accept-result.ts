import type { MappingSet } from '../catalog/mapping-set';
import type { Catalog } from '../catalog/types';
import type { DeliveryEngine } from '../dispatch/delivery-engine';
import { OpinionDocument, opinionOf } from '../model/messages';
import { OwhError, toOwhError } from '../errors/owh-error';
import type { Logger } from '../log/logger';
import type { CaseStatus, DepartmentResult } from '../model/case';
import type { HubStore, ResultRecord } from '../store/contract';
import { documentHash } from '../util/canonical-json';
import { validatorFor } from '../validate/ajv';
import { toErrorDetails } from '../validate/errors';

export interface ResultDeps {
  store: HubStore;
  mappings: MappingSet;
  logger: Logger;
  /** Names the departments in opinions forwarded to a lead. */
  catalog: Pick<Catalog, 'systems' | 'departments'>;
  /** Told about connectors with new work (a co-handler's opinion for the lead). */
  queue: Pick<DeliveryEngine, 'notify'>;
}

export interface ResultAnswer {
  httpStatus: 200 | 201;
  caseId: string;
  status: CaseStatus;
  result: ResultRecord;
  duplicate: boolean;
}

/**
 * Takes a result a department system posts for one of its deliveries: its own format turned into
 * a hub result by the system's result mapping (when it has one), checked against
 * schemas/result.schema.json, then recorded once. The same result again is harmless; a different
 * result of the same kind is refused.
 */
export async function acceptResult(deps: ResultDeps, caseId: string, systemId: string, body: unknown): Promise<ResultAnswer> {
  return submitResult(deps, systemId, { caseId, body });
}

/**
 * The same for a result a connector brought back itself (a result file, a reply message, a
 * polled list): the case comes from the channel (`caseId`) or from the result mapping's output.
 */
export async function submitResult(
  deps: ResultDeps,
  systemId: string,
  input: { caseId?: string; body: unknown },
  /** `hub`: the body is already in the hub's result format (the hub's own SOAP callback), so the system's result mapping does not apply. */
  format: 'system' | 'hub' = 'system',
): Promise<ResultAnswer> {
  const { body } = input;
  const mapping = format === 'system' ? deps.mappings.result(systemId) : undefined;
  let result: unknown = body;
  if (mapping) {
    try {
      result = mapping.map(body);
    } catch (error) {
      const e = toOwhError(error);
      throw new OwhError('OWH_RESULT_INVALID', { message: `the result mapping of ${systemId} could not read this result: ${e.message}`, details: e.details });
    }
  }
  const validate = validatorFor<DepartmentResult>('urn:owh:schema:result:1');
  if (!validate(result)) {
    throw new OwhError('OWH_RESULT_INVALID', {
      message: mapping ? `after ${systemId}'s result mapping, the result is not valid` : 'the result is not valid',
      details: toErrorDetails(validate.errors),
    });
  }
  const named = result.caseId;
  if (input.caseId !== undefined && named !== undefined && named !== input.caseId) {
    throw new OwhError('OWH_RESULT_INVALID', { message: `the result names case ${named} but was sent for case ${input.caseId}`, details: [{ pointer: '/caseId', keyword: 'const', message: `must be ${input.caseId}` }] });
  }
  const caseId = input.caseId ?? named;
  if (caseId === undefined) {
    throw new OwhError('OWH_RESULT_INVALID', { message: `a result from ${systemId} does not say which case it is for`, details: [{ pointer: '/caseId', keyword: 'required', message: `is required (map it in ${systemId}'s result mapping)` }] });
  }
  const { caseId: _named, ...stored } = result;
  const recorded = await deps.store.recordResult({ caseId, systemId, result: stored, resultHash: documentHash(stored), opinion: opinionDocument(deps, caseId, systemId, stored) });
  switch (recorded.kind) {
    case 'no-delivery':
      if (!(await deps.store.getCase(caseId))) throw new OwhError('OWH_CASE_NOT_FOUND', { message: `case ${caseId} is not known` });
      throw new OwhError('OWH_AUTH_FORBIDDEN', { message: `case ${caseId} was not delivered to ${systemId}, so ${systemId} cannot post its results` });
    case 'conflict':
      throw new OwhError('OWH_RESULT_CONFLICT', { message: `${systemId} already sent a different ${result.kind} result for case ${caseId} (${recorded.existing.outcome})` });
    case 'duplicate':
      return { httpStatus: 200, caseId, status: recorded.status, result: recorded.record, duplicate: true };
    case 'created':
      deps.logger.info({ caseId, system: systemId, kind: result.kind, outcome: result.outcome }, 'result recorded');
      if (recorded.notify.length > 0) deps.queue.notify(recorded.notify);
      return { httpStatus: 201, caseId, status: recorded.status, result: recorded.record, duplicate: false };
  }
}

/**
 * The result as the lead's system will see it if it comes from a co-handler: the store decides
 * whether it is forwarded, in the transaction that records it, and fills in the item.
 */
function opinionDocument(deps: ResultDeps, caseId: string, systemId: string, result: DepartmentResult): OpinionDocument {
  const system = deps.catalog.systems.get(systemId);
  const department = system ? deps.catalog.departments.get(system.department) : undefined;
  return {
    caseId,
    itemCode: '',
    from: { system: systemId, department: system?.department ?? '', departmentName: department?.name },
    kind: result.kind,
    outcome: result.outcome,
    opinion: opinionOf(result.kind, result.outcome),
    reason: result.reason,
    decidedAt: result.decidedAt,
    handler: result.handler,
    receipt: result.receipt,
    resultId: result.resultId,
    documents: result.documents,
    materials: result.materials,
    receivedAt: new Date().toISOString(),
  };
}
