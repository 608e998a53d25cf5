import { Client } from 'pg';
import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { createChainSeries, createChainWithTriangle } from './support/reflection-fixtures';
import { stillWaiting } from './support/still-waiting';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Agenda items follow what they are about. Agendas are read by everyone invited: an item about a
 * confidential incident, a lesson drawn from one, or an action following one up shows a
 * placeholder, also when the incident becomes confidential after the item was made, and its own
 * title again when it no longer is. An item whose subject is deleted goes with it, unless it was
 * discussed.
 */
describe('agenda items follow what they are about', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  let seriesId: string;
  let sessionId: string;

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
    const series = await createChainSeries(t.http, org.lead, chainId, {
      participantIds: [org.member.id],
      durationMinutes: 120,
    });
    seriesId = series.id;
    const sessions = await t.http
      .get(`/v1/reflection-series/${seriesId}/sessions?pageSize=1`)
      .set(bearer(org.lead.token))
      .expect(200);
    sessionId = sessions.body.items[0].id;
  });
  afterAll(() => t.close());

  const reportIncident = async (title: string, extra: object = {}) =>
    (
      await t.http
        .post('/v1/incidents')
        .set(bearer(org.member.token))
        .send({ ...incidentBody(chainId), occurredAt: '2026-02-20T09:00:00+01:00', title, ...extra })
        .expect(201)
    ).body;
  /** An action following up an incident, due 1 April. */
  const followUp = async (incidentId: string, description: string) =>
    (
      await t.http
        .post('/v1/actions')
        .set(bearer(org.member.token))
        .send({
          sourceType: 'incident',
          sourceId: incidentId,
          description,
          assigneeId: org.member.id,
          dueDate: '2026-04-01',
        })
        .expect(201)
    ).body;
  /** A series of its own (nothing compiled yet) and its first session. */
  const firstSessionOf = async (body: object): Promise<{ id: string; seriesId: string }> => {
    const series = await t.http
      .post('/v1/reflection-series')
      .set(bearer(org.lead.token))
      .send(body)
      .expect(201);
    const sessions = await t.http
      .get(`/v1/reflection-series/${series.body.id}/sessions?pageSize=1`)
      .set(bearer(org.lead.token))
      .expect(200);
    return { id: sessions.body.items[0].id, seriesId: series.body.id };
  };
  const patchIncident = async (id: string, body: object) => {
    const current = await t.http.get(`/v1/incidents/${id}`).set(bearer(org.lead.token)).expect(200);
    await t.http
      .patch(`/v1/incidents/${id}`)
      .set(bearer(org.lead.token))
      .send({ ...body, version: current.body.version })
      .expect(200);
  };
  const onAgenda = async (kind: string, referenceId: string, title?: string) =>
    (
      await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ sessionId, kind, referenceId, title })
        .expect(201)
    ).body;
  /** An item as a member, a participant of the series, reads it. */
  const item = async (id: string) =>
    (await t.http.get(`/v1/agenda-items/${id}`).set(bearer(org.member.token)).expect(200)).body;
  const agendaTitles = async () =>
    (
      await t.http
        .get(`/v1/reflection-sessions/${sessionId}/agenda`)
        .set(bearer(org.member.token))
        .expect(200)
    ).body.items.map((i: any) => i.title);

  it('hides an incident made confidential after it was put on the agenda, and shows it again after', async () => {
    const incident = await reportIncident('Datalek bij familie Jansen in Zwolle');
    const placed = await onAgenda('incident', incident.id);
    expect(placed.title).toBe('Datalek bij familie Jansen in Zwolle');

    await patchIncident(incident.id, { confidentiality: 'confidential' });
    const hidden = await item(placed.id);
    expect(hidden.title).toBe('Vertrouwelijk incident (high)');
    expect(hidden.version).toBe(placed.version + 1);
    expect(await agendaTitles()).toContain('Vertrouwelijk incident (high)');
    expect(JSON.stringify(await agendaTitles())).not.toMatch(/Jansen/);

    await patchIncident(incident.id, { severity: 'critical' });
    expect((await item(placed.id)).title).toBe('Vertrouwelijk incident (critical)');

    await patchIncident(incident.id, { confidentiality: 'internal' });
    expect((await item(placed.id)).title).toBe('Datalek bij familie Jansen in Zwolle');

    const audit = await t.db.query(
      `SELECT actor_id, changes FROM audit_events WHERE entity_id = $1 AND action = 'update' ORDER BY occurred_at, id`,
      [placed.id],
    );
    // Written by a trigger, as the change of the lead who changed the incident.
    expect(audit.map((a: any) => [a.actor_id, a.changes.title.to])).toEqual([
      [org.lead.id, 'Vertrouwelijk incident (high)'],
      [org.lead.id, 'Vertrouwelijk incident (critical)'],
      [org.lead.id, 'Datalek bij familie Jansen in Zwolle'],
    ]);
  });

  it('names a confidential reference only to who may see it: to others the id told it exists', async () => {
    const outsider = await createPerson(t.http, org.admin.token, {
      name: 'Otto Buiten',
      accessRole: 'member',
    });
    const incident = await reportIncident('Lek bij familie Bos', { confidentiality: 'confidential' });
    const placed = await onAgenda('incident', incident.id);
    const references = async (token: string) => {
      const one = await t.http.get(`/v1/agenda-items/${placed.id}`).set(bearer(token)).expect(200);
      const listed = await t.http
        .get(`/v1/agenda-items?sessionId=${sessionId}&kind=incident&pageSize=100`)
        .set(bearer(token))
        .expect(200);
      const agenda = await t.http
        .get(`/v1/reflection-sessions/${sessionId}/agenda`)
        .set(bearer(token))
        .expect(200);
      const of = (items: { id: string; referenceId: string | null }[]) =>
        items.find((i) => i.id === placed.id)?.referenceId;
      return [one.body.referenceId, of(listed.body.items), of(agenda.body.items)];
    };
    // The reporter and a lead may see the incident; someone else gets a 404 for it, and no id here.
    expect(await references(org.member.token)).toEqual([incident.id, incident.id, incident.id]);
    expect(await references(org.lead.token)).toEqual([incident.id, incident.id, incident.id]);
    await t.http.get(`/v1/incidents/${incident.id}`).set(bearer(outsider.token)).expect(404);
    expect(await references(outsider.token)).toEqual([null, null, null]);
    // Made internal, it is everyone's to see again.
    await patchIncident(incident.id, { confidentiality: 'internal' });
    expect(await references(outsider.token)).toEqual([incident.id, incident.id, incident.id]);
  });

  it('keeps the placeholder when a lead renames the item, or it is written without the api', async () => {
    const incident = await reportIncident('Lek bij De Vries', { confidentiality: 'confidential' });
    const placed = await onAgenda('incident', incident.id, 'Lek De Vries');
    expect(placed.title).toBe('Vertrouwelijk incident (high)');
    const renamed = await t.http
      .patch(`/v1/agenda-items/${placed.id}`)
      .set(bearer(org.lead.token))
      .send({ title: 'Lek De Vries bespreken', version: placed.version })
      .expect(200);
    expect(renamed.body.title).toBe('Vertrouwelijk incident (high)');
    expect((await item(placed.id)).title).toBe('Vertrouwelijk incident (high)');

    const [raw] = await t.db.query(
      `INSERT INTO agenda_items (organisation_id, series_id, kind, reference_id, title, timebox_minutes, status)
       VALUES ($1, $2, 'incident', $3, 'Lek De Vries', 10, 'proposed') RETURNING title`,
      [org.organisationId, seriesId, incident.id],
    );
    expect(raw.title).toBe('Vertrouwelijk incident (high)');
  });

  it('shows a title written by hand again when its incident is no longer confidential, and keeps it through a rename', async () => {
    const incident = await reportIncident('Balie Apeldoorn dicht door storing');
    const lesson = await t.http
      .post('/v1/lessons')
      .set(bearer(org.member.token))
      .send({
        sourceType: 'incident',
        sourceId: incident.id,
        title: 'Houd een noodbalie achter de hand',
        addressedRole: 'all',
      })
      .expect(201);
    const other = await reportIncident('Kassasysteem Deventer uitgevallen');
    const third = await reportIncident('Pinautomaat Zutphen stuk');
    const items = {
      byHand: await onAgenda('incident', incident.id, 'Baliestoring (eigen woorden)'),
      lesson: await onAgenda('lesson', lesson.body.id, 'Noodbalie bespreken (eigen woorden)'),
      taken: await onAgenda('incident', other.id),
      // Given its title by hand while it shows the placeholder.
      whileHidden: await onAgenda('incident', third.id),
    };
    const titles = async () => {
      const shown: Record<string, string> = {};
      for (const [name, placed] of Object.entries(items)) shown[name] = (await item(placed.id)).title;
      return shown;
    };
    const incidents = [incident.id, other.id, third.id];
    for (const id of incidents) await patchIncident(id, { confidentiality: 'confidential' });
    const current = await item(items.whileHidden.id);
    await t.http
      .patch(`/v1/agenda-items/${items.whileHidden.id}`)
      .set(bearer(org.lead.token))
      .send({ title: 'Pinautomaat (eigen woorden)', version: current.version })
      .expect(200);
    expect(await titles()).toEqual({
      byHand: 'Vertrouwelijk incident (high)',
      lesson: 'Les uit een vertrouwelijk incident',
      taken: 'Vertrouwelijk incident (high)',
      whileHidden: 'Vertrouwelijk incident (high)',
    });
    // A rename while it is confidential: an item taken from it follows, unseen until it is shown.
    await patchIncident(other.id, { title: 'Kassasysteem Deventer en Zutphen uitgevallen' });

    for (const id of incidents) await patchIncident(id, { confidentiality: 'internal' });
    const unmasked = {
      byHand: 'Baliestoring (eigen woorden)',
      lesson: 'Noodbalie bespreken (eigen woorden)',
      taken: 'Kassasysteem Deventer en Zutphen uitgevallen',
      whileHidden: 'Pinautomaat (eigen woorden)',
    };
    expect(await titles()).toEqual(unmasked);
    // Written by hand, they follow no rename of what they are about.
    await patchIncident(incident.id, { title: 'Balie Apeldoorn een dag dicht' });
    await patchIncident(third.id, { title: 'Pinautomaat Zutphen defect' });
    await t.http
      .patch(`/v1/lessons/${lesson.body.id}`)
      .set(bearer(org.lead.token))
      .send({ title: 'Houd altijd een noodbalie achter de hand', version: lesson.body.version })
      .expect(200);
    expect(await titles()).toEqual(unmasked);
  });

  it("follows a compiled lesson's and an action's source, keeping what the item is for", async () => {
    const incident = await reportIncident('Persoonsgegevens Pietersen gelekt');
    await t.http
      .post('/v1/lessons')
      .set(bearer(org.member.token))
      .send({
        sourceType: 'incident',
        sourceId: incident.id,
        title: 'Controleer verzendlijsten van Pietersen',
        observation: 'Een brief ging naar het verkeerde adres.',
        insight: 'De verzendlijst werd niet gecontroleerd.',
        recommendation: 'Controleer elke verzendlijst door een tweede paar ogen.',
        addressedRole: 'contractor',
      })
      .expect(201);
    const action = await followUp(incident.id, 'Pietersen opnieuw informeren');
    await t.http.post(`/v1/reflection-sessions/${sessionId}/agenda`).set(bearer(org.lead.token)).expect(200);
    const review = await onAgenda('action-review', action.id);
    const lessonTitle = 'Les ter validatie: Controleer verzendlijsten van Pietersen';
    expect(await agendaTitles()).toEqual(
      expect.arrayContaining([lessonTitle, 'Actie: Pietersen opnieuw informeren']),
    );

    await patchIncident(incident.id, { confidentiality: 'confidential' });
    const hidden = await agendaTitles();
    expect(hidden).toEqual(
      expect.arrayContaining([
        'Les ter validatie: Les uit een vertrouwelijk incident',
        'Actie uit een vertrouwelijk incident',
        'Vertrouwelijk incident (high)',
      ]),
    );
    expect(JSON.stringify(hidden)).not.toMatch(/Pietersen/);

    await patchIncident(incident.id, { confidentiality: 'internal' });
    expect(await agendaTitles()).toEqual(
      expect.arrayContaining([lessonTitle, 'Actie: Pietersen opnieuw informeren']),
    );
    expect((await item(review.id)).title).toBe('Actie: Pietersen opnieuw informeren');
  });

  it('follows a rename of what it is about until its agenda goes out, and keeps a title written by hand', async () => {
    const incident = await reportIncident('Storing in het Toeslagen-portaal');
    const lesson = await t.http
      .post('/v1/lessons')
      .set(bearer(org.member.token))
      .send({
        sourceType: 'incident',
        sourceId: incident.id,
        title: 'Bewaak het portaal',
        addressedRole: 'all',
      })
      .expect(201);
    const action = await followUp(incident.id, 'Portaal herstarten');
    const later = (
      await t.http
        .get(`/v1/reflection-series/${seriesId}/sessions?pageSize=3`)
        .set(bearer(org.lead.token))
        .expect(200)
    ).body.items.slice(1);
    // One incident for each place: an incident is on a series' agenda once.
    const elsewhere: Record<string, { id: string; title: string }> = {};
    for (const name of ['byHand', 'backlog', 'sent', 'held'])
      elsewhere[name] = await reportIncident(`Inlogstoring DigiD (${name})`);
    const place = async (body: object) =>
      (await t.http.post('/v1/agenda-items').set(bearer(org.lead.token)).send(body).expect(201)).body;
    const items = {
      planned: await onAgenda('incident', incident.id),
      lesson: await onAgenda('lesson', lesson.body.id, 'Les ter validatie: Bewaak het portaal'),
      review: await onAgenda('action-review', action.id),
      byHand: await onAgenda('incident', elsewhere.byHand.id, 'Inlogproblemen (eigen woorden)'),
      backlog: await place({ seriesId, kind: 'incident', referenceId: elsewhere.backlog.id }),
      sent: await place({ sessionId: later[0].id, kind: 'incident', referenceId: elsewhere.sent.id }),
      held: await place({ sessionId: later[1].id, kind: 'incident', referenceId: elsewhere.held.id }),
    };
    await t.db.query(`UPDATE reflection_sessions SET status = 'agenda-sent' WHERE id = $1`, [later[0].id]);
    await t.db.query(`UPDATE reflection_sessions SET status = 'held' WHERE id = $1`, [later[1].id]);

    await patchIncident(incident.id, { title: 'Storing in het toeslagenportaal' });
    for (const reported of Object.values(elsewhere))
      await patchIncident(reported.id, { title: `${reported.title} bij gemeenten` });
    await t.http
      .patch(`/v1/lessons/${lesson.body.id}`)
      .set(bearer(org.lead.token))
      .send({ title: 'Bewaak het portaal dagelijks', version: lesson.body.version })
      .expect(200);
    await t.http
      .patch(`/v1/actions/${action.id}`)
      .set(bearer(org.lead.token))
      .send({ description: 'Portaal herstarten en monitoren', version: action.version })
      .expect(200);

    const titles: Record<string, string> = {};
    for (const [name, placed] of Object.entries(items)) titles[name] = (await item(placed.id)).title;
    expect(titles).toEqual({
      planned: 'Storing in het toeslagenportaal',
      lesson: 'Les ter validatie: Bewaak het portaal dagelijks',
      review: 'Actie: Portaal herstarten en monitoren',
      byHand: 'Inlogproblemen (eigen woorden)',
      backlog: 'Inlogstoring DigiD (backlog) bij gemeenten',
      sent: 'Inlogstoring DigiD (sent)',
      held: 'Inlogstoring DigiD (held)',
    });
    const audit = await t.db.query(
      `SELECT actor_id, changes FROM audit_events WHERE entity_id = $1 AND action = 'update'`,
      [items.planned.id],
    );
    expect(audit.map((a: any) => [a.actor_id, a.changes.title])).toEqual([
      [org.lead.id, { from: 'Storing in het Toeslagen-portaal', to: 'Storing in het toeslagenportaal' }],
    ]);
  });

  it('counts only the overdue actions everyone invited may see', async () => {
    t.clock.set('2026-03-10T09:00:00Z');
    const sessions = await t.http
      .get(`/v1/reflection-series/${seriesId}/sessions?pageSize=1&from=2026-03-15T00:00:00Z`)
      .set(bearer(org.lead.token))
      .expect(200);
    const next = sessions.body.items[0].id;
    const overdueOn = async (incident: { id: string }) =>
      t.http
        .post('/v1/actions')
        .set(bearer(org.member.token))
        .send({
          sourceType: 'incident',
          sourceId: incident.id,
          description: 'Brief herzien',
          assigneeId: org.member.id,
          dueDate: '2026-03-05',
        })
        .expect(201);
    const open = await reportIncident('Brief met verkeerde termijn');
    const secret = await reportIncident('Brief aan Bakker kwijt', { confidentiality: 'confidential' });
    const [{ before }] = await t.db.query(
      `SELECT count(*)::int AS before FROM actions
       WHERE organisation_id = $1 AND status = 'open' AND due_date < '2026-03-10' AND NOT source_confidential`,
      [org.organisationId],
    );
    await overdueOn(open);
    await overdueOn(secret);
    const agenda = await t.http
      .post(`/v1/reflection-sessions/${next}/agenda`)
      .set(bearer(org.lead.token))
      .expect(200);
    const titles = agenda.body.items.map((i: any) => i.title);
    expect(titles).toContain(`Verlopen acties bespreken (${before + 1})`);
  });

  it('counts the overdue actions of confidential incidents too when everyone invited is a lead or admin', async () => {
    t.clock.set('2026-03-10T09:00:00Z');
    const first = await firstSessionOf({
      title: 'Directieoverleg',
      kind: 'leadership',
      chairId: org.lead.id,
      participantIds: [org.admin.id],
      rrule: 'FREQ=WEEKLY;BYDAY=TH',
      firstStart: '2026-03-12T14:00:00+01:00',
      durationMinutes: 60,
    });
    const [{ all }] = await t.db.query(
      `SELECT count(*)::int AS all FROM actions WHERE organisation_id = $1 AND status = 'open' AND due_date < '2026-03-10'`,
      [org.organisationId],
    );
    const [{ confidential }] = await t.db.query(
      `SELECT count(*)::int AS confidential FROM actions
       WHERE organisation_id = $1 AND status = 'open' AND due_date < '2026-03-10' AND source_confidential`,
      [org.organisationId],
    );
    expect(confidential).toBeGreaterThan(0);
    const agenda = await t.http
      .post(`/v1/reflection-sessions/${first.id}/agenda`)
      .set(bearer(org.lead.token))
      .expect(200);
    expect(agenda.body.items.map((i: { title: string }) => i.title)).toContain(
      `Verlopen acties bespreken (${all})`,
    );
  });

  it('counts by the Dutch date, as the actions list does, whatever zone the series meets in', async () => {
    // 05:00 on 10 March in Amsterdam is still 9 March in Honolulu; an action due on the 9th is overdue.
    t.clock.set('2026-03-10T04:00:00Z');
    const incident = await reportIncident('Termijn in Honolulu');
    await t.http
      .post('/v1/actions')
      .set(bearer(org.member.token))
      .send({
        sourceType: 'incident',
        sourceId: incident.id,
        description: 'Gisteren af',
        assigneeId: org.member.id,
        dueDate: '2026-03-09',
      })
      .expect(201);
    const listed = await t.http
      .get('/v1/actions?overdue=true&pageSize=1')
      .set(bearer(org.lead.token))
      .expect(200);
    const first = await firstSessionOf({
      title: 'Overleg op afstand',
      kind: 'leadership',
      chairId: org.lead.id,
      participantIds: [org.admin.id],
      rrule: 'FREQ=WEEKLY;BYDAY=TH',
      firstStart: '2026-03-12T09:00:00-10:00',
      timeZone: 'Pacific/Honolulu',
      durationMinutes: 60,
    });
    const agenda = await t.http
      .post(`/v1/reflection-sessions/${first.id}/agenda`)
      .set(bearer(org.lead.token))
      .expect(200);
    expect(agenda.body.items.map((i: { title: string }) => i.title)).toContain(
      `Verlopen acties bespreken (${listed.body.total})`,
    );
  });

  it('drops the items of a deleted incident, also from the backlog, and keeps those discussed', async () => {
    t.clock.set('2026-03-01T09:00:00Z');
    const incident = await reportIncident('Verkeerd ingevoerd signaal');
    const onSession = await onAgenda('incident', incident.id);
    // A second pick of a subject that waits already is refused (409); one from before that rule
    // may wait in the backlog too.
    await t.http
      .post('/v1/agenda-items')
      .set(bearer(org.lead.token))
      .send({ seriesId, kind: 'incident', referenceId: incident.id })
      .expect(409);
    const [inBacklog] = await t.db.query(
      `INSERT INTO agenda_items (organisation_id, series_id, kind, reference_id, title, timebox_minutes, status)
       VALUES ($1, $2, 'incident', $3, 'Verkeerd ingevoerd signaal', 10, 'proposed') RETURNING id`,
      [org.organisationId, seriesId, incident.id],
    );
    // The same incident, discussed in a session held earlier: that record stays.
    const [discussed] = await t.db.query(
      `INSERT INTO agenda_items (organisation_id, series_id, kind, reference_id, title, timebox_minutes, status)
       VALUES ($1, $2, 'incident', $3, 'Verkeerd ingevoerd signaal', 10, 'discussed') RETURNING id`,
      [org.organisationId, seriesId, incident.id],
    );
    await t.http.delete(`/v1/incidents/${incident.id}`).set(bearer(org.lead.token)).expect(204);

    for (const gone of [onSession, inBacklog])
      await t.http.get(`/v1/agenda-items/${gone.id}`).set(bearer(org.lead.token)).expect(404);
    expect(await agendaTitles()).not.toContain('Verkeerd ingevoerd signaal');
    expect((await item(discussed.id)).title).toBe('Verkeerd ingevoerd signaal');
    const audit = await t.db.query(
      `SELECT entity_id, actor_id, changes FROM audit_events
       WHERE entity_type = 'agenda-item' AND action = 'delete' AND entity_id = ANY($1)`,
      [[onSession.id, inBacklog.id]],
    );
    expect(audit).toHaveLength(2);
    expect(
      audit.every((a: any) => a.actor_id === org.lead.id && a.changes.referenceId.from === incident.id),
    ).toBe(true);
    const sessionEvent = audit.find((a: any) => a.entity_id === onSession.id);
    expect(sessionEvent.changes.sessionId).toEqual({ from: sessionId, to: null });
    expect(audit.find((a: any) => a.entity_id === inBacklog.id).changes.sessionId).toBeUndefined();
  });

  it('hides an action given a confidential source, however its source is changed', async () => {
    const open = await reportIncident('Brief met verkeerd bedrag');
    const secret = await reportIncident('Brief aan familie Smit', { confidentiality: 'confidential' });
    const action = await followUp(open.id, 'Bedrag herstellen');
    const review = await onAgenda('action-review', action.id);
    expect(review.title).toBe('Actie: Bedrag herstellen');
    await t.db.query(`UPDATE actions SET source_id = $2 WHERE id = $1`, [action.id, secret.id]);
    expect((await item(review.id)).title).toBe('Actie uit een vertrouwelijk incident');
  });

  it('renames an item while its incident is made confidential, without a deadlock', async () => {
    const incident = await reportIncident('Dossier Vermeulen zoek');
    const placed = await onAgenda('incident', incident.id);
    const writer = new Client({ connectionString: t.db.url });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE`, [incident.id]);
      // The rename waits for the incident before it takes the item ...
      const renamed = t.http
        .patch(`/v1/agenda-items/${placed.id}`)
        .set(bearer(org.lead.token))
        .send({ title: 'Dossier zoek', version: placed.version });
      expect(await stillWaiting(renamed)).toBe(true);
      // ... so the incident's change can take the item: before, the two waited for each other.
      await writer.query(`UPDATE incidents SET confidentiality = 'confidential' WHERE id = $1`, [
        incident.id,
      ]);
      await writer.query('COMMIT');
      const answer = await renamed;
      // A stale version (the incident's change retitled the item), not a deadlock.
      expect([answer.status, answer.body.currentVersion]).toEqual([409, placed.version + 1]);
      const retried = await t.http
        .patch(`/v1/agenda-items/${placed.id}`)
        .set(bearer(org.lead.token))
        .send({ title: 'Dossier zoek', version: placed.version + 1 })
        .expect(200);
      expect(retried.body.title).toBe('Vertrouwelijk incident (high)');
    } finally {
      await writer.end();
    }
  });

  it('refuses an item about a best practice deleted while it was being placed, leaving none behind', async () => {
    const practice = await t.http
      .post('/v1/best-practices')
      .set(bearer(org.member.token))
      .send({
        title: 'Wekelijkse ketentafel',
        context: 'Ketenpartners',
        practice: 'Elke week',
        evidence: 'Minder fouten',
      })
      .expect(201);
    // Someone deletes it (the delete has run, its trigger found no items) and has not committed yet.
    const deleter = new Client({ connectionString: t.db.url });
    await deleter.connect();
    try {
      await deleter.query('BEGIN');
      await deleter.query('DELETE FROM best_practices WHERE id = $1', [practice.body.id]);
      const placing = t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ sessionId, kind: 'best-practice', referenceId: practice.body.id })
        .then((r) => r);
      expect(await stillWaiting(placing, 300)).toBe(true);
      await deleter.query('COMMIT');
      const refused = await placing;
      expect([refused.status, refused.body.invalidParams?.[0]?.name]).toEqual([422, 'referenceId']);
    } finally {
      await deleter.end();
    }
    expect(
      await t.db.query(`SELECT id FROM agenda_items WHERE reference_id = $1`, [practice.body.id]),
    ).toEqual([]);
  });

  it('tells a member no before it tells of a stale version', async () => {
    const placed = (
      await t.http
        .post('/v1/agenda-items')
        .set(bearer(org.lead.token))
        .send({ seriesId, kind: 'custom', title: 'Rondvraag' })
        .expect(201)
    ).body;
    await t.http
      .patch(`/v1/agenda-items/${placed.id}`)
      .set(bearer(org.member.token))
      .send({ title: 'Rondvraag en sluiting', version: placed.version + 5 })
      .expect(403);
  });

  it('removes the items of a truncated register', async () => {
    const practice = await t.http
      .post('/v1/best-practices')
      .set(bearer(org.member.token))
      .send({
        title: 'Vaste belronde',
        context: 'Klantcontact',
        practice: 'Elke week bellen',
        evidence: 'Minder klachten',
      })
      .expect(201);
    const placed = await onAgenda('best-practice', practice.body.id);
    await t.db.query(`TRUNCATE best_practices CASCADE`);
    await t.http.get(`/v1/agenda-items/${placed.id}`).set(bearer(org.lead.token)).expect(404);
  });

  it('brings a carried review of overdue actions up to the count of today, and drops it when none are', async () => {
    // Last in this file: it settles every action. A series of its own, with nothing compiled yet.
    t.clock.set('2026-03-10T09:00:00Z');
    const next = await firstSessionOf({
      title: 'Actiereflectie',
      kind: 'chain',
      chainId,
      chairId: org.lead.id,
      rrule: 'FREQ=WEEKLY;BYDAY=WE',
      firstStart: '2026-03-11T10:00:00+01:00',
      durationMinutes: 120,
    });
    const late = await reportIncident('Brief te laat verstuurd');
    await t.http
      .post('/v1/actions')
      .set(bearer(org.member.token))
      .send({
        sourceType: 'incident',
        sourceId: late.id,
        description: 'Nabellen',
        assigneeId: org.member.id,
        dueDate: '2026-03-05',
      })
      .expect(201);
    // As a postponed session's agenda left it in the backlog, compiled with the count of its day.
    const [carried] = await t.db.query(
      `INSERT INTO agenda_items (organisation_id, series_id, kind, title, timebox_minutes, status, learning, origin, carry_over_count)
       VALUES ($1, $2, 'action-review', 'Verlopen acties bespreken (7)', 10, 'carried-over', false, 'compiled', 1)
       RETURNING id`,
      [org.organisationId, next.seriesId],
    );
    const reviews = async () =>
      (
        await t.http.post(`/v1/reflection-sessions/${next.id}/agenda`).set(bearer(org.lead.token)).expect(200)
      ).body.items.filter((i: { title: string }) => i.title.startsWith('Verlopen acties'));
    const [{ overdue }] = await t.db.query(
      `SELECT count(*)::int AS overdue FROM actions
       WHERE chain_id = $1 AND status = 'open' AND due_date < '2026-03-10' AND NOT source_confidential`,
      [chainId],
    );
    expect([overdue > 0, overdue === 7]).toEqual([true, false]);
    expect((await reviews()).map((i: { id: string; title: string }) => [i.id, i.title])).toEqual([
      [carried.id, `Verlopen acties bespreken (${overdue})`],
    ]);
    // None overdue any more (and its agenda not sent): it goes.
    await t.db.query(
      `UPDATE reflection_sessions SET status = 'planned', agenda_sent_at = NULL WHERE id = $1`,
      [next.id],
    );
    await t.db.query(
      `UPDATE actions SET status = 'done', completed_at = now() WHERE organisation_id = $1 AND status = 'open'`,
      [org.organisationId],
    );
    expect(await reviews()).toEqual([]);
    expect(await t.db.query(`SELECT id FROM agenda_items WHERE id = $1`, [carried.id])).toEqual([]);
  });
});
