import { createHash } from 'node:crypto';
import { mkdir, open, realpath, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OwhError } from '../../src/errors/owh-error';
import { maskText } from '../../src/log/mask';
import { AbandonedError, syncFolder, WriteControl, writeAtomically } from './atomic-write';
import { valueAt } from './case-file';
import type { FileConfig } from './config-schema';
import { pathInside } from './file-name';
import { errnoOf, writeError } from './fs-errors';

const CHUNK = 1024 * 1024;
const SHA256 = /^[0-9a-fA-F]{64}$/;
const UNSAFE = /[^A-Za-z0-9._\-\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;

/** A material copied beside a case file. */
export interface CopiedMaterial {
  /** Path relative to the outbox, with `/`. */
  file: string;
  bytes: number;
  sha256: string;
}

/**
 * A material's own name made safe for a file name, its extension kept (`身份证 正面.jpg` →
 * `身份证_正面.jpg`). Unlike case file names no hash is added: names are only compared within one
 * case's folder, where {@link copyMaterials} numbers repeats.
 */
export function safeMaterialName(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(UNSAFE, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/^\.|\.$/g, '_');
}

function refuse(caseId: string, index: number, why: string, fix: string, cause?: unknown): OwhError {
  return new OwhError('OWH_SEND_REJECTED', { message: maskText(`material ${index + 1} of case ${caseId}: ${why}`), fix, cause });
}

function mappingFault(caseId: string, index: number, why: string): OwhError {
  return new OwhError('OWH_MAPPING_FAILED', {
    message: `material ${index + 1} of case ${caseId}: ${why}`,
    fix: 'Check the connector\'s materials settings (from, uriField, sha256Field, fileNameField) against the request mapping\'s output.',
  });
}

/** The sha256 of a file's content, or undefined when there is no file. */
async function sha256OfFile(path: string): Promise<{ sha256: string; bytes: number } | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    return { sha256: hash.digest('hex'), bytes: total };
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'EISDIR') return undefined;
    throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The last part of a URI's path, decoded (`…/materials/M1` → `M1`). */
function lastPart(uri: string): string {
  try {
    return decodeURIComponent(basename(new URL(uri).pathname));
  } catch {
    return '';
  }
}

function isInside(root: string, path: string): boolean {
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Where a material's bytes are. The adapter reads no HTTP (yet): a `file://` URI must point
 * inside the materials root; any other URI (the hub's own material URL of an inline material) is
 * found by its sha256 in the root laid out as the hub's `materials.path` (`<aa>/<sha256>`).
 */
async function sourceOf(uri: string, sha256: string, root: string, caseId: string, index: number): Promise<string> {
  if (/^file:/i.test(uri)) {
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch (error) {
      throw refuse(caseId, index, `${uri} is not a local file URI (${(error as Error).message})`, 'Use file:///<path> URIs under the connector\'s materials.root.', error);
    }
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      // The platform may still be filling the folder: retryable, like a missing outbox.
      throw writeError(error, `material ${index + 1} of case ${caseId} (${maskText(path)})`);
    }
    if (!isInside(root, real)) {
      throw refuse(caseId, index, `${maskText(path)} is outside materials.root (${root})`, 'Materials are copied only from the connector\'s materials.root: put them there, or widen materials.root.');
    }
    return real;
  }
  const kept = join(root, sha256.slice(0, 2), sha256);
  if (await sha256OfFile(kept).then((f) => f !== undefined)) return kept;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1] ?? 'this';
  throw refuse(
    caseId,
    index,
    `${scheme} URIs cannot be fetched by the file adapter, and no material with sha256 ${sha256.slice(0, 12)}… is kept in ${root}`,
    'Use file:// URIs under materials.root, or point materials.root at the hub\'s materials.path (inline materials are kept there by sha256).',
  );
}

/**
 * Copies a case's materials into `<outbox>/<folderName>/` before the case file is written, so a
 * department that sees the case file finds its materials already there. Each copy is written
 * atomically and its sha256 checked while copying: bytes that do not match are refused for good
 * (`OWH_SEND_REJECTED`) and never appear under the final name. A material already there with the
 * right sha256 is not copied again, so a re-send has no second effect.
 */
export async function copyMaterials(
  payload: unknown,
  caseId: string,
  outbox: string,
  folderName: string,
  settings: FileConfig['materials'],
  catalogRoot: string,
  control: WriteControl,
): Promise<CopiedMaterial[]> {
  const list = valueAt(payload, settings.from);
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw mappingFault(caseId, 0, `the payload's ${settings.from} is not a list`);
  if (list.length === 0) return [];

  const configuredRoot = isAbsolute(settings.root!) ? settings.root! : resolve(catalogRoot, settings.root!);
  let root: string;
  try {
    root = await realpath(configuredRoot);
    if (!(await stat(root)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    throw writeError(error, `materials.root ${configuredRoot}`);
  }

  const folder = pathInside(outbox, folderName, 'the materials folder');
  try {
    await mkdir(folder);
    await syncFolder(outbox);
  } catch (error) {
    if (errnoOf(error) !== 'EEXIST') throw writeError(error, `outbox ${outbox}`);
    if (!(await stat(folder)).isDirectory()) {
      throw new OwhError('OWH_SEND_REJECTED', { message: `a file stands where the materials folder of case ${caseId} should go (${folder})`, fix: 'Ask the department to remove it, then `owh dlq retry` the delivery.' });
    }
  }

  const copied: CopiedMaterial[] = [];
  const used = new Set<string>();
  for (let index = 0; index < list.length; index++) {
    if (control.abandoned) throw new AbandonedError();
    const entry = list[index] as unknown;
    const uri = valueAt(entry, settings.uriField);
    const sha = valueAt(entry, settings.sha256Field);
    if (typeof uri !== 'string' || uri === '') throw mappingFault(caseId, index, `has no URI at ${settings.uriField}`);
    if (typeof sha !== 'string' || !SHA256.test(sha)) throw mappingFault(caseId, index, `has no sha256 (64 hex digits) at ${settings.sha256Field}`);
    const sha256 = sha.toLowerCase();

    const named = valueAt(entry, settings.fileNameField);
    const base = safeMaterialName(typeof named === 'string' && named !== '' ? named : lastPart(uri)) || `material-${index + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const dot = base.lastIndexOf('.');
      name = dot > 0 ? `${base.slice(0, dot)}-${n}${base.slice(dot)}` : `${base}-${n}`;
    }
    used.add(name.toLowerCase());
    const target = pathInside(folder, name, `material ${index + 1}'s file name`);
    const relative = `${folderName}/${name}`;

    const source = await sourceOf(uri, sha256, root, caseId, index);
    const present = await sha256OfFile(target).catch(() => undefined);
    if (present?.sha256 === sha256) {
      copied.push({ file: relative, bytes: present.bytes, sha256 });
      continue;
    }
    let bytes = 0;
    try {
      await writeAtomically(
        target,
        async (out) => {
          let input: FileHandle | undefined;
          try {
            input = await open(source, 'r');
            const hash = createHash('sha256');
            const buffer = Buffer.allocUnsafe(CHUNK);
            for (;;) {
              if (control.abandoned) throw new AbandonedError();
              const { bytesRead } = await input.read(buffer, 0, CHUNK, null);
              if (bytesRead === 0) break;
              const chunk = buffer.subarray(0, bytesRead);
              hash.update(chunk);
              await out.write(chunk);
              bytes += bytesRead;
            }
            const actual = hash.digest('hex');
            if (actual !== sha256) {
              throw refuse(caseId, index, `its bytes do not match its sha256 (expected ${sha256.slice(0, 12)}…, found ${actual.slice(0, 12)}…)`, 'The material changed after the case was accepted, or the case declares the wrong sha256: ask the platform to resubmit the material.');
            }
          } finally {
            await input?.close().catch(() => undefined);
          }
        },
        control,
      );
    } catch (error) {
      throw writeError(error, `copying material ${index + 1} of case ${caseId} to ${target}`);
    }
    copied.push({ file: relative, bytes, sha256 });
  }
  return copied;
}
