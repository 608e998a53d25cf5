import { RRule } from 'rrule';
import { checkRecurrenceRule } from './check-recurrence-rule';
import { setPositionBeyondReach } from './set-position-beyond-reach';

describe('setPositionBeyondReach', () => {
  it('refuses a position no period of the rule can reach, in checkRecurrenceRule too', () => {
    // A lead's rule (2026-11-30): twelve at once held both sieve places, and others' creates waited.
    expect(checkRecurrenceRule('FREQ=DAILY;BYDAY=MO;BYSETPOS=2')).toEqual({
      ok: false,
      reason:
        'BYSETPOS=2 is never reached: FREQ=DAILY with these BY parts gives at most 1 date a day to pick from',
    });
    expect(checkRecurrenceRule('FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1,-6')).toEqual({
      ok: false,
      reason:
        'BYSETPOS=-6 is never reached: FREQ=MONTHLY with these BY parts gives at most 5 dates a month to pick from',
    });
  });

  it.each([
    ['FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=-2', 1],
    ['FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2', 1],
    ['FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=-3', 2],
    // Without BYDAY a weekly rule meets on the first start's weekday, a monthly one on its day.
    ['FREQ=WEEKLY;BYMONTH=3;BYSETPOS=2', 1],
    ['FREQ=MONTHLY;BYMONTH=3;BYSETPOS=2', 1],
    ['FREQ=MONTHLY;BYDAY=1MO,-1FR;BYSETPOS=3', 2],
    ['FREQ=MONTHLY;BYMONTHDAY=1,15;BYSETPOS=3', 2],
    ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=32', 31],
    ['FREQ=YEARLY;BYYEARDAY=1,2;BYSETPOS=-366', 2],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=1;BYSETPOS=2', 1],
    ['FREQ=YEARLY;BYMONTH=2;BYDAY=MO;BYSETPOS=6', 5],
    ['FREQ=YEARLY;BYDAY=MO;BYSETPOS=54', 53],
  ])('refuses %s (at most %i a period)', (rule, most) => {
    expect(setPositionBeyondReach(rule)).toMatch(new RegExp(`at most ${most} dates? a `));
  });

  // Each rule expanded without BYSETPOS from 2020 to 2048: its largest period set must stay pickable.
  it.each([
    'FREQ=DAILY;BYDAY=MO,TU',
    'FREQ=WEEKLY;BYDAY=MO,WE,FR',
    'FREQ=WEEKLY;BYMONTH=3',
    'FREQ=MONTHLY;BYDAY=MO',
    'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR',
    'FREQ=MONTHLY;BYDAY=1MO,-1FR,2WE',
    'FREQ=MONTHLY;BYMONTHDAY=1,15,-1',
    'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13',
    'FREQ=MONTHLY;BYMONTH=3',
    'FREQ=YEARLY;BYDAY=MO',
    'FREQ=YEARLY;BYMONTH=2;BYDAY=MO',
    'FREQ=YEARLY;BYMONTH=1,7;BYDAY=1MO,-1FR',
    'FREQ=YEARLY;BYDAY=20MO,-1SU',
    'FREQ=YEARLY;BYMONTHDAY=1,-1',
    'FREQ=YEARLY;BYMONTH=2,6;BYMONTHDAY=29,30',
    'FREQ=YEARLY;BYYEARDAY=1,100,-1',
    'FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO',
    'FREQ=YEARLY;BYWEEKNO=1,-1',
    'FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH,FR,SA,SU',
    'FREQ=YEARLY;BYMONTH=3,4',
  ])('takes every position some period of %s reaches', (rule) => {
    const options = RRule.parseString(rule);
    const dates = new RRule({ ...options, dtstart: new Date(Date.UTC(2020, 0, 1, 10)) }).between(
      new Date(Date.UTC(2020, 0, 1)),
      new Date(Date.UTC(2049, 0, 1)),
    );
    const period = (date: Date) => {
      const day = Math.floor(date.getTime() / 86_400_000);
      if (rule.startsWith('FREQ=DAILY')) return day;
      // Weeks from Monday (WKST's default); 1 January 1970 was a Thursday.
      if (rule.startsWith('FREQ=WEEKLY')) return day - ((day + 3) % 7);
      if (rule.startsWith('FREQ=MONTHLY')) return date.getUTCFullYear() * 12 + date.getUTCMonth();
      return date.getUTCFullYear();
    };
    const sizes = new Map<number, number>();
    for (const date of dates) sizes.set(period(date), (sizes.get(period(date)) ?? 0) + 1);
    const largest = Math.max(...sizes.values());
    expect([
      setPositionBeyondReach(`${rule};BYSETPOS=${largest}`),
      setPositionBeyondReach(`${rule};BYSETPOS=-${largest}`),
    ]).toEqual([null, null]);
  });
});
