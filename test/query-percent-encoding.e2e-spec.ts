import { bearer, createOrganisation, createPerson, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A query whose percent-encoding is not UTF-8 is refused, naming the parameter, as such a path is:
 * Express's parser made U+FFFD of it, and ?name=Ren%E9 (é as Latin-1) answered 200 with no one.
 */
describe('percent-encoding in the query', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t.http, t.systemToken);
    await createPerson(t.http, org.admin.token, { name: 'René Visser', accessRole: 'member' });
  });
  afterAll(() => t.close());

  it.each([
    ['/v1/teams?name=%FF', 'name'],
    ['/v1/people?name=Ren%E9', 'name'],
    ['/v1/incidents?q=%E9', 'q'],
    // A surrogate (CESU-8), a cut-off sequence, a lone % and one without two hex digits.
    ['/v1/people?name=%ED%A0%80', 'name'],
    ['/v1/people?name=%E0%A4%A', 'name'],
    ['/v1/people?name=100%', 'name'],
    ['/v1/people?pageSize=10&name=%zz', 'name'],
    // A name that does not decode is named as it was sent.
    ['/v1/people?na%E9me=x', 'na%E9me'],
  ])('refuses %s with 400 naming %s', async (path, name) => {
    const response = await t.http.get(path).set(bearer(org.admin.token));
    expect({ status: response.status, type: response.headers['content-type'] }).toEqual({
      status: 400,
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    expect(response.body).toEqual(
      expect.objectContaining({
        status: 400,
        type: expect.stringMatching(/validation-failed$/),
        invalidParams: [{ name, reason: 'must be percent-encoded UTF-8' }],
      }),
    );
  });

  it('names each parameter once, however often it is given', async () => {
    const response = await t.http
      .get('/v1/incidents?q=%E9&tag=a&q=%FF&severity=%C3')
      .set(bearer(org.admin.token))
      .expect(400);
    expect(response.body.invalidParams).toEqual([
      { name: 'q', reason: 'must be percent-encoded UTF-8' },
      { name: 'severity', reason: 'must be percent-encoded UTF-8' },
    ]);
  });

  it('reads UTF-8, and + as a space, as before', async () => {
    for (const query of ['name=Ren%C3%A9', 'name=Ren%C3%A9+Visser', 'name=ren%c3%a9%20visser'])
      expect(
        (await t.http.get(`/v1/people?${query}`).set(bearer(org.admin.token)).expect(200)).body.items.map(
          (person: { name: string }) => person.name,
        ),
      ).toEqual(['René Visser']);
  });
});
