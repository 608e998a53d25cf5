import 'reflect-metadata';
import { runMigrations } from '@app/database';
import { loadConfig, processLogger } from '@app/config';
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

// What it prints is for the operator (a token); a failure is a JSON line with its cause, as the api's.
main().catch((error: Error) => {
  processLogger().fatal({ err: error, msg: 'The system administrator token was not made' });
  process.exit(1);
});
