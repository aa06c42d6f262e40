import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HubConfig } from '../config/config';
import { errorCatalogue, ErrorCode } from '../errors/catalogue';
import { OwhError } from '../errors/owh-error';
import type { Logger } from '../log/logger';
import type { ConnectorHealth } from '../health/connector-monitor';
import type { DeliveryEngine } from './delivery-engine';

export type ToThread = { type: 'notify'; connectors: string[] } | { type: 'stop'; graceMs: number };
type FromThread =
  | { type: 'ready' }
  | { type: 'stopped' }
  | { type: 'failed'; error: { code?: string; message: string; fix?: string; details?: unknown[] } }
  | { type: 'health'; connectors: Array<[string, ConnectorHealth]> };

/**
 * When the hub runs from its TypeScript sources (under jest), the worker transpiles each module as
 * it is required; from dist/ it simply runs the compiled entry.
 */
const TS_BOOTSTRAP = `
const { readFileSync } = require('node:fs');
const ts = require('typescript');
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
  });
  module._compile(outputText, filename);
};
require(require('node:worker_threads').workerData.entry);
`;

/** An error the thread reported, with its catalogue code kept (a missing secret stays OWH_SECRET_MISSING). */
function fromThread(error: { code?: string; message: string; fix?: string; details?: unknown[] }): OwhError {
  const code = error.code && error.code in errorCatalogue ? (error.code as ErrorCode) : 'OWH_INTERNAL';
  return new OwhError(code, { message: error.message, fix: error.fix, details: error.details as OwhError['details'] });
}

/**
 * The hub's delivery side on a thread of its own (see dispatch-worker.ts). Intake tells it about
 * new cases; it reports its connectors' breakers; the store (SQLite, WAL) is what they share.
 * New work is coalesced per turn of the event loop into one message.
 */
export class DispatchThread implements DeliveryEngine {
  private latest = new Map<string, ConnectorHealth>();
  private pending = new Set<string>();
  private flushScheduled = false;
  private stopped?: Promise<void>;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromThread) => {
      if (m.type === 'health') this.latest = new Map(m.connectors);
    });
  }

  static async start(config: HubConfig, adapterModule: string, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<DispatchThread> {
    const ext = extname(__filename);
    const entry = join(__dirname, `dispatch-worker${ext}`);
    const worker = ext === '.ts'
      ? new Worker(TS_BOOTSTRAP, { eval: true, workerData: { entry, config, adapterModule, env: { ...env } } })
      : new Worker(entry, { workerData: { config, adapterModule, env: { ...env } } });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: FromThread) => {
        if (m.type === 'ready') done(resolve);
        else if (m.type === 'failed') done(() => reject(fromThread(m.error)));
      };
      const onExit = (code: number) => done(() => reject(new OwhError('OWH_INTERNAL', { message: `the dispatch thread exited with ${code} while starting` })));
      const onError = (error: Error) => done(() => reject(error));
      const done = (settle: () => void) => {
        worker.off('message', onMessage).off('exit', onExit).off('error', onError);
        settle();
      };
      worker.on('message', onMessage).on('exit', onExit).on('error', onError);
    }).catch(async (error) => {
      await worker.terminate();
      throw error;
    });
    const thread = new DispatchThread(worker);
    worker.on('error', (error) => logger.error({ err: error }, 'the dispatch thread failed; deliveries wait in the outbox until the hub restarts'));
    return thread;
  }

  notify(connectorIds: Iterable<string>): void {
    for (const id of connectorIds) this.pending.add(id);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const connectors = [...this.pending];
      this.pending.clear();
      if (!this.stopped) this.worker.postMessage({ type: 'notify', connectors } satisfies ToThread);
    });
  }

  health(): Map<string, ConnectorHealth> {
    return this.latest;
  }

  stop(graceMs: number): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => void this.worker.terminate().then(() => resolve()), graceMs + 5_000);
      this.worker.on('message', (m: FromThread) => {
        if (m.type !== 'stopped') return;
        clearTimeout(timer);
        void this.worker.terminate().then(() => resolve());
      });
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.postMessage({ type: 'stop', graceMs } satisfies ToThread);
    });
    return this.stopped;
  }
}
