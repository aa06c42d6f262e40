import { eventually as waitFor } from '../../../helpers/eventually';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connector, ConnectorContext, OutboundMessage } from '../../../../src/adapters/contract';
import { AdapterRegistry } from '../../../../src/adapters/registry';
import { RecordingResultSink, testConnectorContext } from '../../../helpers/connector-context';
import { fileAdapter } from '../../../../adapters/file';

/** A real folder tree for one test: `root/outbox`, `root/inbox`, removed afterwards. */
export interface Folders {
  root: string;
  outbox: string;
  inbox: string;
}

export function folders(): Folders {
  const root = mkdtempSync(join(tmpdir(), 'owh-file-'));
  const outbox = join(root, 'outbox');
  const inbox = join(root, 'inbox');
  mkdirSync(outbox);
  mkdirSync(inbox);
  return { root, outbox, inbox };
}

let deliveryId = 0;

export function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  const caseId = overrides.caseId ?? 'NB20261128000001';
  const systemId = overrides.systemId ?? 'nrp-realestate';
  return {
    idempotencyKey: `${caseId}:${systemId}`,
    caseId,
    itemCode: 'QR00201001',
    systemId,
    deliveryId: ++deliveryId,
    attempt: 1,
    payload: { ywlsh: caseId, sxbm: 'QR00201001', sqr: { xm: '王小明', zjhm: '330203199001011234', lxdh: '13812345678' }, zl: '宁波市海曙区中山西路1号' },
    ...overrides,
  };
}

export function context(overrides: Partial<ConnectorContext> = {}): ConnectorContext & { results: RecordingResultSink } {
  const results = new RecordingResultSink();
  return testConnectorContext({ connectorId: 'nrp-realestate', systemId: 'nrp-realestate', results, ...overrides }) as ConnectorContext & { results: RecordingResultSink };
}

/** Builds a connector the way the hub does: settings validated and completed by the registry. */
export function connect(settings: Record<string, unknown>, overrides: Partial<ConnectorContext> = {}): Connector {
  return new AdapterRegistry([fileAdapter]).create('file', settings, context(overrides));
}

/** What a promise rejected with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but it resolved');
}


export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Tracks folders and connectors of one test so `afterEach` can close and remove them all. */
export class Cleanup {
  private readonly connectors: Connector[] = [];
  private readonly roots: string[] = [];

  folders(): Folders {
    const f = folders();
    this.roots.push(f.root);
    return f;
  }

  connector(settings: Record<string, unknown>, overrides: Partial<ConnectorContext> = {}): Connector {
    const connector = connect(settings, overrides);
    this.connectors.push(connector);
    return connector;
  }

  /** A connector with a sink the test holds. */
  withSink(settings: Record<string, unknown>, sink = new RecordingResultSink()): { connector: Connector; sink: RecordingResultSink } {
    return { connector: this.connector(settings, { results: sink }), sink };
  }

  async run(): Promise<void> {
    for (const c of this.connectors.splice(0)) await c.close();
    for (const root of this.roots.splice(0)) rmSync(root, { recursive: true, force: true });
  }
}

/** The shared waiting loop, in this folder's argument order (what, then the time allowed). */
export function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
  return waitFor(check, timeoutMs, what);
}

/**
 * Watches a folder while `write` runs: every size the final file showed under its name, and
 * whether a temporary file was seen (so a test knows the observer looked while it was written).
 */
export async function observeWrite(folder: string, finalPath: string, write: () => Promise<unknown>): Promise<{ sizesSeen: number[]; sawTemporary: boolean }> {
  const sizesSeen: number[] = [];
  let sawTemporary = false;
  let done = false;
  const watcher = watch(folder, (_event, name) => {
    if (String(name).endsWith('.tmp')) sawTemporary = true;
  });
  const observer = (async () => {
    while (!done) {
      try {
        sizesSeen.push(statSync(finalPath).size);
      } catch {
        // not there yet
      }
      if (readdirSync(folder).some((n) => n.endsWith('.tmp'))) sawTemporary = true;
      await new Promise((r) => setImmediate(r));
    }
  })();
  try {
    await write();
  } finally {
    done = true;
    await observer;
    watcher.close();
  }
  return { sizesSeen, sawTemporary };
}
