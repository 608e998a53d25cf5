import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const PORTAL = 'https://leerlus.example.nl';

describe('CORS: browser pages of the configured origins only', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    // A default port written out is the origin browsers send without it.
    t = await startTestApp({ env: { CORS_ORIGINS: `${PORTAL}:443,http://localhost:5173` } });
    org = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  it('answers a preflight of a configured origin with what it may send, and the methods the path has', async () => {
    const preflight = await t.http
      .options('/v1/teams')
      .set('Origin', PORTAL)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET,HEAD,POST,PATCH,DELETE');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/If-None-Match/);
    // A page that changes what it read sends its ETag back in If-Match (412 when it changed since).
    expect(preflight.headers['access-control-allow-headers'].split(',')).toContain('If-Match');
    expect(preflight.headers['access-control-max-age']).toBe('600');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    expect(preflight.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
  });

  it('lets a configured origin read the answer and its Location, another origin not', async () => {
    const created = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .set('Origin', 'http://localhost:5173')
      .send({ name: 'Portaal' })
      .expect(201);
    expect(created.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(created.headers['access-control-expose-headers']).toMatch(/Location/);
    // The ETag a page may send back in If-None-Match (the preflight allows that header).
    expect(created.headers['access-control-expose-headers']).toMatch(/ETag/);
    expect(created.headers.vary).toMatch(/Origin/);
    const stranger = await t.http
      .get('/v1/teams')
      .set(bearer(org.admin.token))
      .set('Origin', 'https://evil.example.com')
      .expect(200);
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const plain = await startTestApp();
    try {
      const response = await plain.http.get('/v1/health').set('Origin', PORTAL).expect(200);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      await plain.http.options('/v1/teams').set('Origin', PORTAL).expect(204);
    } finally {
      await plain.close();
    }
  });
});
