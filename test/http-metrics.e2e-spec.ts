import { bearer } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * GET /metrics times every request by its route template, also those the auth guard refuses (401
 * without or with a wrong token, 429 once the address is blocked): a credential-stuffing wave or a
 * rate-limit block shows in leerlus_http_request_duration_seconds.
 */
describe('/metrics counts refused requests', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH_FAILURE_LIMIT: '2' } });
  });
  afterAll(() => t.close());

  const samples = async (status: string) => {
    const text = (await t.http.get('/metrics').expect(200)).text;
    return text
      .split('\n')
      .filter((line) => line.startsWith('leerlus_http_request_duration_seconds_count{'))
      .filter((line) => line.includes(`status="${status}"`));
  };

  it('counts a request that authenticated (control)', async () => {
    await t.http.get('/v1/organisations').set(bearer(t.systemToken)).expect(200);
    expect(await samples('200')).toEqual(
      expect.arrayContaining([expect.stringContaining('route="/v1/organisations"')]),
    );
  });

  it('counts requests refused with 401', async () => {
    await t.http.get('/v1/organisations').expect(401);
    await t.http
      .get('/v1/organisations')
      .set(bearer('x'.repeat(40)))
      .expect(401);
    expect(await samples('401')).not.toEqual([]);
  });

  it('counts requests refused with 429 by the auth failure limit', async () => {
    for (let i = 0; i < 4; i++) await t.http.get('/v1/organisations').set(bearer('y'.repeat(40)));
    await t.http
      .get('/v1/organisations')
      .set(bearer('z'.repeat(40)))
      .expect(429);
    expect(await samples('429')).not.toEqual([]);
  });
});
