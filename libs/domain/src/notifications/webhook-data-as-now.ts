import { EntityManager } from 'typeorm';
import { ReflectionSeriesEntity } from '../reflection/reflection-series.entity';
import { ReflectionSessionEntity } from '../reflection/reflection-session.entity';
import { scheduledAgendaSummary } from '../reflection/scheduled-agenda-summary';
import { ClaimedNotification } from './claimed-notification';
import { NotificationSubjectType } from './notification-subject-type';
import { StaleNotificationError } from './stale-notification.error';
import { WebhookEventType } from './webhook-event-type';

/**
 * A webhook's data as it goes out. An agenda is read when it is sent, as an e-mail's is: a stored
 * copy, sent again by a retry, would name an incident made confidential since (its agenda item
 * shows it masked now). Other events carry ids, times and the series' own texts, sent as stored.
 */
export async function webhookDataAsNow(
  m: EntityManager,
  n: ClaimedNotification,
  event: string,
): Promise<Record<string, unknown>> {
  const data = (n.payload.data ?? {}) as Record<string, unknown>;
  if (event !== WebhookEventType.AgendaPublished || n.subject_type !== NotificationSubjectType.Session)
    return data;
  const session = await m.findOneBy(ReflectionSessionEntity, { id: n.subject_id });
  const series = session && (await m.findOneBy(ReflectionSeriesEntity, { id: session.seriesId }));
  if (!session || !series) throw new StaleNotificationError('the session no longer exists');
  return { ...data, agenda: await scheduledAgendaSummary(m, series, session) };
}
