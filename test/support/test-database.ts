import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { adminQuery, databaseUrl } from './postgres-admin';

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL directly, for assertions on what was (not) written. */
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template, for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.LEERLUS_TEST_TEMPLATE;
  if (!template)
    throw new Error('LEERLUS_TEST_TEMPLATE is not set: run integration tests through jest (globalSetup)');
  const name = `leerlus_t_${randomBytes(6).toString('hex')}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      break;
    } catch (error) {
      // Two clones at the same instant can collide on the template; wait and retry.
      if (attempt >= 10 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
  const url = databaseUrl(name);
  const client = new Client({ connectionString: url });
  // Fault tests terminate connections on purpose; that must not crash the test process.
  client.on('error', () => undefined);
  await client.connect();
  return {
    name,
    url,
    query: async (sql, params = []) => (await client.query(sql, params)).rows,
    drop: async () => {
      await client.end();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
