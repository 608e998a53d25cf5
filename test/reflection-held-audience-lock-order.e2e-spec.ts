import { Client } from 'pg';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { createChainSeries, createChainWithTriangle } from './support/reflection-fixtures';
import { incidentBody } from './support/incident-body';
import { incidentLessonBody } from './support/incident-lesson-body';
import { waitForLockWaiters } from './support/lock-waiters';
import { settledOrLockWaiters } from './support/settled-or-lock-waiters';
import { startRequest } from './support/started-request';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A session's outcome (held, cancelled, postponed) locks the items on its agenda in id order, after
 * the session. A change of an incident's audience retitled those about it, then those about its
 * lessons and their actions, by triggers, each kind in a statement of its own: an item about the
 * incident later in id order than one about its lesson, on one session, deadlocked the two (409
 * 'a concurrent change interfered'). The change now locks the items its triggers retitle, in id
 * order, before it writes.
 */
describe('an incident’s audience changed while a session with it and its lesson on the agenda is recorded', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t?.close());

  it('the two take turns', async () => {
    const chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: org.lead.id,
      commissioner: org.member.id,
      contractor: org.admin.id,
    });
    const incident = (
      await t.http
        .post('/v1/incidents')
        .set(bearer(org.member.token))
        .send({ ...incidentBody(chainId), occurredAt: '2026-02-20T09:00:00+01:00' })
        .expect(201)
    ).body;
    const lesson = (
      await t.http
        .post('/v1/lessons')
        .set(bearer(org.member.token))
        .send(incidentLessonBody(incident.id))
        .expect(201)
    ).body;
    const action = (
      await t.http
        .post('/v1/actions')
        .set(bearer(org.lead.token))
        .send({
          sourceType: 'lesson',
          sourceId: lesson.id,
          description: 'Ketentest inplannen',
          assigneeId: org.member.id,
          dueDate: '2026-04-30',
        })
        .expect(201)
    ).body;
    const series = await createChainSeries(t.http, org.lead, chainId);
    const [session] = await t.db.query(
      `SELECT id, version FROM reflection_sessions WHERE series_id = $1 ORDER BY scheduled_at LIMIT 1`,
      [series.id],
    );
    // On the session: its lesson first in id order, the incident last; its action in the backlog.
    const [lessonItem, incidentItem] = [
      '00000000-0000-4000-8000-000000000001',
      'ffffffff-ffff-4fff-bfff-ffffffffffff',
    ];
    const item = (id: string | null, sessionId: string | null, kind: string, referenceId: string) =>
      t.db.query(
        `INSERT INTO agenda_items (id, organisation_id, series_id, session_id, kind, reference_id, title, timebox_minutes, status)
         VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, 'Punt', 10, $7) RETURNING id`,
        [
          id,
          org.organisationId,
          series.id,
          sessionId,
          kind,
          referenceId,
          sessionId ? 'scheduled' : 'proposed',
        ],
      );
    await item(lessonItem, session.id, 'lesson', lesson.id);
    await item(incidentItem, session.id, 'incident', incident.id);
    const [backlog] = await item(null, null, 'action-review', action.id);
    t.clock.set('2026-03-09T10:30:00+01:00');

    // Someone holds the action's item: the change of the audience waits there, the incident's item
    // retitled (locked), its lesson's not yet.
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM agenda_items WHERE id = $1 FOR UPDATE', [backlog.id]);
      const changed = startRequest(() =>
        t.http
          .patch(`/v1/incidents/${incident.id}`)
          .set(bearer(org.lead.token))
          .send({ version: incident.version, confidentiality: 'confidential' }),
      );
      await waitForLockWaiters(t.db, 1);
      // The session is recorded as held: it locks its items in id order, the lesson's first.
      const held = startRequest(() =>
        t.http
          .patch(`/v1/reflection-sessions/${session.id}`)
          .set(bearer(org.lead.token))
          .send({ version: session.version, status: 'held', minutes: 'Besproken.' }),
      );
      await settledOrLockWaiters(t.db, held, 2);
      await holder.query('ROLLBACK');

      expect(await Promise.all([changed.outcome, held.outcome])).toEqual([
        [200, undefined],
        [200, undefined],
      ]);
    } finally {
      await holder.end();
    }
    // Both are in: the items were discussed, and show the placeholders of a confidential source.
    const items = await t.db.query(
      `SELECT id, status, title FROM agenda_items WHERE session_id = $1 ORDER BY id`,
      [session.id],
    );
    expect(items).toEqual([
      { id: lessonItem, status: 'discussed', title: 'Les uit een vertrouwelijk incident' },
      { id: incidentItem, status: 'discussed', title: 'Vertrouwelijk incident (high)' },
    ]);
  });
});
