import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The nodes require the hub's build (dist/): `npm test` builds it first; alone, run
// `npx tsc -p tsconfig.build.json` before `npx jest test/unit/nodered`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const helper = require('node-red-node-test-helper');
helper.init(require.resolve('node-red'));

export const repoRoot = resolve(__dirname, '../../..');
export const nodeFile = (name: string) => join(repoRoot, 'nodered', `${name}.js`);
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const loadNode = (name: string) => require(nodeFile(name));

export interface NodeRedNode {
  on(event: string, listener: (arg: any) => void): void;
  receive(msg: Record<string, unknown>): void;
  credentials?: Record<string, string>;
}

/** Starts the helper's server before each test and unloads the flow and stops it after (no open handles). */
export function useNodeRedHelper(): void {
  beforeEach((done) => {
    helper.startServer(done);
  });
  afterEach(async () => {
    await helper.unload();
    await new Promise<void>((done) => helper.stopServer(done));
  });
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'owh-nodered-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A hub configuration file in `dir` over `catalog`, with extra YAML appended. */
export function writeHubConfig(dir: string, catalog: string, extra = ''): string {
  const file = join(dir, 'owh.yaml');
  writeFileSync(file, `catalog: ${JSON.stringify(catalog)}\nserver: { host: 127.0.0.1 }\n${extra}`);
  return file;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A real HTTP server on 127.0.0.1:0 answering with `answer`, remembering each request. */
export async function startPeer(answer: (req: SeenRequest) => { status: number; body: unknown }): Promise<{ url: string; seen: SeenRequest[]; close(): Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined };
      seen.push(request);
      const { status, body } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Resolves with the first call of `method` (error, status…) a node makes that `match` accepts. */
export function nextCall(node: NodeRedNode, method: string, match: (args: any[]) => boolean = () => true): Promise<any[]> {
  return new Promise((done) => {
    node.on(`call:${method}`, (call: { args: any[] }) => {
      if (match(call.args)) done(call.args);
    });
  });
}

/** Resolves with the next message a helper node receives. */
export function nextMessage(node: NodeRedNode): Promise<Record<string, any>> {
  return new Promise((done) => node.on('input', (msg: Record<string, any>) => done(msg)));
}

/** Every status a node has set, including those set while it was built (before a test can listen). */
export function statusesOf(id: string): Array<Record<string, unknown>> {
  const spy = helper._NodePrototype.status as { getCalls(): Array<{ thisValue: { id: string }; args: any[] }> };
  return spy.getCalls().filter((call) => call.thisValue && call.thisValue.id === id).map((call) => call.args[0]);
}
