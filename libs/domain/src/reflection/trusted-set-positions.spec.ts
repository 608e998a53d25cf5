import { DateTime } from 'luxon';
import { computeOccurrences } from './compute-occurrences';

// Dates in the series' zone: run with TZ=UTC and with TZ=Europe/Amsterdam.
const days = (rrule: string, firstStart = '2026-12-07T10:00:00+01:00', until = '2027-12-31T00:00:00Z') =>
  computeOccurrences(
    { rrule, firstStart: new Date(firstStart), timeZone: 'Europe/Amsterdam' },
    new Date(firstStart),
    new Date(until),
  ).map((instant) => DateTime.fromJSDate(instant, { zone: 'Europe/Amsterdam' }).toFormat('yyyy-MM-dd HH:mm'));

describe('BYSETPOS (trustedSetPositions)', () => {
  const fifthLastMondays = ['2027-03-01 10:00', '2027-05-03 10:00', '2027-08-02 10:00', '2027-11-01 10:00'];

  it('has no occurrence for a negative position beyond the set: the fifth-last Monday only in months with five', () => {
    expect(days('FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-5')).toEqual(fifthLastMondays);
    expect(days('FREQ=MONTHLY;BYDAY=-5MO')).toEqual(fifthLastMondays);
  });

  it('gives each occurrence once when positions pick the same day', () => {
    const firstMondays = days('FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1');
    expect(firstMondays.slice(0, 3)).toEqual(['2026-12-07 10:00', '2027-01-04 10:00', '2027-02-01 10:00']);
    expect(days('FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1,-6')).toEqual(firstMondays);
    expect(days('FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1,-5')).toEqual(firstMondays);
  });

  it('keeps the positions within the set: the last working day of the month', () => {
    expect(days('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', undefined, '2027-04-01T00:00:00Z')).toEqual([
      '2026-12-31 10:00',
      '2027-01-29 10:00',
      '2027-02-26 10:00',
      '2027-03-31 10:00',
    ]);
  });

  it('has no occurrence at all for a position no year has', () => {
    expect(days('FREQ=YEARLY;BYYEARDAY=1,2;BYSETPOS=-366', '2027-01-01T10:00:00+01:00')).toEqual([]);
  });

  it('counts COUNT from the first occurrence, among those that exist', () => {
    expect(days('FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-5;COUNT=2')).toEqual(fifthLastMondays.slice(0, 2));
  });

  it('takes a week from WKST', () => {
    // Weeks from Sunday: Sunday and the Monday after are one set, its last the Monday.
    expect(days('FREQ=WEEKLY;BYDAY=SU,MO;BYSETPOS=-1;WKST=SU', undefined, '2026-12-22T00:00:00Z')).toEqual([
      '2026-12-07 10:00',
      '2026-12-14 10:00',
      '2026-12-21 10:00',
    ]);
    // Weeks from Monday: the Monday and the Sunday after, its last the Sunday.
    expect(days('FREQ=WEEKLY;BYDAY=SU,MO;BYSETPOS=-1', undefined, '2026-12-22T00:00:00Z')).toEqual([
      '2026-12-13 10:00',
      '2026-12-20 10:00',
    ]);
  });
});
