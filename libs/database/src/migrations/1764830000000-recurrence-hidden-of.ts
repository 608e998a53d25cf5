import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The earlier, learned incident a recurrence flag rested on until that incident was hidden from
 * the flagged incident's audience (made confidential, moved to another chain). The flag is then
 * decided again without it, often to "no"; when the earlier incident is shown again, the incidents
 * that lost their flag because of it are found by this column and decided again, instead of
 * staying unflagged for good. Not in the API: it may name an incident its readers may not see.
 */
export class RecurrenceHiddenOf1764830000000 implements MigrationInterface {
  name = 'RecurrenceHiddenOf1764830000000';

  async up(q: QueryRunner): Promise<void> {
    // No foreign key, as for recurrence_of (migration 1764800000000).
    await q.query(`ALTER TABLE incidents ADD COLUMN recurrence_hidden_of uuid`);
    await q.query(
      `CREATE INDEX incidents_recurrence_hidden_of_idx ON incidents (recurrence_hidden_of)
         WHERE recurrence_hidden_of IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents DROP COLUMN recurrence_hidden_of`);
  }
}
