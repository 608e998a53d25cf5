import { MigrationInterface, QueryRunner } from 'typeorm';
import { applyRollupIncrements, rollupTriggerFunction } from './1764460000000-report-rollups';

/** Everything an action's counts depend on: an update that changes none of these counts the same. */
const BUCKETING =
  'organisation_id, chain_id, created_at, addressed_role, due_date, completed_at, cancelled_at';

const actionCounts = (rows: string, sign: string) => `
      SELECT b.organisation_id, b.chain_id, b.month, b.figure, b.dimension, ${sign} b.count AS count
      FROM ${rows} a CROSS JOIN LATERAL leerlus_action_report_counts(a) b`;

/**
 * Overdue at the month starts E from "opens" up to (not including) "closes", +1 at the one and -1 at
 * the other: created before E, not completed or cancelled before E, and due before E's last day
 * (due + 1 day < E's date), as 1764460000000 defined it.
 */
const overdueBetween = (due: string, since: string | null, until: string | null) => `
          SELECT b.month, b.count
          FROM (SELECT greatest((leerlus_report_month(a.created_at) + interval '1 month')::date,
                                (date_trunc('month', ${due} + 1)::date + interval '1 month')::date${since ? `, ${since}` : ''}) AS opens,
                       least(o.closes${until ? `, ${until}` : ''}) AS closes) p
          CROSS JOIN LATERAL (VALUES
            (CASE WHEN p.closes IS NULL OR p.opens < p.closes THEN p.opens END, 1),
            (CASE WHEN p.opens < p.closes THEN p.closes END, -1)
          ) AS b(month, count)`;

/** By the current due date (before this migration). */
const CURRENT_OVERDUE = overdueBetween('a.due_date', null, null);

/**
 * By the due date it had at each month start: each due date counts from the month start after the
 * change that set it ("since"; null for the first, greatest() ignores it) up to and including that
 * of the month of the change that replaced it ("until"; null for the current one, least() ignores
 * it). Consecutive periods both overdue give a -1 and a +1 at the same month start, which cancel.
 * Most actions keep their first due date: they take the short way, without the window over their
 * history (which doubled a rebuild of the actions when every action went through it).
 */
const HISTORY_OVERDUE = `
        SELECT n.month, n.count FROM (${CURRENT_OVERDUE}) n
        WHERE NOT EXISTS (SELECT 1 FROM action_due_date_changes c WHERE c.action_id = a.id)
        UNION ALL
        SELECT d.month, d.count
        FROM (
          SELECT h.due, lag(h.until) OVER (ORDER BY h.changed_at, h.id) AS since, h.until
          FROM (
            SELECT c.from_date AS due, c.changed_at, c.id,
                   (leerlus_report_month(c.changed_at) + interval '1 month')::date AS until
            FROM action_due_date_changes c WHERE c.action_id = a.id
            UNION ALL SELECT a.due_date, 'infinity'::timestamptz, NULL::bigint, NULL::date
          ) h
        ) r
        CROSS JOIN LATERAL (${overdueBetween('r.due', 'r.since', 'r.until')}) AS d(month, count)
        WHERE EXISTS (SELECT 1 FROM action_due_date_changes c WHERE c.action_id = a.id)`;

/**
 * The quarterly report's `actions.overdueAtQuarterEnd` of a quarter that has ended takes each action
 * with the due date it had when the quarter ended. It followed the current due date: moving the due
 * date of an action that was overdue then to a later date took it out of that quarter's figure, and
 * moving one forward put it in, long after the quarter was over.
 *
 * - `action_due_date_changes`: every change of an action's due date (captured by the rollup trigger
 *   from now on, at the time of its transaction as the audit log has it; imported from the audit
 *   log for the past), as `incident_status_changes` keeps the status at a quarter's end.
 * - `leerlus_action_report_counts` (last defined by 1764460000000) counts an action overdue at a
 *   month start E by the due date it had at E: the one its first change at or after E started from, else
 *   the current one (a change at the very instant E is after it). A change at T in local month M
 *   so keeps the month starts up to M's own (before T) and changes only those from M + 1 on: the
 *   overdue period under the old date is closed there, one under the new date opened. The triggers
 *   count the old rows before a statement's changes are recorded and the new rows after, and the
 *   check view calls the same function, so the recomputation agrees with them.
 * - The report is unchanged: it sums the rollup's increments up to an ended quarter's end, and
 *   counts the running quarter live by the current due date (that is the date it has now).
 * - What the audit log does not hold cannot be recovered: due dates changed in the database without
 *   an audit event (bulk loads, generators) count as they are now for the quarters before.
 * - The rollups are rebuilt.
 */
export class OverdueFromDueDateHistory1765090000000 implements MigrationInterface {
  name = 'OverdueFromDueDateHistory1765090000000';

  async up(q: QueryRunner): Promise<void> {
    // The import reads the audit log once, the rebuild every incident, lesson and action.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`SET LOCAL work_mem = '256MB'`);
    // No foreign key, as incident_status_changes: the triggers keep it in step with actions.
    await q.query(`
      CREATE TABLE action_due_date_changes (
        action_id uuid NOT NULL,
        changed_at timestamptz NOT NULL,
        id bigint GENERATED ALWAYS AS IDENTITY,
        from_date date NOT NULL,
        to_date date NOT NULL
      )`);
    // Changes of the past, from the audit log (the application audits every change of a due date with
    // the time of its transaction), for actions without a captured history.
    await q.query(`
      CREATE FUNCTION leerlus_import_action_due_date_changes() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE imported bigint;
      BEGIN
        INSERT INTO action_due_date_changes (action_id, changed_at, from_date, to_date)
        SELECT e.entity_id, e.occurred_at, (e.changes #>> '{dueDate,from}')::date, (e.changes #>> '{dueDate,to}')::date
        FROM audit_events e
        WHERE e.entity_type = 'action' AND e.action = 'update' AND e.changes ? 'dueDate'
          AND e.changes #>> '{dueDate,from}' IS NOT NULL AND e.changes #>> '{dueDate,to}' IS NOT NULL
          AND EXISTS (SELECT 1 FROM actions a WHERE a.id = e.entity_id)
          AND NOT EXISTS (SELECT 1 FROM action_due_date_changes c WHERE c.action_id = e.entity_id)
        ORDER BY e.occurred_at, e.id;
        GET DIAGNOSTICS imported = ROW_COUNT;
        RETURN imported;
      END $$`);
    await q.query(`SELECT leerlus_import_action_due_date_changes()`);
    // The key is built after the rows are in; it serves the lookup per action of the counts.
    await q.query(
      `ALTER TABLE action_due_date_changes ADD PRIMARY KEY (action_id, changed_at, id) INCLUDE (from_date)`,
    );
    await q.query(this.counts(HISTORY_OVERDUE, 'STABLE'));
    await q.query(
      this.replace(
        rollupTriggerFunction(
          'leerlus_actions_report_update',
          'DECLARE removed report_count_deltas[];',
          `IF NOT EXISTS (
          SELECT 1 FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
          WHERE (${BUCKETING.replace(/(\w+)/g, 'o.$1')}) IS DISTINCT FROM (${BUCKETING.replace(/(\w+)/g, 'n.$1')})
        ) THEN RETURN NULL; END IF;
        removed := ARRAY(SELECT ROW(x.*)::report_count_deltas FROM (${actionCounts('old_rows', '-')}) x);
        INSERT INTO action_due_date_changes (action_id, changed_at, from_date, to_date)
          SELECT n.id, now(), o.due_date, n.due_date FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE n.due_date <> o.due_date ORDER BY n.id;
        ${applyRollupIncrements(`SELECT * FROM unnest(removed) UNION ALL ${actionCounts('new_rows', '+')}`)};`,
        ),
      ),
    );
    await q.query(
      this.replace(
        rollupTriggerFunction(
          'leerlus_actions_report_delete',
          '',
          `${applyRollupIncrements(actionCounts('old_rows', '-'))};
        DELETE FROM action_due_date_changes c WHERE c.action_id IN (SELECT id FROM old_rows);`,
        ),
      ),
    );
    await q.query(
      this.truncate(`IF TG_TABLE_NAME = 'actions' THEN DELETE FROM action_due_date_changes; END IF;`),
    );
    await q.query(`SELECT leerlus_rebuild_report_rollups()`);
    await q.query(`ANALYZE action_due_date_changes, report_counts`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(this.truncate(''));
    await q.query(
      this.replace(
        rollupTriggerFunction(
          'leerlus_actions_report_update',
          '',
          `${applyRollupIncrements(`${actionCounts('old_rows', '-')} UNION ALL ${actionCounts('new_rows', '+')}`)};`,
        ),
      ),
    );
    await q.query(
      this.replace(
        rollupTriggerFunction(
          'leerlus_actions_report_delete',
          '',
          `${applyRollupIncrements(actionCounts('old_rows', '-'))};`,
        ),
      ),
    );
    await q.query(this.counts(CURRENT_OVERDUE, 'IMMUTABLE'));
    await q.query(`DROP FUNCTION leerlus_import_action_due_date_changes`);
    await q.query(`DROP TABLE action_due_date_changes`);
    await q.query(`SELECT leerlus_rebuild_report_rollups()`);
  }

  private replace(definition: string): string {
    return definition.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');
  }

  /**
   * What one action counts for; `overdue` gives the rows of actions.overdueAtQuarterEnd (month, count)
   * from `o.closes`, the first month start at which it is no longer open (null while it is).
   */
  private counts(overdue: string, volatility: string): string {
    return `
      CREATE OR REPLACE FUNCTION leerlus_action_report_counts(a actions)
      RETURNS SETOF report_count_deltas LANGUAGE sql ${volatility} AS $$
        SELECT a.organisation_id, a.chain_id, v.month, v.figure, v.dimension, v.count
        FROM (VALUES
          (leerlus_report_month(a.created_at), 'actions.byAddressedRole', coalesce(a.addressed_role, 'unknown')::text, 1),
          (leerlus_report_month(a.completed_at), 'actions.done', '', 1),
          (CASE WHEN (a.completed_at AT TIME ZONE 'Europe/Amsterdam')::date <= a.due_date
                THEN leerlus_report_month(a.completed_at) END, 'actions.doneOnTime', '', 1)
        ) AS v(month, figure, dimension, count)
        WHERE v.month IS NOT NULL
        UNION ALL
        SELECT a.organisation_id, a.chain_id, x.month, 'actions.overdueAtQuarterEnd', '', x.count
        FROM (SELECT (leerlus_report_month(least(a.completed_at, a.cancelled_at)) + interval '1 month')::date AS closes) o
        CROSS JOIN LATERAL (${overdue}) AS x(month, count)
        WHERE x.month IS NOT NULL
      $$`;
  }

  /** Removes everything derived from a truncated table; `more` for what this migration adds. */
  private truncate(more: string): string {
    return `
      CREATE OR REPLACE FUNCTION leerlus_report_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM report_counts WHERE figure LIKE TG_TABLE_NAME || '.%';
        DELETE FROM report_count_deltas WHERE figure LIKE TG_TABLE_NAME || '.%';
        IF TG_TABLE_NAME IN ('incidents', 'lessons') THEN DELETE FROM report_incident_learning; END IF;
        IF TG_TABLE_NAME = 'incidents' THEN DELETE FROM incident_status_changes; END IF;${more ? `\n        ${more}` : ''}
        RETURN NULL;
      END $$`;
  }
}
