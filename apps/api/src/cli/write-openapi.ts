import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { writeFileSync } from 'node:fs';
import { ApiModule } from '../api.module';
import { buildOpenApi } from '../openapi/build-openapi';

/**
 * Writes the OpenAPI document to a file (for the NLGov linter). In preview mode: the document is
 * read from the controllers, so nothing connects to Postgres or Redis, and nothing is written.
 */
async function main(): Promise<void> {
  const app = await NestFactory.create(ApiModule, { preview: true, logger: false, abortOnError: false });
  writeFileSync(process.argv[2] ?? 'openapi.json', JSON.stringify(buildOpenApi(app), null, 2));
  await app.close();
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
