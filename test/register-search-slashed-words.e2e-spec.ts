import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { incidentLessonBody } from './support/incident-lesson-body';
import { startTestApp, TestApp } from './support/test-app';

/**
 * PostgreSQL's parser reads words joined by a slash ("DigiD/eHerkenning", "WW/WIA", a case number
 * "2026/004711") as one token, and a soft hyphen (U+00AD, which editors put in long words) as a
 * space. The registers index the parts of a slashed word as well as the whole, and a word with a
 * soft hyphen as the word without it (migration 1764960000000).
 */
describe('register search of slashed words and words with a soft hyphen', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  const SOFT_HYPHEN = '\u00ad';

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-15T10:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken);
    chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Uitkeringen' }))
      .body.id;
    const titles = [
      'Inloggen met DigiD/eHerkenning mislukt',
      'Uitkering WW/WIA te laat',
      'Bezwaar in zaak 2026/004711 kwijt',
      `Zorg${SOFT_HYPHEN}toeslag vertraagd`,
      'Storing bij de eHerkenning-koppeling',
    ];
    for (const title of titles)
      await t.http
        .post('/v1/incidents')
        .set(bearer(org.member.token))
        .send({ ...incidentBody(chainId), title, description: 'Zie de melding en/of het dossier.' })
        .expect(201);
  });
  afterAll(() => t.close());

  const found = async (path: string, q: string) =>
    (await t.http.get(path).query({ q }).set(bearer(org.member.token)).expect(200)).body.items
      .map((i: { title: string }) => i.title)
      .sort();

  it('finds an incident by a part of a slashed word', async () => {
    expect(await found('/v1/incidents', 'WIA')).toEqual(['Uitkering WW/WIA te laat']);
    expect(await found('/v1/incidents', 'ww')).toEqual(['Uitkering WW/WIA te laat']);
    expect(await found('/v1/incidents', 'eHerkenning')).toEqual([
      'Inloggen met DigiD/eHerkenning mislukt',
      'Storing bij de eHerkenning-koppeling',
    ]);
    expect(await found('/v1/incidents', '004711')).toEqual(['Bezwaar in zaak 2026/004711 kwijt']);
  });

  it('still finds the slashed word spelled the same way', async () => {
    expect(await found('/v1/incidents', 'DigiD/eHerkenning')).toEqual([
      'Inloggen met DigiD/eHerkenning mislukt',
    ]);
    expect(await found('/v1/incidents', '2026/004711')).toEqual(['Bezwaar in zaak 2026/004711 kwijt']);
  });

  it('reads a word with a soft hyphen as the word, in the register and in the search', async () => {
    expect(await found('/v1/incidents', 'zorgtoeslag')).toEqual([`Zorg${SOFT_HYPHEN}toeslag vertraagd`]);
    expect(await found('/v1/incidents', `zorg${SOFT_HYPHEN}toeslag`)).toEqual([
      `Zorg${SOFT_HYPHEN}toeslag vertraagd`,
    ]);
  });

  it('indexes the text of a change as well', async () => {
    const [incident] = (
      await t.http.get('/v1/incidents').query({ q: 'WIA' }).set(bearer(org.member.token)).expect(200)
    ).body.items;
    await t.http
      .patch(`/v1/incidents/${incident.id}`)
      .set(bearer(org.lead.token))
      .send({ version: incident.version, title: 'Uitkering WW/Wajong te laat' })
      .expect(200);
    expect(await found('/v1/incidents', 'WIA')).toEqual([]);
    expect(await found('/v1/incidents', 'Wajong')).toEqual(['Uitkering WW/Wajong te laat']);
  });

  it('finds lessons and best practices by the parts of a slashed word too', async () => {
    const [incident] = (
      await t.http.get('/v1/incidents').query({ q: '004711' }).set(bearer(org.member.token)).expect(200)
    ).body.items;
    await t.http
      .post('/v1/lessons')
      .set(bearer(org.member.token))
      .send({
        ...incidentLessonBody(incident.id),
        title: 'Registreer bezwaren direct',
        insight: 'Post voor Bezwaar/Beroep kwam op de verkeerde stapel.',
      })
      .expect(201);
    await t.http
      .post('/v1/best-practices')
      .set(bearer(org.member.token))
      .send({ title: 'Vaste contactpersoon', context: 'Voor klanten van UWV/SVB samen.', chainId })
      .expect(201);
    expect(await found('/v1/lessons', 'beroep')).toEqual(['Registreer bezwaren direct']);
    expect(await found('/v1/best-practices', 'SVB')).toEqual(['Vaste contactpersoon']);
  });
});
