import { watch, FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResultSink } from '../../src/adapters/contract';
import { isOwhError, OwhError } from '../../src/errors/owh-error';
import type { Logger } from '../../src/log/logger';
import { maskText } from '../../src/log/mask';
import { syncFolder, writeAtomically } from './atomic-write';
import type { FileConfig } from './config-schema';
import { describeFsError, errnoOf } from './fs-errors';
import { parseResultFile } from './result-file';

/** How long after a watcher event the inbox is listed (one listing for a burst of events). */
const WATCH_DEBOUNCE_MS = 50;

/** What the hub answers when it will never take this result: the file goes to the error folder. */
const REFUSALS = new Set(['OWH_CASE_NOT_FOUND', 'OWH_AUTH_FORBIDDEN', 'OWH_XML_UNSAFE']);

export function isRefusal(error: unknown): error is OwhError {
  return isOwhError(error) && (error.code.startsWith('OWH_RESULT_') || REFUSALS.has(error.code));
}

export interface PickupOptions {
  connectorId: string;
  inbox: string;
  processedFolder: string;
  errorFolder: string;
  pattern: RegExp;
  settings: FileConfig['results'];
  maxResultBytes: number;
  sink: ResultSink;
  logger: Logger;
}

/** A file's size, modification time and inode as last seen, and since when they have not changed. */
interface Observation {
  size: number;
  mtimeMs: number;
  ino: number;
  since: number;
}

/**
 * Picks up result files from a department's inbox folder. The folder is watched (`fs.watch`) and
 * also listed every `pollIntervalMs`, because watchers miss events on network shares. A file is
 * read only when its size, modification time and inode have stayed the same for `stableMs`
 * (the department may still be writing it), parsed, handed to the hub one result at a time, and
 * moved to the processed folder only after every result was stored. A file that cannot be read,
 * or whose result the hub refuses, goes to the error folder with a `.reason.txt`; when the hub
 * cannot store it now, it stays and is tried again on the next pass. No file is ever deleted.
 *
 * One pass runs at a time and handles one file at a time, so no file is processed twice at once.
 */
export class InboxPickup {
  /** Why the last pass could not do its work (a folder it could not read or write), for health. */
  problem?: string;

  private watcher?: FSWatcher;
  private watchedIno?: number;
  private timer?: NodeJS.Timeout;
  private timerDue = Infinity;
  private pass?: Promise<void>;
  private again = false;
  private closed = false;
  private readonly observed = new Map<string, Observation>();
  private readonly logger: Logger;

  constructor(private readonly options: PickupOptions) {
    this.logger = options.logger;
  }

  /** Starts watching and polling. Never fails: a missing inbox is looked for again on every poll. */
  start(): void {
    this.watch();
    this.schedule(0);
  }

  /** Lists the inbox now (or right after the pass running) and resolves when that pass is done. */
  poll(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    const pass = this.runPasses();
    this.pass = pass;
    return pass;
  }

  /** Stops the watcher and the timer, and waits for the file in progress. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
    await this.pass;
  }

  private async runPasses(): Promise<void> {
    let next: number | undefined;
    try {
      do {
        this.again = false;
        next = await this.scan();
      } while (this.again && !this.closed);
    } catch (error) {
      this.logger.error({ err: error }, `result pickup from ${this.options.inbox} failed; trying again on the next poll`);
    } finally {
      this.pass = undefined;
    }
    const poll = this.options.settings.pollIntervalMs;
    this.schedule(this.again ? 0 : next === undefined ? poll : Math.min(poll, Math.max(0, next - Date.now()) + 5));
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    const due = Date.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDue = Infinity;
      void this.poll();
    }, delayMs);
  }

  private watch(): void {
    if (this.watcher || this.closed) return;
    try {
      const watcher = watch(this.options.inbox, { persistent: true });
      watcher.on('change', () => this.schedule(WATCH_DEBOUNCE_MS));
      watcher.on('error', (error) => {
        this.logger.warn({ err: error }, `watching ${this.options.inbox} failed; polling carries on`);
        watcher.close();
        if (this.watcher === watcher) this.watcher = undefined;
      });
      this.watcher = watcher;
      this.watchedIno = undefined;
    } catch {
      // The inbox is not there (yet): every poll tries again, and health says why.
    }
  }

  /** A watcher follows the folder it was opened on: when the inbox is replaced (a share remounted), watch the new one. */
  private async rewatchIfReplaced(): Promise<void> {
    let ino: number;
    try {
      ino = (await stat(this.options.inbox)).ino;
    } catch {
      return;
    }
    if (this.watcher && this.watchedIno !== undefined && this.watchedIno !== ino) {
      this.watcher.close();
      this.watcher = undefined;
    }
    if (!this.watcher) this.watch();
    this.watchedIno = ino;
  }

  /** One pass over the inbox. Returns when the next file becomes stable, if one is waiting to. */
  private async scan(): Promise<number | undefined> {
    const { inbox, pattern, settings } = this.options;
    let names: string[];
    try {
      names = await readdir(inbox);
    } catch (error) {
      this.problem = `inbox ${inbox} ${describeFsError(error)}`;
      this.observed.clear();
      return undefined;
    }
    this.problem = undefined;
    await this.rewatchIfReplaced();

    let next: number | undefined;
    const present = new Set<string>();
    for (const name of names.sort()) {
      if (this.closed) return next;
      if (name.startsWith('.') || !pattern.test(name)) continue;
      present.add(name);
      let size: number;
      try {
        const s = await stat(join(inbox, name));
        if (!s.isFile()) continue;
        size = s.size;
        const seen = this.observed.get(name);
        const now = Date.now();
        if (!seen || seen.size !== s.size || seen.mtimeMs !== s.mtimeMs || seen.ino !== s.ino) {
          this.observed.set(name, { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, since: now });
          if (settings.stableMs > 0) {
            next = Math.min(next ?? Infinity, now + settings.stableMs);
            continue;
          }
        } else if (now - seen.since < settings.stableMs) {
          next = Math.min(next ?? Infinity, seen.since + settings.stableMs);
          continue;
        }
      } catch {
        continue; // gone between the listing and now
      }
      await this.take(name, size);
    }
    for (const name of [...this.observed.keys()]) if (!present.has(name)) this.observed.delete(name);
    return next;
  }

  /** Reads, submits and moves one stable file. */
  private async take(name: string, size: number): Promise<void> {
    const { inbox, maxResultBytes, settings, sink } = this.options;
    const path = join(inbox, name);
    const tooLarge = (bytes: number): OwhError =>
      new OwhError(settings.format === 'xml' ? 'OWH_XML_UNSAFE' : 'OWH_RESULT_INVALID', {
        message: `result file ${name} has ${bytes} bytes, more than maxResultBytes (${maxResultBytes})`,
        fix: 'Raise the connector\'s maxResultBytes if results this large are expected, then move the file back into the inbox.',
      });
    if (size > maxResultBytes) return this.setAside(name, tooLarge(size));

    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') this.problem = `result file ${path} cannot be read: ${describeFsError(error)}`;
      return;
    }
    if (bytes.length !== size) {
      this.observed.delete(name); // it changed while being read: wait until it is stable again
      return;
    }

    let results: unknown[];
    try {
      results = await parseResultFile(bytes, name, settings);
    } catch (error) {
      if (isOwhError(error)) return this.setAside(name, error);
      throw error;
    }

    for (let index = 0; index < results.length; index++) {
      try {
        await sink.submit({ body: results[index] });
      } catch (error) {
        const where = results.length > 1 ? ` (result ${index + 1} of ${results.length}${index > 0 ? `; the ${index} before it were stored` : ''})` : '';
        if (isRefusal(error)) return this.setAside(name, error, where);
        this.logger.warn({ err: error, file: name }, `the hub could not store result file ${name}${where} now; it stays in the inbox for the next poll`);
        return;
      }
    }
    await this.moveAway(name, this.options.processedFolder);
    this.logger.info({ file: name, results: results.length }, `result file ${name} picked up`);
  }

  /** Moves a file the hub will not take to the error folder, a `.reason.txt` beside it. */
  private async setAside(name: string, error: OwhError, where = ''): Promise<void> {
    const reason = [
      `file: ${name}`,
      `code: ${error.code}`,
      `message: ${error.message}${where}`,
      `fix: ${error.fix}`,
      ...error.details.map((d) => `detail: ${d.pointer || '/'} ${d.message}`),
      `connector: ${this.options.connectorId}`,
      `time: ${new Date().toISOString()}`,
    ]
      .map(maskText)
      .join('\n');
    this.logger.warn({ file: name, code: error.code }, maskText(`result file ${name} set aside in ${this.options.errorFolder}: ${error.message}${where}`));
    await this.moveAway(name, this.options.errorFolder, `${reason}\n`);
  }

  /**
   * Moves a file out of the inbox into `folder` (created when missing), under a free name; with a
   * reason, `<name>.reason.txt` is written first, so a file is never in the error folder without
   * its reason. A failure leaves the file where it is, for the next pass.
   */
  private async moveAway(name: string, folder: string, reason?: string): Promise<boolean> {
    const from = join(this.options.inbox, name);
    try {
      await mkdir(folder).catch((error: unknown) => {
        if (errnoOf(error) !== 'EEXIST') throw error;
      });
      const target = await freeName(folder, name, reason !== undefined);
      if (reason !== undefined) await writeAtomically(join(folder, `${target}.reason.txt`), Buffer.from(reason, 'utf8'));
      await moveFile(from, join(folder, target));
      await syncFolder(folder);
      await syncFolder(this.options.inbox);
      this.observed.delete(name);
      return true;
    } catch (error) {
      if (errnoOf(error) === 'ENOENT' && !(await exists(from))) return true; // another hub process took it
      this.problem = `result file ${name} could not be moved to ${folder}: ${describeFsError(error)}`;
      this.logger.warn({ err: error, file: name }, `${this.problem}; it stays in the inbox`);
      return false;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return false;
    throw error;
  }
}

/** `name`, or `<stem>-1<ext>`, `<stem>-2<ext>`, … — the first not taken in `folder` (with its reason file, if wanted). */
async function freeName(folder: string, name: string, withReason: boolean): Promise<string> {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? name : `${stem}-${n}${ext}`;
    if (await exists(join(folder, candidate))) continue;
    if (withReason && (await exists(join(folder, `${candidate}.reason.txt`)))) continue;
    return candidate;
  }
}

/** Renames; across file systems (a processed folder on another share), writes a durable copy, then removes the original. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if (errnoOf(error) !== 'EXDEV') throw error;
    await writeAtomically(to, await readFile(from)); // result files are at most maxResultBytes
    await unlink(from);
  }
}
