import { DateTime } from 'luxon';
import { REPORT_TIME_ZONE } from './report-time-zone';

/**
 * A calendar quarter in Dutch local time: Q1 runs from 1 January 00:00 Europe/Amsterdam up to
 * (not including) 1 April 00:00 Europe/Amsterdam, whatever the UTC offset on either side.
 */
export class Quarter {
  private constructor(
    readonly year: number,
    readonly quarter: 1 | 2 | 3 | 4,
  ) {}

  static of(year: number, quarter: number): Quarter {
    if (!Number.isInteger(year) || year < 1000 || year > 9998)
      throw new RangeError(`year ${year} is out of range`);
    if (quarter !== 1 && quarter !== 2 && quarter !== 3 && quarter !== 4)
      throw new RangeError(`quarter ${quarter} is not 1 to 4`);
    return new Quarter(year, quarter);
  }

  /** The quarter an instant falls in, in Dutch local time. */
  static containing(instant: Date): Quarter {
    const local = DateTime.fromJSDate(instant, { zone: REPORT_TIME_ZONE });
    return Quarter.of(local.year, Math.ceil(local.month / 3));
  }

  /** The first instant of the quarter. */
  get startsAt(): Date {
    return this.localStart().toJSDate();
  }

  /** The first instant after the quarter (exclusive end). */
  get endsAt(): Date {
    return this.next().startsAt;
  }

  /** The first local calendar day, YYYY-MM-DD. */
  get firstDay(): string {
    return this.localStart().toISODate() as string;
  }

  /** The last local calendar day, YYYY-MM-DD. */
  get lastDay(): string {
    return this.localStart().plus({ months: 3 }).minus({ days: 1 }).toISODate() as string;
  }

  /** e.g. 2026-Q1 */
  get label(): string {
    return `${this.year}-Q${this.quarter}`;
  }

  previous(): Quarter {
    return this.quarter === 1 ? Quarter.of(this.year - 1, 4) : Quarter.of(this.year, this.quarter - 1);
  }

  next(): Quarter {
    return this.quarter === 4 ? Quarter.of(this.year + 1, 1) : Quarter.of(this.year, this.quarter + 1);
  }

  /** Whether the whole quarter lies before `now` (a closed quarter). */
  hasEndedBy(now: Date): boolean {
    return this.endsAt.getTime() <= now.getTime();
  }

  /**
   * The local day the quarter's triangles are judged on, asked at `now`: today while it runs (a
   * handover dated later in the quarter has not happened yet), otherwise its last day.
   */
  judgedOn(now: Date): string {
    return this.hasBegunBy(now) && !this.hasEndedBy(now) ? Quarter.localDate(now) : this.lastDay;
  }

  /** Whether the quarter has begun by `now` (it may have ended too). */
  hasBegunBy(now: Date): boolean {
    return this.startsAt.getTime() <= now.getTime();
  }

  /** An instant in ISO 8601 with the Dutch offset of that moment, e.g. 2026-01-01T00:00:00+01:00. */
  static localIso(instant: Date): string {
    return DateTime.fromJSDate(instant, { zone: REPORT_TIME_ZONE }).toISO({
      suppressMilliseconds: true,
    }) as string;
  }

  /** The Dutch local calendar day of an instant, YYYY-MM-DD. */
  static localDate(instant: Date): string {
    return DateTime.fromJSDate(instant, { zone: REPORT_TIME_ZONE }).toISODate() as string;
  }

  private localStart(): DateTime {
    return DateTime.fromObject(
      { year: this.year, month: (this.quarter - 1) * 3 + 1, day: 1 },
      { zone: REPORT_TIME_ZONE },
    );
  }
}
