import 'reflect-metadata';
import { loadConfig, processLogger } from '@app/config';
import { runMigrations } from '../run-migrations';

const logger = processLogger();

async function main(): Promise<void> {
  const config = loadConfig();
  const applied = await runMigrations(config.DATABASE_URL);
  logger.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date.');
}

main().catch((error: Error) => {
  logger.fatal({ err: error, msg: 'The migrations did not run' });
  process.exit(1);
});
