import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Connector, ConnectorContext, OutboundMessage } from '../../../../src/adapters/contract';
import { AdapterRegistry } from '../../../../src/adapters/registry';
import { testConnectorContext } from '../../../helpers/connector-context';
import { restAdapter } from '../../../../adapters/rest';

/** What a test server saw of one request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A real HTTP server on 127.0.0.1 (a free port) that records requests and counts connections. */
export class TestServer {
  readonly requests: SeenRequest[] = [];
  connections = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  port = 0;

  constructor(public handler: Handler) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        this.handler(req, res, body);
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening and drops every open socket (also those of stalled answers). */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function context(env: NodeJS.ProcessEnv = {}, overrides: Partial<ConnectorContext> = {}): ConnectorContext {
  return testConnectorContext({ connectorId: 'amr-registration', systemId: 'amr-registration', env, ...overrides });
}

let deliveryId = 0;

export function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  const caseId = overrides.caseId ?? 'NB-2026-000123';
  const systemId = overrides.systemId ?? 'amr-registration';
  return {
    idempotencyKey: `${caseId}:${systemId}`,
    caseId,
    itemCode: 'XK00101001',
    systemId,
    deliveryId: ++deliveryId,
    attempt: 1,
    payload: { sqr: '宁波某某贸易有限公司', sxbm: 'XK00101001' },
    ...overrides,
  };
}

/** Builds a connector the way the hub does: validated and completed by the registry. */
export function connect(settings: Record<string, unknown>, env: NodeJS.ProcessEnv = {}, overrides: Partial<ConnectorContext> = {}): Connector {
  return new AdapterRegistry([restAdapter]).create('rest', settings, context(env, overrides));
}

/** Runs `fn` and returns what it rejected with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but it resolved');
}

/** Tracks servers and connectors of one test so `afterEach` can close them all. */
export class Cleanup {
  private readonly items: Array<{ close(): Promise<void> }> = [];

  server(handler: Handler): Promise<TestServer> {
    const server = new TestServer(handler);
    this.items.push({ close: () => server.stop() });
    return server.start();
  }

  connector(settings: Record<string, unknown>, env: NodeJS.ProcessEnv = {}, overrides: Partial<ConnectorContext> = {}): Connector {
    const connector = connect(settings, env, overrides);
    this.items.push(connector);
    return connector;
  }

  async run(): Promise<void> {
    const items = this.items.splice(0).reverse();
    for (const item of items) await item.close();
  }
}
