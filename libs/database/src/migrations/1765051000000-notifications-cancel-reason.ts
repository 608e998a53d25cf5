import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `notifications.cancel_reason`: why the system cancelled a message ("the session has moved"). It
 * was written into `last_error`, so the delivery log showed a cancellation as a delivery error, and
 * an error recorded afterwards overwrote the reason. `last_error` now holds delivery errors only.
 *
 * A cancelled row's `last_error` is the reason it was cancelled for (the cancel overwrote any error
 * before it) and moves to `cancel_reason`. Reverted, a reason goes back into `last_error`, as the
 * old code wrote it.
 */
export class NotificationsCancelReason1765051000000 implements MigrationInterface {
  name = 'NotificationsCancelReason1765051000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications ADD COLUMN cancel_reason text`);
    await q.query(
      `UPDATE notifications SET cancel_reason = last_error, last_error = NULL
       WHERE status = 'cancelled' AND last_error IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE notifications SET last_error = cancel_reason WHERE cancel_reason IS NOT NULL`);
    await q.query(`ALTER TABLE notifications DROP COLUMN cancel_reason`);
  }
}
