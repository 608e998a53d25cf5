import { Client } from 'pg';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { createChainSeries, createChainWithTriangle } from './support/reflection-fixtures';
import { incidentBody } from './support/incident-body';
import { waitForLockWaiters } from './support/lock-waiters';
import { settledOrLockWaiters } from './support/settled-or-lock-waiters';
import { startRequest } from './support/started-request';
import { startTestApp, TestApp } from './support/test-app';
import { validatedLesson } from './support/validated-lesson';

/**
 * Compiling an agenda writes its items in agenda order, and the trigger that masks an item's title
 * reads its incident FOR SHARE (its confidentiality stays until the item commits): one by one, in
 * agenda order. A change of an incident's audience locks it and the incidents resting on it in id
 * order. An incident first on the agenda but later in id order, resting on one changed meanwhile:
 * the two deadlocked (409 'a concurrent change interfered'). The compilation now takes what its
 * items' titles read in id order, as the change of an audience does, before it writes any.
 */
describe('an incident’s audience changed while an agenda about it and one resting on it is compiled', () => {
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
    const report = async (title: string, occurredAt: string) =>
      (
        await t.http
          .post('/v1/incidents')
          .set(bearer(org.member.token))
          .send({ ...incidentBody(chainId), title, occurredAt })
          .expect(201)
      ).body as { id: string; recurrence: boolean };
    const earlier = await report('Kinderopvangtoeslag te laat uitbetaald', '2026-02-20T09:00:00+01:00');
    await validatedLesson(t.http, earlier.id, org.member, org.lead);
    const resting = await report(
      'Kinderopvangtoeslag alweer te laat uitbetaald',
      '2026-02-25T09:00:00+01:00',
    );
    expect(resting.recurrence).toBe(true);
    // The one later in id order comes first on the agenda (ids are random).
    const [first, second] = [earlier.id, resting.id].sort().reverse();
    await t.db.query(
      `UPDATE incidents SET severity = CASE id WHEN $1 THEN 'critical' ELSE 'low' END WHERE id IN ($1, $2)`,
      [first, second],
    );
    const series = await createChainSeries(t.http, org.lead, chainId);
    const [session] = await t.db.query(
      `SELECT id FROM reflection_sessions WHERE series_id = $1 ORDER BY scheduled_at LIMIT 1`,
      [series.id],
    );
    const [{ version }] = await t.db.query('SELECT version FROM incidents WHERE id = $1', [earlier.id]);

    // Someone reads the first FOR SHARE: the change of the earlier one's audience waits there, the
    // second locked (id order); the compilation, no change of its own waited for, goes on past it.
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM incidents WHERE id = $1 FOR SHARE', [first]);
      const changed = startRequest(() =>
        t.http
          .patch(`/v1/incidents/${earlier.id}`)
          .set(bearer(org.lead.token))
          .send({ version, confidentiality: 'confidential' }),
      );
      await waitForLockWaiters(t.db, 1);
      const compiled = startRequest(() =>
        t.http.post(`/v1/reflection-sessions/${session.id}/agenda`).set(bearer(org.lead.token)),
      );
      await settledOrLockWaiters(t.db, compiled, 2);
      await holder.query('ROLLBACK');

      expect(await Promise.all([changed.outcome, compiled.outcome])).toEqual([
        [200, undefined],
        [200, undefined],
      ]);
    } finally {
      await holder.end();
    }
    const items = await t.db.query(
      `SELECT reference_id AS "referenceId" FROM agenda_items
       WHERE session_id = $1 AND kind = 'incident' ORDER BY position`,
      [session.id],
    );
    expect(items.map((i: { referenceId: string }) => i.referenceId)).toEqual([first, second]);
  });
});
