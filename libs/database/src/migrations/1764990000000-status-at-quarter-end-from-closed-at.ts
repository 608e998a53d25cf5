import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The quarterly report's `incidents.byStatusAtQuarterEnd` takes a close without a recorded status
 * change (an incident loaded with `closed_at`, the demo seed) at `closed_at`, as `incidents.closed`
 * does since migration 1764740000000: such an incident closed at or after a quarter's end was not
 * closed then but had its lessons drawn (closing is only allowed from there). Before, it counted
 * with its current status, closed, in the quarter it was registered in, and its close counted
 * again in the quarter of `closed_at`.
 *
 * - `leerlus_incident_report_counts` (last defined by 1764740000000) applies the rule, for the
 *   triggers and the check view alike.
 * - The close that migration 1764760000000 records at `closed_at` when such an incident is reopened
 *   now starts from lessons-drawn instead of closed, so the status at a quarter's end before and
 *   after the reopen agree; the closes recorded that way so far are rewritten to match. They are
 *   the only changes from closed to closed: the triggers record a change only when the status
 *   differs, and the application audits one only then.
 * - The rollups are rebuilt.
 */
export class StatusAtQuarterEndFromClosedAt1764990000000 implements MigrationInterface {
  name = 'StatusAtQuarterEndFromClosedAt1764990000000';

  async up(q: QueryRunner): Promise<void> {
    // The rebuild reads every incident, lesson and action: about a minute at a million incidents.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(
      this.counts(`
            CASE WHEN status_at_quarter_end = 'closed' AND i.closed_at >= leerlus_quarter_end(i.reported_at)
                      AND NOT EXISTS (
                        SELECT 1 FROM incident_status_changes c WHERE c.incident_id = i.id AND c.to_status = 'closed')
                 THEN 'lessons-drawn' ELSE status_at_quarter_end END`),
    );
    await q.query(this.recordUnrecordedCloses('lessons-drawn'));
    await q.query(
      `UPDATE incident_status_changes SET from_status = 'lessons-drawn' WHERE from_status = 'closed' AND to_status = 'closed'`,
    );
    await q.query(`SELECT leerlus_rebuild_report_rollups()`);
  }

  // The closes recorded from lessons-drawn stay so: they say what happened, and the earlier rule
  // reads them the same way in the view as in the triggers.
  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(this.counts('status_at_quarter_end'));
    await q.query(this.recordUnrecordedCloses('closed'));
    await q.query(`SELECT leerlus_rebuild_report_rollups()`);
  }

  /** What one incident counts for; `status` is its status at the end of the quarter it was registered in. */
  private counts(status: string): string {
    return `
      CREATE OR REPLACE FUNCTION leerlus_incident_report_counts(i incidents, status_at_quarter_end text)
      RETURNS SETOF report_count_deltas LANGUAGE sql STABLE AS $$
        SELECT i.organisation_id, i.chain_id, v.month, v.figure, v.dimension, 1
        FROM (VALUES
          (leerlus_report_month(i.reported_at), 'incidents.bySeverity', i.severity::text),
          (leerlus_report_month(i.reported_at), 'incidents.byPublicAttention', i.public_attention::text),
          (leerlus_report_month(i.reported_at), 'incidents.byCauseLevel', coalesce(i.cause_level, 'unknown')::text),
          (leerlus_report_month(i.reported_at), 'incidents.bySource', i.source::text),
          (leerlus_report_month(i.reported_at), 'incidents.byStatusAtQuarterEnd', ${status.trim()}),
          (CASE WHEN i.recurrence THEN leerlus_report_month(i.reported_at) END, 'incidents.recurrences', '')
        ) AS v(month, figure, dimension)
        WHERE v.month IS NOT NULL
        UNION ALL
        SELECT i.organisation_id, i.chain_id, x.month, x.figure, x.dimension, 1
        FROM (
          SELECT leerlus_report_month(c.changed_at), 'incidents.closed', ''
          FROM incident_status_changes c WHERE c.incident_id = i.id AND c.to_status = 'closed'
          UNION ALL SELECT leerlus_report_month(i.closed_at), 'incidents.closed', ''
          WHERE NOT EXISTS (
            SELECT 1 FROM incident_status_changes c WHERE c.incident_id = i.id AND c.to_status = 'closed')
        ) AS x(month, figure, dimension)
        WHERE x.month IS NOT NULL
      $$`;
  }

  /** Records the close of an incident stored closed without one when it is reopened, as a change from `from`. */
  private recordUnrecordedCloses(from: string): string {
    return `
      CREATE OR REPLACE FUNCTION leerlus_incidents_record_unrecorded_closes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO incident_status_changes (incident_id, changed_at, from_status, to_status)
        SELECT o.id, o.closed_at, '${from}', 'closed' FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.status = 'closed' AND n.status <> 'closed' AND o.closed_at IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM incident_status_changes c WHERE c.incident_id = o.id AND c.to_status = 'closed')
        ORDER BY o.id;
        RETURN NULL;
      END $$`;
  }
}
