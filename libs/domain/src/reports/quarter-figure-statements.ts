/**
 * The SQL behind the quarterly report. Every statement gets the same parameters:
 *   $1 organisation id, $2 chain id or null, $3/$4/$5 arrays of the periods' start (inclusive),
 *   end (exclusive) and last local day,
 * and aggregates all periods in one pass, returning rows (n, figure, dimension, value) where n
 * is the index of the period. All counting happens in the database; Node only folds the rows.
 * With custom plans (node-pg sends unnamed statements) `$2 IS NULL` folds away, so the chain
 * filter costs nothing when absent and is an index condition when present.
 */

const PERIODS = `periods AS (
  SELECT (p.ord - 1)::int AS n, p.start_at, p.end_at, p.last_day
  FROM unnest($3::timestamptz[], $4::timestamptz[], $5::date[]) WITH ORDINALITY AS p(start_at, end_at, last_day, ord)
)`;

/** Rows of `from` (aliased x) whose `at` falls in each period, counted per `dimension`. */
function countInPeriod(
  figure: string,
  from: string,
  at: string,
  options: { dimension?: string; chain?: string; where?: string } = {},
): string {
  const dimension = options.dimension ?? 'NULL::text';
  const chain = options.chain ?? 'x.chain_id';
  return `SELECT p.n, '${figure}' AS figure, ${dimension} AS dimension, count(*)::float8 AS value
    FROM periods p JOIN ${from} ON x.organisation_id = $1 AND ${at} >= p.start_at AND ${at} < p.end_at
    WHERE ($2::uuid IS NULL OR ${chain} = $2) ${options.where ?? ''}
    GROUP BY 1, 3`;
}

/**
 * Incidents of the quarter by dimension, their status at quarter end and how they led to lessons.
 * Status at quarter end: an incident not updated since the quarter ended still has the status it
 * had then; for the others the audit log's first status change after the end says what it was
 * (`changes.status.from`), and without such a change it is the current status.
 */
const INCIDENTS = `WITH ${PERIODS},
q AS MATERIALIZED (
  SELECT p.n, p.end_at, i.id, i.reported_at, i.severity, i.public_attention, i.cause_level, i.source,
         i.status, i.recurrence, i.updated_at
  FROM periods p
  JOIN incidents i ON i.organisation_id = $1 AND i.reported_at >= p.start_at AND i.reported_at < p.end_at
  WHERE ($2::uuid IS NULL OR i.chain_id = $2)
),
at_end AS (
  SELECT q.n, CASE WHEN q.updated_at < q.end_at THEN q.status ELSE coalesce((
    SELECT a.changes -> 'status' ->> 'from' FROM audit_events a
    WHERE a.entity_type = 'incident' AND a.entity_id = q.id AND a.occurred_at >= q.end_at
      AND a.action = 'update' AND a.changes ? 'status'
    ORDER BY a.occurred_at LIMIT 1), q.status) END AS status
  FROM q
),
learn AS (
  SELECT q.n, count(l.source_id) AS lessons,
         extract(epoch FROM min(l.validated_at) - q.reported_at) / 86400 AS days_to_validated,
         min(l.embedded_at) AS first_embedded
  FROM q LEFT JOIN lessons l ON l.source_type = 'incident' AND l.source_id = q.id AND l.organisation_id = $1
  GROUP BY q.n, q.id, q.reported_at
)
SELECT n, 'incidents.total' AS figure, NULL::text AS dimension, count(*)::float8 AS value FROM q GROUP BY 1, 3
UNION ALL SELECT n, 'incidents.bySeverity', severity, count(*) FROM q GROUP BY 1, 3
UNION ALL SELECT n, 'incidents.byPublicAttention', public_attention, count(*) FROM q GROUP BY 1, 3
UNION ALL SELECT n, 'incidents.byCauseLevel', coalesce(cause_level, 'unknown'), count(*) FROM q GROUP BY 1, 3
UNION ALL SELECT n, 'incidents.bySource', source, count(*) FROM q GROUP BY 1, 3
UNION ALL SELECT n, 'incidents.recurrences', NULL, count(*) FROM q WHERE recurrence GROUP BY 1, 3
UNION ALL SELECT n, 'incidents.byStatusAtQuarterEnd', status, count(*) FROM at_end GROUP BY 1, 3
UNION ALL ${countInPeriod('incidents.closed', 'incidents x', 'x.closed_at')}
UNION ALL SELECT s.n, v.figure, NULL, v.value
FROM (
  SELECT n,
    count(*) FILTER (WHERE lessons > 0) AS with_lesson,
    count(days_to_validated) AS with_validated,
    count(first_embedded) AS with_embedded,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_validated) AS median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY days_to_validated) AS p90
  FROM learn GROUP BY n
) s
CROSS JOIN LATERAL (VALUES
  ('learning.incidentsWithLesson', s.with_lesson::float8),
  ('learning.incidentsWithValidatedLesson', s.with_validated::float8),
  ('learning.incidentsWithEmbeddedLesson', s.with_embedded::float8),
  ('learning.medianDaysToValidatedLesson', s.median),
  ('learning.p90DaysToValidatedLesson', s.p90)
) AS v(figure, value)`;

const LESSONS = `WITH ${PERIODS}
${countInPeriod('lessons.byAddressedRole', 'lessons x', 'x.created_at', { dimension: 'x.addressed_role' })}
UNION ALL ${countInPeriod('lessons.byResponse', 'lessons x', 'x.validated_at', { dimension: "coalesce(x.response, 'unknown')" })}
UNION ALL ${countInPeriod('lessons.embedded', 'lessons x', 'x.embedded_at')}
UNION ALL ${countInPeriod('lessons.rechecksDue', 'lessons x', 'x.recheck_at')}
UNION ALL ${countInPeriod('lessons.rechecksDone', 'lessons x', 'x.rechecked_at')}`;

const BEST_PRACTICES = `WITH ${PERIODS}
${countInPeriod('bestPractices.proposed', 'best_practices x', 'x.created_at')}
UNION ALL ${countInPeriod('bestPractices.endorsed', 'best_practices x', 'x.endorsed_at')}
UNION ALL ${countInPeriod('bestPractices.adopted', 'best_practices x', 'x.adopted_at')}
UNION ALL ${countInPeriod('bestPractices.adoptions', 'best_practice_adoptions x', 'x.adopted_at', {
  chain: '(SELECT b.chain_id FROM best_practices b WHERE b.id = x.best_practice_id)',
})}`;

/**
 * Open at quarter end = created before the end and neither completed nor cancelled before it.
 * Split into three disjoint cases (still open now / completed after the end / cancelled after
 * the end) so each is a range scan on its own partial index instead of a scan of every action.
 */
const OVERDUE = `SELECT p.n, 'actions.overdueAtQuarterEnd' AS figure, NULL::text AS dimension, count(*)::float8 AS value
  FROM periods p JOIN actions x ON x.organisation_id = $1 AND x.due_date < p.last_day AND x.created_at < p.end_at
  WHERE ($2::uuid IS NULL OR x.chain_id = $2) AND %CASE%
  GROUP BY 1, 3`;

const ACTIONS = `WITH ${PERIODS}
${countInPeriod('actions.byAddressedRole', 'actions x', 'x.created_at', { dimension: "coalesce(x.addressed_role, 'unknown')" })}
UNION ALL ${countInPeriod('actions.done', 'actions x', 'x.completed_at')}
UNION ALL ${countInPeriod('actions.doneOnTime', 'actions x', 'x.completed_at', {
  where: "AND (x.completed_at AT TIME ZONE 'Europe/Amsterdam')::date <= x.due_date",
})}
UNION ALL ${OVERDUE.replace('%CASE%', 'x.completed_at IS NULL AND x.cancelled_at IS NULL')}
UNION ALL ${OVERDUE.replace('%CASE%', 'x.completed_at >= p.end_at AND (x.cancelled_at IS NULL OR x.cancelled_at >= p.end_at)')}
UNION ALL ${OVERDUE.replace('%CASE%', 'x.completed_at IS NULL AND x.cancelled_at >= p.end_at')}`;

/**
 * Sessions by status; agenda time of the held ones; escalations, counted once per escalation:
 * an escalation e-mail goes to each recipient under a dedupe key that ends in `:<recipient>`,
 * so the key without its last segment identifies the escalation (series and session).
 */
const REFLECTION = `WITH ${PERIODS},
s AS MATERIALIZED (
  SELECT p.n, x.id, x.status
  FROM periods p
  JOIN reflection_sessions x ON x.organisation_id = $1 AND x.scheduled_at >= p.start_at AND x.scheduled_at < p.end_at
  WHERE ($2::uuid IS NULL OR (SELECT r.chain_id FROM reflection_series r WHERE r.id = x.series_id) = $2)
)
SELECT n, 'reflection.byStatus' AS figure, status::text AS dimension, count(*)::float8 AS value FROM s GROUP BY 1, 3
UNION ALL SELECT m.n, v.figure, NULL, v.value
FROM (
  SELECT s.n, sum(a.timebox_minutes) AS total, coalesce(sum(a.timebox_minutes) FILTER (WHERE a.learning), 0) AS learning
  FROM s JOIN agenda_items a ON a.session_id = s.id AND a.status NOT IN ('dropped', 'carried-over')
  WHERE s.status = 'held'
  GROUP BY s.n
) m
CROSS JOIN LATERAL (VALUES ('reflection.agendaMinutes', m.total::float8), ('reflection.learningMinutes', m.learning::float8)) AS v(figure, value)
UNION ALL SELECT p.n, 'reflection.escalations', NULL, count(DISTINCT regexp_replace(x.dedupe_key, ':[^:]*$', ''))::float8
FROM periods p
JOIN notifications x ON x.organisation_id = $1 AND x.kind = 'reflection-escalation'
  AND x.due_at >= p.start_at AND x.due_at < p.end_at AND x.status <> 'cancelled'
WHERE ($2::uuid IS NULL OR $2 = (
  SELECT r.chain_id FROM reflection_series r
  WHERE r.id = x.subject_id OR r.id = (SELECT ss.series_id FROM reflection_sessions ss WHERE ss.id = x.subject_id)
  LIMIT 1))
GROUP BY 1`;

/** Each chain that existed at a period's end, with the role assignments valid on its last day. */
const TRIANGLES = `WITH ${PERIODS}
SELECT p.n, c.id AS "chainId", c.name, a.id, a.person_id AS "personId", a.role,
       a.valid_from::text AS "validFrom", a.valid_to::text AS "validTo"
FROM periods p
JOIN chains c ON c.organisation_id = $1 AND c.created_at < p.end_at AND ($2::uuid IS NULL OR c.id = $2)
LEFT JOIN role_assignments a ON a.chain_id = c.id AND a.valid_from <= p.last_day
  AND (a.valid_to IS NULL OR a.valid_to >= p.last_day)
ORDER BY p.n, lower(c.name), c.id, a.role, a.person_id`;

export const QUARTER_FIGURE_STATEMENTS = {
  figures: [INCIDENTS, LESSONS, BEST_PRACTICES, ACTIONS, REFLECTION],
  triangles: TRIANGLES,
};
