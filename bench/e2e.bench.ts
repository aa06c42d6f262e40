/**
 * End-to-end throughput of the hub against the demo city's REST simulators, beside the physical
 * limit measured in the same run: the same cases' payloads posted straight to the same simulators
 * with undici (no validation, mapping, store or outbox). Three processes share the 2 cores: the
 * simulators, the hub, and this one (the load).
 *
 * A case counts when all its deliveries are acknowledged by their departments.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, request } from 'undici';
import { stringify } from 'yaml';
import { loadCatalog } from '../src/catalog/load';
import { MappingSet } from '../src/catalog/mapping-set';
import type { Catalog } from '../src/catalog/types';
import { createSecretResolver } from '../src/config/secrets';
import { idempotencyKey, CaseEnvelope } from '../src/model/case';
import { routeCase } from '../src/routing/route';
import { packageRoot } from '../src/util/package-root';
import { CaseFactory } from '../examples/demo-city/load/case-factory';
import { percentile, submitLoad } from '../examples/demo-city/load/submit-load';
import { freePort, startNode, stopChild, waitForHttp } from './processes';

const CATALOG = join(packageRoot(), 'examples/demo-city/catalog');

export interface E2eFigures {
  fanOut: number;
  cases: number;
  hub: { casesPerSecond: number; acceptedPerSecond: number; acceptP50: number; acceptP99: number };
  baseline: { casesPerSecond: number; p50: number; p99: number };
  ratio: number;
}

interface Outbox {
  pending: number;
  inFlight: number;
  delivered: number;
  dead: number;
}

async function outbox(hubUrl: string): Promise<Outbox> {
  const res = await request(`${hubUrl}/health`);
  return ((await res.body.json()) as { outbox: Outbox }).outbox;
}

/** Posts each case's mapped payloads straight to its departments, as fast as `concurrency` allows. */
async function baseline(catalog: Catalog, urls: Record<string, string>, cases: CaseEnvelope[], concurrency: number): Promise<{ casesPerSecond: number; p50: number; p99: number }> {
  const mappings = new MappingSet(catalog);
  const secret = createSecretResolver({ allowDemoValues: true });
  const pools = new Map<string, Pool>();
  const sends = cases.map((envelope) =>
    routeCase(catalog, envelope.itemCode, envelope.jurisdiction).targets.map((t) => {
      const system = catalog.systems.get(t.systemId)!;
      const connector = { ...system.connector, ...system.instances?.[t.connectorId.split('@')[1]]?.connector } as { path: string; auth?: { token?: { env: string; demoValue?: string } } };
      const origin = urls[t.connectorId];
      if (!pools.has(origin)) pools.set(origin, new Pool(origin, { connections: 16 }));
      return {
        pool: pools.get(origin)!,
        path: connector.path.replace('{caseId}', encodeURIComponent(envelope.caseId)),
        headers: {
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey(envelope.caseId, t.systemId),
          ...(connector.auth?.token ? { authorization: `Bearer ${secret(connector.auth.token)}` } : {}),
        },
        body: JSON.stringify(mappings.get(t.mapping).map(envelope)), // mapped before timing: the baseline does no work of the hub's
      };
    }),
  );
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < sends.length) {
        const deliveries = sends[next++];
        const t0 = performance.now();
        await Promise.all(
          deliveries.map(async (d) => {
            const res = await d.pool.request({ method: 'POST', path: d.path, headers: d.headers, body: d.body });
            await res.body.dump();
            if (res.statusCode >= 300) throw new Error(`baseline send got ${res.statusCode}`);
          }),
        );
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all([...pools.values()].map((p) => p.close()));
  latencies.sort((a, b) => a - b);
  return { casesPerSecond: cases.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function runE2eBench(options: { cases?: number; concurrency?: number } = {}): Promise<E2eFigures[]> {
  const count = options.cases ?? 3000;
  const concurrency = options.concurrency ?? 32;
  const catalog = loadCatalog(CATALOG);
  const dir = { path: mkdtempSync(join(tmpdir(), 'owh-bench-')) };
  const port = await freePort();
  const hubUrl = `http://127.0.0.1:${port}`;
  const sims = await startNode('dist/examples/demo-city/simulators/main.js', ['--ephemeral', '--no-results', '--kinds', 'rest', '--hub', hubUrl], /^ready$/m);
  const urls: Record<string, string> = {};
  for (const line of sims.output.split('\n').slice(1)) {
    const [connector, url] = line.trim().split(/\s+/);
    if (url?.startsWith('http')) urls[connector] = url;
  }
  const configFile = join(dir.path, 'owh.yaml');
  writeFileSync(
    configFile,
    stringify({
      catalog: CATALOG,
      server: { host: '127.0.0.1', port },
      store: { path: join(dir.path, 'owh.db'), synchronous: process.env.OWH_BENCH_SYNC ?? 'full' },
      materials: { path: join(dir.path, 'materials') },
      clients: [{ id: 'bench', key: { env: 'OWH_BENCH_KEY', demoValue: 'bench-key' } }],
      connectors: Object.fromEntries(Object.entries(urls).map(([id, baseUrl]) => [id, { baseUrl }])),
      log: { level: 'warn' },
    }),
  );
  // OWH_BENCH_PROFILE=<dir> writes a CPU profile of the hub process there (open it in Chrome's devtools).
  const profile = process.env.OWH_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.OWH_BENCH_PROFILE}`] : [];
  const hub = await startNode('dist/cli/owh.js', ['serve', '--config', configFile, '--no-simulators'], /is up/, profile);
  await waitForHttp(`${hubUrl}/health`);
  const figures: E2eFigures[] = [];
  try {
    for (const fanOut of [1, 3]) {
      const factory = (prefix: string) => new CaseFactory({ catalog, adapterKinds: new Set(['rest']), fanOut, exactFanOut: true, prefix });
      // Warm up both paths (JIT, connection pools, SQLite pages).
      const warm = factory(`W${fanOut}H`);
      await submitLoad({ url: hubUrl, apiKey: 'bench-key', count: 300, concurrency, next: () => warm.next() });
      const before = await outbox(hubUrl);
      await waitDelivered(hubUrl, before.delivered, 0);
      const warmBase = factory(`W${fanOut}B`);
      await baseline(catalog, urls, Array.from({ length: 300 }, () => warmBase.next()), concurrency);

      const start = await outbox(hubUrl);
      const hubFactory = factory(`H${fanOut}`);
      const t0 = performance.now();
      const report = await submitLoad({ url: hubUrl, apiKey: 'bench-key', count, concurrency, next: () => hubFactory.next() });
      if (report.accepted !== count) throw new Error(`the hub accepted ${report.accepted} of ${count}`);
      await waitDelivered(hubUrl, start.delivered, count * fanOut);
      const hubSeconds = (performance.now() - t0) / 1000;

      const baseFactory = factory(`B${fanOut}`);
      const base = await baseline(catalog, urls, Array.from({ length: count }, () => baseFactory.next()), concurrency);
      const casesPerSecond = count / hubSeconds;
      figures.push({
        fanOut,
        cases: count,
        hub: { casesPerSecond, acceptedPerSecond: report.casesPerSecond, acceptP50: report.latencyMs.p50, acceptP99: report.latencyMs.p99 },
        baseline: base,
        ratio: casesPerSecond / base.casesPerSecond,
      });
    }
  } finally {
    await stopChild(hub.child);
    await stopChild(sims.child);
    rmSync(dir.path, { recursive: true, force: true });
  }
  printFigures(figures);
  return figures;
}

async function waitDelivered(hubUrl: string, from: number, expected: number): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const o = await outbox(hubUrl);
    if (o.dead > 0) throw new Error(`${o.dead} deliveries dead-lettered during the benchmark`);
    if (o.delivered - from >= expected && o.pending === 0 && o.inFlight === 0) return;
    if (Date.now() > deadline) throw new Error(`deliveries did not finish in 5 minutes: ${JSON.stringify(o)}, expected ${expected} delivered since ${from}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function printFigures(figures: E2eFigures[]): void {
  const f1 = (n: number) => n.toFixed(1);
  console.log('\nEnd to end: cases/s with every delivery acknowledged (hub) vs the same payloads posted straight to the simulators (baseline)');
  console.log('fan-out  cases  hub cases/s  accepted/s  accept p50 ms  accept p99 ms  baseline cases/s  baseline p50 ms  p99 ms  hub/baseline');
  for (const f of figures) {
    console.log(
      [String(f.fanOut).padEnd(7), String(f.cases).padStart(5), f.hub.casesPerSecond.toFixed(0).padStart(11), f.hub.acceptedPerSecond.toFixed(0).padStart(10), f1(f.hub.acceptP50).padStart(13), f1(f.hub.acceptP99).padStart(13), f.baseline.casesPerSecond.toFixed(0).padStart(16), f1(f.baseline.p50).padStart(15), f1(f.baseline.p99).padStart(6), f.ratio.toFixed(2).padStart(12)].join('  '),
    );
  }
}

if (require.main === module) {
  runE2eBench().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
