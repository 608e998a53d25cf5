import { SessionScheduler } from '@app/domain/reflection/session-scheduler.service';
import { DateTime } from 'luxon';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { createChainWithTriangle } from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('reflection series: rules, materialised sessions and their reminders', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let participant: { id: string; token: string };

  const seriesBody = (extra: Record<string, unknown> = {}) => ({
    title: 'Reflectie directieteam',
    kind: 'leadership',
    chairId: org.lead.id,
    participantIds: [participant.id],
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
    firstStart: '2026-03-02T10:00:00+01:00',
    durationMinutes: 90,
    reminderOffsets: ['P1D', 'PT1H'],
    ...extra,
  });

  const create = async (extra: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody(extra))
        .expect(201)
    ).body;

  const sessionsOf = async (seriesId: string): Promise<any[]> =>
    t.db.query(
      `SELECT id, occurrence_start, scheduled_at, ends_at, status, rescheduled_from_id FROM reflection_sessions
       WHERE series_id = $1 ORDER BY scheduled_at`,
      [seriesId],
    );

  const amsterdam = (instant: Date) => DateTime.fromJSDate(instant, { zone: 'Europe/Amsterdam' });

  /** A lead's PATCH that must succeed. */
  const patchSession = (id: string, body: object) =>
    t.http.patch(`/v1/reflection-sessions/${id}`).set(bearer(org.lead.token)).send(body).expect(200);
  const patchSeries = (id: string, body: object) =>
    t.http.patch(`/v1/reflection-series/${id}`).set(bearer(org.lead.token)).send(body).expect(200);

  /** A webhook subscription of the organisation, written directly: its deliveries are not followed. */
  const subscribe = async (url: string, events = '{session.reminder}'): Promise<{ id: string }> => {
    const [subscription] = await t.db.query(
      `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret)
       VALUES ($1, $2, $3, 'x') RETURNING id`,
      [org.organisationId, url, events],
    );
    return subscription;
  };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
    participant = await createPerson(t.http, org.admin.token, {
      name: 'Pia Deelnemer',
      accessRole: 'member',
    });
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-01T09:00:00Z'));

  it('materialises twelve months of sessions that keep 10:00 local through both DST changes', async () => {
    const series = await create();
    expect(series).toEqual(
      expect.objectContaining({
        organisationId: org.organisationId,
        timeZone: 'Europe/Amsterdam',
        agendaLeadTime: 'P3D',
        reminderOffsets: ['P1D', 'PT1H'],
        protectedShare: 0.4,
        skipPublicHolidays: true,
        active: true,
        participantIds: [participant.id],
        rrule: 'FREQ=WEEKLY;BYDAY=MO',
        firstStart: '2026-03-02T09:00:00.000Z',
        version: 1,
      }),
    );
    expect(series.materialisedUntil).toBe('2027-03-01T09:00:00.000Z');
    const sessions = await sessionsOf(series.id);
    // Every Monday from 2 March 2026 up to and including 1 March 2027.
    expect(sessions).toHaveLength(53);
    expect(sessions.every((s) => s.status === 'planned')).toBe(true);
    for (const s of sessions) {
      const local = amsterdam(s.scheduled_at);
      expect([local.toISODate(), local.toFormat('HH:mm')]).toEqual([local.toISODate(), '10:00']);
      expect(amsterdam(s.occurrence_start).weekday).toBe(1);
      expect(s.ends_at.getTime() - s.scheduled_at.getTime()).toBe(90 * 60 * 1000);
    }
    const at = (date: string) =>
      sessions.find((s) => amsterdam(s.occurrence_start).toISODate() === date).scheduled_at.toISOString();
    expect(at('2026-03-23')).toBe('2026-03-23T09:00:00.000Z'); // CET
    expect(at('2026-03-30')).toBe('2026-03-30T08:00:00.000Z'); // CEST, the week after the change
    expect(at('2026-10-19')).toBe('2026-10-19T08:00:00.000Z');
    expect(at('2026-10-26')).toBe('2026-10-26T09:00:00.000Z'); // CET again
  });

  it('moves sessions off Dutch public holidays to the next working day at the same time', async () => {
    const series = await create();
    const sessions = await sessionsOf(series.id);
    const moved = sessions
      .filter((s) => s.occurrence_start.getTime() !== s.scheduled_at.getTime())
      .map((s) => [amsterdam(s.occurrence_start).toISODate(), amsterdam(s.scheduled_at).toISO()]);
    expect(moved).toEqual([
      ['2026-04-06', '2026-04-07T10:00:00.000+02:00'], // Easter Monday
      ['2026-04-27', '2026-04-28T10:00:00.000+02:00'], // Koningsdag
      ['2026-05-25', '2026-05-26T10:00:00.000+02:00'], // Whit Monday
    ]);
    const kept = await t.http
      .post('/v1/reflection-series')
      .set(bearer(org.lead.token))
      .send(seriesBody({ skipPublicHolidays: false }))
      .expect(201);
    const unmoved = await sessionsOf(kept.body.id);
    expect(unmoved.every((s) => s.occurrence_start.getTime() === s.scheduled_at.getTime())).toBe(true);
  });

  it('plans the reminders and the outcome request of every session in the outbox', async () => {
    const series = await create({ title: 'Met herinneringen' });
    const sessions = await sessionsOf(series.id);
    const rows = await t.db.query(
      `SELECT n.kind, n.recipient_id, n.target, n.due_at, n.dedupe_key, n.channel, n.status, n.subject_type, n.subject_id
       FROM notifications n JOIN reflection_sessions s ON s.id = n.subject_id WHERE s.series_id = $1`,
      [series.id],
    );
    // Chair and participant, two offsets each, and the chair's outcome request, for every session
    // in the next 64 days; later sessions get theirs from the daily job when they come near.
    const windowEnd = new Date('2026-05-04T09:00:00Z');
    const near = sessions.filter((s) => s.scheduled_at <= windowEnd);
    expect(near).toHaveLength(10);
    expect(rows).toHaveLength(near.length * 5);
    expect(new Set(rows.map((r) => r.subject_id))).toEqual(new Set(near.map((s) => s.id)));
    const first = sessions[0];
    const mine = rows.filter((r) => r.subject_id === first.id);
    const [lead] = await t.db.query(`SELECT email FROM people WHERE id = $1`, [org.lead.id]);
    expect(mine.find((r) => r.dedupe_key.includes(':P1D:') && r.recipient_id === org.lead.id)).toEqual(
      expect.objectContaining({
        kind: 'session-reminder',
        channel: 'email',
        status: 'pending',
        target: lead.email,
        subject_type: 'reflection-session',
        due_at: new Date('2026-03-01T09:00:00Z'),
        dedupe_key: `session:${first.id}:reminder:P1D:${org.lead.id}:2026-03-02T09:00:00.000Z`,
      }),
    );
    expect(
      mine.find((r) => r.dedupe_key.includes(':PT1H:') && r.recipient_id === participant.id).due_at,
    ).toEqual(new Date('2026-03-02T08:00:00Z'));
    expect(mine.filter((r) => r.kind === 'outcome-request')).toEqual([
      expect.objectContaining({
        recipient_id: org.lead.id,
        due_at: new Date('2026-03-04T10:30:00Z'),
        dedupe_key: `session:${first.id}:outcome-request`,
      }),
    ]);
    // A reminder whose moment has passed is not planned: here P1D before the first session is now.
    t.clock.set('2026-03-01T09:30:00Z');
    const late = await create({ title: 'Later aangemaakt' });
    const [lateFirst] = await sessionsOf(late.id);
    const lateRows = await t.db.query(`SELECT dedupe_key FROM notifications WHERE subject_id = $1`, [
      lateFirst.id,
    ]);
    expect(lateRows.filter((r) => r.dedupe_key.includes(':P1D:'))).toEqual([]);
    expect(lateRows.filter((r) => r.dedupe_key.includes(':PT1H:'))).toHaveLength(2);
  });

  it('extends the horizon idempotently as time goes by, with the reminders that came near', async () => {
    const series = await create({ title: 'Rollende horizon' });
    const scheduler = t.app.get(SessionScheduler);
    const may11 = (await sessionsOf(series.id)).find(
      (s) => s.scheduled_at.toISOString() === '2026-05-11T08:00:00.000Z',
    );
    const rowsOf = (id: string) =>
      t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE subject_id = $1`, [id]);
    expect(await rowsOf(may11.id)).toEqual([{ n: 0 }]);
    t.clock.advance(7 * 24 * 60 * 60 * 1000);
    const first = await scheduler.extendHorizon();
    expect(first).toBeGreaterThanOrEqual(1);
    const again = await scheduler.extendHorizon();
    expect(again).toBe(0);
    const sessions = await sessionsOf(series.id);
    expect(sessions).toHaveLength(54);
    const last = sessions[sessions.length - 1];
    expect(amsterdam(last.scheduled_at).toISO()).toBe('2027-03-08T10:00:00.000+01:00');
    const current = await t.http
      .get(`/v1/reflection-series/${series.id}`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(current.body.materialisedUntil).toBe('2027-03-08T09:00:00.000Z');
    // Extending the horizon is not an edit: the version a client holds stays valid.
    expect(current.body.version).toBe(1);
    // 11 May is now within 64 days: its reminders are planned, once.
    expect(await rowsOf(may11.id)).toEqual([{ n: 5 }]);
    expect(await rowsOf(last.id)).toEqual([{ n: 0 }]);
  });

  it('keeps a monthly rule on the first Tuesday', async () => {
    const series = await create({ rrule: 'freq=monthly;byday=1tu', firstStart: '2026-03-03T14:00:00+01:00' });
    expect(series.rrule).toBe('FREQ=MONTHLY;BYDAY=1TU');
    const sessions = await sessionsOf(series.id);
    expect(sessions.map((s) => amsterdam(s.scheduled_at).toFormat('yyyy-MM-dd HH:mm')).slice(0, 4)).toEqual([
      '2026-03-03 14:00',
      '2026-04-07 14:00',
      '2026-05-05 14:00',
      '2026-06-02 14:00',
    ]);
    expect(sessions).toHaveLength(12);
  });

  it("invites the chain's triangle and lets members read but not manage", async () => {
    const owner = await createPerson(t.http, org.admin.token, { name: 'Olga Eigenaar', accessRole: 'lead' });
    const commissioner = await createPerson(t.http, org.admin.token, {
      name: 'Otto Opdrachtgever',
      accessRole: 'member',
    });
    const contractor = await createPerson(t.http, org.admin.token, {
      name: 'Nina Nemer',
      accessRole: 'member',
    });
    const chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: owner.id,
      commissioner: commissioner.id,
      contractor: contractor.id,
    });
    const { participantIds: _omit, ...body } = seriesBody({ chainId, kind: 'chain' });
    const series = await t.http
      .post('/v1/reflection-series')
      .set(bearer(org.lead.token))
      .send(body)
      .expect(201);
    // The triangle is invited as it is at each moment, not copied onto the list.
    expect(series.body.participantIds).toEqual([]);
    const [first] = await sessionsOf(series.body.id);
    const reminded = await t.db.query(
      `SELECT DISTINCT recipient_id FROM notifications WHERE subject_id = $1 AND kind = 'session-reminder'`,
      [first.id],
    );
    expect(reminded.map((r: { recipient_id: string }) => r.recipient_id).sort()).toEqual(
      [org.lead.id, owner.id, commissioner.id, contractor.id].sort(),
    );
    await t.http.post('/v1/reflection-series').set(bearer(org.member.token)).send(seriesBody()).expect(403);
    await t.http
      .patch(`/v1/reflection-series/${series.body.id}`)
      .set(bearer(org.member.token))
      .send({ title: 'x', version: 1 })
      .expect(403);
    const listed = await t.http
      .get(`/v1/reflection-series?chainId=${chainId}`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([series.body.id]);
    // Listed with its participants, as created.
    expect(listed.body.items[0].participantIds).toEqual(series.body.participantIds);
    // A triangle member finds it among their series.
    const mine = await t.http
      .get(`/v1/reflection-series?personId=${contractor.id}`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([series.body.id]);
    await t.http.get(`/v1/reflection-series/${series.body.id}`).set(bearer(other.admin.token)).expect(404);
    await t.http
      .get(`/v1/reflection-series/${series.body.id}/sessions`)
      .set(bearer(other.admin.token))
      .expect(404);
    const others = await t.http.get('/v1/reflection-series').set(bearer(other.admin.token)).expect(200);
    expect(others.body.total).toBe(0);
  });

  it('follows the triangle: a new owner is invited, the former one no longer, calendars included', async () => {
    const admin = bearer(org.admin.token);
    const [former, successor, commissioner, contractor] = await Promise.all(
      ['Olga Vertrekt', 'Nico Opvolger', 'Otto Opdracht', 'Nina Nemer'].map((name) =>
        createPerson(t.http, org.admin.token, { name, accessRole: 'member' }),
      ),
    );
    const chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: former.id,
      commissioner: commissioner.id,
      contractor: contractor.id,
    });
    const { participantIds: _omit, ...body } = seriesBody({ chainId, kind: 'chain', title: 'Ketenoverleg' });
    const series = (
      await t.http.post('/v1/reflection-series').set(bearer(org.lead.token)).send(body).expect(201)
    ).body;
    const [march2, march9] = await sessionsOf(series.id);
    // The first session's agenda went out and reached everyone's calendar.
    await patchSession(march2.id, { status: 'agenda-sent', version: 1 });
    await t.db.query(`UPDATE notifications SET status = 'sent' WHERE subject_id = $1 AND kind = 'agenda'`, [
      march2.id,
    ]);

    // The owner hands over: the former's term ends yesterday, the successor holds the role from today.
    const [assignment] = (
      await t.http.get(`/v1/chains/${chainId}/role-assignments?role=owner`).set(admin).expect(200)
    ).body.items;
    await t.http
      .patch(`/v1/chains/${chainId}/role-assignments/${assignment.id}`)
      .set(admin)
      .send({ validTo: '2026-02-28', version: assignment.version })
      .expect(200);
    await t.http
      .post(`/v1/chains/${chainId}/role-assignments`)
      .set(admin)
      .send({ role: 'owner', personId: successor.id, validFrom: '2026-03-01' })
      .expect(201);

    const pending = async (sessionId: string, kind: string) =>
      (
        await t.db.query(
          `SELECT DISTINCT recipient_id FROM notifications WHERE subject_id = $1 AND kind = $2
             AND status IN ('pending', 'queued') ORDER BY recipient_id`,
          [sessionId, kind],
        )
      ).map((r: { recipient_id: string }) => r.recipient_id);
    // Reminders go to whoever is invited now.
    const invited = [org.lead.id, successor.id, commissioner.id, contractor.id].sort();
    expect(await pending(march9.id, 'session-reminder')).toEqual(invited);
    // The announced session invites the successor and withdraws the former owner's invitation.
    expect(await pending(march2.id, 'agenda')).toEqual([successor.id]);
    expect(await pending(march2.id, 'session-uninvited')).toEqual([former.id]);
    // Their series and calendars follow: the successor's list has it, the former owner's not.
    const seriesOf = async (personId: string) =>
      (await t.http.get(`/v1/reflection-series?personId=${personId}`).set(admin).expect(200)).body.items.map(
        (s: { id: string }) => s.id,
      );
    expect(await seriesOf(successor.id)).toContain(series.id);
    expect(await seriesOf(former.id)).not.toContain(series.id);
  });

  describe('refuses bad input with a problem and writes nothing', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['an hourly rule', { rrule: 'FREQ=HOURLY' }, 'rrule'],
      ['a rule with garbage', { rrule: 'FREQ=WEEKLY;INTERVAL=abc' }, 'rrule'],
      ['a rule with DTSTART', { rrule: 'DTSTART:20260302T090000Z\nRRULE:FREQ=WEEKLY' }, 'rrule'],
      ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      ['a zone the tz database dropped', { timeZone: 'US/Pacific-New' }, 'timeZone'],
      ['a lead time that is not a duration', { agendaLeadTime: 'drie dagen' }, 'agendaLeadTime'],
      ['a lead time longer than 60 days', { agendaLeadTime: 'P90D' }, 'agendaLeadTime'],
      // The worker sends due agendas once a minute: a shorter lead time could fall between two looks.
      ['a lead time under two minutes', { agendaLeadTime: 'PT10S' }, 'agendaLeadTime'],
      ['a lead time of 119 seconds', { agendaLeadTime: 'PT1M59S' }, 'agendaLeadTime'],
      ['a zero reminder offset', { reminderOffsets: ['P1D', 'PT0M'] }, 'reminderOffsets'],
      ['a reminder offset that is not a string', { reminderOffsets: [5] }, 'reminderOffsets'],
      ['a start without offset', { firstStart: '2026-03-02T10:00:00' }, 'firstStart'],
      // The rule keeps the time to the second: a fraction would hold for the first session only.
      ['a start with milliseconds', { firstStart: '2026-03-02T10:00:30.123+01:00' }, 'firstStart'],
      ['a protected share above 1', { protectedShare: 1.5 }, 'protectedShare'],
      ['a protected share as text', { protectedShare: '0.4' }, 'protectedShare'],
      ['a protected share with 4 decimals', { protectedShare: 0.3333 }, 'protectedShare'],
      ['a protected share in exponent form', { protectedShare: 1e-7 }, 'protectedShare'],
      ['a duration too short', { durationMinutes: 2 }, 'durationMinutes'],
      ['a bad kind', { kind: 'party' }, 'kind'],
      ['a too long title', { title: 'x'.repeat(301) }, 'title'],
      ['a meeting URL that is not one', { meetingUrl: 'javascript:alert(1)' }, 'meetingUrl'],
      ['an unknown property', { colour: 'blue' }, 'colour'],
      ['a chair id that is not a UUID', { chairId: 'lars' }, 'chairId'],
      ['a rule that never meets', { rrule: 'FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2' }, 'rrule'],
      ['a start long ago', { firstStart: '1000-03-02T10:00:00+01:00' }, 'firstStart'],
      ['a start far ahead', { firstStart: '9999-03-01T10:00:00+01:00' }, 'firstStart'],
      [
        'a rule whose sessions all lie in the past',
        { firstStart: '2025-01-06T10:00:00+01:00', rrule: 'FREQ=WEEKLY;COUNT=3' },
        'rrule',
      ],
      [
        'a rule that met once and next meets decades from now',
        { firstStart: '2024-02-01T10:00:00+01:00', rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=TH' },
        'rrule',
      ],
      ['a reminder offset with an empty time part', { reminderOffsets: ['P1DT'] }, 'reminderOffsets'],
      ['a reminder offset with a fraction of an hour', { reminderOffsets: ['PT1.5H'] }, 'reminderOffsets'],
      ['one reminder offset written twice', { reminderOffsets: ['P1D', 'PT24H'] }, 'reminderOffsets'],
      ['an UNTIL that is not UTC', { rrule: 'FREQ=WEEKLY;UNTIL=20270301T100000' }, 'rrule'],
    ];
    it.each(cases)('%s', async (_name, extra, field) => {
      const before = await t.db.query(`SELECT count(*)::int AS n FROM reflection_series`);
      const response = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody(extra))
        .expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.invalidParams.map((p: { name: string }) => p.name)).toContain(field);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM reflection_series`)).toEqual(before);
    });

    it('names every bad reminder offset of a list, and one length written twice', async () => {
      const response = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ reminderOffsets: ['PT1.5H', 'x', 'P1D', 'PT1440M'] }))
        .expect(400);
      expect(response.body.invalidParams.map((p: { reason: string }) => p.reason).sort()).toEqual([
        '"PT1.5H" has a fraction of a unit: write it in whole units, PT1H30M; "x" is not an ISO 8601 duration such as P3D, PT1H or PT5M',
        'must not name one length twice (P1D and PT24H are one)',
      ]);
    });

    it('says how to write a fraction of a unit in whole units', async () => {
      const response = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ agendaLeadTime: 'P1.5D' }))
        .expect(400);
      expect(response.body.invalidParams).toEqual([
        {
          name: 'agendaLeadTime',
          reason: '"P1.5D" has a fraction of a unit: write it in whole units, P1DT12H',
        },
      ]);
    });

    it('keeps answering others while it finds out that a rule never meets', async () => {
      const answered: string[] = [];
      const refused = t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' }))
        .then((response) => {
          answered.push('series');
          return response;
        });
      // The `rrule` package looks for a match up to the year 9999: seconds, off the event loop.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await t.http.get('/v1/health').then(() => answered.push('health'));
      const response = await refused;
      expect([response.status, response.body.invalidParams]).toEqual([
        400,
        [{ name: 'rrule', reason: 'yields no session within five years of firstStart' }],
      ]);
      expect(answered).toEqual(['health', 'series']);
    });

    it('says so when a rule ends before its first start, as a UTC date-time or a date', async () => {
      const reasons: unknown[] = [];
      for (const rrule of [
        'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260301T230000Z',
        'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260301',
      ]) {
        const response = await t.http
          .post('/v1/reflection-series')
          .set(bearer(org.lead.token))
          .send(seriesBody({ rrule }))
          .expect(400);
        reasons.push(response.body.invalidParams);
      }
      expect(reasons).toEqual([
        [
          {
            name: 'rrule',
            reason:
              'ends (UNTIL, 2026-03-01T23:00:00.000Z) before firstStart (2026-03-02T09:00:00.000Z): it yields no session',
          },
        ],
        [
          {
            name: 'rrule',
            reason:
              'ends (UNTIL, 2026-03-01T22:59:59.000Z) before firstStart (2026-03-02T09:00:00.000Z): it yields no session',
          },
        ],
      ]);
      // Ending on the first start's own day, it meets once.
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260302' }))
        .expect(201);
    });

    it('refuses a rule whose set position no period has (rrule took it as the first)', async () => {
      // A February with five Mondays comes in 2044, not within five years of 2026.
      const response = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ rrule: 'FREQ=YEARLY;BYMONTH=2;BYDAY=MO;BYSETPOS=-5' }))
        .expect(400);
      expect(response.body.invalidParams).toEqual([
        { name: 'rrule', reason: 'yields no session within five years of firstStart' },
      ]);
    });

    it('refuses a set position beyond what any period of the rule holds, saying why', async () => {
      const response = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ rrule: 'FREQ=YEARLY;BYYEARDAY=1,2;BYSETPOS=-366' }))
        .expect(400);
      expect(response.body.invalidParams).toEqual([
        {
          name: 'rrule',
          reason:
            'BYSETPOS=-366 is never reached: FREQ=YEARLY with these BY parts gives at most 2 dates a year to pick from',
        },
      ]);
    });

    it('takes a lead or admin as chair: the chair records the outcome', async () => {
      const refused = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ chairId: participant.id }))
        .expect(422);
      expect(refused.body.invalidParams).toEqual([
        {
          name: 'chairId',
          reason: 'names Pia Deelnemer, a member: the chair records the outcome, which takes a lead or admin',
        },
      ]);
      const series = await create({ chairId: org.admin.id });
      await t.http
        .patch(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .send({ chairId: participant.id, version: series.version })
        .expect(422);
    });

    it('explains why a rule is refused', async () => {
      const response = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ rrule: 'FREQ=MINUTELY' }))
        .expect(400);
      expect(response.body.invalidParams).toEqual([
        { name: 'rrule', reason: 'FREQ=MINUTELY is too frequent: use DAILY, WEEKLY, MONTHLY or YEARLY' },
      ]);
    });

    it('refuses a rule that never yields a session', async () => {
      const response = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }))
        .expect(400);
      expect(response.body.invalidParams[0].name).toBe('rrule');
    });

    it.each([
      ['chairId', () => ({ chairId: other.lead.id })],
      ['participantIds', () => ({ participantIds: [participant.id, other.member.id] })],
      ['chainId', () => ({ chainId: '00000000-0000-4000-8000-000000000000' })],
    ])('gives 422 for a %s outside the organisation', async (field, extra) => {
      const before = await t.db.query(`SELECT count(*)::int AS n FROM reflection_sessions`);
      const response = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody(extra()))
        .expect(422);
      expect(response.body.invalidParams[0].name).toBe(field);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM reflection_sessions`)).toEqual(before);
    });
  });

  it("takes a time zone in any case, as PostgreSQL does, and keeps the tz database's spelling", async () => {
    const series = await create({ timeZone: 'europe/amsterdam' });
    expect(series.timeZone).toBe('Europe/Amsterdam');
    const sessions = await sessionsOf(series.id);
    // Another spelling of the same zone is no change: the sessions stay as they are.
    const same = await patchSeries(series.id, { timeZone: 'EUROPE/AMSTERDAM', version: series.version });
    expect(same.body).toEqual(expect.objectContaining({ timeZone: 'Europe/Amsterdam' }));
    expect(await sessionsOf(series.id)).toEqual(sessions);
    const moved = await patchSeries(series.id, { timeZone: 'europe/london', version: same.body.version });
    expect(moved.body.timeZone).toBe('Europe/London');
    // The database's names, not ICU's older ones (Europe/Kiev, Asia/Calcutta).
    for (const [typed, stored] of [
      ['Europe/Kyiv', 'Europe/Kyiv'],
      ['europe/kyiv', 'Europe/Kyiv'],
      ['ASIA/KOLKATA', 'Asia/Kolkata'],
    ])
      expect([typed, (await create({ timeZone: typed })).timeZone]).toEqual([typed, stored]);
  });

  it('refuses a chain or triangle series without a chain, on create and on change', async () => {
    for (const kind of ['chain', 'triangle']) {
      const refused = await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(seriesBody({ kind }))
        .expect(400);
      expect(refused.body.invalidParams).toEqual([
        { name: 'chainId', reason: expect.stringContaining(`required for a series of kind ${kind}`) },
      ]);
    }
    const series = await create({ kind: 'leadership' });
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM reflection_series`))[0].n;
    const before = await count();
    await t.http
      .patch(`/v1/reflection-series/${series.id}`)
      .set(bearer(org.lead.token))
      .send({ kind: 'triangle', version: series.version })
      .expect(400);
    expect((await t.http.get(`/v1/reflection-series/${series.id}`).set(bearer(org.lead.token))).body).toEqual(
      expect.objectContaining({ kind: 'leadership', version: series.version }),
    );
    expect(await count()).toBe(before);
  });

  it('accepts reminder offsets in minutes', async () => {
    const series = await create({ reminderOffsets: ['PT5M'], agendaLeadTime: 'PT90M' });
    expect(series.reminderOffsets).toEqual(['PT5M']);
    const [first] = await sessionsOf(series.id);
    const [row] = await t.db.query(
      `SELECT due_at FROM notifications WHERE subject_id = $1 AND kind = 'session-reminder' LIMIT 1`,
      [first.id],
    );
    expect(row.due_at).toEqual(new Date('2026-03-02T08:55:00Z'));
  });

  describe('editing', () => {
    it('replaces only the future planned sessions and their notifications', async () => {
      const series = await create({
        title: 'Wordt verzet',
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
        firstStart: '2026-03-03T10:00:00+01:00',
      });
      const sessions = await sessionsOf(series.id);
      const [march3, march10, march17, march24] = sessions;
      // 3 March held, 10 March cancelled; 17 March gets its agenda; then the rule changes.
      t.clock.set('2026-03-04T12:00:00Z');
      await patchSession(march3.id, { status: 'held', minutes: 'Goed gesprek', version: 1 });
      await patchSession(march10.id, { status: 'cancelled', reason: 'Crisisoverleg', version: 1 });
      await patchSession(march17.id, { status: 'agenda-sent', version: 1 });

      const updated = await patchSeries(series.id, { rrule: 'FREQ=WEEKLY;BYDAY=TH', version: 1 });
      expect(updated.body).toEqual(expect.objectContaining({ rrule: 'FREQ=WEEKLY;BYDAY=TH', version: 2 }));

      const after = await sessionsOf(series.id);
      const byId = new Map(after.map((s) => [s.id, s]));
      expect(byId.get(march3.id).status).toBe('held');
      expect(byId.get(march10.id).status).toBe('cancelled');
      expect(byId.get(march17.id).status).toBe('agenda-sent');
      // A weekly series meets once a week: the weeks of 3, 10 and 17 March had their meeting (or
      // called it off) and get no Thursday. Each Tuesday still planned becomes its week's Thursday.
      const future = after.filter((s) => ![march3.id, march10.id, march17.id].includes(s.id));
      expect(future.length).toBeGreaterThan(45);
      expect(future.every((s) => amsterdam(s.occurrence_start).weekday === 4 && s.status === 'planned')).toBe(
        true,
      );
      expect(future[0].id).toBe(march24.id);
      expect(amsterdam(future[0].scheduled_at).toISO()).toBe('2026-03-26T10:00:00.000+01:00');
      // The move is a change of the session, in the audit log as the lead's.
      const [movedEvent] = await t.db.query(
        `SELECT actor_id, changes FROM audit_events WHERE entity_id = $1 AND action = 'update'`,
        [march24.id],
      );
      expect(movedEvent.actor_id).toBe(org.lead.id);
      expect(movedEvent.changes.scheduledAt).toEqual({
        from: '2026-03-24T09:00:00.000Z',
        to: '2026-03-26T09:00:00.000Z',
      });
      expect(future.slice(0, 4).map((s) => s.id)).toEqual(sessions.slice(3, 7).map((s) => s.id));

      // The moved session's reminders of its old day are off, those of its new day on (and its
      // outcome request stays).
      const messages = await t.db.query(
        `SELECT status, count(*)::int AS n FROM notifications WHERE subject_id = $1 GROUP BY status ORDER BY status`,
        [march24.id],
      );
      expect(messages).toEqual([
        { status: 'cancelled', n: 4 },
        { status: 'pending', n: 5 },
      ]);
      const reasons = await t.db.query(
        `SELECT DISTINCT cancel_reason FROM notifications WHERE subject_id = $1 AND status = 'cancelled'`,
        [march24.id],
      );
      expect(reasons).toEqual([{ cancel_reason: "the series' schedule was changed" }]);
      const kept = await t.db.query(
        `SELECT kind, status FROM notifications WHERE subject_id = $1 AND kind = 'agenda'`,
        [march17.id],
      );
      expect(kept).toEqual([
        { kind: 'agenda', status: 'pending' },
        { kind: 'agenda', status: 'pending' },
      ]);

      const audit = await t.db.query(
        `SELECT action, changes FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at`,
        [series.id],
      );
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
      expect(audit[1].changes.rrule).toEqual({ from: 'FREQ=WEEKLY;BYDAY=TU', to: 'FREQ=WEEKLY;BYDAY=TH' });
    });

    it('takes the agendas of sessions a new rule drops off the plan: hand-made items back to the backlog, audited', async () => {
      const series = await create({ title: 'Minder vaak' });
      const [, march9] = await sessionsOf(series.id);
      const handMade = await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ sessionId: march9.id, kind: 'custom', title: 'Werkdruk', timeboxMinutes: 20 })
        .expect(201);
      const [compiled] = await t.db.query(
        `INSERT INTO agenda_items (organisation_id, series_id, session_id, kind, title, timebox_minutes,
           position, status, origin)
         VALUES ($1, $2, $3, 'custom', 'Samengesteld', 15, 2, 'scheduled', 'compiled') RETURNING id`,
        [org.organisationId, series.id, march9.id],
      );
      // Monthly on the first Monday: the session of 9 March is no longer planned.
      await patchSeries(series.id, { rrule: 'FREQ=MONTHLY;BYDAY=1MO', version: 1 });
      expect((await sessionsOf(series.id)).map((s) => s.id)).not.toContain(march9.id);
      const sessionGone = await t.db.query(
        `SELECT actor_id FROM audit_events WHERE entity_id = $1 AND action = 'delete'`,
        [march9.id],
      );
      expect(sessionGone).toEqual([{ actor_id: org.lead.id }]);

      const back = await t.http
        .get(`/v1/agenda-items/${handMade.body.id}`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(back.body).toEqual(
        expect.objectContaining({ sessionId: null, status: 'proposed', version: handMade.body.version + 1 }),
      );
      const events = await t.db.query(
        `SELECT entity_id, actor_id, action, changes FROM audit_events
         WHERE entity_id = ANY($1::uuid[]) AND action <> 'create' ORDER BY action`,
        [[handMade.body.id, compiled.id]],
      );
      expect(events).toEqual([
        {
          entity_id: compiled.id,
          actor_id: org.lead.id,
          action: 'delete',
          changes: expect.objectContaining({
            sessionId: { from: march9.id, to: null },
            title: { from: 'Samengesteld', to: null },
          }),
        },
        {
          entity_id: handMade.body.id,
          actor_id: org.lead.id,
          action: 'update',
          changes: { sessionId: { from: march9.id, to: null } },
        },
      ]);
    });

    it('gives a new time to the weeks still planned, not to those called off or moved', async () => {
      const series = await create({ title: 'Later op de dag' });
      const [, march9, march16] = await sessionsOf(series.id);
      await patchSession(march9.id, { status: 'cancelled', reason: 'Kerstborrel', version: 1 });
      await patchSession(march16.id, {
        status: 'postponed',
        postponedTo: '2026-03-18T10:00:00+01:00',
        reason: 'Begroting',
        version: 1,
      });
      await patchSeries(series.id, { firstStart: '2026-03-02T14:00:00+01:00', version: 1 });

      const march = (await sessionsOf(series.id))
        .filter((s) => amsterdam(s.scheduled_at).month === 3)
        .map((s) => [amsterdam(s.scheduled_at).toFormat('dd HH:mm'), s.status]);
      expect(march).toEqual([
        ['02 14:00', 'planned'],
        ['09 10:00', 'cancelled'],
        ['16 10:00', 'postponed'],
        ['18 10:00', 'planned'],
        ['23 14:00', 'planned'],
        ['30 14:00', 'planned'],
      ]);
    });

    it("audits the sessions a series' rule makes, in the request that made them", async () => {
      const series = await create({ title: 'Gecontroleerd' });
      const sessions = await sessionsOf(series.id);
      const events = await t.db.query(
        `SELECT e.entity_id, e.actor_id, e.request_id, e.changes->'scheduledAt'->>'to' AS at,
                s.request_id AS series_request
         FROM audit_events e JOIN audit_events s ON s.entity_id = $1 AND s.action = 'create'
         WHERE e.entity_type = 'reflection-session' AND e.action = 'create' AND e.entity_id = ANY ($2)`,
        [series.id, sessions.map((s) => s.id)],
      );
      expect(events).toHaveLength(sessions.length);
      for (const event of events) {
        expect(event.actor_id).toBe(org.lead.id); // who made the series, whose request it was
        expect(event.request_id).toBe(event.series_request);
        expect(event.request_id).not.toBeNull();
      }
      const scheduled = new Map(sessions.map((s) => [s.id, new Date(s.scheduled_at).toISOString()]));
      expect(
        events.every((e: { entity_id: string; at: string }) => scheduled.get(e.entity_id) === e.at),
      ).toBe(true);
    });

    it("keeps a week's own session on the day an earlier one was postponed to when the schedule changes", async () => {
      const series = await create({ title: 'Verzet op maandag' });
      const [march2, march9] = await sessionsOf(series.id);
      // Postponed to the afternoon of the next Monday, which has its own session in the morning.
      await patchSession(march2.id, {
        status: 'postponed',
        postponedTo: '2026-03-09T15:00:00+01:00',
        reason: 'Kamerdebat',
        version: 1,
      });
      await patchSeries(series.id, { durationMinutes: 45, version: 1 });
      const march = (await sessionsOf(series.id))
        .filter((s) => amsterdam(s.scheduled_at).toFormat('yyyy-MM-dd') <= '2026-03-16')
        .map((s) => [amsterdam(s.scheduled_at).toFormat('dd HH:mm'), s.status]);
      expect(march).toEqual([
        ['02 10:00', 'postponed'],
        ['09 10:00', 'planned'],
        ['09 15:00', 'planned'],
        ['16 10:00', 'planned'],
      ]);
      // The same session, with the new length and its reminders.
      const [kept] = await t.db.query(
        `SELECT id, ends_at - scheduled_at AS length FROM reflection_sessions WHERE id = $1`,
        [march9.id],
      );
      expect(kept).toEqual({ id: march9.id, length: { minutes: 45 } });
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM notifications WHERE subject_id = $1 AND kind = 'session-reminder'
           AND status = 'pending'`,
        [march9.id],
      );
      expect(n).toBeGreaterThan(0);
      // A new time that would meet at once with the postponed session: that week's keeps its time.
      await patchSeries(series.id, { firstStart: '2026-03-02T15:00:00+01:00', version: 2 });
      const later = (await sessionsOf(series.id))
        .filter((s) => amsterdam(s.scheduled_at).toFormat('yyyy-MM-dd') <= '2026-03-16')
        .map((s) => [s.id === march9.id, amsterdam(s.scheduled_at).toFormat('dd HH:mm'), s.status]);
      expect(later).toEqual([
        [false, '02 10:00', 'postponed'],
        [true, '09 10:00', 'planned'],
        [false, '09 15:00', 'planned'],
        [false, '16 15:00', 'planned'],
      ]);
    });

    it('moves a weekly series to another weekday week by week, as the same sessions', async () => {
      const series = await create({ title: 'Naar donderdag' });
      const [march2, march9, march16] = await sessionsOf(series.id);
      await patchSession(march16.id, { status: 'cancelled', reason: 'Reces', version: 1 });
      // Wednesday 4 March: Monday's meeting is past (its outcome not recorded yet).
      t.clock.set('2026-03-04T09:00:00Z');
      await patchSeries(series.id, { rrule: 'FREQ=WEEKLY;BYDAY=TH', version: 1 });
      const march = (await sessionsOf(series.id))
        .filter((s) => amsterdam(s.scheduled_at).toFormat('yyyy-MM') === '2026-03')
        .map((s) => [s.id, amsterdam(s.scheduled_at).toFormat('ccc dd HH:mm'), s.status]);
      expect(march).toEqual([
        [march2.id, 'Mon 02 10:00', 'planned'],
        [march9.id, 'Thu 12 10:00', 'planned'],
        [march16.id, 'Mon 16 10:00', 'cancelled'],
        [expect.any(String), 'Thu 26 10:00', 'planned'],
      ]);
      const [moved] = await t.db.query(`SELECT ical_sequence FROM reflection_sessions WHERE id = $1`, [
        march9.id,
      ]);
      expect(moved.ical_sequence).toBe(1);
    });

    it('keeps going by the week through a monthly rule in between', async () => {
      const series = await create({ title: 'Heen en weer' });
      const [, march9] = await sessionsOf(series.id);
      await patchSession(march9.id, { status: 'cancelled', reason: 'Reces', version: 1 });
      t.clock.set('2026-03-03T09:00:00Z');
      await patchSeries(series.id, { rrule: 'FREQ=MONTHLY;BYDAY=2TH', version: 1 });
      await patchSeries(series.id, { rrule: 'FREQ=WEEKLY;BYDAY=WE', version: 2 });
      const march = (await sessionsOf(series.id))
        .filter((s) => amsterdam(s.scheduled_at).toFormat('yyyy-MM') === '2026-03')
        .map((s) => [amsterdam(s.scheduled_at).toFormat('ccc dd'), s.status]);
      expect(march).toEqual([
        ['Mon 02', 'planned'],
        ['Mon 09', 'cancelled'],
        ['Wed 18', 'planned'],
        ['Wed 25', 'planned'],
      ]);
    });

    it('tells sessions apart by the day when the series met twice a week', async () => {
      const series = await create({ title: 'Twee keer per week', rrule: 'FREQ=WEEKLY;BYDAY=MO,TH' });
      const [, , march9, march12] = await sessionsOf(series.id);
      await patchSession(march9.id, { status: 'cancelled', reason: 'Ziekte', version: 1 });
      await patchSeries(series.id, { rrule: 'FREQ=WEEKLY;BYDAY=TH', version: 1 });
      const week = (await sessionsOf(series.id))
        .filter((s) => amsterdam(s.scheduled_at).toFormat('kkkk-WW') === '2026-11')
        .map((s) => [s.id, amsterdam(s.scheduled_at).toFormat('ccc dd'), s.status]);
      expect(week).toEqual([
        [march9.id, 'Mon 09', 'cancelled'],
        [march12.id, 'Thu 12', 'planned'],
      ]);
    });

    it('keeps each session on its day as the same session through a new length or time', async () => {
      const series = await create({ title: 'Zelfde sessies' });
      const before = await sessionsOf(series.id);
      const reminders = async (id: string) =>
        t.db.query(
          `SELECT due_at, status FROM notifications WHERE subject_id = $1 AND kind = 'session-reminder'
             AND recipient_id = $2 ORDER BY due_at, status`,
          [id, participant.id],
        );
      await patchSeries(series.id, { durationMinutes: 60, version: 1 });
      await patchSeries(series.id, { firstStart: '2026-03-02T14:00:00+01:00', version: 2 });
      const after = await sessionsOf(series.id);
      // All but the last: 1 March 2027 at 14:00 lies past the horizon, twelve months from now.
      expect(after.map((s) => s.id)).toEqual(before.slice(0, -1).map((s) => s.id));
      const [first] = await t.db.query(`SELECT ical_sequence FROM reflection_sessions WHERE id = $1`, [
        before[0].id,
      ]);
      expect(first.ical_sequence).toBe(2);
      expect([
        amsterdam(after[0].scheduled_at).toFormat('dd HH:mm'),
        amsterdam(after[0].ends_at).toFormat('HH:mm'),
      ]).toEqual(['02 14:00', '15:00']);
      // The reminders of the old time are off; those of the new time are on.
      expect(
        (await reminders(before[0].id)).map((r) => [amsterdam(r.due_at).toFormat('dd HH:mm'), r.status]),
      ).toEqual([
        ['01 10:00', 'cancelled'],
        ['01 14:00', 'pending'],
        ['02 09:00', 'cancelled'],
        ['02 13:00', 'pending'],
      ]);
    });

    it('keeps a session a holiday moved past today through an edit of the series', async () => {
      // Easter Monday 6 April 2026: its session is on Tuesday the 7th; edited that morning.
      const series = await create({ title: 'Na Pasen' });
      const easter = (await sessionsOf(series.id)).find(
        (s) => amsterdam(s.scheduled_at).toISODate() === '2026-04-07',
      );
      t.clock.set('2026-04-07T06:00:00Z');
      await patchSeries(series.id, { durationMinutes: 60, version: 1 });
      const [kept] = await t.db.query(`SELECT ends_at FROM reflection_sessions WHERE id = $1`, [easter.id]);
      expect(amsterdam(kept.ends_at).toFormat('dd HH:mm')).toBe('07 11:00');
    });

    it('reminds of a session that a new time moved out of the notice window once it comes back in', async () => {
      // 4 May 11:00 is the last moment of the 64-day window from 1 March 10:00; 13:00 is past it.
      const series = await create({
        title: 'Net buiten het venster',
        rrule: 'FREQ=WEEKLY;BYDAY=MO',
        firstStart: '2026-03-09T11:00:00+01:00',
      });
      const edge = (await sessionsOf(series.id)).find(
        (s) => amsterdam(s.scheduled_at).toISODate() === '2026-05-04',
      );
      const pending = async () =>
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM notifications WHERE subject_id = $1 AND status = 'pending'`,
            [edge.id],
          )
        )[0].n;
      expect(await pending()).toBeGreaterThan(0);
      await patchSeries(series.id, { firstStart: '2026-03-09T13:00:00+01:00', version: 1 });
      expect(await pending()).toBe(0);
      t.clock.set('2026-03-02T09:00:00Z');
      await t.app.get(SessionScheduler).extendHorizon();
      expect(await pending()).toBeGreaterThan(0);
    });

    it('cancels the sessions a stopped series announced, so nobody is reminded of them', async () => {
      const series = await create({ title: 'Stopt' });
      const [march2, march9] = await sessionsOf(series.id);
      await patchSession(march2.id, { status: 'agenda-sent', version: 1 });
      await patchSession(march9.id, {
        status: 'postponed',
        postponedTo: '2026-03-11T10:00:00+01:00',
        reason: 'Begroting',
        version: 1,
      });
      await patchSeries(series.id, { active: false, version: 1 });

      const left = await sessionsOf(series.id);
      expect(left.map((s) => [amsterdam(s.scheduled_at).toFormat('dd'), s.status])).toEqual([
        ['02', 'cancelled'],
        ['09', 'postponed'],
        ['11', 'cancelled'],
      ]);
      for (const session of [left[0], left[2]]) {
        const messages = await t.db.query(
          `SELECT kind, status, count(*)::int AS n FROM notifications WHERE subject_id = $1
           GROUP BY kind, status ORDER BY kind, status`,
          [session.id],
        );
        // The chair and the participant hear it is off; no reminder is left to go.
        expect(messages.filter((r) => r.status === 'pending')).toEqual([
          { kind: 'session-cancelled', status: 'pending', n: 2 },
        ]);
        // Mails say why in the reader's language; webhooks carry the cause for machines.
        const causes = await t.db.query(
          `SELECT DISTINCT channel, payload->>'cause' AS cause, payload->>'reason' AS reason
           FROM notifications WHERE subject_id = $1 AND kind IN ('session-cancelled', 'session.cancelled')`,
          [session.id],
        );
        expect(causes.map((c) => [c.cause, c.reason])).toEqual(
          causes.map(() => ['series-stopped', 'De reeks is gestopt.']),
        );
        expect(causes.length).toBeGreaterThan(0);
        const [audited] = await t.db.query(
          `SELECT actor_id, changes FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at DESC LIMIT 1`,
          [session.id],
        );
        expect(audited.actor_id).toBe(org.lead.id);
        // What calendars count (their SEQUENCE) is not the log's: raised on every session at once by
        // a new place, it would break the log's from/to chain of each.
        expect(audited.changes).toEqual(expect.objectContaining({ status: expect.any(Object) }));
        expect(audited.changes.icalSequence).toBeUndefined();
        expect(audited.changes.status.to).toBe('cancelled');
      }
    });

    it('keeps a session people were reminded of through a new rule, and cancels it for them when the series stops', async () => {
      const series = await create({ title: 'Al herinnerd' });
      const [march2] = await sessionsOf(series.id);
      // Its reminder of the day before went out.
      await t.db.query(
        `UPDATE notifications SET status = 'sent', sent_at = now()
         WHERE subject_id = $1 AND kind = 'session-reminder' AND recipient_id = $2`,
        [march2.id, participant.id],
      );
      const refused = await t.http
        .delete(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .expect(409);
      expect(refused.body.detail).toMatch(/reminder/);
      await patchSeries(series.id, { rrule: 'FREQ=WEEKLY;BYDAY=TH', version: 1 });
      const [kept] = await sessionsOf(series.id);
      expect([kept.id, kept.scheduled_at, kept.status]).toEqual([march2.id, march2.scheduled_at, 'planned']);
      await patchSeries(series.id, { active: false, version: 2 });
      const [cancelled] = await sessionsOf(series.id);
      expect([cancelled.id, cancelled.status]).toEqual([march2.id, 'cancelled']);
      const told = await t.db.query(
        `SELECT recipient_id FROM notifications WHERE subject_id = $1 AND kind = 'session-cancelled'`,
        [march2.id],
      );
      expect(told.map((r: { recipient_id: string }) => r.recipient_id)).toContain(participant.id);
    });

    it('invites newcomers to a session whose agenda went out, and withdraws the invitation of who left the list', async () => {
      const newcomer = await createPerson(t.http, org.admin.token, {
        name: 'Nina Nieuw',
        accessRole: 'member',
      });
      const series = await create({ title: 'Wisseling' });
      const [march2] = await sessionsOf(series.id);
      await patchSession(march2.id, { status: 'agenda-sent', version: 1 });
      // The worker delivered the participant's invitation.
      await t.db.query(
        `UPDATE notifications SET status = 'sent' WHERE recipient_id = $1 AND subject_id = $2 AND kind = 'agenda'`,
        [participant.id, march2.id],
      );
      await patchSeries(series.id, { participantIds: [newcomer.id], version: 1 });
      const messages = async (personId: string) =>
        t.db.query(
          `SELECT kind, status, payload->>'sessionId' AS "sessionId" FROM notifications
           WHERE subject_id = $1 AND recipient_id = $2 AND kind IN ('agenda', 'session-uninvited')
           ORDER BY kind, status`,
          [march2.id, personId],
        );
      expect(await messages(newcomer.id)).toEqual([
        { kind: 'agenda', status: 'pending', sessionId: march2.id },
      ]);
      // Who left the list gets a cancellation of their own for the calendar that has the meeting.
      expect(await messages(participant.id)).toEqual([
        { kind: 'agenda', status: 'sent', sessionId: march2.id },
        { kind: 'session-uninvited', status: 'pending', sessionId: march2.id },
      ]);
      // The chair stays invited and hears nothing new.
      expect(await messages(org.lead.id)).toEqual([
        { kind: 'agenda', status: 'pending', sessionId: march2.id },
      ]);
      // Put back on the list (its withdrawal sent meanwhile): invited again.
      await t.db.query(
        `UPDATE notifications SET status = 'sent' WHERE recipient_id = $1 AND subject_id = $2`,
        [participant.id, march2.id],
      );
      t.clock.set('2026-03-01T09:05:00Z');
      await patchSeries(series.id, { participantIds: [newcomer.id, participant.id], version: 2 });
      expect(await messages(participant.id)).toEqual([
        { kind: 'agenda', status: 'pending', sessionId: march2.id },
        { kind: 'agenda', status: 'sent', sessionId: march2.id },
        { kind: 'session-uninvited', status: 'sent', sessionId: march2.id },
      ]);
      // Each change raises the SEQUENCE: calendars take nothing older than what they hold.
      const [{ ical_sequence }] = await t.db.query(
        `SELECT ical_sequence FROM reflection_sessions WHERE id = $1`,
        [march2.id],
      );
      expect(ical_sequence).toBe(3);

      // Taken off and put back before the withdrawal went out: it is not sent at all.
      await patchSeries(series.id, { participantIds: [newcomer.id], version: 3 });
      t.clock.set('2026-03-01T09:06:00Z');
      await patchSeries(series.id, { participantIds: [newcomer.id, participant.id], version: 4 });
      // The messages of the last two changes (each change's moment is in its messages' keys).
      const latest = await t.db.query(
        `SELECT kind, status FROM notifications WHERE subject_id = $1 AND recipient_id = $2
           AND (dedupe_key LIKE '%:' || $3 OR dedupe_key LIKE '%:' || $4) ORDER BY kind, status`,
        [march2.id, participant.id, Date.parse('2026-03-01T09:05:00Z'), Date.parse('2026-03-01T09:06:00Z')],
      );
      expect(latest).toEqual([
        { kind: 'agenda', status: 'cancelled' },
        { kind: 'agenda', status: 'pending' },
        { kind: 'session-uninvited', status: 'cancelled' },
      ]);
      // Taken off before their invitation went out: it is not sent, and there is nothing to withdraw.
      await patchSeries(series.id, { participantIds: [participant.id], version: 5 });
      expect(await messages(newcomer.id)).toEqual([
        { kind: 'agenda', status: 'cancelled', sessionId: march2.id },
      ]);
      // One whose invitation a worker is sending at that moment (claimed) may get it yet: withdrawn too.
      const inFlight = await createPerson(t.http, org.admin.token, {
        name: 'Ivo Onderweg',
        accessRole: 'member',
      });
      const [{ version: seriesVersion }] = await t.db.query(
        `SELECT version FROM reflection_series WHERE id = $1`,
        [series.id],
      );
      await patchSeries(series.id, {
        participantIds: [participant.id, inFlight.id],
        version: seriesVersion,
      });
      await t.db.query(
        `UPDATE notifications SET claimed_until = $3 WHERE recipient_id = $1 AND subject_id = $2 AND kind = 'agenda'`,
        [inFlight.id, march2.id, new Date('2026-03-01T10:00:00Z')],
      );
      await patchSeries(series.id, {
        participantIds: [participant.id],
        version: seriesVersion + 1,
      });
      expect(await messages(inFlight.id)).toEqual([
        { kind: 'agenda', status: 'cancelled', sessionId: march2.id },
        { kind: 'session-uninvited', status: 'pending', sessionId: march2.id },
      ]);
    });

    it('says in the delivery log why a change or a stop cancelled what was planned', async () => {
      const series = await create({ title: 'Met reden' });
      const [march2, march9] = await sessionsOf(series.id);
      await patchSession(march2.id, { status: 'agenda-sent', version: 1 });
      const cancelled = async (sessionId: string, recipientId: string) =>
        (
          await t.http
            .get(
              `/v1/notifications?subjectId=${sessionId}&recipientId=${recipientId}&status=cancelled&pageSize=100`,
            )
            .set(bearer(org.lead.token))
            .expect(200)
        ).body.items
          .map((n: { kind: string; cancelReason: string | null }) => `${n.kind}: ${n.cancelReason}`)
          .sort();

      // Taken off the list: the invitation not sent yet is theirs no longer, nor are the reminders
      // of this session and the next (planned again for who is invited now, not for them).
      await patchSeries(series.id, { participantIds: [], version: 1 });
      expect(await cancelled(march2.id, participant.id)).toEqual([
        'agenda: the person was taken off the session',
        'session-reminder: the person was taken off the session',
        'session-reminder: the person was taken off the session',
      ]);
      expect(await cancelled(march9.id, participant.id)).toEqual([
        'session-reminder: the person was taken off the session',
        'session-reminder: the person was taken off the session',
      ]);
      // The chair's were planned again, so nothing of theirs is cancelled yet.
      expect(await cancelled(march2.id, org.lead.id)).toEqual([]);

      await patchSeries(series.id, { active: false, version: 2 });
      // The announced session is cancelled, the next one deleted: either way its messages are off.
      expect(await cancelled(march2.id, org.lead.id)).toEqual([
        'agenda: the series was stopped',
        'outcome-request: the series was stopped',
        'session-reminder: the series was stopped',
        'session-reminder: the series was stopped',
      ]);
      expect(await cancelled(march9.id, org.lead.id)).toEqual([
        'outcome-request: the series was stopped',
        'session-reminder: the series was stopped',
        'session-reminder: the series was stopped',
      ]);
    });

    it('sends the invitation again with a new place or link, and re-plans the reminders webhooks send', async () => {
      const subscription = await subscribe(
        'https://hooks.example.nl/zaal',
        '{session.reminder,agenda.published}',
      );
      try {
        const series = await create({ title: 'Verhuizing', location: 'Zaal 1' });
        const [march2, march9] = await sessionsOf(series.id);
        await patchSession(march2.id, { status: 'agenda-sent', version: 1 });
        // The participant's invitation went out; the chair's is still waiting for the worker.
        await t.db.query(
          `UPDATE notifications SET status = 'sent' WHERE recipient_id = $1 AND subject_id = $2 AND kind = 'agenda'`,
          [participant.id, march2.id],
        );
        await patchSeries(series.id, {
          location: 'Zaal 9',
          meetingUrl: 'https://teams.example.nl/nieuw',
          version: 1,
        });
        const invitations = await t.db.query(
          `SELECT recipient_id, status, payload->>'location' AS location, payload->>'reinvited' AS again
           FROM notifications WHERE subject_id = $1 AND kind = 'agenda' ORDER BY status, recipient_id`,
          [march2.id],
        );
        expect(invitations).toEqual(
          [
            // The chair's first one is replaced by the new one; the participant's goes again (and
            // says so: a move sent again says what changed, not that the time did).
            { recipient_id: org.lead.id, status: 'cancelled', location: 'Zaal 1', again: null },
            { recipient_id: org.lead.id, status: 'pending', location: 'Zaal 9', again: null },
            { recipient_id: participant.id, status: 'pending', location: 'Zaal 9', again: 'true' },
            { recipient_id: participant.id, status: 'sent', location: 'Zaal 1', again: null },
          ].sort((a, b) => (a.status + a.recipient_id).localeCompare(b.status + b.recipient_id)),
        );
        // Someone who joins after a resend gets the invitation, not a resend ("changed").
        await t.db.query(
          `UPDATE notifications SET payload = payload || '{"reinvited": true}' WHERE subject_id = $1 AND kind = 'agenda'`,
          [march2.id],
        );
        const joiner = await createPerson(t.http, org.admin.token, {
          name: 'Jet Later',
          accessRole: 'member',
        });
        await patchSeries(series.id, { participantIds: [participant.id, joiner.id], version: 2 });
        expect(
          await t.db.query(
            `SELECT payload->>'reinvited' AS again FROM notifications
             WHERE subject_id = $1 AND recipient_id = $2 AND kind = 'agenda'`,
            [march2.id, joiner.id],
          ),
        ).toEqual([{ again: null }]);
        // A session not announced yet gets nothing by e-mail: its agenda will say where.
        const [{ n }] = await t.db.query(
          `SELECT count(*)::int AS n FROM notifications WHERE subject_id = $1 AND kind = 'agenda'`,
          [march9.id],
        );
        expect(n).toBe(0);
        // What a webhook will send of a reminder is planned with the new place and link.
        const hooks = await t.db.query(
          `SELECT DISTINCT payload->'data'->>'location' AS location, payload->'data'->>'meetingUrl' AS url
           FROM notifications WHERE webhook_subscription_id = $1 AND status = 'pending'
             AND kind = 'session.reminder' AND subject_id = ANY ($2)`,
          [subscription.id, [march2.id, march9.id]],
        );
        expect(hooks).toEqual([{ location: 'Zaal 9', url: 'https://teams.example.nl/nieuw' }]);
        // Reminders, by e-mail and webhook, name the version of the invitation as it is now.
        const sequences = await t.db.query(
          `SELECT DISTINCT s.ical_sequence AS session, coalesce(n.payload->'data'->'icalSequence', n.payload->'icalSequence')::int AS reminder
           FROM notifications n JOIN reflection_sessions s ON s.id = n.subject_id
           WHERE n.status = 'pending' AND n.kind IN ('session.reminder', 'session-reminder') AND n.subject_id = ANY ($1)`,
          [[march2.id, march9.id]],
        );
        expect(sequences.length).toBeGreaterThan(0);
        for (const { session, reminder } of sequences) expect(reminder).toBe(session);
        // And subscribers hear of the new place as they heard of the agenda, in place of the old one
        // not sent yet (it would reach them after the new one).
        const published = await t.db.query(
          `SELECT status, payload->'data'->>'location' AS location FROM notifications
           WHERE webhook_subscription_id = $1 AND kind = 'agenda.published' AND subject_id = $2
           ORDER BY location`,
          [subscription.id, march2.id],
        );
        expect(published).toEqual([
          { status: 'cancelled', location: 'Zaal 1' },
          { status: 'pending', location: 'Zaal 9' },
        ]);
      } finally {
        await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [subscription.id]);
      }
    });

    it('invites someone taken off and put back in the same change as a rename, not tells them it changed', async () => {
      const returning = await createPerson(t.http, org.admin.token, {
        name: 'Adne Terug',
        accessRole: 'member',
      });
      const series = await create({ title: 'Terugkeer', participantIds: [participant.id, returning.id] });
      const [march2] = await sessionsOf(series.id);
      await patchSession(march2.id, { status: 'agenda-sent', version: 1 });
      const sendAll = () =>
        t.db.query(
          `UPDATE notifications SET status = 'sent', sent_at = clock_timestamp()
           WHERE subject_id = $1 AND kind IN ('agenda', 'session-uninvited') AND status = 'pending'`,
          [march2.id],
        );
      await sendAll();
      await patchSeries(series.id, { participantIds: [participant.id], version: 1 });
      await sendAll(); // their withdrawal: the event left their calendar
      await patchSeries(series.id, {
        title: 'Terugkeer (nieuwe naam)',
        participantIds: [participant.id, returning.id],
        version: 2,
      });
      const pending = await t.db.query(
        `SELECT recipient_id, payload->>'reinvited' AS again FROM notifications
         WHERE subject_id = $1 AND kind = 'agenda' AND status = 'pending' ORDER BY recipient_id`,
        [march2.id],
      );
      const again = Object.fromEntries(
        pending.map((r: { recipient_id: string; again: string | null }) => [r.recipient_id, r.again]),
      );
      // Who had it is told it changed; who comes back gets it as an invitation.
      expect([again[participant.id], again[returning.id]]).toEqual(['true', null]);
    });

    it('keeps a session at the time its reminder named, for webhook subscribers too, through a new rule', async () => {
      const subscription = await subscribe('https://hooks.example.nl/later');
      try {
        const series = await create({ title: 'Verschuiving', reminderOffsets: ['P1D'] });
        const [march2] = await sessionsOf(series.id);
        // The day before Monday 2 March: the reminders of that session went out.
        t.clock.set('2026-03-01T10:00:00Z');
        await t.db.query(
          `UPDATE notifications SET status = 'sent' WHERE subject_id = $1 AND kind IN ('session-reminder', 'session.reminder')`,
          [march2.id],
        );
        await patchSeries(series.id, { rrule: 'FREQ=WEEKLY;BYDAY=TU', version: 1 });
        const hooks = await t.db.query(
          `SELECT status, due_at FROM notifications WHERE webhook_subscription_id = $1 AND subject_id = $2
           ORDER BY due_at`,
          [subscription.id, march2.id],
        );
        // The session stays on Monday, as told: no second reminder, and no Tuesday that week.
        expect(hooks).toEqual([{ status: 'sent', due_at: new Date('2026-03-01T09:00:00Z') }]);
        const [kept, next] = await sessionsOf(series.id);
        expect([kept.id, kept.scheduled_at]).toEqual([march2.id, march2.scheduled_at]);
        expect(amsterdam(next.scheduled_at).toISO()).toBe('2026-03-10T10:00:00.000+01:00');
      } finally {
        await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [subscription.id]);
      }
    });

    it('keeps a reminder that fell due unsent when an edit plans the reminders again', async () => {
      const newcomer = await createPerson(t.http, org.admin.token, {
        name: 'Nico Nieuw',
        accessRole: 'member',
      });
      const subscription = await subscribe('https://hooks.example.nl/achter');
      const series = await create({ title: 'Achterstand', reminderOffsets: ['P1D'] });
      const [march2] = await sessionsOf(series.id);
      const reminders = (): Promise<{ recipient_id: string; status: string; due_at: Date }[]> =>
        t.db.query(
          `SELECT recipient_id, status, due_at FROM notifications
           WHERE subject_id = $1 AND kind = 'session-reminder' AND status IN ('pending', 'queued')
           ORDER BY recipient_id`,
          [march2.id],
        );
      try {
        // Five minutes after the reminder fell due (Sunday 10:00), the worker has not sent it yet.
        t.clock.set('2026-03-01T09:05:00Z');
        await patchSeries(series.id, { participantIds: [participant.id, newcomer.id], version: 1 });
        // The chair and the participant still get theirs; the newcomer gets none that is past.
        expect((await reminders()).map((r) => [r.recipient_id, r.due_at])).toEqual(
          [org.lead.id, participant.id].sort().map((id) => [id, new Date('2026-03-01T09:00:00Z')]),
        );
        const [hook] = await t.db.query(
          `SELECT status, due_at FROM notifications WHERE webhook_subscription_id = $1 AND subject_id = $2`,
          [subscription.id, march2.id],
        );
        expect(hook).toEqual({ status: 'pending', due_at: new Date('2026-03-01T09:00:00Z') });
        // Sent once, an edit does not plan it again.
        await t.db.query(`UPDATE notifications SET status = 'sent' WHERE subject_id = $1`, [march2.id]);
        await patchSeries(series.id, { title: 'Achterstand ingehaald', version: 2 });
        expect(await reminders()).toEqual([]);
      } finally {
        await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [subscription.id]);
      }
    });

    it('keeps a reminder being retried in its backoff when an edit plans the reminders again', async () => {
      const subscription = await subscribe('https://hooks.example.nl/terug');
      const series = await create({ title: 'Opnieuw proberen', reminderOffsets: ['P1D'] });
      const [march2] = await sessionsOf(series.id);
      const rows = (): Promise<{ channel: string; status: string; attempts: number; title: string }[]> =>
        t.db.query(
          `SELECT channel, status, attempts, coalesce(payload->>'seriesTitle', payload#>>'{data,seriesTitle}') AS title
           FROM notifications
           WHERE subject_id = $1 AND kind IN ('session-reminder', 'session.reminder') ORDER BY channel, recipient_id`,
          [march2.id],
        );
      try {
        // The reminders fell due (Sunday 10:00); the first attempt of each failed, the next waits.
        t.clock.set('2026-03-01T09:05:00Z');
        await t.db.query(
          `UPDATE notifications SET status = 'queued', attempts = 1, last_error = 'HTTP 500'
           WHERE subject_id = $1 AND kind IN ('session-reminder', 'session.reminder')`,
          [march2.id],
        );
        await patchSeries(series.id, { title: 'Opnieuw proberen, nieuwe titel', version: 1 });
        // Still queued (their jobs wait out the backoff), with the new title; pending would have the
        // dispatcher replace each job by one due at once.
        expect(await rows()).toEqual([
          { channel: 'email', status: 'queued', attempts: 1, title: 'Opnieuw proberen, nieuwe titel' },
          { channel: 'email', status: 'queued', attempts: 1, title: 'Opnieuw proberen, nieuwe titel' },
          { channel: 'webhook', status: 'queued', attempts: 1, title: 'Opnieuw proberen, nieuwe titel' },
        ]);
      } finally {
        await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [subscription.id]);
      }
    });

    it('asks the new chair for the outcome of a session that began, not the one who no longer chairs', async () => {
      const newChair = await createPerson(t.http, org.admin.token, {
        name: 'Nina Voorzitter',
        accessRole: 'lead',
      });
      const series = await create({ title: 'Nieuwe voorzitter' });
      const [march2, march9] = await sessionsOf(series.id);
      const requested = async (sessionId: string) =>
        (
          await t.db.query(
            `SELECT recipient_id FROM notifications
             WHERE subject_id = $1 AND kind = 'outcome-request' AND status IN ('pending', 'queued')`,
            [sessionId],
          )
        ).map((r: { recipient_id: string }) => r.recipient_id);
      // The first session is over (10:00-11:30); its outcome is not recorded yet.
      t.clock.set('2026-03-02T12:00:00Z');
      await patchSeries(series.id, { chairId: newChair.id, version: 1 });
      expect(await requested(march9.id)).toEqual([newChair.id]);
      expect(await requested(march2.id)).toEqual([newChair.id]);
      // One whose outcome is recorded asks nobody.
      await t.db.query(`UPDATE notifications SET status = 'cancelled' WHERE subject_id = $1`, [march2.id]);
      await t.db.query(`UPDATE reflection_sessions SET status = 'held' WHERE id = $1`, [march2.id]);
      await patchSeries(series.id, { chairId: org.lead.id, version: 2 });
      expect(await requested(march2.id)).toEqual([]);
      expect(await requested(march9.id)).toEqual([org.lead.id]);
    });

    it("counts a postponed session's replacement as in calendars: its move was the invitation", async () => {
      const newcomer = await createPerson(t.http, org.admin.token, {
        name: 'Nico Nieuw',
        accessRole: 'member',
      });
      const series = await create({ title: 'Verzet en gewisseld' });
      const [march2] = await sessionsOf(series.id);
      await patchSession(march2.id, {
        status: 'postponed',
        postponedTo: '2026-03-04T14:00:00+01:00',
        reason: 'Debat',
        version: 1,
      });
      const [replacement] = await t.db.query(
        `SELECT id FROM reflection_sessions WHERE rescheduled_from_id = $1`,
        [march2.id],
      );
      await t.db.query(
        `UPDATE notifications SET status = 'sent' WHERE subject_id = $1 AND kind = 'session-moved'`,
        [replacement.id],
      );
      await patchSeries(series.id, { participantIds: [newcomer.id], version: 1 });
      const about = async (personId: string) =>
        t.db.query(
          `SELECT kind, status FROM notifications WHERE subject_id = $1 AND recipient_id = $2
             AND kind IN ('agenda', 'session-moved', 'session-uninvited') ORDER BY kind, status`,
          [replacement.id, personId],
        );
      expect(await about(participant.id)).toEqual([
        { kind: 'session-moved', status: 'sent' },
        { kind: 'session-uninvited', status: 'pending' },
      ]);
      // The newcomer never had the session that moved: not told that it moved. Its agenda has not
      // gone out: they get it with the others.
      expect(await about(newcomer.id)).toEqual([]);
    });

    it('plans reminders again for the new participants without moving sessions', async () => {
      const series = await create({ title: 'Nieuwe deelnemer' });
      const before = await sessionsOf(series.id);
      const newcomer = await createPerson(t.http, org.admin.token, {
        name: 'Nieuwe Collega',
        accessRole: 'member',
      });
      await patchSeries(series.id, { participantIds: [newcomer.id], reminderOffsets: ['P2D'], version: 1 });
      const after = await sessionsOf(series.id);
      expect(after.map((s) => s.id)).toEqual(before.map((s) => s.id));
      const rows = await t.db.query(
        `SELECT recipient_id, dedupe_key, status FROM notifications WHERE subject_id = $1 AND kind = 'session-reminder'`,
        [before[2].id],
      );
      const pending = rows.filter((r) => r.status === 'pending');
      expect(pending.map((r) => r.recipient_id).sort()).toEqual([org.lead.id, newcomer.id].sort());
      expect(pending.every((r) => r.dedupe_key.includes(':P2D:'))).toBe(true);
      expect(
        rows.filter((r) => r.recipient_id === participant.id).every((r) => r.status === 'cancelled'),
      ).toBe(true);
    });

    it('plans reminders only for who joined, cancels only those of who left, and writes a new title into what is planned', async () => {
      const newcomer = await createPerson(t.http, org.admin.token, {
        name: 'Noor Nieuwkomer',
        accessRole: 'member',
      });
      const subscription = await subscribe('https://hooks.example.nl/alleen');
      type Row = {
        id: string;
        kind: string;
        recipient_id: string | null;
        status: string;
        version: number;
        cancel_reason: string | null;
        title: string;
        sequence: number;
      };
      const series = await create({ title: 'Alleen wat verandert' });
      const planned = (): Promise<Row[]> =>
        t.db.query(
          `SELECT n.id, n.kind, n.recipient_id, n.status, n.version, n.cancel_reason,
             coalesce(n.payload->>'seriesTitle', n.payload#>>'{data,seriesTitle}') AS title,
             coalesce(n.payload->>'icalSequence', n.payload#>>'{data,icalSequence}')::int AS sequence
           FROM notifications n JOIN reflection_sessions s ON s.id = n.subject_id
           WHERE s.series_id = $1 AND n.kind IN ('session-reminder', 'session.reminder', 'outcome-request')
           ORDER BY n.id`,
          [series.id],
        );
      try {
        const before = await planned();
        const reminders = (rows: Row[], recipientId: string | null) =>
          rows.filter((r) => r.kind !== 'outcome-request' && r.recipient_id === recipientId);
        expect(reminders(before, org.lead.id).length).toBeGreaterThan(10);
        await patchSeries(series.id, { participantIds: [newcomer.id], version: 1 });
        const after = await planned();
        // The chair's reminders and the webhook events are as they were planned: not written again.
        expect(reminders(after, org.lead.id)).toEqual(reminders(before, org.lead.id));
        expect(reminders(after, null)).toEqual(reminders(before, null));
        // Who left has none left; who joined has one for each the chair has.
        expect(reminders(after, participant.id).map((r) => `${r.status}: ${r.cancel_reason}`)).toEqual(
          reminders(before, participant.id).map(() => 'cancelled: the person was taken off the session'),
        );
        expect(reminders(after, newcomer.id).map((r) => [r.status, r.title])).toEqual(
          reminders(after, org.lead.id).map(() => ['pending', 'Alleen wat verandert']),
        );
        // Each session still asks the chair for its outcome, once.
        const requests = after.filter((r) => r.kind === 'outcome-request');
        expect(requests.map((r) => [r.recipient_id, r.status])).toEqual(
          before.filter((r) => r.kind === 'outcome-request').map(() => [org.lead.id, 'pending']),
        );

        await patchSeries(series.id, { title: 'Alleen wat verandert, nieuwe naam', version: 2 });
        const renamed = await planned();
        // The same messages, in the same state, now with the new title (and the raised SEQUENCE);
        // what was cancelled stays as it was.
        expect(renamed.map((r) => [r.id, r.status])).toEqual(after.map((r) => [r.id, r.status]));
        const [{ sequence }] = await t.db.query(
          `SELECT max(ical_sequence)::int AS sequence FROM reflection_sessions WHERE series_id = $1`,
          [series.id],
        );
        for (const [i, row] of renamed.entries())
          if (row.status === 'pending') {
            expect(row.title).toBe('Alleen wat verandert, nieuwe naam');
            if (row.kind !== 'outcome-request') expect(row.sequence).toBe(sequence);
          } else expect(row).toEqual(after[i]);
      } finally {
        await t.db.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [subscription.id]);
      }
    });

    it('asks a participant made chair for the outcome, though nobody joined or left', async () => {
      const colleague = await createPerson(t.http, org.admin.token, {
        name: 'Lotte Leiding',
        accessRole: 'lead',
      });
      const series = await create({
        title: 'Stuivertje wisselen',
        participantIds: [participant.id, colleague.id],
      });
      const [march2] = await sessionsOf(series.id);
      await patchSeries(series.id, {
        chairId: colleague.id,
        participantIds: [participant.id, org.lead.id],
        version: 1,
      });
      const requests = await t.db.query(
        `SELECT recipient_id, status FROM notifications WHERE subject_id = $1 AND kind = 'outcome-request'`,
        [march2.id],
      );
      expect(requests).toEqual([{ recipient_id: colleague.id, status: 'pending' }]);
    });

    it('asks the new chair, not the old one, for the outcome', async () => {
      const series = await create({ title: 'Nieuwe voorzitter' });
      const [march2] = await sessionsOf(series.id);
      const chair = await createPerson(t.http, org.admin.token, {
        name: 'Vera Voorzitter',
        accessRole: 'lead',
        email: 'vera.voorzitter@example.nl',
      });
      await patchSeries(series.id, { chairId: chair.id, version: 1 });
      const requests = await t.db.query(
        `SELECT recipient_id, target, status FROM notifications WHERE subject_id = $1 AND kind = 'outcome-request'`,
        [march2.id],
      );
      expect(requests).toEqual([
        { recipient_id: chair.id, target: 'vera.voorzitter@example.nl', status: 'pending' },
      ]);
      const listed = await t.http
        .get(`/v1/notifications?recipientId=${chair.id}&kind=outcome-request`)
        .set(bearer(org.lead.token))
        .expect(200);
      expect(listed.body.items.map((n: any) => n.subjectId)).toContain(march2.id);
    });

    it('refuses a stale version and changes nothing', async () => {
      const series = await create({ title: 'Twee keer' });
      await patchSeries(series.id, { title: 'Eerst', version: 1 });
      const stale = await t.http
        .patch(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .send({ durationMinutes: 30, version: 1 })
        .expect(409);
      expect(stale.body.currentVersion).toBe(2);
      const sessions = await sessionsOf(series.id);
      expect(sessions[0].ends_at.getTime() - sessions[0].scheduled_at.getTime()).toBe(90 * 60 * 1000);
    });

    it('gives no new version for a change that changes nothing', async () => {
      const series = await create({ title: 'Zoals het is' });
      const same = await patchSeries(series.id, {
        title: 'Zoals het is',
        participantIds: [participant.id],
        rrule: 'freq=weekly;byday=mo',
        timeZone: 'europe/amsterdam',
        version: 1,
      });
      expect([same.body.version, same.body.updatedAt]).toEqual([1, series.updatedAt]);
      expect(
        await t.db.query(`SELECT 1 FROM audit_events WHERE entity_id = $1 AND action = 'update'`, [
          series.id,
        ]),
      ).toEqual([]);
      // A client holding version 1 is not told it is stale.
      await patchSeries(series.id, { title: 'Nu anders', version: 1 });
    });

    it('stops a series (active false) and starts it again', async () => {
      const series = await create({ title: 'Pauze' });
      await patchSeries(series.id, { active: false, version: 1 });
      expect(await sessionsOf(series.id)).toEqual([]);
      expect(await t.app.get(SessionScheduler).extendHorizon()).toBe(0);
      const restarted = await patchSeries(series.id, { active: true, version: 2 });
      expect(restarted.body.materialisedUntil).not.toBeNull();
      expect(await sessionsOf(series.id)).toHaveLength(53);
    });

    it('starts a stopped series again only with a chair who leads', async () => {
      const chair = await createPerson(t.http, org.admin.token, {
        name: 'Lotte Voorzitter',
        accessRole: 'lead',
      });
      const series = await create({ title: 'Herstart', chairId: chair.id });
      await patchSeries(series.id, { active: false, version: 1 });
      // Stopped, the series no longer holds the chair's role: they become a member.
      const current = (await t.http.get(`/v1/people/${chair.id}`).set(bearer(org.admin.token)).expect(200))
        .body;
      await t.http
        .patch(`/v1/people/${chair.id}`)
        .set(bearer(org.admin.token))
        .send({ accessRole: 'member', version: current.version })
        .expect(200);
      const refused = await t.http
        .patch(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .send({ active: true, version: 2 })
        .expect(422);
      expect(refused.body.invalidParams).toEqual([
        {
          name: 'chairId',
          reason:
            'names Lotte Voorzitter, a member: the chair records the outcome, which takes a lead or admin',
        },
      ]);
      expect(await sessionsOf(series.id)).toEqual([]);
      const restarted = await patchSeries(series.id, { active: true, chairId: org.lead.id, version: 2 });
      expect([restarted.body.active, restarted.body.chairId]).toEqual([true, org.lead.id]);
      expect(await sessionsOf(series.id)).toHaveLength(53);
    });
  });

  describe('deleting', () => {
    it('deletes a series without outcomes and cancels its messages', async () => {
      const series = await create({ title: 'Weg ermee' });
      const sessions = await sessionsOf(series.id);
      const [first] = sessions;
      const item = await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ sessionId: first.id, kind: 'custom', title: 'Werkdruk', timeboxMinutes: 20 })
        .expect(201);
      await t.http.delete(`/v1/reflection-series/${series.id}`).set(bearer(org.member.token)).expect(403);
      await t.http.delete(`/v1/reflection-series/${series.id}`).set(bearer(org.lead.token)).expect(204);
      // Its agenda items went with it, each in the audit log.
      const gone = await t.db.query(
        `SELECT actor_id, changes -> 'title' AS title FROM audit_events WHERE entity_id = $1 AND action = 'delete'`,
        [item.body.id],
      );
      expect(gone).toEqual([{ actor_id: org.lead.id, title: { from: 'Werkdruk', to: null } }]);
      // And its sessions, each in the audit log too.
      const sessionsGone = await t.db.query(
        `SELECT entity_id, actor_id, changes -> 'status' AS status FROM audit_events
         WHERE entity_type = 'reflection-session' AND action = 'delete' AND entity_id = ANY ($1)`,
        [sessions.map((s) => s.id)],
      );
      expect(new Set(sessionsGone.map((e: { entity_id: string }) => e.entity_id))).toEqual(
        new Set(sessions.map((s) => s.id)),
      );
      expect(sessionsGone[0]).toEqual(
        expect.objectContaining({ actor_id: org.lead.id, status: { from: 'planned', to: null } }),
      );
      expect(sessionsGone).toHaveLength(sessions.length);
      await t.http.get(`/v1/reflection-series/${series.id}`).set(bearer(org.lead.token)).expect(404);
      const left = await t.db.query(`SELECT DISTINCT status FROM notifications WHERE subject_id = $1`, [
        first.id,
      ]);
      expect(left).toEqual([{ status: 'cancelled' }]);
    });

    it('keeps a series whose agenda went out: stopping it cancels the invitations, deleting would not', async () => {
      const series = await create({ title: 'Al uitgenodigd' });
      const [first] = await sessionsOf(series.id);
      await patchSession(first.id, { status: 'agenda-sent', version: 1 });
      const refused = await t.http
        .delete(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .expect(409);
      expect(refused.body.detail).toMatch(/set active to false/);
      await t.http.get(`/v1/reflection-series/${series.id}`).set(bearer(org.lead.token)).expect(200);
    });

    it('keeps the sessions that lessons or actions were drawn from, through a new rule and a delete', async () => {
      t.clock.set('2026-03-01T12:00:00Z');
      const series = await create({
        title: 'Met vervolg',
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
        firstStart: '2026-03-03T10:00:00+01:00',
      });
      const [, march10, march17] = await sessionsOf(series.id);
      // Prepared ahead: a lesson on 10 March, an action on 17 March.
      await t.http
        .post('/v1/lessons')
        .set(bearer(org.member.token))
        .send({
          sourceType: 'reflection-session',
          sourceId: march10.id,
          title: 'Voorbereiding',
          addressedRole: 'all',
        })
        .expect(201);
      await t.http
        .post('/v1/actions')
        .set(bearer(org.member.token))
        .send({
          sourceType: 'reflection-session',
          sourceId: march17.id,
          description: 'Cijfers verzamelen',
          assigneeId: org.member.id,
          dueDate: '2026-03-16',
        })
        .expect(201);
      await patchSeries(series.id, { rrule: 'FREQ=WEEKLY;BYDAY=TH', version: 1 });
      const after = await sessionsOf(series.id);
      const ids = new Set(after.map((session) => session.id));
      expect([ids.has(march10.id), ids.has(march17.id)]).toEqual([true, true]);
      // Their weeks keep them and get no Thursday besides; 3 and 24 March became Thursdays.
      const march = after
        .filter((session) => amsterdam(session.scheduled_at).month === 3)
        .map((session) => amsterdam(session.scheduled_at).toFormat('ccc dd'));
      expect(march).toEqual(['Thu 05', 'Tue 10', 'Tue 17', 'Thu 26']);
      // They stay at their time, with their reminders, until the series stops.
      const pending = async (id: string) =>
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM notifications WHERE subject_id = $1 AND status = 'pending'`,
            [id],
          )
        )[0].n;
      expect(await pending(march10.id)).toBeGreaterThan(0);
      await patchSeries(series.id, { active: false, version: 2 });
      // Kept, and cancelled: what goes out now is only that they are off.
      const stillToGo = async (id: string) =>
        (
          await t.db.query(
            `SELECT DISTINCT kind FROM notifications WHERE subject_id = $1 AND status = 'pending'`,
            [id],
          )
        ).map((row: { kind: string }) => row.kind);
      expect([await stillToGo(march10.id), await stillToGo(march17.id)]).toEqual([
        ['session-cancelled'],
        ['session-cancelled'],
      ]);
      const kept = (await sessionsOf(series.id)).filter((s) => [march10.id, march17.id].includes(s.id));
      expect(kept.map((session) => session.status)).toEqual(['cancelled', 'cancelled']);
      const response = await t.http
        .delete(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .expect(409);
      expect(response.body.detail).toMatch(/lessons or actions/);
    });

    it('keeps a series with a recorded outcome', async () => {
      const series = await create({ title: 'Met geschiedenis' });
      const [first] = await sessionsOf(series.id);
      await patchSession(first.id, { status: 'cancelled', reason: 'Ziek', version: 1 });
      const response = await t.http
        .delete(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .expect(409);
      expect(response.body.detail).toMatch(/active to false/);
    });
  });
});
