import { Client } from 'pg';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { stillWaiting } from './support/still-waiting';
import { validatedLesson } from './support/validated-lesson';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The recurrence flag promises: "Resembles an earlier incident with a validated or embedded lesson
 * that everyone who may see this one may see" (IncidentDto.recurrence). When the earlier, learned
 * incident it rests on is hidden afterwards (made confidential, moved), the later one is decided
 * again: it no longer says "seen before" to people who may not see the earlier one. So is one
 * created while the hide is under way (its flag decided before its insert, which the hide's search
 * for flagged incidents does not see yet).
 */
describe('the recurrence flag after the earlier incident is hidden', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  let outsider: { id: string; token: string };
  let holder: Client;

  const report = (token: string, title: string, description: string) =>
    t.http.post('/v1/incidents').set(bearer(token)).send({
      chainId,
      title,
      description,
      occurredAt: '2026-05-01T09:00:00+02:00',
      severity: 'high',
      publicAttention: 'national',
      source: 'media',
    });

  /** X: internal, reported on 1 May in a chain of its own, with a validated lesson. */
  const learned = async (
    title = 'Kinderopvangtoeslag te laat uitbetaald',
    description = 'Duizenden ouders ontvingen de kinderopvangtoeslag twee weken te laat door een storing in de betaalbatch.',
  ) => {
    t.clock.set('2026-05-01T10:00:00+02:00');
    chainId = (
      await t.http
        .post('/v1/chains')
        .set(bearer(org.admin.token))
        .send({ name: `Toeslagen ${Date.now()}` })
    ).body.id;
    const x = await report(org.member.token, title, description).expect(201);
    await validatedLesson(t.http, x.body.id, org.member, org.lead);
    return x;
  };

  /**
   * Whether `work` (a request to the api) comes to wait for a lock in the database before it
   * answers. Not answering within a while (stillWaiting) may on a loaded machine also mean it has
   * not got that far yet, so that what it should have read before the lock holder commits, it
   * reads after: the crossing these tests set up would not happen.
   */
  const waitsForLock = async (work: Promise<unknown>): Promise<boolean> => {
    let settled = false;
    void work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (const deadline = Date.now() + 30_000; !settled && Date.now() < deadline;) {
      const waiting = await t.db.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (waiting.length > 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return false;
  };

  /** Makes an incident confidential or internal again; its new state. */
  const classify = async (id: string, confidentiality: string, version: number, token: string) =>
    (
      await t.http
        .patch(`/v1/incidents/${id}`)
        .set(bearer(token))
        .send({ confidentiality, version })
        .expect(200)
    ).body;

  /**
   * X, learned on 1 May (the kinderopvangtoeslag story, or the one given), and Y, the outsider's
   * retelling of it on 1 September: flagged.
   */
  const retold = async (story: [string, string] | undefined, retelling: [string, string]) => {
    const x = story ? await learned(...story) : await learned();
    t.clock.set('2026-09-01T10:00:00+02:00');
    const y = await report(outsider.token, ...retelling).expect(201);
    expect(y.body.recurrence).toBe(true);
    return { x, y };
  };
  /** Whether the outsider is told that an incident was seen before. */
  const seenBefore = async (id: string) =>
    (await t.http.get(`/v1/incidents/${id}`).set(bearer(outsider.token)).expect(200)).body.recurrence;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    outsider = await createPerson(t.http, org.admin.token, { name: 'Otto Outsider', accessRole: 'member' });
    holder = new Client({ connectionString: t.db.url });
    await holder.connect();
  });
  afterAll(async () => {
    await holder.end().catch(() => undefined);
    await t.close();
  });

  it('does not keep telling an outsider "seen before" once the learned incident is confidential', async () => {
    const x = await learned();
    // Y: reported later by the outsider, a retelling of X: flagged, and X is named.
    t.clock.set('2026-09-01T10:00:00+02:00');
    const y = await report(
      outsider.token,
      'Kinderopvangtoeslag alweer te laat uitbetaald',
      'Ouders ontvingen de kinderopvangtoeslag weer te laat door de betaalbatch.',
    ).expect(201);
    expect(y.body.recurrence).toBe(true);
    expect(y.body.similarIncidents.map((s: { id: string }) => s.id)).toEqual([x.body.id]);

    // X's reporter makes X confidential: the outsider may no longer see it.
    await classify(x.body.id, 'confidential', x.body.version, org.member.token);
    await t.http.get(`/v1/incidents/${x.body.id}`).set(bearer(outsider.token)).expect(404);
    const similar = await t.http
      .get(`/v1/incidents/${y.body.id}/similar-incidents`)
      .set(bearer(outsider.token))
      .expect(200);
    expect(similar.body.items).toEqual([]);

    // Nor does Y say "seen before" to the outsider, nor is it listed under recurrence=true.
    const seen = await t.http.get(`/v1/incidents/${y.body.id}`).set(bearer(outsider.token)).expect(200);
    const flagged = await t.http.get('/v1/incidents?recurrence=true').set(bearer(outsider.token)).expect(200);
    expect({ recurrence: seen.body.recurrence, listedAsRecurrence: flagged.body.total }).toEqual({
      recurrence: false,
      listedAsRecurrence: 0,
    });
  });

  it('leaves no flag on an incident whose create and the hide cross', async () => {
    const x = await learned();
    t.clock.set('2026-09-01T10:00:00+02:00');

    // Hold the chain row: the create's recurrence check runs, its INSERT then waits.
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM chains WHERE id = $1 FOR UPDATE', [chainId]);
    const creating = report(
      outsider.token,
      'Kinderopvangtoeslag alweer te laat uitbetaald',
      'Ouders ontvingen de kinderopvangtoeslag weer te laat door de betaalbatch.',
    ).then((r) => r);
    // Its check has run (and flagged it): its insert waits for the chain.
    expect(await waitsForLock(creating)).toBe(true);

    // Meanwhile X's reporter makes X confidential: everything flagged because of X is decided again.
    const current = await t.http.get(`/v1/incidents/${x.body.id}`).set(bearer(org.member.token)).expect(200);
    const hide = t.http
      .patch(`/v1/incidents/${x.body.id}`)
      .set(bearer(org.member.token))
      .send({ confidentiality: 'confidential', version: current.body.version })
      .then((r) => r);
    // Whichever goes first (the create's insert takes a share lock on X, so the hide may wait for
    // it and then find it among the flagged; or the hide commits first and the insert reads what it
    // wrote), Y ends up as an incident the outsider is not told resembles X.
    await stillWaiting(hide, 1000);
    await holder.query('COMMIT');
    const [y, hidden] = await Promise.all([creating, hide]);
    expect([y.status, hidden.status]).toEqual([201, 200]);
    await t.http.get(`/v1/incidents/${x.body.id}`).set(bearer(outsider.token)).expect(404);

    const [row] = await t.db.query<{ recurrence: boolean; recurrence_of: string | null }>(
      'SELECT recurrence, recurrence_of FROM incidents WHERE id = $1',
      [y.body.id],
    );
    const seen = await t.http.get(`/v1/incidents/${y.body.id}`).set(bearer(outsider.token)).expect(200);
    expect({ shown: seen.body.recurrence, stored: row }).toEqual({
      shown: false,
      stored: { recurrence: false, recurrence_of: null },
    });
  });
  it('does not flag (nor point at) a learned incident that was made confidential before the insert', async () => {
    const x = await learned();
    t.clock.set('2026-09-01T10:00:00+02:00');
    // Another session hides X and has not committed: the create's check still reads X as it was,
    // its insert waits for X's row, and then reads what was written.
    await holder.query('BEGIN');
    await holder.query(`UPDATE incidents SET confidentiality = 'confidential' WHERE id = $1`, [x.body.id]);
    const creating = report(
      outsider.token,
      'Kinderopvangtoeslag opnieuw te laat uitbetaald',
      'Ouders ontvingen de kinderopvangtoeslag opnieuw te laat door de betaalbatch.',
    ).then((r) => r);
    // Its check has read X as it was (and flagged it): its insert waits for X's row.
    expect(await waitsForLock(creating)).toBe(true);
    await holder.query('COMMIT');
    const y = await creating;
    expect(y.status).toBe(201);
    // The answer neither flags it nor names X, and the record says why the flag went.
    expect(y.body.recurrence).toBe(false);
    expect(y.body.similarIncidents.map((s: { id: string }) => s.id)).not.toContain(x.body.id);
    const [row] = await t.db.query<{ recurrence: boolean; recurrence_of: string | null }>(
      'SELECT recurrence, recurrence_of FROM incidents WHERE id = $1',
      [y.body.id],
    );
    expect(row).toEqual({ recurrence: false, recurrence_of: null });
    const events = await t.db.query<{ action: string; changes: { recurrence?: { to: boolean } } }>(
      `SELECT action, changes FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at, id`,
      [y.body.id],
    );
    expect(events.map((e) => [e.action, e.changes.recurrence?.to])).toEqual([
      ['create', true],
      ['update', false],
    ]);
  });

  it('flags it again when the learned incident is shown again, after the others: the learned incident stays', async () => {
    const { x, y } = await retold(undefined, [
      'Kinderopvangtoeslag opnieuw te laat uitbetaald',
      'Ouders ontvingen de kinderopvangtoeslag opnieuw te laat door de betaalbatch.',
    ]);
    const hidden = await classify(x.body.id, 'confidential', x.body.version, org.member.token);
    const flag = () => seenBefore(y.body.id);
    expect(await flag()).toBe(false);
    // Y's reporter corrects Y meanwhile: decided again, still no match, and X is not forgotten.
    const current = (await t.http.get(`/v1/incidents/${y.body.id}`).set(bearer(outsider.token))).body;
    await t.http
      .patch(`/v1/incidents/${y.body.id}`)
      .set(bearer(outsider.token))
      .send({
        description: `${current.description} Ook de nabetaling liep vertraging op.`,
        version: current.version,
      })
      .expect(200);
    expect(await flag()).toBe(false);
    // The investigation is over: X is internal again, and Y is "seen before" again.
    await classify(x.body.id, 'internal', hidden.version, org.member.token);
    expect(await flag()).toBe(true);
    const similar = await t.http
      .get(`/v1/incidents/${y.body.id}/similar-incidents`)
      .set(bearer(outsider.token))
      .expect(200);
    expect(similar.body.items.map((i: { id: string }) => i.id)).toContain(x.body.id);
    const [row] = await t.db.query(
      `SELECT recurrence_of, recurrence_hidden_of FROM incidents WHERE id = $1`,
      [y.body.id],
    );
    expect(row).toEqual({ recurrence_of: x.body.id, recurrence_hidden_of: null });
  });
  it('flags it again when the learned incident is shown again, also after its lesson was retired', async () => {
    // Words of its own: the earlier tests' learned incidents must not match.
    const { x, y } = await retold(
      [
        'Huurtoeslagbrieven naar verkeerde adressen verstuurd',
        'Honderden huurders kregen hun huurtoeslagbrief op een oud adres door een fout in de adreskoppeling.',
      ],
      [
        'Huurtoeslagbrieven opnieuw naar verkeerde adressen',
        'Huurders kregen hun huurtoeslagbrief opnieuw op een oud adres door de adreskoppeling.',
      ],
    );
    const flag = () => seenBefore(y.body.id);
    // The lesson is retired: Y still recurred after it was learned.
    const [lesson] = await t.db.query(`SELECT id, version FROM lessons WHERE source_id = $1`, [x.body.id]);
    await t.http
      .patch(`/v1/lessons/${lesson.id}`)
      .set(bearer(org.lead.token))
      .send({ version: lesson.version, status: 'retired' })
      .expect(200);
    expect(await flag()).toBe(true);
    // Hidden and shown again: as it was, not decided anew on today's lessons.
    const hidden = await classify(x.body.id, 'confidential', x.body.version, org.lead.token);
    expect(await flag()).toBe(false);
    await classify(x.body.id, 'internal', hidden.version, org.lead.token);
    expect(await flag()).toBe(true);
    const [row] = await t.db.query(
      `SELECT recurrence_of, recurrence_hidden_of FROM incidents WHERE id = $1`,
      [y.body.id],
    );
    expect(row).toEqual({ recurrence_of: x.body.id, recurrence_hidden_of: null });
  });
  it('does not flag it again once its reporter rewrote it into another story meanwhile', async () => {
    const { x, y } = await retold(
      [
        'Parkeervergunningen dubbel gefactureerd aan bewoners',
        'Bewoners van de binnenstad kregen hun parkeervergunning twee keer gefactureerd door een fout in de koppeling.',
      ],
      [
        'Parkeervergunningen opnieuw dubbel gefactureerd',
        'Bewoners kregen hun parkeervergunning opnieuw twee keer gefactureerd door de koppeling.',
      ],
    );
    const hidden = await classify(x.body.id, 'confidential', x.body.version, org.lead.token);
    const current = (await t.http.get(`/v1/incidents/${y.body.id}`).set(bearer(outsider.token)).expect(200))
      .body;
    expect(current.recurrence).toBe(false);
    // It was about something else: the reporter says what.
    await t.http
      .patch(`/v1/incidents/${y.body.id}`)
      .set(bearer(outsider.token))
      .send({
        title: 'Storing in het zaaksysteem van de milieudienst',
        description: 'Medewerkers van de milieudienst konden een dag lang geen zaken openen.',
        version: current.version,
      })
      .expect(200);
    await classify(x.body.id, 'internal', hidden.version, org.lead.token);
    const [row] = await t.db.query(
      `SELECT recurrence, recurrence_of, recurrence_hidden_of FROM incidents WHERE id = $1`,
      [y.body.id],
    );
    expect(row).toEqual({ recurrence: false, recurrence_of: null, recurrence_hidden_of: null });
  });
  it('does not flag it again when the learned incident was rewritten into another story while hidden', async () => {
    const { x, y } = await retold(
      [
        'Afvalpassen niet op tijd verstuurd',
        'Inwoners ontvingen hun afvalpas weken te laat door een fout bij de drukker.',
      ],
      [
        'Afvalpassen opnieuw niet op tijd verstuurd',
        'Inwoners ontvingen hun afvalpas opnieuw weken te laat door de drukker.',
      ],
    );
    const hidden = await classify(x.body.id, 'confidential', x.body.version, org.lead.token);
    const rewritten = await t.http
      .patch(`/v1/incidents/${x.body.id}`)
      .set(bearer(org.lead.token))
      .send({
        title: 'Storing in de telefooncentrale van het klantcontactcentrum',
        description: 'Bellers kregen een halve dag lang geen gehoor.',
        version: hidden.version,
      })
      .expect(200);
    await classify(x.body.id, 'internal', rewritten.body.version, org.lead.token);
    const [row] = await t.db.query(`SELECT recurrence, recurrence_of FROM incidents WHERE id = $1`, [
      y.body.id,
    ]);
    expect(row).toEqual({ recurrence: false, recurrence_of: null });
  });
});
