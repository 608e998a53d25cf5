import { Quarter } from './quarter';
import { ReportScope } from './report-scope';

/**
 * The SQL behind the quarterly report. A report covers two adjacent quarters, the previous one
 * (n = 1) and the requested one (n = 0), so every count is one index range scan over both:
 *   $1 organisation id, $2 chain id or null,
 *   $3 start of the previous quarter, $4 start of the quarter (= end of the previous one),
 *   $5 end of the quarter, and where needed $6/$7 the last local day of the previous quarter and
 *   of the quarter.
 * Each statement returns rows (n, figure, dimension, value); Node only folds them into the report.
 * node-pg sends unnamed statements, so Postgres plans them with the actual values: `$2 IS NULL`
 * folds away without a chain, and with one the chain_id stored in each covering index filters.
 */

/** Which of the two quarters a timestamp falls in. */
const N = (at: string) => `CASE WHEN ${at} >= $4 THEN 0 ELSE 1 END`;

/** Rows of `from` (aliased x) whose `at` falls in either quarter, counted per quarter and `dimension`. */
function countInQuarters(
  figure: string,
  from: string,
  at: string,
  options: { dimension?: string; chain?: string; where?: string } = {},
): string {
  return `SELECT ${N(at)} AS n, '${figure}' AS figure, ${options.dimension ?? 'NULL::text'} AS dimension, count(*)::float8 AS value
    FROM ${from}
    WHERE x.organisation_id = $1 AND ${at} >= $3 AND ${at} < $5
      AND ($2::uuid IS NULL OR ${options.chain ?? 'x.chain_id'} = $2) ${options.where ?? ''}
    GROUP BY 1, 3`;
}

/**
 * Incidents of both quarters by every dimension: one pass over the covering index, aggregated
 * once over all dimensions together (a few thousand combinations), then each breakdown is summed
 * from that small set. byStatusAtQuarterEnd is the current status (see the DTO): reconstructing
 * it from the audit log costs an index probe per incident, too slow for a million incidents.
 */
const INCIDENTS = `WITH c AS MATERIALIZED (
  SELECT ${N('i.reported_at')} AS n, i.severity, i.public_attention, coalesce(i.cause_level, 'unknown') AS cause_level,
         i.source, i.status, i.recurrence, count(*) AS k
  FROM incidents i
  WHERE i.organisation_id = $1 AND i.reported_at >= $3 AND i.reported_at < $5 AND ($2::uuid IS NULL OR i.chain_id = $2)
  GROUP BY 1, 2, 3, 4, 5, 6, 7
)
SELECT n, 'incidents.bySeverity' AS figure, severity::text AS dimension, sum(k)::float8 AS value FROM c GROUP BY 1, 3
UNION ALL SELECT n, 'incidents.byPublicAttention', public_attention, sum(k) FROM c GROUP BY 1, 3
UNION ALL SELECT n, 'incidents.byCauseLevel', cause_level, sum(k) FROM c GROUP BY 1, 3
UNION ALL SELECT n, 'incidents.bySource', source, sum(k) FROM c GROUP BY 1, 3
UNION ALL SELECT n, 'incidents.byStatusAtQuarterEnd', status, sum(k) FROM c GROUP BY 1, 3
UNION ALL SELECT n, 'incidents.recurrences', NULL, sum(k) FROM c WHERE recurrence GROUP BY 1
UNION ALL ${countInQuarters('incidents.closed', 'incidents x', 'x.closed_at')}`;

/**
 * What the incidents of both quarters led to. A lesson is drawn from an incident after the
 * incident was registered, so only lessons created since the start of the previous quarter can
 * belong to these incidents: they are grouped per incident (first validation, first embedding)
 * and joined to the incidents of the two quarters; incidents without lessons need no row.
 */
const LEARNING = `SELECT s.n, v.figure, NULL::text AS dimension, v.value
FROM (
  SELECT ${N('i.reported_at')} AS n, count(*) AS with_lesson, count(d.validated_at) AS with_validated,
         count(d.embedded_at) AS with_embedded,
         percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM d.validated_at - i.reported_at) / 86400) AS days
  FROM (
    SELECT l.source_id, min(l.validated_at) AS validated_at, min(l.embedded_at) AS embedded_at
    FROM lessons l
    WHERE l.organisation_id = $1 AND l.source_type = 'incident' AND l.created_at >= $3
    GROUP BY l.source_id
  ) d
  JOIN incidents i ON i.id = d.source_id
  WHERE i.organisation_id = $1 AND i.reported_at >= $3 AND i.reported_at < $5 AND ($2::uuid IS NULL OR i.chain_id = $2)
  GROUP BY 1
) s
CROSS JOIN LATERAL (VALUES
  ('learning.incidentsWithLesson', s.with_lesson::float8),
  ('learning.incidentsWithValidatedLesson', s.with_validated::float8),
  ('learning.incidentsWithEmbeddedLesson', s.with_embedded::float8),
  ('learning.medianDaysToValidatedLesson', s.days[1]),
  ('learning.p90DaysToValidatedLesson', s.days[2])
) AS v(figure, value)`;

const LESSONS = [
  countInQuarters('lessons.byAddressedRole', 'lessons x', 'x.created_at', { dimension: 'x.addressed_role' }),
  countInQuarters('lessons.byResponse', 'lessons x', 'x.validated_at', {
    dimension: "coalesce(x.response, 'unknown')",
  }),
  countInQuarters('lessons.embedded', 'lessons x', 'x.embedded_at'),
  countInQuarters('lessons.rechecksDue', 'lessons x', 'x.recheck_at'),
  countInQuarters('lessons.rechecksDone', 'lessons x', 'x.rechecked_at'),
].join('\nUNION ALL ');

const BEST_PRACTICES = [
  countInQuarters('bestPractices.proposed', 'best_practices x', 'x.created_at'),
  countInQuarters('bestPractices.endorsed', 'best_practices x', 'x.endorsed_at'),
  countInQuarters('bestPractices.adopted', 'best_practices x', 'x.adopted_at'),
  countInQuarters('bestPractices.adoptions', 'best_practice_adoptions x', 'x.adopted_at', {
    chain: '(SELECT b.chain_id FROM best_practices b WHERE b.id = x.best_practice_id)',
  }),
].join('\nUNION ALL ');

/**
 * Actions open at the end of quarter n (created before `end`, neither completed nor cancelled
 * before it) with a due date before its last day, as three disjoint cases — still open now,
 * completed after the end, cancelled after the end — so each is a range scan on its own partial
 * covering index instead of a scan of every action.
 */
function overdueAtEnd(n: number, end: string, lastDay: string): string[] {
  return [
    'x.completed_at IS NULL AND x.cancelled_at IS NULL',
    `x.completed_at >= ${end} AND (x.cancelled_at IS NULL OR x.cancelled_at >= ${end})`,
    `x.cancelled_at >= ${end} AND x.completed_at IS NULL`,
  ].map(
    (
      open,
    ) => `SELECT ${n} AS n, 'actions.overdueAtQuarterEnd' AS figure, NULL::text AS dimension, count(*)::float8 AS value
    FROM actions x
    WHERE x.organisation_id = $1 AND ${open} AND x.due_date < ${lastDay} AND x.created_at < ${end}
      AND ($2::uuid IS NULL OR x.chain_id = $2)`,
  );
}

const ACTIONS = [
  countInQuarters('actions.byAddressedRole', 'actions x', 'x.created_at', {
    dimension: "coalesce(x.addressed_role, 'unknown')",
  }),
  countInQuarters('actions.done', 'actions x', 'x.completed_at'),
  countInQuarters('actions.doneOnTime', 'actions x', 'x.completed_at', {
    where: "AND (x.completed_at AT TIME ZONE 'Europe/Amsterdam')::date <= x.due_date",
  }),
  ...overdueAtEnd(0, '$5::timestamptz', '$7::date'),
  ...overdueAtEnd(1, '$4::timestamptz', '$6::date'),
].join('\nUNION ALL ');

const SERIES_CHAIN = '(SELECT r.chain_id FROM reflection_series r WHERE r.id = x.series_id)';

/**
 * Sessions by status; agenda time of the held ones; escalations, counted once per escalation:
 * an escalation e-mail goes to each recipient under a dedupe key that ends in `:<recipient>`,
 * so the key without its last segment identifies the escalation (series and session).
 */
const REFLECTION = `${countInQuarters('reflection.byStatus', 'reflection_sessions x', 'x.scheduled_at', {
  dimension: 'x.status',
  chain: SERIES_CHAIN,
})}
UNION ALL SELECT m.n, v.figure, NULL, v.value
FROM (
  SELECT ${N('x.scheduled_at')} AS n, sum(a.timebox_minutes) AS total,
         coalesce(sum(a.timebox_minutes) FILTER (WHERE a.learning), 0) AS learning
  FROM reflection_sessions x
  JOIN agenda_items a ON a.session_id = x.id AND a.status NOT IN ('dropped', 'carried-over')
  WHERE x.organisation_id = $1 AND x.scheduled_at >= $3 AND x.scheduled_at < $5 AND x.status = 'held'
    AND ($2::uuid IS NULL OR ${SERIES_CHAIN} = $2)
  GROUP BY 1
) m
CROSS JOIN LATERAL (VALUES ('reflection.agendaMinutes', m.total::float8), ('reflection.learningMinutes', m.learning::float8)) AS v(figure, value)
UNION ALL SELECT ${N('x.due_at')}, 'reflection.escalations', NULL, count(DISTINCT regexp_replace(x.dedupe_key, ':[^:]*$', ''))::float8
FROM notifications x
WHERE x.organisation_id = $1 AND x.kind = 'reflection-escalation' AND x.status <> 'cancelled'
  AND x.due_at >= $3 AND x.due_at < $5
  AND ($2::uuid IS NULL OR $2 = (
    SELECT r.chain_id FROM reflection_series r
    WHERE r.id = x.subject_id OR r.id = (SELECT s.series_id FROM reflection_sessions s WHERE s.id = x.subject_id)
    LIMIT 1))
GROUP BY 1`;

/**
 * Each chain that existed at a quarter's end, with the role assignments valid on its last day
 * ($3/$4 end and $5/$6 last day of the previous quarter and of the quarter).
 */
const TRIANGLES = `SELECT p.n, c.id AS "chainId", c.name, a.id, a.person_id AS "personId", a.role,
       a.valid_from::text AS "validFrom", a.valid_to::text AS "validTo"
FROM (VALUES (0, $4::timestamptz, $6::date), (1, $3::timestamptz, $5::date)) AS p(n, end_at, last_day)
JOIN chains c ON c.organisation_id = $1 AND c.created_at < p.end_at AND ($2::uuid IS NULL OR c.id = $2)
LEFT JOIN role_assignments a ON a.chain_id = c.id AND a.valid_from <= p.last_day
  AND (a.valid_to IS NULL OR a.valid_to >= p.last_day)
ORDER BY p.n, lower(c.name), c.id, a.role, a.person_id`;

export interface ReportQuery {
  name: string;
  sql: string;
  parameters: unknown[];
}

/** The statements of one report (the quarter and the one before) with their parameters. */
export function quarterFigureQueries(
  scope: ReportScope,
  quarter: Quarter,
): { figures: ReportQuery[]; triangles: ReportQuery } {
  const previous = quarter.previous();
  const range = [
    scope.organisationId,
    scope.chainId,
    previous.startsAt.toISOString(),
    quarter.startsAt.toISOString(),
    quarter.endsAt.toISOString(),
  ];
  const lastDays = [previous.lastDay, quarter.lastDay];
  return {
    figures: [
      { name: 'incidents', sql: INCIDENTS, parameters: range },
      { name: 'learning', sql: LEARNING, parameters: range },
      { name: 'lessons', sql: LESSONS, parameters: range },
      { name: 'best practices', sql: BEST_PRACTICES, parameters: range },
      { name: 'actions', sql: ACTIONS, parameters: [...range, ...lastDays] },
      { name: 'reflection', sql: REFLECTION, parameters: range },
    ],
    triangles: {
      name: 'triangles',
      sql: TRIANGLES,
      parameters: [
        scope.organisationId,
        scope.chainId,
        quarter.startsAt.toISOString(),
        quarter.endsAt.toISOString(),
        ...lastDays,
      ],
    },
  };
}
