import { join, sep } from 'node:path';
import { anyDatePattern, cstDate, NameFields, pathInside, renderFileName, sanitiseValue } from '../../../../adapters/file/file-name';
import { csvField, parseCsv, writeCsv } from '../../../../adapters/file/csv';
import { compilePattern } from '../../../../adapters/file/result-file';
import { rejection } from './fixtures';

const fields = (overrides: Partial<NameFields> = {}): NameFields => ({
  caseId: 'NB20261128000001',
  itemCode: 'XK00101001',
  systemId: 'nrp-realestate',
  idempotencyKey: 'NB20261128000001:nrp-realestate',
  date: '20261128',
  ext: 'xml',
  ...overrides,
});

describe('file adapter: file names', () => {
  it('fills the template, keeping safe values as they are', () => {
    expect(renderFileName('{itemCode}_{caseId}_{date}.{ext}', fields())).toBe('XK00101001_NB20261128000001_20261128.xml');
    expect(renderFileName('{caseId}.{ext}', fields({ caseId: '宁波2026-0001' }))).toBe('宁波2026-0001.xml');
  });

  it.each([
    ['../../etc/passwd'],
    ['..'],
    ['.'],
    ['/abs/path'],
    ['a\\b'],
    ['a..b'],
    ['trailing.'],
    ['.hidden'],
    ['nul\u0000byte'],
    ['new\nline'],
    ['ｆｕｌｌ／width'],
  ])('makes %j a plain name: safe characters, no "..", not hidden, a hash of what changed', (value) => {
    const name = sanitiseValue(value);
    expect(name).toMatch(/^[^.][A-Za-z0-9._\-\u3400-\u9fff]*[^.]$/);
    expect(name).not.toContain('..');
    expect(name).toMatch(/-[0-9a-f]{8}$/);
    expect(sanitiseValue(value)).toBe(name); // the same value always gives the same name
  });

  it('gives idempotency keys a name of their own (the colon is not safe)', () => {
    expect(renderFileName('{idempotencyKey}.{ext}', fields())).toMatch(/^NB20261128000001_nrp-realestate-[0-9a-f]{8}\.xml$/);
  });

  it('steps around names Windows will not create', () => {
    expect(renderFileName('{caseId}.{ext}', fields({ caseId: 'con' }))).toBe('_con.xml');
    expect(renderFileName('{caseId}', fields({ caseId: 'LPT1' }))).toBe('_LPT1');
  });

  it('proves a name stays directly inside the folder', async () => {
    const folder = join(sep, 'srv', 'outbox');
    expect(pathInside(folder, 'NB1.json', 'name')).toBe(join(folder, 'NB1.json'));
    for (const bad of ['../x', '..', '', '.x', 'a/b', 'a\\b', 'x'.repeat(201)]) {
      const e = await rejection(Promise.resolve().then(() => pathInside(folder, bad, 'name')));
      expect([bad, e.code]).toEqual([bad, 'OWH_SEND_REJECTED']);
    }
  });

  it('writes the date in China Standard Time', () => {
    expect(cstDate(new Date('2026-11-28T15:59:59Z'))).toBe('20261128');
    expect(cstDate(new Date('2026-11-28T16:00:00Z'))).toBe('20261129');
  });

  it('matches the same case\'s names on any date, and no other case\'s', () => {
    const pattern = anyDatePattern('SQ_{date}_{caseId}.{ext}', fields())!;
    expect(pattern.test('SQ_20200101_NB20261128000001.xml')).toBe(true);
    expect(pattern.test('SQ_20200101_NB20261128000002.xml')).toBe(false);
    expect(pattern.test('SQ_2020_NB20261128000001.xml')).toBe(false);
    expect(anyDatePattern('{caseId}.{ext}', fields())).toBeUndefined();
  });
});

describe('file adapter: CSV', () => {
  it('quotes a field only when it must (RFC 4180)', () => {
    expect(csvField('plain 文本', ',')).toBe('plain 文本');
    expect(csvField('a,b', ',')).toBe('"a,b"');
    expect(csvField('a,b', ';')).toBe('a,b');
    expect(csvField('say "hi"', ',')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo', ',')).toBe('"one\ntwo"');
    expect(csvField('one\rtwo', ',')).toBe('"one\rtwo"');
  });

  it('reads back what it writes', () => {
    const rows = [['h1', 'h2', 'h3'], ['a,b', 'say "hi"', ''], ['one\r\ntwo', '', '宁波']];
    for (const [sepr, eol] of [[',', '\r\n'], ['|', '\n'], ['\t', '\r\n']]) {
      expect(parseCsv(writeCsv(rows, sepr, eol), sepr)).toEqual(rows);
    }
  });

  it('reads LF, CRLF and CR line ends, skips empty lines, keeps empty quoted fields', () => {
    expect(parseCsv('a,b\nc,d\r\ne,f\rg,h\n\n', ',')).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']]);
    expect(parseCsv('"",x\n""\n', ',')).toEqual([['', 'x'], ['']]);
    expect(parseCsv('a,b', ',')).toEqual([['a', 'b']]);
  });

  it('refuses an unterminated quote and text after a closing quote', () => {
    expect(() => parseCsv('a,"b\n', ',')).toThrow('a quoted field is not closed');
    expect(() => parseCsv('a,"b"c\n', ',')).toThrow('text after a closing quote');
  });
});

describe('file adapter: result file patterns', () => {
  it('reads globs without regard to case, and regular expressions as written', () => {
    expect(compilePattern('*.xml').test('JG_1.XML')).toBe(true);
    expect(compilePattern('*.xml').test('JG_1.xml.part')).toBe(false);
    expect(compilePattern('JG_?.csv').test('JG_1.csv')).toBe(true);
    expect(compilePattern('JG_?.csv').test('JG_12.csv')).toBe(false);
    expect(compilePattern('a+b(1).json').test('a+b(1).json')).toBe(true);
    const regex = compilePattern('/^JG_\\d+\\.xml$/g');
    expect([regex.test('JG_1.xml'), regex.test('JG_1.xml'), regex.test('JG_1.XML')]).toEqual([true, true, false]);
  });
});
