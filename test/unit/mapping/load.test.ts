import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findMappingFolders, loadMapping } from '../../../src/mapping';
import { caught } from './helpers';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'mappings');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'owh-mapping-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes files (path → text) under the temp folder. */
function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
  }
}

describe('loadMapping', () => {
  test('reads, validates and compiles a mapping folder, with $file code tables and the target schema', () => {
    const folder = join(FIXTURES, 'company-registration');
    const loaded = loadMapping(folder);
    expect(loaded.folder).toBe(folder);
    expect(loaded.file).toBe(join(folder, 'mapping.yaml'));
    expect(loaded.spec.kind).toBe('request');
    expect(loaded.targetSchema).toMatchObject({ type: 'object', required: ['ywlsh', 'qymc', 'fddbr'] });
    const out = loaded.map({ caseId: 'C1', form: { companyName: 'x', legalRepresentative: { name: '张三', gender: 9 } } });
    expect(out).toEqual({ ywlsh: 'C1', qymc: 'x', fddbr: { xm: '张三', xb: '未说明' }, bz: '无' });
  });

  test('reads mapping.json too, and leaves targetSchema out when there is none', () => {
    const loaded = loadMapping(join(FIXTURES, 'receipt'));
    expect(loaded.file.endsWith('mapping.json')).toBe(true);
    expect(loaded).not.toHaveProperty('targetSchema');
    expect(loaded.map({ data: { slbh: 'SL001', slsj: '20261128093000' } })).toEqual({ receipt: 'SL001', acceptedAt: '2026-11-28T09:30:00+08:00' });
  });

  test('a schema error names the file, the line and the pointer', () => {
    write({
      'mapping.yaml': ['kind: request', 'rules:', '  - to: a', '    from: x', '  - to: b', '    form: y', ''].join('\n'),
    });
    const error = caught(() => loadMapping(dir));
    expect(error.code).toBe('OWH_MAPPING_INVALID');
    const detail = error.details.find((d) => d.pointer === '/rules/1/form');
    expect(detail).toMatchObject({ keyword: 'additionalProperties', file: join(dir, 'mapping.yaml'), line: 6 });
    // The rule's oneOf (from, value, concat, each or rules) is one detail, not one per branch.
    expect(error.details.filter((d) => d.pointer.startsWith('/rules/1'))).toEqual([
      { pointer: '/rules/1', keyword: 'oneOf', message: expect.stringContaining('exactly one of from, value, concat'), file: join(dir, 'mapping.yaml'), line: 5 },
      detail,
    ]);
    expect(error.message).toContain(`${join(dir, 'mapping.yaml')}:5 /rules/1`);
  });

  test('a compile error (a __proto__ path, an unknown table) also gets file and line', () => {
    write({
      'mapping.yaml': ['kind: request', 'codeTables:', '  gender: { "1": 男 }', 'rules:', '  - to: ok', '    value: 1', '  - to: __proto__.polluted', '    value: yes', '  - to: xb', '    from: g', '    map: sex', ''].join('\n'),
    });
    const error = caught(() => loadMapping(dir));
    expect(error.code).toBe('OWH_MAPPING_INVALID');
    expect(error.details).toEqual([
      expect.objectContaining({ pointer: '/rules/1', keyword: 'to', file: join(dir, 'mapping.yaml'), line: 7 }),
      expect.objectContaining({ pointer: '/rules/2', keyword: 'map', line: 9 }),
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a YAML syntax error names the line', () => {
    write({ 'mapping.yaml': 'kind: request\nrules:\n  - to: a\n    from: [x\n' });
    const error = caught(() => loadMapping(dir));
    expect(error.code).toBe('OWH_MAPPING_INVALID');
    expect(error.details[0]).toMatchObject({ keyword: 'syntax', file: join(dir, 'mapping.yaml') });
    expect(error.details[0].line).toBeGreaterThanOrEqual(4);
  });

  test('a missing $file table names the mapping line; a table that is not flat names its own file and line', () => {
    write({ 'mapping.yaml': 'kind: request\ncodeTables:\n  gender:\n    $file: tables/gender.yaml\nrules:\n  - to: xb\n    from: g\n    map: gender\n' });
    const missing = caught(() => loadMapping(dir));
    expect(missing.details[0]).toMatchObject({ pointer: '/codeTables/gender/$file', keyword: '$file', file: join(dir, 'mapping.yaml'), line: 4 });

    write({ 'tables/gender.yaml': '"1": 男\n"2":\n  nested: 女\n' });
    const nested = caught(() => loadMapping(dir));
    expect(nested.details[0]).toMatchObject({ pointer: '/2', keyword: 'type', file: join(dir, 'tables', 'gender.yaml'), line: 3 });

    write({ 'tables/gender.yaml': '- 男\n- 女\n' });
    expect(caught(() => loadMapping(dir)).details[0]).toMatchObject({ keyword: 'type', file: join(dir, 'tables', 'gender.yaml') });

    write({ 'tables/gender.yaml': '"1": 男\n"2": 女\n' });
    expect(loadMapping(dir).map({ g: 2 })).toEqual({ xb: '女' });
  });

  test('a missing target schema is an error at target.schema', () => {
    write({ 'mapping.yaml': 'kind: request\ntarget:\n  schema: nowhere.json\nrules: []\n' });
    expect(caught(() => loadMapping(dir)).details[0]).toMatchObject({ pointer: '/target/schema', line: 3 });
  });

  test('a folder without a mapping file, or with two, is refused', () => {
    expect(caught(() => loadMapping(dir)).code).toBe('OWH_CONFIG_NOT_FOUND');
    write({ 'mapping.yaml': 'kind: request\nrules: []\n', 'mapping.json': '{"kind": "request", "rules": []}' });
    expect(caught(() => loadMapping(dir)).code).toBe('OWH_MAPPING_INVALID');
  });
});

describe('findMappingFolders', () => {
  test('lists every folder holding a mapping file, sorted, skipping node_modules and hidden folders', () => {
    write({
      'b/mapping.yaml': 'kind: request\nrules: []\n',
      'a/deep/er/mapping.yml': 'kind: request\nrules: []\n',
      'a/mapping.json': '{}',
      'c/not-a-mapping.yaml': 'x: 1',
      'node_modules/pkg/mapping.yaml': 'kind: request\nrules: []\n',
      '.hidden/mapping.yaml': 'kind: request\nrules: []\n',
    });
    expect(findMappingFolders(dir)).toEqual([join(dir, 'a'), join(dir, 'a', 'deep', 'er'), join(dir, 'b')]);
    expect(findMappingFolders(FIXTURES)).toEqual([join(FIXTURES, 'company-registration'), join(FIXTURES, 'receipt')]);
  });
});
