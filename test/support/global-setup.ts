import 'reflect-metadata';
import { runMigrations } from '../../libs/database/src/run-migrations';
import { Client } from 'pg';
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
  process.env.LEERLUS_TEST_RUM = (await rumAvailable()) ? '1' : '0';
}

async function rumAvailable(): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'rum'`);
    return rows.length > 0;
  } finally {
    await client.end();
  }
}
