import { Client } from 'pg';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { incidentLessonBody } from './support/incident-lesson-body';
import { stillWaiting } from './support/still-waiting';
import { startTestApp, TestApp } from './support/test-app';
import { FAR_AHEAD_DUE_DATE } from './support/far-ahead-due-date';

interface Action {
  id: string;
  chainId: string | null;
  version: number;
}

/**
 * An action takes its chain from its source; when the source moves to another chain, the action
 * moves with it (migration 1764660000000-actions-follow-source-chain), as a change of the action.
 */
describe('actions follow the chain of their source', () => {
  let t: TestApp;
  let org: OrgFixture;
  let from: string;
  let to: string;

  const chain = async (name: string) =>
    (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name }).expect(201)).body
      .id as string;
  const action = async (sourceType: string, sourceId: string): Promise<Action> =>
    (
      await t.http
        .post('/v1/actions')
        .set(bearer(org.member.token))
        .send({
          sourceType,
          sourceId,
          description: 'Betaalketen end-to-end testen',
          assigneeId: org.member.id,
          dueDate: '2026-12-31',
        })
        .expect(201)
    ).body;
  const get = async (id: string): Promise<Action> =>
    (await t.http.get(`/v1/actions/${id}`).set(bearer(org.lead.token)).expect(200)).body;
  const listed = async (chainId: string) =>
    (
      await t.http.get(`/v1/actions?chainId=${chainId}`).set(bearer(org.lead.token)).expect(200)
    ).body.items.map((a: Action) => a.id);

  /** A monthly series in `chainId` with a session at each of `starts`, written with SQL. */
  const seriesIn = async (chainId: string, starts: string[]) => {
    const [series]: { id: string }[] = await t.db.query(
      `INSERT INTO reflection_series (organisation_id, chain_id, title, kind, chair_id, rrule, first_start, duration_minutes)
       VALUES ($1, $2, 'Driehoeksoverleg', 'triangle', $3, 'FREQ=MONTHLY;BYDAY=1TU', $4, 90) RETURNING id`,
      [org.organisationId, chainId, org.lead.id, starts[0]],
    );
    const sessions: { id: string }[] = await t.db.query(
      `INSERT INTO reflection_sessions (series_id, organisation_id, occurrence_start, scheduled_at, ends_at)
       SELECT $1, $2, d, d, d + interval '90 minutes' FROM unnest($3::timestamptz[]) AS d RETURNING id`,
      [series.id, org.organisationId, starts],
    );
    return { series, sessions };
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    from = await chain('Toeslagen');
    to = await chain('Inning');
  });
  afterAll(() => t.close());

  it('moves the actions of an incident with it, and those of its lessons that move along', async () => {
    const incident = (
      await t.http.post('/v1/incidents').set(bearer(org.member.token)).send(incidentBody(from)).expect(201)
    ).body;
    const lesson = (
      await t.http
        .post('/v1/lessons')
        .set(bearer(org.member.token))
        .send(incidentLessonBody(incident.id))
        .expect(201)
    ).body;
    const ofIncident = await action('incident', incident.id);
    const ofLesson = await action('lesson', lesson.id);
    expect([ofIncident.chainId, ofLesson.chainId]).toEqual([from, from]);

    await t.http
      .patch(`/v1/incidents/${incident.id}`)
      .set(bearer(org.member.token))
      .send({ chainId: to, version: incident.version })
      .expect(200);
    const moved = await get(ofIncident.id);
    expect(moved.chainId).toBe(to);
    expect(moved.version).toBe(ofIncident.version + 1);
    // The lesson was in the incident's chain and moved along (test/lessons-follow-source-chain), and
    // so did its action.
    expect((await get(ofLesson.id)).chainId).toBe(to);
    expect(await listed(to)).toContain(ofIncident.id);
    expect(await listed(from)).not.toContain(ofIncident.id);
    // An edit made with the version from before the move is refused.
    await t.http
      .patch(`/v1/actions/${ofIncident.id}`)
      .set(bearer(org.member.token))
      .send({ description: 'Oud', version: ofIncident.version })
      .expect(409);

    const lessonNow = (await t.http.get(`/v1/lessons/${lesson.id}`).set(bearer(org.lead.token)).expect(200))
      .body;
    await t.http
      .patch(`/v1/lessons/${lesson.id}`)
      .set(bearer(org.member.token))
      .send({ chainId: from, version: lessonNow.version })
      .expect(200);
    expect((await get(ofLesson.id)).chainId).toBe(from);
  });

  it('moves the actions of every session of a series that moves', async () => {
    const { series, sessions } = await seriesIn(from, [
      '2026-06-02T09:00:00+02:00',
      '2026-07-07T09:00:00+02:00',
    ]);
    const actions = [
      await action('reflection-session', sessions[0].id),
      await action('reflection-session', sessions[1].id),
    ];
    expect(actions.map((a) => a.chainId)).toEqual([from, from]);
    await t.http
      .patch(`/v1/reflection-series/${series.id}`)
      .set(bearer(org.lead.token))
      .send({ chainId: to, version: 1 })
      .expect(200);
    expect((await Promise.all(actions.map((a) => get(a.id)))).map((a) => a.chainId)).toEqual([to, to]);
    await t.db.query(`UPDATE reflection_series SET chain_id = NULL WHERE id = $1`, [series.id]);
    expect((await get(actions[0].id)).chainId).toBeNull();
  });

  it('puts an action created while its series moves in the new chain', async () => {
    const {
      series,
      sessions: [session],
    } = await seriesIn(from, ['2026-06-03T09:00:00+02:00']);
    const mover = new Client({ connectionString: t.db.url });
    await mover.connect();
    try {
      await mover.query('BEGIN');
      await mover.query(`UPDATE reflection_series SET chain_id = $2 WHERE id = $1`, [series.id, to]);
      // The api reads the session's series in the old chain; the insert waits for the move.
      const created = action('reflection-session', session.id);
      expect(await stillWaiting(created)).toBe(true);
      await mover.query('COMMIT');
      const made = await created;
      expect(made.chainId).toBe(to);
      expect((await get(made.id)).chainId).toBe(to);
    } finally {
      await mover.end();
    }
  });

  it('audits every move of an action as made by whoever moved its source, in the same request', async () => {
    const incident = (
      await t.http.post('/v1/incidents').set(bearer(org.member.token)).send(incidentBody(from)).expect(201)
    ).body;
    const moved = await action('incident', incident.id);
    await t.http
      .patch(`/v1/incidents/${incident.id}`)
      .set(bearer(org.lead.token))
      .send({ chainId: to, version: incident.version })
      .expect(200);
    const [source] = await t.db.query(
      `SELECT actor_id, request_id, changes -> 'chainId' AS chain FROM audit_events
       WHERE entity_id = $1 AND action = 'update'`,
      [incident.id],
    );
    expect(source).toEqual({ actor_id: org.lead.id, request_id: expect.any(String), chain: { from, to } });
    // Written by a trigger, and still the lead's change, in the lead's request.
    const events = await t.db.query(
      `SELECT actor_id, request_id, changes FROM audit_events WHERE entity_id = $1 AND action = 'update'`,
      [moved.id],
    );
    expect(events).toEqual([
      { actor_id: org.lead.id, request_id: source.request_id, changes: { chainId: { from, to } } },
    ]);
  });

  it('moves the messages about the action not sent yet with it', async () => {
    await t.db.query(
      `INSERT INTO webhook_subscriptions (organisation_id, url, events, secret)
       VALUES ($1, 'https://hooks.example.nl/leerlus', '{action.overdue}', 's3cret')`,
      [org.organisationId],
    );
    const incident = (
      await t.http.post('/v1/incidents').set(bearer(org.member.token)).send(incidentBody(from)).expect(201)
    ).body;
    const { id } = (
      await t.http
        .post('/v1/actions')
        .set(bearer(org.member.token))
        .send({
          sourceType: 'incident',
          sourceId: incident.id,
          description: 'Later',
          assigneeId: org.member.id,
          dueDate: FAR_AHEAD_DUE_DATE,
        })
        .expect(201)
    ).body;
    await t.http
      .patch(`/v1/incidents/${incident.id}`)
      .set(bearer(org.member.token))
      .send({ chainId: to, version: incident.version })
      .expect(200);
    const messages: { kind: string; chain: string }[] = await t.db.query(
      `SELECT kind, coalesce(payload -> 'data' ->> 'chainId', payload ->> 'chainId') AS chain
       FROM notifications WHERE subject_id = $1 AND status = 'pending' ORDER BY kind`,
      [id],
    );
    expect(messages).toEqual(
      ['action-escalation', 'action-overdue', 'action-reminder', 'action.overdue'].map((kind) => ({
        kind,
        chain: to,
      })),
    );
  });

  it("gives an action inserted with any chain its source's", async () => {
    const incident = (
      await t.http.post('/v1/incidents').set(bearer(org.member.token)).send(incidentBody(to)).expect(201)
    ).body;
    const [inserted] = await t.db.query(
      `INSERT INTO actions (organisation_id, chain_id, source_type, source_id, description, assignee_id, due_date, created_by_id)
       VALUES ($1, $2, 'incident', $3, 'Rechtstreeks', $4, '2026-12-31', $4) RETURNING chain_id`,
      [org.organisationId, from, incident.id, org.member.id],
    );
    expect(inserted.chain_id).toBe(to);
  });

  it('leaves no action behind its source, whatever moved it', async () => {
    const [{ behind }] = await t.db.query(
      `SELECT count(*)::int AS behind FROM actions a
       LEFT JOIN incidents i ON a.source_type = 'incident' AND i.id = a.source_id
       LEFT JOIN lessons l ON a.source_type = 'lesson' AND l.id = a.source_id
       LEFT JOIN reflection_sessions s ON a.source_type = 'reflection-session' AND s.id = a.source_id
       LEFT JOIN reflection_series r ON r.id = s.series_id
       WHERE a.chain_id IS DISTINCT FROM coalesce(i.chain_id, l.chain_id, r.chain_id)`,
    );
    expect(behind).toBe(0);
  });
});
