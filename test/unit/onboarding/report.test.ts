import { join } from 'node:path';
import { loadCatalog } from '../../../src/catalog/load';
import { MappingSet } from '../../../src/catalog/mapping-set';
import type { PairRecord, RegisterSnapshot } from '../../../src/onboarding/contract';
import { formStatuses, requiredPaths, writtenPaths } from '../../../src/onboarding/coverage';
import { buildReport } from '../../../src/onboarding/report';
import type { RegisterItem } from '../../../src/onboarding/types';
import { packageRoot } from '../../../src/util/package-root';

const catalog = loadCatalog(join(packageRoot(), 'examples/demo-city/catalog'));
const forms = formStatuses(catalog, new MappingSet(catalog));

const item = (code: string, department: string, lead: string, coHandlers: string[] = []): RegisterItem => ({ code, name: `事项${code}`, department, power: code.slice(0, 2) as RegisterItem['power'], lead, coHandlers });
const pair = (itemCode: string, systemId: string, stage: PairRecord['stage'], role: PairRecord['role'] = 'lead'): PairRecord => ({ itemCode, systemId, role, stage, updatedAt: '2026-11-28T00:00:00.000Z' });

/** A register: the demo city's catalog plus three items beyond it, with volumes. */
function snapshot(volumes: Array<[string, number]>, pairs: PairRecord[] = []): RegisterSnapshot {
  return {
    departments: [{ id: 'edu', name: '市教育局' }],
    systems: [{ id: 'edu-admission', name: '招生系统', department: 'edu' }],
    items: [item('GG09001001', 'edu', 'edu-admission'), item('GG09001002', 'edu', 'edu-admission'), item('GG09001003', 'edu', 'edu-admission', ['nrp-land'])],
    volumes: new Map(volumes),
    pairs,
  };
}

describe('the onboarding report', () => {
  it('phase 1 is the catalog\'s 118 items with their 59 e-forms; phase 3 every item of the register', () => {
    const report = buildReport(snapshot([]), catalog, forms, { now: new Date('2026-11-28T00:00:00Z') });
    expect(report.phases.map((p) => [p.phase, p.items.total])).toEqual([[1, 118], [2, 0], [3, 121]]);
    const one = report.phases[0];
    expect(one.forms.total).toBe(59);
    expect(one.departments.total).toBe(11);
    expect(one.systems.needed).toBe(14);
    expect(one.items.live).toBe(0);
    expect(one.blockersTotal).toBe(one.stages.planned);
    expect(report.phases[2].byDepartment.find((d) => d.department === 'edu')).toMatchObject({ name: '市教育局', items: 3, pairs: 4 });
  });

  it('phase 2 is the top items by volume, recomputed when volumes change', () => {
    const catalogTop = { ...catalog, phases: [{ id: 2, name: 'top 2', topByVolume: 2 }] };
    const before = buildReport(snapshot([['GG09001001', 500], ['GG09001002', 20], ['GG09001003', 300], ['XK00101001', 10]]), catalogTop, forms);
    const after = buildReport(snapshot([['GG09001001', 500], ['GG09001002', 900], ['GG09001003', 300], ['XK00101001', 10]]), catalogTop, forms);
    const codes = (r: typeof before) => r.phases[0].byDepartment.map((d) => d.department);
    expect(before.phases[0].items.total).toBe(2);
    expect(before.phases[0].basis).toMatch(/top 2 items by case volume.*the last has 300 cases/);
    expect(after.phases[0].basis).toMatch(/the last has 500 cases/);
    expect(codes(before)).toEqual(['edu']);
    expect(before.phases[0].blockers.map((b) => b.item).sort()).toEqual(['GG09001001', 'GG09001003', 'GG09001003']);
    expect(after.phases[0].blockers.map((b) => b.item).sort()).toEqual(['GG09001001', 'GG09001002']);
  });

  it('counts an item live only when every one of its pairs is live, and a system connected from its first connected pair', () => {
    const pairs = [pair('GG09001003', 'edu-admission', 'live'), pair('GG09001003', 'nrp-land', 'connected', 'co-handler'), pair('GG09001001', 'edu-admission', 'live')];
    const three = buildReport(snapshot([], pairs), { ...catalog, phases: [{ id: 3, name: 'all', all: true }] }, forms, { department: 'edu' }).phases[0];
    expect(three.items).toEqual({ total: 3, live: 1 });
    expect(three.systems).toEqual({ needed: 2, connected: 2 });
    expect(three.stages).toMatchObject({ live: 2, connected: 1, planned: 1 });
    expect(three.blockers).toEqual([
      { item: 'GG09001003', system: 'nrp-land', stage: 'connected', next: 'verified', lacks: 'no test case delivered and answered in a sandbox yet' },
      { item: 'GG09001002', system: 'edu-admission', stage: 'planned', next: 'mapped', lacks: 'system edu-admission is not in the hub\'s catalog yet (owh onboard)' },
    ]);
  });
});

describe('e-form digitisation (mapping coverage)', () => {
  it('reads the required fields of a system\'s schema, into objects and lists', () => {
    const schema = { type: 'object', required: ['ywlsh', 'sqr', 'cl'], properties: { ywlsh: { type: 'string' }, sqr: { type: 'object', required: ['xm', 'zjhm'], properties: { xm: {}, zjhm: {} } }, cl: { type: 'array', items: { type: 'object', required: ['url'] } } } };
    expect(requiredPaths(schema)).toEqual(['ywlsh', 'sqr.xm', 'sqr.zjhm', 'cl[].url']);
    const written = writtenPaths([{ to: 'ywlsh', from: 'caseId' }, { to: 'sqr.xm', from: 'x' }, { to: 'cl', each: 'materials', rules: [{ to: 'url', from: 'uri' }] }]);
    expect([...written].sort()).toEqual(['cl', 'cl[]', 'cl[].url', 'sqr', 'sqr.xm', 'ywlsh']);
  });

  it('finds every e-form of the demo city digitised: schemas exist and every mapping covers what its system requires', () => {
    expect(forms.size).toBe(59);
    const not = [...forms.values()].filter((f) => !f.digitised).map((f) => `${f.form}: ${f.why}`);
    expect(not).toEqual([]);
    const one = forms.get('nrp-land-preexamination')!;
    expect(one.mappings.map((m) => m.system).sort()).toEqual(['drc-projects', 'housing-construction', 'nrp-land']);
    expect(one.mappings.every((m) => m.share === 1 && m.required.length > 0)).toBe(true);
  });
});
