import ICAL from 'ical.js';
import { insertSession } from './support/delivery-fixtures';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { startTestApp, TestApp } from './support/test-app';

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone), zone.getFirstPropertyValue('tzid') as string);
  }
  return calendar;
}

const feedPath = (url: string) => new URL(url).pathname;

describe('calendar feeds', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let chairSeries: { sessionId: string };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-20T12:00:00+01:00');
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
    // The week of the change to summer time (Sunday 29 March 2026): 10:00 local on both sides.
    chairSeries = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id],
      title: 'Reflectie directieraad',
      start: '2026-03-27T10:00:00+01:00',
      agendaSent: true,
      agenda: [
        { title: 'Thema: regeldruk bij toeslagen', timeboxMinutes: 30, kind: 'theme' },
        { title: 'Incident: storing DigiD, bereikbaarheid', timeboxMinutes: 20, kind: 'incident' },
      ],
      icalSequence: 2,
    });
    await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id],
      title: 'Reflectie na de omschakeling',
      start: '2026-03-31T10:00:00+02:00',
      location: null,
      meetingUrl: 'https://meet.example.nl/r/123',
      agenda: [{ title: 'Nog niet verstuurd', timeboxMinutes: 10 }],
    });
    await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      title: 'Geannuleerde sessie',
      start: '2026-04-07T10:00:00+02:00',
      status: 'cancelled',
    });
    await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id],
      title: 'Lang geleden',
      start: '2026-01-05T10:00:00+01:00',
    });
    await insertSession(t.db, {
      organisationId: other.organisationId,
      chairId: other.lead.id,
      title: 'Andere organisatie',
      start: '2026-03-30T10:00:00+02:00',
    });
  });
  afterAll(() => t.close());

  afterEach(() => ICAL.TimezoneService.reset());

  async function feedUrlOf(personId: string, token: string): Promise<string> {
    const person = await t.http.get(`/v1/people/${personId}`).set(bearer(token)).expect(200);
    // The URL opens the person's calendar: no cache on the way may keep it.
    expect(person.headers['cache-control']).toBe('no-store');
    expect(person.body.calendarFeedUrl).toMatch(
      /^http:\/\/localhost:3000\/v1\/calendar-feeds\/[A-Za-z0-9_-]{65}$/,
    );
    return person.body.calendarFeedUrl;
  }

  it('shows the feed URL to the person and to admins, not to others', async () => {
    const own = await feedUrlOf(org.member.id, org.member.token);
    expect(await feedUrlOf(org.member.id, org.admin.token)).toBe(own);
    const byLead = await t.http.get(`/v1/people/${org.member.id}`).set(bearer(org.lead.token)).expect(200);
    expect(byLead.body.calendarFeedUrl).toBeNull();
    const list = await t.http.get('/v1/people').set(bearer(org.member.token)).expect(200);
    const urls = Object.fromEntries(list.body.items.map((p: any) => [p.id, p.calendarFeedUrl]));
    expect(urls[org.member.id]).toBe(own);
    expect(urls[org.admin.id]).toBeNull();
    // Nor to the system administrator: the feed is the organisation's own work.
    const bySystem = await t.http.get(`/v1/people/${org.member.id}`).set(bearer(t.systemToken)).expect(200);
    expect(bySystem.body.calendarFeedUrl).toBeNull();
  });

  it('serves the sessions a participant takes part in as RFC 5545, without a bearer token', async () => {
    const url = await feedUrlOf(org.member.id, org.member.token);
    const response = await t.http.get(feedPath(url)).expect(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const calendar = parse(response.text);
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual(['Reflectie directieraad', 'Reflectie na de omschakeling']);
    // 10:00 in Amsterdam on both sides of the daylight saving change.
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
      '2026-03-27T09:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
    ]);
    expect(events.map((e) => e.startDate.zone.tzid)).toEqual(['Europe/Amsterdam', 'Europe/Amsterdam']);
    expect(events[0].uid).toBe(`${chairSeries.sessionId}@leerlus`);
    expect(events[0].sequence).toBe(2);
    expect(events[0].location).toBe('Zaal 4.12, Turfmarkt 147, Den Haag');
    expect(events[0].description).toContain('1. Thema: regeldruk bij toeslagen (30 min)');
    expect(events[0].description).toContain('2. Incident: storing DigiD, bereikbaarheid (20 min)');
    // No agenda before it was sent; the meeting link is the location when there is no room.
    expect(events[1].description).not.toContain('Nog niet verstuurd');
    expect(events[1].location).toBe('https://meet.example.nl/r/123');

    const zone = calendar.getFirstSubcomponent('vtimezone')!;
    expect(zone.getFirstPropertyValue('tzid')).toBe('Europe/Amsterdam');
    const observances = [
      ...zone.getAllSubcomponents('daylight'),
      ...zone.getAllSubcomponents('standard'),
    ].map(
      (c) =>
        `${c.name} ${c.getFirstPropertyValue('dtstart')} ${c.getFirstPropertyValue('tzoffsetfrom')} ${c.getFirstPropertyValue('tzoffsetto')}`,
    );
    expect(observances).toContain('daylight 2026-03-29T02:00:00 +01:00 +02:00');
    expect(observances).toContain('standard 2025-10-26T03:00:00 +02:00 +01:00');
  });

  it('revises an event (LAST-MODIFIED) when an item on its sent agenda changes', async () => {
    const url = await feedUrlOf(org.member.id, org.member.token);
    const lastModified = async () => {
      const events = parse((await t.http.get(feedPath(url)).expect(200)).text).getAllSubcomponents('vevent');
      const event = events.find(
        (e) => e.getFirstPropertyValue('uid') === `${chairSeries.sessionId}@leerlus`,
      )!;
      return {
        modified: (event.getFirstPropertyValue('last-modified') as ICAL.Time).toJSDate().toISOString(),
        description: String(event.getFirstPropertyValue('description')),
      };
    };
    // The session and its agenda as they were when it went out.
    await t.db.query(`UPDATE reflection_sessions SET updated_at = $2 WHERE id = $1`, [
      chairSeries.sessionId,
      '2026-03-20T10:00:00Z',
    ]);
    await t.db.query(`UPDATE agenda_items SET updated_at = $2 WHERE session_id = $1`, [
      chairSeries.sessionId,
      '2026-03-20T09:00:00Z',
    ]);
    const before = await lastModified();
    expect(before.modified).toBe('2026-03-20T10:00:00.000Z');
    await t.db.query(
      `INSERT INTO agenda_items (organisation_id, series_id, session_id, kind, title, timebox_minutes, position,
         status, updated_at)
       SELECT organisation_id, series_id, id, 'custom', 'Extra punt', 5, 9, 'scheduled', $2
       FROM reflection_sessions WHERE id = $1`,
      [chairSeries.sessionId, '2026-03-21T09:15:00Z'],
    );
    const after = await lastModified();
    expect(after.description).toContain('Extra punt');
    expect(after.modified).toBe('2026-03-21T09:15:00.000Z');
    expect(after.modified > before.modified).toBe(true);
    // Dropped from the agenda: gone from the description, and a revision too.
    await t.db.query(
      `UPDATE agenda_items SET status = 'dropped', updated_at = $2 WHERE session_id = $1 AND title = 'Extra punt'`,
      [chairSeries.sessionId, '2026-03-21T09:30:00Z'],
    );
    const dropped = await lastModified();
    expect(dropped.description).not.toContain('Extra punt');
    expect(dropped.modified).toBe('2026-03-21T09:30:00.000Z');
    // Deleted through the api: no item is left to tell, the session's revision does.
    const [extra] = await t.db.query(
      `SELECT id FROM agenda_items WHERE session_id = $1 AND title = 'Extra punt'`,
      [chairSeries.sessionId],
    );
    await t.http.delete(`/v1/agenda-items/${extra.id}`).set(bearer(org.lead.token)).expect(204);
    expect((await lastModified()).modified > dropped.modified).toBe(true);
  });

  it('revises an event (LAST-MODIFIED) when a subject on its sent agenda is deleted, and its item with it', async () => {
    const chain = await t.http
      .post('/v1/chains')
      .set(bearer(org.admin.token))
      .send({ name: 'Keten Toeslagen' })
      .expect(201);
    const incident = await t.http
      .post('/v1/incidents')
      .set(bearer(org.lead.token))
      .send({
        ...incidentBody(chain.body.id),
        title: 'Verkeerd ingevoerd incident',
        occurredAt: '2026-03-10T09:00:00+01:00',
      })
      .expect(201);
    const sent = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.admin.id,
      participantIds: [org.member.id],
      title: 'Reflectie met vergissing',
      start: '2026-04-02T10:00:00+02:00',
      agendaSent: true,
      agenda: [
        { title: 'Thema: dienstverlening', timeboxMinutes: 30, kind: 'theme' },
        { title: 'Incident: Verkeerd ingevoerd incident', timeboxMinutes: 20, kind: 'incident' },
      ],
    });
    // Not sent yet: its agenda is not in the feed, and it is not revised.
    const unsent = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.admin.id,
      participantIds: [org.member.id],
      title: 'Reflectie nog zonder agenda',
      start: '2026-04-03T10:00:00+02:00',
      agenda: [{ title: 'Incident: Verkeerd ingevoerd incident', timeboxMinutes: 20, kind: 'incident' }],
    });
    const sessions = [sent.sessionId, unsent.sessionId];
    await t.db.query(
      `UPDATE agenda_items SET reference_id = $2 WHERE session_id = ANY($1) AND kind = 'incident'`,
      [sessions, incident.body.id],
    );
    // As they were when the agenda went out.
    await t.db.query(
      `UPDATE reflection_sessions SET updated_at = '2026-03-20T10:00:00Z' WHERE id = ANY($1)`,
      [sessions],
    );
    await t.db.query(
      `UPDATE agenda_items SET updated_at = '2026-03-20T09:00:00Z' WHERE session_id = ANY($1)`,
      [sessions],
    );
    const url = await feedUrlOf(org.member.id, org.member.token);
    const event = async () => {
      const events = parse((await t.http.get(feedPath(url)).expect(200)).text).getAllSubcomponents('vevent');
      const found = events.find((e) => e.getFirstPropertyValue('uid') === `${sent.sessionId}@leerlus`)!;
      return {
        modified: (found.getFirstPropertyValue('last-modified') as ICAL.Time).toJSDate().toISOString(),
        description: String(found.getFirstPropertyValue('description')),
      };
    };
    const before = await event();
    expect(before).toEqual({
      modified: '2026-03-20T10:00:00.000Z',
      description: expect.stringContaining('Verkeerd ingevoerd incident'),
    });
    await t.http.delete(`/v1/incidents/${incident.body.id}`).set(bearer(org.lead.token)).expect(204);
    const after = await event();
    expect(after.description).not.toContain('Verkeerd ingevoerd incident');
    expect(after.description).toContain('Thema: dienstverlening');
    expect(after.modified > before.modified).toBe(true);
    const [untouched] = await t.db.query(`SELECT updated_at FROM reflection_sessions WHERE id = $1`, [
      unsent.sessionId,
    ]);
    expect(untouched.updated_at.toISOString()).toBe('2026-03-20T10:00:00.000Z');
  });

  it('lists the chair its sessions, cancelled ones as CANCELLED, and leaves out what is older than 30 days', async () => {
    const url = await feedUrlOf(org.lead.id, org.lead.token);
    const calendar = parse((await t.http.get(feedPath(url)).expect(200)).text);
    const events = calendar.getAllSubcomponents('vevent');
    expect(events.map((e) => e.getFirstPropertyValue('summary'))).toEqual([
      'Reflectie directieraad',
      'Reflectie na de omschakeling',
      'Geannuleerde sessie',
    ]);
    expect(events.map((e) => e.getFirstPropertyValue('status'))).toEqual([
      'CONFIRMED',
      'CONFIRMED',
      'CANCELLED',
    ]);
  });

  it('serves someone without sessions a valid calendar: a time zone, no events', async () => {
    const newcomer = await createPerson(t.http, org.admin.token, {
      name: 'Nora Nieuw',
      accessRole: 'member',
    });
    const url = await feedUrlOf(newcomer.id, newcomer.token);
    const response = await t.http.get(feedPath(url)).expect(200);
    // RFC 5545 §3.6: a calendar holds at least one component.
    const calendar = parse(response.text);
    expect(calendar.getAllSubcomponents('vevent')).toEqual([]);
    expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual([
      'Europe/Amsterdam',
    ]);
  });

  it('rotates the URL: the old one stops working, the new one works', async () => {
    const old = await feedUrlOf(org.member.id, org.member.token);
    const rotated = await t.http
      .post(`/v1/people/${org.member.id}/calendar-feed-rotation`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(rotated.body.calendarFeedUrl).not.toBe(old);
    expect(rotated.headers['cache-control']).toBe('no-store');
    const gone = await t.http.get(feedPath(old)).expect(404);
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
    await t.http.get(feedPath(rotated.body.calendarFeedUrl)).expect(200);
    const audit = await t.db.query(
      `SELECT changes FROM audit_events WHERE entity_type = 'person' AND entity_id = $1 ORDER BY occurred_at DESC LIMIT 1`,
      [org.member.id],
    );
    expect(audit[0].changes).toEqual({ calendarFeedVersion: { from: 1, to: 2 } });
  });

  it('lets only the person or an admin rotate, and hides other organisations', async () => {
    await t.http
      .post(`/v1/people/${org.lead.id}/calendar-feed-rotation`)
      .set(bearer(org.member.token))
      .expect(403);
    await t.http
      .post(`/v1/people/${org.lead.id}/calendar-feed-rotation`)
      .set(bearer(org.admin.token))
      .expect(200);
    await t.http
      .post(`/v1/people/${other.member.id}/calendar-feed-rotation`)
      .set(bearer(org.admin.token))
      .expect(404);
    await t.http
      .post(`/v1/people/not-a-uuid/calendar-feed-rotation`)
      .set(bearer(org.admin.token))
      .expect(400);
    // The feed is the organisation's own work (README): the system administrator does not break it.
    const before = await feedUrlOf(org.member.id, org.member.token);
    await t.http
      .post(`/v1/people/${org.member.id}/calendar-feed-rotation`)
      .set(bearer(t.systemToken))
      .expect(403);
    await t.http.get(feedPath(before)).expect(200);
  });

  it('answers 404 to malformed, forged and unknown tokens', async () => {
    const url = await feedUrlOf(org.member.id, org.member.token);
    const token = feedPath(url).split('/').pop()!;
    const forged = `${token.slice(0, 30)}${token[30] === 'A' ? 'B' : 'A'}${token.slice(31)}`;
    const refused = await t.http.get(`/v1/calendar-feeds/${forged}`).expect(404);
    // Not kept by a calendar client for the minutes a feed is: a new URL must work at once.
    expect(refused.headers['cache-control']).toBe('no-store');
    await t.http.get('/v1/calendar-feeds/abc').expect(404);
    await t.http.get(`/v1/calendar-feeds/${'A'.repeat(65)}`).expect(404);
    const person = await createPerson(t.http, org.admin.token, {
      name: 'Nieuw Persoon',
      accessRole: 'member',
    });
    const fresh = await feedUrlOf(person.id, person.token);
    const calendar = parse((await t.http.get(feedPath(fresh)).expect(200)).text);
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(0);
    // Someone who left: the feed stops with their tokens, and comes back with them.
    const active = (value: boolean, version: number) =>
      t.http
        .patch(`/v1/people/${person.id}`)
        .set(bearer(org.admin.token))
        .send({ active: value, version })
        .expect(200);
    const left = await active(
      false,
      (await t.http.get(`/v1/people/${person.id}`).set(bearer(org.admin.token))).body.version,
    );
    await t.http.get(feedPath(fresh)).expect(404);
    await active(true, left.body.version);
    await t.http.get(feedPath(fresh)).expect(200);
  });

  const postpone = (sessionId: string, postponedTo: string, reason: string) =>
    t.http
      .patch(`/v1/reflection-sessions/${sessionId}`)
      .set(bearer(org.lead.token))
      .send({ status: 'postponed', postponedTo, reason, version: 1 })
      .expect(200);
  /** The member's feed's events of a session's calendar event. */
  const memberEventsOf = async (calendarUid: string) => {
    const url = await feedUrlOf(org.member.id, org.member.token);
    const calendar = parse((await t.http.get(feedPath(url)).expect(200)).text);
    return calendar
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v))
      .filter((e) => e.uid === `${calendarUid}@leerlus`);
  };

  it('moves a postponed session in the calendars that had it, as the same event', async () => {
    const moving = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id],
      title: 'Reflectie die verschuift',
      start: '2026-04-14T10:00:00+02:00',
      agendaSent: true,
      agenda: [{ title: 'Thema: vakmanschap', timeboxMinutes: 30, kind: 'theme' }],
      icalSequence: 1,
    });
    await postpone(moving.sessionId, '2026-04-16T14:00:00+02:00', 'Begroting');
    const events = await memberEventsOf(moving.sessionId);
    // One event, at its new time, with a sequence above the invitation the agenda e-mail carried.
    expect(events.map((e) => [e.startDate.toJSDate().toISOString(), e.sequence])).toEqual([
      ['2026-04-16T12:00:00.000Z', 2],
    ]);
    expect(events[0].component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    // The e-mail telling of the move invites to that same event.
    const [moved] = await t.db.query(
      `SELECT n.subject_id, s.calendar_uid, s.ical_sequence FROM notifications n
       JOIN reflection_sessions s ON s.id = n.subject_id
       WHERE n.kind = 'session-moved' AND s.rescheduled_from_id = $1 LIMIT 1`,
      [moving.sessionId],
    );
    expect([moved.calendar_uid, moved.ical_sequence]).toEqual([moving.sessionId, 2]);
  });

  it("moves a session postponed past the series' planning horizon too, instead of showing it cancelled", async () => {
    const moving = await insertSession(t.db, {
      organisationId: org.organisationId,
      chairId: org.lead.id,
      participantIds: [org.member.id],
      title: 'Reflectie ver vooruit geschoven',
      start: '2026-04-21T10:00:00+02:00',
      agendaSent: true,
      icalSequence: 1,
    });
    // Sessions are planned up to a horizon that the daily job moves; a postponement may go beyond.
    await t.db.query(
      `UPDATE reflection_series SET materialised_until = '2026-04-22T00:00:00Z'
       WHERE id = (SELECT series_id FROM reflection_sessions WHERE id = $1)`,
      [moving.sessionId],
    );
    await postpone(moving.sessionId, '2026-06-02T14:00:00+02:00', 'Zomerreces');
    const events = await memberEventsOf(moving.sessionId);
    expect(
      events.map((e) => [e.startDate.toJSDate().toISOString(), e.component.getFirstPropertyValue('status')]),
    ).toEqual([['2026-06-02T12:00:00.000Z', 'CONFIRMED']]);
  });
});
