import { request } from 'undici';
import { DepartmentServer } from '../helpers/department-server';
import { eventually, startTestHub } from '../helpers/hub-harness';
import { sampleCase } from '../helpers/sample-case';

describe('results from department systems', () => {
  let alpha: DepartmentServer;
  let beta: DepartmentServer;
  let harness: Awaited<ReturnType<typeof startTestHub>>;
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await request(harness.hub.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.statusCode, body: (await res.body.json()) as any };
  };
  const status = async () => (await harness.hub.store.getCase('NB2026112800001'))!.status;

  beforeEach(async () => {
    alpha = new DepartmentServer();
    beta = new DepartmentServer();
    harness = await startTestHub({ connectors: { alpha: { baseUrl: await alpha.start() }, beta: { baseUrl: await beta.start() } } });
    expect((await post('/api/v1/cases', sampleCase({ itemCode: 'XK00002001' }), 'platform-key')).status).toBe(202);
    await eventually(async () => ((await status()) === 'dispatched' ? true : undefined));
  });
  afterEach(async () => {
    await harness.cleanup();
    await alpha.stop();
    await beta.stop();
  });

  it("maps a system's own result format and moves the case: accepted, then completed", async () => {
    const acceptance = await post('/api/v1/cases/NB2026112800001/results', { ywlsh: 'NB2026112800001', jglx: 'sl', jgdm: '01', sjbh: 'SJ000001' }, 'alpha-results');
    expect(acceptance).toEqual({ status: 201, body: { caseId: 'NB2026112800001', status: 'accepted', kind: 'acceptance', outcome: 'accepted', duplicate: false } });
    const completion = await post('/api/v1/cases/NB2026112800001/results', { jglx: 'bj', jgdm: '04', yj: '经营范围涉及前置审批' }, 'alpha-results');
    // The lead's decision is held until its co-handler beta has given its opinion (after-all-opinions).
    expect(completion.body).toMatchObject({ status: 'accepted', outcome: 'denied' });
    expect((await post('/api/v1/cases/NB2026112800001/results', { kind: 'completion', outcome: 'approved' }, 'beta-results')).body).toMatchObject({ status: 'completed' });
    const view = await request(`${harness.hub.url}/api/v1/cases/NB2026112800001`, { headers: { 'x-api-key': 'platform-key' } });
    const body = (await view.body.json()) as any;
    expect(body.results).toEqual([
      expect.objectContaining({ system: 'alpha', role: 'lead', kind: 'acceptance', outcome: 'accepted', receipt: 'SJ000001' }),
      expect.objectContaining({ system: 'alpha', kind: 'completion', outcome: 'denied', reason: '经营范围涉及前置审批' }),
      expect.objectContaining({ system: 'beta', role: 'co-handler', kind: 'completion', outcome: 'approved' }),
    ]);
    expect(body.decision).toMatchObject({ outcome: 'denied', system: 'alpha', role: 'lead', reason: '经营范围涉及前置审批' });
    expect(body.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['result.acceptance', 'result.completion']));
  });

  it("takes a co-handler's result in the hub's format; its acceptance alone decides nothing, its refusal refuses the case", async () => {
    const accepted = await post('/api/v1/cases/NB2026112800001/results', { kind: 'acceptance', outcome: 'accepted' }, 'beta-results');
    expect(accepted.body).toMatchObject({ status: 'dispatched', outcome: 'accepted' });
    const refused = await post('/api/v1/cases/NB2026112800001/results', { kind: 'completion', outcome: 'denied', reason: '不符合条件' }, 'beta-results');
    expect(refused.body).toMatchObject({ status: 'completed', outcome: 'denied' });
    expect((await harness.hub.store.getCase('NB2026112800001'))!.decision).toMatchObject({ outcome: 'denied', system: 'beta', rule: expect.stringContaining('any-refusal-refuses') });
  });

  it('repeats harmlessly and refuses a different result of the same kind', async () => {
    const body = { kind: 'acceptance', outcome: 'accepted' };
    expect((await post('/api/v1/cases/NB2026112800001/results', body, 'beta-results')).status).toBe(201);
    expect((await post('/api/v1/cases/NB2026112800001/results', body, 'beta-results')).body).toMatchObject({ duplicate: true });
    const conflict = await post('/api/v1/cases/NB2026112800001/results', { kind: 'acceptance', outcome: 'rejected', reason: 'x' }, 'beta-results');
    expect([conflict.status, conflict.body.code]).toEqual([409, 'OWH_RESULT_CONFLICT']);
  });

  it('lets a system post only for its own deliveries, with its own token', async () => {
    const noToken = await post('/api/v1/cases/NB2026112800001/results', { kind: 'acceptance', outcome: 'accepted' });
    expect(noToken.status).toBe(401);
    const clientKey = await post('/api/v1/cases/NB2026112800001/results', { kind: 'acceptance', outcome: 'accepted' }, 'platform-key');
    expect(clientKey.status).toBe(401);
    const notTheirs = await post('/api/v1/cases/NB2026112800001/results', { kind: 'acceptance', outcome: 'accepted' }, 'marriage-results');
    expect([notTheirs.status, notTheirs.body.code]).toEqual([403, 'OWH_AUTH_FORBIDDEN']);
    const unknown = await post('/api/v1/cases/NOPE00001/results', { kind: 'acceptance', outcome: 'accepted' }, 'beta-results');
    expect(unknown.status).toBe(404);
  });

  it('refuses an invalid result with pointers, after the result mapping', async () => {
    const missingReason = await post('/api/v1/cases/NB2026112800001/results', { kind: 'completion', outcome: 'denied' }, 'beta-results');
    expect(missingReason.status).toBe(400);
    expect(missingReason.body.errors).toEqual([expect.objectContaining({ pointer: '/reason', keyword: 'required' })]);
    const mismatch = await post('/api/v1/cases/NB2026112800001/results', { kind: 'acceptance', outcome: 'approved' }, 'beta-results');
    expect(mismatch.body.errors).toEqual([expect.objectContaining({ pointer: '/outcome', keyword: 'enum' })]);
    const unmappable = await post('/api/v1/cases/NB2026112800001/results', { jglx: 'xx', jgdm: '01' }, 'alpha-results');
    expect([unmappable.status, unmappable.body.code]).toEqual([400, 'OWH_RESULT_INVALID']);
    expect(unmappable.body.message).toMatch(/result mapping of alpha/);
    expect(await status()).toBe('dispatched');
  });
});

describe('results by SOAP, at the hub\'s callback endpoint', () => {
  it('takes a result from a system authenticated by its WS-Security UsernameToken', async () => {
    const soap = await import('soap');
    const alpha = new DepartmentServer();
    const harness = await startTestHub({ connectors: { alpha: { baseUrl: await alpha.start() } } });
    try {
      const res = await request(`${harness.hub.url}/api/v1/cases`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'platform-key' }, body: JSON.stringify(sampleCase()) });
      await res.body.dump();
      await eventually(async () => ((await harness.hub.store.getCase('NB2026112800001'))!.status === 'dispatched' ? true : undefined));
      const client = await soap.createClientAsync(`${harness.hub.url}/soap/results?wsdl`);
      client.setSecurity(new soap.WSSecurity('alpha', 'alpha-results', { hasTimeStamp: false }));
      const [answer] = await client.SubmitResultAsync({ caseId: 'NB2026112800001', kind: 'acceptance', outcome: 'accepted', receipt: 'SJ-SOAP-1' });
      expect(answer).toMatchObject({ caseId: 'NB2026112800001', status: 'accepted' });
      expect((await harness.hub.store.getCase('NB2026112800001'))!.results).toEqual([expect.objectContaining({ systemId: 'alpha', kind: 'acceptance', outcome: 'accepted' })]);
      const stranger = await soap.createClientAsync(`${harness.hub.url}/soap/results?wsdl`);
      stranger.setSecurity(new soap.WSSecurity('alpha', 'beta-results', { hasTimeStamp: false }));
      await expect(stranger.SubmitResultAsync({ caseId: 'NB2026112800001', kind: 'completion', outcome: 'approved' })).rejects.toThrow(/OWH_AUTH/);
    } finally {
      await harness.cleanup();
      await alpha.stop();
    }
  });
});
