import { planSessions, SessionSchedule } from './plan-sessions';
import { SessionSlots } from './session-slots';
import { sessionsInFreeSlots } from './sessions-in-free-slots';
import { TakenSession } from './taken-sessions';

// Instants in UTC, days in the series' zone: run with TZ=UTC and with TZ=Europe/Amsterdam.
const schedule = (rrule: string, firstStart: string): SessionSchedule => ({
  rrule,
  firstStart: new Date(firstStart),
  timeZone: 'Europe/Amsterdam',
  durationMinutes: 60,
  skipPublicHolidays: true,
});
const starts = (sessions: { scheduledAt: Date }[]) => sessions.map((s) => s.scheduledAt.toISOString());
const zone = 'Europe/Amsterdam';
const byDay = SessionSlots.forRule('FREQ=DAILY', zone, []);
/** A session that stays where it is, at noon of a local date. */
const takenOn = (date: string): TakenSession => {
  const noon = new Date(`${date}T12:00:00+01:00`);
  return { occurrenceStart: noon, scheduledAt: noon };
};

describe('sessionsInFreeSlots', () => {
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
    const kept = sessionsInFreeSlots(planned, [takenOn('2026-12-14')], byDay, zone);
    expect(starts(kept)).toEqual(['2026-12-06T23:30:00.000Z', '2026-12-20T23:30:00.000Z']);
    expect(sessionsInFreeSlots(planned, [takenOn('2026-12-13')], byDay, zone)).toEqual(planned);
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
    const kept = sessionsInFreeSlots(planned, [], byDay, zone);
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
    expect(starts(sessionsInFreeSlots(moved, [], byDay, zone))).toEqual([
      '2027-03-22T08:00:00.000Z',
      '2027-03-30T07:00:00.000Z',
    ]);
    const twice = planSessions(
      schedule('FREQ=WEEKLY;BYDAY=WE;BYHOUR=9,14;BYMINUTE=0', '2027-03-03T09:00:00+01:00'),
      new Date('2027-03-01T00:00Z'),
      new Date('2027-03-05T00:00Z'),
    );
    expect(starts(sessionsInFreeSlots(twice, [], byDay, zone))).toEqual([
      '2027-03-03T08:00:00.000Z',
      '2027-03-03T13:00:00.000Z',
    ]);
  });

  it("keeps a standing session's day, also when it was moved off a holiday onto a day another was postponed to", () => {
    // Tuesdays 10:00; Koningsdag (Tuesday 27 April 2027) moves to Wednesday 28 April, the day the
    // session of 20 April was postponed to (15:00).
    const planned = planSessions(
      schedule('FREQ=WEEKLY;BYDAY=TU', '2027-04-13T10:00:00+02:00'),
      new Date('2027-04-21T00:00Z'),
      new Date('2027-05-05T00:00Z'),
    );
    expect(starts(planned)).toEqual(['2027-04-28T08:00:00.000Z', '2027-05-04T08:00:00.000Z']);
    const byWeek = SessionSlots.forRule('FREQ=WEEKLY;BYDAY=TU', zone, [
      planned.map((p) => p.occurrenceStart),
    ]);
    const postponed: TakenSession = {
      occurrenceStart: new Date('2027-04-20T08:00:00Z'),
      scheduledAt: new Date('2027-04-28T13:00:00Z'),
    };
    const standing: TakenSession = {
      occurrenceStart: new Date('2027-04-27T08:00:00Z'),
      scheduledAt: new Date('2027-04-28T08:00:00Z'),
    };
    expect(sessionsInFreeSlots(planned, [postponed], byWeek, zone, [standing])).toEqual(planned);
    // Without a session of its own there, the day stays the postponed one's.
    expect(starts(sessionsInFreeSlots(planned, [postponed], byWeek, zone))).toEqual([
      '2027-05-04T08:00:00.000Z',
    ]);
  });

  it('keeps a weekly series out of a week whose session was called off, whatever its new day', () => {
    // Mondays 10:00 become Thursdays 10:00; the Monday of 7 December was cancelled.
    const thursdays = planSessions(
      schedule('FREQ=WEEKLY;BYDAY=TH', '2026-12-10T10:00:00+01:00'),
      new Date('2026-12-01T00:00Z'),
      new Date('2026-12-25T00:00Z'),
    );
    const cancelledMonday = new Date('2026-12-07T10:00:00+01:00');
    const taken = [{ occurrenceStart: cancelledMonday, scheduledAt: cancelledMonday }];
    const byWeek = SessionSlots.forRule('FREQ=WEEKLY;BYDAY=TH', zone, [
      thursdays.map((p) => p.occurrenceStart),
    ]);
    expect(starts(sessionsInFreeSlots(thursdays, taken, byWeek, zone))).toEqual([
      '2026-12-17T09:00:00.000Z',
      '2026-12-24T09:00:00.000Z',
    ]);
    // A session postponed into the next week takes its own week's slot, not the next one's.
    const postponed = {
      occurrenceStart: cancelledMonday,
      scheduledAt: new Date('2026-12-15T10:00:00+01:00'),
    };
    expect(starts(sessionsInFreeSlots(thursdays, [postponed], byWeek, zone))).toEqual([
      '2026-12-17T09:00:00.000Z',
      '2026-12-24T09:00:00.000Z',
    ]);
    expect(starts(sessionsInFreeSlots(thursdays, taken, byDay, zone))).toHaveLength(3);
  });
});
