import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { ReflectionSeriesEntity } from './reflection-series.entity';

/**
 * The local dates, from the day of `from` on, on which the series has a session the rule does not
 * decide: held, cancelled, postponed (its own day and its occurrence's), moved by hand, or with a
 * lesson or action drawn from it. The rule's untouched sessions are not among them.
 */
export async function takenSessionDays(
  m: EntityManager,
  series: ReflectionSeriesEntity,
  from: Date,
): Promise<Set<string>> {
  const since = DateTime.fromJSDate(from, { zone: series.timeZone }).startOf('day').toJSDate();
  const rows: { occurrenceStart: Date; scheduledAt: Date }[] = await m.query(
    `SELECT s.occurrence_start AS "occurrenceStart", s.scheduled_at AS "scheduledAt" FROM reflection_sessions s
     WHERE s.series_id = $1 AND (s.scheduled_at >= $2 OR s.occurrence_start >= $2)
       AND (s.status <> 'planned' OR s.rescheduled_from_id IS NOT NULL
            OR EXISTS (SELECT 1 FROM lessons l WHERE l.source_type = 'reflection-session' AND l.source_id = s.id)
            OR EXISTS (SELECT 1 FROM actions a WHERE a.source_type = 'reflection-session' AND a.source_id = s.id))`,
    [series.id, since],
  );
  const day = (instant: Date) =>
    DateTime.fromJSDate(new Date(instant), { zone: series.timeZone }).toISODate() as string;
  return new Set(rows.flatMap((row) => [day(row.occurrenceStart), day(row.scheduledAt)]));
}
