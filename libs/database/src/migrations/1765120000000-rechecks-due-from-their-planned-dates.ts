import { MigrationInterface, QueryRunner } from 'typeorm';
import { applyRollupIncrements, rollupTriggerFunction } from './1764460000000-report-rollups';

const lessonCounts = (rows: string, sign: string) => `
      SELECT b.organisation_id, b.chain_id, b.month, b.figure, b.dimension, ${sign} b.count AS count
      FROM ${rows} l CROSS JOIN LATERAL leerlus_lesson_report_counts(l) b`;

/** The recount of the learning per incident after a lesson update, as 1764460000000 defined it. */
const RECOUNT_LEARNING = `PERFORM leerlus_report_recount_learning(ARRAY(
          SELECT s.source_id FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (o.source_type, o.source_id), (n.source_type, n.source_id)) AS s(source_type, source_id)
          WHERE s.source_type = 'incident'
            AND (o.organisation_id, o.source_type, o.source_id, o.validated_at, o.embedded_at)
                IS DISTINCT FROM (n.organisation_id, n.source_type, n.source_id, n.validated_at, n.embedded_at)
          GROUP BY 1), true);`;
const RECOUNT_DELETED = `PERFORM leerlus_report_recount_learning(ARRAY(SELECT source_id FROM old_rows WHERE source_type = 'incident' GROUP BY 1), true);`;

/** The first instant after the local (Europe/Amsterdam) day of `at`: when a date planned for it has come. */
const dayEnd = (at: string) =>
  `((${at} AT TIME ZONE 'Europe/Amsterdam')::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'`;

/** Before this migration (1764750000000): by the current recheck_at. */
const CURRENT_DUE = { month: 'leerlus_report_month(l.recheck_at)', more: '' };

/**
 * Each date a re-check was planned for (one per period in which the lesson had it: from the change
 * that set it, "since", null for the first, up to and including the change that replaced it,
 * "until", infinity for the current one) counts when its day ended within that period: it was
 * still planned for it when it came (a change at the very instant its day ends is after it). The
 * current one counts also while it has not come. A period ended by recording the re-check is not
 * counted here: that re-check counts by its dueAt (the report reads lesson_rechecks), so a date
 * missed and recorded late counts once. Every lesson takes this way: embedding sets a date, so
 * nearly every lesson with one has a history, and a short way for those without one (a branch with
 * a lookup of its own) was no faster. A rebuild counts the lessons in about three times the time it
 * took by the current date alone (200,000 lessons without a history: about 2 s against 0.7 s).
 */
const HISTORY_DUE = {
  month: null,
  more: `
        UNION ALL
        SELECT l.organisation_id, l.chain_id, leerlus_report_month(r.planned), 'lessons.rechecksDue', '', 1
        FROM (
          SELECT h.planned, h.recorded, h.until, lag(h.until) OVER (ORDER BY h.until, h.id) AS since
          FROM (
            SELECT c.from_at AS planned, c.recorded, c.changed_at AS until, c.id
            FROM lesson_recheck_changes c WHERE c.lesson_id = l.id
            UNION ALL SELECT l.recheck_at, false, 'infinity'::timestamptz, NULL::bigint
          ) h
        ) r
        WHERE r.planned IS NOT NULL AND NOT r.recorded
          AND (r.since IS NULL OR r.since < ${dayEnd('r.planned')}) AND ${dayEnd('r.planned')} <= r.until`,
};

/**
 * The quarterly report's `lessons.rechecksDue` of a quarter that has ended could be erased
 * afterwards: a re-check planned for 1 March and missed counted as due in Q1 by the lesson's current
 * `recheck_at`, so moving that date to 1 May later (PATCH recheckAt) took it out of Q1, and moving a
 * missed date into an ended quarter put one in.
 *
 * - `lesson_recheck_changes`: every change of a lesson's `recheck_at` (captured by the rollup trigger
 *   from now on, at the time of its transaction as the audit log has it; imported from the audit log
 *   for the past), and whether it recorded the re-check planned (a change that comes with a new
 *   `rechecked_at`, as recording one sets both: the api's only way to). Every path that changes
 *   the date is a lesson update: PATCH recheckAt, embedding (sets one), retiring (drops one not yet
 *   come), recording a re-check (the next one, or none).
 * - `leerlus_lesson_report_counts` (last defined by 1764750000000) counts a planned date d as due in
 *   d's month when the lesson still had it at the end of d's local day (HISTORY_DUE): whether or not
 *   it was done later, and whether or not it was moved afterwards. A date moved away before it came
 *   never counts, nor one set after it came (it was not planned when it came; that would add to an
 *   ended quarter afterwards). A lesson's first date (from before any captured change) counts as
 *   planned all along. The current date counts in its quarter while it has not come.
 * - Recorded re-checks keep counting by their dueAt (the date planned when recorded; for a late one
 *   recorded after its date was moved, the moved date: the missed date before it stays due in its
 *   own quarter, the moved one is due once, by the record). Their period is left out above, so each
 *   planned date counts once. The report's statements are unchanged (no new reads): it sums the
 *   rollup and the re-checks by dueAt as before.
 * - The triggers count the old rows before a statement's changes are recorded and the new rows
 *   after; the check view calls the same function, so the recomputation agrees with them.
 * - What the audit log does not hold cannot be recovered: dates changed in the database without an
 *   audit event count from the last change it has (or as planned all along).
 * - The rollups are rebuilt.
 */
export class RechecksDueFromTheirPlannedDates1765120000000 implements MigrationInterface {
  name = 'RechecksDueFromTheirPlannedDates1765120000000';

  async up(q: QueryRunner): Promise<void> {
    // The import reads the audit log once, the rebuild every incident, lesson and action.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`SET LOCAL work_mem = '256MB'`);
    // No foreign key, as action_due_date_changes: the triggers keep it in step with lessons.
    await q.query(`
      CREATE TABLE lesson_recheck_changes (
        lesson_id uuid NOT NULL,
        changed_at timestamptz NOT NULL,
        id bigint GENERATED ALWAYS AS IDENTITY,
        from_at timestamptz,
        to_at timestamptz,
        recorded boolean NOT NULL
      )`);
    // Changes of the past, from the audit log (the application audits every change of a lesson with
    // the time of its transaction; recording a re-check changes recheckedAt with it), for lessons
    // without a captured history.
    await q.query(`
      CREATE FUNCTION leerlus_import_lesson_recheck_changes() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE imported bigint;
      BEGIN
        INSERT INTO lesson_recheck_changes (lesson_id, changed_at, from_at, to_at, recorded)
        SELECT e.entity_id, e.occurred_at, (e.changes #>> '{recheckAt,from}')::timestamptz,
               (e.changes #>> '{recheckAt,to}')::timestamptz, e.changes ? 'recheckedAt'
        FROM audit_events e
        WHERE e.entity_type = 'lesson' AND e.action = 'update' AND e.changes ? 'recheckAt'
          AND EXISTS (SELECT 1 FROM lessons l WHERE l.id = e.entity_id)
          AND NOT EXISTS (SELECT 1 FROM lesson_recheck_changes c WHERE c.lesson_id = e.entity_id)
        ORDER BY e.occurred_at, e.id;
        GET DIAGNOSTICS imported = ROW_COUNT;
        RETURN imported;
      END $$`);
    await q.query(`SELECT leerlus_import_lesson_recheck_changes()`);
    // The key is built after the rows are in; it serves the lookup per lesson of the counts.
    await q.query(
      `ALTER TABLE lesson_recheck_changes ADD PRIMARY KEY (lesson_id, changed_at, id) INCLUDE (from_at, recorded)`,
    );
    await q.query(this.counts(HISTORY_DUE, 'STABLE'));
    await q.query(
      this.replace(
        rollupTriggerFunction(
          'leerlus_lessons_report_update',
          'DECLARE removed report_count_deltas[];',
          `removed := ARRAY(SELECT ROW(x.*)::report_count_deltas FROM (${lessonCounts('old_rows', '-')}) x);
        INSERT INTO lesson_recheck_changes (lesson_id, changed_at, from_at, to_at, recorded)
          SELECT n.id, now(), o.recheck_at, n.recheck_at, n.rechecked_at IS DISTINCT FROM o.rechecked_at
          FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE n.recheck_at IS DISTINCT FROM o.recheck_at ORDER BY n.id;
        ${applyRollupIncrements(`SELECT * FROM unnest(removed) UNION ALL ${lessonCounts('new_rows', '+')}`)};
        ${RECOUNT_LEARNING}`,
        ),
      ),
    );
    await q.query(
      this.replace(
        rollupTriggerFunction(
          'leerlus_lessons_report_delete',
          '',
          `${applyRollupIncrements(lessonCounts('old_rows', '-'))};
        DELETE FROM lesson_recheck_changes c WHERE c.lesson_id IN (SELECT id FROM old_rows);
        ${RECOUNT_DELETED}`,
        ),
      ),
    );
    await q.query(this.truncate(true));
    await q.query(`SELECT leerlus_rebuild_report_rollups()`);
    await q.query(`ANALYZE lesson_recheck_changes, report_counts`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(this.truncate(false));
    await q.query(
      this.replace(
        rollupTriggerFunction(
          'leerlus_lessons_report_update',
          '',
          `${applyRollupIncrements(`${lessonCounts('old_rows', '-')} UNION ALL ${lessonCounts('new_rows', '+')}`)};
        ${RECOUNT_LEARNING}`,
        ),
      ),
    );
    await q.query(
      this.replace(
        rollupTriggerFunction(
          'leerlus_lessons_report_delete',
          '',
          `${applyRollupIncrements(lessonCounts('old_rows', '-'))};
        ${RECOUNT_DELETED}`,
        ),
      ),
    );
    await q.query(this.counts(CURRENT_DUE, 'IMMUTABLE'));
    await q.query(`DROP FUNCTION leerlus_import_lesson_recheck_changes`);
    await q.query(`DROP TABLE lesson_recheck_changes`);
    await q.query(`SELECT leerlus_rebuild_report_rollups()`);
  }

  private replace(definition: string): string {
    return definition.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');
  }

  /** What one lesson counts for; `due` gives the month of its re-check due (if one), or more rows. */
  private counts(due: { month: string | null; more: string }, volatility: string): string {
    return `
      CREATE OR REPLACE FUNCTION leerlus_lesson_report_counts(l lessons)
      RETURNS SETOF report_count_deltas LANGUAGE sql ${volatility} AS $$
        SELECT l.organisation_id, l.chain_id, v.month, v.figure, v.dimension, 1
        FROM (VALUES
          (leerlus_report_month(l.created_at), 'lessons.byAddressedRole', l.addressed_role::text),
          (leerlus_report_month(l.validated_at), 'lessons.byResponse', coalesce(l.response, 'unknown')::text),
          (leerlus_report_month(l.embedded_at), 'lessons.embedded', '')${
            due.month ? `,\n          (${due.month}, 'lessons.rechecksDue', '')` : ''
          }
        ) AS v(month, figure, dimension)
        WHERE v.month IS NOT NULL${due.more}
      $$`;
  }

  /** Removes everything derived from a truncated table (as 1765090000000; with the lessons' history). */
  private truncate(withHistory: boolean): string {
    return `
      CREATE OR REPLACE FUNCTION leerlus_report_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM report_counts WHERE figure LIKE TG_TABLE_NAME || '.%';
        DELETE FROM report_count_deltas WHERE figure LIKE TG_TABLE_NAME || '.%';
        IF TG_TABLE_NAME IN ('incidents', 'lessons') THEN DELETE FROM report_incident_learning; END IF;
        IF TG_TABLE_NAME = 'incidents' THEN DELETE FROM incident_status_changes; END IF;
        IF TG_TABLE_NAME = 'actions' THEN DELETE FROM action_due_date_changes; END IF;${
          withHistory
            ? `\n        IF TG_TABLE_NAME = 'lessons' THEN DELETE FROM lesson_recheck_changes; END IF;`
            : ''
        }
        RETURN NULL;
      END $$`;
  }
}
