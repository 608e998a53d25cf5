import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { incidentLessonBody } from './support/incident-lesson-body';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The recurrence flag promises: "Resembles an earlier incident with a validated or embedded lesson
 * that everyone who may see this one may see" (IncidentDto.recurrence). When the earlier, learned
 * incident it rests on is hidden afterwards (made confidential, moved), the later one is decided
 * again: it no longer says "seen before" to people who may not see the earlier one.
 */
describe('the recurrence flag after the earlier incident is hidden', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  let outsider: { id: string; token: string };

  const report = (token: string, title: string, description: string) =>
    t.http
      .post('/v1/incidents')
      .set(bearer(token))
      .send({
        chainId,
        title,
        description,
        occurredAt: '2026-05-01T09:00:00+02:00',
        severity: 'high',
        publicAttention: 'national',
        source: 'media',
      })
      .expect(201);

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-05-01T10:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken);
    chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' })).body
      .id;
    outsider = await createPerson(t.http, org.admin.token, { name: 'Otto Outsider', accessRole: 'member' });
  });
  afterAll(() => t.close());

  it('does not keep telling an outsider "seen before" once the learned incident is confidential', async () => {
    // X: internal, with a validated lesson.
    const x = await report(
      org.member.token,
      'Kinderopvangtoeslag te laat uitbetaald',
      'Duizenden ouders ontvingen de kinderopvangtoeslag twee weken te laat door een storing in de betaalbatch.',
    );
    const lesson = await t.http
      .post('/v1/lessons')
      .set(bearer(org.member.token))
      .send(incidentLessonBody(x.body.id))
      .expect(201);
    await t.http
      .patch(`/v1/lessons/${lesson.body.id}`)
      .set(bearer(org.lead.token))
      .send({ version: 1, status: 'validated', response: 'adopted', responseReason: 'Eens.' })
      .expect(200);

    // Y: reported later by the outsider, a retelling of X: flagged, and X is named.
    t.clock.set('2026-09-01T10:00:00+02:00');
    const y = await report(
      outsider.token,
      'Kinderopvangtoeslag alweer te laat uitbetaald',
      'Ouders ontvingen de kinderopvangtoeslag weer te laat door de betaalbatch.',
    );
    expect(y.body.recurrence).toBe(true);
    expect(y.body.similarIncidents.map((s: { id: string }) => s.id)).toEqual([x.body.id]);

    // X's reporter makes X confidential: the outsider may no longer see it.
    await t.http
      .patch(`/v1/incidents/${x.body.id}`)
      .set(bearer(org.member.token))
      .send({ confidentiality: 'confidential', version: x.body.version })
      .expect(200);
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
});
