import { request } from 'undici';
import { retryDead } from '../../cli/commands/dlq';
import { DepartmentServer } from '../helpers/department-server';
import { eventually, startTestHub } from '../helpers/hub-harness';
import { sampleCase } from '../helpers/sample-case';

const submit = async (url: string, body: unknown) => {
  const res = await request(`${url}/api/v1/cases`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'platform-key' }, body: JSON.stringify(body) });
  const answer = await res.body.text();
  expect([res.statusCode, answer]).toEqual([202, expect.any(String)]);
};

describe('delivery: retries, dead letters, breaker, fan-out and districts', () => {
  const departments: DepartmentServer[] = [];
  let harness: Awaited<ReturnType<typeof startTestHub>> | undefined;
  const department = async () => {
    const d = new DepartmentServer();
    await d.start();
    departments.push(d);
    return d;
  };
  afterEach(async () => {
    await harness?.cleanup();
    harness = undefined;
    await Promise.all(departments.splice(0).map((d) => d.stop()));
  });
  const caseOf = (id = 'NB2026112800001') => harness!.hub.store.getCase(id);
  const until = (status: string, id = 'NB2026112800001') => eventually(async () => ((await caseOf(id))?.status === status ? caseOf(id) : undefined), 10_000, `case ${id} ${status}`);

  it('retries 5xx and dropped connections with backoff, then delivers once', async () => {
    const alpha = await department();
    alpha.script = (_req, n) => (n === 1 ? { status: 503, body: { msg: '系统维护' } } : n === 2 ? { status: 0, drop: true } : undefined);
    harness = await startTestHub({ connectors: { alpha: { baseUrl: alpha.url } } });
    await submit(harness.hub.url, sampleCase());
    const record = (await until('dispatched'))!;
    expect(record.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 3, receipt: 'SJ000001' });
    expect(alpha.requests.map((r) => r.headers['idempotency-key'])).toEqual(Array(3).fill('NB2026112800001:alpha'));
    expect(record.timeline.filter((e) => e.type === 'delivery.retry').map((e) => e.detail!.code)).toEqual(['OWH_SEND_SERVER_ERROR', 'OWH_SEND_NETWORK']);
  });

  it('honours Retry-After on 429', async () => {
    const alpha = await department();
    alpha.script = (_req, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : undefined);
    harness = await startTestHub({ connectors: { alpha: { baseUrl: alpha.url } } });
    await submit(harness.hub.url, sampleCase());
    await until('dispatched');
    const gap = Number(new Date((await caseOf())!.timeline.find((e) => e.type === 'delivery.retry')!.detail!.nextAttemptAt as string)) - Number(new Date((await caseOf())!.receivedAt));
    expect(gap).toBeGreaterThanOrEqual(900); // the configured backoff is 20 ms: only Retry-After explains a second
  });

  it('dead-letters a permanent refusal at once, shows it on the case, and resends it on request', async () => {
    const alpha = await department();
    alpha.script = (_req, n) => (n === 1 ? { status: 422, body: { msg: '企业名称不合规 11010519491231002X' } } : undefined);
    harness = await startTestHub({ connectors: { alpha: { baseUrl: alpha.url } } });
    await submit(harness.hub.url, sampleCase());
    const failed = (await until('failed'))!;
    expect(failed.deliveries[0]).toMatchObject({ status: 'dead', attempts: 1, lastError: { code: 'OWH_SEND_REJECTED', retryable: false } });
    expect(failed.deliveries[0].lastError!.message).toContain('110105********002X'); // the department echoed an ID number: masked
    expect((await harness.hub.store.listDeliveries({ status: 'dead' })).map((d) => d.caseId)).toEqual(['NB2026112800001']);
    await expect(retryDead(harness.hub.store, { ids: [999] }, 'test')).rejects.toMatchObject({ code: 'OWH_DELIVERY_NOT_FOUND' });
    expect(await retryDead(harness.hub.store, { ids: [failed.deliveries[0].id] }, 'test')).toBe(1);
    const resent = (await until('dispatched'))!;
    expect(resent.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 1 });
    await expect(retryDead(harness.hub.store, { ids: [failed.deliveries[0].id] }, 'test')).rejects.toMatchObject({ code: 'OWH_DELIVERY_NOT_DEAD' });
    expect(alpha.effects.size).toBe(1);
  });

  it('dead-letters a case its mapping cannot map, without sending anything', async () => {
    const alpha = await department();
    harness = await startTestHub({ connectors: { alpha: { baseUrl: alpha.url } } });
    // 30 February passes the e-form's pattern but is no date: the mapping's date transform refuses it.
    await submit(harness.hub.url, sampleCase({ form: { companyName: '宁波甬江贸易有限公司', birthDate: '1985-02-30', gender: 'M' } }));
    const record = (await until('failed'))!;
    expect(record.deliveries[0]).toMatchObject({ status: 'dead', attempts: 1, lastError: { code: 'OWH_MAPPING_FAILED', retryable: false } });
    expect(record.deliveries[0].lastError!.message).toMatch(/bdsj\.csrq/);
    expect(alpha.requests).toHaveLength(0);
  });

  it('dead-letters after the configured attempts', async () => {
    const alpha = await department();
    alpha.script = () => ({ status: 500 });
    harness = await startTestHub({ connectors: { alpha: { baseUrl: alpha.url } }, delivery: { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 20, pollIntervalMs: 50, jitter: 0, breakerThreshold: 100, thread: true } });
    await submit(harness.hub.url, sampleCase());
    const record = (await until('failed'))!;
    expect(record.deliveries[0]).toMatchObject({ status: 'dead', attempts: 3 });
    expect(record.deliveries[0].lastError!.message).toMatch(/gave up after 3 attempts/);
    expect(alpha.requests).toHaveLength(3);
  });

  it('opens the breaker when a system is down, so waiting deliveries keep their attempts', async () => {
    const alpha = await department();
    alpha.script = () => ({ status: 503 });
    harness = await startTestHub({
      connectors: { alpha: { baseUrl: alpha.url } },
      delivery: { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 20, pollIntervalMs: 50, jitter: 0, breakerThreshold: 2, breakerCooldownMs: 60_000, thread: true }, // the dispatch thread reports its breakers
    });
    for (let i = 1; i <= 5; i++) await submit(harness.hub.url, sampleCase({ caseId: `NB202611280000${i}` }));
    await eventually(() => harness!.hub.delivery.health().get('alpha')?.breaker?.state === 'open' || undefined);
    await new Promise((r) => setTimeout(r, 300));
    const requestsWhileOpen = alpha.requests.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(alpha.requests.length).toBe(requestsWhileOpen); // nothing sent while open
    expect(requestsWhileOpen).toBeLessThanOrEqual(2 + 16); // at most the threshold, plus what was already in flight
    const stats = await harness.hub.store.outboxStats();
    expect(stats.dead).toBe(0);
    const health = await request(`${harness.hub.url}/health`);
    expect(((await health.body.json()) as any).connectors.find((c: any) => c.id === 'alpha')).toMatchObject({ state: 'degraded', breaker: { state: 'open' } });
  });

  it('fans a parallel-approval case out to every department at once; one down does not hold back the other', async () => {
    const alpha = await department();
    const beta = await department();
    beta.script = () => ({ status: 503 });
    harness = await startTestHub({ connectors: { alpha: { baseUrl: alpha.url }, beta: { baseUrl: beta.url } } });
    await submit(harness.hub.url, sampleCase({ itemCode: 'XK00002001' }));
    await eventually(async () => ((await caseOf())!.deliveries.find((d) => d.systemId === 'alpha')!.status === 'delivered' ? true : undefined));
    const record = (await caseOf())!;
    expect(record.deliveries.map((d) => [d.systemId, d.role])).toEqual([['alpha', 'lead'], ['beta', 'co-handler']]);
    expect(record.deliveries[1].status).not.toBe('delivered');
    expect(record.deliveries[1].lastError?.code).toBe('OWH_SEND_SERVER_ERROR');
    beta.script = undefined;
    await until('dispatched');
    expect(beta.requests.at(-1)!.body).toEqual({ applicationNo: 'NB2026112800001', region: '330203', acceptedIn: '330281', companyName: ' 宁波海曙甬江贸易有限公司 ' });
  });

  it('sends a district-run system\'s case to the instance of the applicant\'s home district', async () => {
    const haishu = await department();
    const yuyao = await department();
    harness = await startTestHub({ connectors: { 'marriage@330203': { baseUrl: haishu.url }, 'marriage@330281': { baseUrl: yuyao.url } } });
    // A Haishu resident applying at a Yuyao service point.
    await submit(harness.hub.url, sampleCase({ itemCode: 'QR00003001', jurisdiction: '330203', acceptedAt: { servicePoint: '330281-ZWFW-01', district: '330281' } }));
    await until('dispatched');
    expect(haishu.requests).toHaveLength(1);
    expect(yuyao.requests).toHaveLength(0);
    expect(haishu.requests[0].body).toMatchObject({ region: '330203', acceptedIn: '330281' });
    const noInstance = await request(`${harness.hub.url}/api/v1/cases`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'platform-key' }, body: JSON.stringify(sampleCase({ caseId: 'NB2026112800009', itemCode: 'QR00003001', jurisdiction: '330212' })) });
    expect(noInstance.statusCode).toBe(422);
    expect(((await noInstance.body.json()) as any).code).toBe('OWH_NO_ROUTE');
  });
});
