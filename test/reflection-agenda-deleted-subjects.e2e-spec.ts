import { AgendaService } from '@app/domain/reflection/agenda.service';
import { Client } from 'pg';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { waitForLockWaiters } from './support/lock-waiters';
import { createChainSeries, createChainWithTriangle } from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A lesson, incident or best practice deleted while an agenda is being compiled is not on it: the
 * delete's trigger takes along the items that exist when it runs, and the compilation read the
 * subject before the delete committed, so it must not add an item about it afterwards.
 */
describe('agenda compiled while its subjects are deleted', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-01T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
    const owner = await createPerson(t.http, org.admin.token, {
      name: 'Olga Eigenaar',
      accessRole: 'member',
    });
    chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: owner.id,
      commissioner: owner.id,
      contractor: owner.id,
    });
  });
  afterAll(() => t.close());

  /** A chain series of its own starting on `firstStart` (agenda due three days before), and its first session. */
  const firstSessionOf = async (firstStart: string): Promise<string> => {
    const series = await createChainSeries(t.http, org.lead, chainId, {
      firstStart,
      durationMinutes: 120,
      agendaLeadTime: 'P3D',
    });
    const sessions = await t.http
      .get(`/v1/reflection-series/${series.id}/sessions?pageSize=1`)
      .set(bearer(org.lead.token))
      .expect(200);
    return sessions.body.items[0].id;
  };
  const reportIncident = async (title: string) =>
    (
      await t.http
        .post('/v1/incidents')
        .set(bearer(org.member.token))
        .send({ ...incidentBody(chainId), occurredAt: '2026-02-20T09:00:00+01:00', title })
        .expect(201)
    ).body.id as string;
  const draftLesson = async (incidentId: string, title: string) =>
    (
      await t.http
        .post('/v1/lessons')
        .set(bearer(org.member.token))
        .send({ sourceType: 'incident', sourceId: incidentId, title, addressedRole: 'all' })
        .expect(201)
    ).body.id as string;
  const proposePractice = async (title: string) =>
    (
      await t.http
        .post('/v1/best-practices')
        .set(bearer(org.member.token))
        .send({ chainId, title, context: 'Ketenpartners', practice: 'Elke week', evidence: 'Minder fouten' })
        .expect(201)
    ).body.id as string;
  const agendaOf = async (sessionId: string) =>
    (await t.http.get(`/v1/reflection-sessions/${sessionId}/agenda`).set(bearer(org.lead.token)).expect(200))
      .body.items as { referenceId: string | null; title: string; position: number }[];
  const itemsAbout = (ids: string[]) =>
    t.db.query(`SELECT id FROM agenda_items WHERE reference_id = ANY($1)`, [ids]);

  /**
   * Runs the deletes (through the api) until their trigger, about to take the subject's items
   * along, waits for a second connection holding the audit log: each has deleted its row. Then
   * `compile` starts and reads the register, which still shows the deleted rows; once it waits as
   * well, the deletes commit. Returns what `compile` answered.
   */
  const compileWhileDeleting = async <T>(paths: string[], compile: () => Promise<T>): Promise<T> => {
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`LOCK TABLE audit_events IN SHARE MODE`);
      const deletes = paths.map((path) =>
        t.http
          .delete(path)
          .set(bearer(org.lead.token))
          .then((r) => r.status),
      );
      await waitForLockWaiters(t.db, paths.length);
      // Past deleting their rows: the trigger taking the items along waits to write their audit events.
      const awaited = await t.db.query<{ relation: string }>(
        `SELECT l.relation::regclass::text AS relation FROM pg_locks l JOIN pg_database d ON d.oid = l.database
         WHERE d.datname = current_database() AND NOT l.granted`,
      );
      expect(awaited.map((l) => l.relation)).toEqual(paths.map(() => 'audit_events'));
      const compiled = compile();
      await waitForLockWaiters(t.db, paths.length + 1);
      await holder.query('COMMIT');
      expect(await Promise.all(deletes)).toEqual(paths.map(() => 204));
      return await compiled;
    } finally {
      await holder.end();
    }
  };

  it('leaves a lesson and an incident deleted while a lead compiles the agenda off it', async () => {
    const sessionId = await firstSessionOf('2026-03-09T10:00:00+01:00');
    const host = await reportIncident('Brief naar verkeerd adres');
    const mistaken = await reportIncident('Dubbel ingevoerde melding');
    const kept = await draftLesson(host, 'Controleer het adres');
    const deleted = await draftLesson(host, 'Per ongeluk vastgelegde les');

    const answer = await compileWhileDeleting([`/v1/lessons/${deleted}`, `/v1/incidents/${mistaken}`], () =>
      t.http
        .post(`/v1/reflection-sessions/${sessionId}/agenda`)
        .set(bearer(org.lead.token))
        .then((r) => r),
    );

    expect(answer.status).toBe(200);
    const references = (await agendaOf(sessionId)).map((i) => i.referenceId);
    expect(references).toEqual(expect.arrayContaining([host, kept]));
    expect(references).not.toContain(deleted);
    expect(references).not.toContain(mistaken);
    expect(answer.body.items.map((i: any) => i.referenceId)).toEqual(references);
    expect(await itemsAbout([deleted, mistaken])).toEqual([]);
    // The rest of the agenda is whole: positions from 1 without a gap.
    expect((await agendaOf(sessionId)).map((i) => i.position)).toEqual(references.map((_, n) => n + 1));
  });

  it('mails no lesson or best practice deleted while the dispatcher compiles the agenda', async () => {
    // Due now: the agenda goes out three days before the start.
    const sessionId = await firstSessionOf('2026-03-02T10:00:00+01:00');
    const host = await reportIncident('Toeslag te laat');
    const kept = await draftLesson(host, 'Betaal op tijd');
    const deleted = await draftLesson(host, 'Les die niet klopte');
    const keptPractice = await proposePractice('Vaste ketentafel');
    const deletedPractice = await proposePractice('Dubbel voorgesteld');

    const sent = await compileWhileDeleting(
      [`/v1/lessons/${deleted}`, `/v1/best-practices/${deletedPractice}`],
      () => t.app.get(AgendaService).dispatchDueAgendas(),
    );

    expect(sent).toBe(1);
    const references = (await agendaOf(sessionId)).map((i) => i.referenceId);
    expect(references).toEqual(expect.arrayContaining([host, kept, keptPractice]));
    expect(references).not.toContain(deleted);
    expect(references).not.toContain(deletedPractice);
    expect(await itemsAbout([deleted, deletedPractice])).toEqual([]);
    const mails = await t.db.query<{ payload: any }>(
      `SELECT payload FROM notifications WHERE subject_id = $1 AND kind = 'agenda'`,
      [sessionId],
    );
    expect(mails.length).toBeGreaterThan(0);
    for (const { payload } of mails) {
      const mailed = JSON.stringify(payload);
      expect(mailed).not.toContain(deleted);
      expect(mailed).not.toContain(deletedPractice);
      expect(mailed).not.toContain('Les die niet klopte');
      expect(mailed).toContain('Betaal op tijd');
    }
  });
});
