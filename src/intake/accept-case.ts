import type { Catalog } from '../catalog/types';
import { ErrorDetail, OwhError } from '../errors/owh-error';
import type { Logger } from '../log/logger';
import type { MaterialStore } from '../materials/material-store';
import type { CaseEnvelope, CaseStatus } from '../model/case';
import type { DeliveryEngine } from '../dispatch/delivery-engine';
import { routeCase, Route } from '../routing/route';
import type { HubStore } from '../store/contract';
import { documentHash } from '../util/canonical-json';
import { validatorFor } from '../validate/ajv';
import { toErrorDetails } from '../validate/errors';
import { decodeInlineMaterials, prepareEnvelope } from './prepare-envelope';
import { parallelRulesOf } from '../catalog/types';
import { maskIdNumber } from '../log/mask';
import type { CaseRules } from '../store/contract';

export interface IntakeDeps {
  catalog: Catalog;
  store: HubStore;
  materials: MaterialStore;
  /** Told about each accepted case's connectors, so delivery starts at once. */
  queue: Pick<DeliveryEngine, 'notify'>;
  hubUrl: string;
  logger: Logger;
}

export interface IntakeAnswer {
  /** 202 for a case accepted now or earlier with the same body. */
  httpStatus: 202;
  caseId: string;
  status: CaseStatus;
  statusUrl: string;
  duplicate: boolean;
}

export interface ValidatedCase {
  envelope: CaseEnvelope;
  route: Route;
}

/**
 * Checks a submitted case without storing anything: the envelope and the item's e-form (every
 * error at once, as JSON pointers into the body), then the item and the route. Used by intake,
 * `owh validate` and `owh map`.
 */
export function validateCase(catalog: Catalog, body: unknown): ValidatedCase {
  const validateEnvelope = validatorFor<CaseEnvelope>('urn:owh:schema:case-envelope:1');
  const problems: ErrorDetail[] = [];
  if (!validateEnvelope(body)) problems.push(...toErrorDetails(validateEnvelope.errors));
  const maybe = body as Partial<CaseEnvelope> | null;
  const item = typeof maybe?.itemCode === 'string' ? catalog.items.get(maybe.itemCode) : undefined;
  if (item && maybe?.form && typeof maybe.form === 'object' && !Array.isArray(maybe.form)) {
    const form = catalog.forms.get(item.form)!;
    if (!form.validate(maybe.form)) problems.push(...toErrorDetails(form.validate.errors, '/form'));
  }
  if (problems.length > 0) {
    throw new OwhError('OWH_CASE_INVALID', { message: `the case has ${problems.length} error${problems.length === 1 ? '' : 's'}`, details: problems });
  }
  const envelope = body as CaseEnvelope;
  return { envelope, route: routeCase(catalog, envelope.itemCode, envelope.jurisdiction) };
}

/**
 * Intake: validate, route, then store the case and plan one delivery per target in one
 * transaction (the transactional outbox). Idempotent on caseId: the same body again gets the same
 * answer; a different body under a known caseId is refused. A rejected case stores nothing.
 */
export async function acceptCase(deps: IntakeDeps, body: unknown, clientId: string): Promise<IntakeAnswer> {
  const { envelope, route } = validateCase(deps.catalog, body);
  const decoded = decodeInlineMaterials(envelope.materials);
  const bodyHash = documentHash(body);
  const stored = prepareEnvelope(envelope, deps.hubUrl, decoded, deps.materials);
  const outcome = await deps.store.acceptCase({
    caseId: envelope.caseId,
    itemCode: envelope.itemCode,
    jurisdiction: route.jurisdiction.code,
    clientId,
    bodyHash,
    envelope: stored,
    deliveries: route.targets.map((t) => ({ systemId: t.systemId, connectorId: t.connectorId, role: t.role, mapping: t.mapping })),
    receivedDetail: { route: route.explanation, acceptedAt: envelope.acceptedAt.district, channel: envelope.channel },
    // 承诺时限: counted in working days from the day the platform accepted the case.
    dueAt: route.item.timeLimitDays === undefined ? undefined : deps.catalog.calendar.addWorkingDays(envelope.submittedAt, route.item.timeLimitDays),
    rules: caseRules(deps.catalog, route),
    lookups: route.lookups.map((l) => ({
      name: l.name,
      systemId: l.system,
      connectorId: l.connectorId,
      operation: l.operation,
      request: l.request,
      answer: l.answer,
      required: l.required,
      waitSeconds: l.waitSeconds,
      legalBasis: l.legalBasis,
      purpose: l.purpose,
      subject: maskIdNumber(envelope.applicant.idNumber),
    })),
  });
  if (outcome.kind === 'conflict') {
    throw new OwhError('OWH_CASE_CONFLICT', { message: `case ${envelope.caseId} was already accepted with a different body` });
  }
  if (outcome.kind === 'created') {
    deps.queue.notify([...route.targets.map((t) => t.connectorId), ...route.lookups.map((l) => l.connectorId)]);
    deps.logger.info({ caseId: envelope.caseId, item: envelope.itemCode, targets: route.targets.length, clientId }, 'case accepted');
  }
  return {
    httpStatus: 202,
    caseId: envelope.caseId,
    status: outcome.status,
    statusUrl: `${deps.hubUrl}/api/v1/cases/${encodeURIComponent(envelope.caseId)}`,
    duplicate: outcome.kind === 'duplicate',
  };
}

/** The rules the case keeps for its life: the item's parallel approval rules and its documents' mappings, as they are today. */
function caseRules(catalog: Catalog, route: Route): CaseRules {
  const lead = route.targets.find((t) => t.role === 'lead')!;
  const supplementMappings: Record<string, string> = {};
  for (const t of route.targets) {
    const folder = catalog.systems.get(t.systemId)?.supplementMapping;
    if (folder) supplementMappings[t.systemId] = folder;
  }
  return {
    parallel: parallelRulesOf(route.item),
    department: route.item.department,
    opinionMapping: catalog.systems.get(lead.systemId)?.opinionMapping,
    supplementMappings,
  };
}
