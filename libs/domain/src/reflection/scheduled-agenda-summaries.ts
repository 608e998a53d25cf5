import { EntityManager, In } from 'typeorm';
import { agendaSummaryOf } from './agenda-summary-of';
import { AgendaItemStatus } from './agenda-item-status';
import { AgendaItemEntity } from './agenda-item.entity';
import { compileAgenda } from './compile-agenda';
import { maskAgendaReferences } from './mask-agenda-references';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { ReflectionSessionEntity } from './reflection-session.entity';
import { sessionMinutes } from './session-minutes';

/**
 * The sent agendas of sessions of a series as they stand now (see scheduledAgendaSummary), by
 * session id: two statements however many sessions (a new place resends every agenda that went out).
 */
export async function scheduledAgendaSummaries(
  m: EntityManager,
  series: ReflectionSeriesEntity,
  sessions: ReflectionSessionEntity[],
): Promise<Map<string, Record<string, unknown>>> {
  const summaries = new Map<string, Record<string, unknown>>();
  if (sessions.length === 0) return summaries;
  const items = await maskAgendaReferences(
    m,
    await m.find(AgendaItemEntity, {
      where: { sessionId: In(sessions.map((s) => s.id)), status: AgendaItemStatus.Scheduled },
      order: { position: 'ASC', id: 'ASC' },
    }),
  );
  const minutes = (list: AgendaItemEntity[]) => list.reduce((n, i) => n + i.timeboxMinutes, 0);
  const empty = { carriedOver: [], manual: [], candidates: [] };
  for (const session of sessions) {
    const own = items.filter((i) => i.sessionId === session.id);
    summaries.set(
      session.id,
      agendaSummaryOf({
        totalMinutes: minutes(own),
        learningMinutes: minutes(own.filter((i) => i.learning)),
        protectedMinutes: compileAgenda({
          sessionMinutes: sessionMinutes(session),
          protectedShare: series.protectedShare,
          ...empty,
        }).protectedMinutes,
        items: own,
      }),
    );
  }
  return summaries;
}
