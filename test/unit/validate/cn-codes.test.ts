import { creditCodeCheckChar, isCreditCode, isMobile, isResidentId, residentIdCheckChar } from '../../../src/validate/cn-codes';

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the standard example and computes its check character', () => {
    // The worked example of GB 11643-1999: 11010519491231002X.
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(isResidentId('11010519491231002X')).toBe(true);
  });

  it('refuses a wrong check character as a typing error', () => {
    expect(isResidentId('110105194912310021')).toBe(false);
  });

  it('refuses impossible birth dates, lower-case x and wrong lengths', () => {
    const base = '33020319900230001';
    expect(isResidentId(base + residentIdCheckChar(base))).toBe(false); // 30 February
    expect(isResidentId('11010519491231002x')).toBe(false);
    expect(isResidentId('1101051949123100')).toBe(false);
  });

  it('accepts a Ningbo number with a computed check character', () => {
    const first17 = '33020319850612003';
    expect(isResidentId(first17 + residentIdCheckChar(first17))).toBe(true);
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts a code whose check character is computed with weighted MOD 31', () => {
    const first17 = '91330200MA2AB1234';
    const code = first17 + creditCodeCheckChar(first17);
    expect(isCreditCode(code)).toBe(true);
    const wrong = first17 + (code[17] === '0' ? '1' : '0');
    expect(isCreditCode(wrong)).toBe(false);
  });

  it('refuses the letters I, O, Z, S and V', () => {
    expect(isCreditCode('91330200MA2AB1234I')).toBe(false);
    expect(isCreditCode('91330200MO2AB12345')).toBe(false);
  });
});

describe('mobile numbers', () => {
  it('takes 11 digits starting with 1', () => {
    expect(isMobile('13812345678')).toBe(true);
    expect(isMobile('12812345678')).toBe(false);
    expect(isMobile('1381234567')).toBe(false);
    expect(isMobile('+8613812345678')).toBe(false);
  });
});
