/**
 * The working-day calendar: every expected date below was counted by hand on a paper calendar
 * (weekday in brackets) and is stated in the comment next to it. The acceptance day is day 0;
 * counting starts on the day after it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCalendar, loadCatalogCalendar, WorkingDayCalendar } from '../../../src/calendar';
import { formatErrorForHumans, OwhError } from '../../../src/errors/owh-error';
import { packageRoot } from '../../../src/util/package-root';
import { caught } from '../../helpers/owh-error';
import { tempDir } from '../../helpers/temp-dir';

const DEMO_CATALOG = join(packageRoot(), 'examples', 'demo-city', 'catalog');
const cal = loadCalendar(join(DEMO_CATALOG, 'calendar.yaml'));

/** The end of a day at +08:00, as addWorkingDays gives it. */
const due = (date: string): string => `${date}T23:59:59+08:00`;

describe('the demo calendar (2025 and 2026)', () => {
  it('loads with its defaults and says which years it covers', () => {
    expect(cal.timezone).toBe('+08:00');
    expect(cal.weekend).toEqual([6, 0]);
    expect(cal.years).toEqual([2025, 2026]);
    expect(cal.covers(2025)).toBe(true);
    expect(cal.covers(2026)).toBe(true);
    expect(cal.covers(2024)).toBe(false);
    expect(cal.covers(2027)).toBe(false);
    expect(loadCatalogCalendar(DEMO_CATALOG).file).toBe(join(DEMO_CATALOG, 'calendar.yaml'));
  });

  it('has 248 working days in each year: 365 - 104 weekend days - 13 statutory holidays', () => {
    // Since 2025 the law gives 13 days of statutory holidays; every extra weekday off is made up
    // by a weekend workday, so the count checks the whole year's data. 2025 and 2026 both have
    // 104 Saturdays and Sundays (each starts on a weekday and has 52 weeks and one day).
    expect(cal.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(248);
    expect(cal.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(248);
  });
});

describe('isWorkingDay and describe', () => {
  it('knows weekdays, weekends, holidays and make-up working days', () => {
    expect(cal.isWorkingDay('2026-03-09')).toBe(true); // Mon
    expect(cal.isWorkingDay('2026-03-07')).toBe(false); // Sat
    expect(cal.isWorkingDay('2026-03-08')).toBe(false); // Sun
    expect(cal.isWorkingDay('2026-02-16')).toBe(false); // Mon, 春节
    expect(cal.isWorkingDay('2026-02-21')).toBe(false); // Sat inside 春节
    expect(cal.isWorkingDay('2026-02-24')).toBe(true); // Tue, first day back
    expect(cal.isWorkingDay('2026-02-14')).toBe(true); // Sat, 春节调休上班
    expect(cal.isWorkingDay('2025-09-28')).toBe(true); // Sun, 国庆节调休上班
    expect(cal.isWorkingDay('2025-10-08')).toBe(false); // Wed, last day of 国庆节、中秋节
  });

  it('says why', () => {
    expect(cal.describe('2026-02-14')).toEqual({ date: '2026-02-14', working: true, weekday: 6, weekend: true, workday: '春节调休上班' });
    expect(cal.describe('2026-10-05')).toEqual({ date: '2026-10-05', working: false, weekday: 1, weekend: false, holiday: '国庆节' });
    expect(cal.describe('2026-03-08')).toEqual({ date: '2026-03-08', working: false, weekday: 0, weekend: true });
  });
});

describe('addWorkingDays: holidays and make-up working days', () => {
  it('counts a make-up working day on a weekend', () => {
    // Accepted Thu 2026-02-12 (day 0): Fri 13 = 1, Sat 14 (调休上班) = 2, Sun 15 … Mon 23 春节,
    // Tue 24 = 3, Wed 25 = 4, Thu 26 = 5.
    expect(cal.addWorkingDays('2026-02-12', 5)).toBe(due('2026-02-26'));
    // Accepted Thu 2026-02-26: Fri 27 = 1, Sat 28 (调休上班) = 2.
    expect(cal.addWorkingDays('2026-02-26', 2)).toBe(due('2026-02-28'));
    // Accepted Fri 2025-01-24: Sat 25 off, Sun 26 (调休上班) = 1.
    expect(cal.addWorkingDays('2025-01-24', 1)).toBe(due('2025-01-26'));
  });

  it('differs from a weekends-only count exactly where the holidays are', () => {
    // Without holidays: Fri 13 = 1, Mon 16 = 2, Tue 17 = 3, Wed 18 = 4, Thu 19 = 5.
    expect(WorkingDayCalendar.weekendsOnly().addWorkingDays('2026-02-12', 5)).toBe(due('2026-02-19'));
  });

  it('skips a long holiday spanning weekends: 春节', () => {
    // Accepted Mon 2025-01-27: Tue 28 (除夕) … Tue Feb 4 are 春节; Wed Feb 5 = 1.
    expect(cal.addWorkingDays('2025-01-27', 1)).toBe(due('2025-02-05'));
    // Accepted Fri 2026-02-13: Sat 14 (调休上班) = 1, 15–23 off, Tue 24 = 2 … Fri 27 = 5, Sat 28 (调休上班) = 6.
    expect(cal.addWorkingDays('2026-02-13', 6)).toBe(due('2026-02-28'));
  });

  it('skips a long holiday spanning weekends: 国庆', () => {
    // Accepted Fri 2025-09-26: Sat 27 off, Sun 28 (调休上班) = 1, Mon 29 = 2, Tue 30 = 3.
    expect(cal.addWorkingDays('2025-09-26', 3)).toBe(due('2025-09-30'));
    // Accepted Tue 2025-09-30: Oct 1–8 off, Thu 9 = 1, Fri 10 = 2, Sat 11 (调休上班) = 3.
    expect(cal.addWorkingDays('2025-09-30', 3)).toBe(due('2025-10-11'));
    // Accepted Wed 2026-09-23: Thu 24 = 1, Fri 25–Sun 27 中秋节, Mon 28 = 2, Tue 29 = 3.
    expect(cal.addWorkingDays('2026-09-23', 3)).toBe(due('2026-09-29'));
    // Accepted Tue 2026-09-29: Wed 30 = 1, Oct 1–7 国庆节, Thu 8 = 2, Fri 9 = 3, Sat 10 (调休上班) = 4.
    expect(cal.addWorkingDays('2026-09-29', 4)).toBe(due('2026-10-10'));
    // Accepted Fri 2026-09-18: Sat 19 off, Sun 20 (调休上班) = 1, Mon 21 … Thu 24 = 5.
    expect(cal.addWorkingDays('2026-09-18', 5)).toBe(due('2026-09-24'));
  });

  it('the acceptance day never counts, even on a working day', () => {
    // Accepted Mon 2026-03-02: Tue 3 = 1.
    expect(cal.addWorkingDays('2026-03-02T09:00:00+08:00', 1)).toBe(due('2026-03-03'));
    // A typical 20-day limit: Mar 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19), Mon 30 = 20.
    expect(cal.addWorkingDays('2026-03-02', 20)).toBe(due('2026-03-30'));
  });
});

describe('year ends', () => {
  it('crosses 31 December into the new year\'s 元旦 holiday and its make-up day', () => {
    // Accepted Mon 2025-12-29: Tue 30 = 1, Wed 31 = 2, Jan 1–3 元旦, Sun Jan 4 (调休上班) = 3,
    // Mon 5 = 4, Tue 6 = 5.
    expect(cal.addWorkingDays('2025-12-29', 5)).toBe(due('2026-01-06'));
    // Accepted Tue 2024-12-31 (2024 is not covered, but 2025-01-01 is listed): Thu Jan 2 = 1.
    expect(cal.addWorkingDays('2024-12-31', 1)).toBe(due('2025-01-02'));
  });

  it('counts only weekends in a year the file does not cover', () => {
    // Accepted Wed 2026-12-30: Thu 31 = 1, Fri 2027-01-01 = 2 (2027 is not in the file, so its
    // 元旦 is not known), Sat and Sun off, Mon Jan 4 = 3.
    expect(cal.covers(2027)).toBe(false);
    expect(cal.isWorkingDay('2027-01-01')).toBe(true);
    expect(cal.addWorkingDays('2026-12-30', 3)).toBe(due('2027-01-04'));
  });
});

describe('pauses (补正)', () => {
  // Accepted Mon 2026-03-02, 10 working days: Mar 3–6 (4), 9–13 (9), Mon 16 = 10.
  it('without a pause', () => {
    expect(cal.addWorkingDays('2026-03-02', 10)).toBe(due('2026-03-16'));
  });

  it('does not count working days inside a pause, both end dates included', () => {
    // Paused from Thu 5 to Tue 10: Tue 3 = 1, Wed 4 = 2, (Thu 5, Fri 6, Mon 9, Tue 10 paused),
    // Wed 11 = 3, Thu 12 = 4, Fri 13 = 5, Mon 16 … Fri 20 = 10.
    const pauses = [{ from: '2026-03-05T10:00:00+08:00', to: '2026-03-10T09:00:00+08:00' }];
    expect(cal.addWorkingDays('2026-03-02', 10, { pauses })).toBe(due('2026-03-20'));
    expect(cal.workingDaysBetween('2026-03-02', '2026-03-20', { pauses })).toBe(10);
  });

  it('takes the pause\'s dates at the calendar\'s offset', () => {
    // The supplement arrived 2026-03-10T16:30:00Z, which is Wed 11 00:30 in Beijing: Wed 11 is
    // paused too, so Thu 12 = 3, Fri 13 = 4, Mon 16 … Fri 20 = 9, Mon 23 = 10.
    const pauses = [{ from: new Date('2026-03-05T02:00:00Z'), to: '2026-03-10T16:30:00Z' }];
    expect(cal.addWorkingDays('2026-03-02', 10, { pauses })).toBe(due('2026-03-23'));
  });

  it('a pause over days off changes nothing; several pauses add up', () => {
    expect(cal.addWorkingDays('2026-03-02', 10, { pauses: [{ from: '2026-03-07', to: '2026-03-08' }] })).toBe(due('2026-03-16'));
    // Tue 3 paused, Wed 4 = 1 … Fri 6 = 3, Mon 9 paused, Tue 10 … Fri 13 = 7, Mon 16 … Wed 18 = 10.
    const pauses = [{ from: '2026-03-03', to: '2026-03-03' }, { from: '2026-03-09', to: '2026-03-09' }];
    expect(cal.addWorkingDays('2026-03-02', 10, { pauses })).toBe(due('2026-03-18'));
    // A pause before the acceptance day changes nothing.
    expect(cal.addWorkingDays('2026-03-02', 10, { pauses: [{ from: '2026-02-24', to: '2026-02-27' }] })).toBe(due('2026-03-16'));
  });

  it('refuses a pause that ends before it starts', () => {
    expect(() => cal.addWorkingDays('2026-03-02', 10, { pauses: [{ from: '2026-03-10', to: '2026-03-05' }] })).toThrow(RangeError);
  });
});

describe('time zones', () => {
  it('a moment falls on its date in Beijing, not in UTC', () => {
    // 2026-11-28T23:30:00+08:00 is 2026-11-28T15:30:00Z: both are Sat 28 November.
    expect(cal.dateOf('2026-11-28T23:30:00+08:00')).toBe('2026-11-28');
    expect(cal.dateOf('2026-11-28T15:30:00Z')).toBe('2026-11-28');
    // Fri 27 at 23:59:59 in Beijing is still Friday; one second later it is Saturday the 28th,
    // though in UTC it is Friday 16:00.
    expect(cal.isWorkingDay('2026-11-27T15:59:59Z')).toBe(true);
    expect(cal.isWorkingDay('2026-11-27T16:00:00Z')).toBe(false);
    expect(cal.isWorkingDay(new Date('2026-11-27T16:00:00Z'))).toBe(false);
    // 09:30 on Friday the 27th in New York is 22:30 on Friday in Beijing; 12:30 is Saturday 01:30.
    expect(cal.dateOf('2026-11-27T09:30:00-05:00')).toBe('2026-11-27');
    expect(cal.dateOf('2026-11-27T12:30:00-05:00')).toBe('2026-11-28');
  });

  it('counts from the acceptance day in Beijing', () => {
    // Accepted Sat 2026-11-28 23:30 Beijing: Sun 29 off, Mon 30 = 1, Tue Dec 1 = 2, Wed 2 = 3.
    expect(cal.addWorkingDays('2026-11-28T23:30:00+08:00', 3)).toBe(due('2026-12-02'));
    expect(cal.addWorkingDays(new Date('2026-11-28T15:30:00Z'), 3)).toBe(due('2026-12-02'));
    // 2026-11-25T16:30:00Z is Thu 26 00:30 in Beijing (day 0), so Fri 27 = 1. Counted from the UTC
    // date (Wed 25) it would wrongly be Thu 26.
    expect(cal.addWorkingDays('2026-11-25T16:30:00Z', 1)).toBe(due('2026-11-27'));
    // 2026-11-25T15:59:59Z is Wed 25 23:59:59 in Beijing: Thu 26 = 1.
    expect(cal.addWorkingDays('2026-11-25T15:59:59Z', 1)).toBe(due('2026-11-26'));
  });

  it('does not depend on the machine\'s time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect(cal.addWorkingDays(new Date('2026-11-25T16:30:00Z'), 1)).toBe(due('2026-11-27'));
        expect(cal.isWorkingDay(new Date('2026-11-27T16:00:00Z'))).toBe(false);
        expect(cal.addWorkingDays('2025-12-29', 5)).toBe(due('2026-01-06'));
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('uses the calendar\'s own offset', () => {
    const utc = new WorkingDayCalendar({ years: [], timezone: 'Z' });
    expect(utc.isWorkingDay('2026-11-27T16:30:00Z')).toBe(true); // Friday in UTC
    expect(utc.addWorkingDays('2026-11-27T16:30:00Z', 1)).toBe('2026-11-30T23:59:59Z'); // Mon
  });

  it('refuses a date-time without an offset and dates that do not exist', () => {
    expect(() => cal.isWorkingDay('2026-11-28T23:30:00')).toThrow(/no UTC offset/);
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('28/11/2026')).toThrow(RangeError);
    expect(() => cal.isWorkingDay(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('n = 0 and workingDaysBetween', () => {
  it('n = 0 is due the end of the acceptance day, or of the next working day after a day off', () => {
    expect(cal.addWorkingDays('2026-03-02T10:00:00+08:00', 0)).toBe(due('2026-03-02')); // Mon
    expect(cal.addWorkingDays('2026-11-28T23:30:00+08:00', 0)).toBe(due('2026-11-30')); // Sat → Mon
    expect(cal.addWorkingDays('2026-02-15', 0)).toBe(due('2026-02-24')); // Sun, 春节 → Tue 24
    expect(cal.addWorkingDays('2026-02-14', 0)).toBe(due('2026-02-14')); // Sat, 调休上班
    expect(cal.dueDate('2026-03-02', 0)).toBe('2026-03-02');
  });

  it('refuses a negative or fractional time limit', () => {
    expect(() => cal.addWorkingDays('2026-03-02', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-03-02', 1.5)).toThrow(RangeError);
  });

  it('counts the working days after a up to and including b', () => {
    expect(cal.workingDaysBetween('2026-02-12', '2026-02-26')).toBe(5);
    expect(cal.workingDaysBetween('2026-02-26', '2026-02-12')).toBe(-5);
    expect(cal.workingDaysBetween('2026-02-12T08:00:00+08:00', '2026-02-12T23:00:00+08:00')).toBe(0);
    expect(cal.workingDaysBetween('2026-02-15', '2026-02-23')).toBe(0); // inside 春节
    expect(cal.workingDaysBetween('2025-12-29', '2026-01-06')).toBe(5);
  });

  it('is the inverse of addWorkingDays', () => {
    for (const start of ['2025-01-20', '2025-09-25', '2025-12-26', '2026-02-10', '2026-09-17', '2026-12-28']) {
      for (let n = 1; n <= 40; n++) {
        const dueDate = cal.dueDate(start, n);
        expect(cal.isWorkingDay(dueDate)).toBe(true);
        expect(cal.workingDaysBetween(start, dueDate)).toBe(n);
        expect(cal.addWorkingDays(start, n)).toBe(due(dueDate));
      }
    }
  });
});

describe('invalid calendar files', () => {
  const dir = tempDir('owh-calendar-');
  afterAll(() => dir.cleanup());

  function write(name: string, text: string): string {
    const file = join(dir.path, name);
    writeFileSync(file, text, 'utf8');
    return file;
  }


  const where = (e: OwhError): Array<[string, number | undefined, string]> =>
    e.details.map((d): [string, number | undefined, string] => [d.pointer, d.line, d.keyword]).sort((a, b) => (a[0] < b[0] ? -1 : 1));

  it('reports every schema error with its file, line and JSON pointer', () => {
    const file = write(
      'schema.yaml',
      [
        'years: [2026]',
        'weekend: [6, 7]',
        'timezone: "+8"',
        'holidays:',
        '  - { date: "2026-02-30", name: 春节 }',
        '  - { date: "2026-10-01", from: "2026-10-01", to: "2026-10-07", name: 国庆节 }',
        '  - { from: "2026-05-01", name: 劳动节 }',
        'workdays:',
        '  - { date: "2026-02-14" }',
        '  - { date: "2026-02-28", name: 春节调休上班, note: x }',
        '',
      ].join('\n'),
    );
    const e = caught(() => loadCalendar(file));
    expect(e.code).toBe('OWH_CATALOG_INVALID');
    expect(e.details.every((d) => d.file === file)).toBe(true);
    expect(where(e)).toEqual([
      ['/holidays/0/date', 5, 'format'],
      ['/holidays/1', 6, 'oneOf'],
      ['/holidays/2', 7, 'oneOf'],
      ['/timezone', 3, 'pattern'],
      ['/weekend/1', 2, 'maximum'],
      ['/workdays/0/name', 9, 'required'],
      ['/workdays/1/note', 10, 'additionalProperties'],
    ]);
    expect(e.details.find((d) => d.pointer === '/holidays/1')?.message).toMatch(/either one `date` or a `from`–`to` range/);
  });

  it('refuses a date both holiday and working day, a range ending before it starts, duplicates and weekday make-up days', () => {
    const file = write(
      'semantics.yaml',
      [
        'years: [2026]',
        'holidays:',
        '  - { from: "2026-10-07", to: "2026-10-01", name: 国庆节 }',
        '  - { from: "2026-02-15", to: "2026-02-23", name: 春节 }',
        '  - { date: "2026-02-20", name: 春节 }',
        'workdays:',
        '  - { date: "2026-02-21", name: 春节调休上班 }', // Sat inside 春节
        '  - { date: "2026-02-27", name: 调休 }', // a Friday
        '  - { date: "2026-02-28", name: 春节调休上班 }',
        '  - { date: "2026-02-28", name: 春节调休上班 }',
        '',
      ].join('\n'),
    );
    const e = caught(() => loadCalendar(file));
    expect(e.code).toBe('OWH_CATALOG_INVALID');
    expect(where(e)).toEqual([
      ['/holidays/0/to', 3, 'range'],
      ['/holidays/2', 5, 'unique'],
      ['/workdays/0/date', 7, 'conflict'],
      ['/workdays/1/date', 8, 'weekend'],
      ['/workdays/3/date', 10, 'unique'],
    ]);
    const text = formatErrorForHumans(e);
    expect(text).toContain(`${file}:7 /workdays/0/date: 2026-02-21 is listed both as a holiday (at /holidays/1) and as a make-up working day`);
    expect(text).toContain(`${file}:3 /holidays/0/to: ends before it starts`);
  });

  it('reports a YAML syntax error with its line', () => {
    const file = write('syntax.yaml', 'years: [2026]\nholidays:\n  - { date: "2026-10-01", name: 国庆节\n');
    const e = caught(() => loadCalendar(file));
    expect(e.code).toBe('OWH_CATALOG_INVALID');
    expect(e.details[0]).toMatchObject({ file, keyword: 'syntax' });
    expect(e.details[0].line).toBeGreaterThanOrEqual(3);
  });

  it('requires the years the file covers', () => {
    const e = caught(() => loadCalendar(write('no-years.yaml', 'holidays: []\n')));
    expect(where(e)).toEqual([['/years', 1, 'required']]);
  });

  it('checks a calendar built from data too (pointers without a file)', () => {
    const e = caught(
      () => new WorkingDayCalendar({ years: [2026], holidays: [{ date: '2026-10-03', name: '国庆节' }], workdays: [{ date: '2026-10-03', name: '调休' }] }),
    );
    expect(e.code).toBe('OWH_CATALOG_INVALID');
    expect(e.details).toEqual([expect.objectContaining({ pointer: '/workdays/0/date', keyword: 'conflict' })]);
    expect(e.details[0].file).toBeUndefined();
  });

  it('a catalog without calendar.yaml gets a weekends-only calendar covering no year', () => {
    const empty = tempDir('owh-calendar-empty-');
    try {
      const c = loadCatalogCalendar(empty.path);
      expect(c.file).toBeUndefined();
      expect(c.covers(2026)).toBe(false);
      expect(c.weekend).toEqual([6, 0]);
      expect(c.timezone).toBe('+08:00');
      expect(c.isWorkingDay('2026-10-01')).toBe(true); // a Thursday; no holidays known
    } finally {
      empty.cleanup();
    }
  });
});
