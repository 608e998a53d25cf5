import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { adminQuery } from './postgres-admin';

export default async function globalTeardown(): Promise<void> {
  // Builds made by freshBuild() for tests that run real processes.
  rmSync(resolve(__dirname, '../../.test-build'), { recursive: true, force: true });
  const template = process.env.LEERLUS_TEST_TEMPLATE;
  if (!template) return;
  await adminQuery(`ALTER DATABASE "${template}" WITH IS_TEMPLATE false`);
  await adminQuery(`DROP DATABASE IF EXISTS "${template}"`);
}
