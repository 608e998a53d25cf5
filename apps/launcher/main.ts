import 'reflect-metadata';
import { loadConfig, processLogger } from '@app/config';
import { runMigrations } from '@app/database';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const logger = processLogger();

/**
 * `npm start` on one machine: migrate once, then run the api and the worker as two processes
 * (each can also run alone, and scale out, with `npm run start:api` / `start:worker`).
 * When one stops, the other is stopped too, so a supervisor sees the failure.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  // MIGRATE_ON_START=false: migrations run apart (the migration CLI, past PgBouncer), as README says.
  const applied = config.MIGRATE_ON_START === 'true' ? await runMigrations(config.DATABASE_URL) : [];
  if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);

  const apps = ['api', 'worker']
    .map((name) => ({ name, entry: join(__dirname, '..', name, 'src', 'main.js') }))
    .filter((app) => existsSync(app.entry));
  // The api makes calendar feed links and the worker writes them into e-mails: without a configured
  // secret, both get the same one made up for this run (the links change at the next start).
  const feedSecret = process.env.CALENDAR_FEED_SECRET
    ? {}
    : { CALENDAR_FEED_SECRET: randomBytes(32).toString('hex') };
  const children: ChildProcess[] = apps.map((app) =>
    fork(app.entry, [], {
      env: { ...process.env, ...feedSecret, MIGRATE_ON_START: 'false' },
      stdio: 'inherit',
    }),
  );

  // A stop that was asked for (Ctrl+C, a supervisor's SIGTERM) ends with 0; a process that stopped
  // on its own ends the others and the launcher with its code, so a supervisor sees the failure.
  let asked = false;
  let failed: number | null = null;
  const stopAll = (signal: NodeJS.Signals) => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const ask = (signal: NodeJS.Signals) => {
    asked = true;
    stopAll(signal);
  };
  process.on('SIGINT', () => ask('SIGINT'));
  process.on('SIGTERM', () => ask('SIGTERM'));
  children.forEach((child, index) =>
    child.on('exit', (code) => {
      if (!asked && failed === null) {
        failed = code || 1;
        logger.error(`${apps[index].name} stopped (exit code ${code}); stopping the rest.`);
      }
      stopAll('SIGTERM');
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null))
        process.exit(failed ?? (asked ? 0 : 1));
    }),
  );
}

main().catch((error: Error) => {
  logger.fatal({ err: error, msg: 'Leerlus did not start' });
  process.exit(1);
});
