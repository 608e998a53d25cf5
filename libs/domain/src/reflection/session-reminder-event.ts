import { DateTime, Duration } from 'luxon';
import { NotificationSubjectType } from '../notifications/notification-subject-type';
import { WebhookEvent } from '../notifications/webhook-event-planner.service';
import { WebhookEventType } from '../notifications/webhook-event-type';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { ReflectionSessionEntity } from './reflection-session.entity';
import { sessionPayload } from './session-payload';

/**
 * The reminder of a session at one of its series' offsets: due that long before the start on the
 * series' clock, its data also the e-mail's. The start is part of the occurrence, as of the
 * e-mail's key: a session moved after a reminder went gets one again.
 */
export function sessionReminderEvent(
  series: ReflectionSeriesEntity,
  session: ReflectionSessionEntity,
  offset: string,
): WebhookEvent {
  return {
    organisationId: session.organisationId,
    event: WebhookEventType.SessionReminder,
    subjectType: NotificationSubjectType.Session,
    subjectId: session.id,
    dueAt: DateTime.fromJSDate(session.scheduledAt, { zone: series.timeZone })
      .minus(Duration.fromISO(offset))
      .toJSDate(),
    occurrence: `${offset}:${session.scheduledAt.toISOString()}`,
    data: { ...sessionPayload(series, session), offset },
  };
}
