import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/catalog/load';
import { describeMappingFolder, previewMapping, saveMappingSpec } from '../../../src/mapping/editing';
import { loadMapping } from '../../../src/mapping/load';
import type { MappingSpec } from '../../../src/mapping/spec';
import { packageRoot } from '../../../src/util/package-root';
import { tempDir } from '../../helpers/temp-dir';

const FOLDER = 'mappings/nrp-land/request/nrp-land-use-planning-permit';

/** The mapping editor's back end (the visual mapper), on a copy of the demo city's catalog. */
describe('editing a mapping folder', () => {
  let dir: ReturnType<typeof tempDir>;
  let catalog: ReturnType<typeof loadCatalog>;
  beforeEach(() => {
    dir = tempDir();
    cpSync(join(packageRoot(), 'examples/demo-city/catalog'), dir.path, { recursive: true });
    catalog = loadCatalog(dir.path);
  });
  afterEach(() => dir.cleanup());

  it('shows the spec, the e-form\'s fields, the system\'s fields with the required ones, and a sample case', () => {
    const view = describeMappingFolder(catalog, FOLDER);
    expect(view.problems).toEqual([]);
    expect((view.spec as MappingSpec).kind).toBe('request');
    expect(view.formFields.length).toBeGreaterThan(5);
    expect(view.formFields.every((f) => f.path.startsWith('form.'))).toBe(true);
    expect(view.targetFields.filter((f) => f.required).map((f) => f.path)).toEqual(expect.arrayContaining(['ywlsh']));
    expect(view.unmappedRequired).toEqual([]);
    expect(view.sample).toMatchObject({ itemCode: expect.any(String) });
  });

  it('previews an edited spec on the sample, and says what is wrong with a broken one', () => {
    const spec = loadMapping(join(dir.path, FOLDER)).spec;
    const edited = { ...spec, rules: [...spec.rules, { to: 'bz', value: '窗口备注' }] };
    const preview = previewMapping(catalog, FOLDER, edited);
    expect(preview.problems).toEqual([]);
    expect(preview.output).toMatchObject({ bz: '窗口备注' });
    const broken = previewMapping(catalog, FOLDER, { ...spec, rules: [{ to: 'x', from: 'a', map: 'no-such-table' }] });
    expect(broken.output).toBeUndefined();
    expect(broken.problems.length).toBeGreaterThan(0);
  });

  it('saves a spec that passes the hub\'s checks to the same file owh runs, and refuses one that does not, writing nothing', () => {
    const file = join(dir.path, FOLDER, 'mapping.yaml');
    const before = readFileSync(file, 'utf8');
    const refused = saveMappingSpec(catalog, FOLDER, { kind: 'request', rules: [{ from: 'caseId' }] });
    expect(refused.problems).toEqual([expect.objectContaining({ pointer: '/rules/0/to', keyword: 'required' })]);
    expect(readFileSync(file, 'utf8')).toBe(before);

    const spec = loadMapping(join(dir.path, FOLDER)).spec;
    const renamed = { ...spec, rules: spec.rules.map((r) => (r.to === 'ywlsh' ? { ...r, note: '业务流水号 (edited in the visual mapper)' } : r)) };
    expect(saveMappingSpec(catalog, FOLDER, renamed)).toEqual({ file, problems: [] });
    expect(readFileSync(file, 'utf8')).toContain('edited in the visual mapper');
    expect(loadMapping(join(dir.path, FOLDER)).spec.rules.find((r) => r.to === 'ywlsh')!.note).toBe('业务流水号 (edited in the visual mapper)');
  });

  it('shows a file that fails its schema with its errors instead of dropping it', () => {
    writeFileSync(join(dir.path, FOLDER, 'mapping.yaml'), 'kind: request\nrules:\n  - { from: caseId }\n');
    const view = describeMappingFolder(catalog, FOLDER);
    expect(view.spec).toEqual({ kind: 'request', rules: [{ from: 'caseId' }] });
    expect(view.problems).toEqual([expect.objectContaining({ pointer: '/rules/0/to', keyword: 'required', line: 3 })]);
  });

  it('never reads or writes outside the catalog', () => {
    expect(() => describeMappingFolder(catalog, '../../etc')).toThrow(/outside the catalog/);
    expect(() => saveMappingSpec(catalog, '../elsewhere', { kind: 'request', rules: [] })).toThrow(/outside the catalog/);
  });
});
