import { adminQuery } from './postgres-admin';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.LEERLUS_TEST_TEMPLATE;
  if (!template) return;
  await adminQuery(`ALTER DATABASE "${template}" WITH IS_TEMPLATE false`);
  await adminQuery(`DROP DATABASE IF EXISTS "${template}"`);
}
