import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffValues, loadMapping, runMappingFixtures } from '../../../src/mapping';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'mappings');

describe('diffValues', () => {
  test('equal values give no differences, whatever the key order', () => {
    expect(diffValues({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toEqual([]);
  });

  test('names each difference by its JSON pointer', () => {
    const expected = { ywlsh: 'C1', sqr: { xm: '张三', xb: '男' }, gdxx: [{ mc: 'a' }, { mc: 'b' }], 'a/b': 1 };
    const actual = { ywlsh: 'C1', sqr: { xm: '张三', xb: '女', extra: true }, gdxx: [{ mc: 'a' }], 'a/b': 2 };
    expect(diffValues(expected, actual)).toEqual([
      { pointer: '/sqr/xb', expected: '男', actual: '女' },
      { pointer: '/sqr/extra', expected: undefined, actual: true },
      { pointer: '/gdxx/1', expected: { mc: 'b' }, actual: undefined },
      { pointer: '/a~1b', expected: 1, actual: 2 },
    ]);
  });

  test('types that differ are one difference, and 1 is not "1"', () => {
    expect(diffValues({ a: [1] }, { a: { 0: 1 } })).toEqual([{ pointer: '/a', expected: [1], actual: { 0: 1 } }]);
    expect(diffValues({ n: 1 }, { n: '1' })).toEqual([{ pointer: '/n', expected: 1, actual: '1' }]);
    expect(diffValues('x', 'y')).toEqual([{ pointer: '', expected: 'x', actual: 'y' }]);
  });
});

describe('runMappingFixtures', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'owh-fixtures-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (files: Record<string, unknown>): void => {
    for (const [path, content] of Object.entries(files)) {
      const full = join(dir, path);
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content));
    }
  };
  const mapping = ['kind: request', 'codeTables:', '  gender: { "1": 男, "2": 女 }', 'rules:', '  - to: xm', '    from: name', '    required: true', '  - to: xb', '    from: gender', '    map: gender', ''].join('\n');

  test('the committed example passes: JSON and YAML fixtures, and an expected error', () => {
    const results = runMappingFixtures(loadMapping(join(FIXTURES, 'company-registration')));
    expect(results.map((r) => [r.fixture, r.passed, r.differences])).toEqual([
      ['basic', true, []],
      ['person-applicant', true, []],
      ['unknown-gender', true, []],
    ]);
    expect(results[2].error).toMatchObject({ code: 'OWH_MAPPING_FAILED' });
    expect(results[0].folder).toBe(join(FIXTURES, 'company-registration'));
  });

  test('a folder without fixtures gives []', () => {
    expect(runMappingFixtures(loadMapping(join(FIXTURES, 'receipt')))).toEqual([]);
  });

  test('an output that differs fails with the differences by pointer', () => {
    write({
      'mapping.yaml': mapping,
      'fixtures/ok.input.json': { name: '张三', gender: '1' },
      'fixtures/ok.expected.json': { xm: '张三', xb: '男' },
      'fixtures/wrong.input.json': { name: '李四', gender: '2' },
      'fixtures/wrong.expected.json': { xm: '李四', xb: '男', extra: 1 },
    });
    const [ok, wrong] = runMappingFixtures(loadMapping(dir));
    expect(ok).toEqual({ folder: dir, fixture: 'ok', passed: true, differences: [] });
    expect(wrong.passed).toBe(false);
    expect(wrong.differences).toEqual([
      { pointer: '/xb', expected: '男', actual: '女' },
      { pointer: '/extra', expected: 1, actual: undefined },
    ]);
    expect(wrong.error).toBeUndefined();
  });

  test('a mapping that throws fails, unless an error.json expects that code (and pointer)', () => {
    write({
      'mapping.yaml': mapping,
      'fixtures/unexpected.input.json': { name: '张三', gender: '7' },
      'fixtures/unexpected.expected.json': { xm: '张三' },
      'fixtures/expected.input.json': { gender: '1' },
      'fixtures/expected.error.json': { code: 'OWH_MAPPING_FAILED', pointer: '/rules/0' },
      'fixtures/other-pointer.input.json': { gender: '1' },
      'fixtures/other-pointer.error.json': { code: 'OWH_MAPPING_FAILED', pointer: '/rules/1' },
      'fixtures/other-code.input.json': { gender: '1' },
      'fixtures/other-code.error.json': { code: 'OWH_SEND_REJECTED' },
      'fixtures/no-failure.input.json': { name: '张三' },
      'fixtures/no-failure.error.json': { code: 'OWH_MAPPING_FAILED' },
    });
    const byName = Object.fromEntries(runMappingFixtures(loadMapping(dir)).map((r) => [r.fixture, r]));
    expect(Object.keys(byName)).toEqual(['expected', 'no-failure', 'other-code', 'other-pointer', 'unexpected']);
    expect(byName.unexpected).toMatchObject({ passed: false, differences: [], error: { code: 'OWH_MAPPING_FAILED' } });
    expect(byName.unexpected.error?.message).toContain("code table 'gender'");
    expect(byName.expected).toMatchObject({ passed: true, differences: [] });
    expect(byName['other-pointer']).toMatchObject({ passed: false, differences: [{ pointer: '/pointer', expected: '/rules/1', actual: '/rules/0' }] });
    expect(byName['other-code']).toMatchObject({ passed: false, differences: [{ pointer: '/code', expected: 'OWH_SEND_REJECTED', actual: 'OWH_MAPPING_FAILED' }] });
    expect(byName['no-failure']).toMatchObject({ passed: false, error: { code: 'OWH_MAPPING_FIXTURE_FAILED' } });
  });

  test('an input without expected output, or an unreadable fixture, fails with a message', () => {
    write({ 'mapping.yaml': mapping, 'fixtures/lonely.input.json': { name: 'x' }, 'fixtures/broken.input.json': '{ "name": ', 'fixtures/broken.expected.json': {} });
    const [broken, lonely] = runMappingFixtures(loadMapping(dir));
    expect(broken).toMatchObject({ fixture: 'broken', passed: false });
    expect(broken.error?.message).toContain('broken.input.json');
    expect(lonely).toMatchObject({ fixture: 'lonely', passed: false, error: { code: 'OWH_MAPPING_FIXTURE_FAILED' } });
    expect(lonely.error?.message).toContain('lonely.expected.json');
  });
});
