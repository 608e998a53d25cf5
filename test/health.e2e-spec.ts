import { startTestApp } from './support/test-app';
import { adminQuery } from './support/postgres-admin';

describe('GET /v1/health', () => {
  it('is 200 with both components up, without a token', async () => {
    const t = await startTestApp();
    try {
      const response = await t.http.get('/v1/health').expect(200);
      expect(response.body.status).toBe('up');
      expect(response.body.checks.postgres.status).toBe('up');
      expect(response.body.checks.redis.status).toBe('up');
    } finally {
      await t.close();
    }
  });

  it('is a 503 problem naming Redis when Redis does not answer', async () => {
    const t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const response = await t.http.get('/v1/health').expect(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.detail).toBe('Not available: redis.');
      expect(response.body.checks.postgres.status).toBe('up');
    } finally {
      await t.close();
    }
  });

  it('is a 503 problem naming Postgres when the database refuses connections', async () => {
    const t = await startTestApp();
    try {
      await adminQuery(`ALTER DATABASE "${t.db.name}" WITH ALLOW_CONNECTIONS false`);
      await adminQuery(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [t.db.name],
      );
      const response = await t.http.get('/v1/health').expect(503);
      expect(response.body.detail).toBe('Not available: postgres.');
      expect(response.body.checks.redis.status).toBe('up');
      await adminQuery(`ALTER DATABASE "${t.db.name}" WITH ALLOW_CONNECTIONS true`);
      await t.http.get('/v1/health').expect(200);
    } finally {
      await adminQuery(`ALTER DATABASE "${t.db.name}" WITH ALLOW_CONNECTIONS true`);
      await t.close();
    }
  });
});
