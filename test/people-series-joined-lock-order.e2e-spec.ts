import { Client } from 'pg';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { waitForLockWaiters } from './support/lock-waiters';
import { settledOrLockWaiters } from './support/settled-or-lock-waiters';
import { startRequest } from './support/started-request';
import { setPersonActive } from './support/set-person-active';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A change of a person locks their series, then their actions, then their row. A series that became
 * theirs after their series were locked (its participants changed meanwhile) was locked only when
 * their messages were planned again, after their actions: it deadlocked with a change of another
 * person of that series who held it and waited for an action of both (409 'a concurrent change
 * interfered').
 */
describe('a series joined while a person changes', () => {
  let t: TestApp;
  let org: OrgFixture;
  const admin = () => bearer(org.admin.token);

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t?.close());

  const leave = (id: string) => setPersonActive(t, org.admin.token, id, false);

  it('the two who leave take turns', async () => {
    t.clock.set('2026-06-01T10:00:00+02:00');
    const pieter = await createPerson(t.http, org.admin.token, {
      name: 'Pieter Vertrekt',
      accessRole: 'member',
    });
    const quinten = await createPerson(t.http, org.admin.token, {
      name: 'Quinten Eigenaar',
      accessRole: 'lead',
    });
    // An action of both: assigned to Pieter, in the chain Quinten owns.
    const chainId = (await t.http.post('/v1/chains').set(admin()).send({ name: 'Toeslagen' }).expect(201))
      .body.id as string;
    await t.http
      .post(`/v1/chains/${chainId}/role-assignments`)
      .set(admin())
      .send({ role: 'owner', personId: quinten.id, validFrom: '2026-01-01' })
      .expect(201);
    const incident = await t.http.post('/v1/incidents').set(admin()).send(incidentBody(chainId)).expect(201);
    const action = await t.http
      .post('/v1/actions')
      .set(admin())
      .send({
        sourceType: 'incident',
        sourceId: incident.body.id,
        description: 'Betaalbatch bewaken',
        assigneeId: pieter.id,
        dueDate: '2026-06-30',
      })
      .expect(201);
    // Pieter sits in the series; Quinten does not, yet.
    const series = await t.http
      .post('/v1/reflection-series')
      .set(bearer(org.lead.token))
      .send({
        title: 'Teamreflectie',
        kind: 'team',
        chairId: org.lead.id,
        participantIds: [pieter.id],
        rrule: 'FREQ=WEEKLY;BYDAY=TH',
        firstStart: '2026-06-04T10:00:00+02:00',
        durationMinutes: 60,
      })
      .expect(201);

    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      // Someone holds the action: Quinten's leaving waits there, his series (none) locked.
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM actions WHERE id = $1 FOR UPDATE', [action.body.id]);
      const quintenLeaves = startRequest(() => leave(quinten.id));
      await waitForLockWaiters(t.db, 1);
      // Meanwhile Quinten joins the series.
      await t.http
        .patch(`/v1/reflection-series/${series.body.id}`)
        .set(bearer(org.lead.token))
        .send({ version: series.body.version, participantIds: [pieter.id, quinten.id] })
        .expect(200);
      // Pieter's leaving locks the series, then waits for the action after Quinten's.
      const pieterLeaves = startRequest(() => leave(pieter.id));
      await settledOrLockWaiters(t.db, pieterLeaves, 2);
      await holder.query('ROLLBACK');

      expect(await Promise.all([quintenLeaves.outcome, pieterLeaves.outcome])).toEqual([
        [200, undefined],
        [200, undefined],
      ]);
    } finally {
      await holder.end();
    }
    // Both left, and nothing is still to go to either of them (Quinten's reminders of the series too).
    const [{ active }] = await t.db.query(
      'SELECT count(*)::int AS active FROM people WHERE id = ANY($1) AND active',
      [[pieter.id, quinten.id]],
    );
    expect(active).toBe(0);
    const [{ toGo }] = await t.db.query(
      `SELECT count(*)::int AS "toGo" FROM notifications
       WHERE recipient_id = ANY($1) AND status IN ('pending', 'queued')`,
      [[pieter.id, quinten.id]],
    );
    expect(toGo).toBe(0);
  });
});
