import { planSessions, SessionSchedule } from './plan-sessions';
import { sessionsOnFreeDays } from './sessions-on-free-days';

// Instants in UTC, days in the series' zone: run with TZ=UTC and with TZ=Europe/Amsterdam.
const schedule = (rrule: string, firstStart: string): SessionSchedule => ({
  rrule,
  firstStart: new Date(firstStart),
  timeZone: 'Europe/Amsterdam',
  durationMinutes: 60,
  skipPublicHolidays: true,
});
const starts = (sessions: { scheduledAt: Date }[]) => sessions.map((s) => s.scheduledAt.toISOString());

describe('sessionsOnFreeDays', () => {
  it('leaves out the days the series already meets, by the date in its own zone', () => {
    // Mondays 00:30 in Amsterdam are Sundays 23:30 in UTC.
    const planned = planSessions(
      schedule('FREQ=WEEKLY;BYDAY=MO', '2026-12-07T00:30:00+01:00'),
      new Date('2026-12-01T00:00Z'),
      new Date('2026-12-22T00:00Z'),
    );
    expect(starts(planned)).toEqual([
      '2026-12-06T23:30:00.000Z',
      '2026-12-13T23:30:00.000Z',
      '2026-12-20T23:30:00.000Z',
    ]);
    const kept = sessionsOnFreeDays(planned, new Set(['2026-12-14']), 'Europe/Amsterdam');
    expect(starts(kept)).toEqual(['2026-12-06T23:30:00.000Z', '2026-12-20T23:30:00.000Z']);
    expect(sessionsOnFreeDays(planned, new Set(['2026-12-13']), 'Europe/Amsterdam')).toEqual(planned);
  });

  it('drops a session moved off a holiday onto a day the rule meets anyway', () => {
    // Easter Monday 2027-03-29 moves to Tuesday the 30th, which has a session of its own.
    const planned = planSessions(
      schedule('FREQ=WEEKLY;BYDAY=MO,TU', '2027-03-22T09:00:00+01:00'),
      new Date('2027-03-22T00:00Z'),
      new Date('2027-04-01T00:00Z'),
    );
    expect(starts(planned)).toEqual([
      '2027-03-22T08:00:00.000Z',
      '2027-03-23T08:00:00.000Z',
      '2027-03-30T07:00:00.000Z', // the Monday's, moved
      '2027-03-30T07:00:00.000Z', // the Tuesday's own
    ]);
    const kept = sessionsOnFreeDays(planned, new Set(), 'Europe/Amsterdam');
    expect(starts(kept)).toEqual([
      '2027-03-22T08:00:00.000Z',
      '2027-03-23T08:00:00.000Z',
      '2027-03-30T07:00:00.000Z',
    ]);
    expect(kept[2].occurrenceStart.toISOString()).toBe('2027-03-30T07:00:00.000Z');
  });

  it('keeps a moved session on a free day, and several sessions a day that the rule makes', () => {
    const moved = planSessions(
      schedule('FREQ=WEEKLY;BYDAY=MO', '2027-03-22T09:00:00+01:00'),
      new Date('2027-03-22T00:00Z'),
      new Date('2027-04-01T00:00Z'),
    );
    expect(starts(sessionsOnFreeDays(moved, new Set(), 'Europe/Amsterdam'))).toEqual([
      '2027-03-22T08:00:00.000Z',
      '2027-03-30T07:00:00.000Z',
    ]);
    const twice = planSessions(
      schedule('FREQ=WEEKLY;BYDAY=WE;BYHOUR=9,14;BYMINUTE=0', '2027-03-03T09:00:00+01:00'),
      new Date('2027-03-01T00:00Z'),
      new Date('2027-03-05T00:00Z'),
    );
    expect(starts(sessionsOnFreeDays(twice, new Set(), 'Europe/Amsterdam'))).toEqual([
      '2027-03-03T08:00:00.000Z',
      '2027-03-03T13:00:00.000Z',
    ]);
  });
});
