import 'reflect-metadata';
import { runMigrations } from '../../libs/database/src/run-migrations';
import { adminQuery, databaseUrl } from './postgres-admin';

/**
 * Migrates one template database per test run; every test file clones its own database from
 * it (CREATE DATABASE ... TEMPLATE), so files run in parallel and never share state.
 */
export default async function globalSetup(): Promise<void> {
  const template = `leerlus_tpl_${process.pid}_${Date.now().toString(36)}`;
  await adminQuery(`DROP DATABASE IF EXISTS "${template}"`);
  await runMigrations(databaseUrl(template));
  await adminQuery(`ALTER DATABASE "${template}" WITH IS_TEMPLATE true`);
  process.env.LEERLUS_TEST_TEMPLATE = template;
  // The dated word index of incident search exists where the server has the rum extension.
  const rum = await adminQuery(`SELECT 1 FROM pg_available_extensions WHERE name = 'rum'`);
  process.env.LEERLUS_TEST_RUM = rum.length > 0 ? '1' : '0';
}
