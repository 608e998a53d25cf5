import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The quarterly report's re-checks come from their history. A lesson kept only its latest re-check
 * (`rechecked_at`) and its next due date (`recheck_at`), so recording a re-check took it out of the
 * quarter it fell due in, and a later one erased an earlier quarter's "done".
 *
 * - `lesson_rechecks.due_at`: the re-check date that was planned when the check was recorded (null
 *   when none was, and for checks recorded before this migration).
 * - `lessons.rechecksDone` is no longer a rollup: the report counts `lesson_rechecks` by
 *   `checked_at`, and adds the recorded checks by `due_at` to the planned ones (`recheck_at`, still
 *   a rollup) for `lessons.rechecksDue`. Re-checks are few; their index answers both.
 */
export class RechecksFromTheirHistory1764750000000 implements MigrationInterface {
  name = 'RechecksFromTheirHistory1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`ALTER TABLE lesson_rechecks ADD COLUMN due_at timestamptz`);
    await q.query(`CREATE INDEX lesson_rechecks_org_due_idx ON lesson_rechecks (organisation_id, due_at)`);
    await q.query(this.counts(''));
    await q.query(`SELECT leerlus_rebuild_report_rollups()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(
      this.counts(`,\n          (leerlus_report_month(l.rechecked_at), 'lessons.rechecksDone', '')`),
    );
    await q.query(`SELECT leerlus_rebuild_report_rollups()`);
    await q.query(`DROP INDEX lesson_rechecks_org_due_idx`);
    await q.query(`ALTER TABLE lesson_rechecks DROP COLUMN due_at`);
  }

  /** What one lesson counts for in the rollups; `more` adds rows to its list. */
  private counts(more: string): string {
    return `
      CREATE OR REPLACE FUNCTION leerlus_lesson_report_counts(l lessons)
      RETURNS SETOF report_count_deltas LANGUAGE sql IMMUTABLE AS $$
        SELECT l.organisation_id, l.chain_id, v.month, v.figure, v.dimension, 1
        FROM (VALUES
          (leerlus_report_month(l.created_at), 'lessons.byAddressedRole', l.addressed_role::text),
          (leerlus_report_month(l.validated_at), 'lessons.byResponse', coalesce(l.response, 'unknown')::text),
          (leerlus_report_month(l.embedded_at), 'lessons.embedded', ''),
          (leerlus_report_month(l.recheck_at), 'lessons.rechecksDue', '')${more}
        ) AS v(month, figure, dimension)
        WHERE v.month IS NOT NULL
      $$`;
  }
}
