export {
  CALENDAR_SCHEMA_ID,
  WorkingDayCalendar,
  findCalendarFile,
  loadCalendar,
  loadCatalogCalendar,
} from './working-days';
export type { CalendarFile, CalendarHoliday, CalendarWorkday, CountOptions, DateInput, DayInfo, Pause } from './working-days';
export * from './deadline';
