import { Client } from 'pg';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { createChainWithTriangle } from './support/reflection-fixtures';
import { incidentBody } from './support/incident-body';
import { incidentLessonBody } from './support/incident-lesson-body';
import { lockWaiterCount } from './support/lock-waiter-count';
import { settledOrLockWaiters } from './support/settled-or-lock-waiters';
import { startRequest } from './support/started-request';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A change of an incident's audience locks its lessons, then its actions, then the incident; a
 * lesson drawn from it in between was not among the lessons it locked, but its trigger updates
 * that lesson too. A second change of the audience, started meanwhile, took the new lesson first
 * and waited for the others: the two deadlocked (409 'a concurrent change interfered'). A lesson or
 * action drawn from an incident now waits for a change of its audience under way.
 */
describe('a lesson drawn from an incident while its audience changes twice', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t?.close());

  it('the second change of its audience waits for the first, and the lesson for both', async () => {
    const chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: org.lead.id,
      commissioner: org.member.id,
      contractor: org.admin.id,
    });
    const incident = await t.http
      .post('/v1/incidents')
      .set(bearer(org.member.token))
      .send(incidentBody(chainId))
      .expect(201);
    const x = incident.body.id as string;
    // Its lesson comes last in id order, as a new one is drawn meanwhile (ids are random).
    const drawn = await t.http
      .post('/v1/lessons')
      .set(bearer(org.member.token))
      .send(incidentLessonBody(x))
      .expect(201);
    await t.db.query(`UPDATE lessons SET id = 'ffffffff-ffff-4fff-bfff-ffffffffffff' WHERE id = $1`, [
      drawn.body.id,
    ]);
    const action = await t.http
      .post('/v1/actions')
      .set(bearer(org.lead.token))
      .send({
        sourceType: 'incident',
        sourceId: x,
        description: 'Betaalbatch bewaken',
        assigneeId: org.member.id,
        dueDate: '2026-12-01',
      })
      .expect(201);
    const [{ version }] = await t.db.query('SELECT version FROM incidents WHERE id = $1', [x]);
    const makeConfidential = () =>
      t.http
        .patch(`/v1/incidents/${x}`)
        .set(bearer(org.lead.token))
        .send({ version, confidentiality: 'confidential' });

    // Someone holds the incident's action: the first change waits there, its lesson locked.
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM actions WHERE id = $1 FOR UPDATE', [action.body.id]);
      const first = startRequest(makeConfidential);
      await settledOrLockWaiters(t.db, first, 1);
      const lesson = startRequest(() =>
        t.http.post('/v1/lessons').set(bearer(org.member.token)).send(incidentLessonBody(x)),
      );
      await settledOrLockWaiters(t.db, lesson, 2);
      const second = startRequest(makeConfidential);
      await settledOrLockWaiters(t.db, second, (await lockWaiterCount(t.db)) + 1);
      await holder.query('ROLLBACK');

      expect(await Promise.all([first.outcome, lesson.outcome, second.outcome])).toEqual([
        [200, undefined],
        [201, undefined],
        [409, expect.stringMatching(/changed by someone else/)],
      ]);
    } finally {
      await holder.end();
    }
  });
});
