import { Frequency, Options, RRule, Weekday } from 'rrule';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Past the range, so that the last period's set is whole (a year at most). */
const PERIOD_MS = 367 * DAY_MS;

/**
 * The floating occurrences in [start, end] of a rule with BYSETPOS, where `rrule` is wrong: for a
 * negative position beyond the period's set (the fifth-last Monday of a month with four) it takes
 * the set's first, where RFC 5545 has no occurrence. The positive positions are `rrule`'s own; an
 * occurrence of a negative one -k stays only if it has exactly k of the set from itself to its
 * period's end. COUNT is applied to what remains, from the first occurrence.
 */
export function trustedSetPositions(options: Partial<Options>, start: Date, end: Date): Date[] {
  const positions = [options.bysetpos ?? []].flat();
  const count = options.count ?? null;
  const from = count ? (options.dtstart as Date) : start;
  const between = (extra: Partial<Options>, until: Date) =>
    new RRule({ ...options, count: null, ...extra }).between(from, until, true);
  const positive = positions.filter((p) => p > 0);
  const negative = positions.filter((p) => p < 0);
  const found = positive.length ? between({ bysetpos: positive }, end) : [];
  if (negative.length) {
    // The set without positions, past UNTIL too: a period's set is whole, UNTIL limits what is picked.
    const set = between({ bysetpos: null, until: null }, new Date(end.getTime() + PERIOD_MS));
    const key = periodKey(options);
    for (const candidate of between({ bysetpos: negative }, end)) {
      const rest = set.filter((d) => d >= candidate && key(d) === key(candidate)).length;
      if (negative.includes(-rest)) found.push(candidate);
    }
  }
  const unique = [...new Set(found.map((d) => d.getTime()))].sort((a, b) => a - b);
  return (count ? unique.slice(0, count) : unique)
    .filter((time) => time >= start.getTime() && time <= end.getTime())
    .map((time) => new Date(time));
}

/** The period of the rule's frequency a floating date is in: its year, month, week (from WKST) or day. */
function periodKey(options: Partial<Options>): (date: Date) => string {
  const weekStart = options.wkst instanceof Weekday ? options.wkst.weekday : (options.wkst ?? 0);
  return (date) => {
    switch (options.freq) {
      case Frequency.YEARLY:
        return `${date.getUTCFullYear()}`;
      case Frequency.MONTHLY:
        return `${date.getUTCFullYear()}-${date.getUTCMonth()}`;
      case Frequency.WEEKLY: {
        // rrule numbers days from Monday (0); getUTCDay from Sunday.
        const day = Math.floor(date.getTime() / DAY_MS);
        const sinceWeekStart = (((date.getUTCDay() + 6 - weekStart) % 7) + 7) % 7;
        return `${day - sinceWeekStart}`;
      }
      default:
        return date.toISOString().slice(0, 10);
    }
  };
}
