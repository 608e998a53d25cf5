import { EntityManager } from 'typeorm';
import { PlannedSession } from './plan-sessions';
import { remindedSessionSql } from './reminded-session-sql';
import { ReflectionSeriesEntity } from './reflection-series.entity';

/** A session the rule does not decide, where it was meant to be, where it is and until when. */
export type TakenSession = Pick<PlannedSession, 'occurrenceStart' | 'scheduledAt'> &
  Partial<Pick<PlannedSession, 'endsAt'>>;

/**
 * The sessions of the series, from `since` on, that the rule does not decide: past, held,
 * cancelled, postponed (and their replacements), reminded of, or with a lesson or action drawn
 * from them. The rule's untouched sessions still to come are not among them.
 */
export async function takenSessions(
  m: EntityManager,
  series: ReflectionSeriesEntity,
  since: Date,
  now: Date,
): Promise<TakenSession[]> {
  const rows: TakenSession[] = await m.query(
    `SELECT s.occurrence_start AS "occurrenceStart", s.scheduled_at AS "scheduledAt", s.ends_at AS "endsAt"
     FROM reflection_sessions s
     WHERE s.series_id = $1 AND (s.scheduled_at >= $2 OR s.occurrence_start >= $2)
       AND (s.status <> 'planned' OR s.rescheduled_from_id IS NOT NULL OR s.scheduled_at <= $3
            OR EXISTS (SELECT 1 FROM lessons l WHERE l.source_type = 'reflection-session' AND l.source_id = s.id)
            OR EXISTS (SELECT 1 FROM actions a WHERE a.source_type = 'reflection-session' AND a.source_id = s.id)
            OR ${remindedSessionSql('s')})`,
    [series.id, since, now],
  );
  return rows.map((row) => ({
    occurrenceStart: new Date(row.occurrenceStart),
    scheduledAt: new Date(row.scheduledAt),
    endsAt: row.endsAt && new Date(row.endsAt),
  }));
}
