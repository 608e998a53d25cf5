import { Client } from 'pg';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { waitForLockWaiters } from './support/lock-waiters';
import { setPersonActive } from './support/set-person-active';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A lead who comes back is asked, with the other leads, for the outcomes a series without a chair
 * awaits: the series that ask a stand-in are planned again. A change of a person locks the series
 * it plans again before the person, as a change of a series takes the series before its people;
 * a return locked those that ask a stand-in only after the person, and deadlocked with a change of
 * one of them naming that person (409 'a concurrent change interfered').
 */
describe('a lead comes back while a series that asks a stand-in changes', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t?.close());

  const setActive = (id: string, active: boolean) => setPersonActive(t, org.admin.token, id, active);

  it('the two take turns', async () => {
    t.clock.set('2026-03-01T09:00:00Z');
    const chair = await createPerson(t.http, org.admin.token, { name: 'Cas Voorzitter', accessRole: 'lead' });
    const lena = await createPerson(t.http, org.admin.token, { name: 'Lena Terug', accessRole: 'lead' });
    await setActive(lena.id, false).then((r) => expect(r.status).toBe(200));
    const series = await t.http
      .post('/v1/reflection-series')
      .set(bearer(org.lead.token))
      .send({
        title: 'Teamreflectie',
        kind: 'team',
        chairId: chair.id,
        participantIds: [org.member.id],
        rrule: 'FREQ=WEEKLY;BYDAY=TH',
        firstStart: '2026-03-05T10:00:00+01:00',
        durationMinutes: 60,
      })
      .expect(201);
    // The first session went by, its outcome not recorded; its chair left: the leads are asked.
    t.clock.set('2026-03-05T12:00:00Z');
    await setActive(chair.id, false).then((r) => expect(r.status).toBe(200));
    const [{ asked }] = await t.db.query(
      `SELECT count(*)::int AS asked FROM notifications
       WHERE kind = 'outcome-request' AND payload->>'standIn' = 'true' AND status = 'pending'`,
    );
    expect(asked).toBeGreaterThan(0);

    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      // Someone holds the series: a change of it waits there, then takes its new participant.
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM reflection_series WHERE id = $1 FOR UPDATE', [series.body.id]);
      const changed = t.http
        .patch(`/v1/reflection-series/${series.body.id}`)
        .set(bearer(org.lead.token))
        .send({ version: series.body.version, participantIds: [org.member.id, lena.id] })
        .then((r) => [r.status, r.body.detail]);
      await waitForLockWaiters(t.db, 1);
      const returned = setActive(lena.id, true).then((r) => [r.status, r.body.detail]);
      await waitForLockWaiters(t.db, 2);
      await holder.query('ROLLBACK');

      // The change went first: Lena had not come back yet.
      expect(await Promise.all([changed, returned])).toEqual([
        [422, expect.stringContaining('no longer active')],
        [200, undefined],
      ]);
    } finally {
      await holder.end();
    }
  });
});
