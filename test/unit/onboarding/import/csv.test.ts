/**
 * The register import's CSV reader: RFC 4180 quoting, line numbers that stay right after line
 * breaks inside quotes, CRLF, a BOM, and GB18030 files from Excel on Chinese Windows.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { decodeImportText, readCsv, writeCsv } from '../../../../src/onboarding/import/csv';
import { parseImportFile } from '../../../../src/onboarding/import/parse';
import { caught } from '../../../helpers/owh-error';
import { tempDir } from '../../../helpers/temp-dir';


describe('readCsv', () => {
  it('splits records and fields, each record with its starting line', () => {
    expect(readCsv('a,b,c\n1,2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
    ]);
  });

  it('keeps commas inside quoted fields and reads doubled quotes as one quote', () => {
    expect(readCsv('name,description\n"a, b","say ""hello"""\n')[1].fields).toEqual(['a, b', 'say "hello"']);
  });

  it('keeps line breaks inside quoted fields and numbers the following records after them', () => {
    const records = readCsv('id,description\nx,"first\nsecond\nthird"\ny,plain\n');
    expect(records[1]).toEqual({ line: 2, fields: ['x', 'first\nsecond\nthird'] });
    expect(records[2]).toEqual({ line: 5, fields: ['y', 'plain'] });
  });

  it('reads CRLF line ends, counting a CRLF inside quotes as one line', () => {
    const records = readCsv('id,description\r\nx,"one\r\ntwo"\r\ny,z\r\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(records[1].fields[1]).toBe('one\r\ntwo');
  });

  it('keeps empty fields, an empty quoted field, and skips blank lines', () => {
    const records = readCsv('a,b,c\n\n1,,""\n\n2,x,\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 3, fields: ['1', '', ''] },
      { line: 5, fields: ['2', 'x', ''] },
    ]);
  });

  it('reads a last record without a line end', () => {
    expect(readCsv('a,b\n1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('refuses a quote that is never closed, naming the line it opened on', () => {
    const error = caught(() => readCsv('a,b\n1,2\n3,"open\nmore\n', 'items.csv'));
    expect(error.code).toBe('OWH_CATALOG_INVALID');
    expect(error.message).toContain('line 3');
    expect(error.details[0]).toMatchObject({ file: 'items.csv', line: 3 });
  });

  it('reads back what writeCsv writes', () => {
    const rows = [
      ['code', 'name'],
      ['XK00101001', 'a, "quoted"\nname'],
      ['GG00201000', ''],
    ];
    expect(readCsv(writeCsv(rows)).map((r) => r.fields)).toEqual(rows);
  });
});

describe('decoding import files', () => {
  it('drops a UTF-8 byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('编码,名称\n', 'utf8')]);
    expect(decodeImportText(bytes, 'x.csv')).toBe('编码,名称\n');
  });

  it('reads GB18030 when asked', () => {
    const bytes = iconv.encode('事项编码,事项名称\nXK00101001,有限责任公司设立登记\n', 'gb18030');
    expect(readCsv(decodeImportText(bytes, 'x.csv', 'gb18030'))[1].fields).toEqual(['XK00101001', '有限责任公司设立登记']);
  });

  it('refuses a GB18030 file read as UTF-8, saying on which line and how to import it', () => {
    const bytes = iconv.encode('code,name,department\nXK00101001,有限责任公司设立登记,amr\n', 'gb18030');
    const error = caught(() => decodeImportText(bytes, 'items.csv'));
    expect(error.code).toBe('OWH_CATALOG_INVALID');
    expect(error.details[0].line).toBe(2);
    expect(error.fix).toContain('--encoding gb18030');
  });

  it('imports a GB18030 items file with Chinese headers end to end', () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'items.csv');
      const text = '事项编码,事项名称,实施部门,权力类型,承诺时限,层级,牵头系统,协办系统\r\nXK00101001,有限责任公司设立登记,amr,行政许可,1,市级,amr-registration,hrss-employment、hrss-social-insurance\r\n';
      writeFileSync(file, iconv.encode(text, 'gb18030'));
      const parsed = parseImportFile(file, { encoding: 'gb18030' });
      expect(parsed.refused).toEqual([]);
      expect(parsed.items).toEqual([
        {
          line: 2,
          value: {
            code: 'XK00101001',
            name: '有限责任公司设立登记',
            department: 'amr',
            power: 'XK',
            timeLimitDays: 1,
            level: 'city',
            lead: 'amr-registration',
            coHandlers: ['hrss-employment', 'hrss-social-insurance'],
          },
        },
      ]);
    } finally {
      dir.cleanup();
    }
  });
});
