import { DateTime } from 'luxon';
import { wallTimeIsUnique } from '../../calendar/wall-time-is-unique';

const LOCALES = { nl: 'nl-NL', en: 'en-GB' };

/**
 * "dinsdag 24 maart 2026, 10:00–11:30 (Europe/Amsterdam)" in the session's own time zone; an end on
 * another day names that day ("dinsdag 8 december 2026, 22:30 – woensdag 9 december 2026, 01:30").
 * When a time falls in the repeated autumn hour both times name their zone abbreviation ("02:15
 * CEST–02:15 CET"), as the clock time alone could be either instant.
 */
export function formatSessionTime(start: Date, end: Date, zone: string, locale: 'nl' | 'en'): string {
  const s = DateTime.fromJSDate(start, { zone }).setLocale(LOCALES[locale]);
  const e = DateTime.fromJSDate(end, { zone }).setLocale(LOCALES[locale]);
  const time = wallTimeIsUnique(start, zone) && wallTimeIsUnique(end, zone) ? 'HH:mm' : 'HH:mm ZZZZ';
  const day = `cccc d LLLL yyyy, ${time}`;
  return s.hasSame(e, 'day')
    ? `${s.toFormat(day)}–${e.toFormat(time)} (${zone})`
    : `${s.toFormat(day)} – ${e.toFormat(day)} (${zone})`;
}

/** "24 maart 2026" for a calendar date (YYYY-MM-DD). */
export function formatDate(date: string, locale: 'nl' | 'en'): string {
  return DateTime.fromISO(date, { zone: 'utc' }).setLocale(LOCALES[locale]).toFormat('d LLLL yyyy');
}
