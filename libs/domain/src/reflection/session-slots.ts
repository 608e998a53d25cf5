import { DateTime } from 'luxon';

type SlotUnit = 'day' | 'week' | 'month' | 'year';

const UNIT_OF_FREQUENCY: Record<string, SlotUnit> = { WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' };

/**
 * The slot a session fills in its series: the week of a weekly series, the month of a monthly one,
 * otherwise its day (in the series' zone; weeks start on Monday). When a series moves from Monday
 * to Thursday, the Thursday is the same meeting as that week's Monday: it keeps the Monday's
 * session, and a week whose Monday was called off stays called off.
 */
export class SessionSlots {
  private constructor(
    readonly unit: SlotUnit,
    private readonly timeZone: string,
  ) {}

  /**
   * The slots of a rule, given the occurrences of each version of the series (each one list of
   * occurrence starts, a postponed session and its replacement sharing theirs). A rule that meets
   * more than once in a week or a month, now or before, is told apart by the day.
   */
  static forRule(rrule: string, timeZone: string, occurrences: Date[][]): SessionSlots {
    const frequency = /(?:^|;)FREQ=([A-Z]+)/.exec(rrule)?.[1] ?? '';
    const wide = new SessionSlots(UNIT_OF_FREQUENCY[frequency] ?? 'day', timeZone);
    if (wide.unit === 'day') return wide;
    const once = occurrences.every((starts) => {
      const distinct = new Set(starts.map((start) => start.getTime()));
      return new Set([...distinct].map((time) => wide.of(new Date(time)))).size === distinct.size;
    });
    return once ? wide : new SessionSlots('day', timeZone);
  }

  /** The slot of an instant, e.g. '2026-W49', '2026-12' or '2026-12-03'. */
  of(instant: Date): string {
    const local = this.local(instant);
    if (this.unit === 'week') return local.toFormat("kkkk-'W'WW");
    if (this.unit === 'month') return local.toFormat('yyyy-MM');
    if (this.unit === 'year') return local.toFormat('yyyy');
    return local.toISODate() as string;
  }

  /** Where the slot of an instant begins. */
  startOf(instant: Date): Date {
    return this.local(instant)
      .startOf(this.unit === 'week' ? 'week' : this.unit)
      .toJSDate();
  }

  private local(instant: Date): DateTime {
    return DateTime.fromJSDate(new Date(instant), { zone: this.timeZone });
  }
}
