import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A recurrence flag of a confidential incident may rest on a confidential incident its reporter sees
 * through a triangle role, and a role's term ends (or begins) with the passage of time. A nightly
 * job decides such reporters' flags again (ReporterSightCheck); `reporter_sight_checks` holds the
 * one date up to which it did, so a night it missed is caught up the next. No row yet: its first
 * run checks every reporter of a confidential incident with a flag (or a lost one), which also
 * mends the flags that roles taken away before this migration left behind.
 *
 * The index finds a reporter's flagged confidential incidents (RecurrenceFlags.redecideForReporter,
 * at every role or access-role change). Outside a transaction, built CONCURRENTLY, as in migration
 * 1764830000000: incidents stay writable while it reads them.
 */
export class ReporterSightChecks1765110000000 implements MigrationInterface {
  name = 'ReporterSightChecks1765110000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE IF NOT EXISTS reporter_sight_checks (
         id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
         checked_through date,
         checked_at timestamptz
       )`,
    );
    await q.query(`SET statement_timeout = 0`);
    // An interrupted concurrent build leaves an invalid index behind; start clean.
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS incidents_confidential_flag_reporter_idx`);
    await q.query(
      `CREATE INDEX CONCURRENTLY incidents_confidential_flag_reporter_idx ON incidents (reported_by_id)
         WHERE confidentiality = 'confidential' AND (recurrence_of IS NOT NULL OR recurrence_hidden_of IS NOT NULL)`,
    );
    await q.query(`RESET statement_timeout`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS incidents_confidential_flag_reporter_idx`);
    await q.query(`DROP TABLE IF EXISTS reporter_sight_checks`);
  }
}
