import 'reflect-metadata';
import { dataSourceOptions } from '@app/database';
import { DataSource } from 'typeorm';
import { benchDatabaseUrl } from './lib/bench-database';
import { cliOptions, count, log } from './lib/cli';

const USAGE = `Times the newest migrations on a generated database: reverts the last --last of them (newest
first, each timed), then applies them again together, each in its own transaction, as a deploy
would. The database ends as it began, migrated to the newest.

  npm run build && node dist/bench/migration-time.js --database leerlus_bench_1m [--last 2]

  --database  the generated database
  --last      how many of the newest migrations to revert and apply again (default 1)`;

interface Flags {
  database?: string;
  last?: string;
}

async function main(): Promise<void> {
  const flags = cliOptions<Flags>(USAGE, { database: { type: 'string' }, last: { type: 'string' } });
  if (!flags.database) throw new Error(`--database is required\n\n${USAGE}`);
  const last = count(flags.last, 1, 'last');
  const dataSource = new DataSource(dataSourceOptions(benchDatabaseUrl(flags.database), 1));
  await dataSource.initialize();
  try {
    for (let i = 0; i < last; i++) {
      const started = Date.now();
      await dataSource.undoLastMigration({ transaction: 'each' });
      log(`reverted one migration: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const started = Date.now();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    log(`applied ${applied.map((m) => m.name).join(', ')}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
