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

    await q.query(
      `CREATE INDEX incidents_report_idx ON incidents (organisation_id, reported_at)
       INCLUDE (id, chain_id, severity, public_attention, cause_level, source, status, recurrence, updated_at)`,
    );
    await q.query(
      `CREATE INDEX incidents_org_closed_idx ON incidents (organisation_id, closed_at) WHERE closed_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX lessons_incident_idx ON lessons (source_id) INCLUDE (organisation_id, validated_at, embedded_at)
       WHERE source_type = 'incident'`,
    );
    await q.query(`CREATE INDEX lessons_org_created_idx ON lessons (organisation_id, created_at)`);
    await q.query(
      `CREATE INDEX lessons_org_embedded_idx ON lessons (organisation_id, embedded_at) WHERE embedded_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX lessons_org_recheck_due_idx ON lessons (organisation_id, recheck_at) WHERE recheck_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX lessons_org_rechecked_idx ON lessons (organisation_id, rechecked_at) WHERE rechecked_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX actions_org_completed_idx ON actions (organisation_id, completed_at) WHERE completed_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX actions_org_cancelled_idx ON actions (organisation_id, cancelled_at) WHERE cancelled_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX actions_org_open_due_idx ON actions (organisation_id, due_date)
       WHERE completed_at IS NULL AND cancelled_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX notifications_escalation_idx ON notifications (organisation_id, due_at)
       WHERE kind = 'reflection-escalation'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications_escalation_idx`);
    await q.query(`DROP INDEX actions_org_open_due_idx`);
    await q.query(`DROP INDEX actions_org_cancelled_idx`);
    await q.query(`DROP INDEX actions_org_completed_idx`);
    await q.query(`DROP INDEX lessons_org_rechecked_idx`);
    await q.query(`DROP INDEX lessons_org_recheck_due_idx`);
    await q.query(`DROP INDEX lessons_org_embedded_idx`);
    await q.query(`DROP INDEX lessons_org_created_idx`);
    await q.query(`DROP INDEX lessons_incident_idx`);
    await q.query(`DROP INDEX incidents_org_closed_idx`);
    await q.query(`DROP INDEX incidents_report_idx`);
    await q.query(`DROP TABLE report_snapshots`);
    await q.query(`DROP FUNCTION report_snapshots_immutable`);
  }
}
