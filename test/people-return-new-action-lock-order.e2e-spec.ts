import { Client } from 'pg';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { waitForLockWaiters } from './support/lock-waiters';
import { settledOrLockWaiters } from './support/settled-or-lock-waiters';
import { startRequest } from './support/started-request';
import { setPersonActive } from './support/set-person-active';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A change of a person locks their series, then their actions, then their row. An action that
 * became theirs after their actions were locked (a new one in a chain they own) was locked only
 * when their return planned its messages again, after their row: it deadlocked with a change of
 * that action handing it to them, which held the action and waited for their row (409 'a
 * concurrent change interfered').
 */
describe('an action of theirs made while a person comes back', () => {
  let t: TestApp;
  let org: OrgFixture;
  const admin = () => bearer(org.admin.token);

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t?.close());

  it('the return and the handing over take turns', async () => {
    t.clock.set('2026-06-01T10:00:00+02:00');
    const olga = await createPerson(t.http, org.admin.token, { name: 'Olga Eigenaar', accessRole: 'lead' });
    // Olga owns the chain, and is away.
    const chainId = (await t.http.post('/v1/chains').set(admin()).send({ name: 'Toeslagen' }).expect(201))
      .body.id as string;
    await t.http
      .post(`/v1/chains/${chainId}/role-assignments`)
      .set(admin())
      .send({ role: 'owner', personId: olga.id, validFrom: '2026-01-01' })
      .expect(201);
    const incident = await t.http.post('/v1/incidents').set(admin()).send(incidentBody(chainId)).expect(201);
    expect((await setPersonActive(t, org.admin.token, olga.id, false)).status).toBe(200);

    let action!: { body: { id: string; version: number } };
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      // Someone holds Olga's row: her return waits there, her series and actions (none) locked.
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM people WHERE id = $1 FOR UPDATE', [olga.id]);
      const olgaReturns = startRequest(() => setPersonActive(t, org.admin.token, olga.id, true));
      await waitForLockWaiters(t.db, 1);
      // Meanwhile an action is drawn in her chain: hers as its owner's.
      action = await t.http
        .post('/v1/actions')
        .set(admin())
        .send({
          sourceType: 'incident',
          sourceId: incident.body.id,
          description: 'Betaalbatch bewaken',
          assigneeId: org.member.id,
          dueDate: '2026-06-30',
        })
        .expect(201);
      // It is handed to her: the change holds the action and waits for her row, after her return.
      const handedOver = startRequest(() =>
        t.http
          .patch(`/v1/actions/${action.body.id}`)
          .set(admin())
          .send({ version: action.body.version, assigneeId: olga.id }),
      );
      await settledOrLockWaiters(t.db, handedOver, 2);
      await holder.query('ROLLBACK');

      // One after the other: the handing over, in first, found her still away; her return then took
      // the action along.
      expect(await Promise.all([olgaReturns.outcome, handedOver.outcome])).toEqual([
        [200, undefined],
        [422, 'assigneeId names Olga Eigenaar, who is no longer active.'],
      ]);
    } finally {
      await holder.end();
    }
    const [{ active }] = await t.db.query('SELECT active FROM people WHERE id = $1', [olga.id]);
    expect(active).toBe(true);
    // Handed to her now that she is back, it is hers.
    const [{ version }] = await t.db.query('SELECT version FROM actions WHERE id = $1', [action.body.id]);
    await t.http
      .patch(`/v1/actions/${action.body.id}`)
      .set(admin())
      .send({ version, assigneeId: olga.id })
      .expect(200);
  });
});
