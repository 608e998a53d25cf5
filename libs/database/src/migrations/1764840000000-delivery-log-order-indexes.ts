import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery log's orders that no index gave yet. Migration 1764820000000 built the sent-time
 * index without the due time that now breaks its ties; it is built again here.
 */
const INDEXES: [name: string, definition: string][] = [
  // GET /v1/notifications?sort=-sentAt: what went out last first, then what was not sent, latest due
  // first. Without it a page sorted all of an organisation's messages (197 ms for 182,000 at a
  // million incidents).
  [
    'notifications_org_sent_idx',
    'notifications (organisation_id, sent_at DESC NULLS LAST, due_at DESC, id DESC)',
  ],
  // GET /v1/notifications?status=failed (what needs a retry), latest due first: the failed are few
  // and old, and the due-time index was walked past every pending and sent message first (137 ms).
  [
    'notifications_org_failed_idx',
    `notifications (organisation_id, due_at DESC, id DESC) WHERE status = 'failed'`,
  ],
];

/** Built CONCURRENTLY (outside a transaction), so a live outbox keeps taking writes. */
export class DeliveryLogOrderIndexes1764840000000 implements MigrationInterface {
  name = 'DeliveryLogOrderIndexes1764840000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // Building over a million rows takes longer than the pool's statement timeout.
    await q.query(`SET statement_timeout = 0`);
    for (const [name, definition] of INDEXES) {
      // An interrupted concurrent build leaves an invalid index behind; start clean.
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
      await q.query(`CREATE INDEX CONCURRENTLY ${name} ON ${definition}`);
    }
    await q.query(`RESET statement_timeout`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await q.query(`DROP INDEX IF EXISTS ${name}`);
  }
}
