import { request } from 'undici';
import { DepartmentServer } from '../helpers/department-server';
import { owh } from '../helpers/cli-harness';
import { eventually, startTestHub } from '../helpers/hub-harness';
import { sampleCase } from '../helpers/sample-case';

describe('connector health', () => {
  let alpha: DepartmentServer;
  let harness: Awaited<ReturnType<typeof startTestHub>>;
  const health = async () => (await (await request(`${harness.hub.url}/health`)).body.json()) as any;

  beforeEach(async () => {
    alpha = new DepartmentServer();
    await alpha.start();
    harness = await startTestHub({ connectors: { alpha: { baseUrl: alpha.url }, beta: { baseUrl: alpha.url }, 'marriage@330203': { baseUrl: alpha.url }, 'marriage@330281': { baseUrl: alpha.url } }, health: { probeIntervalMs: 1000 } });
  });
  afterEach(async () => {
    await harness.cleanup();
    await alpha.stop();
  });

  it('probes each connector and shows what its deliveries show', async () => {
    await eventually(() => (alpha.probes > 0 ? true : undefined));
    const res = await request(`${harness.hub.url}/api/v1/cases`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'platform-key' }, body: JSON.stringify(sampleCase()) });
    await res.body.dump();
    const view = await eventually(async () => {
      const v = await health();
      return v.connectors.find((c: any) => c.id === 'alpha').deliveries?.recent === 1 ? v : undefined;
    });
    const a = view.connectors.find((c: any) => c.id === 'alpha');
    expect(a).toMatchObject({ state: 'up', kind: 'rest', probe: { state: 'up' }, breaker: { state: 'closed' }, deliveries: { recent: 1, recentFailures: 0, errorRate: 0, lastSuccessAt: expect.any(String), p50Ms: expect.any(Number) } });
    expect(view.connectors.find((c: any) => c.id === 'legacy')).toMatchObject({ state: 'unavailable', note: expect.stringContaining("'fax' is not registered") });
    expect(view.status).toBe('degraded'); // a connector without an adapter
  });

  it('says down when a system stops answering (owh health exits 2), and up when it is back', async () => {
    await alpha.stop();
    await eventually(async () => ((await health()).connectors.find((c: any) => c.id === 'alpha').state === 'down' ? true : undefined), 5000, 'alpha down');
    const down = await owh('health', '--url', harness.hub.url);
    expect(down.code).toBe(2);
    expect(down.out).toMatch(/^hub down/);
    expect(down.out).toMatch(/alpha\s+rest\s+down/);
    const json = await owh('health', '--url', harness.hub.url, '--json');
    expect(JSON.parse(json.out).status).toBe('down');
    await alpha.start(); // back, on the same port
    // Every connector of this catalog points at the same department server: wait until all are back.
    await eventually(async () => ((await health()).connectors.every((c: any) => c.state !== 'down') ? true : undefined), 5000, 'every connector up again');
    const again = await owh('health', '--url', harness.hub.url);
    expect(again.code).toBe(1); // up, but the fax system has no adapter: degraded
  });

  it('exits 2 with a code when the hub cannot be reached', async () => {
    const res = await owh('health', '--url', 'http://127.0.0.1:9');
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/OWH_HUB_UNREACHABLE/);
  });
});
