import { loadConfig } from '@app/config';
import { SystemAdminService } from '@app/domain/governance/system-admin.service';
import { REDIS_CLIENT } from '@app/queue';
import Redis from 'ioredis';
import { bearer, createOrganisation, OrgFixture } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('authentication and access', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH_FAILURE_LIMIT: '5' } });
    org = await createOrganisation(t.http, t.systemToken);
    other = await createOrganisation(t.http, t.systemToken);
  });
  afterAll(() => t.close());

  it('needs a token (401 problem with WWW-Authenticate)', async () => {
    const response = await t.http.get('/v1/teams').expect(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });

  it('refuses an unknown token', async () => {
    await t.http.get('/v1/teams').set(bearer('llt_thisisnotarealtokenatallreally')).expect(401);
  });

  it('starts only with a BOOTSTRAP_ADMIN_TOKEN it takes as a bearer token', async () => {
    // A passphrase with other characters, and more than 200 characters (openssl rand -hex 128).
    for (const refused of ['Leerlus!Beheer#2026$sterk:wachtwoord@start', 'a1b2c3d4'.repeat(32)])
      expect(() => loadConfig({ BOOTSTRAP_ADMIN_TOKEN: refused })).toThrow(/BOOTSTRAP_ADMIN_TOKEN must be/);
    // Every character the configuration takes, 200 of them and padding: the system administrator is let in.
    const longest = loadConfig({ BOOTSTRAP_ADMIN_TOKEN: `${'a1B2-._~+/'.repeat(20)}==` })
      .BOOTSTRAP_ADMIN_TOKEN as string;
    await t.app.get(SystemAdminService).ensure(longest, 'longest');
    await t.http.get('/v1/organisations').set(bearer(longest)).expect(200);
  });

  it('stores only a hash of the token and records its last use', async () => {
    const rows = await t.db.query('SELECT token_hash, last_used_at FROM api_tokens WHERE person_id = $1', [
      org.member.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(org.member.token);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    await t.http.get('/v1/teams').set(bearer(org.member.token)).expect(200);
    const list = await t.http
      .get(`/v1/people/${org.member.id}/tokens`)
      .set(bearer(org.member.token))
      .expect(200);
    expect(list.body.items[0].lastUsedAt).not.toBeNull();
    expect(list.body.items[0]).not.toHaveProperty('token');
    expect(list.body.items[0]).not.toHaveProperty('tokenHash');
  });

  it('stops a revoked token at once', async () => {
    const created = await t.http
      .post(`/v1/people/${org.lead.id}/tokens`)
      .set(bearer(org.admin.token))
      .send({ name: 'to revoke' })
      .expect(201);
    await t.http.get('/v1/teams').set(bearer(created.body.token)).expect(200);
    await t.http
      .delete(`/v1/people/${org.lead.id}/tokens/${created.body.id}`)
      .set(bearer(org.admin.token))
      .expect(204);
    await t.http.get('/v1/teams').set(bearer(created.body.token)).expect(401);
  });

  it('stops an expired token', async () => {
    const expiresAt = new Date(t.clock.now().getTime() + 60_000).toISOString();
    const created = await t.http
      .post(`/v1/people/${org.member.id}/tokens`)
      .set(bearer(org.member.token))
      .send({ name: 'short-lived', expiresAt })
      .expect(201);
    await t.http.get('/v1/teams').set(bearer(created.body.token)).expect(200);
    t.clock.advance(61_000);
    await t.http.get('/v1/teams').set(bearer(created.body.token)).expect(401);
  });

  it('refuses an expiry in the past', async () => {
    const response = await t.http
      .post(`/v1/people/${org.member.id}/tokens`)
      .set(bearer(org.member.token))
      .send({ name: 'late', expiresAt: '2000-01-01T00:00:00Z' })
      .expect(400);
    expect(response.body.invalidParams[0].name).toBe('expiresAt');
  });

  it('gives 403 when the role does not allow the action', async () => {
    const response = await t.http
      .post('/v1/teams')
      .set(bearer(org.member.token))
      .send({ name: 'Nope' })
      .expect(403);
    expect(response.body.detail).toContain('admin');
    await t.http
      .post('/v1/organisations')
      .set(bearer(org.admin.token))
      .send({ name: 'X', kind: 'overig' })
      .expect(403);
    await t.http.get(`/v1/people/${org.admin.id}/tokens`).set(bearer(org.member.token)).expect(403);
  });

  it("gives 404 for another organisation's resources, whatever the role", async () => {
    const team = await t.http
      .post('/v1/teams')
      .set(bearer(other.admin.token))
      .send({ name: 'Geheim' })
      .expect(201);
    await t.http.get(`/v1/teams/${team.body.id}`).set(bearer(org.admin.token)).expect(404);
    await t.http
      .patch(`/v1/teams/${team.body.id}`)
      .set(bearer(org.admin.token))
      .send({ name: 'Overgenomen', version: 1 })
      .expect(404);
    await t.http.delete(`/v1/teams/${team.body.id}`).set(bearer(org.member.token)).expect(404);
    await t.http.get(`/v1/organisations/${other.organisationId}`).set(bearer(org.admin.token)).expect(404);
    await t.http.get(`/v1/people/${other.member.id}/tokens`).set(bearer(org.admin.token)).expect(404);
    const list = await t.http
      .get(`/v1/teams?organisationId=${other.organisationId}`)
      .set(bearer(org.admin.token))
      .expect(200);
    expect(list.body.total).toBe(0);
    expect((await t.db.query('SELECT name FROM teams WHERE id = $1', [team.body.id]))[0].name).toBe('Geheim');
  });

  it("refuses to put a person into another organisation's team (422)", async () => {
    const team = await t.http
      .post('/v1/teams')
      .set(bearer(other.admin.token))
      .send({ name: 'Ander team' })
      .expect(201);
    const response = await t.http
      .post('/v1/people')
      .set(bearer(org.admin.token))
      .send({ name: 'Nieuw', email: 'nieuw@example.nl', accessRole: 'member', teamIds: [team.body.id] })
      .expect(422);
    expect(response.body.invalidParams[0].name).toBe('teamIds');
    expect(await t.db.query("SELECT id FROM people WHERE email = 'nieuw@example.nl'")).toEqual([]);
  });

  it("refuses to put the system administrator (no organisation) into an organisation's team (422)", async () => {
    const team = await t.http
      .post('/v1/teams')
      .set(bearer(org.admin.token))
      .send({ name: 'Directie' })
      .expect(201);
    const [{ id, version }] = await t.db.query(`SELECT id, version FROM people WHERE system_admin`);
    const response = await t.http
      .patch(`/v1/people/${id}`)
      .set(bearer(t.systemToken))
      .send({ teamIds: [team.body.id], version })
      .expect(422);
    expect(response.body.invalidParams[0].name).toBe('teamIds');
    expect(await t.db.query('SELECT team_id FROM person_teams WHERE person_id = $1', [id])).toEqual([]);
  });

  it('rate-limits failed authentication per client address', async () => {
    const limited = await startTestApp({ env: { AUTH_FAILURE_LIMIT: '3' } });
    try {
      // A colleague at the same address worked before the guessing began.
      const colleague = await createOrganisation(limited.http, limited.systemToken);
      await limited.http.get('/v1/teams').set(bearer(colleague.member.token)).expect(200);
      for (let i = 0; i < 3; i++)
        await limited.http
          .get('/v1/teams')
          .set(bearer(`llt_wrong_guess_number_${i}_xxxxxxxx`))
          .expect(401);
      const response = await limited.http
        .get('/v1/teams')
        .set(bearer('llt_wrong_guess_number_4_xxxxxxxx'))
        .expect(429);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(response.headers['retry-after']).toBe('60');
      await limited.http.get('/v1/teams').expect(429);
      // The colleague's token, which worked from this address, still works; a token new to it waits
      // out the block like a guess (or a blocked address could test guesses at will).
      await limited.http.get('/v1/teams').set(bearer(colleague.member.token)).expect(200);
      await limited.http.get('/v1/teams').set(bearer(colleague.lead.token)).expect(429);
      await limited.http.get('/v1/health').expect(200);
    } finally {
      await limited.close();
    }
  });

  it('still rate-limits failed authentication while Redis cannot be reached, counting in the process', async () => {
    const limited = await startTestApp({ env: { AUTH_FAILURE_LIMIT: '3' } });
    try {
      const colleague = await createOrganisation(limited.http, limited.systemToken);
      await limited.http.get('/v1/teams').set(bearer(colleague.member.token)).expect(200);
      // The api's Redis connection is gone (an outage, as the limiter sees it): commands fail at once.
      limited.app.get<Redis>(REDIS_CLIENT).disconnect();
      await limited.http.get('/v1/health').expect(503);
      for (let i = 0; i < 3; i++)
        await limited.http
          .get('/v1/teams')
          .set(bearer(`llt_wrong_guess_number_${i}_xxxxxxxx`))
          .expect(401);
      await limited.http.get('/v1/teams').set(bearer('llt_wrong_guess_number_4_xxxxxxxx')).expect(429);
      // Who worked from here before still does; a token new to the address waits, as with Redis.
      await limited.http.get('/v1/teams').set(bearer(colleague.member.token)).expect(200);
      await limited.http.get('/v1/teams').set(bearer(colleague.lead.token)).expect(429);
    } finally {
      await limited.close();
    }
  });

  it('counts each client behind a trusted proxy on its own (TRUST_PROXY as a number of hops)', async () => {
    const proxied = await startTestApp({ env: { AUTH_FAILURE_LIMIT: '3', TRUST_PROXY: '1' } });
    try {
      const guess = (n: number, client: string) =>
        proxied.http
          .get('/v1/teams')
          .set('X-Forwarded-For', client)
          .set(bearer(`llt_wrong_guess_number_${n}_xxxxxxxx`));
      for (let i = 0; i < 3; i++) await guess(i, '203.0.113.7').expect(401);
      await guess(3, '203.0.113.7').expect(429);
      // Another client of the same proxy is not blocked by the first one's guessing.
      await guess(4, '198.51.100.20').expect(401);
      // An IPv6 client is one /64 network: moving to another address in it does not start over.
      for (let i = 0; i < 3; i++) await guess(10 + i, `2001:db8:0:7::${i + 1}`).expect(401);
      await guess(13, '2001:db8:0:7:abcd::99').expect(429);
      await guess(14, '2001:db8:0:8::1').expect(401);
    } finally {
      await proxied.close();
    }
  });

  it('blocks an address it knew as clean as soon as it fails here', async () => {
    const limited = await startTestApp({ env: { AUTH_FAILURE_LIMIT: '3' } });
    try {
      // A good request first: the api now remembers the address as clean for a while.
      await limited.http.get('/v1/teams').set(bearer(limited.systemToken)).expect(200);
      for (let i = 0; i < 3; i++)
        await limited.http
          .get('/v1/teams')
          .set(bearer(`llt_wrong_guess_number_${i}_xxxxxxxx`))
          .expect(401);
      await limited.http.get('/v1/teams').set(bearer('llt_wrong_guess_number_4_xxxxxxxx')).expect(429);
    } finally {
      await limited.close();
    }
  });

  it('applies a block another replica counted within a second', async () => {
    const limited = await startTestApp({ env: { AUTH_FAILURE_LIMIT: '3' } });
    const redis = new Redis(limited.config.REDIS_URL);
    try {
      await limited.http.get('/v1/teams').set(bearer(limited.systemToken)).expect(200);
      // Another replica counted three failures of this address (the key the limiter shares).
      const keys = `${limited.config.REDIS_PREFIX}:auth-failures:`;
      await redis.set(`${keys}::ffff:127.0.0.1`, '3', 'EX', 60);
      await redis.set(`${keys}127.0.0.1`, '3', 'EX', 60);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await limited.http.get('/v1/teams').set(bearer('llt_wrong_guess_number_4_xxxxxxxx')).expect(429);
      // The token that worked from here before goes on.
      await limited.http.get('/v1/teams').set(bearer(limited.systemToken)).expect(200);
    } finally {
      redis.disconnect();
      await limited.close();
    }
  });
});
