import { request } from 'undici';
import { startTestHub } from '../helpers/hub-harness';

/** POST/GET /api/v1/sharing-log: a flow's lookups in the hub's sharing log, beside the hub's own. */
describe('the sharing-log API', () => {
  let harness: Awaited<ReturnType<typeof startTestHub>>;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, key = 'platform-key') => {
    const res = await request(`${harness.hub.url}${path}`, { method, headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) }, body: body === undefined ? undefined : JSON.stringify(body), reset: true });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
  };
  const entry = { caseId: 'NB-SHARE-1', itemCode: 'XK00000001', lookup: 'certificate', requestedBy: 'flow', sourceSystem: 'beta', subject: '330203199001011234', requestFields: ['sfzh', 'xm'], answerFields: ['certificateNo'], legalBasis: '《浙江省公共数据条例》第二十二条', purpose: '核验社保缴纳', outcome: 'answered' };

  beforeAll(async () => {
    harness = await startTestHub();
  });
  afterAll(async () => {
    await harness?.cleanup();
  });

  it('records an entry with the subject masked and lists it back, newest first', async () => {
    const created = await call('POST', '/api/v1/sharing-log', entry);
    expect(created).toEqual({ status: 201, body: { id: expect.any(Number) } });
    const listed = await call('GET', '/api/v1/sharing-log?caseId=NB-SHARE-1');
    expect(listed.status).toBe(200);
    expect(listed.body.entries).toEqual([expect.objectContaining({ id: created.body.id, subject: '330203********1234', legalBasis: entry.legalBasis, requestFields: ['sfzh', 'xm'], outcome: 'answered', at: expect.any(String) })]);
  });

  it('refuses an entry without its legal basis, or for a system the catalog does not have, naming the field', async () => {
    const { legalBasis: _omitted, ...withoutBasis } = entry;
    expect(await call('POST', '/api/v1/sharing-log', withoutBasis)).toMatchObject({ status: 400, body: { code: 'OWH_SHARING_INVALID', errors: [expect.objectContaining({ keyword: 'required', pointer: '/legalBasis' })] } });
    expect(await call('POST', '/api/v1/sharing-log', { ...entry, sourceSystem: 'nowhere' })).toMatchObject({ status: 400, body: { code: 'OWH_SHARING_INVALID', errors: [expect.objectContaining({ pointer: '/sourceSystem' })] } });
    expect(await call('POST', '/api/v1/sharing-log', { ...entry, answerValues: { certificateNo: 'SB-1' } })).toMatchObject({ status: 400, body: { code: 'OWH_SHARING_INVALID' } });
  });

  it('takes entries only from a known client', async () => {
    expect((await call('POST', '/api/v1/sharing-log', entry, 'wrong')).body.code).toBe('OWH_AUTH_REQUIRED');
    expect((await call('GET', '/api/v1/sharing-log', undefined, '')).status).toBe(401);
  });
});
