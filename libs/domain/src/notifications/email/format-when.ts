import { DateTime } from 'luxon';

const LOCALES = { nl: 'nl-NL', en: 'en-GB' };

/** "dinsdag 24 maart 2026, 10:00–11:30 (Europe/Amsterdam)" in the session's own time zone. */
export function formatSessionTime(start: Date, end: Date, zone: string, locale: 'nl' | 'en'): string {
  const s = DateTime.fromJSDate(start, { zone }).setLocale(LOCALES[locale]);
  const e = DateTime.fromJSDate(end, { zone }).setLocale(LOCALES[locale]);
  return `${s.toFormat('cccc d LLLL yyyy, HH:mm')}–${e.toFormat('HH:mm')} (${zone})`;
}

/** "24 maart 2026" for a calendar date (YYYY-MM-DD). */
export function formatDate(date: string, locale: 'nl' | 'en'): string {
  return DateTime.fromISO(date, { zone: 'utc' }).setLocale(LOCALES[locale]).toFormat('d LLLL yyyy');
}
