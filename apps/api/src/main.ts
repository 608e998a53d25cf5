import 'reflect-metadata';
import { AppConfig, loadConfig, processLogger } from '@app/config';
import { runMigrations } from '@app/database';
import { createApiApp } from './create-api-app';

const logger = processLogger();

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.MIGRATE_ON_START === 'true') await runMigrations(config.DATABASE_URL);
  const app = await createApiApp(logger);
  await app.listen(app.get(AppConfig).PORT);
}

main().catch((error: Error) => {
  logger.fatal({ err: error, msg: 'The api did not start' });
  process.exit(1);
});
