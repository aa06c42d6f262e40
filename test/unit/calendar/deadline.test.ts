import { deadlineState, WorkingDayCalendar } from '../../../src/calendar';

describe('deadline state', () => {
  const calendar = WorkingDayCalendar.weekendsOnly();
  // Due at the end of Friday 4 December 2026 (+08:00).
  const due = '2026-12-04T23:59:59+08:00';

  it('is on time with more than the margin left, due soon within it, overdue after the last day', () => {
    expect(deadlineState(calendar, due, new Date('2026-11-30T10:00:00+08:00'))).toBe('on-time'); // Monday: 4 working days left
    expect(deadlineState(calendar, due, new Date('2026-12-02T10:00:00+08:00'))).toBe('due-soon'); // Wednesday: 2 left
    expect(deadlineState(calendar, due, new Date('2026-12-04T23:00:00+08:00'))).toBe('due-soon'); // the last day itself
    expect(deadlineState(calendar, due, new Date('2026-12-05T00:00:01+08:00'))).toBe('overdue');
  });

  it('takes the margin in working days, so a weekend does not make a case look late', () => {
    // Friday 27 November with 5 working days left (Mon–Fri next week): on time even with a margin of 4.
    expect(deadlineState(calendar, due, new Date('2026-11-27T18:00:00+08:00'), 4)).toBe('on-time');
    expect(deadlineState(calendar, due, new Date('2026-11-27T18:00:00+08:00'), 5)).toBe('due-soon');
  });
});
