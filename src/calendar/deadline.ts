import type { WorkingDayCalendar } from './working-days';

export type DeadlineState = 'on-time' | 'due-soon' | 'overdue';

/**
 * Where an open case stands against its statutory deadline: overdue once its last working day has
 * ended; due soon when no more than `soonWorkingDays` working days are left.
 */
export function deadlineState(calendar: WorkingDayCalendar, dueAt: string, now: Date = new Date(), soonWorkingDays = 2): DeadlineState {
  if (now.getTime() > Date.parse(dueAt)) return 'overdue';
  return calendar.workingDaysBetween(now, dueAt) <= soonWorkingDays ? 'due-soon' : 'on-time';
}
