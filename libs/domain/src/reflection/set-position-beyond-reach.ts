const PERIOD: Record<string, string> = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' };

/**
 * Why a rule's BYSETPOS can never pick a date, or null: a position beyond the largest set any
 * period of the rule can hold (FREQ=DAILY;BYDAY=MO;BYSETPOS=2, a day holds one date). Such a rule
 * never meets, which the sieve (ruleYieldsWithin) finds out only after stepping to the year 9999
 * for its whole budget, holding one of its few places; this says so at once. `rule` is normalised
 * (see checkRecurrenceRule).
 */
export function setPositionBeyondReach(rule: string): string | null {
  const parts = new Map(rule.split(';').map((part) => part.split('=') as [string, string]));
  const positions = parts.get('BYSETPOS')?.split(',').map(Number) ?? [];
  const most = largestSet(parts);
  const beyond = positions.find((position) => Math.abs(position) > most);
  if (beyond === undefined) return null;
  const freq = parts.get('FREQ') as string;
  return (
    `BYSETPOS=${beyond} is never reached: FREQ=${freq} with these BY parts gives at most ` +
    `${most} date${most === 1 ? '' : 's'} a ${PERIOD[freq]} to pick from`
  );
}

/**
 * An upper bound of the dates in one period of the rule (one time a day: BYHOUR and the like are
 * refused). Never too small, or a rule that meets would be refused; where `rrule` fills in a part
 * from the first start (a weekly rule without BYDAY meets on its weekday), that is one date.
 */
function largestSet(parts: Map<string, string>): number {
  const count = (key: string) => parts.get(key)?.split(',').length ?? 0;
  const [days, monthDays, months, yearDays, weeks] = [
    'BYDAY',
    'BYMONTHDAY',
    'BYMONTH',
    'BYYEARDAY',
    'BYWEEKNO',
  ].map(count);
  // 1MO names one day of its month (of its year without BYMONTH); MO up to 5 a month, 53 a year.
  const numbered = /\d/.test(parts.get('BYDAY') ?? '');
  switch (parts.get('FREQ')) {
    case 'DAILY':
      return 1;
    case 'WEEKLY':
      return days || 1;
    case 'MONTHLY':
      if (!days && !monthDays) return 1;
      return Math.min(31, days ? (numbered ? days : 5 * days) : 31, monthDays || 31);
    default: {
      if (!days && !monthDays && !yearDays && !weeks) return months || 1;
      // A week number marks its week, and 1 (or -1) also the days of the next year's first week
      // (the last year's last) that fall in this year: up to two more partial weeks.
      const byWeek = weeks ? Math.min(7 * weeks + 6, days ? days * (weeks + 2) : 366) : 366;
      const byDay = !days ? 366 : numbered ? days * (months || 1) : days * (months ? 5 * months : 53);
      return Math.min(366, yearDays || 366, monthDays ? monthDays * (months || 12) : 366, byWeek, byDay);
    }
  }
}
