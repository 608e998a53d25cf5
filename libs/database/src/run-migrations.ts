import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';

/**
 * Creates the database if needed and applies pending migrations. A Postgres advisory lock makes
 * concurrent starters (several api replicas) wait for each other instead of racing.
 */
export async function runMigrations(url: string): Promise<string[]> {
  await ensureDatabase(url);
  const dataSource = new DataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock(7431001)');
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock(7431001)');
    }
  } finally {
    await dataSource.destroy();
  }
}
