import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket without answering. */
  drop?: boolean;
}

/**
 * A real HTTP server standing in for a department system in the hub's integration tests. By
 * default it applies each idempotency key once and answers a receipt; `script` answers instead
 * while it returns something (to inject 503s, 429s, refusals, dropped connections).
 */
export class DepartmentServer {
  readonly requests: ReceivedRequest[] = [];
  /** Effects applied, by idempotency key: the count must stay 1 however often the hub resends. */
  readonly effects = new Map<string, number>();
  /** Health probes received (GET requests). */
  probes = 0;
  script: ((req: ReceivedRequest, n: number) => Answer | undefined) | undefined;
  private server?: Server;
  private seq = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'GET') {
          // The hub's health probe: answered, not counted among the cases received.
          this.probes++;
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end('{"status":"up"}');
        }
        const text = Buffer.concat(chunks).toString('utf8');
        const received: ReceivedRequest = { method: req.method!, path: req.url!, headers: req.headers, body: text ? JSON.parse(text) : undefined };
        this.requests.push(received);
        const scripted = this.script?.(received, this.requests.length);
        if (scripted?.drop) return req.socket.destroy();
        if (scripted) {
          res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
          return res.end(JSON.stringify(scripted.body ?? {}));
        }
        const key = String(req.headers['idempotency-key'] ?? '');
        if (!this.effects.has(key)) this.effects.set(key, ++this.seq);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: '0000', data: { sjbh: `SJ${String(this.effects.get(key)).padStart(6, '0')}` } }));
      });
    });
    // A restart listens on the same port again, as a department system coming back would.
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    return this.url;
  }

  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }
}
