import { ReflectionSeriesEntity } from './reflection-series.entity';
import { ReflectionSessionEntity } from './reflection-session.entity';

/** What every message about a session carries: the session, its series and where it meets. */
export function sessionPayload(
  series: ReflectionSeriesEntity,
  session: ReflectionSessionEntity,
): Record<string, unknown> {
  return {
    sessionId: session.id,
    seriesId: series.id,
    seriesTitle: series.title,
    scheduledAt: session.scheduledAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    timeZone: series.timeZone,
    location: series.location,
    meetingUrl: series.meetingUrl,
    icalSequence: session.icalSequence,
  };
}
