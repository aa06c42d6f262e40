import { closeSync, existsSync, statSync, fsyncSync, openSync, readFileSync, writeSync, accessSync, constants } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Connector, ConnectorContext, HealthReport, OutboundMessage, SendResult } from '../../../src/adapters/contract';
import { OwhError } from '../../../src/errors/owh-error';
import type { JsonlConfig } from './config-schema';

/**
 * Appends each delivery as one JSON line to a file that an old batch job reads at night. The
 * idempotency key is written on the line, and keys already in the file are remembered, so a
 * resend adds nothing.
 */
export class JsonlConnector implements Connector {
  readonly kind = 'jsonl';
  readonly id: string;
  private readonly path: string;
  private readonly written = new Set<string>();
  private fd: number | undefined;
  private closed = false;

  constructor(private readonly config: JsonlConfig, context: ConnectorContext) {
    this.id = context.connectorId;
    this.path = isAbsolute(config.file) ? config.file : resolve(context.catalogRoot, config.file);
    if (existsSync(this.path) && statSync(this.path).isFile()) {
      for (const line of readFileSync(this.path, 'utf8').split('\n')) {
        if (line.trim()) this.written.add((JSON.parse(line) as { key: string }).key);
      }
    }
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    if (this.closed) throw new OwhError('OWH_CONNECTOR_CLOSED', { message: `${this.path}: the connector is closed` });
    if (this.written.has(message.idempotencyKey)) return { body: { duplicate: true } };
    let line: string;
    try {
      line = JSON.stringify({ key: message.idempotencyKey, caseId: message.caseId, payload: message.payload }) + '\n';
    } catch (error) {
      throw new OwhError('OWH_SEND_REJECTED', { message: `case ${message.caseId} cannot be written as JSON: ${(error as Error).message}` });
    }
    try {
      this.fd ??= openSync(this.path, 'a');
      writeSync(this.fd, line);
      if (this.config.fsync) fsyncSync(this.fd);
    } catch (error) {
      this.release();
      // A folder where the file should be will not go away by itself: an operator must act.
      if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
        throw new OwhError('OWH_SEND_REJECTED', { message: `${this.path} is a folder, not a file` });
      }
      // A missing folder or a full disk: the file may be back later, so the hub tries again.
      throw new OwhError('OWH_SEND_NETWORK', { message: `appending to ${this.path} failed: ${(error as Error).message}` });
    }
    this.written.add(message.idempotencyKey);
    return { body: { line: this.written.size } };
  }

  async health(): Promise<HealthReport> {
    const checkedAt = new Date().toISOString();
    try {
      accessSync(dirname(this.path), constants.W_OK);
      return { state: 'up', detail: `${dirname(this.path)} is writable`, checkedAt };
    } catch (error) {
      return { state: 'down', detail: `${dirname(this.path)}: ${(error as Error).message}`, checkedAt };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.release();
  }

  private release(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
