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
 * Compiling an agenda again reuses the items it compiled before, with the title it compiles now: a
 * lesson put on it for validation and due for its re-check since gets the re-check's title. The
 * compilation holds the session and then locks the lesson FOR SHARE (lockTitleSources: the masking
 * trigger reads it). A rename of the lesson held it (FOR NO KEY UPDATE), and so did a rename of its
 * incident that changed its audience too (lockAudienceChange locks its lessons); their trigger
 * renames the items on planned sessions, the session read FOR SHARE: the other order. Each
 * deadlocked with the compilation (409 'a concurrent change interfered'). A rename now takes those
 * sessions first (lockSessionsRenamedOn), as the compilation does.
 */
describe('a lesson renamed while an agenda that retitles its item is compiled', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t?.close());

  /**
   * A chain series whose first session has its draft lesson on the agenda for validation; the
   * lesson then validated, embedded and due for its re-check, so that compiling the agenda again
   * gives its item the re-check's title.
   */
  const lessonDueForRecheck = async () => {
    t.clock.set('2026-03-01T09:00:00Z');
    const chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: org.lead.id,
      commissioner: org.member.id,
      contractor: org.admin.id,
    });
    const incident = await t.http
      .post('/v1/incidents')
      .set(bearer(org.member.token))
      .send({ ...incidentBody(chainId), occurredAt: '2026-02-20T09:00:00+01:00' })
      .expect(201);
    const lesson = await t.http
      .post('/v1/lessons')
      .set(bearer(org.member.token))
      .send(incidentLessonBody(incident.body.id))
      .expect(201);
    const lessonId: string = lesson.body.id;
    const series = await createChainSeries(t.http, org.lead, chainId);
    const [{ id: sessionId }] = await t.db.query(
      `SELECT id FROM reflection_sessions WHERE series_id = $1 ORDER BY scheduled_at LIMIT 1`,
      [series.id],
    );
    await compile(sessionId).expect(200);
    expect(await itemTitles(sessionId, lessonId)).toEqual([
      'Les ter validatie: Test de betaalketen na elke wijziging',
    ]);
    await t.http
      .patch(`/v1/lessons/${lessonId}`)
      .set(bearer(org.lead.token))
      .send({ version: 1, status: 'validated', response: 'adopted', responseReason: 'Eens.' })
      .expect(200);
    await t.http
      .patch(`/v1/lessons/${lessonId}`)
      .set(bearer(org.lead.token))
      .send({
        version: 2,
        status: 'embedded',
        evidence: 'Ketentest staat in het releaseproces.',
        recheckAt: '2026-03-02T09:00:00Z',
      })
      .expect(200);
    t.clock.set('2026-03-03T09:00:00Z');
    return { incidentId: incident.body.id as string, lessonId, sessionId: sessionId as string };
  };

  const compile = (sessionId: string) =>
    t.http.post(`/v1/reflection-sessions/${sessionId}/agenda`).set(bearer(org.lead.token));

  const itemTitles = async (sessionId: string, referenceId: string): Promise<string[]> =>
    (
      await t.db.query(`SELECT title FROM agenda_items WHERE session_id = $1 AND reference_id = $2`, [
        sessionId,
        referenceId,
      ])
    ).map((i: { title: string }) => i.title);

  /**
   * Someone holds the session: the compilation waits there, and so does `edit` where its trigger
   * renames the items on it, the lesson locked. Then the hold is let go: what each came to.
   */
  const compiledWhileEdited = async (sessionId: string, edit: () => ReturnType<typeof compile>) => {
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM reflection_sessions WHERE id = $1 FOR UPDATE', [sessionId]);
      const compiled = startRequest(() => compile(sessionId));
      await waitForLockWaiters(t.db, 1);
      const edited = startRequest(edit);
      await settledOrLockWaiters(t.db, edited, 2);
      await holder.query('ROLLBACK');
      return await Promise.all([compiled.outcome, edited.outcome]);
    } finally {
      await holder.end();
    }
  };

  it('the lesson renamed: the two take turns', async () => {
    const { lessonId, sessionId } = await lessonDueForRecheck();

    const outcome = await compiledWhileEdited(sessionId, () =>
      t.http
        .patch(`/v1/lessons/${lessonId}`)
        .set(bearer(org.lead.token))
        .send({ version: 3, title: 'Test de hele betaalketen na elke wijziging' }),
    );

    expect(outcome).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
    // Compiled first (the re-check's title), then renamed.
    expect(await itemTitles(sessionId, lessonId)).toEqual([
      'Herijking les (beklijft het?): Test de hele betaalketen na elke wijziging',
    ]);
  });

  it('its incident renamed and made confidential (its lesson locked first): the two take turns', async () => {
    const { incidentId, lessonId, sessionId } = await lessonDueForRecheck();
    const [{ version }] = await t.db.query('SELECT version FROM incidents WHERE id = $1', [incidentId]);

    const outcome = await compiledWhileEdited(sessionId, () =>
      t.http
        .patch(`/v1/incidents/${incidentId}`)
        .set(bearer(org.lead.token))
        .send({ version, title: 'Toeslag twee weken te laat', confidentiality: 'confidential' }),
    );

    expect(outcome).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
    expect(await itemTitles(sessionId, lessonId)).toEqual([
      'Herijking les (beklijft het?): Les uit een vertrouwelijk incident',
    ]);
  });
});
