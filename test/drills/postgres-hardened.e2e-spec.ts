import { runMigrations } from '@app/database';
import { Client } from 'pg';
import { PrivatePostgres, startPrivatePostgres } from './support/private-postgres';

/**
 * A cluster where the application's role may reach its own database only (CONNECT on `postgres`
 * revoked, as hardening guides advise): migrating at start worked only where the role could reach
 * `postgres` too, as the check for a missing database went there first. Runs on a private cluster.
 */
describe('drill: a hardened cluster', () => {
  let pg: PrivatePostgres;
  beforeAll(async () => {
    pg = await startPrivatePostgres();
  }, 60_000);
  afterAll(() => pg?.destroy());

  it("migrates the role's own database without reaching `postgres`", async () => {
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE leerlus_app LOGIN NOSUPERUSER`);
      await admin.query(`CREATE DATABASE leerlus_own OWNER leerlus_app`);
      await admin.query(`REVOKE CONNECT ON DATABASE postgres FROM PUBLIC`);
    } finally {
      await admin.end();
    }
    const own = new URL(pg.databaseUrl('leerlus_own'));
    own.username = 'leerlus_app';
    const reachPostgres = new URL(pg.url);
    reachPostgres.username = 'leerlus_app';
    // The hardening holds: the role cannot reach `postgres`.
    const probe = new Client({ connectionString: reachPostgres.toString() });
    await expect(probe.connect()).rejects.toThrow(/permission denied for database "postgres"/);
    expect((await runMigrations(own.toString())).length).toBeGreaterThan(0);
    expect(await runMigrations(own.toString())).toEqual([]);
  }, 120_000);
});
