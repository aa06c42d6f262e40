import { randomBytes } from 'node:crypto';
import { FSWatcher, mkdirSync, watch } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import { Builder, parseStringPromise, processors } from 'xml2js';
import type { Logger } from '../../../src/log/logger';
import { DecidedResult, DepartmentBook, flatMaterials, GOV_RESULT_CODES, GOV_RESULT_KINDS, refuseFaults } from './department';
import type { Faults } from './faults';
import { bodyHash } from './idempotency';
import type { FileSimulatorSpec } from './kind-specs';
import type { MessageOperation } from './messages';
import { beijingStamp } from './receipts';
import type { Attempt } from './result-poster';
import type { LookupCall, RunningSimulator } from './types';
import { BookedSimulator } from './booked-simulator';

/** How often the outbox is listed besides the watcher's events (watchers miss events on shares). */
const POLL_MS = 500;

/**
 * The header of the department's CSV result files, in its own words: 办件编号, 结果类型 (sl 受理 /
 * bj 办结 / bz 补正告知), 结果代码 (01–05), 审批意见, 经办人, 决定时间 (YYYYMMDDHHmmss), 收件编号,
 * 文书名称, 文书文件名 (the document is collected at the window), 补正材料 and 补正说明 (with a
 * request for more material: what is missing and a note on each, joined by ；).
 */
export const CSV_RESULT_HEADER = ['办件编号', '结果类型', '结果代码', '审批意见', '经办人', '决定时间', '收件编号', '文书名称', '文书文件名', '补正材料', '补正说明'] as const;

export interface FileSimulatorOptions {
  spec: FileSimulatorSpec;
  resultDelayMs: number;
  postResults: boolean;
  logger: Logger;
}

/**
 * A file-drop department: it creates its share's folders (outbox and inbox) when it starts, as
 * the department's side does, watches and polls the outbox, reads each case file (XML, or CSV in
 * its encoding), applies each case once (by its caseId, ywlsh: a case file written again is a
 * repeat), moves the file to its archive folder, and after the result delay writes its acceptance
 * and then its completion result into the inbox, each under a temporary name first and then
 * renamed, in its own format (`<prefix><caseId>_1_sl.<ext>`, then `…_2_bj.<ext>`).
 */
export class FileSimulator extends BookedSimulator implements RunningSimulator {
  readonly kind = 'file' as const;
  readonly system: string;
  readonly connectorId: string;
  readonly name: string;
  readonly dialect: 'gov' | 'open';
  readonly url: string;

  protected readonly book: DepartmentBook;
  private readonly logger: Logger;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private scanning?: Promise<void>;
  private again = false;
  private closed = false;
  private closing?: Promise<void>;
  /** Cases whose acceptance file is written: a request for more material after it is named to sort after it. */
  private readonly acceptanceWritten = new Set<string>();

  constructor(private readonly options: FileSimulatorOptions) {
    super();
    const { spec } = options;
    this.system = spec.system;
    this.connectorId = spec.connectorId;
    this.name = spec.name;
    this.dialect = spec.dialect;
    this.url = pathToFileURL(spec.outbox).href;
    this.logger = options.logger.child({ simulator: spec.connectorId });
    this.book = new DepartmentBook(spec, {
      resultDelayMs: options.resultDelayMs,
      logger: this.logger,
      deliver: options.postResults ? (caseId, body) => this.writeResult(caseId, body) : undefined,
      doing: 'writing a result file into the inbox',
    });
  }

  /** The folders of the share (outbox, inbox, archive), created if missing; then watching and polling. */
  async listen(): Promise<void> {
    const { spec } = this.options;
    for (const folder of [spec.outbox, spec.inbox, spec.archive]) mkdirSync(folder, { recursive: true });
    try {
      this.watcher = watch(spec.outbox, () => this.scanSoon());
      this.watcher.on('error', () => undefined); // polling goes on
    } catch {
      // no watcher on this file system: polling alone
    }
    this.tick();
  }

  /** The case and result folders, for the hub's connector. */
  folders(): { outbox: string; inbox: string } {
    return { outbox: this.options.spec.outbox, inbox: this.options.spec.inbox };
  }

  lookupsAnswered(): LookupCall[] {
    return [];
  }

  setFaults(faults: Faults): void {
    refuseFaults(this.connectorId, 'file', faults);
  }

  reset(): void {
    this.book.reset();
    this.acceptanceWritten.clear();
  }

  /** Resolves when no result is waiting to be written (and no case file is being read). */
  async idle(): Promise<void> {
    await this.scanning;
    await this.book.idle();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      clearTimeout(this.timer);
      this.watcher?.close();
      await this.scanning;
      await this.book.close();
    })();
    return this.closing;
  }

  private tick(): void {
    if (this.closed) return;
    this.scanSoon();
    this.timer = setTimeout(() => this.tick(), POLL_MS);
  }

  /** Lists the outbox now, or once more after the pass running. */
  private scanSoon(): void {
    if (this.closed) return;
    if (this.scanning) {
      this.again = true;
      return;
    }
    this.scanning = (async () => {
      do {
        this.again = false;
        await this.scan().catch((error: unknown) => this.logger.warn({ err: error }, 'reading the outbox failed; trying again'));
      } while (this.again && !this.closed);
    })().finally(() => {
      this.scanning = undefined;
    });
  }

  private async scan(): Promise<void> {
    const { spec } = this.options;
    const names = (await readdir(spec.outbox, { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith('.') && (e.name.toLowerCase().endsWith(`.${spec.caseFormat}`) || this.messageOf(e.name) !== undefined))
      .map((e) => e.name)
      .sort();
    for (const name of names) {
      if (this.closed) return;
      await this.take(name);
    }
  }

  /** The operation and case of a message file (an opinion, a supplement), by its name. */
  private messageOf(name: string): { operation: MessageOperation; caseId?: string } | undefined {
    for (const { operation, pattern } of this.options.spec.messageFiles) {
      const match = pattern.exec(name);
      if (match) return { operation, caseId: match.groups?.caseId };
    }
    return undefined;
  }

  /** One message file: read, recorded once per file name (a re-send writes the same name), moved to the archive. */
  private async takeMessage(name: string, message: { operation: MessageOperation; caseId?: string }): Promise<void> {
    const { spec } = this.options;
    const path = join(spec.outbox, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      return;
    }
    let record: Record<string, unknown>;
    try {
      record = await this.parseCase(bytes, name);
    } catch (error) {
      this.logger.warn({ file: name, err: (error as Error).message }, `a ${message.operation} file could not be read; set aside in rejected/`);
      await this.moveTo(path, join(spec.outbox, 'rejected'), name);
      return;
    }
    const caseId = message.caseId ?? text(record.ywlsh) ?? text(record.caseId) ?? text(record['办件编号']) ?? name;
    const taken = this.book.messages.take(message.operation, name, caseId, record, { file: name });
    if (taken.kind === 'new') this.logger.debug({ caseId, operation: message.operation, file: name }, `${message.operation} taken`);
    await this.moveTo(path, spec.archive, name);
  }

  /** One case file: read, applied once per case, moved to the archive (unreadable ones to rejected/). */
  private async take(name: string): Promise<void> {
    const { spec } = this.options;
    const message = this.messageOf(name);
    if (message) return this.takeMessage(name, message);
    const path = join(spec.outbox, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      return; // taken away meanwhile
    }
    this.book.count('received');
    let record: Record<string, unknown>;
    try {
      record = await this.parseCase(bytes);
    } catch (error) {
      this.book.count('rejected');
      this.logger.warn({ file: name, err: (error as Error).message }, 'a case file could not be read; set aside in rejected/');
      await this.moveTo(path, join(spec.outbox, 'rejected'), name);
      return;
    }
    const caseId = text(record.ywlsh) ?? text(record['办件编号']) ?? text(record.applicationNo);
    if (!caseId) {
      this.book.count('rejected');
      await this.moveTo(path, join(spec.outbox, 'rejected'), name);
      return;
    }
    // The case is the key: a case file written again (a re-send) is applied once.
    const taken = this.book.take(caseId, caseId, bodyHash(caseId));
    if (taken.kind === 'new') {
      this.logger.debug({ caseId, receipt: taken.receipt, file: name }, 'case applied');
      this.book.scheduleResults(caseId, taken.receipt, (r) => this.resultRecord(r));
    }
    await this.moveTo(path, spec.archive, name);
  }

  /** A case (or message) file in the connector's format, or in the one its extension names. */
  private async parseCase(bytes: Buffer, name?: string): Promise<Record<string, unknown>> {
    const { spec } = this.options;
    const content = spec.caseEncoding === 'gb18030' ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8');
    const ext = name ? /\.(json|xml|csv)$/i.exec(name)?.[1]?.toLowerCase() : undefined;
    switch ((ext as FileSimulatorSpec['caseFormat'] | undefined) ?? spec.caseFormat) {
      case 'xml': {
        if (/<!\s*(DOCTYPE|ENTITY)/i.test(content)) throw new Error('the file has a DOCTYPE or an entity declaration');
        const document = (await parseStringPromise(content, { explicitArray: false, tagNameProcessors: [processors.stripPrefix] })) as Record<string, unknown>;
        const root = Object.values(document)[0];
        if (!root || typeof root !== 'object') throw new Error('the file has no root element');
        return root as Record<string, unknown>;
      }
      case 'csv': {
        const rows = parseCsv(content, spec.csvSeparator);
        if (rows.length < 2) throw new Error('the file has no case row under its header');
        const [header, row] = rows;
        return Object.fromEntries(header.map((column, i) => [column, row[i] ?? '']));
      }
      case 'json':
        return JSON.parse(content) as Record<string, unknown>;
    }
  }

  private async moveTo(path: string, folder: string, name: string): Promise<void> {
    await mkdir(folder, { recursive: true });
    let target = join(folder, name);
    for (let n = 1; await exists(target); n++) target = join(folder, `${name}.${n}`);
    await rename(path, target).catch(() => undefined);
  }

  // ---- results ----

  /** The department's result, in the flat gov style (CSV: by its Chinese header). */
  private resultRecord(r: DecidedResult): Record<string, unknown> {
    const { decision, document } = r;
    const flat = {
      ywlsh: r.caseId,
      jglx: GOV_RESULT_KINDS[r.kind],
      jgdm: GOV_RESULT_CODES[decision.outcome],
      yj: decision.reason,
      blr: r.handler,
      jgsj: beijingStamp(r.decidedAt),
      sjbh: r.receipt,
      wsmc: document?.title,
      wjm: document?.fileName,
      wsnr: document?.pdf.toString('base64'),
      ...flatMaterials(r.materials),
    };
    return Object.fromEntries(Object.entries(flat).filter(([, v]) => v !== undefined));
  }

  /** Writes one result file into the inbox: a hidden temporary name first, then renamed into place. */
  private async writeResult(caseId: string, record: Record<string, unknown>): Promise<Attempt> {
    const { spec } = this.options;
    const ext = spec.resultFormat;
    // 1 受理, 2 办结: a listing in name order reads a case's acceptance before its completion. A
    // request for more material (bz) sorts before the acceptance when it comes first (1_bz), after it otherwise (2_bz).
    const step = record.jglx === 'sl' ? '1_sl' : record.jglx === 'bz' ? (this.acceptanceWritten.has(caseId) ? '2_bz' : '1_bz') : '2_bj';
    const name = `${spec.resultPrefix}${caseId.replace(/[^A-Za-z0-9_.-]/g, '_')}_${step}.${ext}`;
    const bytes = this.resultFile(record);
    const tmp = join(spec.inbox, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await mkdir(spec.inbox, { recursive: true });
      const handle = await open(tmp, 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, join(spec.inbox, name));
      if (record.jglx === 'sl') this.acceptanceWritten.add(caseId);
      return { done: 'posted' };
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      return { problem: `cannot write ${name} into ${spec.inbox}: ${(error as Error).message}` };
    }
  }

  private resultFile(record: Record<string, unknown>): Buffer {
    const { spec } = this.options;
    let content: string;
    switch (spec.resultFormat) {
      case 'xml': {
        const root = spec.resultRoot!;
        const prefix = root.includes(':') ? `${root.split(':')[0]}:` : '';
        const declarations = Object.fromEntries(Object.entries(spec.resultNamespaces).map(([p, uri]) => [p === '' ? 'xmlns' : `xmlns:${p}`, uri]));
        const body = Object.fromEntries(Object.entries(record).map(([k, v]) => [`${prefix}${k}`, String(v)]));
        content = `${new Builder({ xmldec: { version: '1.0', encoding: spec.resultEncoding === 'gb18030' ? 'GB18030' : 'UTF-8' }, renderOpts: { pretty: true, indent: '  ', newline: '\n' } }).buildObject({ [root]: { $: declarations, ...body } })}\n`;
        break;
      }
      case 'csv': {
        const row = [record.ywlsh, record.jglx, record.jgdm, record.yj, record.blr, record.jgsj, record.sjbh, record.wsmc, record.wjm, record.bzclmc, record.bzclsm];
        content = [CSV_RESULT_HEADER.map(String), row.map((v) => (v === undefined ? '' : String(v)))].map((r) => r.map((f) => csvField(f, spec.resultSeparator)).join(spec.resultSeparator)).join('\r\n') + '\r\n';
        break;
      }
      case 'json':
        content = `${JSON.stringify(record, null, 2)}\n`;
        break;
    }
    return spec.resultEncoding === 'gb18030' ? iconv.encode(content, 'gb18030') : Buffer.from(content, 'utf8');
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function csvField(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 rows (quoted fields may hold separators, quotes doubled, line breaks). */
export function parseCsv(content: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (quoted) {
      if (c === '"' && content[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === separator) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && content[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
