import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CaseFactory } from '../../examples/demo-city/load/case-factory';
import { submitLoad } from '../../examples/demo-city/load/submit-load';
import { startSimulators, SimulatorFleet } from '../../examples/demo-city/simulators';
import { loadCatalog } from '../../src/catalog/load';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { DEMO_CATALOG, demoHubOverrides, isolatedFleetOptions } from '../helpers/demo-city';
import { eventually } from '../helpers/hub-harness';
import { freePort, HubProcess } from '../helpers/hub-process';
import { tempDir } from '../helpers/temp-dir';

jest.setTimeout(180_000);

/**
 * The hub killed with SIGKILL several times while cases pour in and deliveries are in flight,
 * restarted each time on the same store: no case that was answered 202 is lost, and no delivery
 * is applied twice at its department (resends carry the same idempotency key).
 */
describe('crash safety', () => {
  let dir: ReturnType<typeof tempDir>;
  let fleet: SimulatorFleet;
  let hub: HubProcess;

  beforeAll(async () => {
    dir = tempDir('owh-crash-');
    fleet = await startSimulators(isolatedFleetOptions(dir.path, { resultDelayMs: 10 }));
    const port = await freePort();
    const config = demoHubOverrides(dir.path, fleet, { server: { host: '127.0.0.1', port }, log: { level: 'warn' } });
    const file = join(dir.path, 'owh.yaml');
    writeFileSync(file, stringify(config));
    hub = new HubProcess(file, `http://127.0.0.1:${port}`);
    fleet.setHubUrl(hub.url);
    await hub.start();
  });
  afterAll(async () => {
    await hub?.stop();
    await fleet?.close();
    dir?.cleanup();
  });

  it('loses nothing and applies nothing twice across repeated SIGKILLs under load', async () => {
    const factory = new CaseFactory({ catalog: loadCatalog(DEMO_CATALOG), adapterKinds: new Set(['rest']), prefix: 'CRASH' });
    // Slow the REST departments a little so that deliveries are in flight when the hub dies.
    const rest = fleet.simulators.filter((s) => s.kind === 'rest');
    for (const s of rest) s.setFaults({ delayMs: 20 });
    const load = submitLoad({ url: hub.url, apiKey: 'demo-key', count: 400, concurrency: 8, rate: 200, maxTries: 40, next: () => factory.next() });
    let kills = 0;
    for (const wait of [400, 700, 600]) {
      await new Promise((r) => setTimeout(r, wait));
      await hub.kill();
      kills++;
      await hub.start();
    }
    const report = await load;
    expect(kills).toBe(3);
    expect(report.failed).toBe(0);
    expect(report.accepted).toBe(400);

    // Every accepted case reaches completion after the last restart.
    for (const s of rest) s.setFaults({ delayMs: 0 });
    const store = new SqliteStore({ path: join(dir.path, 'owh.db') });
    try {
      await eventually(async () => {
        for (const id of report.caseIds) if ((await store.getCase(id))?.status !== 'completed') return undefined;
        return true;
      }, 120_000, 'every case completed after the crashes');
      for (const caseId of report.caseIds) {
        const record = (await store.getCase(caseId))!;
        for (const d of record.deliveries) expect(fleet.get(d.connectorId)!.stats().appliedByCase[caseId]).toBe(1);
      }
    } finally {
      await store.close();
    }
    const totals = fleet.totals();
    expect(totals.maxAppliedPerCase).toBe(1);
    // Resends did happen (deliveries cut by the kills went out again) and were absorbed by idempotency.
    console.log(`crash test: ${kills} SIGKILLs, ${report.accepted} cases, ${totals.applied} deliveries applied once each, ${totals.duplicatesSuppressed} resends absorbed by idempotency keys`);
  });
});
