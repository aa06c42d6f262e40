/**
 * Dates and date-times as forms write them, parsed by hand (no regex, no Date parsing per call):
 * the formats are few and fixed, and Date.parse guesses where a mapping must not.
 */

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export interface DateTimeParts extends DateParts {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Offset in minutes east of UTC as written, or undefined when the text has none (a local time). */
  offset: number | undefined;
}

const MS_PER_DAY = 86_400_000;

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The number written by `count` digits at `i`, or -1. */
function digits(s: string, i: number, count: number): number {
  let n = 0;
  for (let k = 0; k < count; k++) {
    const d = digit(s, i + k);
    if (d < 0) return -1;
    n = n * 10 + d;
  }
  return n;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function validDate(year: number, month: number, day: number): boolean {
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day count since 1970-01-01. */
export function civilFromDays(days: number): DateParts {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

/**
 * A date-time written as RFC 3339 (`2026-01-05T09:30:00+08:00`, `…Z`, fractions allowed),
 * `YYYY-MM-DD HH:mm:ss`, `YYYY-MM-DDTHH:mm:ss` (no offset: a local time) or `YYYYMMDDHHmmss`.
 */
export function parseDateTimeParts(s: string): DateTimeParts | undefined {
  const n = s.length;
  let year: number, month: number, day: number, hour: number, minute: number, second: number;
  let millisecond = 0;
  let offset: number | undefined;
  if (n === 14) {
    year = digits(s, 0, 4);
    month = digits(s, 4, 2);
    day = digits(s, 6, 2);
    hour = digits(s, 8, 2);
    minute = digits(s, 10, 2);
    second = digits(s, 12, 2);
    if ((year | month | day | hour | minute | second) < 0) return undefined;
  } else {
    if (n < 19 || s[4] !== '-' || s[7] !== '-' || s[13] !== ':' || s[16] !== ':') return undefined;
    const t = s[10];
    if (t !== 'T' && t !== 't' && t !== ' ') return undefined;
    year = digits(s, 0, 4);
    month = digits(s, 5, 2);
    day = digits(s, 8, 2);
    hour = digits(s, 11, 2);
    minute = digits(s, 14, 2);
    second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) return undefined;
    let i = 19;
    if (s[i] === '.') {
      i++;
      const start = i;
      let scale = 100;
      while (i < n && digit(s, i) >= 0) {
        millisecond += digit(s, i) * scale;
        scale /= 10;
        i++;
      }
      if (i === start) return undefined;
      millisecond = Math.floor(millisecond);
    }
    if (i < n) {
      const sign = s[i];
      if (sign === 'Z' || sign === 'z') {
        offset = 0;
        i++;
      } else if (sign === '+' || sign === '-') {
        const oh = digits(s, i + 1, 2);
        const om = digits(s, i + 4, 2);
        if (oh < 0 || om < 0 || s[i + 3] !== ':' || oh > 23 || om > 59) return undefined;
        offset = (sign === '-' ? -1 : 1) * (oh * 60 + om);
        i += 6;
      } else return undefined;
    }
    if (i !== n) return undefined;
  }
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  return { year, month, day, hour, minute, second, millisecond, offset };
}

/**
 * A date written YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD or YYYY年MM月DD日 (one-digit month and day
 * allowed in the written-out forms), or any date-time parseDateTimeParts reads, whose date is
 * taken as written (no conversion between offsets).
 */
export function parseDateParts(s: string): DateParts | undefined {
  const n = s.length;
  if (n === 8) {
    const year = digits(s, 0, 4);
    const month = digits(s, 4, 2);
    const day = digits(s, 6, 2);
    if ((year | month | day) >= 0) return validDate(year, month, day) ? { year, month, day } : undefined;
  }
  if (n >= 6 && n <= 11) {
    const year = digits(s, 0, 4);
    const sep = s[4];
    const chinese = sep === '年';
    if (year >= 0 && (sep === '-' || sep === '/' || chinese)) {
      let i = 5;
      let month = digit(s, i++);
      if (digit(s, i) >= 0) month = month * 10 + digit(s, i++);
      if (month >= 0 && s[i] === (chinese ? '月' : sep)) {
        i++;
        let day = digit(s, i++);
        if (digit(s, i) >= 0) day = day * 10 + digit(s, i++);
        if (chinese && s[i] === '日') i++;
        if (day >= 0 && i === n) return validDate(year, month, day) ? { year, month, day } : undefined;
      }
    }
  }
  const dt = parseDateTimeParts(s);
  return dt ? { year: dt.year, month: dt.month, day: dt.day } : undefined;
}

/** Milliseconds since the epoch of a date-time; `localOffset` (minutes) applies when the text has no offset. */
export function parseDateTime(s: string, localOffset: number): number | undefined {
  const p = parseDateTimeParts(s);
  if (!p) return undefined;
  const days = daysFromCivil(p.year, p.month, p.day);
  const offset = p.offset ?? localOffset;
  return days * MS_PER_DAY + ((p.hour * 60 + p.minute - offset) * 60 + p.second) * 1000 + p.millisecond;
}

/** `+08:00` → 480. */
export function parseOffset(text: string): number | undefined {
  const m = /^([+-])([0-9]{2}):([0-9]{2})$/.exec(text);
  if (!m || Number(m[2]) > 23 || Number(m[3]) > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

export function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return n >= 1000 ? String(n) : String(n).padStart(4, '0');
}

const DATE_TOKENS = ['YYYY', 'MM', 'DD'] as const;
const DATETIME_TOKENS = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss', 'ZZ'] as const;
type Token = (typeof DATETIME_TOKENS)[number];

/** A pattern split once into literal text and tokens. */
function tokenize(pattern: string, tokens: readonly Token[]): Array<Token | { text: string }> {
  const parts: Array<Token | { text: string }> = [];
  let text = '';
  let i = 0;
  outer: while (i < pattern.length) {
    for (const token of tokens) {
      if (pattern.startsWith(token, i)) {
        if (text) parts.push({ text });
        text = '';
        parts.push(token);
        i += token.length;
        continue outer;
      }
    }
    text += pattern[i++];
  }
  if (text) parts.push({ text });
  return parts;
}

/** Whether a pattern uses any token at all (a pattern of only literal text is surely a mistake). */
export function hasTokens(pattern: string, kind: 'date' | 'datetime'): boolean {
  return tokenize(pattern, kind === 'date' ? DATE_TOKENS : DATETIME_TOKENS).some((p) => typeof p === 'string');
}

/** A formatter of dates for a pattern with YYYY MM DD (other characters kept). */
export function compileDateFormat(pattern: string): (d: DateParts) => string {
  const parts = tokenize(pattern, DATE_TOKENS).map((p): ((d: DateParts) => string) => {
    if (typeof p !== 'string') {
      const text = p.text;
      return () => text;
    }
    if (p === 'YYYY') return (d) => pad4(d.year);
    if (p === 'MM') return (d) => pad2(d.month);
    return (d) => pad2(d.day);
  });
  if (parts.length === 5 && pattern.length === 10) {
    // The common YYYY?MM?DD shape, without the loop.
    const [y, a, m, b, d] = parts;
    return (date) => y(date) + a(date) + m(date) + b(date) + d(date);
  }
  return (date) => {
    let out = '';
    for (let i = 0; i < parts.length; i++) out += parts[i](date);
    return out;
  };
}

interface WallClock extends DateParts {
  hour: number;
  minute: number;
  second: number;
  offset: string;
}

/** A formatter of instants (ms since epoch) at a fixed offset, for a pattern with YYYY MM DD HH mm ss ZZ. */
export function compileDateTimeFormat(pattern: string, offsetMinutes: number): (epochMs: number) => string {
  const offsetText = formatOffset(offsetMinutes);
  const parts = tokenize(pattern, DATETIME_TOKENS).map((p): ((w: WallClock) => string) => {
    if (typeof p !== 'string') {
      const text = p.text;
      return () => text;
    }
    switch (p) {
      case 'YYYY':
        return (w) => pad4(w.year);
      case 'MM':
        return (w) => pad2(w.month);
      case 'DD':
        return (w) => pad2(w.day);
      case 'HH':
        return (w) => pad2(w.hour);
      case 'mm':
        return (w) => pad2(w.minute);
      case 'ss':
        return (w) => pad2(w.second);
      default:
        return (w) => w.offset;
    }
  });
  const shift = offsetMinutes * 60_000;
  return (epochMs) => {
    const local = epochMs + shift;
    const days = Math.floor(local / MS_PER_DAY);
    const seconds = Math.floor((local - days * MS_PER_DAY) / 1000);
    const civil = civilFromDays(days);
    const wall: WallClock = {
      year: civil.year,
      month: civil.month,
      day: civil.day,
      hour: Math.floor(seconds / 3600),
      minute: Math.floor(seconds / 60) % 60,
      second: seconds % 60,
      offset: offsetText,
    };
    let out = '';
    for (let i = 0; i < parts.length; i++) out += parts[i](wall);
    return out;
  };
}
