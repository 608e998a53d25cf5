import { Client } from 'pg';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { createChainSeries, createChainWithTriangle } from './support/reflection-fixtures';
import { settledOrLockWaiters } from './support/settled-or-lock-waiters';
import { startRequest } from './support/started-request';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A change of a person (a new address, leaving, another access role) locks their series, then the
 * person; a new role in a chain locks the chain's series, and takes the person (shared: they must
 * be active) after them, as a change of a role does. It took the person first, and the two
 * deadlocked when the person held a seat in that chain (409 'a concurrent change interfered').
 */
describe('a new role given to a person while the person changes', () => {
  let t: TestApp;
  let org: OrgFixture;
  const admin = () => bearer(org.admin.token);

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t?.close());

  it('the two take turns', async () => {
    const pia = await createPerson(t.http, org.admin.token, { name: 'Pia Opdracht', accessRole: 'lead' });
    t.clock.set('2026-03-01T10:00:00+01:00');
    const chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: pia.id,
      commissioner: org.member.id,
      contractor: org.lead.id,
    });
    // Pia's series: she owns its chain.
    await createChainSeries(t.http, org.lead, chainId);
    const person = await t.http.get(`/v1/people/${pia.id}`).set(admin()).expect(200);

    // Someone holds the chain: the new role waits there, Pia taken.
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM chains WHERE id = $1 FOR NO KEY UPDATE', [chainId]);
      const role = startRequest(() =>
        t.http
          .post(`/v1/chains/${chainId}/role-assignments`)
          .set(admin())
          .send({ role: 'commissioner', personId: pia.id, validFrom: '2026-03-01' }),
      );
      await settledOrLockWaiters(t.db, role, 1);
      const change = startRequest(() =>
        t.http
          .patch(`/v1/people/${pia.id}`)
          .set(admin())
          .send({ version: person.body.version, email: `pia.${Date.now()}@example.nl` }),
      );
      await settledOrLockWaiters(t.db, change, 2);
      await holder.query('ROLLBACK');

      expect(await Promise.all([role.outcome, change.outcome])).toEqual([
        [201, undefined],
        [200, undefined],
      ]);
    } finally {
      await holder.end();
    }
  });
});
