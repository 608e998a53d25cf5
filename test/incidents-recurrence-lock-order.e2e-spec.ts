import { ReporterSightCheck } from '@app/domain/incidents/reporter-sight-check.service';
import { Client } from 'pg';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { reportConfidentialIncident } from './support/report-confidential-incident';
import { waitForLockWaiters } from './support/lock-waiters';
import { startTestApp, TestApp } from './support/test-app';
import { validatedLesson } from './support/validated-lesson';

/**
 * An incident's change of audience (PATCH) locks it and the incidents whose flags rest on it; the
 * re-check of a reporter's flags (a role or access role changed, or the nightly check) locks their
 * flagged confidential incidents. Both take them in id order, and the PATCH takes the actions it
 * updates before the incidents, as a change of a person does, so the two take turns instead of
 * deadlocking (which answered one of them 409, or failed the nightly job).
 */
describe('an incident’s change of audience and a re-check of its reporter’s flags take turns', () => {
  let t: TestApp;
  let org: OrgFixture;
  const admin = () => bearer(org.admin.token);

  const report = async (token: string, chainId: string, title: string, description: string) =>
    (await reportConfidentialIncident(t.http, token, { chainId, title, description })).body as {
      id: string;
      version: number;
      recurrence: boolean;
    };

  /**
   * A new chain whose triangle holds `people` (as commissioners, from 1 January to their `validTo`),
   * with X: a confidential learned incident. The roles' ids.
   */
  const chainWithLearnedIncident = async (people: { id: string; validTo?: string }[]) => {
    t.clock.set('2026-05-01T10:00:00+02:00');
    const chainId = (
      await t.http
        .post('/v1/chains')
        .set(admin())
        .send({ name: `Toeslagen ${Date.now()}` })
        .expect(201)
    ).body.id as string;
    const roles: string[] = [];
    for (const person of people)
      roles.push(
        (
          await t.http
            .post(`/v1/chains/${chainId}/role-assignments`)
            .set(admin())
            .send({
              role: 'commissioner',
              personId: person.id,
              validFrom: '2026-01-01',
              validTo: person.validTo,
            })
            .expect(201)
        ).body.id,
      );
    const x = await report(
      org.member.token,
      chainId,
      'Kinderopvangtoeslag te laat uitbetaald',
      'Duizenden ouders ontvingen de kinderopvangtoeslag twee weken te laat door een storing in de betaalbatch.',
    );
    await validatedLesson(t.http, x.id, org.member, org.lead);
    return { chainId, roles };
  };

  /** A confidential retelling of X on 1 September by `reporter`: flagged, resting on X. */
  const retell = async (reporter: { token: string }, chainId: string) => {
    t.clock.set('2026-09-01T10:00:00+02:00');
    const y = await report(
      reporter.token,
      chainId,
      'Kinderopvangtoeslag alweer te laat uitbetaald',
      'Ouders ontvingen de kinderopvangtoeslag weer te laat door de betaalbatch.',
    );
    expect(y.recurrence).toBe(true);
    return y;
  };

  /** R's flag rests on E (learned too), as when R was reported after E's lesson was validated. */
  const restOn = async (r: string, e: string, eReporter: { token: string }) => {
    await validatedLesson(t.http, e, eReporter, org.lead);
    await t.db.query('UPDATE incidents SET recurrence_of = $2 WHERE id = $1', [r, e]);
  };

  /** E made internal by its reporter: the status and problem detail of the answer. */
  const makeInternal = async (reporter: { token: string }, e: string) => {
    const [{ version }] = await t.db.query('SELECT version FROM incidents WHERE id = $1', [e]);
    const patched = await t.http
      .patch(`/v1/incidents/${e}`)
      .set(bearer(reporter.token))
      .send({ version, confidentiality: 'internal' });
    return [patched.status, patched.body.detail];
  };

  /**
   * `first` is started and held once it has its first locks (only to make the interleaving
   * deterministic: another session holds what `hold` locks); `second` is started and let run until
   * it waits for a lock; then the hold is let go. What each came to, or the error it failed with:
   * neither may hold what the other waits for.
   */
  const interleaved = async (
    hold: [string, unknown[]],
    first: () => Promise<unknown>,
    second: () => Promise<unknown>,
  ) => {
    const settled = (work: Promise<unknown>) =>
      work.then(
        (value) => ({ value, error: null }),
        (error: Error) => ({ value: null, error: error.message }),
      );
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(...hold);
      const one = settled(first());
      await waitForLockWaiters(t.db, 1);
      const two = settled(second());
      await waitForLockWaiters(t.db, 2);
      await holder.query('ROLLBACK');
      return await Promise.all([one, two]);
    } finally {
      await holder.end();
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  // An organisation of its own: an incident another test made internal would resemble its retellings.
  beforeEach(async () => {
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t?.close());

  it('a role taken away while the reporter makes one of their flagged incidents internal', async () => {
    const pia = await createPerson(t.http, org.admin.token, { name: 'Pia Opdracht', accessRole: 'member' });
    const { chainId, roles } = await chainWithLearnedIncident([pia]);
    // Two of Pia's retellings: the later in id order is E, the other R (rests on E). Her re-check
    // takes R, then E; the PATCH of E took E, then R.
    const [r, e] = [await retell(pia, chainId), await retell(pia, chainId)].map((y) => y.id).sort();
    await restOn(r, e, pia);
    const outcome = await interleaved(
      // Someone settling the organisation's report counts holds the PATCH where E's flag goes (it
      // counts recurrences, and E made internal may no longer rest on X), with E locked.
      ['SELECT 1 FROM report_counts WHERE organisation_id = $1 FOR UPDATE', [org.organisationId]],
      () => makeInternal(pia, e),
      async () => {
        const removed = await t.http
          .delete(`/v1/chains/${chainId}/role-assignments/${roles[0]}`)
          .set(admin());
        return [removed.status, removed.body.detail];
      },
    );

    expect(outcome).toEqual([
      { value: [200, undefined], error: null },
      { value: [204, undefined], error: null },
    ]);
  });

  it('the nightly check while a reporter makes an incident internal that another’s flag rests on', async () => {
    const pia = await createPerson(t.http, org.admin.token, { name: 'Piet Opdracht', accessRole: 'member' });
    const quinn = await createPerson(t.http, org.admin.token, {
      name: 'Quinn Opdracht',
      accessRole: 'member',
    });
    // The check went reporter by reporter in id order: R is the first's, E the second's. The first's
    // term ends on 10 September. R comes after E in id order, as the PATCH of E locks them (ids are
    // random: each retells until one of the first's comes after one of the second's).
    const [first, second] = [pia, quinn].sort((a, b) => (a.id < b.id ? -1 : 1));
    const { chainId } = await chainWithLearnedIncident([{ ...first, validTo: '2026-09-10' }, second]);
    const [firsts, seconds]: string[][] = [[], []];
    do {
      firsts.push((await retell(first, chainId)).id);
      seconds.push((await retell(second, chainId)).id);
    } while (firsts.every((id) => seconds.every((other) => id < other)));
    const [r, e] = [firsts.sort().at(-1)!, seconds.sort()[0]];
    await restOn(r, e, second);
    // The night of 18 September, its first run: every reporter of a flagged confidential incident.
    await t.db.query('DELETE FROM reporter_sight_checks');
    t.clock.set('2026-09-18T00:10:00+02:00');

    const outcome = await interleaved(
      // Someone settling the organisation's report counts holds the check where R's flag goes
      // (it counts recurrences), with R locked.
      ['SELECT 1 FROM report_counts WHERE organisation_id = $1 FOR UPDATE', [org.organisationId]],
      () => t.app.get(ReporterSightCheck).run(),
      () => makeInternal(second, e),
    );

    expect(outcome).toEqual([
      { value: expect.any(Number), error: null },
      { value: [200, undefined], error: null },
    ]);
    // The check took R's flag away (its reporter no longer sees E), then E, made internal, gave it
    // back: the PATCH decided R again after the check, with what the check wrote.
    const [row] = await t.db.query(
      'SELECT recurrence, recurrence_of, recurrence_hidden_of FROM incidents WHERE id = $1',
      [r],
    );
    expect(row).toEqual({ recurrence: true, recurrence_of: e, recurrence_hidden_of: null });
  });

  it('a reporter made a lead with a new address while they make an incident with their action internal', async () => {
    const pia = await createPerson(t.http, org.admin.token, { name: 'Pia Opdracht', accessRole: 'member' });
    const { chainId } = await chainWithLearnedIncident([pia]);
    const e = (await retell(pia, chainId)).id;
    // An open action of E, Pia's: her new address re-addresses its messages (its row locked first),
    // and E's change of audience updates it (through a trigger).
    await t.http
      .post('/v1/actions')
      .set(bearer(org.lead.token))
      .send({
        sourceType: 'incident',
        sourceId: e,
        description: 'Betaalbatch bewaken',
        assigneeId: pia.id,
        dueDate: '2026-12-01',
      })
      .expect(201);
    const person = await t.http.get(`/v1/people/${pia.id}`).set(admin()).expect(200);

    const outcome = await interleaved(
      // Someone holds Pia's row: the change of her person waits there, her actions locked.
      ['SELECT 1 FROM people WHERE id = $1 FOR UPDATE', [pia.id]],
      async () => {
        const changed = await t.http
          .patch(`/v1/people/${pia.id}`)
          .set(admin())
          .send({ version: person.body.version, email: `pia.${Date.now()}@example.nl`, accessRole: 'lead' });
        return [changed.status, changed.body.detail];
      },
      () => makeInternal(pia, e),
    );

    expect(outcome).toEqual([
      { value: [200, undefined], error: null },
      { value: [200, undefined], error: null },
    ]);
  });
});
