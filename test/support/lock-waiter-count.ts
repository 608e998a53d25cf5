import { TestDatabase } from './test-database';

/** How many sessions of the test's database wait for a lock now. */
export async function lockWaiterCount(db: TestDatabase): Promise<number> {
  const [{ waiting }] = await db.query<{ waiting: number }>(
    `SELECT count(*)::int AS waiting FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return waiting;
}
