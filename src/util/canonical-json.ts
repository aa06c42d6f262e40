import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so that two bodies that mean the same thing give
 * the same text (and hash) whatever order a client wrote their fields in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The hash under which a document is recognised when it is sent again. */
export function documentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
