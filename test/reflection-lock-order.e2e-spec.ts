import { Client } from 'pg';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { createChainWithTriangle } from './support/reflection-fixtures';
import { stillWaiting } from './support/still-waiting';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A role assignment change locks the chain's series, then writes their sessions' messages and
 * locks announced sessions; cancelling or postponing a session locks its series first too
 * (lockSeriesOfSession), so two admins doing both at once take turns instead of deadlocking.
 */
describe('role assignment and session changes take their locks in one order', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  it('changing a role while a session of the chain is cancelled: both succeed, neither deadlocks', async () => {
    const admin = bearer(org.admin.token);
    const [owner, commissioner, contractor] = await Promise.all(
      ['Olga Eigenaar', 'Otto Opdracht', 'Nina Nemer'].map((name) =>
        createPerson(t.http, org.admin.token, { name, accessRole: 'member' }),
      ),
    );
    const chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: owner.id,
      commissioner: commissioner.id,
      contractor: contractor.id,
    });
    const series = (
      await t.http
        .post('/v1/reflection-series')
        .set(bearer(org.lead.token))
        .send({
          title: 'Ketenoverleg',
          kind: 'chain',
          chainId,
          chairId: org.lead.id,
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
          firstStart: '2026-03-02T10:00:00+01:00',
          durationMinutes: 90,
          reminderOffsets: ['P1D', 'PT1H'],
        })
        .expect(201)
    ).body;
    const [session] = await t.db.query(
      `SELECT id, version FROM reflection_sessions WHERE series_id = $1 ORDER BY scheduled_at OFFSET 1 LIMIT 1`,
      [series.id],
    );
    const [assignment] = (
      await t.http.get(`/v1/chains/${chainId}/role-assignments?role=commissioner`).set(admin).expect(200)
    ).body.items;

    // Only to make the interleaving deterministic: something else (say, a PATCH of the person)
    // holds the commissioner's row for a moment.
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM people WHERE id = $1 FOR UPDATE', [commissioner.id]);

      // Admin 1 lengthens the commissioner's term: chain, assignment, the chain's series (FOR
      // UPDATE), then the person (FOR SHARE) ... waits here.
      const roleChange = t.http
        .patch(`/v1/chains/${chainId}/role-assignments/${assignment.id}`)
        .set(admin)
        .send({ validFrom: '2025-12-01', version: assignment.version })
        .then((r) => r);
      expect(await stillWaiting(roleChange, 500)).toBe(true);

      // A lead cancels the 9 March session: the session, its notifications, then the series.
      const cancel = t.http
        .patch(`/v1/reflection-sessions/${session.id}`)
        .set(bearer(org.lead.token))
        .send({ status: 'cancelled', reason: 'Te weinig aanwezigen', version: session.version })
        .then((r) => r);
      expect(await stillWaiting(cancel, 500)).toBe(true);

      await holder.query('ROLLBACK');
      const [roleResponse, cancelResponse] = await Promise.all([roleChange, cancel]);
      expect([
        roleResponse.status,
        cancelResponse.status,
        roleResponse.body.detail ?? cancelResponse.body.detail,
      ]).toEqual([200, 200, undefined]);
    } finally {
      await holder.end();
    }
  });
});
