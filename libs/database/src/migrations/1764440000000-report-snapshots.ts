import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Frozen quarterly reports, and the indexes the quarterly report's aggregations need: each
 * figure is a count of rows whose event time falls in the quarter, so every event column gets
 * an (organisation_id, event time) index; the incident index covers every column the report
 * reads so the quarter's incidents are counted from the index alone.
 */
export class ReportSnapshots1764440000000 implements MigrationInterface {
  name = 'ReportSnapshots1764440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_snapshots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        chain_id uuid REFERENCES chains(id),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        quarter smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
        figures jsonb NOT NULL,
        generated_at timestamptz NOT NULL,
        data_as_of timestamptz NOT NULL,
        generated_by_id uuid REFERENCES people(id),
        reason varchar(15) NOT NULL CHECK (reason IN ('manual','quarter-close')),
        created_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(
      `CREATE INDEX report_snapshots_org_idx ON report_snapshots (organisation_id, year DESC, quarter DESC, created_at DESC)`,
    );
    // Quarter close runs at most once per organisation and quarter, even with two workers.
    await q.query(
      `CREATE UNIQUE INDEX report_snapshots_quarter_close_key ON report_snapshots (organisation_id, year, quarter)
       WHERE reason = 'quarter-close' AND chain_id IS NULL`,
    );
    // A snapshot is a record of what was reported: the database refuses edits and deletes.
    await q.query(`
      CREATE FUNCTION report_snapshots_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'report_snapshots are immutable'; END $$`);
    await q.query(`
      CREATE TRIGGER report_snapshots_no_change BEFORE UPDATE OR DELETE ON report_snapshots
      FOR EACH ROW EXECUTE FUNCTION report_snapshots_immutable()`);

    // Covering indexes: every column a figure reads (chain_id for the chain filter included) is in
    // the index, so counting a quarter is an index-only range scan on (organisation_id, event time).
    const indexes = [
      `incidents_report_idx ON incidents (organisation_id, reported_at)
         INCLUDE (id, chain_id, severity, public_attention, cause_level, source, status, recurrence)`,
      `incidents_report_closed_idx ON incidents (organisation_id, closed_at) INCLUDE (chain_id)
         WHERE closed_at IS NOT NULL`,
      `lessons_report_created_idx ON lessons (organisation_id, created_at)
         INCLUDE (chain_id, addressed_role, source_type, source_id, validated_at, embedded_at)`,
      `lessons_report_validated_idx ON lessons (organisation_id, validated_at) INCLUDE (chain_id, response)
         WHERE validated_at IS NOT NULL`,
      `lessons_report_embedded_idx ON lessons (organisation_id, embedded_at) INCLUDE (chain_id)
         WHERE embedded_at IS NOT NULL`,
      `lessons_report_recheck_idx ON lessons (organisation_id, recheck_at) INCLUDE (chain_id)
         WHERE recheck_at IS NOT NULL`,
      `lessons_report_rechecked_idx ON lessons (organisation_id, rechecked_at) INCLUDE (chain_id)
         WHERE rechecked_at IS NOT NULL`,
      `actions_report_created_idx ON actions (organisation_id, created_at) INCLUDE (chain_id, addressed_role)`,
      `actions_report_completed_idx ON actions (organisation_id, completed_at)
         INCLUDE (chain_id, due_date, created_at, cancelled_at) WHERE completed_at IS NOT NULL`,
      `actions_report_cancelled_idx ON actions (organisation_id, cancelled_at)
         INCLUDE (chain_id, due_date, created_at, completed_at) WHERE cancelled_at IS NOT NULL`,
      `actions_report_open_idx ON actions (organisation_id, due_date) INCLUDE (chain_id, created_at)
         WHERE completed_at IS NULL AND cancelled_at IS NULL`,
      `notifications_report_escalation_idx ON notifications (organisation_id, due_at)
         INCLUDE (status, dedupe_key, subject_id) WHERE kind = 'reflection-escalation'`,
    ];
    for (const index of indexes) await q.query(`CREATE INDEX ${index}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'notifications_report_escalation_idx',
      'actions_report_open_idx',
      'actions_report_cancelled_idx',
      'actions_report_completed_idx',
      'actions_report_created_idx',
      'lessons_report_rechecked_idx',
      'lessons_report_recheck_idx',
      'lessons_report_embedded_idx',
      'lessons_report_validated_idx',
      'lessons_report_created_idx',
      'incidents_report_closed_idx',
      'incidents_report_idx',
    ])
      await q.query(`DROP INDEX ${index}`);
    await q.query(`DROP TABLE report_snapshots`);
    await q.query(`DROP FUNCTION report_snapshots_immutable`);
  }
}
