import { EntityManager } from 'typeorm';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { ReflectionSessionEntity } from './reflection-session.entity';
import { scheduledAgendaSummaries } from './scheduled-agenda-summaries';

/**
 * A sent agenda as it stands now, read from the session's scheduled items: their titles follow
 * what happened since (an incident made confidential shows as such), unlike a stored payload.
 */
export async function scheduledAgendaSummary(
  m: EntityManager,
  series: ReflectionSeriesEntity,
  session: ReflectionSessionEntity,
): Promise<Record<string, unknown>> {
  return (await scheduledAgendaSummaries(m, series, [session])).get(session.id) as Record<string, unknown>;
}
