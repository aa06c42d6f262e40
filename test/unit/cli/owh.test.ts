import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store';
import { owh, writeTestConfig } from '../../helpers/cli-harness';
import { sampleCase } from '../../helpers/sample-case';
import { tempDir } from '../../helpers/temp-dir';

describe('owh', () => {
  let dir: ReturnType<typeof tempDir>;
  let config: string;
  beforeEach(() => {
    dir = tempDir('owh-cli-');
    config = writeTestConfig(dir.path);
  });
  afterEach(() => dir.cleanup());

  it('lists the catalog as a table or as JSON', async () => {
    const table = await owh('--config', config, 'catalog', 'list', 'systems');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^id\s+name\s+department\s+adapter/m);
    expect(table.out).toMatch(/marriage\s+婚姻登记系统\s+civil\s+rest\s+330203,330281/);
    const json = await owh('--config', config, 'catalog', 'list', 'items', '--json');
    expect(JSON.parse(json.out)).toContainEqual(expect.objectContaining({ code: 'XK00002001', lead: 'alpha', coHandlers: ['beta'] }));
    const bad = await owh('--config', config, 'catalog', 'list', 'planets');
    expect(bad.code).toBe(64);
    expect(bad.err).toMatch(/OWH_USAGE: unknown kind 'planets'/);
  });

  it('validates a case file, naming file, line and pointer of each error', async () => {
    const good = join(dir.path, 'good.json');
    writeFileSync(good, JSON.stringify(sampleCase(), null, 2));
    const ok = await owh('--config', config, 'validate', good);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/valid: NB2026112800001 \(XK00001001 单部门事项\)\n\s+→ lead\s+alpha/);
    const bad = join(dir.path, 'bad.json');
    writeFileSync(bad, JSON.stringify(sampleCase({ form: { companyName: '甬', birthDate: '1985-06-12', gender: 'X' } }), null, 2));
    const res = await owh('--config', config, 'validate', bad);
    expect(res.code).toBe(65);
    expect(res.err).toContain('OWH_CASE_INVALID');
    expect(res.err).toMatch(new RegExp(`at ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+ /form/companyName: `));
    expect(res.err).toMatch(/\/form\/gender: must be one of "M", "F"/);
    expect(res.err).toMatch(/fix: /);
  });

  it('explains where cases of an item go, for every district or for one', async () => {
    const all = await owh('--config', config, 'routes', 'show', 'QR00003001');
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/lead\s+marriage 婚姻登记系统\s+rest\s+marriage@330203, marriage@330281/);
    expect(all.out).toMatch(/no instance serves 330212: cases from there are refused \(OWH_NO_ROUTE\)/);
    const one = JSON.parse((await owh('--config', config, 'routes', 'show', 'QR00003001', '--jurisdiction', '330281', '--json')).out);
    expect(one.targets).toEqual([expect.objectContaining({ role: 'lead', system: 'marriage', connectors: [{ connector: 'marriage@330281' }] })]);
    expect(one.why).toEqual(['lead marriage: the instance of 330281 余姚市 (by jurisdiction)']);
    const refused = await owh('--config', config, 'routes', 'show', 'QR00003001', '--jurisdiction', '330212');
    expect(refused.code).toBe(65);
    expect(refused.err).toMatch(/OWH_NO_ROUTE/);
  });

  it('shows what would be sent to a system', async () => {
    const file = join(dir.path, 'case.json');
    writeFileSync(file, JSON.stringify(sampleCase({ itemCode: 'XK00002001' })));
    const res = await owh('--config', config, 'map', file, '--system', 'alpha', '--json');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toMatchObject({ ywlsh: 'NB2026112800001', bdsj: { csrq: '19850612', xb: '1' } });
    const wrong = await owh('--config', config, 'map', file, '--system', 'marriage');
    expect(wrong.code).toBe(64);
    expect(wrong.err).toMatch(/not delivered to marriage[\s\S]*alpha, beta/);
  });

  it('runs mapping fixtures and fails on a difference', async () => {
    const folder = join(dir.path, 'm');
    require('node:fs').mkdirSync(join(folder, 'fixtures'), { recursive: true });
    writeFileSync(join(folder, 'mapping.yaml'), 'kind: request\nrules:\n  - { to: a, from: x, transform: [{ upper: true }] }\n');
    writeFileSync(join(folder, 'fixtures/one.input.json'), '{"x": "abc"}');
    writeFileSync(join(folder, 'fixtures/one.expected.json'), '{"a": "ABC"}');
    const pass = await owh('--config', config, 'mapping', 'test', folder);
    expect(pass.code).toBe(0);
    expect(pass.out).toMatch(/1 mappings, 1 fixtures: 1 passed, 0 failed/);
    writeFileSync(join(folder, 'fixtures/one.expected.json'), '{"a": "abc"}');
    const fail = await owh('--config', config, 'mapping', 'test', folder);
    expect(fail.code).toBe(1);
    expect(fail.out).toMatch(/FAIL .* one\n\s+\/a: expected "abc", got "ABC"/);
  });

  it('shows a case and works the dead-letter queue against the hub\'s store', async () => {
    const store = new SqliteStore({ path: join(dir.path, 'owh.db') });
    await store.acceptCase({ caseId: 'C1', itemCode: 'XK00001001', jurisdiction: '330203', clientId: 'platform', bodyHash: 'h', envelope: sampleCase({ caseId: 'C1' }), deliveries: [{ systemId: 'alpha', connectorId: 'alpha', role: 'lead' }] });
    const [d] = await store.claimDue('alpha', 1, 60_000);
    await store.markDead(d.id, { code: 'OWH_SEND_REJECTED', message: 'POST http://x returned 400: 13812345678', retryable: false });
    await store.close();

    const shown = await owh('--config', config, 'cases', 'show', 'C1');
    expect(shown.out).toMatch(/C1\s+XK00001001\s+jurisdiction 330203\s+status failed/);
    expect(shown.out).toContain('138****5678');
    expect(shown.out).not.toContain('13812345678');
    const listed = await owh('--config', config, 'dlq', 'list', '--json');
    expect(JSON.parse(listed.out)).toEqual([expect.objectContaining({ id: d.id, caseId: 'C1', status: 'dead' })]);
    expect((await owh('--config', config, 'dlq', 'retry')).code).toBe(64);
    expect((await owh('--config', config, 'dlq', 'retry', 'abc')).code).toBe(64);
    const retried = await owh('--config', config, 'dlq', 'retry', String(d.id));
    expect([retried.code, retried.out]).toEqual([0, '1 delivery back in the outbox']);
    const again = await owh('--config', config, 'dlq', 'retry', String(d.id));
    expect(again.code).toBe(65);
    expect(again.err).toMatch(/OWH_DELIVERY_NOT_DEAD/);
    expect((await owh('--config', config, 'cases', 'show', 'NOPE', '--json')).code).toBe(66);
  });

  it('shows the data-sharing log, and who a parallel approval is waiting for', async () => {
    const store = new SqliteStore({ path: join(dir.path, 'owh.db') });
    await store.acceptCase({
      caseId: 'L1', itemCode: 'XK00005001', jurisdiction: '330203', clientId: 'platform', bodyHash: 'h', envelope: sampleCase({ caseId: 'L1', itemCode: 'XK00005001' }),
      deliveries: [{ systemId: 'alpha', connectorId: 'alpha', role: 'lead' }, { systemId: 'beta', connectorId: 'beta', role: 'co-handler' }],
      rules: { parallel: { decision: 'after-all-opinions', refusal: 'any-refusal-refuses' }, department: 'amr' },
      lookups: [{ name: 'certificate', systemId: 'beta', connectorId: 'beta', operation: 'certificate', request: 'r', answer: 'a', required: true, waitSeconds: 300, legalBasis: '测试用数据共享协议', subject: '110105********002X' }],
    });
    const [lookup] = await store.claimDue('beta', 1, 60_000);
    await store.markDelivered(lookup.id, { answer: { data: { certificateNo: 'SB1', monthsPaid: 3 }, requestFields: ['sfzh', 'xm'] } });
    await store.close();

    const log = await owh('--config', config, 'sharing', 'log', '--case', 'L1', '--json');
    expect(log.code).toBe(0);
    expect(JSON.parse(log.out)).toEqual([expect.objectContaining({ caseId: 'L1', lookup: 'certificate', sourceSystem: 'beta', requestedBy: 'amr', requestFields: ['sfzh', 'xm'], answerFields: ['certificateNo', 'monthsPaid'], outcome: 'answered' })]);
    const table = await owh('--config', config, 'sharing', 'log');
    expect(table.out).toMatch(/L1\s+XK00005001\s+amr\s+certificate\s+beta\s+110105\*+002X\s+sfzh,xm\s+certificateNo,monthsPaid\s+answered\s+测试用数据共享协议/);
    expect(table.out).toMatch(/1 lookup$/m);
    const shown = await owh('--config', config, 'cases', 'show', 'L1');
    expect(shown.out).toMatch(/waiting for:\n\s+alpha\s+delivery\s+the case is queued\n\s+beta\s+delivery\s+the case is queued/);
    expect(shown.out).toMatch(/lookup certificate\s+beta\s+source\s+delivered/);
  });

  it('lists open cases that are overdue or due soon against their statutory deadline', async () => {
    const { WorkingDayCalendar } = await import('../../../src/calendar');
    const calendar = WorkingDayCalendar.weekendsOnly();
    const now = new Date();
    const store = new SqliteStore({ path: join(dir.path, 'owh.db') });
    const add = (caseId: string, dueAt: string) =>
      store.acceptCase({ caseId, itemCode: 'XK00001001', jurisdiction: '330203', clientId: 'platform', bodyHash: caseId, envelope: sampleCase({ caseId }), deliveries: [], dueAt });
    await add('LATE00001', new Date(now.getTime() - 3 * 86_400_000).toISOString());
    await add('SOON00001', calendar.addWorkingDays(now, 1));
    await add('FAR000001', calendar.addWorkingDays(now, 10));
    await store.close();
    const res = await owh('--config', config, 'cases', 'overdue', '--json');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out).map((r: { caseId: string; deadline: string }) => [r.caseId, r.deadline])).toEqual([
      ['LATE00001', 'overdue'],
      ['SOON00001', 'due-soon'],
    ]);
    const table = await owh('--config', config, 'cases', 'overdue', '--within', '20');
    expect(table.out).toMatch(/FAR000001/);
    expect(table.out).toMatch(/1 overdue, 2 due within 20 working days/);
  });

  it('says where the store is missing instead of creating one', async () => {
    const res = await owh('--config', config, 'dlq', 'list');
    expect(res.code).toBe(78);
    expect(res.err).toMatch(/there is no store at/);
  });

  it('reports an invalid configuration with its file and line', async () => {
    writeFileSync(config, 'server:\n  port: -1\n');
    const res = await owh('--config', config, 'catalog', 'list', 'items');
    expect(res.code).toBe(78);
    expect(res.err).toMatch(/owh\.yaml:2 \/server\/port: must be >= 0/);
  });
});
