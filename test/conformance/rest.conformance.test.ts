import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { restAdapter } from '../../adapters/rest';
import { ConformancePeer, describeConformance } from './suite';

/** A department system over HTTP that honours idempotency keys. */
class HttpPeer implements ConformancePeer {
  private server?: Server;
  private port = 0;
  private readonly applied = new Map<string, number>();
  private reject = false;
  private stall = false;
  private readonly stalled = new Set<ServerResponse>();

  get settings(): Record<string, unknown> {
    return { baseUrl: `http://127.0.0.1:${this.port}`, path: '/cases' };
  }

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        if (req.method === 'GET') return void res.end('up');
        if (this.stall) {
          this.stall = false;
          this.stalled.add(res);
          return;
        }
        if (this.reject) {
          this.reject = false;
          res.writeHead(422, { 'content-type': 'application/json' });
          return void res.end('{"error":"invalid application"}');
        }
        const key = String(req.headers['idempotency-key']);
        this.applied.set(key, 1); // applied once, however often it comes
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ receiptNo: `R-${key}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  effects(key: string): number {
    return this.applied.get(key) ?? 0;
  }
  rejectNext(): void {
    this.reject = true;
  }
  stallNext(): void {
    this.stall = true;
  }
  async stop(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    this.stalled.clear();
    this.server!.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
  }
  restart(): Promise<void> {
    return this.start();
  }
  close(): Promise<void> {
    return this.stop();
  }
}

describeConformance({
  spec: restAdapter,
  timeoutMs: 300,
  async startPeer() {
    const peer = new HttpPeer();
    await peer.start();
    return peer;
  },
  unreachableSettings: () => ({ baseUrl: 'http://127.0.0.1:9', path: '/cases' }),
  operationSettings: (peer) => ({ ...peer.settings, operations: { opinion: { path: '/cases/{caseId}/opinions' } } }),
});
