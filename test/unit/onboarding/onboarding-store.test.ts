import { join } from 'node:path';
import type { ParsedImport, RegisterItem } from '../../../src/onboarding/types';
import { SqliteOnboardingStore } from '../../../src/store/sqlite/onboarding-store';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store';
import { tempDir } from '../../helpers/temp-dir';

const item = (code: string, extra: Partial<RegisterItem> = {}): RegisterItem => ({ code, name: `事项${code}`, department: 'nrp', power: code.slice(0, 2) as RegisterItem['power'], lead: 'nrp-land', coHandlers: [], ...extra });

const parsed = (parts: Partial<ParsedImport>): ParsedImport => ({ file: 'register.csv', departments: [], systems: [], items: [], volumes: [], refused: [], ...parts });
const rows = <T>(values: T[], first = 2) => values.map((value, i) => ({ line: first + i, value }));

describe('the onboarding register (SQLite)', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteStore;
  let register: SqliteOnboardingStore;
  let now: number;

  beforeEach(async () => {
    dir = tempDir();
    now = Date.UTC(2026, 10, 28, 2);
    store = new SqliteStore({ path: join(dir.path, 'owh.db'), now: () => now });
    register = new SqliteOnboardingStore(store.db, () => now);
    const base = await register.applyImport(
      parsed({
        departments: rows([{ id: 'nrp', name: '市自然资源和规划局' }, { id: 'drc', name: '市发展和改革委员会' }]),
        systems: rows([{ id: 'nrp-land', name: '国土资源审批系统', department: 'nrp', adapter: 'rest' }, { id: 'drc-projects', name: '投资项目审批系统', department: 'drc' }]),
        items: rows([item('XK00301001', { coHandlers: ['drc-projects'] }), item('XK00302001')]),
      }),
      { dryRun: false, by: 'test' },
    );
    expect(base).toMatchObject({ applied: true, refused: [], counts: { departments: { added: 2 }, systems: { added: 2 }, items: { added: 2 } } });
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it('imports departments, systems and items with their pairs planned, and says what was added, changed and unchanged', async () => {
    const snapshot = await register.snapshot();
    expect(snapshot.items.map((i) => i.code)).toEqual(['XK00301001', 'XK00302001']);
    expect(snapshot.pairs.map((p) => [p.itemCode, p.systemId, p.role, p.stage])).toEqual([
      ['XK00301001', 'drc-projects', 'co-handler', 'planned'],
      ['XK00301001', 'nrp-land', 'lead', 'planned'],
      ['XK00302001', 'nrp-land', 'lead', 'planned'],
    ]);
    const again = await register.applyImport(parsed({ items: rows([item('XK00301001', { coHandlers: ['drc-projects'] }), item('XK00302001', { name: '建设用地规划许可证核发（新）' }), item('XK00303001')]) }), { dryRun: false, by: 'test' });
    expect(again.counts.items).toEqual({ added: 1, changed: 1, unchanged: 1 });
    expect(again.added).toEqual({ items: ['XK00303001'] });
    expect(again.changed).toEqual({ items: ['XK00302001'] });
  });

  it('imports nothing when any row is refused, and reports every refused row with its line', async () => {
    const bad = await register.applyImport(
      parsed({
        items: rows([item('XK00401001'), item('XK00401002', { department: 'nobody' }), item('XK00401003', { lead: 'ghost', coHandlers: ['nrp-land', 'ghost2'] })], 10),
        volumes: rows([{ itemCode: 'XK09999999', volume: 3 }], 40),
        refused: [{ file: 'register.csv', line: 7, kind: 'items', key: 'XX', reason: 'not an item code' }],
      }),
      { dryRun: false, by: 'test' },
    );
    expect(bad.applied).toBe(false);
    expect(bad.refused.map((r) => [r.line, r.key, r.pointer])).toEqual([
      [7, 'XX', undefined],
      [11, 'XK00401002', '/department'],
      [12, 'XK00401003', '/lead'],
      [12, 'XK00401003', '/coHandlers/1'],
      [40, 'XK09999999', '/itemCode'],
    ]);
    expect(bad.refused[1].reason).toMatch(/department 'nobody' is not in the register/);
    expect((await register.snapshot()).items).toHaveLength(2);
  });

  it('changes nothing on a dry run, but reports what it would do', async () => {
    const dry = await register.applyImport(parsed({ items: rows([item('XK00303001')]) }), { dryRun: true, by: 'test' });
    expect(dry).toMatchObject({ dryRun: true, applied: false, counts: { items: { added: 1 } } });
    expect((await register.snapshot()).items).toHaveLength(2);
  });

  it('retires the pair of a system an item no longer names, and records it', async () => {
    await register.applyImport(parsed({ items: rows([item('XK00301001')]) }), { dryRun: false, by: 'importer' });
    expect(await register.getPair('XK00301001', 'drc-projects')).toMatchObject({ stage: 'retired' });
    expect(await register.stageHistory('XK00301001', 'drc-projects')).toEqual([expect.objectContaining({ from: 'planned', to: 'retired', by: 'importer', forced: false })]);
  });

  it('records stage changes with who, when, evidence and whether forced', async () => {
    const event = await register.recordStage({ itemCode: 'XK00302001', systemId: 'nrp-land', to: 'mapped', by: 'wang', forced: false, evidence: { fixtures: 3 } });
    expect(event).toMatchObject({ from: 'planned', to: 'mapped', by: 'wang', forced: false, evidence: { fixtures: 3 }, at: '2026-11-28T02:00:00.000Z' });
    await register.recordStage({ itemCode: 'XK00302001', systemId: 'nrp-land', to: 'live', by: 'li', forced: true, evidence: { reason: 'went live in 2019' } });
    expect((await register.stageHistory('XK00302001', 'nrp-land')).map((e) => [e.from, e.to, e.forced])).toEqual([['planned', 'mapped', false], ['mapped', 'live', true]]);
  });

  it('takes volumes from a file or counts them from the cases the hub has accepted', async () => {
    const v = await register.applyImport(parsed({ volumes: rows([{ itemCode: 'XK00301001', volume: 1200, period: '2025' }]) }), { dryRun: false, by: 'test' });
    expect(v.counts.volumes).toEqual({ added: 1, changed: 0, unchanged: 0 });
    expect((await register.snapshot()).volumes.get('XK00301001')).toBe(1200);
    const envelope = (caseId: string) => ({ caseId, itemCode: 'XK00302001', applicant: { type: 'person' as const, name: 'x', idType: 'resident-id' as const, idNumber: '11010519491231002X' }, channel: 'web' as const, acceptedAt: { servicePoint: 'a', district: '330203' }, jurisdiction: '330203', submittedAt: '2026-11-28T09:00:00+08:00', form: {} });
    for (const id of ['C1', 'C2', 'C3']) await store.acceptCase({ caseId: id, itemCode: 'XK00302001', jurisdiction: '330203', clientId: 'p', bodyHash: id, envelope: envelope(id), deliveries: [] });
    expect(await register.volumesFromCases()).toBe(1);
    expect((await register.snapshot()).volumes.get('XK00302001')).toBe(3);
  });
});
