import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every difference between the rollups and a recomputation, as this migration checks them (1764810000000 adds a column). */
export const CHECK_ROLLUPS = `
      CREATE FUNCTION leerlus_check_report_rollups()
      RETURNS TABLE (rollup text, key text, expected text, actual text) LANGUAGE sql STABLE AS $$
        WITH expected AS (
          SELECT concat_ws(' ', organisation_id, coalesce(chain_id::text, '-'), month, figure, nullif(dimension, '')) AS key, count
          FROM report_counts_source
        ), actual AS (
          SELECT concat_ws(' ', organisation_id, coalesce(chain_id::text, '-'), month, figure, nullif(dimension, '')) AS key,
                 sum(count)::integer AS count
          FROM (SELECT * FROM report_counts UNION ALL SELECT * FROM report_count_deltas) c
          GROUP BY 1 HAVING sum(count) <> 0
        )
        SELECT 'report_counts', coalesce(e.key, a.key), e.count::text, a.count::text
        FROM expected e FULL JOIN actual a ON a.key = e.key
        WHERE e.count IS DISTINCT FROM a.count
        UNION ALL
        SELECT 'report_incident_learning', coalesce(e.incident_id, a.incident_id)::text,
               (e.organisation_id, e.chain_id, e.reported_at, e.lessons, e.first_validated_at, e.first_embedded_at)::text,
               (a.organisation_id, a.chain_id, a.reported_at, a.lessons, a.first_validated_at, a.first_embedded_at)::text
        FROM report_incident_learning_source e FULL JOIN report_incident_learning a ON a.incident_id = e.incident_id
        WHERE (e.organisation_id, e.chain_id, e.reported_at, e.lessons, e.first_validated_at, e.first_embedded_at)
              IS DISTINCT FROM (a.organisation_id, a.chain_id, a.reported_at, a.lessons, a.first_validated_at, a.first_embedded_at)
        ORDER BY 1, 2
      $$`;

/**
 * One statement that adds increments (rows of report_count_deltas' shape, summed per key). A
 * writer that gets its organisation's lock at once folds the pending increments and its own into
 * report_counts; one that does not, or runs at a stricter isolation level than read committed,
 * appends to report_count_deltas. The lock is only ever tried, never waited for, so writers do
 * not queue behind each other. Inlined in each trigger (no parameters: the plan is cached).
 */
export const applyRollupIncrements = (rows: string): string => `
      WITH increments AS MATERIALIZED (
        SELECT x.organisation_id, x.chain_id, x.month, x.figure, x.dimension, sum(x.count)::integer AS count
        FROM (${rows}) x
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(x.count) <> 0
      ), organisations AS MATERIALIZED (
        SELECT o.organisation_id,
               CASE WHEN current_setting('transaction_isolation') = 'read committed'
                    THEN pg_try_advisory_xact_lock(1764460000, hashtext(o.organisation_id::text)) ELSE false END AS settle
        FROM (SELECT DISTINCT organisation_id FROM increments) o
      ), queued AS (
        INSERT INTO report_count_deltas
        SELECT i.* FROM increments i JOIN organisations o USING (organisation_id) WHERE NOT o.settle
      ), pending AS (
        DELETE FROM report_count_deltas d USING organisations o
        WHERE d.organisation_id = o.organisation_id AND o.settle
        RETURNING d.*
      )
      INSERT INTO report_counts AS c (organisation_id, chain_id, month, figure, dimension, count)
      SELECT x.organisation_id, x.chain_id, x.month, x.figure, x.dimension, sum(x.count)
      FROM (SELECT * FROM pending
            UNION ALL SELECT i.* FROM increments i JOIN organisations o USING (organisation_id) WHERE o.settle) x
      GROUP BY 1, 2, 3, 4, 5 HAVING sum(x.count) <> 0
      ON CONFLICT ON CONSTRAINT report_counts_key DO UPDATE SET count = c.count + excluded.count`;
// Index scans only: the queue's statistics never describe it (it fills and empties all the
// time), and each statement here touches a few rows by key. A plain index scan also marks the
// entries of increments folded earlier as dead, so a busy queue stays cheap between vacuums,
// where a sequential or bitmap scan would visit every dead row again.
export const rollupTriggerFunction = (name: string, declare: string, body: string): string => `
      CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql
      SET enable_seqscan = off SET enable_bitmapscan = off AS $$
      ${declare}
      BEGIN
        ${body}
        RETURN NULL;
      END $$`;

/**
 * Rollups for the quarterly report, maintained by triggers so that a report reads a few thousand
 * small rows instead of every incident, lesson and action of half a year.
 *
 * - `report_counts`: per organisation, chain (or none), local month, figure and dimension, how many
 *   rows count. A quarter is exactly three months in Europe/Amsterdam, so a month bucket (the month
 *   of the Dutch local date) keeps every quarter boundary exact, New Year's Eve and the clock
 *   changes included. Only enum values are stored: no text of confidential incidents.
 * - `report_count_deltas`: increments not yet folded into `report_counts`. A writer folds them
 *   only when it gets its organisation's advisory lock without waiting; otherwise it appends its
 *   increments here. So concurrent writers never wait for each other's counter rows (an incident
 *   create keeps its transaction open through the similarity search), and a report adds the few
 *   pending rows to the settled ones.
 * - `incident_status_changes`: every status change of an incident (captured here from now on;
 *   imported from the audit log for the past), so the status at the end of the quarter in which an
 *   incident was registered is exact, not the current one.
 * - `report_incident_learning`: per incident with lessons of its organisation, how many and when the
 *   first was validated and embedded; the report takes its counts and percentiles from it.
 *
 * Every trigger is a statement trigger with transition tables (a bulk load is counted in one go)
 * and fires also under session_replication_role = replica (ENABLE ALWAYS), so bulk loaders that
 * skip foreign-key checks cannot make the rollups drift. `leerlus_check_report_rollups()` compares
 * them with a recomputation from the base tables; `leerlus_rebuild_report_rollups()` recomputes.
 */
export class ReportRollups1764460000000 implements MigrationInterface {
  name = 'ReportRollups1764460000000';

  async up(q: QueryRunner): Promise<void> {
    // The backfill at the end reads every incident, lesson, action and audited status change once:
    // about a minute for a million incidents, longer than the pool's statement timeout.
    await q.query(`SET LOCAL statement_timeout = 0`);
    // Time zone as REPORT_TIME_ZONE in libs/domain/src/reports/report-time-zone.ts.
    await q.query(`
      CREATE FUNCTION leerlus_report_month(at timestamptz) RETURNS date
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT date_trunc('month', at AT TIME ZONE 'Europe/Amsterdam')::date
      $$`);
    await q.query(`
      CREATE FUNCTION leerlus_quarter_end(at timestamptz) RETURNS timestamptz
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (date_trunc('quarter', at AT TIME ZONE 'Europe/Amsterdam') + interval '3 months') AT TIME ZONE 'Europe/Amsterdam'
      $$`);

    // No foreign keys on the derived tables: the triggers keep them in step with their sources,
    // and a key-share lock on the organisation row for every counter write would only cost.
    await q.query(`
      CREATE TABLE incident_status_changes (
        incident_id uuid NOT NULL,
        changed_at timestamptz NOT NULL,
        id bigint GENERATED ALWAYS AS IDENTITY,
        from_status varchar(15) NOT NULL,
        to_status varchar(15) NOT NULL
      )`);
    // The settled counts of the running month are updated in place all the time: room on their
    // pages keeps those updates HOT. The queue of increments churns: vacuum it early and often.
    const storage = {
      report_counts: 'fillfactor = 70',
      report_count_deltas:
        'autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, ' +
        'autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000',
    };
    for (const [table, options] of Object.entries(storage))
      await q.query(`
        CREATE TABLE ${table} (
          organisation_id uuid NOT NULL,
          chain_id uuid,
          month date NOT NULL,
          figure varchar(40) NOT NULL,
          dimension varchar(30) NOT NULL,
          count integer NOT NULL
        ) WITH (${options})`);
    await q.query(`
      ALTER TABLE report_counts ADD CONSTRAINT report_counts_key
        UNIQUE NULLS NOT DISTINCT (organisation_id, figure, month, chain_id, dimension)`);
    await q.query(
      `CREATE INDEX report_count_deltas_org_idx ON report_count_deltas (organisation_id, figure, month)`,
    );

    await q.query(`
      CREATE TABLE report_incident_learning (
        incident_id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL,
        chain_id uuid NOT NULL,
        reported_at timestamptz NOT NULL,
        lessons integer NOT NULL,
        first_validated_at timestamptz,
        first_embedded_at timestamptz
      )`);
    await q.query(`
      CREATE INDEX report_incident_learning_report_idx ON report_incident_learning (organisation_id, reported_at)
        INCLUDE (chain_id, first_validated_at, first_embedded_at)`);
    // Only lessons of the incident's own organisation count.
    await q.query(`
      CREATE VIEW report_incident_learning_source AS
      SELECT i.id AS incident_id, i.organisation_id, i.chain_id, i.reported_at, count(*)::integer AS lessons,
             min(l.validated_at) AS first_validated_at, min(l.embedded_at) AS first_embedded_at
      FROM incidents i
      JOIN lessons l ON l.source_type = 'incident' AND l.source_id = i.id AND l.organisation_id = i.organisation_id
      GROUP BY i.id`);

    // What one row counts for: (month, figure, dimension, +1 or -1). '' is "no dimension".
    await q.query(`
      CREATE FUNCTION leerlus_incident_report_counts(i incidents, status_at_quarter_end text)
      RETURNS SETOF report_count_deltas LANGUAGE sql IMMUTABLE AS $$
        SELECT i.organisation_id, i.chain_id, v.month, v.figure, v.dimension, 1
        FROM (VALUES
          (leerlus_report_month(i.reported_at), 'incidents.bySeverity', i.severity::text),
          (leerlus_report_month(i.reported_at), 'incidents.byPublicAttention', i.public_attention::text),
          (leerlus_report_month(i.reported_at), 'incidents.byCauseLevel', coalesce(i.cause_level, 'unknown')::text),
          (leerlus_report_month(i.reported_at), 'incidents.bySource', i.source::text),
          (leerlus_report_month(i.reported_at), 'incidents.byStatusAtQuarterEnd', status_at_quarter_end),
          (CASE WHEN i.recurrence THEN leerlus_report_month(i.reported_at) END, 'incidents.recurrences', ''),
          (leerlus_report_month(i.closed_at), 'incidents.closed', '')
        ) AS v(month, figure, dimension)
        WHERE v.month IS NOT NULL
      $$`);
    await q.query(`
      CREATE FUNCTION leerlus_lesson_report_counts(l lessons)
      RETURNS SETOF report_count_deltas LANGUAGE sql IMMUTABLE AS $$
        SELECT l.organisation_id, l.chain_id, v.month, v.figure, v.dimension, 1
        FROM (VALUES
          (leerlus_report_month(l.created_at), 'lessons.byAddressedRole', l.addressed_role::text),
          (leerlus_report_month(l.validated_at), 'lessons.byResponse', coalesce(l.response, 'unknown')::text),
          (leerlus_report_month(l.embedded_at), 'lessons.embedded', ''),
          (leerlus_report_month(l.recheck_at), 'lessons.rechecksDue', ''),
          (leerlus_report_month(l.rechecked_at), 'lessons.rechecksDone', '')
        ) AS v(month, figure, dimension)
        WHERE v.month IS NOT NULL
      $$`);
    // An action is overdue at the end of a quarter E (a local month start) when it was created
    // before E, not completed or cancelled before E, and due before E's last day (due + 1 day < E's
    // date). So it counts at every month start from "opens" up to (not including) "closes": +1 at
    // opens, -1 at closes, and the figure at E is the sum of everything up to E.
    await q.query(`
      CREATE FUNCTION leerlus_action_report_counts(a actions)
      RETURNS SETOF report_count_deltas LANGUAGE sql IMMUTABLE AS $$
        SELECT a.organisation_id, a.chain_id, v.month, v.figure, v.dimension, v.count
        FROM (SELECT (greatest(leerlus_report_month(a.created_at), date_trunc('month', a.due_date + 1)::date)
                        + interval '1 month')::date AS opens,
                     (leerlus_report_month(least(a.completed_at, a.cancelled_at)) + interval '1 month')::date AS closes) o
        CROSS JOIN LATERAL (VALUES
          (leerlus_report_month(a.created_at), 'actions.byAddressedRole', coalesce(a.addressed_role, 'unknown')::text, 1),
          (leerlus_report_month(a.completed_at), 'actions.done', '', 1),
          (CASE WHEN (a.completed_at AT TIME ZONE 'Europe/Amsterdam')::date <= a.due_date
                THEN leerlus_report_month(a.completed_at) END, 'actions.doneOnTime', '', 1),
          (CASE WHEN o.closes IS NULL OR o.opens < o.closes THEN o.opens END, 'actions.overdueAtQuarterEnd', '', 1),
          (CASE WHEN o.opens < o.closes THEN o.closes END, 'actions.overdueAtQuarterEnd', '', -1)
        ) AS v(month, figure, dimension, count)
        WHERE v.month IS NOT NULL
      $$`);
    // The counts as the base tables say they are: the definition the triggers must keep to. The
    // status at quarter end is looked up here in one pass over the history, where a trigger looks
    // it up per row it sees (below): two formulations of one rule, which the check compares. A
    // status change at the very instant the quarter ends is after it.
    await q.query(`
      CREATE VIEW report_counts_source AS
      WITH after_quarter_end AS (
        SELECT DISTINCT ON (c.incident_id) c.incident_id, c.from_status
        FROM incident_status_changes c JOIN incidents i ON i.id = c.incident_id
        WHERE c.changed_at >= leerlus_quarter_end(i.reported_at)
        ORDER BY c.incident_id, c.changed_at, c.id
      )
      SELECT c.organisation_id, c.chain_id, c.month, c.figure, c.dimension, sum(c.count)::integer AS count
      FROM (
        SELECT b.* FROM incidents i LEFT JOIN after_quarter_end s ON s.incident_id = i.id
        CROSS JOIN LATERAL leerlus_incident_report_counts(i, coalesce(s.from_status, i.status)) b
        UNION ALL SELECT b.* FROM lessons l CROSS JOIN LATERAL leerlus_lesson_report_counts(l) b
        UNION ALL SELECT b.* FROM actions a CROSS JOIN LATERAL leerlus_action_report_counts(a) b
      ) c
      GROUP BY 1, 2, 3, 4, 5
      HAVING sum(c.count) <> 0`);

    // Recounts the lessons of these incidents. The incidents are locked first so that two
    // transactions adding lessons to the same incident take turns, and the recount (a new snapshot
    // in read committed) sees what the other committed.
    await q.query(`
      CREATE FUNCTION leerlus_report_recount_learning(ids uuid[], lock_incidents boolean) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
        IF lock_incidents THEN
          PERFORM 1 FROM incidents i WHERE i.id = ANY (ids) ORDER BY i.id FOR NO KEY UPDATE;
        END IF;
        DELETE FROM report_incident_learning r WHERE r.incident_id = ANY (ids);
        INSERT INTO report_incident_learning SELECT * FROM report_incident_learning_source s WHERE s.incident_id = ANY (ids);
      END $$`);

    // The status at the end of the quarter an incident was registered in: the status its first
    // change at or after that instant started from, else the current one (the rule the view above
    // applies to all incidents at once). An incident recorded afterwards with an earlier reportedAt
    // so counts with the status it was recorded with.
    const incidentCounts = (rows: string, sign: string) => `
      SELECT b.organisation_id, b.chain_id, b.month, b.figure, b.dimension, ${sign} b.count AS count FROM ${rows} i
      LEFT JOIN LATERAL (
        SELECT c.from_status FROM incident_status_changes c
        WHERE c.incident_id = i.id AND c.changed_at >= leerlus_quarter_end(i.reported_at)
        ORDER BY c.changed_at, c.id LIMIT 1
      ) s ON true
      CROSS JOIN LATERAL leerlus_incident_report_counts(i, coalesce(s.from_status, i.status)) b`;
    const bucketing =
      'organisation_id, chain_id, reported_at, severity, public_attention, cause_level, source, status, recurrence, closed_at';
    const pairs = (columns: string, where: string) => `
      SELECT coalesce(n.id, o.id) AS id FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
      WHERE (${columns.replace(/(\w+)/g, 'o.$1')}) IS DISTINCT FROM (${columns.replace(/(\w+)/g, 'n.$1')}) ${where}`;

    await q.query(
      rollupTriggerFunction(
        'leerlus_incidents_report_insert',
        '',
        `${applyRollupIncrements(incidentCounts('new_rows', '+'))};
        -- Lessons are drawn after the incident, but a reloaded incident may have them already.
        IF EXISTS (SELECT 1 FROM new_rows n JOIN lessons l ON l.source_type = 'incident' AND l.source_id = n.id) THEN
          PERFORM leerlus_report_recount_learning(ARRAY(SELECT id FROM new_rows), false);
        END IF;`,
      ),
    );
    // The old rows' status at quarter end is read before this statement's status changes are
    // recorded, the new rows' after: a change before the quarter's end moves the incident, one after
    // it leaves it where it was. Changes of other columns (a title) end at the first check.
    await q.query(
      rollupTriggerFunction(
        'leerlus_incidents_report_update',
        'DECLARE removed report_count_deltas[];',
        `IF NOT EXISTS (${pairs(bucketing, '')}) THEN RETURN NULL; END IF;
        removed := ARRAY(SELECT ROW(x.*)::report_count_deltas FROM (${incidentCounts('old_rows', '-')}) x);
        INSERT INTO incident_status_changes (incident_id, changed_at, from_status, to_status)
          SELECT n.id, now(), o.status, n.status FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE n.status <> o.status ORDER BY n.id;
        ${applyRollupIncrements(`SELECT * FROM unnest(removed) UNION ALL ${incidentCounts('new_rows', '+')}`)};
        PERFORM leerlus_report_recount_learning(
          ARRAY(${pairs('organisation_id, chain_id, reported_at', '')}), false);`,
      ),
    );
    await q.query(
      rollupTriggerFunction(
        'leerlus_incidents_report_delete',
        '',
        `${applyRollupIncrements(incidentCounts('old_rows', '-'))};
        DELETE FROM incident_status_changes c WHERE c.incident_id IN (SELECT id FROM old_rows);
        DELETE FROM report_incident_learning r WHERE r.incident_id IN (SELECT id FROM old_rows);`,
      ),
    );

    const lessonCounts = (rows: string, sign: string) => `
      SELECT b.organisation_id, b.chain_id, b.month, b.figure, b.dimension, ${sign} b.count AS count
      FROM ${rows} l CROSS JOIN LATERAL leerlus_lesson_report_counts(l) b`;
    const incidentsOf = (rows: string) =>
      `ARRAY(SELECT source_id FROM ${rows} WHERE source_type = 'incident' GROUP BY 1)`;
    await q.query(
      rollupTriggerFunction(
        'leerlus_lessons_report_insert',
        '',
        `${applyRollupIncrements(lessonCounts('new_rows', '+'))};
        PERFORM leerlus_report_recount_learning(${incidentsOf('new_rows')}, true);`,
      ),
    );
    await q.query(
      rollupTriggerFunction(
        'leerlus_lessons_report_update',
        '',
        `${applyRollupIncrements(`${lessonCounts('old_rows', '-')} UNION ALL ${lessonCounts('new_rows', '+')}`)};
        PERFORM leerlus_report_recount_learning(ARRAY(
          SELECT s.source_id FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (o.source_type, o.source_id), (n.source_type, n.source_id)) AS s(source_type, source_id)
          WHERE s.source_type = 'incident'
            AND (o.organisation_id, o.source_type, o.source_id, o.validated_at, o.embedded_at)
                IS DISTINCT FROM (n.organisation_id, n.source_type, n.source_id, n.validated_at, n.embedded_at)
          GROUP BY 1), true);`,
      ),
    );
    await q.query(
      rollupTriggerFunction(
        'leerlus_lessons_report_delete',
        '',
        `${applyRollupIncrements(lessonCounts('old_rows', '-'))};
        PERFORM leerlus_report_recount_learning(${incidentsOf('old_rows')}, true);`,
      ),
    );

    const actionCounts = (rows: string, sign: string) => `
      SELECT b.organisation_id, b.chain_id, b.month, b.figure, b.dimension, ${sign} b.count AS count
      FROM ${rows} a CROSS JOIN LATERAL leerlus_action_report_counts(a) b`;
    await q.query(
      rollupTriggerFunction(
        'leerlus_actions_report_insert',
        '',
        `${applyRollupIncrements(actionCounts('new_rows', '+'))};`,
      ),
    );
    await q.query(
      rollupTriggerFunction(
        'leerlus_actions_report_update',
        '',
        `${applyRollupIncrements(`${actionCounts('old_rows', '-')} UNION ALL ${actionCounts('new_rows', '+')}`)};`,
      ),
    );
    await q.query(
      rollupTriggerFunction(
        'leerlus_actions_report_delete',
        '',
        `${applyRollupIncrements(actionCounts('old_rows', '-'))};`,
      ),
    );

    // TRUNCATE removes every row of the table, so everything derived from it goes too.
    await q.query(`
      CREATE FUNCTION leerlus_report_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM report_counts WHERE figure LIKE TG_TABLE_NAME || '.%';
        DELETE FROM report_count_deltas WHERE figure LIKE TG_TABLE_NAME || '.%';
        IF TG_TABLE_NAME IN ('incidents', 'lessons') THEN DELETE FROM report_incident_learning; END IF;
        IF TG_TABLE_NAME = 'incidents' THEN DELETE FROM incident_status_changes; END IF;
        RETURN NULL;
      END $$`);

    for (const table of ['incidents', 'lessons', 'actions']) {
      const triggers = [
        [
          `${table}_report_insert`,
          'INSERT',
          'REFERENCING NEW TABLE AS new_rows',
          `leerlus_${table}_report_insert`,
        ],
        [
          `${table}_report_update`,
          'UPDATE',
          'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
          `leerlus_${table}_report_update`,
        ],
        [
          `${table}_report_delete`,
          'DELETE',
          'REFERENCING OLD TABLE AS old_rows',
          `leerlus_${table}_report_delete`,
        ],
        [`${table}_report_truncate`, 'TRUNCATE', '', 'leerlus_report_truncate'],
      ];
      for (const [name, event, referencing, fn] of triggers) {
        await q.query(
          `CREATE TRIGGER ${name} AFTER ${event} ON ${table} ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
        );
        await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${name}`);
      }
    }

    // Status changes of the past, from the audit log, for incidents without a captured history
    // (the application audits every status change with the time of its transaction, as a trigger
    // captures it). For data loaded before the triggers existed, and for generators that write the
    // audit log directly.
    await q.query(`
      CREATE FUNCTION leerlus_import_incident_status_changes() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE imported bigint;
      BEGIN
        INSERT INTO incident_status_changes (incident_id, changed_at, from_status, to_status)
        SELECT a.entity_id, a.occurred_at, a.changes #>> '{status,from}', a.changes #>> '{status,to}'
        FROM audit_events a
        WHERE a.entity_type = 'incident' AND a.action = 'update' AND a.changes ? 'status'
          AND a.changes #>> '{status,from}' IS NOT NULL AND a.changes #>> '{status,to}' IS NOT NULL
          AND EXISTS (SELECT 1 FROM incidents i WHERE i.id = a.entity_id)
          AND NOT EXISTS (SELECT 1 FROM incident_status_changes c WHERE c.incident_id = a.entity_id)
        ORDER BY a.occurred_at, a.id;
        GET DIAGNOSTICS imported = ROW_COUNT;
        RETURN imported;
      END $$`);
    // Recomputes every rollup from the base tables, with their writers held off meanwhile.
    await q.query(`
      CREATE FUNCTION leerlus_rebuild_report_rollups() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE incidents, lessons, actions IN SHARE MODE;
        TRUNCATE report_counts, report_count_deltas, report_incident_learning;
        INSERT INTO report_counts SELECT * FROM report_counts_source;
        INSERT INTO report_incident_learning SELECT * FROM report_incident_learning_source;
      END $$`);
    // Every difference between the rollups and a recomputation; empty when they agree.
    await q.query(CHECK_ROLLUPS);

    // The backfill. Memory for the sorts and hashes over all incidents; the history's key is built
    // after its rows are in, which is faster than keeping it up to date row by row.
    await q.query(`SET LOCAL work_mem = '256MB'`);
    await q.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await q.query(`SELECT leerlus_import_incident_status_changes()`);
    await q.query(
      `ALTER TABLE incident_status_changes ADD PRIMARY KEY (incident_id, changed_at, id) INCLUDE (from_status)`,
    );
    await q.query(`SELECT leerlus_rebuild_report_rollups()`);
    await q.query(`ANALYZE incident_status_changes, report_counts, report_incident_learning`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['incidents', 'lessons', 'actions'])
      for (const event of ['insert', 'update', 'delete', 'truncate'])
        await q.query(`DROP TRIGGER ${table}_report_${event} ON ${table}`);
    for (const fn of [
      'leerlus_check_report_rollups',
      'leerlus_rebuild_report_rollups',
      'leerlus_import_incident_status_changes',
      'leerlus_report_truncate',
      'leerlus_actions_report_delete',
      'leerlus_actions_report_update',
      'leerlus_actions_report_insert',
      'leerlus_lessons_report_delete',
      'leerlus_lessons_report_update',
      'leerlus_lessons_report_insert',
      'leerlus_incidents_report_delete',
      'leerlus_incidents_report_update',
      'leerlus_incidents_report_insert',
      'leerlus_report_recount_learning',
    ])
      await q.query(`DROP FUNCTION ${fn}`);
    await q.query(`DROP VIEW report_counts_source`);
    for (const fn of [
      'leerlus_action_report_counts',
      'leerlus_lesson_report_counts',
      'leerlus_incident_report_counts',
    ])
      await q.query(`DROP FUNCTION ${fn}`);
    await q.query(`DROP VIEW report_incident_learning_source`);
    await q.query(`DROP TABLE report_incident_learning, report_count_deltas, report_counts`);
    await q.query(`DROP TABLE incident_status_changes`);
    await q.query(`DROP FUNCTION leerlus_quarter_end`);
    await q.query(`DROP FUNCTION leerlus_report_month`);
  }
}
