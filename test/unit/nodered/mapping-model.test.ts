import { join } from 'node:path';
import { loadMapping, loadMappingSpec } from '../../../src/mapping/load';
import { packageRoot } from '../../../src/util/package-root';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

// The visual mapper's model runs in the browser; it is plain JS with a CommonJS export for these tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const model = require('../../../nodered/resources/mapping-model.js');

const FOLDER = join(packageRoot(), 'examples/demo-city/catalog/mappings/nrp-land/request/nrp-land-use-planning-permit');
const rawSpec = () => parse(readFileSync(join(FOLDER, 'mapping.yaml'), 'utf8'));
const sample = () => JSON.parse(readFileSync(join(FOLDER, 'fixtures/sample.input.json'), 'utf8'));
/** What the hub's own engine makes of an edited spec: the model's edits must stay specs the hub runs. */
const run = (spec: unknown) => loadMappingSpec(FOLDER, structuredClone(spec)).map(sample());

describe('the visual mapper\'s model of a mapping spec', () => {
  it('sees every rule as lines from source fields to target fields, nested objects and lists included', () => {
    const lines = model.flatten(rawSpec());
    const byTarget = (t: string) => lines.filter((e: any) => e.target === t);
    expect(byTarget('sqr.xm')[0]).toMatchObject({ kind: 'from', sources: ['applicant.name'], pointer: '/rules/4/rules/0' });
    expect(byTarget('bdsj.lxrxx')[0]).toMatchObject({ kind: 'concat', sources: ['form.contactName', 'form.contactPhone'] });
    expect(byTarget('cl')[0]).toMatchObject({ kind: 'each', sources: ['materials'] });
    expect(byTarget('cl[].wjm')[0]).toMatchObject({ kind: 'from', sources: ['materials[].fileName'] });
    expect(byTarget('sxmc').map((e: any) => e.kind)).toEqual(['value', 'value']);
    expect(model.mappedTargets(rawSpec()).has('sldd.xzqh')).toBe(true);
  });

  it('relinks a target to another source, keeping its transforms, and the hub maps the new source there', () => {
    const { spec, pointer } = model.link(rawSpec(), 'applicant.legalRepresentative.name', 'bdsj.lxr');
    expect(model.getAt(spec, pointer)).toEqual({ to: 'lxr', from: 'applicant.legalRepresentative.name', transform: [{ trim: true }] });
    expect((run(spec) as any).bdsj.lxr).toBe(sample().applicant.legalRepresentative.name);
    // The original is untouched: every edit is a new spec (the editor's undo keeps the old ones).
    expect(model.getAt(rawSpec(), pointer).from).toBe('form.contactName');
  });

  it('puts a rule for a target no rule writes inside the object that builds its parent', () => {
    const base = rawSpec();
    base.rules[4].rules = base.rules[4].rules.filter((r: any) => r.to !== 'lxdh');
    const { spec, pointer } = model.link(base, 'applicant.phone', 'sqr.lxdh');
    expect(pointer).toMatch(/^\/rules\/4\/rules\/\d+$/);
    expect(model.getAt(spec, pointer)).toEqual({ to: 'lxdh', from: 'applicant.phone' });
    expect((run(spec) as any).sqr.lxdh).toBe(sample().applicant.phone);
  });

  it('writes list members relative to the list element, and builds a list from a list when none does yet', () => {
    const inList = model.link(rawSpec(), 'materials[].kind', 'cl[].clmc');
    expect(model.getAt(inList.spec, inList.pointer)).toMatchObject({ to: 'clmc', from: 'kind', default: '申请材料' });
    expect((run(inList.spec) as any).cl.map((m: any) => m.clmc)).toEqual(sample().materials.map((m: any) => m.kind));

    const withoutList = rawSpec();
    withoutList.rules = withoutList.rules.filter((r: any) => r.to !== 'cl');
    const built = model.link(withoutList, 'materials[].fileName', 'cl[].wjm');
    expect(model.getAt(built.spec, '/rules/' + (built.spec.rules.length - 1))).toEqual({ to: 'cl', each: 'materials', rules: [{ to: 'wjm', from: 'fileName' }] });
    expect((run(built.spec) as any).cl.map((m: any) => m.wjm)).toEqual(sample().materials.map((m: any) => m.fileName));
  });

  it('refuses a line the spec cannot express, saying what to map instead', () => {
    expect(() => model.link(rawSpec(), 'applicant.name', 'cl[].clmc')).toThrow(/inside a list built from each element of materials/);
    const withoutList = rawSpec();
    withoutList.rules = withoutList.rules.filter((r: any) => r.to !== 'cl');
    expect(() => model.link(withoutList, 'applicant.name', 'cl[].wjm')).toThrow(/its source must be a field of a list too/);
  });

  it('sets a constant, joins sources, changes settings and removes rules, pruning objects left empty', () => {
    let { spec, pointer } = model.setConstant(rawSpec(), 'sqr.lxdh', '0574-87000000');
    expect(model.getAt(spec, pointer)).toEqual({ to: 'lxdh', value: '0574-87000000' });
    ({ spec, pointer } = model.setConcat(spec, pointer, ['applicant.name', 'applicant.phone'], '/'));
    expect((run(spec) as any).sqr.lxdh).toBe(`${sample().applicant.name}/${sample().applicant.phone}`);
    ({ spec } = model.updateRule(spec, pointer, { transform: [{ upper: true }], required: true, note: '' }));
    expect(model.getAt(spec, pointer)).toEqual({ to: 'lxdh', concat: ['applicant.name', 'applicant.phone'], separator: '/', transform: [{ upper: true }], required: true });
    ({ spec } = model.updateRule(spec, pointer, { transform: [] }));
    expect(model.getAt(spec, pointer).transform).toBeUndefined();

    let removed = spec;
    for (const entry of model.flatten(spec).filter((e: any) => e.target.startsWith('sldd.')).reverse()) removed = model.removeRule(removed, entry.pointer).spec;
    expect(removed.rules.find((r: any) => r.to === 'sldd')).toBeUndefined();
    expect(() => run(removed)).not.toThrow();
  });

  it('names a catalog code table for the spec once, and reuses the name a file already has', () => {
    const fresh = model.useCodeTable(rawSpec(), { file: '../../../../code-tables/gov-result-kind.yaml' });
    expect(fresh.name).toBe('govResultKind');
    expect(fresh.spec.codeTables.govResultKind).toEqual({ $file: '../../../../code-tables/gov-result-kind.yaml' });
    expect(model.useCodeTable(rawSpec(), { file: '../../../../code-tables/id-type.yaml' }).name).toBe('idType');
    const withMap = model.updateRule(fresh.spec, '/rules/9', { map: 'govResultKind' });
    expect(() => loadMappingSpec(FOLDER, structuredClone(withMap.spec))).not.toThrow();
  });

  it('finds the rule a problem points into, and reads a sample\'s value at a field path', () => {
    expect(model.ruleOfPointer(rawSpec(), '/rules/4/rules/1/map').target).toBe('sqr.zjlx');
    expect(model.valueAt(sample(), 'materials[].fileName')).toBe(sample().materials[0].fileName);
    expect(model.valueAt(sample(), 'applicant.legalRepresentative.name')).toBe(sample().applicant.legalRepresentative.name);
  });

  it('keeps the demo\'s spec exactly what the hub loads when nothing is edited', () => {
    expect(run(rawSpec())).toEqual(loadMapping(FOLDER).map(sample()));
  });
});
