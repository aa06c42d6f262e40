import type { ErrorObject } from 'ajv';
import { ErrorDetail } from '../errors/owh-error';

const FORMAT_MESSAGES: Record<string, string> = {
  'cn-resident-id': 'is not a valid resident ID number (GB 11643: 18 characters, a real birth date, and the last character is the MOD 11-2 check character)',
  'cn-credit-code': 'is not a valid unified social credit code (GB 32100: 18 characters without I, O, Z, S, V, the last one a check character)',
  'cn-mobile': 'is not a mobile number (11 digits starting with 1)',
  'date-time': 'is not a date-time with offset (RFC 3339, e.g. 2026-11-28T09:30:00+08:00)',
  date: 'is not a date (YYYY-MM-DD)',
  uri: 'is not an absolute URI',
  email: 'is not an email address',
};

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** One readable detail per ajv error; the pointer names the field itself (also for `required`). */
function toDetail(error: ErrorObject, prefix: string): ErrorDetail | undefined {
  const base = prefix + error.instancePath;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined; // the failing `then` branch already says what is wrong
    case 'required':
      return { pointer: `${base}/${escapePointerToken(String(p.missingProperty))}`, keyword: 'required', message: 'is required' };
    case 'additionalProperties':
      return { pointer: `${base}/${escapePointerToken(String(p.additionalProperty))}`, keyword: 'additionalProperties', message: 'is not a known field here (check its spelling)' };
    case 'format':
      return { pointer: base, keyword: 'format', message: FORMAT_MESSAGES[String(p.format)] ?? `is not a valid ${String(p.format)}` };
    case 'enum':
      return { pointer: base, keyword: 'enum', message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { pointer: base, keyword: 'const', message: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'pattern':
      return { pointer: base, keyword: 'pattern', message: `does not have the expected form (${String(p.pattern)})` };
    case 'type':
      return { pointer: base, keyword: 'type', message: `must be ${String(p.type)}` };
    case 'oneOf':
      return { pointer: base, keyword: 'oneOf', message: error.message === 'must match exactly one schema in oneOf' ? 'must match exactly one of the allowed shapes (e.g. `content` or `uri`, not both)' : String(error.message) };
    default:
      return { pointer: base, keyword: error.keyword, message: error.message ?? 'is not valid' };
  }
}

/**
 * Turns ajv's errors into `{pointer, keyword, message}` entries: every error, each once, in the
 * document's order. `prefix` places them in a larger document (e.g. `/form` for an e-form).
 * Messages never repeat the value, which may be personal data.
 */
export function toErrorDetails(errors: ErrorObject[] | null | undefined, prefix = ''): ErrorDetail[] {
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  for (const error of errors ?? []) {
    const detail = toDetail(error, prefix);
    if (!detail) continue;
    const key = `${detail.pointer}\u0000${detail.keyword}\u0000${detail.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(detail);
  }
  // Specific errors first: a oneOf/anyOf summary is only useful when nothing more precise exists.
  const specific = out.filter((d) => d.keyword !== 'oneOf' && d.keyword !== 'anyOf');
  return specific.length > 0 ? specific : out;
}
