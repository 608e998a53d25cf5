import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { startTestApp, TestApp } from './support/test-app';

/**
 * `q`: every word must match, in any of its forms. A hyphenated word ("DigiD-storing",
 * "zorg-toeslag") is searched by its parts: Dutch writes such compounds with and without a hyphen,
 * and the hyphenated spelling alone found only texts hyphenated the same way.
 */
describe('incident search with a hyphenated word', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-15T10:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken);
    chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Toeslagen' })).body
      .id;
    for (const title of ['Storing bij DigiD', 'DigiD-storing bij inloggen', 'Zorg toeslag vertraagd']) {
      const created = await t.http
        .post('/v1/incidents')
        .set(bearer(org.member.token))
        .send({ ...incidentBody(chainId), title, description: '' })
        .expect(201);
      ids[title] = created.body.id;
    }
  });
  afterAll(() => t.close());

  const found = async (q: string) =>
    (await t.http.get('/v1/incidents').query({ q }).set(bearer(org.member.token)).expect(200)).body.items
      .map((i: { title: string }) => i.title)
      .sort();

  it('finds "Storing bij DigiD" with "DigiD-storing", as "digid storing" does', async () => {
    expect(await found('digid storing')).toEqual(['DigiD-storing bij inloggen', 'Storing bij DigiD']);
    expect(await found('DigiD-storing')).toEqual(['DigiD-storing bij inloggen', 'Storing bij DigiD']);
  });

  it('finds "Zorg toeslag vertraagd" with "zorg-toeslag"', async () => {
    expect(await found('zorg-toeslag')).toEqual(['Zorg toeslag vertraagd']);
  });
});
