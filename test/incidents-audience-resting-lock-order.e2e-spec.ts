import { Client } from 'pg';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { reportConfidentialIncident } from './support/report-confidential-incident';
import { settledOrLockWaiters } from './support/settled-or-lock-waiters';
import { startRequest } from './support/started-request';
import { startTestApp, TestApp } from './support/test-app';
import { validatedLesson } from './support/validated-lesson';

const RETOLD = {
  title: 'Kinderopvangtoeslag alweer te laat uitbetaald',
  description: 'Ouders ontvingen de kinderopvangtoeslag weer te laat door de betaalbatch.',
};

/**
 * A change of an incident's audience locks it and the incidents whose flags rest on it up front, in
 * id order, and decides those flags again after it is saved. One that came to rest on it in between
 * (its text edited to retell it) was locked only then: a re-check of its reporter's flags (a role
 * given) that held it, in id order, and waited for another of theirs resting on the incident,
 * deadlocked with the change (409 'a concurrent change interfered').
 */
describe('an incident that comes to rest on another while that one’s audience changes', () => {
  let t: TestApp;
  let org: OrgFixture;
  const admin = () => bearer(org.admin.token);

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t?.close());

  const newChain = async (name: string) =>
    (await t.http.post('/v1/chains').set(admin()).send({ name }).expect(201)).body.id as string;

  it('the change of its audience and a re-check of its reporter’s flags take turns', async () => {
    const pia = await createPerson(t.http, org.admin.token, { name: 'Pia Opdracht', accessRole: 'member' });
    const chainId = await newChain('Toeslagen');
    const otherChainId = await newChain('Belastingen');
    await t.http
      .post(`/v1/chains/${chainId}/role-assignments`)
      .set(admin())
      .send({ role: 'commissioner', personId: pia.id, validFrom: '2026-01-01' })
      .expect(201);
    // A: internal, learned.
    t.clock.set('2026-06-02T10:00:00+02:00');
    const a = (
      await t.http.post('/v1/incidents').set(bearer(org.member.token)).send(incidentBody(chainId)).expect(201)
    ).body as { id: string; version: number };
    await validatedLesson(t.http, a.id, org.member, org.lead);
    // Two confidential retellings of A by Pia: N (the earlier in id order) and B, both resting on A.
    t.clock.set('2026-09-01T10:00:00+02:00');
    const retellings: { id: string; version: number; recurrence: boolean }[] = [];
    for (let i = 0; i < 2; i++)
      retellings.push((await reportConfidentialIncident(t.http, pia.token, { chainId, ...RETOLD })).body);
    expect(retellings.map((r) => r.recurrence)).toEqual([true, true]);
    const [n, b] = retellings.sort((x, y) => (x.id < y.id ? -1 : 1));
    // N rewritten into another story: it rests on nothing.
    const rewritten = await t.http
      .patch(`/v1/incidents/${n.id}`)
      .set(bearer(pia.token))
      .send({
        version: n.version,
        title: 'Klantportaal urenlang onbereikbaar',
        description: 'Burgers konden niet inloggen door een verlopen certificaat.',
      })
      .expect(200);
    expect(rewritten.body.recurrence).toBe(false);
    const flagsOf = async (id: string) =>
      (
        await t.db.query('SELECT recurrence_of, recurrence_hidden_of FROM incidents WHERE id = $1', [id])
      )[0] as { recurrence_of: string | null; recurrence_hidden_of: string | null };
    expect(await flagsOf(n.id)).toEqual({ recurrence_of: null, recurrence_hidden_of: null });

    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      // Someone settling the organisation's report counts holds A's change of audience where A is
      // saved (its severity is counted), with A and B locked, and N not among them.
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM report_counts WHERE organisation_id = $1 FOR UPDATE', [
        org.organisationId,
      ]);
      const hide = startRequest(() =>
        t.http
          .patch(`/v1/incidents/${a.id}`)
          .set(bearer(org.lead.token))
          .send({ version: a.version, confidentiality: 'confidential', severity: 'critical' }),
      );
      await settledOrLockWaiters(t.db, hide, 1);
      // Meanwhile Pia tells N as a retelling of A again: it rests on A now.
      const retold = await t.http
        .patch(`/v1/incidents/${n.id}`)
        .set(bearer(pia.token))
        .send({ version: rewritten.body.version, ...RETOLD })
        .expect(200);
      expect(retold.body.recurrence).toBe(true);
      // A role given to Pia re-checks her flags: it locks N, then waits for B.
      const role = startRequest(() =>
        t.http
          .post(`/v1/chains/${otherChainId}/role-assignments`)
          .set(admin())
          .send({ role: 'commissioner', personId: pia.id, validFrom: '2026-01-01' }),
      );
      await settledOrLockWaiters(t.db, role, 2);
      await holder.query('ROLLBACK');

      expect(await Promise.all([hide.outcome, role.outcome])).toEqual([
        [200, undefined],
        [201, undefined],
      ]);
    } finally {
      await holder.end();
    }
    // Pia sees A, confidential in her chain: both still rest on it.
    expect(await flagsOf(n.id)).toEqual({ recurrence_of: a.id, recurrence_hidden_of: null });
    expect(await flagsOf(b.id)).toEqual({ recurrence_of: a.id, recurrence_hidden_of: null });
  });
});
