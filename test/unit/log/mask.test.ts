import { Writable } from 'node:stream';
import { createLogger } from '../../../src/log/logger';
import { maskDeep, maskIdNumber, maskPhone, maskText } from '../../../src/log/mask';

describe('masking personal data', () => {
  it('keeps the first 6 and last 4 characters of an ID number, the first 3 and last 4 of a phone', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('finds them anywhere in free text', () => {
    expect(maskText('申请人 11010519491231002X 电话13812345678 已受理')).toBe('申请人 110105********002X 电话138****5678 已受理');
  });

  it('leaves other numbers alone: receipts, 20-digit serials, amounts', () => {
    expect(maskText('receipt SJ20261128000001, serial 12345678901234567890, 3500.00')).toBe('receipt SJ20261128000001, serial 12345678901234567890, 3500.00');
  });

  it('masks inside objects and errors without changing the original', () => {
    const original = { applicant: { idNumber: '11010519491231002X', phones: ['13812345678'] } };
    const masked = maskDeep(original) as typeof original;
    expect(masked.applicant.idNumber).toBe('110105********002X');
    expect(masked.applicant.phones[0]).toBe('138****5678');
    expect(original.applicant.idNumber).toBe('11010519491231002X');
    expect(maskDeep(new Error('bad 13812345678'))).toMatchObject({ message: 'bad 138****5678' });
  });

  it('reaches no log line unmasked: fields, nested objects, errors and the message itself', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const logger = createLogger({ destination: sink, level: 'info' });
    logger.info({ applicant: { idNumber: '11010519491231002X' }, err: new Error('phone 13812345678 refused') }, 'case of 11010519491231002X');
    logger.child({ phone: '13912345678' }).warn('hello 13912345678');
    const text = lines.join('');
    expect(text).not.toMatch(/11010519491231002X|13812345678|13912345678/);
    expect(text).toContain('110105********002X');
    expect(text).toContain('139****5678');
  });
});
