import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { runMigrations } from '../run-migrations';

async function main(): Promise<void> {
  const config = loadConfig();
  const applied = await runMigrations(config.DATABASE_URL);
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date.');
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
