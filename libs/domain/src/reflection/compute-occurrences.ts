import { RRule } from 'rrule';
import { ruleUntil } from './rule-until';
import { toFloating } from './to-floating';
import { trustedSetPositions } from './trusted-set-positions';
import { wallTimeInstant } from './wall-time-instant';

/** What a series' recurrence is made of. */
export interface RecurrenceSchedule {
  /** A normalised rule (see checkRecurrenceRule), without DTSTART. */
  rrule: string;
  /** The first occurrence; its wall-clock time in timeZone is kept for every occurrence. */
  firstStart: Date;
  /** IANA time zone, e.g. Europe/Amsterdam. */
  timeZone: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The rule's occurrences whose instant lies in [from, until], as real instants (at most `limit`).
 *
 * The `rrule` package is only reliable in "floating" time: with a TZID it returns local time
 * dressed as UTC and depends on the process time zone. So the rule runs on wall-clock
 * components written as UTC (Date.UTC(y, m, d, h, mi)), the results are read back with getUTC*
 * and each becomes a real instant in the series' zone with luxon. 10:00 stays 10:00 across
 * daylight saving, whatever TZ the process runs in.
 */
export function computeOccurrences(
  schedule: RecurrenceSchedule,
  from: Date,
  until: Date,
  limit = Infinity,
): Date[] {
  const zone = schedule.timeZone;
  const options = RRule.parseString(schedule.rrule);
  options.dtstart = toFloating(schedule.firstStart, zone);
  options.tzid = null;
  // UNTIL bounds the set as an instant (RFC 5545 §3.3.10). In floating time it is only near it: a
  // clock change repeats or skips an hour of wall time. So a day of margin, and the instant decides.
  const last = ruleUntil(schedule);
  if (last) options.until = new Date(toFloating(last, zone).getTime() + DAY_MS);
  // A day of margin on both sides: the floating range only approximates the real one.
  const [start, end] = [
    new Date(toFloating(from, zone).getTime() - DAY_MS),
    new Date(toFloating(until, zone).getTime() + DAY_MS),
  ];
  // The margin may add occurrences before `from`: one the day before, and one whose wall time the
  // autumn change repeats, which names its first instant (wallTimeInstant) while `from` is the second.
  const enough = limit + 2;
  const floating = options.bysetpos
    ? trustedSetPositions(options, start, end, enough)
    : // rrule stops at the first date the iterator refuses.
      new RRule(options).between(start, end, true, (_date, index) => index < enough);
  return (
    floating
      // The first start is itself, also when it names the second of a repeated wall time.
      .map((local) =>
        local.getTime() === options.dtstart!.getTime() ? schedule.firstStart : fromFloating(local, zone),
      )
      .filter((instant) => instant >= from && instant <= until && (!last || instant <= last))
      .slice(0, limit)
  );
}

/** The real instant of floating wall-clock components in a zone (see wallTimeInstant). */
function fromFloating(local: Date, zone: string): Date {
  return wallTimeInstant(
    {
      year: local.getUTCFullYear(),
      month: local.getUTCMonth() + 1,
      day: local.getUTCDate(),
      hour: local.getUTCHours(),
      minute: local.getUTCMinutes(),
      second: local.getUTCSeconds(),
    },
    zone,
  );
}
