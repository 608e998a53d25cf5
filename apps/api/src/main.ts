import 'reflect-metadata';
import { AppConfig, loadConfig } from '@app/config';
import { runMigrations } from '@app/database';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.MIGRATE_ON_START === 'true') await runMigrations(config.DATABASE_URL);
  const app = await createApiApp();
  await app.listen(app.get(AppConfig).PORT);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
