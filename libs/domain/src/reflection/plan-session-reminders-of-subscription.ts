import { EntityManager } from 'typeorm';
import { WebhookEventPlanner } from '../notifications/webhook-event-planner.service';
import { loadSeries } from './load-series';
import { noticeWindowEnd } from './notice-window-end';
import { ReflectionSessionEntity } from './reflection-session.entity';
import { sessionReminderEvent } from './session-reminder-event';
import { SessionStatus } from './session-status';

/**
 * A subscription starts listening to session.reminder (made, given the event, or made active
 * again): plans it, for this subscription only, for the open sessions of its organisation's active
 * series within the notice window, at each reminder moment still ahead (one that has passed would
 * arrive late). Sessions further off get theirs from the daily job, for every subscription. In the
 * caller's transaction, one statement per series. Returns how many were planned.
 */
export async function planSessionRemindersOfSubscription(
  m: EntityManager,
  webhooks: WebhookEventPlanner,
  subscription: { id: string; organisationId: string; url: string },
  now: Date,
): Promise<number> {
  const seriesIds: { id: string }[] = await m.query(
    `SELECT DISTINCT r.id FROM reflection_series r JOIN reflection_sessions s ON s.series_id = r.id
     WHERE r.organisation_id = $1 AND r.active AND s.status IN ($2, $3)
       AND s.scheduled_at > $4 AND s.scheduled_at <= $5
     ORDER BY r.id`,
    [subscription.organisationId, SessionStatus.Planned, SessionStatus.AgendaSent, now, noticeWindowEnd(now)],
  );
  let planned = 0;
  for (const { id } of seriesIds) {
    const series = await loadSeries(m, id);
    if (!series) continue;
    const sessions = await m
      .getRepository(ReflectionSessionEntity)
      .createQueryBuilder('s')
      .where('s.seriesId = :id AND s.status IN (:...open)', {
        id,
        open: [SessionStatus.Planned, SessionStatus.AgendaSent],
      })
      .andWhere('s.scheduledAt > :now AND s.scheduledAt <= :end', { now, end: noticeWindowEnd(now) })
      .getMany();
    const events = sessions
      .flatMap((session) =>
        series.reminderOffsets.map((offset) => sessionReminderEvent(series, session, offset)),
      )
      .filter((event) => event.dueAt > now);
    await webhooks.planForSubscription(m, subscription, events);
    planned += events.length;
  }
  return planned;
}
