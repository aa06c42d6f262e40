import { createHash } from 'node:crypto';
import { request } from 'undici';
import { DepartmentServer } from '../helpers/department-server';
import { eventually, startTestHub } from '../helpers/hub-harness';
import { sampleCase } from '../helpers/sample-case';

const KEY = { 'x-api-key': 'platform-key' };

describe('case intake over HTTP', () => {
  let department: DepartmentServer;
  let harness: Awaited<ReturnType<typeof startTestHub>>;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = KEY) => {
    const res = await request(harness.hub.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };

  beforeEach(async () => {
    department = new DepartmentServer();
    const url = await department.start();
    harness = await startTestHub({ connectors: { alpha: { baseUrl: url }, beta: { baseUrl: url } }, intake: { bodyLimit: 8192 } });
  });
  afterEach(async () => {
    await harness.cleanup();
    await department.stop();
  });

  it('refuses a submission without a valid API key, storing nothing', async () => {
    expect((await call('POST', '/api/v1/cases', sampleCase(), {})).status).toBe(401);
    const wrong = await call('POST', '/api/v1/cases', sampleCase(), { 'x-api-key': 'guess' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('OWH_AUTH_REQUIRED');
    expect(await harness.hub.store.getCase('NB2026112800001')).toBeUndefined();
    expect((await call('POST', '/api/v1/cases', sampleCase(), { authorization: 'Bearer platform-key' })).status).toBe(202);
  });

  it('answers malformed JSON with 400 and a code', async () => {
    const res = await call('POST', '/api/v1/cases', '{"caseId": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'OWH_JSON_MALFORMED', fix: expect.any(String) });
  });

  it('lists every envelope and e-form error as {pointer, keyword, message}', async () => {
    const bad = sampleCase({
      channel: 'fax' as never,
      applicant: { type: 'person', name: '王小明', idType: 'resident-id', idNumber: '110105194912310021', phone: '2381234567' },
      form: { companyName: '宁', birthDate: '85/6/12', gender: 'M', extra: 1 },
    });
    const res = await call('POST', '/api/v1/cases', bad);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('OWH_CASE_INVALID');
    const pointers = res.body.errors.map((e: { pointer: string; keyword: string }) => `${e.pointer} ${e.keyword}`);
    expect(pointers).toEqual(
      expect.arrayContaining([
        '/channel enum',
        '/applicant/idNumber format',
        '/applicant/phone format',
        '/form/companyName minLength',
        '/form/birthDate pattern',
        '/form/extra additionalProperties',
      ]),
    );
    expect(JSON.stringify(res.body)).not.toContain('110105194912310021'); // errors never echo personal data
    expect(await harness.hub.store.getCase(bad.caseId)).toBeUndefined();
  });

  it('answers an unknown item or district with 422, and a body over the limit with 413', async () => {
    expect((await call('POST', '/api/v1/cases', sampleCase({ itemCode: 'XK99999001' }))).body.code).toBe('OWH_ITEM_UNKNOWN');
    const district = await call('POST', '/api/v1/cases', sampleCase({ jurisdiction: '110105' }));
    expect([district.status, district.body.code]).toEqual([422, 'OWH_JURISDICTION_UNKNOWN']);
    const big = await call('POST', '/api/v1/cases', sampleCase({ form: { companyName: 'x'.repeat(9000), birthDate: '1985-06-12', gender: 'M' } }));
    expect([big.status, big.body.code]).toEqual([413, 'OWH_BODY_TOO_LARGE']);
    expect(await harness.hub.store.outboxStats()).toEqual({ pending: 0, inFlight: 0, delivered: 0, dead: 0, waiting: 0, held: 0, skipped: 0 });
  });

  it('accepts a case with 202, delivers the mapped e-form with the idempotency key, and shows it', async () => {
    const res = await call('POST', '/api/v1/cases', sampleCase());
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ caseId: 'NB2026112800001', status: 'received', statusUrl: `${harness.hub.url}/api/v1/cases/NB2026112800001`, duplicate: false });
    expect(res.headers.location).toBe(res.body.statusUrl);
    const view = await eventually(async () => {
      const v = (await call('GET', '/api/v1/cases/NB2026112800001')).body;
      return v.status === 'dispatched' ? v : undefined;
    });
    expect(view.deliveries).toEqual([expect.objectContaining({ system: 'alpha', role: 'lead', status: 'delivered', attempts: 1, receipt: 'SJ000001' })]);
    // 5 working days (no calendar.yaml here: weekends only) from Saturday 28 November: Mon 30 … Fri 4 December.
    expect(view.dueAt).toBe('2026-12-04T15:59:59.000Z');
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual(['case.received', 'delivery.delivered', 'case.status']);
    expect(JSON.stringify(view)).not.toContain('11010519491231002X');
    const sent = department.requests[0];
    expect(sent.path).toBe('/apply/NB2026112800001');
    expect(sent.headers['idempotency-key']).toBe('NB2026112800001:alpha');
    expect(sent.headers.authorization).toBe('Bearer alpha-token');
    expect(sent.body).toEqual({
      ywlsh: 'NB2026112800001',
      sxbm: 'XK00001001',
      sqr: { xm: '王小明', zjhm: '11010519491231002X' },
      gsd: '330203',
      bdsj: { qymc: '宁波海曙甬江贸易有限公司', csrq: '19850612', xb: '1', zczb: '100.00' },
    });
  });

  it('is idempotent on caseId: the same body gets the same answer, a different body 409', async () => {
    const first = await call('POST', '/api/v1/cases', sampleCase());
    // Same content, keys in another order: still the same case.
    const reordered = Object.fromEntries(Object.entries(sampleCase()).reverse());
    const again = await call('POST', '/api/v1/cases', reordered);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ caseId: first.body.caseId, statusUrl: first.body.statusUrl, duplicate: true });
    const conflict = await call('POST', '/api/v1/cases', sampleCase({ form: { companyName: '另一家公司', birthDate: '1985-06-12', gender: 'F' } }));
    expect([conflict.status, conflict.body.code]).toEqual([409, 'OWH_CASE_CONFLICT']);
    await eventually(() => department.requests.length === 1 || undefined);
    await new Promise((r) => setTimeout(r, 150));
    expect(department.requests).toHaveLength(1);
  });

  it('keeps inline materials by sha256, checks them, and serves them to the case\'s departments only', async () => {
    const bytes = Buffer.from('%PDF-1.4 营业执照扫描件');
    const material = { id: 'm1', kind: 'business-licence', fileName: '营业执照.pdf', mediaType: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), content: bytes.toString('base64') };
    const wrong = await call('POST', '/api/v1/cases', sampleCase({ materials: [{ ...material, sha256: '0'.repeat(64) }] }));
    expect([wrong.status, wrong.body.code, wrong.body.errors[0].pointer]).toEqual([400, 'OWH_MATERIAL_INVALID', '/materials/0/sha256']);
    expect((await call('POST', '/api/v1/cases', sampleCase({ materials: [material] }))).status).toBe(202);
    await eventually(() => department.requests[0]);
    const url = department.requests[0].body.cl[0].url as string;
    expect(url).toBe(`${harness.hub.url}/api/v1/cases/NB2026112800001/materials/m1`);
    const fetched = await request(url, { headers: { authorization: 'Bearer alpha-results' } });
    expect(fetched.statusCode).toBe(200);
    expect(Buffer.from(await fetched.body.arrayBuffer())).toEqual(bytes);
    const other = await request(url, { headers: { authorization: 'Bearer beta-results' } });
    expect(other.statusCode).toBe(403);
    await other.body.dump();
    const anonymous = await request(url);
    expect(anonymous.statusCode).toBe(401);
    await anonymous.body.dump();
  });

  it('routes by jurisdiction, not by where the case was accepted; an old district code is routed as its successor', async () => {
    const res = await call('POST', '/api/v1/cases', sampleCase({ jurisdiction: '330204' }));
    expect(res.status).toBe(202);
    const record = (await harness.hub.store.getCase('NB2026112800001'))!;
    expect(record.jurisdiction).toBe('330212');
    expect(record.timeline[0].detail).toMatchObject({ acceptedAt: '330281', route: expect.arrayContaining([expect.stringContaining('330204')]) });
  });

  it('keeps deliveries to a system whose adapter is not available in the outbox', async () => {
    expect((await call('POST', '/api/v1/cases', sampleCase({ itemCode: 'GG00004001' }))).status).toBe(202);
    await new Promise((r) => setTimeout(r, 200));
    const record = (await harness.hub.store.getCase('NB2026112800001'))!;
    expect(record.deliveries.map((d) => [d.connectorId, d.status])).toEqual([['legacy', 'pending']]);
    const health = await call('GET', '/health', undefined, {});
    expect(health.body.connectors).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'legacy', state: 'unavailable' })]));
    expect(health.body.outbox).toEqual({ pending: 1, inFlight: 0, delivered: 0, dead: 0, waiting: 0, held: 0, skipped: 0 });
  });

  it('answers unknown routes and methods in the catalogue\'s terms', async () => {
    expect((await call('GET', '/api/v1/nothing')).body.code).toBe('OWH_NOT_FOUND');
    const res = await call('GET', '/api/v1/cases');
    expect([res.status, res.body.code]).toEqual([405, 'OWH_METHOD_NOT_ALLOWED']);
    expect((await call('GET', '/api/v1/cases/NOPE0001')).status).toBe(404);
  });
});
