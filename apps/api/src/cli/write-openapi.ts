import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createApiApp } from '../create-api-app';
import { buildOpenApi } from '../openapi/build-openapi';

/** Writes the OpenAPI document to a file (for the NLGov linter), without listening. */
async function main(): Promise<void> {
  const app = await createApiApp();
  writeFileSync(process.argv[2] ?? 'openapi.json', JSON.stringify(buildOpenApi(app), null, 2));
  await app.close();
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
