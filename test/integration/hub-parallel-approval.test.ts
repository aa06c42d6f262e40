import { createHash } from 'node:crypto';
import { request } from 'undici';
import { DepartmentServer } from '../helpers/department-server';
import { eventually, startTestHub } from '../helpers/hub-harness';
import { sampleCase } from '../helpers/sample-case';

/**
 * Parallel approval, supplements and a lookup over HTTP, against real department servers: the
 * small test catalog's alpha (lead, REST with opinion and supplement operations) and beta
 * (co-handler, and the source of the lookup item's certificate).
 */
describe('parallel approval, supplements and lookups over HTTP', () => {
  let alpha: DepartmentServer;
  let beta: DepartmentServer;
  let harness: Awaited<ReturnType<typeof startTestHub>>;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = { 'x-api-key': 'platform-key' }) => {
    const res = await request(harness.hub.url + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? (JSON.parse(text) as any) : undefined };
  };
  const postResult = (caseId: string, body: unknown, token: string) => call('POST', `/api/v1/cases/${caseId}/results`, body, { authorization: `Bearer ${token}` });
  const view = async (caseId: string) => (await call('GET', `/api/v1/cases/${caseId}`)).body;
  const to = (server: DepartmentServer, prefix: string) => server.requests.filter((r) => r.path.startsWith(prefix));

  beforeEach(async () => {
    alpha = new DepartmentServer();
    beta = new DepartmentServer();
    harness = await startTestHub({ connectors: { alpha: { baseUrl: await alpha.start() }, beta: { baseUrl: await beta.start() } } });
  });
  afterEach(async () => {
    await harness.cleanup();
    await alpha.stop();
    await beta.stop();
  });

  it('forwards each co-handler result to the lead as its opinion, and returns the lead\'s one result once all are in', async () => {
    const caseId = 'NB2026112800001';
    expect((await call('POST', '/api/v1/cases', sampleCase({ itemCode: 'XK00002001' }))).status).toBe(202);
    await eventually(async () => ((await view(caseId)).status === 'dispatched' ? true : undefined));

    await postResult(caseId, { kind: 'acceptance', outcome: 'accepted', receipt: 'B-1' }, 'beta-results');
    const [first] = await eventually(async () => (to(alpha, '/opinions/').length === 1 ? to(alpha, '/opinions/') : undefined));
    expect(first.path).toBe(`/opinions/${caseId}`);
    expect(first.headers['idempotency-key']).toBe(`${caseId}:alpha:opinion:beta/acceptance/0`);
    expect(first.body).toMatchObject({ caseId, itemCode: 'XK00002001', from: { system: 'beta', department: 'amr' }, kind: 'acceptance', outcome: 'accepted', opinion: 'accepted', receipt: 'B-1' });

    // The lead decides before its co-handler has answered: held (after-all-opinions).
    await postResult(caseId, { jglx: 'bj', jgdm: '03' }, 'alpha-results');
    let v = await view(caseId);
    expect(v.status).toBe('dispatched');
    expect(v.held).toEqual({ system: 'alpha', outcome: 'approved', waitingFor: ['beta'] });
    expect(v.pending).toEqual(expect.arrayContaining([expect.objectContaining({ who: 'beta', waitingFor: 'opinion' }), expect.objectContaining({ who: 'alpha', waitingFor: 'decision' })]));

    await postResult(caseId, { kind: 'completion', outcome: 'approved', handler: '乙科' }, 'beta-results');
    v = await view(caseId);
    expect(v.status).toBe('completed');
    expect(v.decision).toMatchObject({ outcome: 'approved', system: 'alpha', role: 'lead' });
    expect(v.pending).toEqual([]);
    await eventually(async () => (to(alpha, '/opinions/').length === 2 ? true : undefined));
    expect(to(alpha, '/opinions/')[1].body).toMatchObject({ kind: 'completion', opinion: 'agree', handler: '乙科' });
    expect(v.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['opinion.planned', 'case.decided']));
  });

  it('pauses the case for a request for more material and sends the applicant\'s supplement to the departments concerned', async () => {
    const caseId = 'NB2026112800002';
    expect((await call('POST', '/api/v1/cases', sampleCase({ caseId, itemCode: 'XK00002001' }))).status).toBe(202);
    await eventually(async () => ((await view(caseId)).status === 'dispatched' ? true : undefined));
    const supplement = (id: string, extra: Record<string, unknown> = {}) => {
      const bytes = Buffer.from('补充的可研报告');
      return {
        supplementId: id,
        submittedAt: '2026-11-30T10:00:00+08:00',
        materials: [{ id: `m-${id}`, kind: 'report', fileName: '可研报告.pdf', mediaType: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), content: bytes.toString('base64') }],
        ...extra,
      };
    };
    const early = await call('POST', `/api/v1/cases/${caseId}/supplements`, supplement('S0'));
    expect([early.status, early.body.code]).toEqual([409, 'OWH_SUPPLEMENT_NOT_REQUESTED']);

    const asked = await postResult(caseId, { kind: 'supplement', outcome: 'requested', reason: '请补充可研报告', materials: [{ name: '可行性研究报告' }] }, 'beta-results');
    expect(asked.body).toMatchObject({ status: 'awaiting-supplement', kind: 'supplement' });
    let v = await view(caseId);
    expect(v.deadline).toBe('paused');
    expect(v.supplementRequests).toEqual([expect.objectContaining({ system: 'beta', reason: '请补充可研报告', materials: [{ name: '可行性研究报告' }] })]);
    expect(v.pending[0]).toMatchObject({ who: 'applicant', waitingFor: 'supplement' });
    // The request reached the lead as an opinion: more material.
    await eventually(async () => to(alpha, '/opinions/').find((r) => r.body.opinion === 'more-material'));

    const invalid = await call('POST', `/api/v1/cases/${caseId}/supplements`, { supplementId: 'S1', materials: [] });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'OWH_SUPPLEMENT_INVALID' });
    expect(invalid.body.errors.map((e: any) => e.pointer)).toEqual(expect.arrayContaining(['/submittedAt', '/materials']));
    const unknown = await call('POST', '/api/v1/cases/NOPE0000001/supplements', supplement('S1'));
    expect(unknown.status).toBe(404);

    const accepted = await call('POST', `/api/v1/cases/${caseId}/supplements`, supplement('S1', { note: '已补充' }));
    expect(accepted).toMatchObject({ status: 202, body: { caseId, supplementId: 'S1', status: 'dispatched', recipients: ['alpha', 'beta'], duplicate: false } });
    expect((await call('POST', `/api/v1/cases/${caseId}/supplements`, supplement('S1', { note: '已补充' }))).body).toMatchObject({ duplicate: true });
    expect((await call('POST', `/api/v1/cases/${caseId}/supplements`, supplement('S1', { note: '改了' }))).status).toBe(409);

    const [toAlpha] = await eventually(async () => (to(alpha, '/supplements/').length > 0 ? to(alpha, '/supplements/') : undefined));
    const [toBeta] = await eventually(async () => (to(beta, `/cases/${caseId}/supplements`).length > 0 ? to(beta, `/cases/${caseId}/supplements`) : undefined));
    expect(toAlpha.headers['idempotency-key']).toBe(`${caseId}:alpha:supplement:S1`);
    expect(toBeta.body).toMatchObject({ caseId, supplementId: 'S1', note: '已补充', answers: [{ system: 'beta', reason: '请补充可研报告' }] });
    const uri: string = toBeta.body.materials[0].uri;
    expect(uri).toBe(`${harness.hub.url}/api/v1/cases/${caseId}/materials/m-S1`);
    const fetched = await request(uri, { headers: { authorization: 'Bearer beta-results' } });
    expect([fetched.statusCode, await fetched.body.text()]).toEqual([200, '补充的可研报告']);

    v = await view(caseId);
    expect(v.deadline).not.toBe('paused');
    expect(v.supplements).toEqual([expect.objectContaining({ supplementId: 'S1', materials: 1 })]);
  });

  it('fetches another department\'s data before delivering, sends only what the mappings allow, and logs it', async () => {
    const caseId = 'NB2026112800003';
    let answerNow = false;
    beta.script = (req) => {
      if (req.path !== '/certificates') return undefined;
      if (!answerNow) return { status: 503, body: { error: 'busy' } };
      return { status: 200, body: { data: { zmbh: 'SB-330203-0001', jfys: 36, dwmc: '宁波某某有限公司', sfzh: req.body.sfzh } } };
    };
    expect((await call('POST', '/api/v1/cases', sampleCase({ caseId, itemCode: 'XK00005001' }))).status).toBe(202);
    // The source answers 503 at first: the lookup is retried, and the case waits for it.
    await eventually(async () => (to(beta, '/certificates').length >= 2 ? true : undefined));
    expect(alpha.requests).toEqual([]);
    const waiting = await view(caseId);
    expect(waiting.deliveries.find((d: any) => d.kind === 'case').status).toBe('waiting');
    expect(waiting.pending).toEqual(expect.arrayContaining([expect.objectContaining({ who: 'beta', role: 'source', waitingFor: 'lookup' })]));

    answerNow = true;
    const [delivered] = await eventually(async () => (to(alpha, '/apply/').length > 0 ? to(alpha, '/apply/') : undefined));
    // The lookup's request: only what its mapping names left the hub.
    expect(to(beta, '/certificates').at(-1)!.body).toEqual({ sfzh: '11010519491231002X', xm: '王小明' });
    expect(to(beta, '/certificates').at(-1)!.headers['idempotency-key']).toBe(`${caseId}:beta:lookup:certificate`);
    // The department gets the certificate fields its mapping takes, and never the employer.
    expect(delivered.body.sbzm).toEqual({ bh: 'SB-330203-0001', jfys: 36 });
    expect(JSON.stringify(delivered.body)).not.toContain('宁波某某有限公司');
    expect(JSON.stringify(delivered.body.cl)).toContain('certificate.json');

    const stored = (await harness.hub.store.getCase(caseId))!;
    expect(stored.shared).toEqual([expect.objectContaining({ name: 'certificate', systemId: 'beta', answer: { certificateNo: 'SB-330203-0001', monthsPaid: 36 } })]);
    const log = await harness.hub.store.listSharingLog({ caseId });
    expect(log).toEqual([expect.objectContaining({
      itemCode: 'XK00005001', lookup: 'certificate', requestedBy: 'amr', sourceSystem: 'beta', subject: '110105********002X',
      requestFields: ['sfzh', 'xm'], answerFields: ['certificateNo', 'monthsPaid'], legalBasis: '测试用数据共享协议', outcome: 'answered',
    })]);
    // The system that answered the lookup is not one of the case's departments.
    const denied = await request(`${harness.hub.url}/api/v1/cases/${caseId}/materials/shared-certificate`, { headers: { authorization: 'Bearer beta-results' } });
    expect(denied.statusCode).toBe(403);
    await denied.body.dump();
  });
});
