import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { insertSession } from './support/delivery-fixtures';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const feedPath = (url: string) => new URL(url).pathname;

describe('a calendar feed longer than it may be', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-20T12:00:00+01:00');
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  it('ends at a whole day, and a session postponed beyond that end is not shown cancelled', async () => {
    // Six daily series a year ahead: more sessions than a feed holds (2,000).
    for (let hour = 9; hour < 15; hour++) {
      const daily = await insertSession(t.db, {
        organisationId: org.organisationId,
        chairId: org.lead.id,
        participantIds: [org.member.id],
        title: `Dagstart ${hour}`,
        start: `2026-03-21T${String(hour).padStart(2, '0')}:00:00+01:00`,
      });
      await t.db.query(
        `UPDATE reflection_series SET rrule = 'FREQ=DAILY', materialised_until = '2027-04-30T00:00:00Z' WHERE id = $1`,
        [daily.seriesId],
      );
      await t.db.query(
        `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at, status)
         SELECT $1, $2, at, at, at + interval '90 minutes', 'planned'
         FROM generate_series(1, 400) AS day,
              LATERAL (SELECT (date '2026-03-21' + day + make_time($3, 0, 0)) AT TIME ZONE 'Europe/Amsterdam' AS at) x`,
        [daily.seriesId, org.organisationId, hour],
      );
    }
    // A weekly meeting whose invitation went out, moved eleven months ahead: past the feed's end.
    const weekly = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id],
      title: 'Weekreflectie',
      start: '2026-03-24T15:00:00+01:00',
      agendaSent: true,
      icalSequence: 1,
    });
    await t.http
      .patch(`/v1/reflection-sessions/${weekly.sessionId}`)
      .set(bearer(org.lead.token))
      .send({
        status: 'postponed',
        postponedTo: '2027-02-23T15:00:00+01:00',
        reason: 'Reorganisatie',
        version: 1,
      })
      .expect(200);

    const person = await t.http.get(`/v1/people/${org.member.id}`).set(bearer(org.member.token)).expect(200);
    const text = (await t.http.get(feedPath(person.body.calendarFeedUrl)).expect(200)).text;
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => ({
      uid: v.getFirstPropertyValue('uid') as string,
      status: v.getFirstPropertyValue('status') as string,
      // The date in the event's own zone (Europe/Amsterdam).
      day: (v.getFirstPropertyValue('dtstart') as ICAL.Time).toString().slice(0, 10),
    }));

    // Not cancelled at its old time (the move's e-mail invited everyone to the new one), and its
    // new time lies beyond the feed's end.
    expect(events.filter((e) => e.uid === `${weekly.sessionId}@leerlus`)).toEqual([]);
    expect(events.filter((e) => e.status === 'CANCELLED')).toEqual([]);
    // Whole days from the first session on, each with all six of its sessions: none left out.
    const perDay = new Map<string, number>();
    for (const e of events) perDay.set(e.day, (perDay.get(e.day) ?? 0) + 1);
    const days = [...perDay.keys()];
    expect(days[0]).toBe('2026-03-21');
    expect(days).toHaveLength(
      DateTime.fromISO(days[days.length - 1]).diff(DateTime.fromISO(days[0]), 'days').days + 1,
    );
    expect([...new Set(perDay.values())]).toEqual([6]);
    // As far as 2,000 events reach, and no further: 333 days of six; the next day's would pass it.
    expect([days[days.length - 1], events.length]).toEqual(['2027-02-16', 333 * 6]);
  });
});
