import { lockWaiterCount } from './lock-waiter-count';
import { StartedRequest } from './started-request';
import { TestDatabase } from './test-database';

/**
 * Waits until `request` has answered or `count` sessions wait for a lock: a request that waits
 * with the fix may, without it, end at once (a deadlock's 409). Fails after 30 s.
 */
export async function settledOrLockWaiters(
  db: TestDatabase,
  request: StartedRequest,
  count: number,
): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    if (request.done || (await lockWaiterCount(db)) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`neither answered nor ${count} sessions waiting for a lock within 30 s`);
}
