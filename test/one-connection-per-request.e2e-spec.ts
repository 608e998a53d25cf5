import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { incidentLessonBody } from './support/incident-lesson-body';
import { createChainWithTriangle } from './support/reflection-fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { FAR_AHEAD_DUE_DATE } from './support/far-ahead-due-date';

/**
 * Every request works with one database connection. A service that read on a second connection
 * from the pool while its transaction held the first passed every test, yet ten such edits at once
 * took the whole pool and all ten waited for each other until the pool's timeout (503; an agenda
 * item's PATCH and DELETE did). On a pool of one connection such a request cannot finish, so here
 * each write of every register runs on a pool of one, one after the other.
 */
describe('one database connection per request', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp({ env: { DATABASE_POOL_SIZE: '1' } });
    t.clock.set('2026-11-30T09:00:00Z');
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  it('answers each write of the register, reflection and delivery on a pool of one', async () => {
    const lead = bearer(org.lead.token);
    const member = bearer(org.member.token);
    const admin = bearer(org.admin.token);
    const owner = await createPerson(t.http, org.admin.token, { name: 'Els Eigenaar', accessRole: 'lead' });
    const chainId = await createChainWithTriangle(t.http, org.admin.token, {
      owner: owner.id,
      commissioner: org.lead.id,
      contractor: org.member.id,
    });
    const team = (await t.http.post('/v1/teams').set(admin).send({ name: 'Uitvoering' }).expect(201)).body;
    await t.http
      .patch(`/v1/teams/${team.id}`)
      .set(admin)
      .send({ version: 1, name: 'Uitvoering Noord' })
      .expect(200);

    const incident = (await t.http.post('/v1/incidents').set(member).send(incidentBody(chainId)).expect(201))
      .body;
    await t.http
      .patch(`/v1/incidents/${incident.id}`)
      .set(member)
      .send({ version: 1, status: 'analysing' })
      .expect(200);
    const lesson = (
      await t.http.post('/v1/lessons').set(member).send(incidentLessonBody(incident.id)).expect(201)
    ).body;
    await t.http
      .patch(`/v1/lessons/${lesson.id}`)
      .set(lead)
      .send({ version: 1, status: 'validated', response: 'adopted', responseReason: 'Past in de aanpak.' })
      .expect(200);
    await t.http
      .patch(`/v1/lessons/${lesson.id}`)
      .set(lead)
      .send({ version: 2, status: 'embedded', evidence: 'Opgenomen in het testplan.' })
      .expect(200);
    await t.http
      .post(`/v1/lessons/${lesson.id}/rechecks`)
      .set(lead)
      .send({ outcome: 'effective' })
      .expect(201);
    const action = (
      await t.http
        .post('/v1/actions')
        .set(member)
        .send({
          sourceType: 'lesson',
          sourceId: lesson.id,
          description: 'Testplan aanpassen',
          assigneeId: org.member.id,
          dueDate: FAR_AHEAD_DUE_DATE,
        })
        .expect(201)
    ).body;
    await t.http
      .patch(`/v1/actions/${action.id}`)
      .set(member)
      .send({ version: 1, status: 'done' })
      .expect(200);
    const practice = (
      await t.http
        .post('/v1/best-practices')
        .set(member)
        .send({
          title: 'Vaste storingsoefening',
          practice: 'Elk kwartaal oefenen.',
          evidence: 'Minder uitval.',
        })
        .expect(201)
    ).body;
    await t.http
      .patch(`/v1/best-practices/${practice.id}`)
      .set(lead)
      .send({ version: 1, status: 'endorsed' })
      .expect(200);
    await t.http
      .post(`/v1/best-practices/${practice.id}/adoptions`)
      .set(member)
      .send({ teamId: team.id, adoptedAt: '2026-11-30T09:00:00Z' })
      .expect(201);
    const theme = (
      await t.http
        .post('/v1/themes')
        .set(lead)
        .send({ title: 'Vertrouwen', ownerId: org.lead.id })
        .expect(201)
    ).body;
    await t.http.patch(`/v1/themes/${theme.id}`).set(lead).send({ version: 1, active: false }).expect(200);

    const series = (
      await t.http
        .post('/v1/reflection-series')
        .set(lead)
        .send({
          title: 'Ketenreflectie',
          kind: 'chain',
          chainId,
          chairId: org.lead.id,
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
          firstStart: '2026-12-07T10:00:00+01:00',
          durationMinutes: 60,
        })
        .expect(201)
    ).body;
    await t.http
      .patch(`/v1/reflection-series/${series.id}`)
      .set(lead)
      .send({ version: 1, title: 'Ketenoverleg' })
      .expect(200);
    const [first, second] = (
      await t.http.get(`/v1/reflection-series/${series.id}/sessions?pageSize=2`).set(lead).expect(200)
    ).body.items;
    const item = (
      await t.http
        .post('/v1/agenda-items')
        .set(lead)
        .send({ sessionId: first.id, kind: 'custom', title: 'Terugblik', timeboxMinutes: 10 })
        .expect(201)
    ).body;
    await t.http
      .patch(`/v1/agenda-items/${item.id}`)
      .set(lead)
      .send({ version: 1, timeboxMinutes: 15 })
      .expect(200);
    await t.http.delete(`/v1/agenda-items/${item.id}`).set(lead).expect(204);
    await t.http
      .patch(`/v1/reflection-sessions/${first.id}`)
      .set(lead)
      .send({
        version: first.version,
        status: 'postponed',
        postponedTo: '2026-12-09T10:00:00+01:00',
        reason: 'Crisis',
      })
      .expect(200);
    await t.http
      .patch(`/v1/reflection-sessions/${second.id}`)
      .set(lead)
      .send({ version: second.version, status: 'cancelled', reason: 'Crisis' })
      .expect(200);

    const hook = (
      await t.http
        .post('/v1/webhook-subscriptions')
        .set(lead)
        .send({ url: 'https://hooks.example.nl/leerlus', events: ['agenda.published'] })
        .expect(201)
    ).body;
    await t.http
      .patch(`/v1/webhook-subscriptions/${hook.id}`)
      .set(lead)
      .send({ version: 1, active: false })
      .expect(200);
    await t.http.delete(`/v1/webhook-subscriptions/${hook.id}`).set(lead).expect(204);
    await t.http.post(`/v1/people/${org.member.id}/calendar-feed-rotation`).set(admin).expect(200);
    const leaving = await createPerson(t.http, org.admin.token, {
      name: 'Vera Vertrek',
      accessRole: 'member',
    });
    await t.http.patch(`/v1/people/${leaving.id}`).set(admin).send({ version: 1, active: false }).expect(200);
    await t.http.patch(`/v1/people/${leaving.id}`).set(admin).send({ version: 2, active: true }).expect(200);
    await t.http.delete(`/v1/incidents/${incident.id}`).set(lead).expect(409);
  }, 120_000);
});
