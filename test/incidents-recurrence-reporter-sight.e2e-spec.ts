import { Client } from 'pg';
import { IncidentsProcessor } from '../apps/worker/src/processors/incidents.processor';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { reportConfidentialIncident } from './support/report-confidential-incident';
import { waitForLockWaiters } from './support/lock-waiters';
import { validatedLesson } from './support/validated-lesson';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker, TestWorker } from './support/test-worker';

/**
 * A confidential incident's recurrence flag may rest on a confidential incident of its chain that
 * its reporter sees (through a triangle role of the chain, or as a lead). The flag is shown to its
 * reporter, so once they may no longer see that incident (their role taken away, its term ended,
 * made a member) it would tell them that a confidential incident like theirs exists: it is decided
 * again, in the same transaction as the change, or by the nightly check when a term ends with time.
 */
describe('the recurrence flag follows what its reporter may see', () => {
  let t: TestApp;
  let worker: TestWorker;
  let org: OrgFixture;
  let chainId: string;
  /** Pia: a member who sees the chain's confidential incidents only through a triangle role. */
  let pia: { id: string; token: string };
  const admin = () => bearer(org.admin.token);

  const report = (token: string, title: string, description: string, confidentiality = 'confidential') =>
    reportConfidentialIncident(t.http, token, { chainId, title, description, confidentiality });

  /** An incident reported by the member on 1 May, with a validated lesson. */
  const learned = async (confidentiality: string, title: string, description: string) => {
    t.clock.set('2026-05-01T10:00:00+02:00');
    const x = await report(org.member.token, title, description, confidentiality);
    await validatedLesson(t.http, x.body.id, org.member, org.lead);
    return x.body.id as string;
  };

  /** X: confidential, in a new chain; it says nothing to anyone outside the chain's triangle. */
  const confidentialSource = async () => {
    chainId = (
      await t.http
        .post('/v1/chains')
        .set(admin())
        .send({ name: `Toeslagen ${Date.now()}` })
        .expect(201)
    ).body.id;
    return learned(
      'confidential',
      'Kinderopvangtoeslag te laat uitbetaald',
      'Duizenden ouders ontvingen de kinderopvangtoeslag twee weken te laat door een storing in de betaalbatch.',
    );
  };

  /** Gives someone a triangle role in the chain; the assignment. */
  const giveRole = async (personId: string, term: { validFrom: string; validTo?: string }) =>
    (
      await t.http
        .post(`/v1/chains/${chainId}/role-assignments`)
        .set(admin())
        .send({ role: 'commissioner', personId, ...term })
        .expect(201)
    ).body as { id: string; version: number };

  /** Y: the reporter's confidential retelling of X on 1 September. */
  const retell = async (token: string) => {
    t.clock.set('2026-09-01T10:00:00+02:00');
    const y = await report(
      token,
      'Kinderopvangtoeslag alweer te laat uitbetaald',
      'Ouders ontvingen de kinderopvangtoeslag weer te laat door de betaalbatch.',
    );
    return y.body as { id: string; recurrence: boolean; similarIncidents: { id: string }[] };
  };

  /** What the reporter is told: the flag of their incident, and whether it is listed as a recurrence. */
  const toldBy = async (token: string, id: string) => {
    const seen = await t.http.get(`/v1/incidents/${id}`).set(bearer(token)).expect(200);
    const listed = await t.http.get('/v1/incidents?recurrence=true').set(bearer(token)).expect(200);
    return {
      recurrence: seen.body.recurrence,
      listed: listed.body.items.some((i: { id: string }) => i.id === id),
    };
  };
  const flagged = { recurrence: true, listed: true };
  const notFlagged = { recurrence: false, listed: false };

  /** The recurrence changes the audit log records of an incident: [action, to, actor]. */
  const flagEvents = async (id: string) =>
    (
      await t.db.query<{
        action: string;
        changes: { recurrence?: { to: boolean } };
        actor_id: string | null;
      }>(
        `SELECT action, changes, actor_id FROM audit_events
         WHERE entity_type = 'incident' AND entity_id = $1 ORDER BY occurred_at, id`,
        [id],
      )
    )
      .filter((e) => e.changes.recurrence)
      .map((e) => [e.action, e.changes.recurrence?.to, e.actor_id]);

  /** Pia's role in a new chain with a confidential learned incident, and her retelling of it: flagged. */
  const piaRetellsThroughRole = async (
    term: { validFrom: string; validTo?: string } = { validFrom: '2026-01-01' },
  ) => {
    const x = await confidentialSource();
    const role = await giveRole(pia.id, term);
    const y = await retell(pia.token);
    expect({ recurrence: y.recurrence, named: y.similarIncidents.map((s) => s.id) }).toEqual({
      recurrence: true,
      named: [x],
    });
    return { x, y: y.id, role };
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    pia = await createPerson(t.http, org.admin.token, { name: 'Pia Opdrachtgever', accessRole: 'member' });
    worker = await startTestWorker(t.config, { runJobs: false, clock: t.clock });
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('takes the flag away when the reporter’s triangle role is deleted, and audits it', async () => {
    const { x, y, role } = await piaRetellsThroughRole();
    await t.http.delete(`/v1/chains/${chainId}/role-assignments/${role.id}`).set(admin()).expect(204);

    await t.http.get(`/v1/incidents/${x}`).set(bearer(pia.token)).expect(404);
    expect(await toldBy(pia.token, y)).toEqual(notFlagged);
    expect(await flagEvents(y)).toEqual([
      ['create', true, pia.id],
      ['update', false, org.admin.id],
    ]);
  });

  it('takes the flag away when the reporter’s term is shortened so that it has ended', async () => {
    const { y, role } = await piaRetellsThroughRole();
    await t.http
      .patch(`/v1/chains/${chainId}/role-assignments/${role.id}`)
      .set(admin())
      .send({ version: role.version, validTo: '2026-08-31' })
      .expect(200);

    expect(await toldBy(pia.token, y)).toEqual(notFlagged);
  });

  it('takes the flag away when the reporter is no longer a lead, and gives it back when they are again', async () => {
    await confidentialSource();
    // Lotte: a lead without a role in the chain, who sees its confidential incidents as a lead.
    const lotte = await createPerson(t.http, org.admin.token, { name: 'Lotte Lead', accessRole: 'lead' });
    const y = await retell(lotte.token);
    expect(y.recurrence).toBe(true);
    const setRole = async (accessRole: string) => {
      const person = await t.http.get(`/v1/people/${lotte.id}`).set(admin()).expect(200);
      await t.http
        .patch(`/v1/people/${lotte.id}`)
        .set(admin())
        .send({ version: person.body.version, accessRole })
        .expect(200);
    };

    await setRole('member');
    expect(await toldBy(lotte.token, y.id)).toEqual(notFlagged);
    await setRole('lead');
    expect(await toldBy(lotte.token, y.id)).toEqual(flagged);
    expect(await flagEvents(y.id)).toEqual([
      ['create', true, lotte.id],
      ['update', false, org.admin.id],
      ['update', true, org.admin.id],
    ]);
  });

  it('gives the flag back when the reporter is given a role in the chain again', async () => {
    const { y, role } = await piaRetellsThroughRole();
    await t.http.delete(`/v1/chains/${chainId}/role-assignments/${role.id}`).set(admin()).expect(204);
    expect(await toldBy(pia.token, y)).toEqual(notFlagged);

    await giveRole(pia.id, { validFrom: '2026-09-01' });
    expect(await toldBy(pia.token, y)).toEqual(flagged);
  });

  /**
   * The reporter retells X while another session has taken away their sight of it (`sql`) and not
   * committed: the create's check still reads the old sight (and flags), its insert waits for that
   * session, and then reads what it wrote. The flag is decided again and audited; none is left.
   * Returns the create's answer.
   */
  const retellWhileSightGoes = async (reporter: { id: string; token: string }, sql: string, id: string) => {
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(sql, [id]);
      const creating = retell(reporter.token);
      await waitForLockWaiters(t.db, 1);
      await holder.query('COMMIT');
      const y = await creating;
      expect(y.recurrence).toBe(false);
      expect(await toldBy(reporter.token, y.id)).toEqual(notFlagged);
      expect(await flagEvents(y.id)).toEqual([
        ['create', true, reporter.id],
        ['update', false, reporter.id],
      ]);
      return y;
    } finally {
      await holder.end();
    }
  };

  it('leaves no flag on an incident reported while its reporter’s role is being taken away', async () => {
    const x = await confidentialSource();
    const role = await giveRole(pia.id, { validFrom: '2026-01-01' });
    const y = await retellWhileSightGoes(pia, 'DELETE FROM role_assignments WHERE id = $1', role.id);
    expect(y.similarIncidents.map((i) => i.id)).not.toContain(x);
  });

  it('leaves no flag on an incident reported while its reporter is being made a member', async () => {
    await confidentialSource();
    const lead = await createPerson(t.http, org.admin.token, { name: 'Lex Lead', accessRole: 'lead' });
    // (The answer may still name what the request, authenticated as a lead, was allowed to see.)
    await retellWhileSightGoes(lead, `UPDATE people SET access_role = 'member' WHERE id = $1`, lead.id);
  });

  // Before the nightly test: the check's first run, with no day recorded yet.
  it('mends, in the nightly check’s first run, a flag a role change before it left behind', async () => {
    const { y, role } = await piaRetellsThroughRole();
    // Taken away as before this fix: the flag stayed.
    await t.db.query('DELETE FROM role_assignments WHERE id = $1', [role.id]);
    expect(await toldBy(pia.token, y)).toEqual(flagged);

    await worker.app.get(IncidentsProcessor).recheckReporterSight();
    expect(await toldBy(pia.token, y)).toEqual(notFlagged);
  });

  it('takes the flag away in the nightly check after the term ended, a missed night caught up, and gives it back when a term begins', async () => {
    const check = () => worker.app.get(IncidentsProcessor).recheckReporterSight();
    // A check on 1 September: the days before are done.
    t.clock.set('2026-09-01T00:10:00+02:00');
    await check();
    const { y } = await piaRetellsThroughRole({ validFrom: '2026-01-01', validTo: '2026-09-15' });

    // Her last day in the role: still hers to see.
    t.clock.set('2026-09-15T00:10:00+02:00');
    await check();
    expect(await toldBy(pia.token, y)).toEqual(flagged);

    // The nights of the 16th and 17th were missed; the check on the 18th catches up.
    t.clock.set('2026-09-18T00:10:00+02:00');
    await check();
    expect(await toldBy(pia.token, y)).toEqual(notFlagged);

    // A new term from 1 October, given on the 18th: not yet hers to see.
    await giveRole(pia.id, { validFrom: '2026-10-01' });
    expect(await toldBy(pia.token, y)).toEqual(notFlagged);
    t.clock.set('2026-10-01T00:10:00+02:00');
    await check();
    expect(await toldBy(pia.token, y)).toEqual(flagged);
    // The check's changes are the system's (no actor).
    expect(await flagEvents(y)).toEqual([
      ['create', true, pia.id],
      ['update', false, null],
      ['update', true, null],
    ]);
  });

  // Last: its internal learned incident resembles every retelling after it.
  it('keeps the flag when an earlier incident the reporter still sees resembles theirs too', async () => {
    const x = await confidentialSource();
    // Z: an internal retelling with a lesson, which every member sees.
    const z = await learned(
      'internal',
      'Kinderopvangtoeslag weer te laat uitbetaald',
      'Ouders ontvingen de kinderopvangtoeslag weer te laat door een storing in de betaalbatch.',
    );
    const role = await giveRole(pia.id, { validFrom: '2026-01-01' });
    const y = await retell(pia.token);
    expect(y.similarIncidents.map((s) => s.id).sort()).toEqual([x, z].sort());

    await t.http.delete(`/v1/chains/${chainId}/role-assignments/${role.id}`).set(admin()).expect(204);
    expect(await toldBy(pia.token, y.id)).toEqual(flagged);
    const [row] = await t.db.query<{ recurrence_of: string }>(
      'SELECT recurrence_of FROM incidents WHERE id = $1',
      [y.id],
    );
    expect({ restsOn: row.recurrence_of, events: await flagEvents(y.id) }).toEqual({
      restsOn: z,
      events: [['create', true, pia.id]],
    });
  });
});
