import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freshBuild } from '../support/fresh-build';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { adminQuery, databaseUrl, TEST_POSTGRES_URL } from '../support/postgres-admin';
import { AppProcess, startAppProcess } from './support/app-process';
import { freePort } from './support/free-port';

/**
 * A process that cannot start says why in the same JSON lines as the rest of its log: a log
 * collector that reads JSON dropped Nest's coloured start-up text, and with it the cause.
 */
describe('drill: a failed start is logged as JSON with its cause', () => {
  let started: AppProcess | undefined;
  afterEach(async () => {
    await started?.stop(5_000);
    started = undefined;
  });

  function expectOnlyJson(process: AppProcess): void {
    expect(process.lines.length).toBeGreaterThan(0);
    expect(process.lines.filter((line) => line.json === undefined).map((line) => line.text)).toEqual([]);
  }

  it('the api, when the database refuses connections', async () => {
    const port = await freePort(); // nothing listens there
    started = startAppProcess('api', resolve(freshBuild(), 'apps/api/src/main.js'), {
      NODE_ENV: 'test',
      PORT: String(await freePort()),
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/leerlus`,
      MIGRATE_ON_START: 'false',
    });
    expect(await started.exited).toEqual({ code: 1, signal: null });
    expectOnlyJson(started);
    const errors = started.lines.filter((line) => (line.json?.level ?? 0) >= 50);
    expect(errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(errors.at(-1)!.json)).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
  }, 60_000);

  it('the worker, when its configuration is wrong', async () => {
    started = startAppProcess('worker', resolve(freshBuild(), 'apps/worker/src/main.js'), {
      NODE_ENV: 'test',
      DATABASE_URL: TEST_POSTGRES_URL,
      REDIS_URL: 'http://127.0.0.1:6379',
      WORKER_METRICS_PORT: '0',
    });
    expect(await started.exited).toEqual({ code: 1, signal: null });
    expectOnlyJson(started);
    expect(started.lines.at(-1)!.json).toMatchObject({
      level: 60,
      msg: 'The worker did not start',
      err: { message: expect.stringContaining('REDIS_URL must be a redis:// or rediss:// URL') },
    });
  }, 60_000);

  it('the launcher, applying every migration to a new database and starting api and worker', async () => {
    const name = `leerlus_startup_${randomBytes(4).toString('hex')}`;
    try {
      started = startAppProcess('launcher', resolve(freshBuild(), 'apps/launcher/main.js'), {
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl(name),
        PORT: String(await freePort()),
        WORKER_METRICS_PORT: '0',
        REDIS_PREFIX: name,
      });
      await started.waitForLine(/Applied migrations/, 120_000);
      await started.waitForLine(/Running \d+ job kinds/, 60_000);
      expect(await started.stop(20_000)).toEqual({ code: 0, signal: null });
      expectOnlyJson(started);
    } finally {
      await started?.stop(5_000);
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }, 180_000);

  it('the launcher, when a migration fails: TypeORM says which, as JSON too', async () => {
    const name = `leerlus_startup_${randomBytes(4).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    try {
      // What the first migration creates is there already: it fails.
      const taken = new Client({ connectionString: databaseUrl(name) });
      await taken.connect();
      await taken.query('CREATE TABLE organisations (id int)');
      await taken.end();
      started = startAppProcess('launcher', resolve(freshBuild(), 'apps/launcher/main.js'), {
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl(name),
      });
      expect(await started.exited).toEqual({ code: 1, signal: null });
      expectOnlyJson(started);
      expect(started.lines.map((line) => line.json)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            context: 'Migrations',
            msg: expect.stringMatching(/^Migration ".+" failed/),
          }),
          expect.objectContaining({ level: 60, msg: 'Leerlus did not start' }),
        ]),
      );
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }, 60_000);

  it('the launcher with MIGRATE_ON_START=false leaves migrating to the migration CLI', async () => {
    const name = `leerlus_startup_${randomBytes(4).toString('hex')}`;
    started = startAppProcess('launcher', resolve(freshBuild(), 'apps/launcher/main.js'), {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl(name),
      MIGRATE_ON_START: 'false',
      PORT: String(await freePort()),
      WORKER_METRICS_PORT: '0',
    });
    // Nothing made the database: the api cannot start on it, and the launcher stops.
    expect(await started.exited).toEqual({ code: 1, signal: null });
    expectOnlyJson(started);
    expect(started.lines.some((line) => /Applied migrations/.test(line.text))).toBe(false);
    expect(await adminQuery(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).toEqual([]);
  }, 60_000);

  it('the migration CLI and the seed, when the database refuses connections', async () => {
    const port = await freePort();
    for (const [cli, msg] of [
      ['libs/database/src/cli/migrate.js', 'The migrations did not run'],
      ['apps/api/src/cli/seed-demo.js', 'The demo data were not made'],
    ]) {
      started = startAppProcess('cli', resolve(freshBuild(), cli), {
        NODE_ENV: 'test',
        DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/leerlus`,
      });
      expect(await started.exited).toEqual({ code: 1, signal: null });
      expectOnlyJson(started);
      expect(started.lines.at(-1)!.json).toMatchObject({
        level: 60,
        msg,
        err: { message: expect.stringContaining(`127.0.0.1:${port}`) },
      });
    }
  }, 120_000);

  it('npm start hands a SIGTERM to the launcher (a shell between them kept api and worker running)', () => {
    const start = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')).scripts.start;
    expect(start).toMatch(/&& exec node dist\/apps\/launcher\/main\.js$/);
  });

  it('the launcher, when migrations cannot run', async () => {
    const port = await freePort();
    started = startAppProcess('launcher', resolve(freshBuild(), 'apps/launcher/main.js'), {
      NODE_ENV: 'test',
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/leerlus`,
    });
    expect(await started.exited).toEqual({ code: 1, signal: null });
    expectOnlyJson(started);
    expect(started.lines.at(-1)!.json).toMatchObject({
      level: 60,
      msg: 'Leerlus did not start',
      err: { message: expect.stringContaining(`127.0.0.1:${port}`) },
    });
  }, 60_000);
});
