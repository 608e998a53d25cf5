import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A PATCH is answered in the order: not found (404), not allowed (403), stale version (409). A
 * caller who may not make a change learns nothing from a stale version, and a retry with the
 * right one would still be refused.
 */
describe('who may change it comes before the version', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  const post = async (token: string, path: string, body: object): Promise<{ id: string }> =>
    (await t.http.post(path).set(bearer(token)).send(body).expect(201)).body;
  const patch = (token: string, path: string, body: object) =>
    t.http.patch(path).set(bearer(token)).send(body);

  /** A stale version (the resource is at version 2) from someone not allowed, then someone allowed. */
  async function expectRoleBeforeVersion(
    path: string,
    change: object,
    allowed: string,
    refused: string,
  ): Promise<void> {
    await patch(allowed, path, { ...change, version: 1 }).expect(200);
    const before = (await t.http.get(path).set(bearer(allowed)).expect(200)).body;
    const denied = await patch(refused, path, { ...change, version: 1 }).expect(403);
    expect(denied.headers['content-type']).toMatch(/application\/problem\+json/);
    const stale = await patch(allowed, path, { ...change, version: 1 }).expect(409);
    expect(stale.body.currentVersion).toBe(2);
    expect((await t.http.get(path).set(bearer(allowed)).expect(200)).body).toEqual(before);
  }

  it('for teams and chains (admins)', async () => {
    const team = await post(org.admin.token, '/v1/teams', { name: 'Toeslagen' });
    await expectRoleBeforeVersion(
      `/v1/teams/${team.id}`,
      { description: 'Team' },
      org.admin.token,
      org.lead.token,
    );
    const chain = await post(org.admin.token, '/v1/chains', { name: 'Kinderopvang' });
    await expectRoleBeforeVersion(
      `/v1/chains/${chain.id}`,
      { description: 'Keten' },
      org.admin.token,
      org.lead.token,
    );
  });

  it('for people (admins)', async () => {
    await expectRoleBeforeVersion(
      `/v1/people/${org.member.id}`,
      { name: 'Mo Medewerker-de Vries' },
      org.admin.token,
      org.member.token,
    );
  });

  it('for themes and webhook subscriptions (leads)', async () => {
    const theme = await post(org.lead.token, '/v1/themes', { title: 'Vakmanschap', ownerId: org.lead.id });
    await expectRoleBeforeVersion(
      `/v1/themes/${theme.id}`,
      { description: 'Lange termijn' },
      org.lead.token,
      org.member.token,
    );
    const hook = await post(org.lead.token, '/v1/webhook-subscriptions', {
      url: 'https://hooks.example.nl/leerlus',
      events: ['agenda.published'],
    });
    await expectRoleBeforeVersion(
      `/v1/webhook-subscriptions/${hook.id}`,
      { description: 'Intranet' },
      org.lead.token,
      org.member.token,
    );
  });

  it('for reflection series and their sessions (leads)', async () => {
    const series = await post(org.lead.token, '/v1/reflection-series', {
      title: 'Reflectie',
      kind: 'team',
      chairId: org.lead.id,
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      firstStart: '2027-03-01T10:00:00+01:00',
      durationMinutes: 90,
    });
    await expectRoleBeforeVersion(
      `/v1/reflection-series/${series.id}`,
      { title: 'Reflectie op de uitvoering' },
      org.lead.token,
      org.member.token,
    );
    const sessions = await t.http
      .get(`/v1/reflection-series/${series.id}/sessions?pageSize=1`)
      .set(bearer(org.lead.token))
      .expect(200);
    const session = sessions.body.items[0];
    await expectRoleBeforeVersion(
      `/v1/reflection-sessions/${session.id}`,
      { status: 'cancelled', reason: 'Valt samen met de begroting' },
      org.lead.token,
      org.member.token,
    );
  });

  it('for a lesson past draft (leads), and for validating a draft', async () => {
    const chain = await post(org.admin.token, '/v1/chains', { name: 'Huurtoeslag' });
    const incident = await post(org.member.token, '/v1/incidents', incidentBody(chain.id));
    const lesson = await post(org.member.token, '/v1/lessons', {
      sourceType: 'incident',
      sourceId: incident.id,
      title: 'Test de betaalbatch na elke wijziging',
      observation: 'De betaling kwam twee weken te laat.',
      insight: 'Een wijziging in de batch werd niet end-to-end getest.',
      recommendation: 'Test elke wijziging in de betaalketen integraal.',
      addressedRole: 'contractor',
    });
    const path = `/v1/lessons/${lesson.id}`;
    await patch(org.member.token, path, { title: 'Test de batch na elke wijziging', version: 1 }).expect(200);
    const validate = { status: 'validated', response: 'adopted', responseReason: 'Eens' };
    await patch(org.member.token, path, { ...validate, version: 1 }).expect(403);
    await patch(org.lead.token, path, { ...validate, version: 1 }).expect(409);
    await patch(org.lead.token, path, { ...validate, version: 2 }).expect(200);
    await patch(org.member.token, path, { title: 'Anders', version: 1 }).expect(403);
    await patch(org.lead.token, path, { title: 'Anders', version: 1 }).expect(409);
  });
});
