/**
 * Exact decimal arithmetic for the `number` transform. Amounts in forms are decimals (12.34 yuan)
 * and department systems often want them scaled (1234 fen); doing that with floats gives
 * 1233.9999999999998, so values are shifted and rounded as decimal digit strings instead.
 */

/** value = (negative ? -1 : 1) × digits × 10^exponent; digits has no leading zeros ('' is zero). */
export interface Decimal {
  negative: boolean;
  digits: string;
  exponent: number;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Reads `-1234.5`, `+.5`, `1e-7`, `1,234.50` (thousands separators); undefined when it is not a number. */
export function parseDecimalText(text: string): Decimal | undefined {
  let s = text.trim();
  if (s.indexOf(',') >= 0) {
    if (!/^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$/.test(s)) return undefined;
    s = s.replace(/,/g, '');
  }
  const n = s.length;
  let i = 0;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') negative = s[i++] === '-';
  let digits = '';
  let seen = 0;
  let exponent = 0;
  while (i < n && isDigit(s.charCodeAt(i))) {
    digits += s[i++];
    seen++;
  }
  if (s[i] === '.') {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) {
      digits += s[i++];
      exponent--;
      seen++;
    }
  }
  if (seen === 0) return undefined;
  if (s[i] === 'e' || s[i] === 'E') {
    i++;
    let expNegative = false;
    if (s[i] === '+' || s[i] === '-') expNegative = s[i++] === '-';
    const start = i;
    let e = 0;
    while (i < n && isDigit(s.charCodeAt(i))) e = e * 10 + (s.charCodeAt(i++) - 48);
    if (i === start) return undefined;
    exponent += expNegative ? -e : e;
  }
  if (i !== n) return undefined;
  let lead = 0;
  while (lead < digits.length && digits[lead] === '0') lead++;
  return { negative, digits: digits.slice(lead), exponent };
}

/** The decimal a number stands for as JavaScript prints it (the shortest text that reads back the same). */
export function decimalOfNumber(value: number): Decimal | undefined {
  return Number.isFinite(value) ? parseDecimalText(String(value)) : undefined;
}

export function shift(d: Decimal, places: number): Decimal {
  return places === 0 ? d : { negative: d.negative, digits: d.digits, exponent: d.exponent + places };
}

function increment(digits: string): string {
  const chars = digits.split('');
  let i = chars.length - 1;
  while (i >= 0) {
    if (chars[i] === '9') {
      chars[i] = '0';
      i--;
    } else {
      chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1);
      return chars.join('');
    }
  }
  return `1${chars.join('')}`;
}

/** Rounds half away from zero (四舍五入) so that the exponent is at least `minExponent`. */
export function roundTo(d: Decimal, minExponent: number): Decimal {
  if (d.exponent >= minExponent) return d;
  const cut = minExponent - d.exponent;
  let digits = d.digits;
  if (cut > digits.length) digits = '0'.repeat(cut - digits.length) + digits;
  let kept = digits.slice(0, digits.length - cut);
  if (digits.charCodeAt(digits.length - cut) >= 53) kept = increment(kept === '' ? '0' : kept);
  let lead = 0;
  while (lead < kept.length && kept[lead] === '0') lead++;
  return { negative: d.negative, digits: kept.slice(lead), exponent: minExponent };
}

/** Plain decimal text (no exponent), with exactly `decimals` digits after the point when given. */
export function formatDecimal(d: Decimal, decimals?: number): string {
  let digits = d.digits;
  let exponent = d.exponent;
  if (decimals !== undefined && -exponent < decimals) {
    digits += '0'.repeat(decimals + exponent);
    exponent = -decimals;
  }
  let text: string;
  if (exponent >= 0) {
    text = digits === '' ? '0' : digits + '0'.repeat(exponent);
  } else {
    const places = -exponent;
    if (digits.length <= places) digits = '0'.repeat(places - digits.length + 1) + digits;
    text = `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
  }
  return d.negative && d.digits !== '' ? `-${text}` : text;
}
