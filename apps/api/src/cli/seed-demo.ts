import 'reflect-metadata';
import { runMigrations } from '@app/database';
import { loadConfig, processLogger } from '@app/config';
import { DemoSeedService } from '@app/domain/demo/demo-seed.service';
import { NestFactory } from '@nestjs/core';
import { ApiModule } from '../api.module';

/**
 * `npm run seed:demo`: fills the database with the Dutch demo (once) and prints a fresh API token
 * of one of its leads on stdout; what happened goes to stderr, so `T=$(node ...)` gets the token.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  await runMigrations(config.DATABASE_URL);
  const app = await NestFactory.createApplicationContext(ApiModule, { logger: ['error'] });
  try {
    const result = await app.get(DemoSeedService).run();
    console.error(
      `${result.created ? 'Demo data created' : 'Demo data was already there; nothing added'}. ` +
        `API token for ${result.lead.name} <${result.lead.email}> (lead), ` +
        `valid until ${result.tokenExpiresAt.toISOString()}:`,
    );
    console.log(result.token);
  } finally {
    await app.close();
  }
}

// What it prints is for the operator (a token); a failure is a JSON line with its cause, as the api's.
main().catch((error: Error) => {
  processLogger().fatal({ err: error, msg: 'The demo data were not made' });
  process.exit(1);
});
