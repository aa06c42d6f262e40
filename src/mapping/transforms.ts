import { compileDateFormat, compileDateTimeFormat, hasTokens, parseDateParts, parseDateTime, parseOffset, DateParts, civilFromDays } from './dates';
import { describeValue, isMissing, RuleFailure, RuleSite } from './failure';
import { decimalOfNumber, Decimal, formatDecimal, parseDecimalText, roundTo, shift } from './numbers';
import type { MappingTransform } from './spec';

/** One compiled step: value in, value out; throws RuleFailure when the value cannot be transformed. */
export type ValueFn = (value: unknown) => unknown;

/** What compiling a rule's steps needs to know. */
export interface StepEnv {
  site: RuleSite;
  /** Records a problem with the spec itself (compile time). */
  problem(keyword: string, message: string): void;
  /** A resolved code table by name. */
  table(name: string): ReadonlyMap<string, unknown> | undefined;
  /** The mapping's offset in minutes east of UTC. */
  timezone: number;
}

const SURROGATE = /[\uD800-\uDFFF]/;
const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'on', '是']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'off', '否']);

/** Transforms that work on one scalar apply to each element when the value is an array (e.g. after split). */
function elementwise(fn: ValueFn): ValueFn {
  return (value) => {
    if (!Array.isArray(value)) return fn(value);
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = isMissing(value[i]) ? value[i] : fn(value[i]);
    return out;
  };
}

/** Chains steps; a step that yields no value (undefined, null, '') ends the chain with undefined. */
export function chain(steps: ValueFn[]): ValueFn | undefined {
  if (steps.length === 0) return undefined;
  if (steps.length === 1) {
    const only = steps[0];
    return (value) => {
      const out = only(value);
      return isMissing(out) ? undefined : out;
    };
  }
  return (value) => {
    let out = value;
    for (let i = 0; i < steps.length; i++) {
      out = steps[i](out);
      if (out === undefined || out === null || out === '') return undefined;
    }
    return out;
  };
}

export function compileLookup(name: string, env: StepEnv, keyword: 'map' | 'lookup'): ValueFn {
  const table = env.table(name);
  if (!table) {
    env.problem(keyword, `code table '${name}' is not defined in codeTables`);
    return (v) => v;
  }
  const site = env.site;
  return elementwise((value) => {
    const key = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    const out = key === undefined ? undefined : table.get(key);
    if (out === undefined) throw new RuleFailure(site, keyword, `code ${describeValue(value)} is not in code table '${name}'`);
    return out;
  });
}

/** Compiles one transform step of a rule. */
export function compileTransform(step: MappingTransform, env: StepEnv): ValueFn {
  const site = env.site;
  const fail = (keyword: string, reason: string): never => {
    throw new RuleFailure(site, keyword, reason);
  };
  const text = (value: unknown, keyword: string): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
    return fail(keyword, `expects text, not ${describeValue(value)}`);
  };
  const keys = step && typeof step === 'object' ? Object.keys(step) : [];
  if (keys.length !== 1) {
    env.problem('transform', 'a transform step has exactly one key (e.g. {trim: true})');
    return (v) => v;
  }
  const name = keys[0];
  const arg = (step as unknown as Record<string, unknown>)[name];
  switch (name) {
    case 'trim':
      return elementwise((v) => text(v, 'trim').trim());
    case 'upper':
      return elementwise((v) => text(v, 'upper').toUpperCase());
    case 'lower':
      return elementwise((v) => text(v, 'lower').toLowerCase());
    case 'string':
      return elementwise((v) => text(v, 'string'));
    case 'date':
      return compileDate(arg as { to: string }, env, fail);
    case 'datetime':
      return compileDateTime(arg as { to: string; timezone?: string }, env, fail);
    case 'number':
      return compileNumber(arg as { scale?: number; decimals?: number; integer?: boolean }, fail);
    case 'split': {
      const { separator, index } = arg as { separator: string; index?: number };
      if (index === undefined) return elementwise((v) => text(v, 'split').split(separator));
      return elementwise((v) => {
        const parts = text(v, 'split').split(separator);
        return parts[index < 0 ? parts.length + index : index];
      });
    }
    case 'join': {
      const separator = (arg as { separator?: string } | undefined)?.separator ?? '';
      return (v) => {
        if (!Array.isArray(v)) return text(v, 'join');
        let out = '';
        let first = true;
        for (const element of v) {
          if (isMissing(element)) continue;
          out = first ? text(element, 'join') : out + separator + text(element, 'join');
          first = false;
        }
        return out;
      };
    }
    case 'substring': {
      const { start, end } = arg as { start: number; end?: number };
      return elementwise((v) => {
        const s = text(v, 'substring');
        return SURROGATE.test(s) ? Array.from(s).slice(start, end).join('') : s.slice(start, end);
      });
    }
    case 'pad': {
      const { length, char = ' ', side = 'start' } = arg as { length: number; char?: string; side?: 'start' | 'end' };
      return elementwise((v) => {
        const s = text(v, 'pad');
        const have = SURROGATE.test(s) ? Array.from(s).length : s.length;
        if (have >= length) return s;
        const fill = char.repeat(length - have);
        return side === 'end' ? s + fill : fill + s;
      });
    }
    case 'replace': {
      const { find, with: replacement } = arg as { find: string; with: string };
      // split/join: a literal replacement, with no `$&` patterns interpreted.
      return elementwise((v) => text(v, 'replace').split(find).join(replacement));
    }
    case 'prefix': {
      const prefix = String(arg);
      return elementwise((v) => prefix + text(v, 'prefix'));
    }
    case 'suffix': {
      const suffix = String(arg);
      return elementwise((v) => text(v, 'suffix') + suffix);
    }
    case 'lookup':
      return compileLookup(String(arg), env, 'lookup');
    case 'boolean': {
      const { true: yes, false: no } = arg as { true: unknown; false: unknown };
      return elementwise((v) => {
        if (v === true) return yes;
        if (v === false) return no;
        if (typeof v === 'number') {
          if (v === 1) return yes;
          if (v === 0) return no;
        } else if (typeof v === 'string') {
          if (TRUE_WORDS.has(v)) return yes;
          if (FALSE_WORDS.has(v)) return no;
          const lower = v.trim().toLowerCase();
          if (TRUE_WORDS.has(lower)) return yes;
          if (FALSE_WORDS.has(lower)) return no;
        }
        return fail('boolean', `${describeValue(v)} is neither true nor false (true, 1, yes, 是 / false, 0, no, 否)`);
      });
    }
    default:
      env.problem('transform', `unknown transform '${name}'`);
      return (v) => v;
  }
}

function compileDate(arg: { to: string }, env: StepEnv, fail: (keyword: string, reason: string) => never): ValueFn {
  if (!hasTokens(arg.to, 'date')) env.problem('transform', `date format '${arg.to}' has none of the tokens YYYY, MM, DD`);
  const format = compileDateFormat(arg.to);
  const offsetMs = env.timezone * 60_000;
  return elementwise((v) => {
    let parts: DateParts | undefined;
    if (typeof v === 'string') parts = parseDateParts(v.trim());
    else if (typeof v === 'number' && Number.isInteger(v)) parts = parseDateParts(String(v));
    else if (v instanceof Date && !Number.isNaN(v.getTime())) parts = civilFromDays(Math.floor((v.getTime() + offsetMs) / 86_400_000));
    if (!parts) return fail('date', `${describeValue(v)} is not a date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY年MM月DD日 or RFC 3339)`);
    return format(parts);
  });
}

function compileDateTime(arg: { to: string; timezone?: string }, env: StepEnv, fail: (keyword: string, reason: string) => never): ValueFn {
  if (!hasTokens(arg.to, 'datetime')) env.problem('transform', `date-time format '${arg.to}' has none of the tokens YYYY, MM, DD, HH, mm, ss, ZZ`);
  let output = env.timezone;
  if (arg.timezone !== undefined) {
    const parsed = parseOffset(arg.timezone);
    if (parsed === undefined) env.problem('transform', `timezone '${arg.timezone}' is not an offset like +08:00`);
    else output = parsed;
  }
  const format = compileDateTimeFormat(arg.to, output);
  const local = env.timezone;
  return elementwise((v) => {
    let epoch: number | undefined;
    if (typeof v === 'string') epoch = parseDateTime(v.trim(), local);
    else if (typeof v === 'number' && Number.isInteger(v)) epoch = parseDateTime(String(v), local);
    else if (v instanceof Date && !Number.isNaN(v.getTime())) epoch = v.getTime();
    if (epoch === undefined) {
      return fail('datetime', `${describeValue(v)} is not a date-time (RFC 3339, YYYY-MM-DD HH:mm:ss, YYYY-MM-DDTHH:mm:ss or YYYYMMDDHHmmss)`);
    }
    return format(epoch);
  });
}

/** A short string of digits, sign and point only: Number() reads it exactly as the decimal parser would. */
function shortNumeric(s: string): boolean {
  if (s.length > 15) return false;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c !== 46 && !((c === 45 || c === 43) && i === 0)) return false;
  }
  return digits > 0;
}

function compileNumber(arg: { scale?: number; decimals?: number; integer?: boolean } | undefined, fail: (keyword: string, reason: string) => never): ValueFn {
  const scale = arg?.scale ?? 0;
  const decimals = arg?.decimals;
  const integer = arg?.integer === true;
  const factor = 10 ** Math.abs(scale);
  const plain = decimals === undefined && !integer;
  return elementwise((v) => {
    // Fast path: when the scaled value is a whole number below 10^15, float arithmetic is exact.
    // N has at most 15 digits, so N / 10^scale is the only decimal of 15 digits that reads as x:
    // checking that it does proves x × 10^scale is exactly N (no 1233.9999999999998).
    let x: number | undefined;
    if (typeof v === 'number') x = v;
    else if (typeof v === 'string' && shortNumeric(v)) x = Number(v);
    if (x !== undefined && Number.isFinite(x)) {
      const n = Math.round(scale >= 0 ? x * factor : x / factor);
      if (Math.abs(n) < 1e15 && (scale >= 0 ? n / factor : n * factor) === x) {
        const whole = n === 0 ? 0 : n;
        return decimals === undefined ? whole : whole.toFixed(decimals);
      }
      if (plain && scale === 0) return x;
    }
    let d: Decimal | undefined;
    if (typeof v === 'number') d = decimalOfNumber(v);
    else if (typeof v === 'string') d = parseDecimalText(v);
    if (!d) return fail('number', `${describeValue(v)} is not a number`);
    d = shift(d, scale);
    if (integer) d = roundTo(d, 0);
    if (decimals !== undefined) return formatDecimal(roundTo(d, -decimals), decimals);
    const out = Number(formatDecimal(d));
    return Number.isFinite(out) ? out : fail('number', `${describeValue(v)} is out of range`);
  });
}
