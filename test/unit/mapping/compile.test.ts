import { compileMapping, MappingRule, MappingSpec } from '../../../src/mapping';
import { caught, mapWith } from './helpers';

const applicantCase = {
  caseId: 'NB20261128000001',
  itemCode: 'XK00101001',
  form: {
    applicant: { name: ' 张三 ', gender: '1', idNumber: '330203198503071238', phone: '13800001111', birthDate: '1985年3月7日' },
    shareholders: [
      { name: '张三', type: 'person', contribution: '500.25' },
      { name: '宁波示例投资有限公司', type: 'company', contribution: 300 },
    ],
    phones: ['13800001111', '', null, '13900002222'],
    address: { province: '浙江省', city: '宁波市', district: '海曙区', street: '' },
    married: false,
  },
};

describe('the worked example: an e-form to a department system', () => {
  test('maps fields, code tables, dates, arrays and constants', () => {
    const spec: MappingSpec = {
      kind: 'request',
      codeTables: { gender: { '1': '男', '2': '女' }, shareholderType: { person: '1', company: '2' } },
      rules: [
        { to: 'ywlsh', from: 'caseId', required: true },
        { to: 'sqrxm', from: 'form.applicant.name', transform: [{ trim: true }] },
        { to: 'sqr.xb', from: 'form.applicant.gender', map: 'gender' },
        { to: 'sqr.csrq', from: 'form.applicant.birthDate', transform: [{ date: { to: 'YYYYMMDD' } }] },
        { to: 'gdxx', each: 'form.shareholders', rules: [{ to: 'mc', from: 'name' }, { to: 'lx', from: 'type', map: 'shareholderType' }, { to: 'je', from: 'contribution', transform: [{ number: { scale: 2 } }] }] },
        { to: 'xtbs', value: 'OWH' },
      ],
    };
    expect(compileMapping(spec)(applicantCase)).toEqual({
      ywlsh: 'NB20261128000001',
      sqrxm: '张三',
      sqr: { xb: '男', csrq: '19850307' },
      gdxx: [
        { mc: '张三', lx: '1', je: 50025 },
        { mc: '宁波示例投资有限公司', lx: '2', je: 30000 },
      ],
      xtbs: 'OWH',
    });
  });
});

describe('missing values, default and required', () => {
  test('a missing value (undefined, null, empty) leaves the field out', () => {
    const out = mapWith([{ to: 'a', from: 'x' }, { to: 'b', from: 'y' }, { to: 'c', from: 'z' }, { to: 'd', from: 'n.o.p' }], { y: null, z: '' });
    expect(out).toEqual({});
    expect(Object.keys(out)).toEqual([]);
  });

  test('zero and false are values', () => {
    expect(mapWith([{ to: 'a', from: 'x' }, { to: 'b', from: 'y' }], { x: 0, y: false })).toEqual({ a: 0, b: false });
  });

  test('default is written as is when the value is missing, not transformed or looked up', () => {
    const rules: MappingRule[] = [
      { to: 'bz', from: 'remarks', default: '无', transform: [{ prefix: 'X' }] },
      { to: 'xb', from: 'gender', default: '9', map: 'gender' },
      { to: 'n', from: 'none', default: null },
      { to: 'o', from: 'none', default: { a: [1] } },
    ];
    const spec = { codeTables: { gender: { '1': '男' } } };
    expect(mapWith(rules, { remarks: '' }, spec)).toEqual({ bz: '无', xb: '9', n: null, o: { a: [1] } });
    expect(mapWith(rules, { remarks: 'ok', gender: 1 }, spec)).toEqual({ bz: 'Xok', xb: '男', n: null, o: { a: [1] } });
  });

  test('a default object is copied for every call', () => {
    const fn = compileMapping({ kind: 'request', rules: [{ to: 'o', from: 'none', default: { list: [] } }] });
    const first = fn({});
    (first.o as { list: unknown[] }).list.push('changed');
    expect(fn({})).toEqual({ o: { list: [] } });
  });

  test('a value that a transform empties counts as missing', () => {
    expect(mapWith([{ to: 'a', from: 'x', transform: [{ trim: true }], default: 'none' }], { x: '   ' })).toEqual({ a: 'none' });
  });

  test('required throws OWH_MAPPING_FAILED naming the rule and the target, not the data', () => {
    const fn = compileMapping({ kind: 'request', rules: [{ to: 'ywlsh', from: 'caseId' }, { to: 'sqr.sfzh', from: 'form.applicant.idNumber', required: true }] });
    const error = caught(() => fn({ caseId: 'X1', form: { applicant: {} } }));
    expect(error.code).toBe('OWH_MAPPING_FAILED');
    expect(error.message).toBe("rule /rules/1 (→ sqr.sfzh): is required but 'form.applicant.idNumber' has no value");
    expect(error.details).toEqual([{ pointer: '/rules/1', keyword: 'required', message: "is required but 'form.applicant.idNumber' has no value (target sqr.sfzh)" }]);
  });

  test('default wins over required', () => {
    expect(mapWith([{ to: 'a', from: 'x', required: true, default: 'd' }], {})).toEqual({ a: 'd' });
  });

  test('the mapping name leads the message when given', () => {
    const fn = compileMapping({ kind: 'request', rules: [{ to: 'a', from: 'x', required: true }] }, { name: 'mappings/scjg/mapping.yaml' });
    expect(caught(() => fn({})).message).toMatch(/^mappings\/scjg\/mapping\.yaml: rule \/rules\/0 \(→ a\)/);
  });
});

describe('code tables', () => {
  const spec = { codeTables: { gender: { '1': '男', '2': '女' }, yes: { true: 'Y', false: 'N' } } };

  test('map looks the value up as a string key, after the transforms', () => {
    expect(mapWith([{ to: 'xb', from: 'g', map: 'gender' }], { g: 2 }, spec)).toEqual({ xb: '女' });
    expect(mapWith([{ to: 'xb', from: 'g', transform: [{ trim: true }], map: 'gender' }], { g: ' 1 ' }, spec)).toEqual({ xb: '男' });
    expect(mapWith([{ to: 'y', from: 'b', map: 'yes' }], { b: false }, spec)).toEqual({ y: 'N' });
  });

  test('an unknown code fails with the table and rule named, personal data masked', () => {
    const error = caught(() => mapWith([{ to: 'x', from: 'a' }, { to: 'sqr.xb', from: 'g', map: 'gender' }], { g: 'X' }, spec));
    expect(error.message).toBe("rule /rules/1 (→ sqr.xb): code 'X' is not in code table 'gender'");
    expect(error.details[0]).toMatchObject({ pointer: '/rules/1', keyword: 'map' });
    const leaky = caught(() => mapWith([{ to: 'xb', from: 'g', map: 'gender' }], { g: '330203198503071238' }, spec));
    expect(leaky.message).not.toContain('330203198503071238');
    expect(leaky.message).toContain("code '330203********1238'");
    const phone = caught(() => mapWith([{ to: 'xb', from: 'g', map: 'gender' }], { g: '13800001111' }, spec));
    expect(phone.message).not.toContain('13800001111');
  });

  test('keys inherited by objects are not codes', () => {
    expect(caught(() => mapWith([{ to: 'xb', from: 'g', map: 'gender' }], { g: 'toString' }, spec)).details[0].keyword).toBe('map');
    expect(caught(() => mapWith([{ to: 'xb', from: 'g', map: 'gender' }], { g: '__proto__' }, spec)).details[0].keyword).toBe('map');
  });

  test('tables given to compile override and extend the spec', () => {
    const fn = compileMapping(
      { kind: 'request', codeTables: { gender: { '1': 'M' }, shared: { $file: '../tables/shared.yaml' } }, rules: [{ to: 'xb', from: 'g', map: 'gender' }, { to: 's', from: 's', map: 'shared' }] },
      { codeTables: { gender: { '1': 'F?' }, shared: { a: 'A' } } },
    );
    expect(fn({ g: '1', s: 'a' })).toEqual({ xb: 'F?', s: 'A' });
  });
});

describe('each', () => {
  test('nested rules build each element from the source element', () => {
    const out = mapWith([{ to: 'gdxx', each: 'form.shareholders', rules: [{ to: 'gdmc', from: 'name' }, { to: 'je.yuan', from: 'contribution' }] }], applicantCase);
    expect(out).toEqual({ gdxx: [{ gdmc: '张三', je: { yuan: '500.25' } }, { gdmc: '宁波示例投资有限公司', je: { yuan: 300 } }] });
  });

  test('each of scalars passes each present element through transform and map', () => {
    expect(mapWith([{ to: 'dh', each: 'form.phones', transform: [{ substring: { start: 0, end: 3 } }] }], applicantCase)).toEqual({ dh: ['138', '139'] });
    expect(mapWith([{ to: 'xb', each: 'g', map: 'gender' }], { g: ['1', '2', '1'] }, { codeTables: { gender: { '1': '男', '2': '女' } } })).toEqual({ xb: ['男', '女', '男'] });
    expect(mapWith([{ to: 'copy', each: 'list' }], { list: [{ a: 1 }, 'b'] })).toEqual({ copy: [{ a: 1 }, 'b'] });
  });

  test('$ names the element itself inside each', () => {
    expect(mapWith([{ to: 'dh', each: 'form.phones', rules: [{ to: 'hm', from: '$' }] }], { form: { phones: ['1', '2'] } })).toEqual({ dh: [{ hm: '1' }, { hm: '2' }] });
  });

  test('nested each inside each', () => {
    const source = { groups: [{ name: 'a', members: [{ id: 1 }, { id: 2 }] }, { name: 'b', members: [] }] };
    const rules: MappingRule[] = [{ to: 'zu', each: 'groups', rules: [{ to: 'mc', from: 'name' }, { to: 'cy', each: 'members', rules: [{ to: 'bh', from: 'id', transform: [{ string: true }] }] }] }];
    expect(mapWith(rules, source)).toEqual({ zu: [{ mc: 'a', cy: [{ bh: '1' }, { bh: '2' }] }, { mc: 'b', cy: [] }] });
  });

  test('a missing source array leaves the field out, or writes the default, or fails when required', () => {
    const each: MappingRule = { to: 'gd', each: 'form.none', rules: [{ to: 'x', from: 'y' }] };
    expect(mapWith([each], applicantCase)).toEqual({});
    expect(mapWith([{ ...each, default: [] }], applicantCase)).toEqual({ gd: [] });
    const error = caught(() => mapWith([{ to: 'a', value: 1 }, { ...each, required: true }], applicantCase));
    expect(error.details[0]).toMatchObject({ pointer: '/rules/1', keyword: 'required' });
  });

  test('a source that is not an array fails', () => {
    const error = caught(() => mapWith([{ to: 'gd', each: 'form.applicant', rules: [{ to: 'x', from: 'name' }] }], applicantCase));
    expect(error.details[0]).toMatchObject({ pointer: '/rules/0', keyword: 'each' });
    expect(error.message).toContain("each 'form.applicant' is an object, not an array");
  });

  test('an error inside an element names the nested rule pointer and the element index', () => {
    const spec: MappingSpec = {
      kind: 'request',
      codeTables: { shareholderType: { person: '1' } },
      rules: [
        { to: 'ywlsh', from: 'caseId' },
        { to: 'sxbm', from: 'itemCode' },
        { to: 'gdxx', each: 'form.shareholders', rules: [{ to: 'gdmc', from: 'name' }, { to: 'gdlx', from: 'type', map: 'shareholderType' }] },
      ],
    };
    const error = caught(() => compileMapping(spec)(applicantCase));
    expect(error.message).toBe("rule /rules/2/rules/1 (→ gdxx[1].gdlx): code 'company' is not in code table 'shareholderType'");
    expect(error.details[0]).toMatchObject({ pointer: '/rules/2/rules/1', keyword: 'map' });
    const scalar = caught(() => mapWith([{ to: 'n', each: 'v', transform: [{ number: {} }] }], { v: ['1', '2', 'x'] }));
    expect(scalar.message).toBe("rule /rules/0 (→ n[2]): 'x' is not a number");
  });
});

describe('nested rules (an object)', () => {
  test('builds a nested object from the current source', () => {
    const rules: MappingRule[] = [{ to: 'sqr', rules: [{ to: 'xm', from: 'form.applicant.name', transform: [{ trim: true }] }, { to: 'lx.dh', from: 'form.applicant.phone' }] }];
    expect(mapWith(rules, applicantCase)).toEqual({ sqr: { xm: '张三', lx: { dh: '13800001111' } } });
  });

  test('is left out when it ends up empty, unless required', () => {
    const rules: MappingRule[] = [{ to: 'dbr', rules: [{ to: 'xm', from: 'form.agent.name' }] }];
    expect(mapWith(rules, applicantCase)).toEqual({});
    const error = caught(() => mapWith([{ ...rules[0], required: true }], applicantCase));
    expect(error.details[0]).toMatchObject({ pointer: '/rules/0', keyword: 'required' });
    expect(error.message).toContain('none of its fields has a value');
  });

  test('errors in nested rules carry the nested pointer and the full target path', () => {
    const error = caught(() => mapWith([{ to: 'a', value: 1 }, { to: 'sqr', rules: [{ to: 'x', value: 1 }, { to: 'jbxx', rules: [{ to: 'csrq', from: 'd', transform: [{ date: { to: 'YYYYMMDD' } }] }] }] }], { d: '2026-02-30' }));
    expect(error.details[0]).toMatchObject({ pointer: '/rules/1/rules/1/rules/0', keyword: 'date' });
    expect(error.message).toBe("rule /rules/1/rules/1/rules/0 (→ sqr.jbxx.csrq): '2026-02-30' is not a date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY年MM月DD日 or RFC 3339)");
  });
});

describe('conditions', () => {
  const source = { applicant: { type: 'legal-entity', idType: 'credit-code', idNumber: '91330203MA2H4J7K1X' }, count: 2, flag: true, blank: '' };
  const when = (condition: MappingRule['when']): boolean => 'x' in mapWith([{ to: 'x', value: 1, when: condition }], source);

  test('path with equals, notEquals, in and exists', () => {
    expect(when({ path: 'applicant.type', equals: 'legal-entity' })).toBe(true);
    expect(when({ path: 'applicant.type', equals: 'person' })).toBe(false);
    expect(when({ path: 'count', equals: '2' })).toBe(true); // scalars compare as text
    expect(when({ path: 'count', equals: 2 })).toBe(true);
    expect(when({ path: 'flag', equals: true })).toBe(true);
    expect(when({ path: 'applicant.type', notEquals: 'person' })).toBe(true);
    expect(when({ path: 'applicant.type', notEquals: 'legal-entity' })).toBe(false);
    expect(when({ path: 'applicant.idType', in: ['resident-id', 'credit-code'] })).toBe(true);
    expect(when({ path: 'applicant.idType', in: ['resident-id', 'passport'] })).toBe(false);
    expect(when({ path: 'applicant.idNumber', exists: true })).toBe(true);
    expect(when({ path: 'applicant.phone', exists: true })).toBe(false);
    expect(when({ path: 'blank', exists: false })).toBe(true);
    expect(when({ path: 'blank', equals: null })).toBe(true);
    expect(when({ path: 'applicant.phone' })).toBe(false); // a bare path means exists
    expect(when({ path: 'applicant.type', equals: 'legal-entity', exists: true })).toBe(true);
  });

  test('all, any and not', () => {
    const isEntity = { path: 'applicant.type', equals: 'legal-entity' };
    const isPerson = { path: 'applicant.type', equals: 'person' };
    expect(when({ all: [isEntity, { path: 'count', in: [1, 2] }] })).toBe(true);
    expect(when({ all: [isEntity, isPerson] })).toBe(false);
    expect(when({ any: [isPerson, isEntity] })).toBe(true);
    expect(when({ any: [isPerson, { path: 'none', exists: true }] })).toBe(false);
    expect(when({ not: isPerson })).toBe(true);
    expect(when({ not: { any: [isPerson, { not: isEntity }] } })).toBe(true);
  });

  test('a false condition skips the rule, default and required included', () => {
    expect(mapWith([{ to: 'a', from: 'none', required: true, default: 'd', when: { path: 'count', equals: 3 } }], source)).toEqual({});
  });

  test('inside each, conditions test the element', () => {
    const out = mapWith([{ to: 'gd', each: 'form.shareholders', rules: [{ to: 'mc', from: 'name' }, { to: 'gr', value: true, when: { path: 'type', equals: 'person' } }] }], applicantCase);
    expect(out).toEqual({ gd: [{ mc: '张三', gr: true }, { mc: '宁波示例投资有限公司' }] });
  });
});

describe('concat, value and to paths', () => {
  test('concat joins the present values with the separator', () => {
    const address = ['form.address.province', 'form.address.city', 'form.address.district', 'form.address.street'];
    expect(mapWith([{ to: 'zs', concat: address }], applicantCase)).toEqual({ zs: '浙江省宁波市海曙区' });
    expect(mapWith([{ to: 'zs', concat: address, separator: ' ' }], applicantCase)).toEqual({ zs: '浙江省 宁波市 海曙区' });
    expect(mapWith([{ to: 'n', concat: ['a', 'b'], separator: '-' }], { a: 1, b: true })).toEqual({ n: '1-true' });
    expect(mapWith([{ to: 'n', concat: ['x', 'y'], default: '-' }], {})).toEqual({ n: '-' });
    expect(mapWith([{ to: 'n', concat: ['a', 'b'], transform: [{ upper: true }] }], { a: 'x', b: 'y' })).toEqual({ n: 'XY' });
  });

  test('value writes a constant through its transforms, computed once', () => {
    expect(mapWith([{ to: 'v', value: ' a ', transform: [{ trim: true }, { upper: true }] }, { to: 'o', value: { k: [1, 2] } }], {})).toEqual({ v: 'A', o: { k: [1, 2] } });
    const fn = compileMapping({ kind: 'request', rules: [{ to: 'o', value: { k: [] } }] });
    (fn({}).o as { k: unknown[] }).k.push(1);
    expect(fn({})).toEqual({ o: { k: [] } });
  });

  test('to paths with array indices', () => {
    expect(mapWith([{ to: 'cl[0].mc', value: 'a' }, { to: 'cl[1].mc', from: 'x' }], { x: 'b' })).toEqual({ cl: [{ mc: 'a' }, { mc: 'b' }] });
  });

  test('a target path that crosses a written value fails at run time', () => {
    const error = caught(() => mapWith([{ to: 'a', value: 'x' }, { to: 'a.b', value: 'y' }], {}));
    expect(error.details[0]).toMatchObject({ pointer: '/rules/1', keyword: 'to' });
  });

  test('the output shares no object with the source', () => {
    const source = { form: { address: { city: '宁波市' }, list: [{ a: 1 }] } };
    const out = mapWith([{ to: 'dz', from: 'form.address' }, { to: 'l', each: 'form.list' }], source);
    (out.dz as Record<string, unknown>).city = 'changed';
    ((out.l as Array<Record<string, unknown>>)[0]).a = 2;
    expect(source).toEqual({ form: { address: { city: '宁波市' }, list: [{ a: 1 }] } });
  });
});

describe('compiled once', () => {
  test('changing the spec after compiling changes nothing', () => {
    const spec: MappingSpec = { kind: 'request', codeTables: { t: { A: 'first' } }, rules: [{ to: 'x', from: 'a', transform: [{ upper: true }], map: 't' }] };
    const fn = compileMapping(spec);
    expect(fn({ a: 'a' })).toEqual({ x: 'first' });
    spec.rules[0].to = 'changed';
    spec.rules[0].from = 'other';
    (spec.codeTables!.t as Record<string, string>).A = 'second';
    spec.rules.push({ to: 'more', value: 1 });
    expect(fn({ a: 'a', other: 'a' })).toEqual({ x: 'first' });
  });

  test('the spec given to compile is not changed (defaults are not written into it)', () => {
    const spec: MappingSpec = { kind: 'request', rules: [{ to: 'x', concat: ['a'] }] };
    compileMapping(spec);
    expect(spec).toEqual({ kind: 'request', rules: [{ to: 'x', concat: ['a'] }] });
  });
});

describe('refused at compile time (OWH_MAPPING_INVALID)', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).polluted;
  });

  test('a spec writing to __proto__ is refused, and Object.prototype stays clean', () => {
    const error = caught(() => compileMapping({ kind: 'request', rules: [{ to: '__proto__.polluted', value: 'yes' }] }));
    expect(error.code).toBe('OWH_MAPPING_INVALID');
    expect(error.details[0]).toMatchObject({ pointer: '/rules/0', keyword: 'to' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('__proto__, prototype and constructor are refused in to, from, each, concat and when.path', () => {
    const cases: Array<[MappingRule, string]> = [
      [{ to: 'a.constructor.prototype.polluted', value: 1 }, 'to'],
      [{ to: 'x', from: 'constructor.prototype' }, 'from'],
      [{ to: 'x', each: 'a.__proto__', rules: [{ to: 'y', from: 'z' }] }, 'each'],
      [{ to: 'x', concat: ['a', '__proto__.b'] }, 'concat'],
      [{ to: 'x', value: 1, when: { any: [{ path: 'a.prototype', exists: true }] } }, 'when'],
      [{ to: 'x', rules: [{ to: 'prototype', value: 1 }] }, 'to'],
    ];
    for (const [rule, keyword] of cases) {
      const error = caught(() => compileMapping({ kind: 'request', rules: [{ to: 'ok', value: 1 }, rule] }));
      expect(error.code).toBe('OWH_MAPPING_INVALID');
      expect(error.details[0].pointer).toMatch(/^\/rules\/1/);
      expect(error.details[0].keyword).toBe(keyword);
    }
  });

  test('an own __proto__ key in the data is copied as a plain key, never as a prototype', () => {
    const source = JSON.parse('{"a": {"__proto__": {"polluted": "yes"}, "b": 1}}');
    const out = mapWith([{ to: 'copy', from: 'a' }], source);
    const copy = out.copy as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(copy, '__proto__')).toBe(true);
    expect(copy.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('unknown code tables, unknown transforms and unresolved $file tables are refused', () => {
    const unknownTable = caught(() => compileMapping({ kind: 'request', rules: [{ to: 'a', from: 'b' }, { to: 'x', from: 'y', map: 'nope' }] }));
    expect(unknownTable.details).toEqual([{ pointer: '/rules/1', keyword: 'map', message: "code table 'nope' is not defined in codeTables" }]);
    const unknownLookup = caught(() => compileMapping({ kind: 'request', rules: [{ to: 'x', each: 'y', rules: [{ to: 'z', from: 'w', transform: [{ lookup: 'nope' }] }] }] }));
    expect(unknownLookup.details[0]).toMatchObject({ pointer: '/rules/0/rules/0', keyword: 'lookup' });
    const unknownTransform = caught(() => compileMapping({ kind: 'request', rules: [{ to: 'x', from: 'y', transform: [{ frobnicate: true } as never] }] }));
    expect(unknownTransform.code).toBe('OWH_MAPPING_INVALID');
    expect(unknownTransform.details[0].pointer).toMatch(/^\/rules\/0\/transform\/0/);
    const unresolved = caught(() => compileMapping({ kind: 'request', codeTables: { gender: { $file: 'gender.yaml' } }, rules: [{ to: 'x', from: 'y', map: 'gender' }] }));
    expect(unresolved.details[0]).toMatchObject({ pointer: '/codeTables/gender', keyword: '$file' });
  });

  test('a spec that does not match the schema is refused with pointers', () => {
    const error = caught(() => compileMapping({ kind: 'request', rules: [{ to: 'x', from: 'a', value: 1 } as MappingRule, { to: 'y', from: 'b', transform: [{ pad: { length: 0 } }] }] }));
    expect(error.code).toBe('OWH_MAPPING_INVALID');
    expect(error.details.map((d) => d.pointer)).toEqual(expect.arrayContaining(['/rules/1/transform/0/pad/length']));
    expect(caught(() => compileMapping({ kind: 'nonsense', rules: [] } as unknown as MappingSpec)).details[0]).toMatchObject({ pointer: '/kind', keyword: 'enum' });
  });

  test('every problem is reported at once', () => {
    const error = caught(() =>
      compileMapping({
        kind: 'request',
        rules: [
          { to: 'a', from: 'x', map: 'none' },
          { to: 'b..c', value: 1 },
          { to: 'd', rules: [{ to: 'e', from: 'prototype' }] },
          { to: 'f', value: 'x', transform: [{ number: {} }] },
          { to: 'g', from: 'h', transform: [{ date: { to: 'yyyymmdd' } }] },
        ],
      }),
    );
    expect(error.details.map((d) => `${d.pointer} ${d.keyword}`)).toEqual(['/rules/0 map', '/rules/1 to', '/rules/2/rules/0 from', '/rules/3 number', '/rules/4 transform']);
    expect(error.message).toMatch(/^the mapping spec has 5 problems: \/rules\/0 /);
  });

  test('transform and map on nested rules are refused', () => {
    const error = caught(() => compileMapping({ kind: 'request', rules: [{ to: 'a', each: 'b', rules: [{ to: 'c', from: 'd' }], transform: [{ trim: true }] }] }));
    expect(error.details[0]).toMatchObject({ pointer: '/rules/0', keyword: 'transform' });
  });
});

describe('personal data in messages', () => {
  test('a phone number given as a number is masked too', () => {
    const error = caught(() => mapWith([{ to: 'x', from: 'p', map: 't' }], { p: 13800001111 }, { codeTables: { t: { a: 'b' } } }));
    expect(error.message).toContain("code 138****1111 is not in code table 't'");
  });
});
