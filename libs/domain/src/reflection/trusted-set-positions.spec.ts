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

  describe('a daily rule of years (every day the last of its one-day set)', () => {
    // A lead's rule (2026-11-30) that took the api 14-16 s: the set of every day held every candidate.
    const rule = 'FREQ=DAILY;COUNT=9999;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=-1';
    const schedule = (rrule: string) => ({
      rrule,
      firstStart: new Date('2021-12-04T10:00:00+01:00'),
      timeZone: 'Europe/Amsterdam',
    });
    const expand = (rrule: string, from: string, until: string, limit?: number) =>
      computeOccurrences(schedule(rrule), new Date(from), new Date(until), limit).map((d) => d.toISOString());

    it('meets every day, as the same rule without BYSETPOS does', () => {
      const found = expand(rule, '2021-12-04T00:00:00Z', '2026-12-31T00:00:00Z');
      expect(found).toHaveLength(1853);
      expect(found).toEqual(expand('FREQ=DAILY;COUNT=9999', '2021-12-04T00:00:00Z', '2026-12-31T00:00:00Z'));
      // 10:00 in Amsterdam, winter and summer.
      expect([found[0], found[200], found[1852]]).toEqual([
        '2021-12-04T09:00:00.000Z',
        '2022-06-22T08:00:00.000Z',
        '2026-12-30T09:00:00.000Z',
      ]);
    });

    it('gives the first sessions of a limited expansion as the whole one does', () => {
      expect(expand(rule, '2026-12-01T00:00:00Z', '2031-12-01T00:00:00Z', 1)).toEqual([
        '2026-12-01T09:00:00.000Z',
      ]);
      expect(expand(rule, '2021-12-04T09:00:00Z', '2026-12-04T00:00:00Z', 2)).toEqual([
        '2021-12-04T09:00:00.000Z',
        '2021-12-05T09:00:00.000Z',
      ]);
    });

    it('stops at COUNT, counted from the first start', () => {
      const counted = 'FREQ=DAILY;COUNT=1000;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=-1';
      // The 1000th day from 4 December 2021 is 29 August 2024.
      expect(expand(counted, '2024-08-28T00:00:00Z', '2024-09-30T00:00:00Z')).toEqual([
        '2024-08-28T08:00:00.000Z',
        '2024-08-29T08:00:00.000Z',
      ]);
      expect(expand(counted, '2024-08-29T12:00:00Z', '2029-01-01T00:00:00Z', 1)).toEqual([]);
    });
  });

  it('limits a rule with negative positions to the sessions the whole expansion starts with', () => {
    const rules = [
      'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-5',
      'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-5;COUNT=3',
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,-1',
      'FREQ=WEEKLY;BYDAY=SU,MO;BYSETPOS=-1;WKST=SU',
      'FREQ=YEARLY;BYMONTH=2,8;BYDAY=MO;BYSETPOS=-5,2',
    ];
    for (const rule of rules) {
      const whole = days(rule, undefined, '2032-01-01T00:00:00Z');
      for (const limit of [1, 2, 3])
        expect(
          computeOccurrences(
            { rrule: rule, firstStart: new Date('2026-12-07T10:00:00+01:00'), timeZone: 'Europe/Amsterdam' },
            new Date('2026-12-07T10:00:00+01:00'),
            new Date('2032-01-01T00:00:00Z'),
            limit,
          ).map((instant) =>
            DateTime.fromJSDate(instant, { zone: 'Europe/Amsterdam' }).toFormat('yyyy-MM-dd HH:mm'),
          ),
        ).toEqual(whole.slice(0, limit));
    }
  });
});
