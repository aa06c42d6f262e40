import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { startSimulators, SimulatorFleet, SimulatorOptions } from '../../../examples/demo-city/simulators';

export const FIXTURES = join(__dirname, 'fixtures');
export const CATALOG = join(FIXTURES, 'catalog');

/** The demo tokens of the fixture catalog (what the hub would send when no variable is set). */
export const TOKENS = {
  amr: 'amr-demo-token',
  amrResults: 'amr-results-demo',
  hf: 'hf-demo-token',
  hfResults: 'hf-results-demo',
  civil: 'civil-demo-token',
  civilResults: 'civil-results-demo',
};

/** The fixture fleet on ephemeral ports, posting results to `hubUrl`. */
export function startTestFleet(options: Partial<SimulatorOptions> & { hubUrl: string }): Promise<SimulatorFleet> {
  return startSimulators({ catalogRoot: CATALOG, ports: { '*': 0 }, resultDelayMs: 0, env: {}, ...options });
}

export interface ReceivedResult {
  caseId: string;
  authorization?: string;
  body: Record<string, any>;
}

/**
 * A tiny real HTTP server standing in for the hub's results endpoint. It answers the statuses in
 * `script` first (e.g. [503, 503]: down twice), then 200, and records the results it took.
 */
export class FakeHub {
  readonly received: ReceivedResult[] = [];
  /** Every request, including those answered with an error status. */
  attempts = 0;
  script: number[] = [];
  url = '';
  private server?: Server;
  private waiters: Array<{ n: number; resolve: () => void }> = [];

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.attempts++;
    const match = /^\/api\/v1\/cases\/([^/]+)\/results$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return { status: 404, body: { error: 'not found' } };
    const scripted = this.script.shift();
    if (scripted !== undefined && scripted !== 200) return { status: scripted, body: { code: 'SCRIPTED' } };
    this.received.push({ caseId: decodeURIComponent(match[1]), authorization: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
    this.waiters = this.waiters.filter((w) => (this.received.length >= w.n ? (w.resolve(), false) : true));
    return { status: 200, body: { status: 'accepted' } };
  }

  /** Resolves once `n` results have been taken; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs = 5_000): Promise<void> {
    if (this.received.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the fake hub got ${this.received.length} results, not ${n}, in ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  async close(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A client standing in for the hub's REST connector. */
export class Client {
  private readonly agent = new Agent({ keepAliveTimeout: 1_000 });

  async post(url: string, body: unknown, options: { key?: string; token?: string; raw?: string; method?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.key !== undefined) headers['idempotency-key'] = options.key;
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const res = await request(url, { method: (options.method ?? 'POST') as 'POST', headers, body: options.raw ?? JSON.stringify(body), dispatcher: this.agent });
    return { status: res.statusCode, headers: res.headers, body: await readBody(res.body) };
  }

  async get(url: string): Promise<Answer> {
    const res = await request(url, { dispatcher: this.agent });
    return { status: res.statusCode, headers: res.headers, body: await readBody(res.body) };
  }

  async postJson(url: string, body: unknown): Promise<Answer> {
    const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), dispatcher: this.agent });
    return { status: res.statusCode, headers: res.headers, body: await readBody(res.body) };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

async function readBody(body: { text(): Promise<string> }): Promise<any> {
  const text = await body.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A gov-dialect request body for a case. */
export function govCase(caseId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ywlsh: caseId, sxbm: 'XK00101001', sqr: { xm: '张三', zjhm: '330203199001011234' }, ...extra };
}

/** An open-dialect request body for a case. */
export function openCase(caseId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { applicationNo: caseId, serviceCode: 'GG00201001', applicant: { name: '李四' }, ...extra };
}

export const AMR_PATH = '/api/sl/sqxx';
export const HF_PATH = '/api/v1/applications';
