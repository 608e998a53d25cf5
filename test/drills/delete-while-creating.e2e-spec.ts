import { Client } from 'pg';
import { incidentBody } from '../support/incident-body';
import { incidentLessonBody } from '../support/incident-lesson-body';
import { bearer, createOrganisation, OrgFixture } from '../support/fixtures';
import { stillWaiting } from '../support/still-waiting';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Drill: a lesson or an action is created on a source while that source is being deleted. The
 * delete locks the source and counts its lessons or actions first (as the services do); a create
 * that arrives meanwhile waits for it, finds the source gone and is refused (422). Never a
 * lesson or an action pointing at nothing.
 */
describe('drill: a source deleted while something is created on it', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  let deleter: Client;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    chainId = (
      await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' }).expect(201)
    ).body.id;
    deleter = new Client({ connectionString: t.db.url });
    await deleter.connect();
  });
  afterAll(async () => {
    await deleter.end();
    await t.close();
  });

  /** Deletes `table` row `id` as the services do, while `creating` is sent; its status. */
  async function deleteWhile(table: string, id: string, creating: () => Promise<number>): Promise<number> {
    await deleter.query('BEGIN');
    await deleter.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
    const status = creating();
    const waited = await stillWaiting(status);
    await deleter.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
    await deleter.query('COMMIT');
    expect(waited).toBe(true);
    return status;
  }

  const post = (path: string, body: object) => () =>
    t.http
      .post(path)
      .set(bearer(org.member.token))
      .send(body)
      .then((response) => response.status);

  it('refuses an action on a lesson deleted meanwhile', async () => {
    const incident = (
      await t.http.post('/v1/incidents').set(bearer(org.member.token)).send(incidentBody(chainId))
    ).body.id;
    const lesson = (
      await t.http.post('/v1/lessons').set(bearer(org.member.token)).send(incidentLessonBody(incident))
    ).body.id;
    const action = {
      description: 'Werkinstructie aanpassen',
      assigneeId: org.member.id,
      dueDate: '2026-12-31',
    };
    expect(
      await deleteWhile(
        'lessons',
        lesson,
        post('/v1/actions', { ...action, sourceType: 'lesson', sourceId: lesson }),
      ),
    ).toBe(422);
    expect(
      await deleteWhile(
        'incidents',
        incident,
        post('/v1/actions', { ...action, sourceType: 'incident', sourceId: incident }),
      ),
    ).toBe(422);
    expect(await t.db.query(`SELECT id FROM actions`)).toEqual([]);
  });

  it('refuses a lesson on a best practice deleted meanwhile', async () => {
    const practice = (
      await t.http
        .post('/v1/best-practices')
        .set(bearer(org.member.token))
        .send({ title: 'Vaste belafspraak' })
        .expect(201)
    ).body.id;
    const lesson = { title: 'Les uit de belafspraak', addressedRole: 'all' };
    expect(
      await deleteWhile(
        'best_practices',
        practice,
        post('/v1/lessons', { ...lesson, sourceType: 'best-practice', sourceId: practice }),
      ),
    ).toBe(422);
    expect(await t.db.query(`SELECT id FROM lessons WHERE source_type = 'best-practice'`)).toEqual([]);
  });
});
