import { computeOccurrences } from './compute-occurrences';
import { planSessions, SessionSchedule } from './plan-sessions';

// These expectations are instants (UTC). The spec must pass whatever TZ the process runs in:
// run it with TZ=UTC and with TZ=Europe/Amsterdam.
function plan(
  rrule: string,
  firstStart: string,
  from: string,
  until: string,
  extra: Partial<SessionSchedule> = {},
) {
  return planSessions(
    {
      rrule,
      firstStart: new Date(firstStart),
      timeZone: 'Europe/Amsterdam',
      durationMinutes: 90,
      skipPublicHolidays: true,
      ...extra,
    },
    new Date(from),
    new Date(until),
  );
}

const starts = (sessions: { scheduledAt: Date }[]) => sessions.map((s) => s.scheduledAt.toISOString());

describe('planSessions', () => {
  describe('keeps the wall-clock time across daylight saving', () => {
    it('weekly on Monday 10:00 around the last Sunday of March (2026-03-29)', () => {
      const sessions = plan(
        'FREQ=WEEKLY;BYDAY=MO',
        '2026-03-16T10:00:00+01:00',
        '2026-03-01T00:00Z',
        '2026-04-07T00:00Z',
      );
      expect(starts(sessions)).toEqual([
        '2026-03-16T09:00:00.000Z',
        '2026-03-23T09:00:00.000Z',
        '2026-03-30T08:00:00.000Z', // 10:00 CEST
        '2026-04-07T08:00:00.000Z', // 6 April 2026 is Easter Monday
      ]);
      expect(sessions[2].endsAt.toISOString()).toBe('2026-03-30T09:30:00.000Z');
    });

    it('weekly on Monday 10:00 around the last Sunday of October (2026-10-25)', () => {
      const sessions = plan(
        'FREQ=WEEKLY;BYDAY=MO',
        '2026-10-12T10:00:00+02:00',
        '2026-10-01T00:00Z',
        '2026-11-03T00:00Z',
      );
      expect(starts(sessions)).toEqual([
        '2026-10-12T08:00:00.000Z',
        '2026-10-19T08:00:00.000Z',
        '2026-10-26T09:00:00.000Z', // 10:00 CET
        '2026-11-02T09:00:00.000Z',
      ]);
    });

    it('daily 09:00 through the spring change', () => {
      const sessions = plan(
        'FREQ=DAILY',
        '2026-03-27T09:00:00+01:00',
        '2026-03-27T00:00Z',
        '2026-03-31T00:00Z',
        {
          skipPublicHolidays: false,
        },
      );
      expect(starts(sessions)).toEqual([
        '2026-03-27T08:00:00.000Z',
        '2026-03-28T08:00:00.000Z',
        '2026-03-29T07:00:00.000Z', // the change day itself: 09:00 CEST
        '2026-03-30T07:00:00.000Z',
      ]);
    });

    it('daily 09:00 through the autumn change', () => {
      const sessions = plan(
        'FREQ=DAILY',
        '2026-10-23T09:00:00+02:00',
        '2026-10-23T00:00Z',
        '2026-10-27T00:00Z',
        {
          skipPublicHolidays: false,
        },
      );
      expect(starts(sessions)).toEqual([
        '2026-10-23T07:00:00.000Z',
        '2026-10-24T07:00:00.000Z',
        '2026-10-25T08:00:00.000Z', // 09:00 CET
        '2026-10-26T08:00:00.000Z',
      ]);
    });

    it('ends a session that spans the change at the right instant', () => {
      const [session] = plan(
        'FREQ=DAILY;COUNT=1',
        '2026-10-25T01:30:00+02:00',
        '2026-10-24T00:00Z',
        '2026-10-26T00:00Z',
        {
          durationMinutes: 120,
          skipPublicHolidays: false,
        },
      );
      // 01:30 CEST plus two hours of real time is 02:30 CET.
      expect(session.scheduledAt.toISOString()).toBe('2026-10-24T23:30:00.000Z');
      expect(session.endsAt.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    });

    it('moves a time that does not exist on the spring change day forward by an hour', () => {
      const sessions = plan(
        'FREQ=DAILY',
        '2026-03-28T02:30:00+01:00',
        '2026-03-28T00:00Z',
        '2026-03-30T12:00Z',
        {
          skipPublicHolidays: false,
        },
      );
      expect(starts(sessions)).toEqual([
        '2026-03-28T01:30:00.000Z',
        '2026-03-29T01:30:00.000Z', // 03:30 CEST: 02:30 was skipped
        '2026-03-30T00:30:00.000Z',
      ]);
    });

    it('keeps the wall-clock time in another zone', () => {
      const sessions = plan(
        'FREQ=WEEKLY',
        '2026-03-02T09:00:00-05:00',
        '2026-03-01T00:00Z',
        '2026-03-17T00:00Z',
        {
          timeZone: 'America/New_York',
        },
      );
      // The US changes on 2026-03-08.
      expect(starts(sessions)).toEqual([
        '2026-03-02T14:00:00.000Z',
        '2026-03-09T13:00:00.000Z',
        '2026-03-16T13:00:00.000Z',
      ]);
    });
  });

  it('follows a monthly rule on the first Tuesday', () => {
    const sessions = plan(
      'FREQ=MONTHLY;BYDAY=1TU',
      '2026-01-06T10:00:00+01:00',
      '2026-01-01T00:00Z',
      '2026-07-01T00:00Z',
    );
    expect(starts(sessions)).toEqual([
      '2026-01-06T09:00:00.000Z',
      '2026-02-03T09:00:00.000Z',
      '2026-03-03T09:00:00.000Z',
      '2026-04-07T08:00:00.000Z',
      '2026-05-05T08:00:00.000Z',
      '2026-06-02T08:00:00.000Z',
    ]);
  });

  it('starts at firstStart even when the range starts earlier, and honours the range', () => {
    const sessions = plan(
      'FREQ=WEEKLY',
      '2026-05-04T10:00:00+02:00',
      '2026-01-01T00:00Z',
      '2026-05-18T08:00Z',
    );
    expect(starts(sessions)).toEqual([
      '2026-05-04T08:00:00.000Z',
      '2026-05-11T08:00:00.000Z',
      '2026-05-18T08:00:00.000Z', // the end of the range is inclusive
    ]);
    expect(
      plan('FREQ=WEEKLY', '2026-05-04T10:00:00+02:00', '2026-05-04T08:00:01Z', '2026-05-12T00:00Z'),
    ).toHaveLength(1);
  });

  it('stops at COUNT and at UNTIL (a UTC instant or a local date)', () => {
    expect(
      plan('FREQ=WEEKLY;COUNT=2', '2026-05-04T10:00:00+02:00', '2026-01-01T00:00Z', '2027-01-01T00:00Z'),
    ).toHaveLength(2);
    const untilInstant = plan(
      'FREQ=WEEKLY;UNTIL=20260518T080000Z',
      '2026-05-04T10:00:00+02:00',
      '2026-01-01T00:00Z',
      '2027-01-01T00:00Z',
    );
    expect(starts(untilInstant)).toEqual([
      '2026-05-04T08:00:00.000Z',
      '2026-05-11T08:00:00.000Z',
      '2026-05-18T08:00:00.000Z',
    ]);
    const untilDate = plan(
      'FREQ=WEEKLY;UNTIL=20260511',
      '2026-05-04T10:00:00+02:00',
      '2026-01-01T00:00Z',
      '2027-01-01T00:00Z',
    );
    expect(starts(untilDate)).toEqual(['2026-05-04T08:00:00.000Z', '2026-05-11T08:00:00.000Z']);
  });

  it('bounds the sessions by UNTIL as an instant across the clock changes (RFC 5545)', () => {
    const daily = (firstStart: string, until: string) =>
      starts(
        plan(`FREQ=DAILY;UNTIL=${until}`, firstStart, '2027-01-01T00:00Z', '2028-01-01T00:00Z', {
          skipPublicHolidays: false, // 28 March 2027 is Easter Sunday
        }),
      );
    // 31 October 2027: 02:30 summer time (00:30Z) comes before an UNTIL of 02:00 winter time (01:00Z).
    const autumn = ['2027-10-29T00:30:00.000Z', '2027-10-30T00:30:00.000Z', '2027-10-31T00:30:00.000Z'];
    expect(daily('2027-10-29T02:30:00+02:00', '20271031T005959Z')).toEqual(autumn);
    expect(daily('2027-10-29T02:30:00+02:00', '20271031T010000Z')).toEqual(autumn);
    expect(daily('2027-10-29T02:30:00+02:00', '20271031T002959Z')).toEqual(autumn.slice(0, 2));
    // 28 March 2027: 02:30 does not exist and becomes 03:30 summer time (01:30Z), after 01:00Z.
    const spring = ['2027-03-26T01:30:00.000Z', '2027-03-27T01:30:00.000Z'];
    expect(daily('2027-03-26T02:30:00+01:00', '20270328T010000Z')).toEqual(spring);
    expect(daily('2027-03-26T02:30:00+01:00', '20270328T013000Z')).toEqual([
      ...spring,
      '2027-03-28T01:30:00.000Z',
    ]);
  });

  describe('Dutch public holidays', () => {
    it('moves Koningsdag (Tuesday 27 April 2027) to the next working day at the same time', () => {
      const sessions = plan(
        'FREQ=WEEKLY;BYDAY=TU',
        '2027-04-20T10:00:00+02:00',
        '2027-04-19T00:00Z',
        '2027-05-05T00:00Z',
      );
      expect(sessions.map((s) => [s.occurrenceStart.toISOString(), s.scheduledAt.toISOString()])).toEqual([
        ['2027-04-20T08:00:00.000Z', '2027-04-20T08:00:00.000Z'],
        ['2027-04-27T08:00:00.000Z', '2027-04-28T08:00:00.000Z'],
        ['2027-05-04T08:00:00.000Z', '2027-05-04T08:00:00.000Z'],
      ]);
      expect(sessions[1].endsAt.toISOString()).toBe('2027-04-28T09:30:00.000Z');
    });

    it('moves Easter Monday (29 March 2027, the day after the clocks change)', () => {
      const sessions = plan(
        'FREQ=WEEKLY;BYDAY=MO',
        '2027-03-22T10:00:00+01:00',
        '2027-03-22T00:00Z',
        '2027-03-31T00:00Z',
      );
      expect(sessions.map((s) => [s.occurrenceStart.toISOString(), s.scheduledAt.toISOString()])).toEqual([
        ['2027-03-22T09:00:00.000Z', '2027-03-22T09:00:00.000Z'],
        ['2027-03-29T08:00:00.000Z', '2027-03-30T08:00:00.000Z'],
      ]);
    });

    it('moves Easter Sunday on the spring change day (28 March 2027) at the series’ wall time', () => {
      // 02:30 does not exist that Sunday (the rule gives 03:30 CEST); Monday is Easter Monday.
      const sessions = plan(
        'FREQ=WEEKLY;BYDAY=SU',
        '2027-03-21T02:30:00+01:00',
        '2027-03-21T00:00Z',
        '2027-04-05T00:00Z',
        { durationMinutes: 60 },
      );
      expect(sessions.map((s) => [s.occurrenceStart.toISOString(), s.scheduledAt.toISOString()])).toEqual([
        ['2027-03-21T01:30:00.000Z', '2027-03-21T01:30:00.000Z'],
        ['2027-03-28T01:30:00.000Z', '2027-03-30T00:30:00.000Z'], // Tuesday 02:30 CEST
        ['2027-04-04T00:30:00.000Z', '2027-04-04T00:30:00.000Z'],
      ]);
      expect(sessions[1].endsAt.toISOString()).toBe('2027-03-30T01:30:00.000Z');
    });

    it('moves Christmas past Boxing Day and the weekend', () => {
      // 25 December 2026 is a Friday: Saturday 26th is Boxing Day, then Sunday; Monday 28th.
      const sessions = plan(
        'FREQ=MONTHLY;BYMONTHDAY=25',
        '2026-11-25T14:00:00+01:00',
        '2026-11-01T00:00Z',
        '2027-01-01T00:00Z',
      );
      expect(starts(sessions)).toEqual(['2026-11-25T13:00:00.000Z', '2026-12-28T13:00:00.000Z']);
    });

    it('does not move an ordinary weekend, but moves a holiday that falls on one', () => {
      // Saturdays in December 2027; the 25th is Christmas (and the 26th Boxing Day, a Sunday).
      const sessions = plan(
        'FREQ=WEEKLY;BYDAY=SA',
        '2027-12-18T10:00:00+01:00',
        '2027-12-18T00:00Z',
        '2028-01-02T00:00Z',
      );
      expect(starts(sessions)).toEqual([
        '2027-12-18T09:00:00.000Z',
        '2027-12-27T09:00:00.000Z',
        '2028-01-03T09:00:00.000Z', // New Year's Day (a Saturday) is a holiday too
      ]);
    });

    it('moves Whit Monday and leaves Good Friday (not a public holiday) alone', () => {
      const sessions = plan(
        'FREQ=DAILY',
        '2027-03-26T10:00:00+01:00',
        '2027-03-26T00:00Z',
        '2027-03-27T00:00Z',
      );
      expect(starts(sessions)).toEqual(['2027-03-26T09:00:00.000Z']);
      const whit = plan(
        'FREQ=WEEKLY;BYDAY=MO',
        '2027-05-17T10:00:00+02:00',
        '2027-05-17T00:00Z',
        '2027-05-18T00:00Z',
      );
      expect(starts(whit)).toEqual(['2027-05-18T08:00:00.000Z']);
    });

    it('keeps holidays when skipPublicHolidays is false', () => {
      const sessions = plan(
        'FREQ=WEEKLY;BYDAY=TU',
        '2027-04-27T10:00:00+02:00',
        '2027-04-27T00:00Z',
        '2027-04-28T00:00Z',
        {
          skipPublicHolidays: false,
        },
      );
      expect(starts(sessions)).toEqual(['2027-04-27T08:00:00.000Z']);
    });
  });

  it('stops after a limit, counting only occurrences in the range', () => {
    const found = computeOccurrences(
      {
        rrule: 'FREQ=DAILY',
        firstStart: new Date('2026-03-01T09:00:00+01:00'),
        timeZone: 'Europe/Amsterdam',
      },
      new Date('2026-03-05T08:00:00Z'),
      new Date('2030-01-01T00:00:00Z'),
      2,
    );
    expect(found.map((d) => d.toISOString())).toEqual([
      '2026-03-05T08:00:00.000Z',
      '2026-03-06T08:00:00.000Z',
    ]);
  });

  it('finds the first session from the second of a repeated wall time on', () => {
    // 25 October 2026, 02:30 winter time (01:30Z): the day's session was at 02:30 summer time, before it.
    for (const rrule of ['FREQ=DAILY', 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=-1']) {
      const found = computeOccurrences(
        { rrule, firstStart: new Date('2026-10-01T02:30:00+02:00'), timeZone: 'Europe/Amsterdam' },
        new Date('2026-10-25T01:30:00Z'),
        new Date('2027-01-01T00:00:00Z'),
        1,
      );
      expect(found.map((d) => d.toISOString())).toEqual(['2026-10-26T01:30:00.000Z']);
    }
  });
});
