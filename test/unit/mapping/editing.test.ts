import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeMappingFolder, previewMapping, saveMappingSpec } from '../../../src/mapping/editing';
import { runMappingFixtures } from '../../../src/mapping/fixtures';
import { loadMapping } from '../../../src/mapping/load';
import { parse } from 'yaml';
import type { MappingSpec } from '../../../src/mapping/spec';
import { packageRoot } from '../../../src/util/package-root';
import { useDemoCatalogCopy } from '../../helpers/demo-catalog-copy';

const FOLDER = 'mappings/nrp-land/request/nrp-land-use-planning-permit';

/** The mapping editor's back end (the visual mapper), on a copy of the demo city's catalog. */
describe('editing a mapping folder', () => {
  const copy = useDemoCatalogCopy();

  it('shows the spec, the e-form\'s fields, the system\'s fields with the required ones, and a sample case', () => {
    const view = describeMappingFolder(copy.catalog, FOLDER);
    expect(view.problems).toEqual([]);
    expect((view.spec as MappingSpec).kind).toBe('request');
    expect(view.formFields.length).toBeGreaterThan(5);
    expect(view.formFields.every((f) => f.path.startsWith('form.'))).toBe(true);
    expect(view.targetFields.filter((f) => f.required).map((f) => f.path)).toEqual(expect.arrayContaining(['ywlsh']));
    expect(view.unmappedRequired).toEqual([]);
    expect(view.sample).toMatchObject({ itemCode: expect.any(String) });
  });

  it('previews an edited spec on the sample, and says what is wrong with a broken one', () => {
    const spec = loadMapping(join(copy.path, FOLDER)).spec;
    const edited = { ...spec, rules: [...spec.rules, { to: 'bz', value: '窗口备注' }] };
    const preview = previewMapping(copy.catalog, FOLDER, edited);
    expect(preview.problems).toEqual([]);
    expect(preview.output).toMatchObject({ bz: '窗口备注' });
    const broken = previewMapping(copy.catalog, FOLDER, { ...spec, rules: [{ to: 'x', from: 'a', map: 'no-such-table' }] });
    expect(broken.output).toBeUndefined();
    expect(broken.problems.length).toBeGreaterThan(0);
  });

  it('saves a spec that passes the hub\'s checks to the same file owh runs, and refuses one that does not, writing nothing', () => {
    const file = join(copy.path, FOLDER, 'mapping.yaml');
    const before = readFileSync(file, 'utf8');
    const refused = saveMappingSpec(copy.catalog, FOLDER, { kind: 'request', rules: [{ from: 'caseId' }] });
    expect(refused.problems).toEqual([expect.objectContaining({ pointer: '/rules/0/to', keyword: 'required' })]);
    expect(readFileSync(file, 'utf8')).toBe(before);

    const spec = loadMapping(join(copy.path, FOLDER)).spec;
    const renamed = { ...spec, rules: spec.rules.map((r) => (r.to === 'ywlsh' ? { ...r, note: '业务流水号 (edited in the visual mapper)' } : r)) };
    expect(saveMappingSpec(copy.catalog, FOLDER, renamed)).toEqual({ file, problems: [] });
    expect(readFileSync(file, 'utf8')).toContain('edited in the visual mapper');
    expect(loadMapping(join(copy.path, FOLDER)).spec.rules.find((r) => r.to === 'ywlsh')!.note).toBe('业务流水号 (edited in the visual mapper)');
  });

  it('shows a file that fails its schema with its errors instead of dropping it', () => {
    writeFileSync(join(copy.path, FOLDER, 'mapping.yaml'), 'kind: request\nrules:\n  - { from: caseId }\n');
    const view = describeMappingFolder(copy.catalog, FOLDER);
    expect(view.spec).toEqual({ kind: 'request', rules: [{ from: 'caseId' }] });
    expect(view.problems).toEqual([expect.objectContaining({ pointer: '/rules/0/to', keyword: 'required', line: 3 })]);
  });

  it('never reads or writes outside the catalog', () => {
    expect(() => describeMappingFolder(copy.catalog, '../../etc')).toThrow(/outside the catalog/);
    expect(() => saveMappingSpec(copy.catalog, '../elsewhere', { kind: 'request', rules: [] })).toThrow(/outside the catalog/);
  });
});

describe('what the visual mapper is given and what it saves', () => {
  const copy = useDemoCatalogCopy();
  const file = () => join(copy.path, FOLDER, 'mapping.yaml');
  const rawSpec = () => parse(readFileSync(file(), 'utf8')) as MappingSpec;

  it('gives the spec as the file writes it, without the schema\'s defaults, so saving it back adds nothing', () => {
    const view = describeMappingFolder(copy.catalog, FOLDER);
    expect(view.spec).toEqual(rawSpec());
    expect(JSON.stringify(view.spec)).not.toContain('"required":false');
    const before = readFileSync(file(), 'utf8');
    expect(saveMappingSpec(copy.catalog, FOLDER, view.spec).problems).toEqual([]);
    expect(readFileSync(file(), 'utf8')).toBe(before);
  });

  it('gives the case\'s, the e-form\'s and the sample\'s fields as sources, the system\'s as targets, with titles and required marks', () => {
    const view = describeMappingFolder(copy.catalog, FOLDER);
    const source = (path: string) => view.sourceFields.find((f) => f.path === path);
    expect(source('applicant.legalRepresentative.name')).toMatchObject({ origin: 'case' });
    expect(source('form.landArea')).toMatchObject({ origin: 'form', type: 'number' });
    expect(source('materials')).toMatchObject({ container: 'list' });
    expect(source('materials[].fileName')).toBeDefined();
    expect(source('materials[].content')).toBeUndefined(); // inline bytes are never a mapping's source
    const target = (path: string) => view.targetFields.find((f) => f.path === path);
    expect(target('sqr.zjhm')).toMatchObject({ required: true, title: '证件号码', origin: 'system' });
    expect(target('sqr.lxdh')).toMatchObject({ required: false });
    expect(view.form).toEqual({ id: 'nrp-land-use-planning-permit', title: expect.stringContaining('建设用地规划许可证') });
    expect(view.system).toEqual({ id: 'nrp-land', name: '国土资源审批系统' });
    expect(Object.keys(view.samples)).toEqual(['sample']);
    expect(view.fixtures).toEqual([expect.objectContaining({ fixture: 'sample', passed: true })]);
  });

  it('offers exactly the transforms the mapping schema allows, with their parameters, and the catalog\'s code tables', () => {
    const view = describeMappingFolder(copy.catalog, FOLDER);
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'schemas/mapping.schema.json'), 'utf8'));
    expect(view.transforms.map((t) => t.name)).toEqual(Object.keys(schema.$defs.transform.properties));
    expect(view.transforms.find((t) => t.name === 'trim')).toMatchObject({ shape: 'flag' });
    expect(view.transforms.find((t) => t.name === 'prefix')).toMatchObject({ shape: 'text' });
    expect(view.transforms.find((t) => t.name === 'number')!.params!.map((p) => p.name)).toEqual(['scale', 'decimals', 'integer']);
    expect(view.codeTables.find((t) => t.name === 'idType')).toMatchObject({ file: '../../../../code-tables/id-type.yaml', entries: expect.objectContaining({ 'resident-id': '111' }) });
    const unused = view.codeTables.find((t) => t.file === '../../../../code-tables/gov-result-kind.yaml')!;
    expect(unused.name).toBeUndefined(); // the catalog's table the spec does not name yet
    expect(unused.entries).toMatchObject({ bj: 'completion' });
  });

  it('previews an edit with what it leaves unmapped and how the fixtures fare', () => {
    const spec = rawSpec();
    spec.rules = spec.rules.filter((r) => r.to !== 'gsd');
    const preview = previewMapping(copy.catalog, FOLDER, spec, undefined, 'sample');
    expect(preview.unmappedRequired).toEqual(['gsd']);
    expect(preview.fixtures).toEqual([expect.objectContaining({ fixture: 'sample', passed: false, differences: [expect.objectContaining({ pointer: '/gsd' })] })]);
    expect(previewMapping(copy.catalog, FOLDER, spec, undefined, 'no-such').problems).toEqual([expect.objectContaining({ keyword: 'fixture' })]);
  });

  it('saves keeping the file\'s comments and layout, and writes a fixture\'s expected output only when asked', () => {
    const before = readFileSync(file(), 'utf8');
    const spec = rawSpec();
    const bdsj = spec.rules.find((r) => r.to === 'bdsj')!;
    bdsj.rules!.find((r) => r.to === 'lxr')!.from = 'applicant.legalRepresentative.name';
    const expectedFile = join(copy.path, FOLDER, 'fixtures/sample.expected.json');
    const expectedBefore = readFileSync(expectedFile, 'utf8');
    expect(saveMappingSpec(copy.catalog, FOLDER, spec)).toEqual({ file: file(), problems: [] });
    const after = readFileSync(file(), 'utf8');
    const changed = after.split('\n').filter((line, i) => line !== before.split('\n')[i]);
    expect(changed).toEqual(['        from: applicant.legalRepresentative.name']);
    expect(readFileSync(expectedFile, 'utf8')).toBe(expectedBefore);

    expect(saveMappingSpec(copy.catalog, FOLDER, spec, { acceptFixtures: ['nope'] }).problems).toEqual([expect.objectContaining({ keyword: 'fixture' })]);
    expect(saveMappingSpec(copy.catalog, FOLDER, spec, { acceptFixtures: ['sample'] })).toMatchObject({ problems: [], fixturesWritten: ['sample'] });
    expect(JSON.parse(readFileSync(expectedFile, 'utf8')).bdsj.lxr).toBe('竺海峰');
    expect(runMappingFixtures(loadMapping(join(copy.path, FOLDER)))).toEqual([expect.objectContaining({ passed: true })]);
  });
});
