import { PublicAttention } from '../incidents/public-attention';
import { AgendaItemKind } from '../reflection/agenda-item-kind';
import { Quarter } from './quarter';
import { ReportScope } from './report-scope';
import { DUTCH_COLLATION } from '../shared/dutch-collation';

/**
 * The SQL behind the quarterly report. A report covers two adjacent quarters, the previous one
 * (n = 1) and the requested one (n = 0), so every figure comes from one read over both:
 *   $1 organisation id, $2 chain id or null, then for the rollups $3/$4/$5 the first local day of
 *   the previous quarter, of the quarter and of the next one (and $6 the report's local day), and
 *   for the rest $3 start of the previous quarter, $4 start of the quarter (= end of the previous
 *   one), $5 end of the quarter.
 * Incidents, lessons and actions are read from rollups that triggers keep up to date (migration
 * 1764460000000-report-rollups); re-checks, best practices, reflection and triangles are small
 * enough to count directly. Each statement returns rows (n, figure, dimension, value); Node only folds them
 * into the report. node-pg sends unnamed statements, so Postgres plans them with the actual
 * values: `$2 IS NULL` folds away without a chain.
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

/** Figures counted per month of their event (all but the action backlog at quarter end). */
const MONTHLY_FIGURES = [
  'incidents.bySeverity',
  'incidents.byPublicAttention',
  'incidents.byCauseLevel',
  'incidents.bySource',
  'incidents.byStatusAtQuarterEnd',
  'incidents.recurrences',
  'incidents.closed',
  'lessons.byAddressedRole',
  'lessons.byResponse',
  'lessons.embedded',
  'lessons.rechecksDue',
  'actions.byAddressedRole',
  'actions.done',
  'actions.doneOnTime',
];

/** Settled counts and the increments not yet folded into them (see the report-rollups migration). */
const COUNTS_OF = `(SELECT * FROM report_counts UNION ALL SELECT * FROM report_count_deltas)`;

/**
 * Incidents, lessons and actions from the trigger-maintained monthly rollup: $3/$4/$5 are the first
 * local days of the previous quarter, the quarter and the next one, $6 the local day of the
 * report's moment. The actions overdue at a quarter's end are the running sum of their +1/-1
 * increments up to that end, for a quarter that has ended only (its end is on or before $6): the
 * increments of later months say what will be overdue if nothing changes, not what is. Each action
 * counts there with the due date it had at that end (its history of due dates, migration
 * 1765090000000), so a due date moved since leaves an ended quarter as it was.
 */
const COUNTS = `SELECT CASE WHEN c.month >= $4 THEN 0 ELSE 1 END AS n, c.figure, nullif(c.dimension, '') AS dimension,
       sum(c.count)::float8 AS value
FROM ${COUNTS_OF} c
WHERE c.organisation_id = $1 AND ($2::uuid IS NULL OR c.chain_id = $2)
  AND c.figure IN (${MONTHLY_FIGURES.map((figure) => `'${figure}'`).join(', ')})
  AND c.month >= $3::date AND c.month < $5::date
GROUP BY 1, 2, 3
UNION ALL
SELECT p.n, c.figure, NULL, sum(c.count)::float8
FROM (VALUES (0, $5::date), (1, $4::date)) AS p(n, quarter_end)
JOIN ${COUNTS_OF} c ON c.month <= p.quarter_end
WHERE c.organisation_id = $1 AND ($2::uuid IS NULL OR c.chain_id = $2) AND c.figure = 'actions.overdueAtQuarterEnd'
  AND p.quarter_end <= $6::date
GROUP BY 1, 2`;

/**
 * The actions overdue at the report's moment $4 (local day $5), for the quarter n = $3 that is
 * running then; the rule of the rollup at a quarter's end, with the moment in place of that end:
 * created before it, neither completed nor cancelled before it, and due before its day (by the
 * current due date: the one it has at the moment, the report being made now). Three
 * disjoint index ranges (still open; completed at or after the moment; cancelled at or after it and
 * never completed), so a large organisation's closed actions are not read.
 */
const OVERDUE_NOW = `SELECT $3::int AS n, 'actions.overdueAtQuarterEnd' AS figure, NULL::text AS dimension, count(*)::float8 AS value
FROM (
  SELECT x.chain_id, x.created_at FROM actions x
  WHERE x.organisation_id = $1 AND x.completed_at IS NULL AND x.cancelled_at IS NULL AND x.due_date < $5::date
  UNION ALL
  SELECT x.chain_id, x.created_at FROM actions x
  WHERE x.organisation_id = $1 AND x.completed_at >= $4 AND (x.cancelled_at IS NULL OR x.cancelled_at >= $4)
    AND x.due_date < $5::date
  UNION ALL
  SELECT x.chain_id, x.created_at FROM actions x
  WHERE x.organisation_id = $1 AND x.cancelled_at >= $4 AND x.completed_at IS NULL AND x.due_date < $5::date
) x
WHERE x.created_at < $4 AND ($2::uuid IS NULL OR x.chain_id = $2)`;

/** Rows of report_incident_learning in quarter n (0: the quarter, 1: the one before). */
const IN_QUARTER = ['r.reported_at >= $4', 'r.reported_at < $4'];
const DAYS_TO_VALIDATED = 'extract(epoch FROM r.first_validated_at - r.reported_at) / 86400';

/** Levels of public attention, for learning under pressure (as SQL literals, and column names). */
const ATTENTION = Object.values(PublicAttention);

/**
 * What the incidents of both quarters led to, from the trigger-maintained row per incident with
 * lessons of its organisation (how many, when the first was validated and embedded, its public
 * attention); incidents without lessons have no row. One pass over both quarters, each aggregate
 * filtered to its own, and per level of attention (learning under pressure).
 * Timestamps: $3 start of the previous quarter, $4 of the quarter, $5 its end.
 */
const LEARNING = `SELECT v.n, v.figure, v.dimension, v.value
FROM (
  SELECT ${[0, 1]
    .map(
      (n) => `count(*) FILTER (WHERE ${IN_QUARTER[n]}) AS with_lesson_${n},
         count(r.first_validated_at) FILTER (WHERE ${IN_QUARTER[n]}) AS with_validated_${n},
         count(r.first_embedded_at) FILTER (WHERE ${IN_QUARTER[n]}) AS with_embedded_${n},
         percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${DAYS_TO_VALIDATED}) FILTER (WHERE ${IN_QUARTER[n]}) AS days_${n},
         ${ATTENTION.map(
           (
             level,
           ) => `count(*) FILTER (WHERE ${IN_QUARTER[n]} AND r.public_attention = '${level}') AS with_lesson_${n}_${level},
         count(r.first_validated_at) FILTER (WHERE ${IN_QUARTER[n]} AND r.public_attention = '${level}') AS with_validated_${n}_${level}`,
         ).join(',\n         ')}`,
    )
    .join(',\n         ')}
  FROM report_incident_learning r
  WHERE r.organisation_id = $1 AND r.reported_at >= $3 AND r.reported_at < $5 AND ($2::uuid IS NULL OR r.chain_id = $2)
) s
CROSS JOIN LATERAL (VALUES ${[0, 1]
  .map(
    (n) => `
  (${n}, 'learning.incidentsWithLesson', NULL::text, s.with_lesson_${n}::float8),
  (${n}, 'learning.incidentsWithValidatedLesson', NULL, s.with_validated_${n}::float8),
  (${n}, 'learning.incidentsWithEmbeddedLesson', NULL, s.with_embedded_${n}::float8),
  (${n}, 'learning.medianDaysToValidatedLesson', NULL, s.days_${n}[1]),
  (${n}, 'learning.p90DaysToValidatedLesson', NULL, s.days_${n}[2]),${ATTENTION.map(
    (level) => `
  (${n}, 'learning.incidentsWithLessonByPublicAttention', '${level}', s.with_lesson_${n}_${level}::float8),
  (${n}, 'learning.incidentsWithValidatedLessonByPublicAttention', '${level}', s.with_validated_${n}_${level}::float8)`,
  ).join(',')}`,
  )
  .join(',')}
) AS v(n, figure, dimension, value)`;

const BEST_PRACTICES = [
  countInQuarters('bestPractices.proposed', 'best_practices x', 'x.created_at'),
  countInQuarters('bestPractices.endorsed', 'best_practices x', 'x.endorsed_at'),
  countInQuarters('bestPractices.adopted', 'best_practices x', 'x.adopted_at'),
  countInQuarters('bestPractices.adoptions', 'best_practice_adoptions x', 'x.adopted_at', {
    chain: '(SELECT b.chain_id FROM best_practices b WHERE b.id = x.best_practice_id)',
  }),
].join('\nUNION ALL ');

const LESSON_CHAIN = '(SELECT l.chain_id FROM lessons l WHERE l.id = x.lesson_id)';

/**
 * Re-checks from their history: done by when they were recorded, due by the date that was planned
 * then. The dates planned and not recorded are due by the rollup (COUNTS, migration 1765120000000):
 * each date a lesson still had when its day came, also when it was moved afterwards (a missed
 * re-check stays due in its quarter), and the current one while it has not come. Each re-check is
 * due once: the rollup leaves out the date a recording replaced (it is counted here, by dueAt), so
 * a re-check recorded late is not due twice, and an early check and the next one planned in the
 * same quarter are two re-checks, not one twice.
 */
const RECHECKS = [
  countInQuarters('lessons.rechecksDone', 'lesson_rechecks x', 'x.checked_at', { chain: LESSON_CHAIN }),
  countInQuarters('lessons.rechecksDue', 'lesson_rechecks x', 'x.due_at', { chain: LESSON_CHAIN }),
].join('\nUNION ALL ');

const SERIES_CHAIN = '(SELECT r.chain_id FROM reflection_series r WHERE r.id = x.series_id)';

/**
 * Sessions by status; agenda time of the held ones (all, on learning items, on themes);
 * escalations, counted once per escalation: an escalation e-mail goes to each recipient under a
 * dedupe key that ends in `:<recipient>`, so the key without its last segment identifies the
 * escalation (series and session).
 */
const REFLECTION = `${countInQuarters('reflection.byStatus', 'reflection_sessions x', 'x.scheduled_at', {
  dimension: 'x.status',
  chain: SERIES_CHAIN,
  // Sessions begun by the report's moment: those still to come are neither held nor missed.
  where: 'AND x.scheduled_at < $6',
})}
UNION ALL SELECT m.n, v.figure, NULL, v.value
FROM (
  SELECT ${N('x.scheduled_at')} AS n, sum(a.timebox_minutes) AS total,
         coalesce(sum(a.timebox_minutes) FILTER (WHERE a.learning), 0) AS learning,
         coalesce(sum(a.timebox_minutes) FILTER (WHERE a.kind = '${AgendaItemKind.Theme}'), 0) AS themes
  FROM reflection_sessions x
  JOIN agenda_items a ON a.session_id = x.id AND a.status NOT IN ('dropped', 'carried-over')
  WHERE x.organisation_id = $1 AND x.scheduled_at >= $3 AND x.scheduled_at < $5 AND x.status = 'held'
    AND ($2::uuid IS NULL OR ${SERIES_CHAIN} = $2)
  GROUP BY 1
) m
CROSS JOIN LATERAL (VALUES ('reflection.agendaMinutes', m.total::float8), ('reflection.learningMinutes', m.learning::float8),
  ('reflection.themeMinutes', m.themes::float8)) AS v(figure, value)
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
 * Each chain that existed at a quarter's end, with the role assignments valid on the day it is
 * judged on ($3/$4 end and $5/$6 that day of the previous quarter and of the quarter).
 */
const TRIANGLES = `SELECT p.n, c.id AS "chainId", c.name, a.id, a.person_id AS "personId", a.role,
       a.valid_from::text AS "validFrom", a.valid_to::text AS "validTo",
       (SELECT pe.active FROM people pe WHERE pe.id = a.person_id) AS "holderActive"
FROM (VALUES (0, $4::timestamptz, $6::date), (1, $3::timestamptz, $5::date)) AS p(n, end_at, last_day)
JOIN chains c ON c.organisation_id = $1 AND c.created_at < p.end_at AND ($2::uuid IS NULL OR c.id = $2)
LEFT JOIN role_assignments a ON a.chain_id = c.id AND a.valid_from <= p.last_day
  AND (a.valid_to IS NULL OR a.valid_to >= p.last_day)
ORDER BY p.n, c.name COLLATE ${DUTCH_COLLATION}, c.id, a.role, a.person_id`;

export interface ReportQuery {
  name: string;
  sql: string;
  parameters: unknown[];
}

/**
 * The statements of one report (the quarter and the one before) with their parameters, as of
 * `asOf`: a quarter that has not ended by then counts the actions overdue at that moment and the
 * sessions begun by then, one that has not begun counts none.
 */
export function quarterFigureQueries(
  scope: ReportScope,
  quarter: Quarter,
  asOf: Date,
): { figures: ReportQuery[]; triangles: ReportQuery } {
  const previous = quarter.previous();
  const asOfDay = Quarter.localDate(asOf);
  const range = [
    scope.organisationId,
    scope.chainId,
    previous.startsAt.toISOString(),
    quarter.startsAt.toISOString(),
    quarter.endsAt.toISOString(),
  ];
  const months = [
    scope.organisationId,
    scope.chainId,
    previous.firstDay,
    quarter.firstDay,
    quarter.next().firstDay,
    asOfDay,
  ];
  const judgedOn = [previous.judgedOn(asOf), quarter.judgedOn(asOf)];
  const running = [quarter, previous].findIndex(
    (period) => period.hasBegunBy(asOf) && !period.hasEndedBy(asOf),
  );
  const overdueNow: ReportQuery[] =
    running === -1
      ? []
      : [
          {
            name: 'actions overdue now',
            sql: OVERDUE_NOW,
            parameters: [scope.organisationId, scope.chainId, running, asOf.toISOString(), asOfDay],
          },
        ];
  return {
    figures: [
      { name: 'counts (incidents, lessons, actions)', sql: COUNTS, parameters: months },
      ...overdueNow,
      { name: 'learning', sql: LEARNING, parameters: range },
      { name: 're-checks', sql: RECHECKS, parameters: range },
      { name: 'best practices', sql: BEST_PRACTICES, parameters: range },
      { name: 'reflection', sql: REFLECTION, parameters: [...range, asOf.toISOString()] },
    ],
    triangles: {
      name: 'triangles',
      sql: TRIANGLES,
      parameters: [
        scope.organisationId,
        scope.chainId,
        quarter.startsAt.toISOString(),
        quarter.endsAt.toISOString(),
        ...judgedOn,
      ],
    },
  };
}
