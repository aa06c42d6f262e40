import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/catalog/load';
import { describeMappingFolder, previewMapping, saveMappingSpec } from '../../../src/mapping/editing';
import { runMappingFixtures } from '../../../src/mapping/fixtures';
import { loadMapping } from '../../../src/mapping/load';
import { createRequestMapping } from '../../../src/mapping/new-mapping';
import { packageRoot } from '../../../src/util/package-root';
import { tempDir } from '../../helpers/temp-dir';

/** A new mapping started from the editor: an e-form to a system the catalog has not mapped it to yet. */
describe('a new request mapping', () => {
  let dir: ReturnType<typeof tempDir>;
  let catalog: ReturnType<typeof loadCatalog>;
  const FOLDER = 'mappings/psb-household/request/civil-marriage-registration';
  beforeEach(() => {
    dir = tempDir();
    cpSync(join(packageRoot(), 'examples/demo-city/catalog'), dir.path, { recursive: true });
    catalog = loadCatalog(dir.path);
  });
  afterEach(() => dir.cleanup());

  it('writes the skeleton owh onboard writes, against the system\'s schema, and a sample case that the mapper can preview', () => {
    const created = createRequestMapping(catalog, 'civil-marriage-registration', 'psb-household');
    expect(created.folder).toBe(FOLDER);
    expect(created.unmappedRequired.length).toBeGreaterThan(0);
    const text = readFileSync(join(dir.path, FOLDER, 'mapping.yaml'), 'utf8');
    expect(text).toContain('target: { schema: "../../../../api/psb-household.schema.json", format: json }');
    expect(text).toContain('# UNMAPPED');
    const view = describeMappingFolder(catalog, FOLDER);
    expect(view.problems).toEqual([]); // it loads: the unmapped fields are comments to fill in
    // The same fields (the editor names a list's required members, the skeleton the list).
    const covered = (p: string) => view.unmappedRequired.some((u) => u === p || u.startsWith(`${p}[].`) || u.startsWith(`${p}.`));
    expect(created.unmappedRequired.filter((p) => !covered(p))).toEqual([]);
    expect(view.targetFields.length).toBeGreaterThan(5);
    expect(Object.keys(view.samples)).toEqual(['sample']);
    // No expected output yet: the fixture fails, and may be accepted once the mapping is drawn.
    expect(view.fixtures).toEqual([expect.objectContaining({ fixture: 'sample', passed: false, acceptable: true })]);
    const preview = previewMapping(catalog, FOLDER, view.spec);
    expect(preview.output).toEqual(expect.any(Object));
    expect(saveMappingSpec(catalog, FOLDER, view.spec, { acceptFixtures: ['sample'] }).problems).toEqual([]);
    expect(runMappingFixtures(loadMapping(join(dir.path, FOLDER)))).toEqual([expect.objectContaining({ passed: true })]);
  });

  it('refuses a folder that exists, an e-form or a system the catalog does not have, writing nothing', () => {
    expect(() => createRequestMapping(catalog, 'nrp-land-use-planning-permit', 'nrp-land')).toThrow(/already exists/);
    expect(() => createRequestMapping(catalog, 'no-such-form', 'psb-household')).toThrow(/no e-form no-such-form/);
    expect(() => createRequestMapping(catalog, 'civil-marriage-registration', 'no-such-system')).toThrow(/no system no-such-system/);
    expect(existsSync(join(dir.path, 'mappings/no-such-system'))).toBe(false);
    expect(existsSync(join(dir.path, 'mappings/psb-household/request/no-such-form'))).toBe(false);
  });
});
