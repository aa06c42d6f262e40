import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { builtinAdapters } from '../../adapters';
import { buildRegistry } from '../../src/adapters/plugins';
import { createSecretResolver } from '../../src/config/secrets';
import { silentLogger } from '../../src/log/logger';
import { advance, checkGate, GateContext } from '../../src/onboarding/gates';
import { packageRoot } from '../../src/util/package-root';
import { eventually } from '../helpers/hub-harness';
import { startDemoCity } from '../helpers/demo-city';

jest.setTimeout(60_000);

/**
 * Every stage gate against the demo city's real simulators: a pair cannot go forward without the
 * evidence the hub checks itself — fixtures that pass, a health probe that answers, a sandbox test
 * case answered, a real case acknowledged — and --force is recorded as forced.
 */
describe('onboarding stage gates', () => {
  let city: Awaited<ReturnType<typeof startDemoCity>>;
  let ctx: GateContext;
  beforeAll(async () => {
    city = await startDemoCity({ resultDelayMs: 20, kinds: ['rest', 'soap'] });
    const { registry } = buildRegistry(builtinAdapters, [], city.config.baseDir);
    ctx = { catalog: city.hub.catalog, config: city.config, mappings: city.hub.mappings, registry, secret: createSecretResolver({ allowDemoValues: true }), logger: silentLogger(), store: city.hub.onboarding };
  });
  afterAll(async () => {
    await city?.close();
  });

  it('moves a REST pair through mapped, connected and verified, and to live only once a real case is acknowledged', async () => {
    const first = await advance(ctx, 'XK00302002', 'nrp-land', { by: 'tester' });
    expect(first.checks.map((c) => [c.stage, c.ok])).toEqual([['mapped', true], ['connected', true], ['verified', true], ['live', false]]);
    expect(first).toMatchObject({ from: 'planned', to: 'verified' });
    expect(first.checks[3].lacks).toMatch(/has not acknowledged a real case of XK00302002/);
    expect(first.event!.evidence).toMatchObject({
      mapped: { mapping: 'mappings/nrp-land/request/nrp-land-use-planning-permit', fixtures: 1 },
      connected: { connector: 'nrp-land', probe: expect.stringMatching(/answered 200/) },
      verified: { caseId: expect.stringMatching(/^SANDBOX-XK00302002-/), sandbox: false, receipt: expect.any(String) },
    });
    // The sandbox case is not a real case.
    expect((await advance(ctx, 'XK00302002', 'nrp-land', { by: 'tester' })).to).toBe('verified');

    const sample = JSON.parse(readFileSync(join(packageRoot(), 'examples/demo-city/samples/nrp-land-use-planning-permit.case.json'), 'utf8'));
    const res = await request(`${city.hub.url}/api/v1/cases`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'demo-key' }, body: JSON.stringify({ ...sample, caseId: 'ONB2026112800001', itemCode: 'XK00302002' }) });
    expect(res.statusCode).toBe(202);
    await res.body.dump();
    await eventually(async () => ((await city.hub.store.getCase('ONB2026112800001'))!.deliveries.every((d) => d.status === 'delivered') ? true : undefined));
    const live = await advance(ctx, 'XK00302002', 'nrp-land', { by: 'tester' });
    expect(live).toMatchObject({ from: 'verified', to: 'live' });
    expect(live.event!.evidence).toMatchObject({ live: { firstCase: 'ONB2026112800001' } });
    expect((await ctx.store.stageHistory('XK00302002', 'nrp-land')).map((e) => [e.from, e.to, e.by, e.forced])).toEqual([['planned', 'verified', 'tester', false], ['verified', 'live', 'tester', false]]);
  });

  it('verifies a SOAP pair through its WSDL operation', async () => {
    const result = await advance(ctx, 'QT00101003', 'hrss-social-insurance', { to: 'verified', by: 'tester' });
    expect(result.checks.map((c) => [c.stage, c.ok])).toEqual([['mapped', true], ['connected', true], ['verified', true]]);
    expect(result.to).toBe('verified');
  });

  it('stops at the first gate whose evidence is missing, and says what is lacking', async () => {
    const down = city.fleet.get('amr-licensing')!;
    down.setFaults({ failNext: { count: 1000, status: 503 } });
    // The health probe is not a delivery: the simulator answers it; its deliveries fail instead.
    const verify = await checkGate(ctx, 'XK00106001', 'amr-licensing', 'verified');
    expect(verify).toMatchObject({ ok: false, lacks: expect.stringMatching(/was not taken by amr-licensing: OWH_SEND_SERVER_ERROR/) });
    down.setFaults({ failNext: { count: 0, status: 503 } });
    const notInCatalog = await checkGate(ctx, 'XK00106001', 'psb-household', 'mapped');
    expect(notInCatalog).toMatchObject({ ok: false, lacks: 'item XK00106001 does not name psb-household as a target in the catalog\'s items.yaml' });
  });

  it('records a forced change as forced, with its reason, and refuses one without a reason', async () => {
    await expect(advance(ctx, 'XK00106001', 'amr-licensing', { to: 'live', force: true, by: 'chief' })).rejects.toMatchObject({ code: 'OWH_USAGE' });
    const forced = await advance(ctx, 'XK00106001', 'amr-licensing', { to: 'live', force: true, reason: 'live since 2019 in the source', by: 'chief' });
    expect(forced.event).toMatchObject({ from: 'planned', to: 'live', forced: true, by: 'chief', evidence: { reason: 'live since 2019 in the source' } });
    await expect(advance(ctx, 'XK00106001', 'amr-licensing', { to: 'mapped', by: 'chief' })).rejects.toMatchObject({ code: 'OWH_USAGE' });
  });

  it('serves the onboarding report over HTTP', async () => {
    const res = await request(`${city.hub.url}/api/v1/onboarding?phase=1&blockers=5`, { headers: { 'x-api-key': 'demo-key' } });
    const report = (await res.body.json()) as any;
    expect(res.statusCode).toBe(200);
    expect(report.phases).toHaveLength(1);
    expect(report.phases[0]).toMatchObject({ phase: 1, items: { total: 118 }, forms: { total: 59 } });
    expect(report.phases[0].items.live).toBeGreaterThanOrEqual(1);
    expect(report.phases[0].blockers.length).toBeLessThanOrEqual(5);
    const bad = await request(`${city.hub.url}/api/v1/onboarding?phase=x`, { headers: { 'x-api-key': 'demo-key' } });
    expect(bad.statusCode).toBe(400);
    await bad.body.dump();
    const anonymous = await request(`${city.hub.url}/api/v1/onboarding`);
    expect(anonymous.statusCode).toBe(401);
    await anonymous.body.dump();
  });
});
