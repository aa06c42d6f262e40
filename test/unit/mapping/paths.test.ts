import { compileGetter, compileSetter, parsePath } from '../../../src/mapping/paths';

const conflict = (reason: string): never => {
  throw new Error(reason);
};

describe('parsePath', () => {
  test('reads dot paths with [n] indices into segments', () => {
    expect(parsePath('form.shareholders[0].name')).toEqual(['form', 'shareholders', 0, 'name']);
    expect(parsePath('a[1][2]')).toEqual(['a', 1, 2]);
    expect(parsePath('[0].b')).toEqual([0, 'b']);
    expect(parsePath('$')).toEqual([]);
    expect(parsePath('申请人.姓名')).toEqual(['申请人', '姓名']);
  });

  test('refuses malformed paths with a reason', () => {
    for (const bad of ['a..b', '.a', 'a.', 'a[x]', 'a[-1]', 'a[1', 'a]b', 'a.[0]']) {
      expect(typeof parsePath(bad)).toBe('string');
    }
  });

  test('refuses __proto__, prototype and constructor anywhere in a path', () => {
    expect(parsePath('__proto__.polluted')).toMatch(/__proto__/);
    expect(parsePath('a.constructor.prototype')).toMatch(/constructor/);
    expect(parsePath('a[0].prototype')).toMatch(/prototype/);
  });
});

describe('compileGetter', () => {
  const source = { form: { shareholders: [{ name: '张三' }, { name: '李四' }], a: { b: { c: { d: 4 } } } } };

  test('reads nested values, array elements and the whole source', () => {
    expect(compileGetter(parsePath('form.shareholders[1].name') as never)(source)).toBe('李四');
    expect(compileGetter(parsePath('form.a.b.c.d') as never)(source)).toBe(4);
    expect(compileGetter(parsePath('form') as never)(source)).toBe(source.form);
    expect(compileGetter([])(source)).toBe(source);
  });

  test('gives undefined where the path runs out, also through null', () => {
    expect(compileGetter(parsePath('form.missing.x') as never)(source)).toBeUndefined();
    expect(compileGetter(parsePath('a.b') as never)({ a: null })).toBeUndefined();
    expect(compileGetter(parsePath('a') as never)(null)).toBeUndefined();
    expect(compileGetter(parsePath('form.shareholders[5].name') as never)(source)).toBeUndefined();
  });

  test('reads inherited names only as own properties', () => {
    expect(compileGetter(['toString'])({})).toBeUndefined();
    expect(compileGetter(['a', 'hasOwnProperty'])({ a: {} })).toBeUndefined();
    expect(compileGetter(['toString'])({ toString: 'own' })).toBe('own');
  });
});

describe('compileSetter', () => {
  test('creates plain objects and arrays on the way', () => {
    const target: Record<string, unknown> = {};
    compileSetter(parsePath('sqr.xm') as never, conflict)(target, '张三');
    compileSetter(parsePath('sqr.dz.sheng') as never, conflict)(target, '浙江省');
    compileSetter(parsePath('cl[1].mc') as never, conflict)(target, 'b');
    compileSetter(parsePath('cl[0].mc') as never, conflict)(target, 'a');
    expect(target).toEqual({ sqr: { xm: '张三', dz: { sheng: '浙江省' } }, cl: [{ mc: 'a' }, { mc: 'b' }] });
    expect(Object.getPrototypeOf(target.sqr)).toBe(Object.prototype);
    expect(Array.isArray(target.cl)).toBe(true);
  });

  test('reports a path that crosses a value', () => {
    const target: Record<string, unknown> = { a: 'text', b: [] };
    expect(() => compileSetter(['a', 'x'], conflict)(target, 1)).toThrow(/'a' already holds a value/);
    expect(() => compileSetter(['b', 'x', 'y'], conflict)(target, 1)).toThrow(/'b' already holds an array/);
  });

  test('writes inherited names as own properties, never onto a prototype', () => {
    const target: Record<string, unknown> = {};
    compileSetter(['toString', 'x'], conflict)(target, 1);
    expect(Object.prototype.hasOwnProperty.call(target, 'toString')).toBe(true);
    expect(target.toString).toEqual({ x: 1 });
    expect((Object.prototype.toString as unknown as Record<string, unknown>).x).toBeUndefined();
  });
});
