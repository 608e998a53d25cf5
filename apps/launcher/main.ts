import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { runMigrations } from '@app/database';
import { ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm start` on one machine: migrate once, then run the api and the worker as two processes
 * (each can also run alone, and scale out, with `npm run start:api` / `start:worker`).
 * When one stops, the other is stopped too, so a supervisor sees the failure.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const applied = await runMigrations(config.DATABASE_URL);
  if (applied.length)
    console.log(JSON.stringify({ level: 30, msg: `Applied migrations: ${applied.join(', ')}` }));

  const apps = ['api', 'worker']
    .map((name) => ({ name, entry: join(__dirname, '..', name, 'src', 'main.js') }))
    .filter((app) => existsSync(app.entry));
  const children: ChildProcess[] = apps.map((app) =>
    fork(app.entry, [], { env: { ...process.env, MIGRATE_ON_START: 'false' }, stdio: 'inherit' }),
  );

  let stopping = false;
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  children.forEach((child, index) =>
    child.on('exit', (code) => {
      if (!stopping) console.error(`${apps[index].name} stopped (exit code ${code}); stopping the rest.`);
      stopAll('SIGTERM');
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null))
        process.exit(stopping && code === 0 ? 0 : (code ?? 1));
    }),
  );
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
