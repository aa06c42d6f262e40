import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errnoOf } from './fs-errors';

/** Errors of link() that mean "this file system has no hard links" (some SMB shares, FAT). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/** Errors of an fsync on a folder that mean "this platform cannot", not "the data is at risk". */
const FOLDER_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'EPERM', 'EBADF', 'ENOTSUP', 'EACCES']);

/**
 * Lets a caller give up on a write that hangs (a network share that stopped answering): once
 * `abandoned` is set, the write goes no further than the step it is in, and never renames.
 */
export interface WriteControl {
  abandoned: boolean;
}

export class AbandonedError extends Error {
  constructor() {
    super('the write was abandoned');
  }
}

/** Random per process, so two hub processes writing into one share never pick the same temporary name. */
const PROCESS_TAG = randomBytes(4).toString('hex');
let sequence = 0;

/** A temporary name beside the final one: hidden (a department's `*.xml` never matches it) and unique. */
export function temporaryName(name: string): string {
  sequence = (sequence + 1) % 0x100000000;
  return `.${name}.${PROCESS_TAG}${sequence.toString(36)}.tmp`;
}

/** Flushes a folder's entries (a rename is durable only once its folder is), where the platform can. */
export async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    if (!FOLDER_SYNC_UNSUPPORTED.has(errnoOf(error) ?? '')) throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export type ExistingFile = 'absent' | 'same' | 'different';

/** Whether `path` already holds exactly `bytes`. A folder at the path is left to the rename to refuse. */
export async function compareExisting(path: string, bytes: Buffer): Promise<ExistingFile> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) return 'different';
    size = s.size;
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return 'absent';
    throw error;
  }
  if (size !== bytes.length) return 'different';
  try {
    return (await readFile(path)).equals(bytes) ? 'same' : 'different';
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return 'absent';
    throw error;
  }
}

/**
 * What both writes share: the bytes go into a new temporary file beside `path` (same file system,
 * so a rename is atomic), fsynced and closed; `place` then puts it under its final name and says
 * whether the temporary name went with it; a temporary file still there is removed, and the folder
 * fsynced so the new name survives a power cut. On any failure the temporary file is removed.
 */
async function throughTemporary<T>(path: string, fill: (handle: FileHandle) => Promise<void>, control: WriteControl, place: (tmp: string) => Promise<{ result: T; moved: boolean }>): Promise<T> {
  const folder = dirname(path);
  const tmp = join(folder, temporaryName(basename(path)));
  let handle: FileHandle | undefined;
  let created = false;
  try {
    handle = await open(tmp, 'wx');
    created = true;
    if (control.abandoned) throw new AbandonedError();
    await fill(handle);
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (control.abandoned) throw new AbandonedError();
    const { result, moved } = await place(tmp);
    if (moved) created = false;
    if (created) {
      await unlink(tmp);
      created = false;
    }
    await syncFolder(folder);
    return result;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    if (created) await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes `bytes` to `path` so that no reader ever sees part of it: the bytes go to a temporary
 * name in the same folder (same file system, so the rename is atomic), the file is fsynced, then
 * renamed over the final name (replacing an older version in one step), and the folder is
 * fsynced so the rename survives a power cut. On any failure the temporary file is removed; the
 * final name holds either the old content or the new, never a mix.
 */
export async function writeAtomically(path: string, bytes: Buffer | ((handle: FileHandle) => Promise<void>), control: WriteControl = { abandoned: false }): Promise<void> {
  const fill = Buffer.isBuffer(bytes) ? (handle: FileHandle) => handle.writeFile(bytes) : bytes;
  await throughTemporary(path, fill, control, async (tmp) => {
    await rename(tmp, path);
    return { result: undefined, moved: true };
  });
}

export type PlaceOutcome = 'created' | 'unchanged' | 'replaced';

/**
 * Writes a case file under `path` with the guarantees of {@link writeAtomically}, and the
 * idempotency of a delivery: when `path` already holds exactly `bytes` (a re-send), it is left
 * alone; when it holds something else (a corrected re-send), it is replaced in one step.
 *
 * The new name is made with link() rather than rename(): link refuses an existing name (EEXIST),
 * so the usual case — a first delivery — needs no stat beforehand and throws no ENOENT, and a
 * re-send is recognised by that refusal. Where the file system has no hard links, the existing
 * file is compared first and the temporary file renamed, with the same outcome.
 */
export async function placeAtomically(path: string, bytes: Buffer, control: WriteControl = { abandoned: false }): Promise<PlaceOutcome> {
  return throughTemporary<PlaceOutcome>(path, (handle) => handle.writeFile(bytes), control, async (tmp) => {
    try {
      await link(tmp, path);
      return { result: 'created', moved: false };
    } catch (error) {
      const code = errnoOf(error) ?? '';
      if (code !== 'EEXIST' && !NO_HARD_LINKS.has(code)) throw error;
      const existing = await compareExisting(path, bytes);
      if (existing === 'same') return { result: 'unchanged', moved: false };
      await rename(tmp, path);
      return { result: existing === 'absent' ? 'created' : 'replaced', moved: true };
    }
  });
}
