import { createHash } from 'node:crypto';

/** What a department system remembers of a request it applied. */
export interface AppliedRequest {
  caseId: string;
  receipt: string;
  /** Hash of the body's canonical JSON: the same request resent has the same hash, whatever its key order. */
  bodyHash: string;
}

/** The verdict on a request's idempotency key. */
export type KeyVerdict = { kind: 'new' } | { kind: 'repeat'; applied: AppliedRequest } | { kind: 'conflict'; applied: AppliedRequest };

/** Remembers applied requests by idempotency key, so a resent request is answered, not applied again. */
export class IdempotencyStore {
  private readonly byKey = new Map<string, AppliedRequest>();

  check(key: string, bodyHash: string): KeyVerdict {
    const applied = this.byKey.get(key);
    if (!applied) return { kind: 'new' };
    return applied.bodyHash === bodyHash ? { kind: 'repeat', applied } : { kind: 'conflict', applied };
  }

  remember(key: string, applied: AppliedRequest): void {
    this.byKey.set(key, applied);
  }

  clear(): void {
    this.byKey.clear();
  }
}

/** sha256 of JSON with object keys sorted at every level. */
export function bodyHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The caseId in an idempotency key: `<caseId>:<systemId>` for a case, `<caseId>:<systemId>:<operation>:<ref>`
 * for another message about it (the whole key when it has no colon).
 */
export function caseIdOfKey(key: string): string {
  const parts = key.split(':');
  if (parts.length >= 4) return parts[0];
  const colon = key.lastIndexOf(':');
  return colon > 0 ? key.slice(0, colon) : key;
}
