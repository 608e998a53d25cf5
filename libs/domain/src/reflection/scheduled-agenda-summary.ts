import { EntityManager } from 'typeorm';
import { agendaSummary } from './agenda-summary';
import { AgendaItemStatus } from './agenda-item-status';
import { AgendaItemEntity } from './agenda-item.entity';
import { compileAgenda } from './compile-agenda';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { ReflectionSessionEntity } from './reflection-session.entity';
import { sessionMinutes } from './session-minutes';

/**
 * A sent agenda as it stands now, read from the session's scheduled items: their titles follow
 * what happened since (an incident made confidential shows as such), unlike a stored payload.
 */
export async function scheduledAgendaSummary(
  m: EntityManager,
  series: ReflectionSeriesEntity,
  session: ReflectionSessionEntity,
): Promise<Record<string, unknown>> {
  const items = await m.find(AgendaItemEntity, {
    where: { sessionId: session.id, status: AgendaItemStatus.Scheduled },
    order: { position: 'ASC', id: 'ASC' },
  });
  const minutes = (list: AgendaItemEntity[]) => list.reduce((n, i) => n + i.timeboxMinutes, 0);
  const length = sessionMinutes(session);
  const empty = { carriedOver: [], manual: [], candidates: [] };
  return agendaSummary(m, {
    totalMinutes: minutes(items),
    learningMinutes: minutes(items.filter((i) => i.learning)),
    protectedMinutes: compileAgenda({
      sessionMinutes: length,
      protectedShare: series.protectedShare,
      ...empty,
    }).protectedMinutes,
    items,
  });
}
