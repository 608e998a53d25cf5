import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The quarterly report's `incidents.closed` counts every close of an incident in the month it
 * happened, from its status history: reopening an incident empties `closed_at`, which took its
 * close out of the quarter it was closed in, and a second close counted only once, at the last.
 * An incident closed without a recorded status change (loaded with `closed_at`) still counts
 * at `closed_at` (and migration 1764760000000 records that close when it is reopened).
 *
 * Only the counting function changes. The triggers call it on the old rows before a statement's
 * status changes are recorded and on the new rows after, so a close adds one and a reopen takes
 * nothing away; the check view calls the same function. The rollups are rebuilt.
 */
export class ClosedIncidentsFromStatusHistory1764740000000 implements MigrationInterface {
  name = 'ClosedIncidentsFromStatusHistory1764740000000';

  async up(q: QueryRunner): Promise<void> {
    // The rebuild reads every incident, lesson and action: about a minute at a million incidents.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(
      this.counts(
        `
      SELECT leerlus_report_month(c.changed_at), 'incidents.closed', ''
      FROM incident_status_changes c WHERE c.incident_id = i.id AND c.to_status = 'closed'
      UNION ALL SELECT leerlus_report_month(i.closed_at), 'incidents.closed', ''
      WHERE NOT EXISTS (
        SELECT 1 FROM incident_status_changes c WHERE c.incident_id = i.id AND c.to_status = 'closed')`,
        'STABLE',
      ),
    );
    await q.query(`SELECT leerlus_rebuild_report_rollups()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(
      this.counts(`SELECT leerlus_report_month(i.closed_at), 'incidents.closed', ''`, 'IMMUTABLE'),
    );
    await q.query(`SELECT leerlus_rebuild_report_rollups()`);
  }

  /** What one incident counts for; `closed` gives the rows of incidents.closed. */
  private counts(closed: string, volatility: string): string {
    return `
      CREATE OR REPLACE FUNCTION leerlus_incident_report_counts(i incidents, status_at_quarter_end text)
      RETURNS SETOF report_count_deltas LANGUAGE sql ${volatility} AS $$
        SELECT i.organisation_id, i.chain_id, v.month, v.figure, v.dimension, 1
        FROM (VALUES
          (leerlus_report_month(i.reported_at), 'incidents.bySeverity', i.severity::text),
          (leerlus_report_month(i.reported_at), 'incidents.byPublicAttention', i.public_attention::text),
          (leerlus_report_month(i.reported_at), 'incidents.byCauseLevel', coalesce(i.cause_level, 'unknown')::text),
          (leerlus_report_month(i.reported_at), 'incidents.bySource', i.source::text),
          (leerlus_report_month(i.reported_at), 'incidents.byStatusAtQuarterEnd', status_at_quarter_end),
          (CASE WHEN i.recurrence THEN leerlus_report_month(i.reported_at) END, 'incidents.recurrences', '')
        ) AS v(month, figure, dimension)
        WHERE v.month IS NOT NULL
        UNION ALL
        SELECT i.organisation_id, i.chain_id, x.month, x.figure, x.dimension, 1
        FROM (${closed}) AS x(month, figure, dimension)
        WHERE x.month IS NOT NULL
      $$`;
  }
}
