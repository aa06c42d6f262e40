import { createHash, randomBytes } from 'node:crypto';
import { open, readdir, unlink } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Connector, ConnectorContext, HealthReport, OutboundMessage, SendResult } from '../../src/adapters/contract';
import { OwhError } from '../../src/errors/owh-error';
import type { Logger } from '../../src/log/logger';
import { placeAtomically, WriteControl } from './atomic-write';
import { serialiseCase } from './case-file';
import { DEFAULT_OPERATION_FILE_NAME, FileConfig } from './config-schema';
import { anyDatePattern, cstDate, NameFields, operationFields, pathInside, renderFileName, stemOf } from './file-name';
import { describeFsError, writeError } from './fs-errors';
import { copyMaterials, CopiedMaterial } from './materials';
import { InboxPickup } from './pickup';
import { compilePattern } from './result-file';

/** What `send()` resolves with, as `SendResult.body`: a receipt the response mapping can read. */
export interface FileReceipt {
  /** The case file's name, relative to the outbox. */
  file: string;
  bytes: number;
  /** Hex sha256 of the case file's bytes. */
  sha256: string;
  /** The materials copied beside it (mode copy), relative to the outbox. */
  materials?: CopiedMaterial[];
  /** True when the file was already there with the same bytes (a re-send): nothing was written. */
  unchanged?: boolean;
}

/** What a message is, for messages: "case NB-1" or "the opinion message of case NB-1". */
function subject(message: OutboundMessage): string {
  return message.operation === undefined ? `case ${message.caseId}` : `the ${message.operation} message of case ${message.caseId}`;
}

/**
 * One department system reached through folders: case files dropped into its outbox, result
 * files picked up from its inbox. Settings are resolved once at creation. See the adapter
 * contract for what `send()` promises; docs/adapters/file.md for the file-level behaviour.
 */
export class FileConnector implements Connector {
  readonly kind = 'file';
  readonly id: string;

  private readonly outbox: string;
  private readonly inbox?: string;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly pickup?: InboxPickup;
  private readonly pattern: RegExp;
  private closed = false;
  private closing?: Promise<void>;
  /** Sends in progress (each bounded by the timeout), which close() waits for. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly config: FileConfig, private readonly context: ConnectorContext) {
    this.id = context.connectorId;
    this.logger = context.logger.child({ connector: this.id, adapter: 'file' });
    this.timeoutMs = config.timeoutMs ?? context.defaultTimeoutMs;
    const fromCatalog = (folder: string): string => (isAbsolute(folder) ? resolve(folder) : resolve(context.catalogRoot, folder));
    this.outbox = fromCatalog(config.outbox);
    this.inbox = config.inbox === undefined ? undefined : fromCatalog(config.inbox);

    if (config.xml) {
      const prefix = config.xml.root.includes(':') ? config.xml.root.split(':')[0] : undefined;
      if (prefix !== undefined && config.xml.namespaces[prefix] === undefined) {
        throw new OwhError('OWH_CONFIG_INVALID', {
          message: `connector ${this.id}: xml.root '${config.xml.root}' uses the prefix '${prefix}', which xml.namespaces does not declare`,
          fix: `Add ${prefix}: <namespace URI> to xml.namespaces.`,
        });
      }
    }
    const pattern = config.results.pattern ?? `*.${config.results.format}`;
    try {
      this.pattern = compilePattern(pattern);
    } catch (error) {
      throw new OwhError('OWH_CONFIG_INVALID', {
        message: `connector ${this.id}: results.pattern ${pattern} is not a valid regular expression: ${(error as Error).message}`,
        fix: 'Write a glob (`*.xml`) or a regular expression between slashes (`/^JG_\\d+\\.xml$/i`).',
        cause: error,
      });
    }

    if (this.inbox !== undefined) {
      const fromInbox = (folder: string): string => (isAbsolute(folder) ? resolve(folder) : resolve(this.inbox!, folder));
      this.pickup = new InboxPickup({
        connectorId: this.id,
        inbox: this.inbox,
        processedFolder: fromInbox(config.results.processedFolder),
        errorFolder: fromInbox(config.results.errorFolder),
        pattern: this.pattern,
        settings: config.results,
        maxResultBytes: config.maxResultBytes,
        sink: context.results,
        logger: this.logger,
      });
    }
  }

  async send(message: OutboundMessage, signal?: AbortSignal): Promise<SendResult> {
    const what = `${subject(message)} to outbox ${this.outbox}`;
    if (this.closed) throw new OwhError('OWH_CONNECTOR_CLOSED', { message: `${what} was not written: the connector is closed` });
    const control: WriteControl = { abandoned: !!signal?.aborted };
    const work = control.abandoned ? Promise.reject(new OwhError('OWH_SEND_TIMEOUT')) : this.deliver(message, control);
    work.catch(() => undefined); // a write given up on may still fail later: nobody waits for it
    const bounded = this.bounded(work, control, what, signal);
    this.inFlight.add(bounded);
    try {
      return await bounded;
    } finally {
      this.inFlight.delete(bounded);
    }
  }

  /**
   * Writes the materials (mode copy), then the file; resolves with the receipt. A message other
   * than the case itself (an opinion, a supplement) is written the same way, under its own name.
   */
  private async deliver(message: OutboundMessage, control: WriteControl): Promise<SendResult> {
    const started = performance.now();
    const bytes = serialiseCase(message.payload, message.caseId, this.config);
    const name = await this.fileNameFor(message);
    const kind = message.operation === undefined ? 'case' : message.operation;
    const path = pathInside(this.outbox, name, `the ${kind} file name`);

    let materials: CopiedMaterial[] = [];
    if (this.config.materials.mode === 'copy') {
      materials = await copyMaterials(message.payload, message.caseId, this.outbox, stemOf(name), this.config.materials, this.context.catalogRoot, control);
    }

    const where = `outbox ${this.outbox} (${kind} file ${name})`;
    let unchanged = false;
    try {
      // A re-send finds its own file: the same bytes are left alone (one file, one effect).
      unchanged = (await placeAtomically(path, bytes, control)) === 'unchanged';
    } catch (error) {
      throw writeError(error, where);
    }

    const receipt: FileReceipt = { file: name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    if (materials.length > 0) receipt.materials = materials;
    if (unchanged) receipt.unchanged = true;
    this.logger.debug({ file: name, bytes: bytes.length, unchanged, ms: Math.round(performance.now() - started), attempt: message.attempt, operation: message.operation }, `${subject(message)} written to ${this.outbox}`);
    return { body: receipt };
  }

  /**
   * The file's name: the case file's from fileName; another message's from its operation's
   * fileName (or the default), which tells it from the case file and from every other message.
   * With {date} in the template, a re-send on a later day would get a new name: so a file this
   * message already has, under any date, is reused (one file per message).
   */
  private async fileNameFor(message: OutboundMessage): Promise<string> {
    const fields: NameFields = {
      caseId: message.caseId,
      itemCode: message.itemCode,
      systemId: message.systemId,
      idempotencyKey: message.idempotencyKey,
      date: cstDate(),
      ext: this.config.format,
    };
    let template = this.config.fileName;
    if (message.operation !== undefined) {
      Object.assign(fields, operationFields({ ...message, operation: message.operation }));
      const operations = this.config.operations ?? {};
      template = Object.hasOwn(operations, message.operation) ? operations[message.operation].fileName : DEFAULT_OPERATION_FILE_NAME;
    }
    const name = renderFileName(template, fields);
    const anyDate = anyDatePattern(template, fields);
    if (anyDate) {
      const earlier = await readdir(this.outbox).then(
        (names) => names.find((n) => n !== name && anyDate.test(n)),
        () => undefined, // a missing outbox is reported by the write
      );
      if (earlier) return earlier;
    }
    return name;
  }

  /**
   * Bounds a delivery by the timeout and the caller's signal. A share that hangs leaves the
   * promise of the fs call pending for ever; the delivery is then given up (retryable) and the
   * write, whenever it wakes, stops before its rename and removes its temporary file.
   */
  private bounded<T>(work: Promise<T>, control: WriteControl, what: string, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolvePromise, reject) => {
      const stop = (error: OwhError): void => {
        control.abandoned = true;
        cleanup();
        reject(error);
      };
      const onAbort = (): void => {
        const reason: unknown = signal?.reason;
        stop(reason instanceof OwhError ? reason : new OwhError('OWH_SEND_TIMEOUT', { message: `writing ${what} was aborted by the hub before it finished` }));
      };
      const timer = setTimeout(
        () => stop(new OwhError('OWH_SEND_TIMEOUT', { message: `writing ${what} did not finish within ${this.timeoutMs} ms (a share that stopped answering?)` })),
        this.timeoutMs,
      );
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          cleanup();
          resolvePromise(value);
        },
        (error: unknown) => {
          cleanup();
          reject(error);
        },
      );
    });
  }

  async start(): Promise<void> {
    if (this.closed) return;
    this.pickup?.start();
  }

  /**
   * Up when the outbox takes a file (a probe file is written and removed) and the inbox can be
   * listed; down, with the reason, otherwise; degraded when pickup cannot move files out of the
   * inbox. Bounded by the timeout, since a hung share must not hang the health check.
   */
  async health(): Promise<HealthReport> {
    const checkedAt = new Date().toISOString();
    if (this.closed) return { state: 'down', detail: 'the connector is closed', checkedAt };
    const started = performance.now();
    const control: WriteControl = { abandoned: false };
    try {
      const report = await this.bounded(this.probe(), control, `a probe file to outbox ${this.outbox}`);
      return { ...report, checkedAt, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { state: 'down', detail: (error as Error).message, checkedAt };
    }
  }

  private async probe(): Promise<Omit<HealthReport, 'checkedAt'>> {
    const probe = join(this.outbox, `.owh-health-${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(probe, 'wx');
      await handle.close();
      await unlink(probe);
    } catch (error) {
      return { state: 'down', detail: `outbox ${this.outbox} cannot be written: ${describeFsError(error)}` };
    }
    const parts = [`outbox ${this.outbox} writable`];
    if (this.inbox !== undefined) {
      try {
        const waiting = (await readdir(this.inbox)).filter((n) => !n.startsWith('.') && this.pattern.test(n)).length;
        parts.push(`inbox ${this.inbox} readable (${waiting} result file${waiting === 1 ? '' : 's'} waiting)`);
      } catch (error) {
        return { state: 'down', detail: `${parts[0]}, but inbox ${this.inbox} cannot be read: ${describeFsError(error)}` };
      }
      const problem = this.pickup?.problem;
      if (problem) return { state: 'degraded', detail: `${parts.join(', ')}; result pickup: ${problem}` };
    }
    return { state: 'up', detail: parts.join(', ') };
  }

  /** Stops the watcher and timers, waits for the result file and the sends in progress. */
  async close(): Promise<void> {
    this.closed = true;
    this.closing ??= (async () => {
      await this.pickup?.close();
      await Promise.allSettled([...this.inFlight]);
    })();
    await this.closing;
  }
}
