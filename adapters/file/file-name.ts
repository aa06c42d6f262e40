import { createHash } from 'node:crypto';
import { resolve, sep } from 'node:path';
import { OwhError } from '../../src/errors/owh-error';

/** Characters a file name may hold: ASCII letters, digits, `.`, `_`, `-`, CJK ideographs. */
const UNSAFE = /[^A-Za-z0-9._\-\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;

/** Names Windows (and so an SMB share) will not create, whatever the extension. */
const WINDOWS_RESERVED = /^(?:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])$/i;

/** Longest name written, in UTF-8 bytes: 255 is the usual limit, and the temporary name adds ~20. */
export const MAX_NAME_BYTES = 200;

const PLACEHOLDER = /\{(caseId|itemCode|systemId|idempotencyKey|date|ext|operation|ref|key)\}/g;

/** Placeholders whose values are made by the hub, safe as they are. */
const VERBATIM = new Set(['date', 'ext', 'key']);

export interface NameFields {
  caseId: string;
  itemCode: string;
  systemId: string;
  idempotencyKey: string;
  /** YYYYMMDD. */
  date: string;
  ext: string;
  /** For a message other than the case itself: its operation's name. */
  operation?: string;
  /** … what its idempotency key says after the operation (`<caseId>:<systemId>:<operation>:<ref>`). */
  ref?: string;
  /** … the first 12 hex digits of its idempotency key's sha256. */
  key?: string;
}

/**
 * The name fields of a message other than the case itself: `operation`, `ref` (the key after
 * `<caseId>:<systemId>:<operation>:`; the whole key when it is shaped otherwise, so it still
 * tells messages apart) and `key` (a short hash of the whole key).
 */
export function operationFields(message: { idempotencyKey: string; caseId: string; systemId: string; operation: string }): Pick<NameFields, 'operation' | 'ref' | 'key'> {
  const prefix = `${message.caseId}:${message.systemId}:${message.operation}:`;
  const key = message.idempotencyKey;
  return {
    operation: message.operation,
    ref: key.startsWith(prefix) && key.length > prefix.length ? key.slice(prefix.length) : key,
    key: createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12),
  };
}

/**
 * Makes one template value safe to stand in a file name: every character outside the safe set
 * becomes `_`, a run of dots becomes `_`, and so does a dot at either end (so no value can form
 * `..` with the template's own dots, or start a hidden name). Sanitising is lossy (`a/b` and
 * `a_b` would both give `a_b`), and two cases must never share a file: so a value that had to
 * change gets the first 8 hex digits of its sha256 appended. Values that were already safe (every
 * caseId the case envelope allows but one with `..`) are kept as they are.
 */
export function sanitiseValue(raw: string): string {
  const value = raw
    .normalize('NFC')
    .replace(UNSAFE, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/^\.|\.$/g, '_');
  if (value === raw) return value;
  return `${value}-${createHash('sha256').update(raw, 'utf8').digest('hex').slice(0, 8)}`;
}

/** The date part of names, in China Standard Time (UTC+8), where the departments are. */
export function cstDate(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

/** Fills a fileName template (already checked by the schema) with sanitised values. */
export function renderFileName(template: string, fields: NameFields): string {
  let name = template.replace(PLACEHOLDER, (_m, key: keyof NameFields) => (VERBATIM.has(key) ? fields[key] ?? '' : sanitiseValue(fields[key] ?? '')));
  if (name.startsWith('.')) name = `_${name}`;
  const stem = name.split('.')[0];
  if (WINDOWS_RESERVED.test(stem)) name = `_${name}`;
  return name;
}

/**
 * The absolute path of `name` in `folder`, after proving that it stays in the folder: one plain
 * name (no separator, no `..`, not hidden), short enough for the file system, and — the check
 * that does not depend on getting the rules above right — resolving to a path directly inside
 * the folder.
 */
export function pathInside(folder: string, name: string, what: string): string {
  const base = resolve(folder);
  const full = resolve(base, name);
  const plain = name !== '' && !name.startsWith('.') && !name.includes('..') && !/[/\\\u0000]/.test(name);
  if (!plain || !full.startsWith(base + sep) || full.slice(base.length + 1).includes(sep)) {
    throw new OwhError('OWH_SEND_REJECTED', {
      message: `${what} '${name}' would not be a plain file name inside ${base}`,
      fix: 'Check the connector\'s fileName template and the values it is filled with.',
    });
  }
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) {
    throw new OwhError('OWH_SEND_REJECTED', {
      message: `${what} '${name.slice(0, 40)}…' is longer than ${MAX_NAME_BYTES} bytes`,
      fix: 'Use a shorter fileName template (fewer placeholders or literal text).',
    });
  }
  return full;
}

/** The name without its last extension (`NB-1.xml` → `NB-1`); `<name>_materials` when it has none. */
export function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : `${name}_materials`;
}

/** A regex matching names the template gives for these fields on any date (for a re-send on a later day). */
export function anyDatePattern(template: string, fields: NameFields): RegExp | undefined {
  if (!template.includes('{date}')) return undefined;
  const marker = '\u0000DATE\u0000';
  const rendered = renderFileName(template, { ...fields, date: marker });
  const escaped = rendered.split(marker).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('\\d{8}')}$`);
}
