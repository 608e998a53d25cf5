import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';

/** The advisory lock key that makes migrating processes take turns. */
const MIGRATION_LOCK = 7431001;
const LOCK_POLL_MS = 200;

/**
 * Creates the database if needed and applies pending migrations. A Postgres advisory lock makes
 * concurrent starters (several api replicas) wait for each other instead of racing.
 */
export async function runMigrations(url: string): Promise<string[]> {
  await ensureDatabase(url);
  const dataSource = new DataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    await takeMigrationLock(dataSource);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Polls for the lock instead of blocking in pg_advisory_lock: a session waiting in that call is a
 * running transaction, and CREATE INDEX CONCURRENTLY in the migrating session waits for every
 * such transaction to end, so the two would deadlock (and the wait would hit statement_timeout).
 */
async function takeMigrationLock(dataSource: DataSource): Promise<void> {
  for (;;) {
    const [{ locked }] = await dataSource.query('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK,
    ]);
    if (locked) return;
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}
