import { DateTime, Duration } from 'luxon';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { ReflectionSessionEntity } from './reflection-session.entity';

/**
 * When a session's agenda goes out: its start minus the series' lead time, on the series' clock,
 * but not before the session had its time (scheduledSince: made or moved within its lead time, or
 * a longer lead time set). Before then the agenda was due before anyone could send it, and the
 * delivery log, the webhook's occurredAt and the lag metric counted it late by that much.
 */
export function agendaDueAt(
  series: Pick<ReflectionSeriesEntity, 'timeZone' | 'agendaLeadTime'>,
  session: Pick<ReflectionSessionEntity, 'scheduledAt' | 'scheduledSince'>,
): Date {
  const byLeadTime = DateTime.fromJSDate(session.scheduledAt, { zone: series.timeZone })
    .minus(Duration.fromISO(series.agendaLeadTime))
    .toJSDate();
  return session.scheduledSince && session.scheduledSince > byLeadTime ? session.scheduledSince : byLeadTime;
}
