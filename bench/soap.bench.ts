/**
 * The SOAP adapter against the same calls made straight with the `soap` package's client
 * (createClientAsync + SubmitApplicationAsync, its own axios HTTP layer), in the same run, against
 * one SOAP server: `soap.listen` serving the 社会保险 fixture WSDL in a **child process** (so the
 * server's work does not share the measuring event loop). Each call is a distinct case with its
 * idempotency key in a SOAP header; both sides keep the same number of calls in flight.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/soap.bench.js [messages]
 */
import { ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as soap from 'soap';
import { soapAdapter } from '../adapters/soap';
import type { Connector, OutboundMessage } from '../src/adapters/contract';
import { createSecretResolver } from '../src/config/secrets';
import { silentLogger } from '../src/log/logger';
import { packageRoot } from '../src/util/package-root';

export interface SoapBenchResult {
  adapterPerSec: number;
  directPerSec: number;
  /** adapterPerSec / directPerSec. */
  ratio: number;
}

const WSDL = join(packageRoot(), 'test', 'fixtures', 'soap', 'hrss-social-insurance.wsdl');
const NS = 'http://shbx.hrss.example.gov.cn/ws';
const PATH = '/hrss/ws/shbx';
const IN_FLIGHT = 16;
const SYSTEM = 'hrss-social-insurance';

/** The child process: the department's SOAP service, applying each idempotency key once. */
async function serve(): Promise<void> {
  const receipts = new Map<string, string>();
  const server = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const services = {
    SocialInsuranceService: {
      SocialInsurancePort: {
        SubmitApplication: (args: { ywlsh: string }, _cb: unknown, headers: { IdempotencyKey?: string } | undefined) => {
          const key = headers?.IdempotencyKey ?? args.ywlsh;
          let sjbh = receipts.get(key);
          if (!sjbh) receipts.set(key, (sjbh = `SJ${String(receipts.size + 1).padStart(8, '0')}`));
          return { sjbh, code: '0000', msg: '收件成功' };
        },
        QueryResults: () => ({ results: { result: [] } }),
        Ping: () => ({ status: 'ok' }),
      },
    },
  };
  await new Promise<void>((resolve, reject) => {
    soap.listen(server, { path: PATH, services, xml: readFileSync(WSDL, 'utf8'), callback: (err: unknown) => (err ? reject(err) : resolve()) });
  });
  process.send!({ port: (server.address() as AddressInfo).port });
  process.on('disconnect', () => process.exit(0));
}

function startServer(): Promise<{ child: ChildProcess; endpoint: string }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the SOAP server process ended (${code}) before it listened`)));
    child.once('message', (m: { port: number }) => resolve({ child, endpoint: `http://127.0.0.1:${m.port}${PATH}` }));
  });
}

let sequence = 0;

/** Every measured call must have been answered with a receipt, or the figures mean nothing. */
function receiptOf(body: unknown): string {
  const sjbh = (body as { sjbh?: unknown } | undefined)?.sjbh;
  if (typeof sjbh !== 'string') throw new Error(`a call was answered without a receipt: ${JSON.stringify(body)}`);
  return sjbh;
}

function args(caseId: string): Record<string, unknown> {
  return {
    ywlsh: caseId,
    sxbm: 'GG00201001',
    sqr: { xm: '王小明', zjhm: '33020319900101123X', lxdh: '13812345678' },
    bdsj: { dwmc: '宁波甬江贸易有限公司', tyshxydm: '91330203MA2AH1234X', cbrs: 12, sqsj: '2026-03-01T09:30:00+08:00' },
  };
}

function nextCaseId(): string {
  return `NB2026B${String(++sequence).padStart(8, '0')}`;
}

/** Runs `count` calls with IN_FLIGHT of them in flight at once; returns calls per second. */
async function measure(count: number, call: (caseId: string) => Promise<unknown>): Promise<number> {
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (started < count) {
        started++;
        await call(nextCaseId());
      }
    }),
  );
  return count / ((performance.now() - begin) / 1000);
}

export async function runSoapBench(options: { messages?: number } = {}): Promise<SoapBenchResult> {
  const count = options.messages ?? 2000;
  const { child, endpoint } = await startServer();
  let connector: Connector | undefined;
  try {
    connector = soapAdapter.create(
      { wsdl: WSDL, endpoint, operation: 'SubmitApplication', connections: IN_FLIGHT, auth: { type: 'none' }, idempotencyHeader: 'IdempotencyKey', maxResponseBytes: 1048576, health: {} },
      {
        connectorId: SYSTEM,
        systemId: SYSTEM,
        logger: silentLogger(),
        secret: createSecretResolver({ env: {}, allowDemoValues: false }),
        defaultTimeoutMs: 10_000,
        results: { submit: async () => ({ caseId: '', status: 'accepted', duplicate: false }) },
        catalogRoot: dirname(WSDL),
      },
    );
    const viaAdapter = connector;
    const adapterCall = (caseId: string) => {
      const message: OutboundMessage = { idempotencyKey: `${caseId}:${SYSTEM}`, caseId, itemCode: 'GG00201001', systemId: SYSTEM, deliveryId: sequence, attempt: 1, payload: args(caseId) };
      return viaAdapter.send(message).then((r) => receiptOf(r.body));
    };

    const direct = await soap.createClientAsync(WSDL, { endpoint });
    direct.addSoapHeader((_m: unknown, _l: unknown, _a: unknown, a: { ywlsh: string }) => `<IdempotencyKey xmlns="${NS}">${a.ywlsh}:${SYSTEM}</IdempotencyKey>`);
    const directCall = (caseId: string) => (direct.SubmitApplicationAsync(args(caseId)) as Promise<[unknown]>).then(([r]) => receiptOf(r));

    // Warm up both (JIT, sockets), then measure each twice, alternating, and keep the better run.
    await measure(Math.min(200, count), adapterCall);
    await measure(Math.min(200, count), directCall);
    let adapterPerSec = 0;
    let directPerSec = 0;
    for (let round = 0; round < 2; round++) {
      adapterPerSec = Math.max(adapterPerSec, await measure(count, adapterCall));
      directPerSec = Math.max(directPerSec, await measure(count, directCall));
    }
    const result = { adapterPerSec, directPerSec, ratio: adapterPerSec / directPerSec };
    print(result, count);
    return result;
  } finally {
    await connector?.close();
    child.removeAllListeners('exit');
    child.disconnect();
  }
}

function print(result: SoapBenchResult, count: number): void {
  console.log(`soap: ${count} SubmitApplication calls, ${IN_FLIGHT} in flight, server in a child process (soap.listen)`);
  console.log(`  adapter (connector.send)          ${result.adapterPerSec.toFixed(0).padStart(7)} calls/s`);
  console.log(`  direct (soap client, axios)       ${result.directPerSec.toFixed(0).padStart(7)} calls/s`);
  console.log(`  ratio adapter / direct            ${result.ratio.toFixed(2).padStart(7)}`);
}

if (require.main === module) {
  if (process.argv[2] === 'serve') {
    serve().catch((error) => {
      console.error(error);
      process.exit(1);
    });
  } else {
    const messages = Number(process.argv[2] ?? 2000);
    runSoapBench({ messages })
      .catch((error) => {
        console.error(error);
        process.exitCode = 1;
      });
  }
}
