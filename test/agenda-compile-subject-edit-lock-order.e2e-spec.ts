import { Client } from 'pg';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { createChainSeries, createChainWithTriangle, insertTheme } from './support/reflection-fixtures';
import { incidentBody } from './support/incident-body';
import { incidentLessonBody } from './support/incident-lesson-body';
import { waitForLockWaiters } from './support/lock-waiters';
import { settledOrLockWaiters } from './support/settled-or-lock-waiters';
import { startRequest } from './support/started-request';
import { startTestApp, TestApp } from './support/test-app';
import { validatedLesson } from './support/validated-lesson';

/**
 * Compiling a session's agenda holds the session and locks what its items are about FOR KEY SHARE
 * (incidents before lessons), which is to let edits of those go on. An edit of an incident, lesson,
 * theme or best practice, which renames the items about it (a trigger that waits for their
 * session), locked it FOR UPDATE, which KEY SHARE waits for; so did a change of an incident's
 * audience its lessons, then the incident, which a compilation putting one of its lessons on the
 * agenda waited for. Each deadlocked with the compilation (409 'a concurrent change interfered').
 * They lock them FOR NO KEY UPDATE now.
 */
describe('what an agenda is about changed while it is compiled', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t?.close());

  /** A chain series whose first session has items about an incident and a lesson drawn from it. */
  const agendaAboutLesson = async () => {
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
    const lessonId = await validatedLesson(t.http, incident.body.id, org.member, org.lead);
    const series = await createChainSeries(t.http, org.lead, chainId);
    const [session] = await t.db.query(
      `SELECT id FROM reflection_sessions WHERE series_id = $1 ORDER BY scheduled_at LIMIT 1`,
      [series.id],
    );
    const themeId = await insertTheme(t.db, {
      organisationId: org.organisationId,
      ownerId: org.lead.id,
      title: 'Betaalketen',
    });
    const practice = await t.http
      .post('/v1/best-practices')
      .set(bearer(org.lead.token))
      .send({
        title: 'Ketentest na elke wijziging',
        context: 'Betaalketen',
        practice: 'Test de hele keten.',
        chainId,
      })
      .expect(201);
    for (const [kind, referenceId] of [
      ['incident', incident.body.id],
      ['lesson', lessonId],
      ['theme', themeId],
      ['best-practice', practice.body.id],
    ])
      await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ seriesId: series.id, sessionId: session.id, kind, referenceId })
        .expect(201);
    return {
      incidentId: incident.body.id as string,
      lessonId,
      themeId,
      practiceId: practice.body.id as string,
      sessionId: session.id as string,
    };
  };

  /**
   * Someone holds the session: the compilation waits there, and so does `edit` where it renames the
   * items on it, the subject locked. Then the hold is let go: what each came to.
   */
  const compiledWhileEdited = async (sessionId: string, edit: () => Promise<unknown[]>) => {
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM reflection_sessions WHERE id = $1 FOR UPDATE', [sessionId]);
      const compiled = t.http
        .post(`/v1/reflection-sessions/${sessionId}/agenda`)
        .set(bearer(org.lead.token))
        .then((r) => [r.status, r.body.detail]);
      await waitForLockWaiters(t.db, 1);
      const edited = edit();
      await waitForLockWaiters(t.db, 2);
      await holder.query('ROLLBACK');
      return await Promise.all([compiled, edited]);
    } finally {
      await holder.end();
    }
  };

  it.each([
    ['lessons', 'lessonId', 'lessons'],
    ['themes', 'themeId', 'themes'],
    ['best_practices', 'practiceId', 'best-practices'],
    ['incidents', 'incidentId', 'incidents'],
  ] as const)('%s: one retitled, the two take turns', async (table, key, path) => {
    const subjects = await agendaAboutLesson();
    const id = subjects[key];
    const [{ version }] = await t.db.query(`SELECT version FROM ${table} WHERE id = $1`, [id]);

    const outcome = await compiledWhileEdited(subjects.sessionId, () =>
      t.http
        .patch(`/v1/${path}/${id}`)
        .set(bearer(org.lead.token))
        .send({ version, title: 'Test de betaalketen na elke wijziging, ook kleine' })
        .then((r) => [r.status, r.body.detail]),
    );

    expect(outcome).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
  });

  /**
   * Someone holds an action of the incident: `change` of its audience waits there, its lesson locked;
   * the compilation locks the incident (KEY SHARE), then the lesson, where it waits (FOR UPDATE) or
   * goes on (FOR NO KEY UPDATE). Then the hold is let go: what each came to.
   */
  const audienceChangedWhileCompiled = async (
    ids: { incidentId: string; sessionId: string },
    change: Record<string, unknown>,
  ) => {
    const action = await t.http
      .post('/v1/actions')
      .set(bearer(org.lead.token))
      .send({
        sourceType: 'incident',
        sourceId: ids.incidentId,
        description: 'Betaalbatch bewaken',
        assigneeId: org.member.id,
        dueDate: '2026-06-01',
      })
      .expect(201);
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM actions WHERE id = $1 FOR UPDATE', [action.body.id]);
      const changed = startRequest(() =>
        t.http.patch(`/v1/incidents/${ids.incidentId}`).set(bearer(org.lead.token)).send(change),
      );
      await waitForLockWaiters(t.db, 1);
      const compiled = startRequest(() =>
        t.http.post(`/v1/reflection-sessions/${ids.sessionId}/agenda`).set(bearer(org.lead.token)),
      );
      await settledOrLockWaiters(t.db, compiled, 2);
      await holder.query('ROLLBACK');
      return await Promise.all([changed.outcome, compiled.outcome]);
    } finally {
      await holder.end();
    }
  };

  it('its incident made confidential: the two take turns', async () => {
    const { incidentId, sessionId } = await agendaAboutLesson();
    const [{ version }] = await t.db.query('SELECT version FROM incidents WHERE id = $1', [incidentId]);

    const outcome = await audienceChangedWhileCompiled(
      { incidentId, sessionId },
      { version, confidentiality: 'confidential' },
    );

    expect(outcome).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
  });

  it('its incident moved while a draft lesson of it is put on the agenda: the two take turns', async () => {
    const { incidentId, sessionId } = await agendaAboutLesson();
    await t.http
      .post('/v1/lessons')
      .set(bearer(org.member.token))
      .send(incidentLessonBody(incidentId))
      .expect(201);
    const other = await createChainWithTriangle(t.http, org.admin.token, {
      owner: org.lead.id,
      commissioner: org.member.id,
      contractor: org.admin.id,
    });
    const [{ version }] = await t.db.query('SELECT version FROM incidents WHERE id = $1', [incidentId]);

    const outcome = await audienceChangedWhileCompiled(
      { incidentId, sessionId },
      { version, chainId: other },
    );

    expect(outcome).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
  });
});
