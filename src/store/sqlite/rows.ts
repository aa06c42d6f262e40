import type { DeliveryKind, DeliveryStatus, Material, ResultKind, ResultOutcome, Role } from '../../model/case';
import type { DeliveryRecord, DeliveryRole, ResultRecord } from '../contract';

/** The SQLite store's rows as they come out of the database, and how they become the contract's records. */

export interface DeliveryRow {
  id: number;
  case_id: string;
  kind: DeliveryKind;
  ref: string;
  system_id: string;
  connector_id: string;
  role: DeliveryRole;
  mapping: string | null;
  operation: string | null;
  payload: string | null;
  status: DeliveryStatus;
  attempts: number;
  due_at: number;
  last_error: string | null;
  receipt: string | null;
  delivered_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface ResultRow {
  id: number;
  case_id: string;
  delivery_id: number;
  system_id: string;
  role: Role;
  kind: ResultKind;
  outcome: ResultOutcome;
  round: number;
  result: string;
  result_hash: string;
  received_at: number;
}

export const iso = (ms: number | null | undefined): string | undefined => (ms == null ? undefined : new Date(ms).toISOString());

export function toDelivery(d: DeliveryRow): DeliveryRecord {
  return {
    id: d.id,
    caseId: d.case_id,
    kind: d.kind,
    ref: d.ref,
    operation: d.operation ?? undefined,
    systemId: d.system_id,
    connectorId: d.connector_id,
    role: d.role,
    mapping: d.mapping ?? undefined,
    status: d.status,
    attempts: d.attempts,
    dueAt: iso(d.due_at)!,
    lastError: d.last_error ? JSON.parse(d.last_error) : undefined,
    receipt: d.receipt ?? undefined,
    deliveredAt: iso(d.delivered_at),
    createdAt: iso(d.created_at)!,
    updatedAt: iso(d.updated_at)!,
  };
}

export function toResult(r: ResultRow): ResultRecord {
  return {
    id: r.id,
    caseId: r.case_id,
    deliveryId: r.delivery_id,
    systemId: r.system_id,
    role: r.role,
    kind: r.kind,
    outcome: r.outcome,
    round: r.round,
    result: JSON.parse(r.result),
    receivedAt: iso(r.received_at)!,
  };
}

/** What a settled delivery's update returns. */
export interface SettledRow {
  case_id: string;
  kind: DeliveryKind;
  ref: string;
  system_id: string;
  payload: string | null;
  attempts: number;
}

/** A lookup's answer as one of the case's materials (structured data, by hash; the bytes are the answer's JSON). */
export function sharedMaterial(name: string, systemId: string, answer: string, sha256: string): Material {
  return { id: `shared-${name}`, kind: 'shared-data', name: `${name} (from ${systemId})`, fileName: `${name}.json`, mediaType: 'application/json', size: Buffer.byteLength(answer), sha256 };
}
