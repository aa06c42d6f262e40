import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeMappingFolder, previewMapping, saveMappingSpec } from '../../../src/mapping/editing';
import { runMappingFixtures } from '../../../src/mapping/fixtures';
import { loadMapping } from '../../../src/mapping/load';
import { createRequestMapping } from '../../../src/mapping/new-mapping';
import { useDemoCatalogCopy } from '../../helpers/demo-catalog-copy';

/** A new mapping started from the editor: an e-form to a system the catalog has not mapped it to yet. */
describe('a new request mapping', () => {
  const copy = useDemoCatalogCopy();
  const FOLDER = 'mappings/psb-household/request/civil-marriage-registration';

  it('writes the skeleton owh onboard writes, against the system\'s schema, and a sample case that the mapper can preview', () => {
    const created = createRequestMapping(copy.catalog, 'civil-marriage-registration', 'psb-household');
    expect(created.folder).toBe(FOLDER);
    expect(created.unmappedRequired.length).toBeGreaterThan(0);
    const text = readFileSync(join(copy.path, FOLDER, 'mapping.yaml'), 'utf8');
    expect(text).toContain('target: { schema: "../../../../api/psb-household.schema.json", format: json }');
    expect(text).toContain('# UNMAPPED');
    const view = describeMappingFolder(copy.catalog, FOLDER);
    expect(view.problems).toEqual([]); // it loads: the unmapped fields are comments to fill in
    // The same fields (the editor names a list's required members, the skeleton the list).
    const covered = (p: string) => view.unmappedRequired.some((u) => u === p || u.startsWith(`${p}[].`) || u.startsWith(`${p}.`));
    expect(created.unmappedRequired.filter((p) => !covered(p))).toEqual([]);
    expect(view.targetFields.length).toBeGreaterThan(5);
    expect(Object.keys(view.samples)).toEqual(['sample']);
    // No expected output yet: the fixture fails, and may be accepted once the mapping is drawn.
    expect(view.fixtures).toEqual([expect.objectContaining({ fixture: 'sample', passed: false, acceptable: true })]);
    const preview = previewMapping(copy.catalog, FOLDER, view.spec);
    expect(preview.output).toEqual(expect.any(Object));
    expect(saveMappingSpec(copy.catalog, FOLDER, view.spec, { acceptFixtures: ['sample'] }).problems).toEqual([]);
    expect(runMappingFixtures(loadMapping(join(copy.path, FOLDER)))).toEqual([expect.objectContaining({ passed: true })]);
  });

  it('refuses a folder that exists, an e-form or a system the catalog does not have, writing nothing', () => {
    expect(() => createRequestMapping(copy.catalog, 'nrp-land-use-planning-permit', 'nrp-land')).toThrow(/already exists/);
    expect(() => createRequestMapping(copy.catalog, 'no-such-form', 'psb-household')).toThrow(/no e-form no-such-form/);
    expect(() => createRequestMapping(copy.catalog, 'civil-marriage-registration', 'no-such-system')).toThrow(/no system no-such-system/);
    expect(existsSync(join(copy.path, 'mappings/no-such-system'))).toBe(false);
    expect(existsSync(join(copy.path, 'mappings/psb-household/request/no-such-form'))).toBe(false);
  });
});
