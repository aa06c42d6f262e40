/**
 * The working-day calendar over which statutory time limits (承诺时限) are counted.
 *
 * A day is a working day when the calendar file lists it as a make-up working day (调休上班), or
 * else when it is neither a weekend day nor a holiday. Dates are calendar dates at the calendar's
 * fixed UTC offset (+08:00 by default): a moment belongs to the date it has there, whatever the
 * machine's own time zone. See docs/calendar.md and schemas/calendar.schema.json.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ErrorDetail, OwhError } from '../errors/owh-error';
import { locate, readSourceDocument } from '../util/yaml-source';
import { validatorFor } from '../validate/ajv';
import { toErrorDetails } from '../validate/errors';

export const CALENDAR_SCHEMA_ID = 'urn:owh:schema:calendar:1';

/** A holiday as written in the file: one `date`, or a `from`–`to` range (both days included). */
export interface CalendarHoliday {
  date?: string;
  from?: string;
  to?: string;
  name: string;
}

/** A make-up working day (调休上班): a weekend day that is worked. */
export interface CalendarWorkday {
  date: string;
  name: string;
}

/** The calendar file (calendar.yaml) as parsed; schemas/calendar.schema.json describes it. */
export interface CalendarFile {
  name?: string;
  /** The years whose holiday notice the file includes in full. */
  years: number[];
  /** Weekend days as Date.getDay() numbers them (0 Sunday … 6 Saturday); default [6, 0]. */
  weekend?: number[];
  /** Fixed UTC offset, ±HH:MM or Z; default +08:00. */
  timezone?: string;
  holidays?: CalendarHoliday[];
  workdays?: CalendarWorkday[];
}

/**
 * A date or a moment. `YYYY-MM-DD` is a calendar date as it is; an RFC 3339 date-time with an
 * offset (`2026-11-28T23:30:00+08:00`, `2026-11-28T15:30:00Z`) or a `Date` is a moment, which
 * falls on the calendar date it has at the calendar's offset. A date-time without an offset is
 * refused (it would depend on the machine's time zone).
 */
export type DateInput = string | Date;

/** An interval during which the clock stops (e.g. 补正, waiting for the applicant's supplement). */
export interface Pause {
  /** The day the clock stops (its calendar date, included). */
  from: DateInput;
  /** The day the clock runs again after (its calendar date, included: it does not count). */
  to: DateInput;
}

export interface CountOptions {
  /** Working days inside any of these (both end dates included) do not count. */
  pauses?: readonly Pause[];
}

/** What the calendar says about one date. */
export interface DayInfo {
  /** The date, YYYY-MM-DD. */
  date: string;
  working: boolean;
  /** Day of the week, 0 Sunday … 6 Saturday. */
  weekday: number;
  weekend: boolean;
  /** The holiday's name, when the date is a holiday. */
  holiday?: string;
  /** The make-up working day's name, when the date is one. */
  workday?: string;
}

const MS_PER_DAY = 86_400_000;
/** Enough for any real time limit (about 270 years of working days); guards against mistakes. */
const MAX_WORKING_DAYS = 100_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Day number (days since 1970-01-01) of a valid YYYY-MM-DD, else undefined. */
function parseDay(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return ms / MS_PER_DAY;
}

function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
}

function offsetMinutes(timezone: string): number {
  if (timezone === 'Z') return 0;
  const sign = timezone.startsWith('-') ? -1 : 1;
  return sign * (Number(timezone.slice(1, 3)) * 60 + Number(timezone.slice(4, 6)));
}

/** Every problem with a calendar's data, each with its JSON pointer (no file or line yet). */
function problemsOf(data: unknown): ErrorDetail[] {
  const validate = validatorFor<CalendarFile>(CALENDAR_SCHEMA_ID);
  if (!validate(data)) return clarifyShapeErrors(toErrorDetails(validate.errors));
  const file = data as CalendarFile;
  const problems: ErrorDetail[] = [];
  const weekend = new Set(file.weekend ?? [6, 0]);
  const holidayAt = new Map<number, string>(); // day → pointer of the entry that made it a holiday
  (file.holidays ?? []).forEach((h, i) => {
    const p = `/holidays/${i}`;
    const first = parseDay((h.date ?? h.from)!)!;
    const last = parseDay((h.date ?? h.to)!)!;
    if (last < first) {
      problems.push({ pointer: `${p}/to`, keyword: 'range', message: `ends before it starts (from ${h.from} to ${h.to})` });
      return;
    }
    for (let d = first; d <= last; d++) {
      const other = holidayAt.get(d);
      if (other !== undefined) {
        problems.push({ pointer: p, keyword: 'unique', message: `${formatDay(d)} is already a holiday at ${other}: list each day once (merge overlapping ranges)` });
        break;
      }
      holidayAt.set(d, p);
    }
  });
  const workdayAt = new Map<number, string>();
  (file.workdays ?? []).forEach((w, i) => {
    const p = `/workdays/${i}/date`;
    const day = parseDay(w.date)!;
    const holiday = holidayAt.get(day);
    if (holiday !== undefined) {
      problems.push({ pointer: p, keyword: 'conflict', message: `${w.date} is listed both as a holiday (at ${holiday}) and as a make-up working day` });
    } else if (workdayAt.has(day)) {
      problems.push({ pointer: p, keyword: 'unique', message: `${w.date} is already a make-up working day at ${workdayAt.get(day)}` });
    } else if (!weekend.has(weekdayOf(day))) {
      problems.push({ pointer: p, keyword: 'weekend', message: `${w.date} is not a weekend day, so it is a working day anyway: a make-up working day (调休上班) is a weekend day that is worked` });
    }
    workdayAt.set(day, p);
  });
  return problems;
}

/**
 * ajv reports a holiday with both `date` and `from`/`to`, or with neither, as several errors of
 * the `oneOf` branches; they are one problem, said once at the entry.
 */
function clarifyShapeErrors(details: ErrorDetail[]): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const said = new Set<string>();
  for (const d of details) {
    const m = /^(\/holidays\/\d+)(?:\/(date|from|to))?$/.exec(d.pointer);
    const shape = m && (d.keyword === 'oneOf' || d.keyword === 'false schema' || (d.keyword === 'required' && m[2] !== undefined));
    if (!m || !shape) {
      out.push(d);
      continue;
    }
    if (said.has(m[1])) continue;
    said.add(m[1]);
    out.push({ pointer: m[1], keyword: 'oneOf', message: 'a holiday is either one `date` or a `from`–`to` range (both days given), not both' });
  }
  return out;
}

function invalidCalendar(what: string, problems: ErrorDetail[]): OwhError {
  return new OwhError('OWH_CATALOG_INVALID', {
    message: `the calendar ${what} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
    details: problems,
    fix: 'Correct the entry at the file, line and JSON pointer given; schemas/calendar.schema.json and docs/calendar.md describe the calendar file.',
  });
}

/**
 * A working-day calendar: weekends, public holidays and make-up working days at a fixed UTC
 * offset.
 *
 * Counting rule (as Chinese administrative practice counts a time limit in working days): the
 * day of acceptance is day 0 and is never counted; counting starts on the day after it, and a
 * time limit of n working days ends at the end of the n-th working day after the acceptance day
 * (23:59:59 at the calendar's offset). Beyond the years the file covers (`covers(year)`), only
 * weekends (and any dates the file happens to list for those years) are days off.
 */
export class WorkingDayCalendar {
  /** The file the calendar was read from, when it was read from a file. */
  readonly file?: string;
  readonly name?: string;
  /** The calendar's UTC offset, ±HH:MM or Z. */
  readonly timezone: string;
  /** Weekend days, 0 Sunday … 6 Saturday. */
  readonly weekend: readonly number[];
  /** The years the file covers, ascending. */
  readonly years: readonly number[];
  private readonly offsetMs: number;
  private readonly weekendSet: Set<number>;
  private readonly yearSet: Set<number>;
  private readonly holidays = new Map<number, string>();
  private readonly workdays = new Map<number, string>();

  /**
   * Builds a calendar from a parsed calendar file, which is checked against
   * schemas/calendar.schema.json and for conflicts (a date both holiday and working day, a range
   * ending before it starts); a bad one throws OwhError `OWH_CATALOG_INVALID` with a JSON pointer
   * per problem. `loadCalendar(file)` does the same and adds the file and line.
   */
  constructor(data: CalendarFile, file?: string) {
    const copy = structuredClone(data) as CalendarFile; // validation applies the schema's defaults
    const problems = problemsOf(copy);
    if (problems.length > 0) throw invalidCalendar(file ? relative(process.cwd(), file) || file : 'data', problems);
    this.file = file;
    this.name = copy.name;
    this.timezone = copy.timezone ?? '+08:00';
    this.weekend = [...(copy.weekend ?? [6, 0])];
    this.years = [...copy.years].sort((a, b) => a - b);
    this.offsetMs = offsetMinutes(this.timezone) * 60_000;
    this.weekendSet = new Set(this.weekend);
    this.yearSet = new Set(this.years);
    for (const h of copy.holidays ?? []) {
      const first = parseDay((h.date ?? h.from)!)!;
      const last = parseDay((h.date ?? h.to)!)!;
      for (let d = first; d <= last; d++) this.holidays.set(d, h.name);
    }
    for (const w of copy.workdays ?? []) this.workdays.set(parseDay(w.date)!, w.name);
  }

  /** A calendar with weekends only (Saturday and Sunday at +08:00), covering no year. */
  static weekendsOnly(timezone = '+08:00'): WorkingDayCalendar {
    return new WorkingDayCalendar({ years: [], timezone });
  }

  /** Whether the file includes the holiday notice of this year (it is listed under `years`). */
  covers(year: number): boolean {
    return this.yearSet.has(year);
  }

  /** The calendar date (YYYY-MM-DD at the calendar's offset) of a date or moment. */
  dateOf(input: DateInput): string {
    return formatDay(this.dayOf(input));
  }

  /** Whether the date (or the calendar date of the moment) is a working day. */
  isWorkingDay(input: DateInput): boolean {
    return this.isWorkingDayNumber(this.dayOf(input));
  }

  /** What the calendar says about a date: working or not, and why. */
  describe(input: DateInput): DayInfo {
    const day = this.dayOf(input);
    const weekday = weekdayOf(day);
    const info: DayInfo = { date: formatDay(day), working: this.isWorkingDayNumber(day), weekday, weekend: this.weekendSet.has(weekday) };
    const holiday = this.holidays.get(day);
    if (holiday !== undefined) info.holiday = holiday;
    const workday = this.workdays.get(day);
    if (workday !== undefined) info.workday = workday;
    return info;
  }

  /**
   * The due date of a time limit of `n` working days for a case accepted at `start`: the end
   * (23:59:59 at the calendar's offset) of the n-th working day after the acceptance day, as an
   * ISO 8601 string with the offset, e.g. `2026-12-08T23:59:59+08:00`. The acceptance day is
   * day 0 and never counts, even when it is a working day; counting starts the next day.
   *
   * `n = 0` (即办件, done on the spot) is due at the end of the acceptance day itself, or of the
   * next working day when the case was accepted on a day off (e.g. online on a Sunday).
   *
   * Working days inside `options.pauses` (both end dates included, e.g. from the day 补正 was
   * asked to the day the supplement arrived) do not count. Beyond the years the file covers only
   * weekends are days off.
   */
  addWorkingDays(start: DateInput, n: number, options: CountOptions = {}): string {
    return this.endOfDay(this.dueDayNumber(start, n, options));
  }

  /** Like `addWorkingDays`, but only the due date, YYYY-MM-DD. */
  dueDate(start: DateInput, n: number, options: CountOptions = {}): string {
    return formatDay(this.dueDayNumber(start, n, options));
  }

  /**
   * The number of working days after `a`'s date up to and including `b`'s date, not counting
   * those inside `options.pauses`: the `n` for which `b` is the due date when `a` is the
   * acceptance day (for a working day `b`). Negative when `b` is before `a`, 0 on the same date.
   */
  workingDaysBetween(a: DateInput, b: DateInput, options: CountOptions = {}): number {
    const from = this.dayOf(a);
    const to = this.dayOf(b);
    if (to < from) return -this.workingDaysBetween(b, a, options);
    const paused = this.pausedDays(options.pauses);
    let count = 0;
    for (let d = from + 1; d <= to; d++) if (this.counts(d, paused)) count++;
    return count;
  }

  private dueDayNumber(start: DateInput, n: number, options: CountOptions): number {
    if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
      throw new RangeError(`a time limit is a whole number of working days from 0 to ${MAX_WORKING_DAYS}, not ${n}`);
    }
    const paused = this.pausedDays(options.pauses);
    let day = this.dayOf(start);
    if (n === 0) {
      while (!this.counts(day, paused)) day++;
      return day;
    }
    for (let counted = 0; counted < n; ) {
      day++;
      if (this.counts(day, paused)) counted++;
    }
    return day;
  }

  private counts(day: number, paused: (day: number) => boolean): boolean {
    return this.isWorkingDayNumber(day) && !paused(day);
  }

  private pausedDays(pauses: readonly Pause[] | undefined): (day: number) => boolean {
    const ranges = (pauses ?? []).map((p, i) => {
      const from = this.dayOf(p.from);
      const to = this.dayOf(p.to);
      if (to < from) throw new RangeError(`pause ${i} ends (${formatDay(to)}) before it starts (${formatDay(from)})`);
      return [from, to] as const;
    });
    return (day) => ranges.some(([from, to]) => day >= from && day <= to);
  }

  private isWorkingDayNumber(day: number): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    return !this.weekendSet.has(weekdayOf(day));
  }

  private endOfDay(day: number): string {
    return `${formatDay(day)}T23:59:59${this.timezone}`;
  }

  /** The day number (days since 1970-01-01) of a date, or of a moment's date at the calendar's offset. */
  private dayOf(input: DateInput): number {
    if (input instanceof Date) {
      const ms = input.getTime();
      if (Number.isNaN(ms)) throw new RangeError('invalid Date');
      return Math.floor((ms + this.offsetMs) / MS_PER_DAY);
    }
    if (typeof input !== 'string') throw new TypeError(`expected a date (YYYY-MM-DD), a date-time with offset or a Date, not ${typeof input}`);
    const day = parseDay(input);
    if (day !== undefined) return day;
    const m = DATE_TIME_RE.exec(input);
    if (m && parseDay(`${m[1]}-${m[2]}-${m[3]}`) !== undefined && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60) {
      const ms = Date.parse(input.replace(' ', 'T'));
      if (!Number.isNaN(ms)) return Math.floor((ms + this.offsetMs) / MS_PER_DAY);
    }
    if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(input)) {
      throw new RangeError(`'${input}' has no UTC offset: give one (e.g. +08:00 or Z), or give a date YYYY-MM-DD`);
    }
    throw new RangeError(`'${input}' is neither a date (YYYY-MM-DD) nor a date-time with offset (e.g. 2026-11-28T09:30:00+08:00)`);
  }
}

/**
 * Reads and checks a calendar file (YAML or JSON). Every problem is reported at once as an
 * OwhError `OWH_CATALOG_INVALID` whose details give each problem's file, line and JSON pointer:
 * schema errors, a date listed both as a holiday and as a make-up working day, a range that ends
 * before it starts, a make-up working day that is not a weekend day, a date listed twice.
 */
export function loadCalendar(file: string): WorkingDayCalendar {
  const source = readSourceDocument(file, 'OWH_CATALOG_INVALID');
  const problems = problemsOf(structuredClone(source.data));
  if (problems.length > 0) throw invalidCalendar(relative(process.cwd(), file) || file, locate(problems, source));
  return new WorkingDayCalendar(source.data as CalendarFile, file);
}

/** The calendar file of a catalog folder (calendar.yaml, .yml or .json), if it has one. */
export function findCalendarFile(catalogRoot: string): string | undefined {
  return ['yaml', 'yml', 'json'].map((ext) => join(catalogRoot, `calendar.${ext}`)).find((f) => existsSync(f));
}

/**
 * The catalog's calendar: `<catalog>/calendar.yaml` when there is one, else a weekends-only
 * calendar at +08:00 (whose `file` is undefined and which covers no year, so a caller can warn).
 */
export function loadCatalogCalendar(catalogRoot: string): WorkingDayCalendar {
  const file = findCalendarFile(catalogRoot);
  return file ? loadCalendar(file) : WorkingDayCalendar.weekendsOnly();
}
