import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GET /v1/notifications?sort=-sentAt (what went out last first, what was not sent after it): without
 * an index a page sorted all of an organisation's messages (197 ms for 182,000 at a million
 * incidents). Built CONCURRENTLY (outside a transaction), so a live outbox keeps taking writes.
 */
export class NotificationsSentOrderIndex1764820000000 implements MigrationInterface {
  name = 'NotificationsSentOrderIndex1764820000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // Building over a million rows takes longer than the pool's statement timeout.
    await q.query(`SET statement_timeout = 0`);
    // An interrupted concurrent build leaves an invalid index behind; start clean.
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS notifications_org_sent_idx`);
    await q.query(
      `CREATE INDEX CONCURRENTLY notifications_org_sent_idx
         ON notifications (organisation_id, sent_at DESC NULLS LAST, id DESC)`,
    );
    await q.query(`RESET statement_timeout`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS notifications_org_sent_idx`);
  }
}
