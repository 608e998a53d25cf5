import { Frequency, Options, RRule, Weekday } from 'rrule';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Past the range, so that the last period's set is whole (a year at most). */
const PERIOD_MS = 367 * DAY_MS;

/**
 * The floating occurrences in [start, end] of a rule with BYSETPOS (at most `limit`), where `rrule`
 * is wrong: for a negative position beyond the period's set (the fifth-last Monday of a month with
 * four) it takes the set's first, where RFC 5545 has no occurrence. The positive positions are
 * `rrule`'s own; a negative one -k is the k-th of its period's set counted from the period's end,
 * picked by index once the period is whole. COUNT is applied to what remains, from the first occurrence.
 *
 * Each source is read period by period and only as far as the result needs (see `taker`), so a check
 * for a first session stops at it instead of expanding years of a daily rule.
 */
export function trustedSetPositions(
  options: Partial<Options>,
  start: Date,
  end: Date,
  limit = Infinity,
): Date[] {
  const positions = [options.bysetpos ?? []].flat();
  const count = options.count ?? null;
  const from = count ? (options.dtstart as Date) : start;
  const positive = positions.filter((p) => p > 0);
  // Earliest in a period first: -5 before -1.
  const negative = [...new Set(positions.filter((p) => p < 0))].sort((a, b) => a - b);
  const found: Date[] = [];
  const key = periodKey(options);
  if (positive.length) {
    const take = taker(found, key, count, start, limit);
    new RRule({ ...options, count: null, bysetpos: positive }).between(from, end, true, take);
  }
  if (negative.length) {
    const take = taker(found, key, count, start, limit);
    const last = options.until && options.until < end ? options.until : end;
    let period: Date[] = [];
    let periodOf: number | null = null;
    let more = true;
    /** Picks a whole period's negative positions; false once no more are wanted. */
    const pick = (): boolean => {
      for (const position of negative) {
        const picked = period[period.length + position];
        if (picked && (picked > last || !take(picked))) return false;
      }
      return true;
    };
    // The set without positions, past UNTIL too: a period's set is whole, UNTIL limits what is picked.
    new RRule({ ...options, count: null, bysetpos: null, until: null }).between(
      from,
      new Date(end.getTime() + PERIOD_MS),
      true,
      (date) => {
        const of = key(date);
        if (of === periodOf) {
          period.push(date);
          return true;
        }
        // A period that begins past the range has nothing to pick, nor has any after it.
        more = (periodOf === null || pick()) && date <= last;
        [period, periodOf] = [[date], of];
        return more;
      },
    );
    // The last period reached is whole: the set runs a year past the range.
    if (more) pick();
  }
  const unique = [...new Set(found.map((d) => d.getTime()))].sort((a, b) => a - b);
  return (count ? unique.slice(0, count) : unique)
    .filter((time) => time >= start.getTime() && time <= end.getTime())
    .slice(0, limit)
    .map((time) => new Date(time));
}

/**
 * Adds a source's occurrences to `found` and says whether more are wanted: not past the period in
 * which it gave COUNT of them, or `limit` from `start` on. The merged result needs no more of it:
 * what the result takes of one source is among that source's first COUNT and its first `limit` from
 * `start`. Periods come in order, but not always the dates within one: `rrule` sorts a period's
 * positions with an Invalid Date among them when a position is beyond that period's set.
 */
function taker(
  found: Date[],
  key: (date: Date) => number,
  count: number | null,
  start: Date,
  limit: number,
): (date: Date) => boolean {
  const taken = new Set<number>();
  let inRange = 0;
  let enoughIn: number | null = null;
  return (date) => {
    const of = key(date);
    if (enoughIn !== null && of !== enoughIn) return false;
    // rrule repeats a date a repeated position picks (BYSETPOS=1,1).
    if (taken.has(date.getTime())) return true;
    taken.add(date.getTime());
    found.push(date);
    if (date >= start) inRange += 1;
    if (enoughIn === null && ((count && taken.size >= count) || inRange >= limit)) enoughIn = of;
    return true;
  };
}

/** The period of the rule's frequency a floating date is in: its year, month, week (from WKST) or day. */
function periodKey(options: Partial<Options>): (date: Date) => number {
  const weekStart = options.wkst instanceof Weekday ? options.wkst.weekday : (options.wkst ?? 0);
  return (date) => {
    const day = Math.floor(date.getTime() / DAY_MS);
    switch (options.freq) {
      case Frequency.YEARLY:
        return date.getUTCFullYear();
      case Frequency.MONTHLY:
        return date.getUTCFullYear() * 12 + date.getUTCMonth();
      case Frequency.WEEKLY: {
        // rrule numbers days from Monday (0); getUTCDay from Sunday.
        const sinceWeekStart = (((date.getUTCDay() + 6 - weekStart) % 7) + 7) % 7;
        return day - sinceWeekStart;
      }
      default:
        return day;
    }
  };
}
