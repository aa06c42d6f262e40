import { eventually as waitFor } from '../../../helpers/eventually';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname } from 'node:path';
import type { Connector, ConnectorContext, OutboundMessage } from '../../../../src/adapters/contract';
import { AdapterRegistry } from '../../../../src/adapters/registry';
import { soapAdapter } from '../../../../adapters/soap';
import { HRSS_WSDL, HrssSoapServer, ServerAuth } from '../../../fixtures/soap/hrss-soap-server';
import { RecordingResultSink, testConnectorContext } from '../../../helpers/connector-context';

export { HRSS_NS, HRSS_WSDL, PATH_11, PATH_12 } from '../../../fixtures/soap/hrss-soap-server';

/** The catalog folder of the tests: the fixture WSDL is `hrss-social-insurance.wsdl` in it. */
export const CATALOG_ROOT = dirname(HRSS_WSDL);
export const WSDL = 'hrss-social-insurance.wsdl';

export function context(env: NodeJS.ProcessEnv = {}, overrides: Partial<ConnectorContext> = {}): ConnectorContext {
  return testConnectorContext({ connectorId: 'hrss-social-insurance', systemId: 'hrss-social-insurance', env, catalogRoot: CATALOG_ROOT, defaultTimeoutMs: 5000, ...overrides });
}

let deliveryId = 0;

/** A delivery of a 社保 application; the payload is SubmitApplication's arguments, deliberately not in schema order. */
export function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  const caseId = overrides.caseId ?? `NB2026${String(++deliveryId).padStart(6, '0')}`;
  const systemId = overrides.systemId ?? 'hrss-social-insurance';
  return {
    idempotencyKey: `${caseId}:${systemId}`,
    caseId,
    itemCode: 'GG00201001',
    systemId,
    deliveryId,
    attempt: 1,
    payload: {
      sqr: { xm: '王小明', zjhm: '33020319900101123X', lxdh: '13812345678' },
      sxbm: 'GG00201001',
      ywlsh: caseId,
      bdsj: { cbrs: 12, dwmc: '宁波甬江贸易有限公司', tyshxydm: '91330203MA2AH1234X', sqsj: '2026-03-01T09:30:00+08:00' },
    },
    ...overrides,
  };
}

export function settings(server: { url(path?: string): string }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { wsdl: WSDL, endpoint: server.url(), operation: 'SubmitApplication', ...extra };
}

/** Runs `promise` and returns what it rejected with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but it resolved');
}

/** A raw HTTP server for answers a SOAP server would never give (DOCTYPEs, huge bodies, redirects). */
export class RawServer {
  readonly requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(public handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
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
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  url(path = '/hrss/ws/shbx'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Tracks servers and connectors of one test so `afterEach` closes them all. */
export class Cleanup {
  private readonly items: Array<{ close(): Promise<void> }> = [];

  async department(auth: ServerAuth = {}, tls?: ConstructorParameters<typeof HrssSoapServer>[1]): Promise<HrssSoapServer> {
    const server = await new HrssSoapServer(auth, tls).start();
    this.items.push({ close: () => server.stop() });
    return server;
  }

  async raw(handler: RawServer['handler']): Promise<RawServer> {
    const server = await new RawServer(handler).start();
    this.items.push({ close: () => server.stop() });
    return server;
  }

  /** A connector built the way the hub builds it: validated and completed by the registry. */
  connector(config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}, overrides: Partial<ConnectorContext> = {}): Connector {
    const connector = new AdapterRegistry([soapAdapter]).create('soap', config, context(env, overrides));
    this.items.push(connector);
    return connector;
  }

  async run(): Promise<void> {
    for (const item of this.items.splice(0).reverse()) await item.close();
  }
}

export { RecordingResultSink };


/** The shared waiting loop, with this folder's shorter default allowance. */
export function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = 'the condition'): Promise<T> {
  return waitFor(check, timeoutMs, what);
}
