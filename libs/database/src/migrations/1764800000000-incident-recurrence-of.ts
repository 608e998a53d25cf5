import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The earlier, learned incident a recurrence flag rests on. The flag is decided with what everyone
 * who may see the incident may see; when that earlier incident is hidden from some of them
 * (confidential, another chain), the incidents flagged because of it are decided again, found by
 * this column. Flags set before it have none: they are decided again when their own text
 * or audience changes.
 */
export class IncidentRecurrenceOf1764800000000 implements MigrationInterface {
  name = 'IncidentRecurrenceOf1764800000000';

  async up(q: QueryRunner): Promise<void> {
    // No foreign key: its check would take a share lock on the earlier incident at every flagged
    // create, which a PATCH of that incident (FOR UPDATE) would wait for; and an incident with a
    // lesson (the only kind a flag rests on) cannot be deleted.
    await q.query(`ALTER TABLE incidents ADD COLUMN recurrence_of uuid`);
    await q.query(
      `CREATE INDEX incidents_recurrence_of_idx ON incidents (recurrence_of) WHERE recurrence_of IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents DROP COLUMN recurrence_of`);
  }
}
