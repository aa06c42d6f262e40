import { MappingTransform } from '../../../src/mapping';
import { caught, mapWith } from './helpers';

/** Runs one value through the given transform steps. */
function t(value: unknown, transform: MappingTransform[], spec: Record<string, unknown> = {}): unknown {
  return mapWith([{ to: 'out', from: 'v', transform }], { v: value }, spec).out;
}

describe('text transforms', () => {
  test('trim, upper, lower', () => {
    expect(t('  张三 ', [{ trim: true }])).toBe('张三');
    expect(t('abc', [{ upper: true }])).toBe('ABC');
    expect(t('ABC', [{ lower: true }])).toBe('abc');
    expect(t(' Zhang@Example.COM ', [{ trim: true }, { lower: true }])).toBe('zhang@example.com');
  });

  test('string turns numbers and booleans into text, and refuses objects', () => {
    expect(t(42, [{ string: true }])).toBe('42');
    expect(t(false, [{ string: true }])).toBe('false');
    const error = caught(() => t({ a: 1 }, [{ string: true }]));
    expect(error.code).toBe('OWH_MAPPING_FAILED');
    expect(error.details[0]).toMatchObject({ pointer: '/rules/0', keyword: 'string' });
  });

  test('split, with positive and negative index, and out of range giving no value', () => {
    expect(t('a;b;c', [{ split: { separator: ';' } }])).toEqual(['a', 'b', 'c']);
    expect(t('a;b;c', [{ split: { separator: ';', index: 0 } }])).toBe('a');
    expect(t('a;b;c', [{ split: { separator: ';', index: -1 } }])).toBe('c');
    expect(t('a;b;c', [{ split: { separator: ';', index: -3 } }])).toBe('a');
    expect(t('a;b;c', [{ split: { separator: ';', index: 5 } }])).toBeUndefined();
    expect(t('a;b;c', [{ split: { separator: ';', index: -4 } }])).toBeUndefined();
  });

  test('text steps apply to each element after split, and join skips missing elements', () => {
    expect(t(' a ; b ;; c ', [{ split: { separator: ';' } }, { trim: true }, { join: { separator: '|' } }])).toBe('a|b|c');
    expect(t(['x', null, 'y', ''], [{ join: { separator: ',' } }])).toBe('x,y');
    expect(t(['x', 'y'], [{ join: {} }])).toBe('xy');
    expect(t(['a', 'b'], [{ upper: true }])).toEqual(['A', 'B']);
  });

  test('substring counts characters, not UTF-16 units, and takes negative positions from the end', () => {
    expect(t('330203199001011234', [{ substring: { start: 0, end: 6 } }])).toBe('330203');
    expect(t('浙江省宁波市', [{ substring: { start: 3 } }])).toBe('宁波市');
    expect(t('abcdef', [{ substring: { start: -2 } }])).toBe('ef');
    expect(t('𠮷野家', [{ substring: { start: 0, end: 1 } }])).toBe('𠮷');
  });

  test('pad on either side, and never cuts a longer value', () => {
    expect(t(42, [{ pad: { length: 6, char: '0' } }])).toBe('000042');
    expect(t('ab', [{ pad: { length: 4, char: '*', side: 'end' } }])).toBe('ab**');
    expect(t('ab', [{ pad: { length: 4 } }])).toBe('  ab');
    expect(t('abcdef', [{ pad: { length: 3, char: '0' } }])).toBe('abcdef');
    expect(t('𠮷', [{ pad: { length: 3, char: '0' } }])).toBe('00𠮷');
  });

  test('replace is literal: every occurrence, no patterns', () => {
    expect(t('a;b;c', [{ replace: { find: ';', with: '；' } }])).toBe('a；b；c');
    expect(t('a.b.c', [{ replace: { find: '.', with: '$&' } }])).toBe('a$&b$&c');
    expect(t('aaa', [{ replace: { find: 'a', with: '' } }])).toBeUndefined(); // '' is no value
  });

  test('prefix and suffix', () => {
    expect(t('001', [{ prefix: 'NB-' }, { suffix: '-A' }])).toBe('NB-001-A');
  });

  test('boolean writes the given values for the usual ways of saying yes and no', () => {
    const yn: MappingTransform[] = [{ boolean: { true: 'Y', false: 'N' } }];
    for (const yes of [true, 1, '1', 'true', 'TRUE', 'yes', 'Y', '是']) expect(t(yes, yn)).toBe('Y');
    for (const no of [false, 0, '0', 'false', 'No', 'n', '否']) expect(t(no, yn)).toBe('N');
    expect(t(true, [{ boolean: { true: 1, false: 0 } }])).toBe(1);
    expect(caught(() => t('maybe', yn)).details[0].keyword).toBe('boolean');
  });
});

describe('number', () => {
  test('parses numbers and numeric text', () => {
    expect(t('12.5', [{ number: {} }])).toBe(12.5);
    expect(t(' -3 ', [{ number: {} }])).toBe(-3);
    expect(t('1,234.50', [{ number: {} }])).toBe(1234.5);
    expect(t('1e3', [{ number: {} }])).toBe(1000);
    expect(t(7, [{ number: {} }])).toBe(7);
  });

  test('scale shifts the decimal point exactly, without float noise', () => {
    expect(4.35 * 100).not.toBe(435); // the float trap the engine avoids
    expect(1.1 * 100).not.toBe(110);
    expect(t(1.1, [{ number: { scale: 2 } }])).toBe(110);
    expect(t(12.34, [{ number: { scale: 2 } }])).toBe(1234);
    expect(t('12.34', [{ number: { scale: 2 } }])).toBe(1234);
    expect(t(0.07, [{ number: { scale: 2 } }])).toBe(7);
    expect(t(1.005, [{ number: { scale: 3 } }])).toBe(1005);
    expect(t(4.35, [{ number: { scale: 2 } }])).toBe(435);
    expect(t('19.99', [{ number: { scale: 2 } }])).toBe(1999);
    expect(t('1000.5', [{ number: { scale: 4 } }])).toBe(10005000);
    expect(t(1234, [{ number: { scale: -2 } }])).toBe(12.34);
    expect(t('0.1', [{ number: { scale: 1 } }])).toBe(1);
    expect(t(0.125, [{ number: { scale: 2 } }])).toBe(12.5);
    expect(t('12345678901234.567', [{ number: { scale: 2 } }])).toBe(1234567890123456.7);
  });

  test('decimals gives fixed text rounded half away from zero', () => {
    expect(t(1.005, [{ number: { decimals: 2 } }])).toBe('1.01');
    expect(t(2.675, [{ number: { decimals: 2 } }])).toBe('2.68');
    expect(t(-2.5, [{ number: { decimals: 0 } }])).toBe('-3');
    expect(t(3, [{ number: { decimals: 2 } }])).toBe('3.00');
    expect(t(0.5, [{ number: { scale: 2, decimals: 2 } }])).toBe('50.00');
    expect(t('-0.001', [{ number: { decimals: 2 } }])).toBe('0.00');
    expect(t(1e21, [{ number: { decimals: 1 } }])).toBe('1000000000000000000000.0');
  });

  test('integer rounds to a whole number', () => {
    expect(t(2.5, [{ number: { integer: true } }])).toBe(3);
    expect(t(-2.5, [{ number: { integer: true } }])).toBe(-3);
    expect(t('12.345', [{ number: { scale: 2, integer: true } }])).toBe(1235);
    expect(t('12.344', [{ number: { scale: 2, integer: true } }])).toBe(1234);
  });

  test('an unparseable number fails the mapping with its rule pointer', () => {
    for (const bad of ['12a', 'abc', '0x10', '1.2.3', '1,23', true, [1, 'x']]) {
      const error = caught(() => t(bad, [{ number: { scale: 2 } }]));
      expect(error.code).toBe('OWH_MAPPING_FAILED');
      expect(error.details[0]).toMatchObject({ pointer: '/rules/0', keyword: 'number' });
    }
  });
});

describe('date', () => {
  const to = (format: string): MappingTransform[] => [{ date: { to: format } }];

  test('reads every form the forms use', () => {
    expect(t('2026-01-05', to('YYYYMMDD'))).toBe('20260105');
    expect(t('2026/01/05', to('YYYYMMDD'))).toBe('20260105');
    expect(t('20260105', to('YYYY-MM-DD'))).toBe('2026-01-05');
    expect(t(20260105, to('YYYY-MM-DD'))).toBe('2026-01-05');
    expect(t('2026年01月05日', to('YYYY-MM-DD'))).toBe('2026-01-05');
    expect(t('2026年1月5日', to('YYYY-MM-DD'))).toBe('2026-01-05');
    expect(t('2026年12月25日', to('YYYY/MM/DD'))).toBe('2026/12/25');
    expect(t('2026-1-5', to('YYYYMMDD'))).toBe('20260105');
  });

  test('writes any pattern of YYYY MM DD, keeping other characters', () => {
    expect(t('2026-01-05', to('YYYY年MM月DD日'))).toBe('2026年01月05日');
    expect(t('2026-01-05', to('DD.MM.YYYY'))).toBe('05.01.2026');
  });

  test('takes the date of an RFC 3339 date-time as written', () => {
    expect(t('2026-01-05T23:30:00Z', to('YYYYMMDD'))).toBe('20260105');
    expect(t('2026-01-05T00:30:00+08:00', to('YYYYMMDD'))).toBe('20260105');
    expect(t('2026-01-05 09:00:00', to('YYYYMMDD'))).toBe('20260105');
  });

  test('refuses dates that do not exist or are not dates', () => {
    for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '20261301', '2026年13月1日', 'yesterday', '2026-01-05T25:00:00Z', '05/01/2026', '2026-01']) {
      const error = caught(() => t(bad, to('YYYYMMDD')));
      expect(error.code).toBe('OWH_MAPPING_FAILED');
      expect(error.details[0]).toMatchObject({ pointer: '/rules/0', keyword: 'date' });
    }
    expect(t('2024-02-29', to('YYYYMMDD'))).toBe('20240229');
  });
});

describe('datetime', () => {
  const to = (format: string, timezone?: string): MappingTransform[] => [{ datetime: timezone ? { to: format, timezone } : { to: format } }];

  test('writes UTC input in +08:00, across midnight', () => {
    expect(t('2026-01-05T17:30:00Z', to('YYYY-MM-DD HH:mm:ss'))).toBe('2026-01-06 01:30:00');
    expect(t('2025-12-31T16:00:00Z', to('YYYYMMDDHHmmss'))).toBe('20260101000000');
    expect(t('2024-02-28T20:00:00.123Z', to('YYYY-MM-DD HH:mm:ss'))).toBe('2024-02-29 04:00:00');
  });

  test('ZZ writes the offset, so the pattern can give RFC 3339', () => {
    expect(t('2026-01-05T17:30:00Z', to('YYYY-MM-DDTHH:mm:ssZZ'))).toBe('2026-01-06T01:30:00+08:00');
    expect(t('2026-01-05T09:30:00+08:00', to('YYYY-MM-DDTHH:mm:ssZZ', '+00:00'))).toBe('2026-01-05T01:30:00+00:00');
    expect(t('2026-01-05T09:30:00+08:00', to('YYYY-MM-DDTHH:mm:ssZZ', '-05:30'))).toBe('2026-01-04T20:00:00-05:30');
  });

  test('reads times without an offset as local times in the mapping timezone', () => {
    expect(t('2026-01-05 09:30:00', to('YYYY-MM-DDTHH:mm:ssZZ'))).toBe('2026-01-05T09:30:00+08:00');
    expect(t('2026-01-05T09:30:00', to('YYYY-MM-DDTHH:mm:ssZZ', '+00:00'))).toBe('2026-01-05T01:30:00+00:00');
    expect(t('20260105093000', to('YYYY-MM-DDTHH:mm:ssZZ', '+00:00'))).toBe('2026-01-05T01:30:00+00:00');
    expect(t(20260105093000, to('YYYY-MM-DD HH:mm:ss'))).toBe('2026-01-05 09:30:00');
    // A mapping in another timezone reads and writes in it.
    expect(t('2026-01-05 09:30:00', to('YYYY-MM-DDTHH:mm:ssZZ'), { timezone: '+09:00' })).toBe('2026-01-05T09:30:00+09:00');
    expect(t('2026-01-05T00:30:00Z', to('YYYY-MM-DD HH:mm'), { timezone: '-05:00' })).toBe('2026-01-04 19:30');
  });

  test('accepts lowercase t and z, fractions and negative offsets', () => {
    expect(t('2026-01-05t01:02:03.999999z', to('YYYYMMDDHHmmss'))).toBe('20260105090203');
    expect(t('2026-01-05T01:02:03-03:00', to('YYYYMMDDHHmmss'))).toBe('20260105120203');
  });

  test('refuses what is not a date-time', () => {
    for (const bad of ['2026-01-05', '2026-01-05T24:00:00Z', '2026-01-05T10:60:00Z', '2026-02-30T10:00:00Z', '2026-01-05T10:00:00+8', '2026010509300', 'now', '2026-01-05T10:00:00Zjunk']) {
      const error = caught(() => t(bad, to('YYYYMMDDHHmmss')));
      expect(error.code).toBe('OWH_MAPPING_FAILED');
      expect(error.details[0]).toMatchObject({ pointer: '/rules/0', keyword: 'datetime' });
    }
  });
});

describe('lookup', () => {
  test('looks the value up as a string key, after the steps before it', () => {
    const spec = { codeTables: { gender: { '1': '男', '2': '女' } } };
    expect(t(1, [{ lookup: 'gender' }], spec)).toBe('男');
    expect(t(' 2 ', [{ trim: true }, { lookup: 'gender' }], spec)).toBe('女');
    const error = caught(() => t('9', [{ lookup: 'gender' }], spec));
    expect(error.message).toBe("rule /rules/0 (→ out): code '9' is not in code table 'gender'");
    expect(error.details[0]).toMatchObject({ pointer: '/rules/0', keyword: 'lookup' });
  });
});
