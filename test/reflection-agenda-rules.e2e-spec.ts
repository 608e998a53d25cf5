import { AgendaService } from '@app/domain/reflection/agenda.service';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import {
  createChainSeries,
  createChainWithTriangle,
  insertIncident,
  insertTheme,
} from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** The agenda's rules at their edges; each test works in an organisation of its own (themes are organisation-wide). */
describe('agenda compilation at its edges', () => {
  let t: TestApp;

  const setup = async () => {
    const org = await createOrganisation(t.http, t.systemToken);
    const owner = await createPerson(t.http, org.admin.token, { name: 'Olga Eigenaar', accessRole: 'lead' });
    const commissioner = await createPerson(t.http, org.admin.token, {
      name: 'Otto Opdr',
      accessRole: 'member',
    });
    const contractor = await createPerson(t.http, org.admin.token, {
      name: 'Nina Nemer',
      accessRole: 'member',
    });
    const chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: owner.id,
      commissioner: commissioner.id,
      contractor: contractor.id,
    });
    return { org, chainId };
  };

  const createSeries = (org: OrgFixture, chainId: string, extra: Record<string, unknown> = {}) =>
    createChainSeries(t.http, org.lead, chainId, { agendaLeadTime: 'P3D', ...extra });

  const sessionsOf = async (org: OrgFixture, seriesId: string): Promise<any[]> =>
    (
      await t.http
        .get(`/v1/reflection-series/${seriesId}/sessions?pageSize=5`)
        .set(bearer(org.member.token))
        .expect(200)
    ).body.items;

  const session = async (org: OrgFixture, id: string) =>
    (await t.http.get(`/v1/reflection-sessions/${id}`).set(bearer(org.member.token)).expect(200)).body;

  const agendaOf = async (org: OrgFixture, id: string) =>
    (await t.http.get(`/v1/reflection-sessions/${id}/agenda`).set(bearer(org.member.token)).expect(200)).body;

  const recordHeld = async (org: OrgFixture, id: string) =>
    t.http
      .patch(`/v1/reflection-sessions/${id}`)
      .set(bearer(org.lead.token))
      .send({ status: 'held', version: (await session(org, id)).version })
      .expect(200);

  /** A theme of the organisation, waiting for the agenda. */
  const lerendeCultuur = (org: OrgFixture) =>
    insertTheme(t.db, { organisationId: org.organisationId, ownerId: org.lead.id, title: 'Lerende cultuur' });
  /** A high-severity incident of the chain, reported before the first session. */
  const brievenNaarVerkeerdAdres = (org: OrgFixture, chainId: string) =>
    insertIncident(t.db, {
      organisationId: org.organisationId,
      chainId,
      reportedById: org.member.id,
      title: 'Brieven naar verkeerd adres',
      severity: 'high',
      reportedAt: '2026-02-20T10:00:00Z',
    });

  const compile = async (org: OrgFixture, sessionId: string) =>
    (await t.http.post(`/v1/reflection-sessions/${sessionId}/agenda`).set(bearer(org.lead.token)).expect(200))
      .body;

  const insertDraftLesson = async (org: OrgFixture, chainId: string, title: string): Promise<string> => {
    const incidentId = await insertIncident(t.db, {
      organisationId: org.organisationId,
      chainId,
      reportedById: org.member.id,
      title: `Bron van ${title}`,
      severity: 'low',
      reportedAt: '2025-06-01T09:00:00Z',
    });
    const [{ id }] = await t.db.query(
      `INSERT INTO lessons (organisation_id, chain_id, source_type, source_id, title, addressed_role, drawn_by_id)
       VALUES ($1, $2, 'incident', $3, $4, 'all', $5) RETURNING id`,
      [org.organisationId, chainId, incidentId, title, org.member.id],
    );
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-01T09:00:00Z'));

  it('does not bring back, after a cancelled session, a theme that was ended or a lesson validated meanwhile', async () => {
    const { org, chainId } = await setup();
    const themeId = await insertTheme(t.db, {
      organisationId: org.organisationId,
      ownerId: org.lead.id,
      title: 'Afgerond thema',
    });
    const lessonId = await insertDraftLesson(org, chainId, 'Les die intussen gevalideerd is');
    const series = await createSeries(org, chainId);
    const [first, second] = await sessionsOf(org, series.id);

    const agenda = await compile(org, first.id);
    expect(agenda.items.map((i: any) => i.referenceId)).toEqual(expect.arrayContaining([themeId, lessonId]));

    // The session is cancelled: its agenda goes to the backlog.
    await t.http
      .patch(`/v1/reflection-sessions/${first.id}`)
      .set(bearer(org.lead.token))
      .send({ status: 'cancelled', reason: 'Crisisoverleg', version: (await session(org, first.id)).version })
      .expect(200);
    // Meanwhile the theme is ended and the lesson validated.
    await t.http
      .patch(`/v1/themes/${themeId}`)
      .set(bearer(org.lead.token))
      .send({ active: false, version: 1 })
      .expect(200);
    await t.db.query(`UPDATE lessons SET status = 'validated', validated_at = now() WHERE id = $1`, [
      lessonId,
    ]);

    const next = await compile(org, second.id);
    const titles = next.items.map((i: any) => `${i.kind}: ${i.title}`);
    // An inactive theme is no long-term theme any more, and a validated lesson awaits no validation.
    expect(titles).not.toContain('theme: Afgerond thema');
    expect(titles).not.toContain('lesson: Les ter validatie: Les die intussen gevalideerd is');
  });

  it('puts an incident reported between the agenda of a held session and its start on a later agenda', async () => {
    const { org, chainId } = await setup();
    const series = await createSeries(org, chainId);
    const [first, second] = await sessionsOf(org, series.id);
    const dispatcher = t.app.get(AgendaService);

    // 9 March 10:00 (09:00Z) minus three days: the first agenda goes out on 6 March.
    t.clock.set('2026-03-06T09:00:00Z');
    await dispatcher.dispatchDueAgendas();
    expect((await session(org, first.id)).status).toBe('agenda-sent');

    // On Saturday 7 March a critical incident with national attention is reported.
    const incidentId = await insertIncident(t.db, {
      organisationId: org.organisationId,
      chainId,
      reportedById: org.member.id,
      title: 'Uitbetaling toeslagen stilgelegd',
      severity: 'critical',
      publicAttention: 'national',
      reportedAt: '2026-03-07T10:00:00Z',
    });

    // The first session is held (it was on nobody's agenda).
    t.clock.set('2026-03-09T11:00:00Z');
    expect((await agendaOf(org, first.id)).items.map((i: any) => i.referenceId)).not.toContain(incidentId);
    await t.http
      .patch(`/v1/reflection-sessions/${first.id}`)
      .set(bearer(org.lead.token))
      .send({ status: 'held', version: (await session(org, first.id)).version })
      .expect(200);

    // The next agenda goes out on 13 March: the incident must be on it.
    t.clock.set('2026-03-13T09:00:00Z');
    await dispatcher.dispatchDueAgendas();
    const next = await agendaOf(org, second.id);
    expect(next.status).toBe('agenda-sent');
    const backlog = await t.db.query(
      `SELECT reference_id FROM agenda_items WHERE series_id = $1 AND session_id IS NULL`,
      [series.id],
    );
    expect([
      ...next.items.map((i: any) => i.referenceId),
      ...backlog.map((r: any) => r.reference_id),
    ]).toContain(incidentId);
  });

  it('does not keep the subjects of an unrecorded past session off every later agenda', async () => {
    const { org, chainId } = await setup();
    const themeId = await lerendeCultuur(org);
    const incidentId = await brievenNaarVerkeerdAdres(org, chainId);
    const series = await createSeries(org, chainId);
    const [first, second] = await sessionsOf(org, series.id);
    const dispatcher = t.app.get(AgendaService);

    t.clock.set('2026-03-06T09:00:00Z');
    await dispatcher.dispatchDueAgendas();
    const sent = await agendaOf(org, first.id);
    expect(sent.items.map((i: any) => i.referenceId)).toEqual(expect.arrayContaining([themeId, incidentId]));

    // The first session goes by without an outcome: two days after its end it counts as not held.
    // The next agenda is compiled on 13 March; the first session is still not recorded.
    t.clock.set('2026-03-13T09:00:00Z');
    await dispatcher.dispatchDueAgendas();
    expect((await session(org, first.id)).status).toBe('agenda-sent');
    const next = await agendaOf(org, second.id);
    expect(next.status).toBe('agenda-sent');
    // Nothing on the first agenda was discussed: the theme and the incident still wait.
    const refs = next.items.map((i: any) => i.referenceId);
    expect(refs).toContain(themeId);
    expect(refs).toContain(incidentId);
  });
  it('does not compile and send again the agenda of a session that is already over', async () => {
    const { org, chainId } = await setup();
    const series = await createSeries(org, chainId);
    const [first] = await sessionsOf(org, series.id);
    t.clock.set('2026-03-06T09:00:00Z');
    await t.app.get(AgendaService).dispatchDueAgendas();
    const sent = await session(org, first.id);
    expect(sent.status).toBe('agenda-sent');

    // The meeting (09:00–10:30Z on 9 March) is over and its outcome not recorded yet; an incident comes in.
    t.clock.set('2026-03-09T12:00:00Z');
    await insertIncident(t.db, {
      organisationId: org.organisationId,
      chainId,
      reportedById: org.member.id,
      title: 'Na de sessie gemeld',
      severity: 'high',
      reportedAt: '2026-03-09T11:30:00Z',
    });
    const agendaMails = async () =>
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM notifications WHERE subject_id = $1 AND kind = 'agenda'`,
          [first.id],
        )
      )[0].n;
    const mailsBefore = await agendaMails();
    const response = await t.http
      .post(`/v1/reflection-sessions/${first.id}/agenda`)
      .set(bearer(org.lead.token));
    // Like the dispatcher, which sends nothing for a session that started: the agenda of a past meeting is its record.
    expect({
      newAgendaMails: (await agendaMails()) - mailsBefore,
      icalSequence: (await session(org, first.id)).icalSequence,
    }).toEqual({ newAgendaMails: 0, icalSequence: sent.icalSequence });
    expect(response.status).toBe(409);
  });

  it('does not put the same incident twice on an agenda when it is carried over and also picked by hand', async () => {
    const { org, chainId } = await setup();
    const incidents: string[] = [];
    for (let i = 1; i <= 4; i++)
      incidents.push(
        await insertIncident(t.db, {
          organisationId: org.organisationId,
          chainId,
          reportedById: org.member.id,
          title: `Storing ${i}`,
          severity: 'critical',
          reportedAt: `2026-02-1${i}T10:00:00Z`,
        }),
      );
    const series = await createSeries(org, chainId);
    const [first, second] = await sessionsOf(org, series.id);
    // 90 minutes, 36 protected: three critical incidents of 15 minutes fit in 54, the fourth waits.
    await compile(org, first.id);
    const waiting = await t.db.query(
      `SELECT reference_id FROM agenda_items WHERE series_id = $1 AND session_id IS NULL AND status = 'carried-over'`,
      [series.id],
    );
    expect(waiting).toHaveLength(1);
    const carried = waiting[0].reference_id;
    t.clock.set('2026-03-09T11:00:00Z');
    await t.http
      .patch(`/v1/reflection-sessions/${first.id}`)
      .set(bearer(org.lead.token))
      .send({ status: 'held', version: (await session(org, first.id)).version })
      .expect(200);

    // The chair wants it on the next session for sure and picks it by hand: it waits already.
    const picked = await t.http
      .post('/v1/agenda-items')
      .set(bearer(org.lead.token))
      .send({ sessionId: second.id, kind: 'incident', referenceId: carried, timeboxMinutes: 15 })
      .expect(409);
    expect(picked.body.detail).toMatch(/on the series' agenda already/);
    const next = await compile(org, second.id);
    const onAgenda = next.items.filter((i: any) => i.referenceId === carried);
    expect(onAgenda).toHaveLength(1);
  });

  it('keeps the agenda of a held session as it was: a dropped item cannot be brought back or changed', async () => {
    const { org, chainId } = await setup();
    const series = await createSeries(org, chainId);
    const [first] = await sessionsOf(org, series.id);
    const item = (
      await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ sessionId: first.id, kind: 'custom', title: 'Rondvraag', timeboxMinutes: 10 })
        .expect(201)
    ).body;
    await compile(org, first.id);
    const dropped = (
      await t.http
        .patch(`/v1/agenda-items/${item.id}`)
        .set(bearer(org.lead.token))
        .send({
          status: 'dropped',
          version: (await t.http.get(`/v1/agenda-items/${item.id}`).set(bearer(org.lead.token))).body.version,
        })
        .expect(200)
    ).body;
    t.clock.set('2026-03-09T11:00:00Z');
    await t.http
      .patch(`/v1/reflection-sessions/${first.id}`)
      .set(bearer(org.lead.token))
      .send({ status: 'held', version: (await session(org, first.id)).version })
      .expect(200);
    const heldAgenda = await agendaOf(org, first.id);

    const revived = await t.http.patch(`/v1/agenda-items/${item.id}`).set(bearer(org.lead.token)).send({
      status: 'proposed',
      title: 'Achteraf toegevoegd',
      timeboxMinutes: 60,
      version: dropped.version,
    });
    expect(
      (await agendaOf(org, first.id)).items.map((i: any) => [i.title, i.status, i.timeboxMinutes]),
    ).toEqual(heldAgenda.items.map((i: any) => [i.title, i.status, i.timeboxMinutes]));
    expect(revived.status).toBe(409);
  });

  it('refuses to move an item onto a session where it does not fit outside the share kept for learning', async () => {
    const { org, chainId } = await setup();
    const series = await createSeries(org, chainId);
    // On the backlog of a 90-minute series (54 minutes outside learning's 0.4), then the sessions shorten.
    const item = (
      await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ seriesId: series.id, kind: 'custom', title: 'Lang onderwerp', timeboxMinutes: 50 })
        .expect(201)
    ).body;
    await t.http
      .patch(`/v1/reflection-series/${series.id}`)
      .set(bearer(org.lead.token))
      .send({ durationMinutes: 60, version: series.version })
      .expect(200);
    const [first] = await sessionsOf(org, series.id);
    const moved = await t.http
      .patch(`/v1/agenda-items/${item.id}`)
      .set(bearer(org.lead.token))
      .send({ sessionId: first.id, version: item.version });
    expect([moved.status, moved.body.invalidParams?.[0]]).toEqual([
      400,
      {
        name: 'timeboxMinutes',
        reason: "must fit the time outside the share kept for learning (36 of the session's 60 minutes)",
      },
    ]);
    // Shortened with it, it goes.
    await t.http
      .patch(`/v1/agenda-items/${item.id}`)
      .set(bearer(org.lead.token))
      .send({ sessionId: first.id, timeboxMinutes: 30, version: item.version })
      .expect(200);
  });

  it('refuses a hand-picked item that can never fit the session instead of parking it for ever', async () => {
    const { org, chainId } = await setup();
    const series = await createSeries(org, chainId);
    const [first] = await sessionsOf(org, series.id);
    const response = await t.http
      .post('/v1/agenda-items')
      .set(bearer(org.lead.token))
      .send({ sessionId: first.id, kind: 'custom', title: 'Heidag-onderwerp', timeboxMinutes: 120 });
    // Accepted for this session of 90 minutes, it would leave it at the first compilation, silently.
    expect(response.status).toBe(400);
    expect(response.body.invalidParams).toEqual([
      {
        name: 'timeboxMinutes',
        reason: "must fit the time outside the share kept for learning (54 of the session's 90 minutes)",
      },
    ]);
    // Nor one that fits the session but not the time outside learning's share, the only time the
    // compiler gives it: it was carried over for ever.
    const tooLong = await t.http
      .post('/v1/agenda-items')
      .set(bearer(org.lead.token))
      .send({ sessionId: first.id, kind: 'custom', title: 'Heidag voorbereiden', timeboxMinutes: 55 });
    expect([tooLong.status, tooLong.body.invalidParams?.[0].name]).toEqual([400, 'timeboxMinutes']);
    await t.http
      .post('/v1/agenda-items')
      .set(bearer(org.lead.token))
      .send({ sessionId: first.id, kind: 'custom', title: 'Heidag voorbereiden', timeboxMinutes: 54 })
      .expect(201);
    // Nor can an item that fits be stretched past the session.
    const fitting = await t.http
      .post('/v1/agenda-items')
      .set(bearer(org.lead.token))
      .send({ sessionId: first.id, kind: 'custom', title: 'Rondvraag', timeboxMinutes: 10 })
      .expect(201);
    await t.http
      .patch(`/v1/agenda-items/${fitting.body.id}`)
      .set(bearer(org.lead.token))
      .send({ timeboxMinutes: 91, version: fitting.body.version })
      .expect(400);
  });
  it('does not bring back an incident that was added by hand to the last held session and discussed there', async () => {
    const { org, chainId } = await setup();
    const series = await createSeries(org, chainId);
    const [first, second] = await sessionsOf(org, series.id);
    const dispatcher = t.app.get(AgendaService);

    // The first agenda goes out on 6 March.
    t.clock.set('2026-03-06T09:00:00Z');
    await dispatcher.dispatchDueAgendas();
    expect((await session(org, first.id)).status).toBe('agenda-sent');

    // On 7 March an urgent incident comes in; the chair adds it to Monday's agenda by hand.
    t.clock.set('2026-03-07T10:00:00Z');
    const incidentId = await insertIncident(t.db, {
      organisationId: org.organisationId,
      chainId,
      reportedById: org.member.id,
      title: 'Uitbetaling toeslagen stilgelegd',
      severity: 'critical',
      publicAttention: 'national',
      reportedAt: '2026-03-07T10:00:00Z',
    });
    await t.http
      .post('/v1/agenda-items')
      .set(bearer(org.lead.token))
      .send({ sessionId: first.id, kind: 'incident', referenceId: incidentId, timeboxMinutes: 15 })
      .expect(201);

    // It is discussed at the first session.
    t.clock.set('2026-03-09T11:00:00Z');
    await recordHeld(org, first.id);
    const discussed = await t.db.query(
      `SELECT status FROM agenda_items WHERE session_id = $1 AND reference_id = $2`,
      [first.id, incidentId],
    );
    expect(discussed.map((r: any) => r.status)).toEqual(['discussed']);

    // The next agenda (13 March) should not put it on the agenda again.
    t.clock.set('2026-03-13T09:00:00Z');
    await dispatcher.dispatchDueAgendas();
    const next = await agendaOf(org, second.id);
    expect(next.status).toBe('agenda-sent');
    const waiting = await t.db.query(
      `SELECT reference_id FROM agenda_items WHERE series_id = $1 AND session_id IS NULL`,
      [series.id],
    );
    expect([
      ...next.items.map((i: any) => i.referenceId),
      ...waiting.map((r: any) => r.reference_id),
    ]).not.toContain(incidentId);
  });

  it('does not send the subjects of a session that is under way (not yet recorded) on the next agenda as well', async () => {
    const { org, chainId } = await setup();
    const themeId = await lerendeCultuur(org);
    const incidentId = await brievenNaarVerkeerdAdres(org, chainId);
    // A week's lead time: the next agenda goes out when this week's session starts.
    const series = await createSeries(org, chainId, { agendaLeadTime: 'P7D' });
    const [first, second] = await sessionsOf(org, series.id);
    const dispatcher = t.app.get(AgendaService);

    t.clock.set('2026-03-02T09:00:00Z');
    await dispatcher.dispatchDueAgendas();
    const sent = await agendaOf(org, first.id);
    expect(sent.items.map((i: any) => i.referenceId)).toEqual(expect.arrayContaining([themeId, incidentId]));

    // 9 March 09:05Z: the first session is under way; the worker sends the next agenda.
    t.clock.set('2026-03-09T09:05:00Z');
    await dispatcher.dispatchDueAgendas();
    const next = await agendaOf(org, second.id);
    expect(next.status).toBe('agenda-sent');

    // The meeting discusses its agenda and the chair records it right after.
    t.clock.set('2026-03-09T10:45:00Z');
    await recordHeld(org, first.id);

    // What was discussed this morning went out again as next week's agenda.
    expect(next.items.map((i: any) => i.referenceId)).not.toContain(incidentId);
  });

  it('lets a lead pick a subject for the next session that waits only on an unrecorded past session', async () => {
    const { org, chainId } = await setup();
    const incidentId = await brievenNaarVerkeerdAdres(org, chainId);
    const series = await createSeries(org, chainId);
    const [first, second] = await sessionsOf(org, series.id);
    const dispatcher = t.app.get(AgendaService);
    t.clock.set('2026-03-06T09:00:00Z');
    await dispatcher.dispatchDueAgendas();
    expect((await agendaOf(org, first.id)).items.map((i: any) => i.referenceId)).toContain(incidentId);

    // 12 March: the first session went by unrecorded (it counts as not held); compilation would
    // put the incident on the next agenda, but the chair wants it there for sure and picks it.
    t.clock.set('2026-03-12T09:00:00Z');
    const picked = await t.http
      .post('/v1/agenda-items')
      .set(bearer(org.lead.token))
      .send({ sessionId: second.id, kind: 'incident', referenceId: incidentId, timeboxMinutes: 15 });
    expect({ status: picked.status, detail: picked.body.detail }).toEqual({
      status: 201,
      detail: undefined,
    });
  });
  it('sends no agenda by e-mail for a session that has begun, and fits a default timebox to a short session', async () => {
    const { org, chainId } = await setup();
    const series = await createSeries(org, chainId);
    const [first] = await sessionsOf(org, series.id);
    t.clock.set('2026-03-09T09:30:00Z');
    const late = await t.http
      .patch(`/v1/reflection-sessions/${first.id}`)
      .set(bearer(org.lead.token))
      .send({ status: 'agenda-sent', version: (await session(org, first.id)).version })
      .expect(409);
    expect(late.body.detail).toMatch(/has begun/);
    expect((await session(org, first.id)).status).toBe('planned');

    t.clock.set('2026-03-01T09:00:00Z');
    const short = await createSeries(org, chainId, { title: 'Kort', durationMinutes: 5 });
    const [shortFirst] = await sessionsOf(org, short.id);
    const item = await t.http
      .post('/v1/agenda-items')
      .set(bearer(org.lead.token))
      .send({ sessionId: shortFirst.id, kind: 'custom', title: 'Kort punt' })
      .expect(201);
    // The 3 of its 5 minutes outside the share kept for learning (0.4: 2 minutes).
    expect(item.body.timeboxMinutes).toBe(3);
  });
});
