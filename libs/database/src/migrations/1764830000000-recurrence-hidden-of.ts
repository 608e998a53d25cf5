import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The earlier, learned incident a recurrence flag rested on until that incident was hidden from
 * the flagged incident's audience (made confidential, moved to another chain). The flag is then
 * decided again without it, often to "no"; when the earlier incident is shown again, the incidents
 * that lost their flag because of it are found by this column and decided again, instead of
 * staying unflagged for good. Not in the API: it may name an incident its readers may not see.
 *
 * Outside a transaction: adding a column without a default is instant, and the index is built
 * CONCURRENTLY, so incidents stay readable and writable while it reads a million of them.
 */
export class RecurrenceHiddenOf1764830000000 implements MigrationInterface {
  name = 'RecurrenceHiddenOf1764830000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // No foreign key, as for recurrence_of (migration 1764800000000).
    await q.query(`ALTER TABLE incidents ADD COLUMN IF NOT EXISTS recurrence_hidden_of uuid`);
    await q.query(`SET statement_timeout = 0`);
    // An interrupted concurrent build leaves an invalid index behind; start clean.
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS incidents_recurrence_hidden_of_idx`);
    await q.query(
      `CREATE INDEX CONCURRENTLY incidents_recurrence_hidden_of_idx ON incidents (recurrence_hidden_of)
         WHERE recurrence_hidden_of IS NOT NULL`,
    );
    await q.query(`RESET statement_timeout`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents DROP COLUMN recurrence_hidden_of`);
  }
}
