import { owh } from '../helpers/cli-harness';
import { eventually } from '../helpers/hub-harness';
import { startDemoCity } from '../helpers/demo-city';

jest.setTimeout(60_000);

describe('owh demo load', () => {
  let city: Awaited<ReturnType<typeof startDemoCity>>;
  beforeAll(async () => {
    city = await startDemoCity({ kinds: ['rest'] });
  });
  afterAll(async () => {
    await city?.close();
  });

  it('submits valid generated cases of the demo city to a running hub and reports what happened', async () => {
    const res = await owh('demo', 'load', '--count', '40', '--kinds', 'rest', '--url', city.hub.url, '--key', 'demo-key', '--json');
    expect(res.code).toBe(0);
    const report = JSON.parse(res.out);
    expect(report).toMatchObject({ submitted: 40, accepted: 40, failed: 0, refused: {} });
    expect(report.latencyMs.p50).toBeGreaterThan(0);
    await eventually(async () => ((await city.hub.store.getCase(report.lastCaseId))?.status === 'completed' ? true : undefined), 30_000, 'the last case completed');
  });

  it('says so when the kinds asked for match no item, and when the hub cannot be reached', async () => {
    const none = await owh('demo', 'load', '--count', '5', '--kinds', 'fax', '--url', city.hub.url, '--key', 'demo-key');
    expect(none.code).toBe(64);
    expect(none.err).toMatch(/no item of the catalog uses only the adapter kinds fax/);
    const down = await owh('demo', 'load', '--count', '2', '--kinds', 'rest', '--url', 'http://127.0.0.1:9', '--key', 'demo-key', '--concurrency', '2');
    expect(down.code).toBe(69);
    expect(down.err).toMatch(/OWH_HUB_UNREACHABLE/);
  });
});
