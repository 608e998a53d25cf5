import { lockWaiterCount } from './lock-waiter-count';
import { TestDatabase } from './test-database';

/**
 * Waits until `count` sessions of the test's database wait for a lock, so that requests started
 * together are known to be past everything before it (their authentication, say) before the lock
 * holder lets go. Fails after 30 s rather than letting a test pass on an order it did not set up.
 */
export async function waitForLockWaiters(db: TestDatabase, count: number): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    if ((await lockWaiterCount(db)) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`fewer than ${count} sessions came to wait for a lock within 30 s`);
}
