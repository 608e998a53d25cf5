import { Client } from 'pg';
import type { Response } from 'supertest';
import { Quarter } from '@app/domain/reports/quarter';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { waitForLockWaiters } from './support/lock-waiters';
import { startTestApp, TestApp } from './support/test-app';

/** Someone who left: no sign-in, no messages, no new work; their history stays. */
describe('people who left (active false)', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  const person = async (id: string) =>
    (await t.http.get(`/v1/people/${id}`).set(bearer(org.admin.token)).expect(200)).body;
  const setActive = async (id: string, active: boolean, token = org.admin.token) =>
    t.http
      .patch(`/v1/people/${id}`)
      .set(bearer(token))
      .send({ active, version: (await person(id)).version });

  /** A weekly team series the lead chairs, with one participant, from a first start at 10:00. */
  const teamSeries = (title: string, participantId: string, day: string, firstDate: string) => ({
    title,
    kind: 'team',
    chairId: org.lead.id,
    participantIds: [participantId],
    rrule: `FREQ=WEEKLY;BYDAY=${day}`,
    firstStart: `${firstDate}T10:00:00+01:00`,
    durationMinutes: 60,
  });
  /** A chain of the organisation with one incident in it. */
  const chainWithIncident = async (name: string, title: string, description: string) => {
    const chain = await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name }).expect(201);
    const incident = await t.http
      .post('/v1/incidents')
      .set(bearer(org.member.token))
      .send({
        chainId: chain.body.id,
        title,
        description,
        occurredAt: '2026-02-20T10:00:00+01:00',
        severity: 'low',
        publicAttention: 'none',
        source: 'staff',
      })
      .expect(201);
    return { chainId: chain.body.id as string, incidentId: incident.body.id as string };
  };
  const createTeamSeries = async (
    title: string,
    participantId: string,
    day: string,
    firstDate: string,
    chairId = org.lead.id,
  ) =>
    (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send({ ...teamSeries(title, participantId, day, firstDate), chairId })
        .expect(201)
    ).body;
  const createAction = (incidentId: string, description: string, assigneeId: string, dueDate: string) =>
    t.http
      .post('/v1/actions')
      .set(bearer(org.member.token))
      .send({ sourceType: 'incident', sourceId: incidentId, description, assigneeId, dueDate })
      .expect(201);

  it('stops their tokens and their messages, keeps them and their history, and can be undone', async () => {
    const leaving = await createPerson(t.http, org.admin.token, {
      name: 'Lotte Vertrek',
      accessRole: 'member',
    });
    // A series that invites them plans their reminders.
    await createTeamSeries('Teamreflectie', leaving.id, 'MO', '2026-03-02');
    const pendingTo = async (id: string) =>
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND status = 'pending'`,
          [id],
        )
      )[0].n;
    expect(await pendingTo(leaving.id)).toBeGreaterThan(0);
    await t.http.get('/v1/teams').set(bearer(leaving.token)).expect(200);

    await setActive(leaving.id, false, org.lead.token).then((r) => expect(r.status).toBe(403));
    const left = await setActive(leaving.id, false);
    expect([left.status, left.body.active]).toEqual([200, false]);
    await t.http.get('/v1/teams').set(bearer(leaving.token)).expect(401);
    expect(await pendingTo(leaving.id)).toBe(0);
    const [event] = await t.db.query(
      `SELECT changes FROM audit_events WHERE entity_id = $1 AND action = 'update'`,
      [leaving.id],
    );
    expect(event.changes.active).toEqual({ from: true, to: false });
    const listed = await t.http.get('/v1/people?pageSize=100').set(bearer(org.admin.token)).expect(200);
    expect(listed.body.items.find((p: any) => p.id === leaving.id).active).toBe(false);
    const whoLeft = await t.http.get('/v1/people?active=false').set(bearer(org.admin.token)).expect(200);
    expect(whoLeft.body.items.map((p: any) => p.id)).toEqual([leaving.id]);
    const stillHere = await t.http.get('/v1/people?active=true&pageSize=100').set(bearer(org.admin.token));
    expect(stillHere.body.items.map((p: any) => p.id)).not.toContain(leaving.id);

    const back = await setActive(leaving.id, true);
    expect(back.status).toBe(200);
    await t.http.get('/v1/teams').set(bearer(leaving.token)).expect(200);
  });

  it('plans their messages again when they come back, and sends them to the address they have now', async () => {
    const returning = await createPerson(t.http, org.admin.token, {
      name: 'Ruud Terug',
      accessRole: 'member',
    });
    await createTeamSeries('Terugkomdag', returning.id, 'WE', '2026-03-04');
    const { chainId, incidentId } = await chainWithIncident(
      'Terug',
      'Formulier onvindbaar',
      'Burgers vonden het formulier niet.',
    );
    const own = await createAction(incidentId, 'Link op de website zetten', returning.id, '2026-04-01');
    // They own the chain: a colleague's action there escalates to them.
    await t.http
      .post(`/v1/chains/${chainId}/role-assignments`)
      .set(bearer(org.admin.token))
      .send({ role: 'owner', personId: returning.id, validFrom: '2026-01-01' })
      .expect(201);
    const colleagues = await createAction(
      incidentId,
      'Formulier vindbaar maken',
      org.member.id,
      '2026-04-02',
    );
    const pending = async () =>
      t.db.query(
        `SELECT kind, target, count(*)::int AS n FROM notifications
         WHERE recipient_id = $1 AND status = 'pending' GROUP BY kind, target ORDER BY kind`,
        [returning.id],
      );
    const before = await pending();
    expect(before.map((row: { kind: string }) => row.kind)).toEqual([
      'action-escalation',
      'action-overdue',
      'action-reminder',
      'session-reminder',
    ]);

    await setActive(returning.id, false).then((r) => expect(r.status).toBe(200));
    expect(await pending()).toEqual([]);
    // The chain's only owner left: its escalations go to the lead meanwhile, not nowhere.
    const escalationsTo = async (personId: string) =>
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM notifications WHERE subject_id = $1 AND recipient_id = $2
             AND kind = 'action-escalation' AND status = 'pending'`,
          [colleagues.body.id, personId],
        )
      )[0].n;
    expect(await escalationsTo(org.lead.id)).toBe(1);
    await setActive(returning.id, true).then((r) => expect(r.status).toBe(200));
    // As before: their own action, in the chain they now own, escalates to the lead, not to them.
    expect(await pending()).toEqual(before);
    expect(await escalationsTo(org.lead.id)).toBe(0);
    const [ownEscalation] = await t.db.query(
      `SELECT recipient_id, payload->>'fallback' AS fallback FROM notifications
       WHERE subject_id = $1 AND kind = 'action-escalation' AND status = 'pending'`,
      [own.body.id],
    );
    expect(ownEscalation).toEqual({ recipient_id: org.lead.id, fallback: 'owner-is-assignee' });
    // Revived, their messages no longer say they left.
    const reasons = await t.db.query(
      `SELECT cancel_reason FROM notifications WHERE recipient_id = $1 AND status = 'pending'`,
      [returning.id],
    );
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.every((row: { cancel_reason: string | null }) => row.cancel_reason === null)).toBe(true);

    const moved = await t.http
      .patch(`/v1/people/${returning.id}`)
      .set(bearer(org.admin.token))
      .send({ email: 'ruud.nieuw@example.nl', version: (await person(returning.id)).version });
    expect(moved.status).toBe(200);
    const readdressed = before.map((row: object) => ({ ...row, target: 'ruud.nieuw@example.nl' }));
    expect(await pending()).toEqual(readdressed);
    // Another spelling of the same mailbox leaves what is planned alone.
    const spelled = await t.http
      .patch(`/v1/people/${returning.id}`)
      .set(bearer(org.admin.token))
      .send({ email: 'Ruud.Nieuw@example.nl', version: (await person(returning.id)).version });
    expect(spelled.status).toBe(200);
    expect(await pending()).toEqual(readdressed);
  });

  it("withdraws the invitations of who leaves from their calendar, and invites them again when they're back", async () => {
    const member = await createPerson(t.http, org.admin.token, {
      name: 'Agnes Agenda',
      accessRole: 'member',
    });
    const series = await createTeamSeries('Agenda verstuurd', member.id, 'TH', '2026-03-05');
    const [first] = (
      await t.http.get(`/v1/reflection-series/${series.id}/sessions`).set(bearer(org.lead.token))
    ).body.items;
    await t.http
      .patch(`/v1/reflection-sessions/${first.id}`)
      .set(bearer(org.lead.token))
      .send({ status: 'agenda-sent', version: first.version })
      .expect(200);
    const about = async () =>
      t.db.query(
        `SELECT kind, status FROM notifications WHERE subject_id = $1 AND recipient_id = $2
           AND kind IN ('agenda', 'session-uninvited') ORDER BY kind, status`,
        [first.id, member.id],
      );
    expect(await about()).toEqual([{ kind: 'agenda', status: 'pending' }]);
    // The worker delivered the invitation; then they leave.
    await t.db.query(`UPDATE notifications SET status = 'sent' WHERE subject_id = $1 AND recipient_id = $2`, [
      first.id,
      member.id,
    ]);
    await setActive(member.id, false).then((r) => expect(r.status).toBe(200));
    expect(await about()).toEqual([
      { kind: 'agenda', status: 'sent' },
      { kind: 'session-uninvited', status: 'pending' },
    ]);
    t.clock.set('2026-03-01T09:10:00Z');
    await setActive(member.id, true).then((r) => expect(r.status).toBe(200));
    expect(await about()).toEqual([
      { kind: 'agenda', status: 'pending' },
      { kind: 'agenda', status: 'sent' },
      { kind: 'session-uninvited', status: 'cancelled' },
    ]);
    t.clock.set('2026-03-01T09:00:00Z');
  });

  it('gives them no new work: no action, theme, role or seat in a series', async () => {
    const gone = await createPerson(t.http, org.admin.token, { name: 'Gert Weg', accessRole: 'member' });
    await setActive(gone.id, false).then((r) => expect(r.status).toBe(200));
    const { chainId, incidentId } = await chainWithIncident(
      'Keten',
      'Brief kwijt',
      'Een brief kwam niet aan.',
    );
    const refusals = [
      t.http.post('/v1/actions').set(bearer(org.member.token)).send({
        sourceType: 'incident',
        sourceId: incidentId,
        description: 'Nazoeken',
        assigneeId: gone.id,
        dueDate: '2026-04-01',
      }),
      t.http.post('/v1/themes').set(bearer(org.lead.token)).send({ title: 'Vakmanschap', ownerId: gone.id }),
      t.http
        .post(`/v1/chains/${chainId}/role-assignments`)
        .set(bearer(org.admin.token))
        .send({ role: 'owner', personId: gone.id }),
      t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send(teamSeries('Reflectie', gone.id, 'TU', '2026-03-03')),
    ];
    const answers = (await Promise.all(refusals)).map((response) => [
      response.status,
      response.body.invalidParams,
    ]);
    expect(answers).toEqual(
      ['assigneeId', 'ownerId', 'personId', 'participantIds'].map((name) => [
        422,
        [{ name, reason: 'names Gert Weg, who is no longer active' }],
      ]),
    );
    // A term that ended before today is history, no new work: it can be recorded for them.
    const history = await t.http
      .post(`/v1/chains/${chainId}/role-assignments`)
      .set(bearer(org.admin.token))
      .send({ role: 'owner', personId: gone.id, validFrom: '2020-01-01', validTo: '2023-12-31' })
      .expect(201);
    expect([history.body.personId, history.body.validTo]).toEqual([gone.id, '2023-12-31']);
    const untilToday = await t.http
      .post(`/v1/chains/${chainId}/role-assignments`)
      .set(bearer(org.admin.token))
      .send({ role: 'contractor', personId: gone.id, validFrom: '2020-01-01', validTo: '2026-03-01' });
    expect(untilToday.status).toBe(422);
  });

  it('keeps the seat of someone away while the series list changes; it gives them no new one', async () => {
    const away = await createPerson(t.http, org.admin.token, { name: 'Eva Verlof', accessRole: 'member' });
    const newcomer = await createPerson(t.http, org.admin.token, {
      name: 'Nina Nieuw',
      accessRole: 'member',
    });
    const series = await createTeamSeries('Verlofoverleg', away.id, 'WE', '2026-03-04');
    await setActive(away.id, false).then((r) => expect(r.status).toBe(200));
    const patch = (participantIds: string[], version: number) =>
      t.http
        .patch(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .send({ participantIds, version });
    // Someone joins while Eva is away: her seat stays, for when she is back.
    const joined = await patch([away.id, newcomer.id], series.version);
    expect(joined.status).toBe(200);
    expect([...joined.body.participantIds].sort()).toEqual([away.id, newcomer.id].sort());
    // Taken off, the seat is not given back while she is away.
    const dropped = await patch([newcomer.id], joined.body.version);
    expect(dropped.status).toBe(200);
    const refused = await patch([away.id, newcomer.id], dropped.body.version);
    expect([refused.status, refused.body.invalidParams]).toEqual([
      422,
      [{ name: 'participantIds', reason: 'names Eva Verlof, who is no longer active' }],
    ]);
  });

  it('changes a person while a session they are invited to is postponed, without a deadlock', async () => {
    const deadlocks = async () =>
      Number(
        (await t.db.query(`SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`))[0]
          .deadlocks,
      );
    const before = await deadlocks();
    for (let round = 0; round < 4; round++) {
      const sitter = await createPerson(t.http, org.admin.token, {
        name: `${['Sam', 'Tim', 'Bas', 'Kim'][round]} Zitter`,
        accessRole: 'lead',
      });
      const series = (
        await t.http
          .post('/v1/reflection-series')
          .set(bearer(org.lead.token))
          .send({
            ...teamSeries(`Dagelijks overleg ${round}`, sitter.id, 'MO', '2026-03-02'),
            rrule: 'FREQ=DAILY',
            reminderOffsets: ['P1D', 'PT1H'],
          })
          .expect(201)
      ).body;
      const [, second] = (
        await t.http.get(`/v1/reflection-series/${series.id}/sessions?pageSize=2`).set(bearer(org.lead.token))
      ).body.items;
      // The new address rewrites the person's pending reminders; the postponement cancels those of
      // the session and plans the replacement's (whose recipient key names the person).
      const [personAnswer, sessionAnswer] = await Promise.all([
        t.http
          .patch(`/v1/people/${sitter.id}`)
          .set(bearer(org.admin.token))
          .send({ email: `sam.${round}@example.nl`, version: (await person(sitter.id)).version }),
        t.http
          .patch(`/v1/reflection-sessions/${second.id}`)
          .set(bearer(org.lead.token))
          .send({
            status: 'postponed',
            postponedTo: new Date(Date.parse(second.scheduledAt) + 3 * 3600_000).toISOString(),
            reason: 'Crisisoverleg',
            version: second.version,
          }),
      ]);
      expect([round, personAnswer.status, sessionAnswer.status]).toEqual([round, 200, 200]);
    }
    expect(await deadlocks()).toBe(before);
  });

  it('gives them no new API token, which could never sign in, and writes nothing', async () => {
    const gone = await createPerson(t.http, org.admin.token, { name: 'Tom Token', accessRole: 'member' });
    await setActive(gone.id, false).then((r) => expect(r.status).toBe(200));
    const tokens = async () => [
      await t.db.query('SELECT id FROM api_tokens WHERE person_id = $1 ORDER BY id', [gone.id]),
      await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'api-token'`),
    ];
    const before = await tokens();
    const refused = await t.http
      .post(`/v1/people/${gone.id}/tokens`)
      .set(bearer(org.admin.token))
      .send({ name: 'nieuw' });
    expect([refused.status, refused.body.invalidParams]).toEqual([
      422,
      [{ name: 'personId', reason: 'names Tom Token, who is no longer active' }],
    ]);
    expect(await tokens()).toEqual(before);
    await setActive(gone.id, true).then((r) => expect(r.status).toBe(200));
    await t.http
      .post(`/v1/people/${gone.id}/tokens`)
      .set(bearer(org.admin.token))
      .send({ name: 'nieuw' })
      .expect(201);
  });

  it('gives no work to someone whose leaving is being saved: it waits, then refuses', async () => {
    const leaving = await createPerson(t.http, org.admin.token, { name: 'Lea Laatst', accessRole: 'member' });
    const { incidentId } = await chainWithIncident('Gelijktijdig', 'Dubbel geboekt', 'Twee keer betaald.');
    // Their leaving, in a transaction that has not committed yet.
    const other = new Client({ connectionString: t.db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('UPDATE people SET active = false WHERE id = $1', [leaving.id]);
      // Sent now (supertest sends on then); it can only be answered once the leaving is in.
      const answered = t.http
        .post('/v1/actions')
        .set(bearer(org.member.token))
        .send({
          sourceType: 'incident',
          sourceId: incidentId,
          description: 'Terugvorderen',
          assigneeId: leaving.id,
          dueDate: '2026-04-01',
        })
        .then((response) => response);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query('COMMIT');
      const response = await answered;
      expect([response.status, response.body.invalidParams]).toEqual([
        422,
        [{ name: 'assigneeId', reason: 'names Lea Laatst, who is no longer active' }],
      ]);
    } finally {
      await other.end();
    }
  });

  it('cancels what a change of their series under way plans for who leaves: the leaving waits for it', async () => {
    const leaver = await createPerson(t.http, org.admin.token, {
      name: 'Lot Gelijktijdig',
      accessRole: 'member',
    });
    const series = await createTeamSeries('Gelijk met vertrek', leaver.id, 'TU', '2026-03-10');
    const pendingFor = async (id: string) =>
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND status = 'pending'`,
          [id],
        )
      )[0].n as number;
    expect(await pendingFor(leaver.id)).toBeGreaterThan(0);
    // A change of the series under way: it holds the series and plans a reminder to them anew.
    const change = new Client({ connectionString: t.db.url });
    await change.connect();
    try {
      await change.query('BEGIN');
      await change.query('SELECT 1 FROM reflection_series WHERE id = $1 FOR UPDATE', [series.id]);
      await change.query(
        `INSERT INTO notifications (organisation_id, recipient_id, channel, target, kind, subject_type,
                                    subject_id, due_at, dedupe_key, payload)
         SELECT organisation_id, recipient_id, channel, target, kind, subject_type, subject_id,
                due_at + interval '1 hour', dedupe_key || ':later', payload
         FROM notifications WHERE recipient_id = $1 AND status = 'pending' AND kind = 'session-reminder' LIMIT 1`,
        [leaver.id],
      );
      let settled = false;
      const leaving = setActive(leaver.id, false).then((response) => {
        settled = true;
        return response;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      await change.query('COMMIT');
      expect((await leaving).status).toBe(200);
    } finally {
      await change.end();
    }
    expect(await pendingFor(leaver.id)).toBe(0);
  });

  it('takes the series before the person, as a series change does: the two do not deadlock', async () => {
    const seated = await createPerson(t.http, org.admin.token, { name: 'Sam Zetel', accessRole: 'member' });
    const series = await createTeamSeries('Zonder impasse', seated.id, 'TH', '2026-03-12');
    // A change of the series, under way: it holds the series, then reads its people FOR SHARE.
    const change = new Client({ connectionString: t.db.url });
    await change.connect();
    try {
      await change.query('BEGIN');
      await change.query('SELECT 1 FROM reflection_series WHERE id = $1 FOR UPDATE', [series.id]);
      const leaving = setActive(seated.id, false);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The person is not held yet (the leaving waits for the series): no deadlock, no 409.
      await change.query('SELECT 1 FROM people WHERE id = $1 FOR SHARE', [seated.id]);
      await change.query('COMMIT');
      expect((await leaving).status).toBe(200);
    } finally {
      await change.end();
    }
  });

  it('takes the series before the person for a new role too, and only series of their organisation', async () => {
    const lead = await createPerson(t.http, org.admin.token, { name: 'Rik Rol', accessRole: 'lead' });
    const series = await createTeamSeries('Rolwissel', lead.id, 'FR', '2026-03-13');
    const change = new Client({ connectionString: t.db.url });
    await change.connect();
    try {
      await change.query('BEGIN');
      await change.query('SELECT 1 FROM reflection_series WHERE id = $1 FOR UPDATE', [series.id]);
      const demoting = t.http
        .patch(`/v1/people/${lead.id}`)
        .set(bearer(org.admin.token))
        .send({ accessRole: 'member', version: (await person(lead.id)).version })
        .then((response) => response.status);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await change.query('SELECT 1 FROM people WHERE id = $1 FOR SHARE', [lead.id]);
      await change.query('COMMIT');
      expect(await demoting).toBe(200);
      // Another organisation's admin locks nothing of theirs: a 404 at once.
      await change.query('BEGIN');
      await change.query('SELECT 1 FROM reflection_series WHERE id = $1 FOR UPDATE', [series.id]);
      const outsider = await createOrganisation(t.http, t.systemToken);
      const refused = await Promise.race([
        t.http
          .patch(`/v1/people/${lead.id}`)
          .set(bearer(outsider.admin.token))
          .send({ active: false, version: 1 })
          .then((response) => response.status),
        new Promise((resolve) => setTimeout(() => resolve('waited on the series'), 3_000)),
      ]);
      expect(refused).toBe(404);
      await change.query('COMMIT');
    } finally {
      await change.end();
    }
  });

  it('plans the reminders of who comes back after a change of their series under way', async () => {
    const returning = await createPerson(t.http, org.admin.token, {
      name: 'Ruud Terug',
      accessRole: 'member',
    });
    const series = await createTeamSeries('Gelijk met terugkeer', returning.id, 'WE', '2026-03-11');
    expect((await setActive(returning.id, false)).status).toBe(200);
    const change = new Client({ connectionString: t.db.url });
    await change.connect();
    let back: Promise<{ status: number }>;
    let settled = false;
    try {
      await change.query('BEGIN');
      await change.query('SELECT 1 FROM reflection_series WHERE id = $1 FOR UPDATE', [series.id]);
      back = setActive(returning.id, true).then((response) => {
        settled = true;
        return response;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Planned from the series as the change leaves it, not from what it was before.
      expect(settled).toBe(false);
      await change.query('COMMIT');
    } finally {
      await change.end();
    }
    expect((await back).status).toBe(200);
    const reminders = await t.db.query(
      `SELECT count(*)::int AS n FROM notifications
       WHERE recipient_id = $1 AND subject_type = 'reflection-session' AND kind = 'session-reminder' AND status = 'pending'`,
      [returning.id],
    );
    expect(reminders[0].n).toBeGreaterThan(0);
  });

  it('plans the reminders of an action handed to someone else while its assignee comes back for the new one', async () => {
    const back = await createPerson(t.http, org.admin.token, { name: 'Xander Terug', accessRole: 'member' });
    const hans = await createPerson(t.http, org.admin.token, { name: 'Hans Over', accessRole: 'member' });
    const { incidentId } = await chainWithIncident('Overdracht', 'Brief kwijt', 'De brief kwam niet aan.');
    const action = (await createAction(incidentId, 'Brief opnieuw sturen', back.id, '2026-04-01')).body;
    expect((await setActive(back.id, false)).status).toBe(200);
    // Holds the action's escalation (to the lead): the return and the reassignment both come to
    // cancel it, the return first.
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    let returned: Promise<Response>;
    let reassigned: Promise<Response>;
    try {
      await holder.query('BEGIN');
      await holder.query(
        `SELECT 1 FROM notifications WHERE subject_id = $1 AND kind = 'action-escalation' AND status = 'pending' FOR UPDATE`,
        [action.id],
      );
      returned = setActive(back.id, true);
      await waitForLockWaiters(t.db, 1);
      reassigned = t.http
        .patch(`/v1/actions/${action.id}`)
        .set(bearer(org.lead.token))
        .send({ assigneeId: hans.id, version: action.version })
        .then((response) => response);
      await waitForLockWaiters(t.db, 2);
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    expect([(await returned).status, (await reassigned).status]).toEqual([200, 200]);
    // Planned from the action as the return found it, the reminders went to who had it before.
    const toAssignee = await t.db.query(
      `SELECT kind, recipient_id AS "recipientId" FROM notifications
       WHERE subject_id = $1 AND kind IN ('action-reminder', 'action-overdue') AND status = 'pending'
       ORDER BY kind`,
      [action.id],
    );
    expect(toAssignee).toEqual([
      { kind: 'action-overdue', recipientId: hans.id },
      { kind: 'action-reminder', recipientId: hans.id },
    ]);
  });

  describe('a new address while a change of what they are sent is under way', () => {
    /** Moves them to `email` while `holder` holds `lockSql`, then lets go: every message still to go is to the new address. */
    const moveWhileHeld = async (
      personId: string,
      email: string,
      lockSql: string,
      lockId: string,
      kind: string,
    ) => {
      const version = (await person(personId)).version;
      const holder = new Client({ connectionString: t.db.url });
      await holder.connect();
      let moved: Promise<Response>;
      try {
        await holder.query('BEGIN');
        await holder.query(lockSql, [lockId]);
        // What the change plans anew for them, from the address it read: the one they are leaving.
        const planned = await holder.query(
          `INSERT INTO notifications (organisation_id, recipient_id, channel, target, kind, subject_type,
                                      subject_id, due_at, dedupe_key, payload)
           SELECT organisation_id, recipient_id, channel, target, kind, subject_type, subject_id,
                  due_at + interval '1 hour', dedupe_key || ':later', payload
           FROM notifications WHERE recipient_id = $1 AND status = 'pending' AND kind = $2 LIMIT 1`,
          [personId, kind],
        );
        expect(planned.rowCount).toBe(1);
        moved = t.http
          .patch(`/v1/people/${personId}`)
          .set(bearer(org.admin.token))
          .send({ email, version })
          .then((response) => response);
        await waitForLockWaiters(t.db, 1);
        await holder.query('COMMIT');
      } finally {
        await holder.end();
      }
      expect((await moved).status).toBe(200);
      const targets = await t.db.query(
        `SELECT DISTINCT target FROM notifications WHERE recipient_id = $1 AND status = 'pending'`,
        [personId],
      );
      expect(targets).toEqual([{ target: email }]);
    };

    it('re-addresses what a change of their series under way plans for them: the move waits for it', async () => {
      const moving = await createPerson(t.http, org.admin.token, {
        name: 'Mo Verhuist',
        accessRole: 'member',
      });
      const series = await createTeamSeries('Verhuisdag', moving.id, 'TU', '2026-03-03');
      await moveWhileHeld(
        moving.id,
        'mo.nieuw@example.nl',
        'SELECT 1 FROM reflection_series WHERE id = $1 FOR UPDATE',
        series.id,
        'session-reminder',
      );
    });

    it('re-addresses what a change of their action under way plans for them: the move waits for it', async () => {
      const moving = await createPerson(t.http, org.admin.token, {
        name: 'Mia Verhuist',
        accessRole: 'member',
      });
      const { incidentId } = await chainWithIncident('Verhuizing', 'Adres onbekend', 'Post kwam terug.');
      const action = (await createAction(incidentId, 'Adres nagaan', moving.id, '2026-04-01')).body;
      await moveWhileHeld(
        moving.id,
        'mia.nieuw@example.nl',
        'SELECT 1 FROM actions WHERE id = $1 FOR UPDATE',
        action.id,
        'action-reminder',
      );
    });
  });

  it('gives them no role again by lengthening an ended term, but lets it be shortened', async () => {
    const olga = await createPerson(t.http, org.admin.token, { name: 'Olga Oud', accessRole: 'lead' });
    const chain = await t.http
      .post('/v1/chains')
      .set(bearer(org.admin.token))
      .send({ name: 'Oud' })
      .expect(201);
    const terms = `/v1/chains/${chain.body.id}/role-assignments`;
    const ended = await t.http
      .post(terms)
      .set(bearer(org.admin.token))
      .send({ role: 'owner', personId: olga.id, validFrom: '2026-01-01', validTo: '2026-02-28' })
      .expect(201);
    const open = await t.http
      .post(terms)
      .set(bearer(org.admin.token))
      .send({ role: 'commissioner', personId: olga.id, validFrom: '2026-01-01' })
      .expect(201);
    await setActive(olga.id, false).then((r) => expect(r.status).toBe(200));
    const reopened = await t.http
      .patch(`${terms}/${ended.body.id}`)
      .set(bearer(org.admin.token))
      .send({ validTo: null, version: ended.body.version })
      .expect(422);
    expect(reopened.body.invalidParams).toEqual([
      { name: 'personId', reason: 'names Olga Oud, who is no longer active' },
    ]);
    await t.http
      .patch(`${terms}/${open.body.id}`)
      .set(bearer(org.admin.token))
      .send({ validTo: '2026-03-01', version: open.body.version })
      .expect(200);
    const rows = await t.db.query(
      `SELECT role, to_char(valid_to, 'YYYY-MM-DD') AS valid_to FROM role_assignments WHERE person_id = $1 ORDER BY role`,
      [olga.id],
    );
    expect(rows).toEqual([
      { role: 'commissioner', valid_to: '2026-03-01' },
      { role: 'owner', valid_to: '2026-02-28' },
    ]);
  });

  it("leaves the role they held vacant in the chain's triangle from today on", async () => {
    const owner = await createPerson(t.http, org.admin.token, { name: 'Otto Eigenaar', accessRole: 'lead' });
    const chain = await t.http
      .post('/v1/chains')
      .set(bearer(org.admin.token))
      .send({ name: 'Leeg' })
      .expect(201);
    const terms = `/v1/chains/${chain.body.id}/role-assignments`;
    const held = await t.http
      .post(terms)
      .set(bearer(org.admin.token))
      .send({ role: 'owner', personId: owner.id, validFrom: '2026-01-01' })
      .expect(201);
    for (const [role, personId] of [
      ['commissioner', org.lead.id],
      ['contractor', org.member.id],
    ])
      await t.http
        .post(terms)
        .set(bearer(org.admin.token))
        .send({ role, personId, validFrom: '2026-01-01' })
        .expect(201);
    const health = async (query = '') =>
      (
        await t.http
          .get(`/v1/chains/${chain.body.id}/triangle-health${query}`)
          .set(bearer(org.member.token))
          .expect(200)
      ).body;
    expect((await health()).healthy).toBe(true);
    await setActive(owner.id, false).then((r) => expect(r.status).toBe(200));
    const today = await health();
    expect(today).toEqual(expect.objectContaining({ healthy: false, vacantRoles: ['owner'] }));
    expect(today.heldByLeavers.map((a: { id: string }) => a.id)).toEqual([held.body.id]);
    // The report of a quarter that has not ended says the same (the chain is from today's quarter).
    const quarter = Quarter.containing(new Date());
    const report = await t.http
      .get(`/v1/reports/quarterly?year=${quarter.year}&quarter=${quarter.quarter}&chainId=${chain.body.id}`)
      .set(bearer(org.lead.token))
      .expect(200);
    expect(report.body.triangles).toEqual([
      expect.objectContaining({ chainId: chain.body.id, healthy: false, vacantRoles: ['owner'] }),
    ]);
    // What they held before stays history.
    expect(await health('?on=2026-02-01')).toEqual(
      expect.objectContaining({ healthy: true, vacantRoles: [], heldByLeavers: [] }),
    );
  });

  it('asks the leads for the outcome of what a chair who left chaired, until the series has a chair again', async () => {
    const chair = await createPerson(t.http, org.admin.token, { name: 'Cas Voorzitter', accessRole: 'lead' });
    const standby = await createPerson(t.http, org.admin.token, {
      name: 'Lies Invaller',
      accessRole: 'lead',
    });
    const series = await createTeamSeries('Zonder voorzitter', org.member.id, 'TH', '2026-03-05', chair.id);
    const sessions: { id: string }[] = await t.db.query(
      `SELECT id FROM reflection_sessions WHERE series_id = $1 ORDER BY scheduled_at LIMIT 2`,
      [series.id],
    );
    const ids = sessions.map((session) => session.id);
    /** The outcome requests of the first two sessions still to be sent, as [session, recipient, stand-in]. */
    const requests = async () =>
      (
        await t.db.query(
          `SELECT subject_id, recipient_id, payload->>'standIn' AS stand_in FROM notifications
           WHERE kind = 'outcome-request' AND subject_id = ANY($1) AND status = 'pending'`,
          [ids],
        )
      )
        .map((n: { subject_id: string; recipient_id: string; stand_in: string | null }) =>
          [ids.indexOf(n.subject_id), n.recipient_id, n.stand_in === 'true'].join(' '),
        )
        .sort();
    const expected = (recipients: string[], standIn: boolean) =>
      [0, 1].flatMap((i) => recipients.map((id) => [i, id, standIn].join(' '))).sort();
    expect(await requests()).toEqual(expected([chair.id], false));
    // The first session has begun (Thursday 5 March, 10:00-11:00), its outcome not yet recorded.
    t.clock.set('2026-03-05T12:00:00Z');
    try {
      await setActive(chair.id, false).then((r) => expect(r.status).toBe(200));
      const leads: { id: string }[] = await t.db.query(
        `SELECT id FROM people WHERE organisation_id = $1 AND access_role = 'lead' AND active ORDER BY id`,
        [org.organisationId],
      );
      expect(leads.length).toBeGreaterThan(0);
      expect(await requests()).toEqual(
        expected(
          leads.map((lead) => lead.id),
          true,
        ),
      );
      // The chair comes back: asked again, the leads no longer; and leaves once more.
      await setActive(chair.id, true).then((r) => expect(r.status).toBe(200));
      expect(await requests()).toEqual(expected([chair.id], false));
      await setActive(chair.id, false).then((r) => expect(r.status).toBe(200));
      expect(await requests()).toEqual(
        expected(
          leads.map((lead) => lead.id),
          true,
        ),
      );
      // A stand-in who becomes a member is no longer asked; the other leads still are.
      const demotion = await t.http
        .patch(`/v1/people/${standby.id}`)
        .set(bearer(org.admin.token))
        .send({ accessRole: 'member', version: (await person(standby.id)).version });
      expect(demotion.status).toBe(200);
      const standIns = leads.filter((lead) => lead.id !== standby.id).map((lead) => lead.id);
      expect(await requests()).toEqual(expected(standIns, true));
      // The leads' requests about the first session went out; then a lead gives the series a new
      // chair: they are asked for the second session only.
      await t.db.query(
        `UPDATE notifications SET status = 'sent' WHERE kind = 'outcome-request' AND subject_id = $1 AND status = 'pending'`,
        [ids[0]],
      );
      await t.http
        .patch(`/v1/reflection-series/${series.id}`)
        .set(bearer(org.lead.token))
        .send({ chairId: org.lead.id, version: series.version })
        .expect(200);
      expect(await requests()).toEqual([[1, org.lead.id, false].join(' ')]);
    } finally {
      t.clock.set('2026-03-01T09:00:00Z');
    }
  });

  it("asks the organisation's admins for an outcome when its last lead standing in leaves", async () => {
    const small = await createOrganisation(t.http, t.systemToken);
    const chair = await createPerson(t.http, small.admin.token, {
      name: 'Kim Voorzitter',
      accessRole: 'lead',
    });
    const series = (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(small.lead.token))
        .send({ ...teamSeries('Klein overleg', small.member.id, 'FR', '2026-03-06'), chairId: chair.id })
        .expect(201)
    ).body;
    const askedOf = async () =>
      (
        await t.db.query(
          `SELECT DISTINCT n.recipient_id AS id FROM notifications n JOIN reflection_sessions s ON s.id = n.subject_id
           WHERE s.series_id = $1 AND n.kind = 'outcome-request' AND n.status = 'pending'`,
          [series.id],
        )
      ).map((row: { id: string }) => row.id);
    const leave = async (id: string) => {
      const { version } = (await t.http.get(`/v1/people/${id}`).set(bearer(small.admin.token)).expect(200))
        .body;
      await t.http
        .patch(`/v1/people/${id}`)
        .set(bearer(small.admin.token))
        .send({ active: false, version })
        .expect(200);
    };
    expect(await askedOf()).toEqual([chair.id]);
    await leave(chair.id);
    expect(await askedOf()).toEqual([small.lead.id]);
    await leave(small.lead.id);
    expect(await askedOf()).toEqual([small.admin.id]);
    // A lead again: a member promoted, a new lead, the former lead back; each is asked from then on.
    const version = async (id: string) =>
      (await t.http.get(`/v1/people/${id}`).set(bearer(small.admin.token)).expect(200)).body.version;
    await t.http
      .patch(`/v1/people/${small.member.id}`)
      .set(bearer(small.admin.token))
      .send({ accessRole: 'lead', version: await version(small.member.id) })
      .expect(200);
    expect(await askedOf()).toEqual([small.member.id]);
    const newcomer = await createPerson(t.http, small.admin.token, { name: 'Nel Nieuw', accessRole: 'lead' });
    expect((await askedOf()).sort()).toEqual([small.member.id, newcomer.id].sort());
    await t.http
      .patch(`/v1/people/${small.lead.id}`)
      .set(bearer(small.admin.token))
      .send({ active: true, version: await version(small.lead.id) })
      .expect(200);
    expect((await askedOf()).sort()).toEqual([small.member.id, newcomer.id, small.lead.id].sort());
    // The lead who became admin no longer stands in as a lead.
    await t.http
      .patch(`/v1/people/${newcomer.id}`)
      .set(bearer(small.admin.token))
      .send({ accessRole: 'admin', version: await version(newcomer.id) })
      .expect(200);
    expect((await askedOf()).sort()).toEqual([small.member.id, small.lead.id].sort());
  });

  it('asks the leads still there when a lead standing in for a chair is deleted', async () => {
    const small = await createOrganisation(t.http, t.systemToken);
    const chair = await createPerson(t.http, small.admin.token, { name: 'Kim Stoel', accessRole: 'lead' });
    const extra = await createPerson(t.http, small.admin.token, { name: 'Lou Kort', accessRole: 'lead' });
    const series = (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(small.lead.token))
        .send({ ...teamSeries('Kort overleg', small.member.id, 'TH', '2026-03-05'), chairId: chair.id })
        .expect(201)
    ).body;
    const requests = async () =>
      (
        await t.db.query(
          `SELECT n.recipient_id AS id, n.status FROM notifications n JOIN reflection_sessions s ON s.id = n.subject_id
           WHERE s.series_id = $1 AND n.kind = 'outcome-request' AND n.status IN ('pending', 'cancelled')
           GROUP BY n.recipient_id, n.status ORDER BY n.status, n.recipient_id`,
          [series.id],
        )
      ).map((row: { id: string | null; status: string }) => `${row.status} ${row.id}`);
    const { version } = (await t.http.get(`/v1/people/${chair.id}`).set(bearer(small.admin.token))).body;
    await t.http
      .patch(`/v1/people/${chair.id}`)
      .set(bearer(small.admin.token))
      .send({ active: false, version })
      .expect(200);
    expect((await requests()).filter((r) => r.startsWith('pending'))).toEqual(
      [small.lead.id, extra.id].sort().map((id) => `pending ${id}`),
    );
    await t.http.delete(`/v1/people/${extra.id}`).set(bearer(small.admin.token)).expect(204);
    // Nothing waits for a person who is gone; the lead still there is asked.
    expect((await requests()).filter((r) => r.startsWith('pending'))).toEqual([`pending ${small.lead.id}`]);
    expect(await requests()).toContain('cancelled null');
  });

  it('keeps the lead role of who chairs an active series until it has another chair', async () => {
    const chair = await createPerson(t.http, org.admin.token, {
      name: 'Vera Voorzitter',
      accessRole: 'lead',
    });
    const series = await createTeamSeries('Voorzitterschap', org.member.id, 'WE', '2026-03-04', chair.id);
    const demote = async () =>
      t.http
        .patch(`/v1/people/${chair.id}`)
        .set(bearer(org.admin.token))
        .send({ accessRole: 'member', version: (await person(chair.id)).version });
    const refused = await demote();
    expect([refused.status, refused.body.invalidParams]).toEqual([
      409,
      [
        {
          name: 'accessRole',
          reason:
            'Vera Voorzitter chairs the reflection series "Voorzitterschap"; give it another chair first',
        },
      ],
    ]);
    await t.http
      .patch(`/v1/reflection-series/${series.id}`)
      .set(bearer(org.lead.token))
      .send({ chairId: org.lead.id, version: series.version })
      .expect(200);
    expect((await demote()).status).toBe(200);
  });

  it('lets a theme keep the owner who left when it is sent back unchanged', async () => {
    const owner = await createPerson(t.http, org.admin.token, {
      name: 'Olga Eigenaar',
      accessRole: 'member',
    });
    const theme = await t.http
      .post('/v1/themes')
      .set(bearer(org.lead.token))
      .send({ title: 'Digitale toegankelijkheid', ownerId: owner.id })
      .expect(201);
    await setActive(owner.id, false).then((r) => expect(r.status).toBe(200));
    const stopped = await t.http
      .patch(`/v1/themes/${theme.body.id}`)
      .set(bearer(org.lead.token))
      .send({
        ...theme.body,
        id: undefined,
        organisationId: undefined,
        createdAt: undefined,
        updatedAt: undefined,
        lastDiscussedAt: undefined,
        active: false,
      });
    expect([stopped.status, stopped.body.active]).toEqual([200, false]);
    // Taken up again, it needs an owner who is still here.
    const again = await t.http
      .patch(`/v1/themes/${theme.body.id}`)
      .set(bearer(org.lead.token))
      .send({ active: true, version: stopped.body.version });
    expect([again.status, again.body.invalidParams?.[0]?.name]).toEqual([422, 'ownerId']);
    const newOwner = await t.http
      .patch(`/v1/themes/${theme.body.id}`)
      .set(bearer(org.lead.token))
      .send({ active: true, ownerId: org.lead.id, version: stopped.body.version })
      .expect(200);
    expect([newOwner.body.active, newOwner.body.ownerId]).toEqual([true, org.lead.id]);
  });

  it('keeps yourself and the last admin active', async () => {
    const self = await setActive(org.admin.id, false);
    expect(self.status).toBe(409);
    const single = await createOrganisation(t.http, t.systemToken);
    const onlyAdmin = await t.http
      .patch(`/v1/people/${single.admin.id}`)
      .set(bearer(t.systemToken))
      .send({ active: false, version: 1 });
    expect([onlyAdmin.status, onlyAdmin.body.detail]).toEqual([409, expect.stringMatching(/last admin/)]);
  });

  it('tells the second of two admins deactivating each other at once that the other is the last admin', async () => {
    const pair = await createOrganisation(t.http, t.systemToken);
    const second = await createPerson(t.http, pair.admin.token, { name: 'Bram Beheer', accessRole: 'admin' });
    // One admin's own change holds their row: the other's deactivation does not wait for it (it
    // locked every admin's row, and two such changes deadlocked: "a concurrent change interfered").
    const holding = new Client({ connectionString: t.db.url });
    await holding.connect();
    try {
      await holding.query('BEGIN');
      await holding.query('SELECT 1 FROM people WHERE id = $1 FOR UPDATE', [pair.admin.id]);
      const answered = t.http
        .patch(`/v1/people/${second.id}`)
        .set(bearer(pair.admin.token))
        .send({ active: false, version: 1 })
        .then((response) => response.status);
      const waited = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3_000));
      expect(await Promise.race([answered, waited])).toBe(200);
    } finally {
      await holding.query('ROLLBACK');
      await holding.end();
    }
    const versionOf = async (id: string) =>
      (await t.http.get(`/v1/people/${id}`).set(bearer(pair.admin.token)).expect(200)).body.version;
    await t.http
      .patch(`/v1/people/${second.id}`)
      .set(bearer(pair.admin.token))
      .send({ active: true, version: await versionOf(second.id) })
      .expect(200);
    const [secondVersion, firstVersion] = [await versionOf(second.id), await versionOf(pair.admin.id)];
    // Both must be past their authentication before either ends: otherwise the later one is simply
    // no longer an active admin (401). Holding the organisation's row makes both wait at the check.
    const gate = new Client({ connectionString: t.db.url });
    await gate.connect();
    let both: Promise<Response[]>;
    try {
      await gate.query('BEGIN');
      await gate.query('SELECT 1 FROM organisations WHERE id = $1 FOR UPDATE', [pair.organisationId]);
      both = Promise.all([
        t.http
          .patch(`/v1/people/${second.id}`)
          .set(bearer(pair.admin.token))
          .send({ active: false, version: secondVersion }),
        t.http
          .patch(`/v1/people/${pair.admin.id}`)
          .set(bearer(second.token))
          .send({ active: false, version: firstVersion }),
      ]);
      await waitForLockWaiters(t.db, 2);
    } finally {
      await gate.query('ROLLBACK');
      await gate.end();
    }
    const [one, other] = await both;
    const outcomes = [one, other].map((r) => [r.status, r.status === 409 ? r.body.detail : null]).sort();
    expect(outcomes).toEqual([
      [200, null],
      [409, expect.stringMatching(/last admin/)],
    ]);
  });
});
