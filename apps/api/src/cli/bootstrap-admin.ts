import 'reflect-metadata';
import { runMigrations } from '@app/database';
import { loadConfig } from '@app/config';
import { SystemAdminService } from '@app/domain/governance/system-admin.service';
import { NestFactory } from '@nestjs/core';
import { ApiModule } from '../api.module';

/** `npm run admin:bootstrap`: ensures the system administrator and prints a fresh token for them. */
async function main(): Promise<void> {
  const config = loadConfig();
  await runMigrations(config.DATABASE_URL);
  const app = await NestFactory.createApplicationContext(ApiModule, { logger: ['error'] });
  try {
    const token = await app.get(SystemAdminService).issueToken();
    console.log(token);
  } finally {
    await app.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
