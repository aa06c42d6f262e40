import { createHash } from 'node:crypto';
import { FSWatcher, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileAdapter } from '../../adapters/file';
import { ConformancePeer, describeConformance } from './suite';

/**
 * A department system that works through folders, running inside the test: it watches the
 * outbox the hub drops case files into (and lists it, as a department's importer polls), reads
 * every case file it sees, and writes result files into the inbox the hub picks up from.
 *
 * Its effects for a case are the distinct case files it saw for that case: a re-send that wrote
 * a second file (or a second name) would count twice. Another message about the case (an opinion)
 * is told apart by its name, `<caseId>.<operation>.<…>.json`, and counted the same way. It also
 * checks that every file it saw was whole JSON, since the department must never see half a file.
 */
class FolderDepartment implements ConformancePeer {
  readonly root = mkdtempSync(join(tmpdir(), 'owh-conformance-file-'));
  readonly outbox = join(this.root, 'outbox');
  readonly inbox = join(this.root, 'inbox');
  private readonly away = join(this.root, 'outbox.away');
  /** Case file name → the sha256 of every distinct content seen under it. */
  private readonly seen = new Map<string, Set<string>>();
  private readonly torn: string[] = [];
  private watcher?: FSWatcher;
  private reject = false;

  constructor() {
    mkdirSync(this.outbox);
    mkdirSync(this.inbox);
    this.watchOutbox();
  }

  /**
   * Settings that reach this department. After rejectNext(), the next connector gets the
   * department's CSV layout whose column points at the applicant (an object in the suite's
   * payload): a message this department cannot take, refused for good. A file drop has no answer
   * to refuse with, and its one peer-made permanent failure (a folder standing at the case file's
   * name) needs the name before the suite picks the case — so this is the honest stand-in.
   */
  get settings(): Record<string, unknown> {
    const base = { outbox: this.outbox, inbox: this.inbox, format: 'json', results: { pollIntervalMs: 100, stableMs: 100 } };
    if (!this.reject) return base;
    this.reject = false;
    return { ...base, format: 'csv', csv: { columns: [{ name: 'BJBH', path: 'ywlsh' }, { name: 'SQR', path: 'sqr' }] } };
  }

  private watchOutbox(): void {
    this.watcher = watch(this.outbox, () => this.look());
    this.watcher.on('error', () => undefined); // the outbox is renamed away by stop()
  }

  /** Reads every case file in the outbox, as the department's importer does. */
  private look(): void {
    let names: string[];
    try {
      names = readdirSync(this.outbox);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || !name.endsWith('.json')) continue;
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(this.outbox, name));
      } catch {
        continue;
      }
      try {
        JSON.parse(bytes.toString('utf8'));
      } catch {
        this.torn.push(name);
      }
      const versions = this.seen.get(name) ?? new Set<string>();
      versions.add(createHash('sha256').update(bytes).digest('hex'));
      this.seen.set(name, versions);
    }
  }

  effects(idempotencyKey: string): number {
    this.look();
    if (this.torn.length > 0) throw new Error(`the department saw half-written case files: ${this.torn.join(', ')}`);
    // `<caseId>:<systemId>` for the case itself, `<caseId>:<systemId>:<operation>:<ref>` for another message.
    const [caseId, , operation] = idempotencyKey.split(':');
    const ofThis = (name: string): boolean => (operation === undefined ? name === `${caseId}.json` : name.startsWith(`${caseId}.${operation}.`));
    let files = 0;
    for (const [name, versions] of this.seen) if (ofThis(name)) files += versions.size;
    return files;
  }

  rejectNext(): void {
    this.reject = true;
  }

  /** The department posts an acceptance result, written the plain way (not atomically): the hub must wait until it is stable. */
  async emitResult(caseId: string): Promise<void> {
    writeFileSync(join(this.inbox, `JG_${caseId}.json`), JSON.stringify({ caseId, kind: 'acceptance', outcome: 'accepted', receiptNo: `BDC-${caseId}` }));
  }

  /** The share goes away. */
  async stop(): Promise<void> {
    this.watcher?.close();
    renameSync(this.outbox, this.away);
  }

  async restart(): Promise<void> {
    renameSync(this.away, this.outbox);
    this.watchOutbox();
  }

  async close(): Promise<void> {
    this.watcher?.close();
    rmSync(this.root, { recursive: true, force: true });
  }
}

describeConformance({
  spec: fileAdapter,
  // No stallNext and no timeoutMs: a file write has no answer to wait for, so the timeout test is
  // skipped (the unit tests time out a write that hangs on a FIFO instead).
  async startPeer() {
    return new FolderDepartment();
  },
  unreachableSettings: (peer) => ({ outbox: join((peer as FolderDepartment).root, 'no-such-share', 'outbox') }),
  testTimeoutMs: 30_000,
});
