import { MigrationInterface, QueryRunner } from 'typeorm';

const NAME = 'actions_org_due_idx';
const KEYS = 'actions (organisation_id, due_date, created_at, id)';

/**
 * GET /v1/actions, due first, with what a member's confidentiality rule reads of an action
 * (ConfidentialityFilter.actions: the flag, the assignee, the source) and what its filters read
 * (status, chain). A member's total read each of up to 10,000 counted actions from the table:
 * 14 ms, and 6 ms from this index (at a million incidents, 207,580 actions, warm). Like incidents
 * and lessons, actions are vacuumed after every 5,000 new rows, so the visibility map keeps up
 * and the count stays in the index.
 *
 * Built CONCURRENTLY beside the index it replaces (outside a transaction), so a live register
 * keeps taking writes.
 */
export class ActionVisibilityInIndex1764640000000 implements MigrationInterface {
  name = 'ActionVisibilityInIndex1764640000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET statement_timeout = 0`);
    // An interrupted build leaves an invalid index behind; start clean.
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${NAME}_next`);
    await q.query(
      `CREATE INDEX CONCURRENTLY ${NAME}_next ON ${KEYS}
       INCLUDE (status, chain_id, assignee_id, source_type, source_id, source_confidential)`,
    );
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${NAME}`);
    await q.query(`ALTER INDEX ${NAME}_next RENAME TO ${NAME}`);
    await q.query(
      `ALTER TABLE actions SET (autovacuum_vacuum_insert_threshold = 5000, autovacuum_vacuum_insert_scale_factor = 0)`,
    );
    await q.query(`RESET statement_timeout`);
  }

  // Run in a transaction by the revert (as the other down migrations): no CONCURRENTLY.
  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE actions RESET (autovacuum_vacuum_insert_threshold, autovacuum_vacuum_insert_scale_factor)`,
    );
    await q.query(`DROP INDEX ${NAME}`);
    await q.query(`CREATE INDEX ${NAME} ON ${KEYS}`);
  }
}
