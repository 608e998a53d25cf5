import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { incidentBody } from './support/incident-body';
import { startTestApp, TestApp } from './support/test-app';

/**
 * `q` with a diminutive finds the word it is made of (migration 1764970000000): the Dutch stemmer
 * leaves "briefje" as `briefj` and "briefjes" as it is, so neither reached "brief". Every base its
 * endings can be cut to is matched, whether or not any register holds it: what another
 * organisation writes must not change what a search finds.
 */
describe('incident search with a diminutive', () => {
  let t: TestApp;
  let org: OrgFixture;
  let chainId: string;
  const titles = [
    'Brief kwijtgeraakt',
    'Kluis stond open',
    'Zegel ontbreekt',
    'Bloem verwelkt bij de balie',
    'Plan van aanpak herzien',
    'Auto van de dienst beschadigd',
    'Toets mislukt',
    'Kaart verlopen',
    'Kar met dossiers omgevallen',
    'Ring van sleutels zoek',
    'Briefje op de balie',
    'Lamp op het dashboard genegeerd',
    'Betaalsysteem lag urenlang lam',
    'Staat van de uitvoering onvolledig',
    'Brand in het archief',
  ];

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-15T10:00:00+02:00');
    org = await createOrganisation(t.http, t.systemToken);
    chainId = (await t.http.post('/v1/chains').set(bearer(org.admin.token)).send({ name: 'Post' })).body.id;
    for (const title of titles)
      await t.http
        .post('/v1/incidents')
        .set(bearer(org.member.token))
        .send({ ...incidentBody(chainId), title, description: '' })
        .expect(201);
  });
  afterAll(() => t.close());

  const found = async (q: string) =>
    (await t.http.get('/v1/incidents').query({ q }).set(bearer(org.member.token)).expect(200)).body.items
      .map((i: { title: string }) => i.title)
      .sort();

  it.each([
    ['briefjes', ['Brief kwijtgeraakt', 'Briefje op de balie']],
    ['kluisjes', ['Kluis stond open']],
    ['zegeltje', ['Zegel ontbreekt']],
    ['bloempjes', ['Bloem verwelkt bij de balie']],
    ['plannetje', ['Plan van aanpak herzien']],
    ['autootje', ['Auto van de dienst beschadigd']],
    ['toetsje', ['Toets mislukt']],
    // kaart-je or kaar-tje: both are matched, and "kaar" is stemmed as "kar".
    ['kaartje', ['Kaart verlopen', 'Kar met dossiers omgevallen']],
    ['lampjes', ['Betaalsysteem lag urenlang lam', 'Lamp op het dashboard genegeerd']],
    ['staatje', ['Staat van de uitvoering onvolledig']],
    ['karretje', ['Kar met dossiers omgevallen']],
    ['ringetje', ['Ring van sleutels zoek']],
  ])('"%s" finds %j', async (q, expected) => {
    expect(await found(q)).toEqual(expected);
  });

  it('finds the same whatever another organisation writes, confidential or not', async () => {
    expect(await found('brandtje')).toEqual(['Brand in het archief']);
    const other = await createOrganisation(t.http, t.systemToken);
    const otherChainId = (
      await t.http.post('/v1/chains').set(bearer(other.admin.token)).send({ name: 'Integriteit' }).expect(201)
    ).body.id;
    await t.http
      .post('/v1/incidents')
      .set(bearer(other.member.token))
      .send({
        ...incidentBody(otherChainId),
        title: 'Melding over mevrouw Brandt',
        description: '',
        confidentiality: 'confidential',
      })
      .expect(201);
    expect(await found('brandtje')).toEqual(['Brand in het archief']);
  });

  it('still finds the diminutive itself, and a word with a diminutive ending nothing it is not made of', async () => {
    expect(await found('briefje')).toEqual(['Brief kwijtgeraakt', 'Briefje op de balie']);
    expect(await found('meisje')).toEqual([]);
    expect(await found('briefjes kwijt')).toEqual(['Brief kwijtgeraakt']);
  });
});
