import { DateTime } from 'luxon';
import { firstWorkingDayOfQuarter } from './first-working-day-of-quarter';
import { Quarter } from './quarter';
import { REPORT_TIME_ZONE } from './report-time-zone';

/** Local time of day at which a quarter is closed, on the first working day of the next quarter. */
const CLOSE_HOUR = 6;

/**
 * When quarters are closed: at 06:00 Europe/Amsterdam on the first working day of the next
 * quarter the previous quarter's report is frozen and sent.
 */
export const QuarterCloseSchedule = {
  /** The moment at which `quarter` is closed. */
  closesAt(quarter: Quarter): Date {
    const next = quarter.next();
    const day = firstWorkingDayOfQuarter(next.year, next.quarter);
    return DateTime.fromISO(day, { zone: REPORT_TIME_ZONE }).set({ hour: CLOSE_HOUR }).toJSDate();
  },

  /** Whether `now` is at or after the closing moment of the quarter before the current one. */
  isDue(now: Date): boolean {
    const previous = Quarter.containing(now).previous();
    return now.getTime() >= QuarterCloseSchedule.closesAt(previous).getTime();
  },

  /**
   * The most recent quarter whose closing moment has passed at `now`: the previous quarter once
   * its close is due, the one before it in the first hours or days of a quarter (so a late or
   * repeated run catches up instead of closing a quarter early).
   */
  quarterToClose(now: Date): Quarter {
    const previous = Quarter.containing(now).previous();
    return QuarterCloseSchedule.isDue(now) ? previous : previous.previous();
  },

  /**
   * The `count` most recent quarters whose closing moment has passed at `now`, oldest first:
   * what a run looks at, so that a worker that was down over a quarter close catches up.
   */
  quartersToClose(now: Date, count: number): Quarter[] {
    const quarters = [QuarterCloseSchedule.quarterToClose(now)];
    while (quarters.length < count) quarters.unshift(quarters[0].previous());
    return quarters;
  },
};
