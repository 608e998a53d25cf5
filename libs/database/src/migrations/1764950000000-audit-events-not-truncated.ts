import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log refused updates and deletes row by row, but a TRUNCATE deletes no row one by one
 * and emptied it. A statement-level trigger now refuses it with the same error. Like the row
 * trigger, it fires in ordinary sessions, not under session_replication_role = replica.
 */
export class AuditEventsNotTruncated1764950000000 implements MigrationInterface {
  name = 'AuditEventsNotTruncated1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TRIGGER audit_events_no_change_truncate BEFORE TRUNCATE ON audit_events
       FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_events_no_change_truncate ON audit_events`);
  }
}
