import { NotificationKind } from '../notifications/notification-kind';
import { NotificationSubjectType } from '../notifications/notification-subject-type';
import { WebhookEventType } from '../notifications/webhook-event-type';

/**
 * SQL that holds for a session (`alias`) whose reminder went out, by e-mail or webhook: people
 * were told of it, so the rule no longer decides it (remindedSessions, takenSessions).
 */
export function remindedSessionSql(alias: string): string {
  return `EXISTS (SELECT 1 FROM notifications n
    WHERE n.subject_type = '${NotificationSubjectType.Session}' AND n.subject_id = ${alias}.id
      AND n.kind IN ('${NotificationKind.SessionReminder}', '${WebhookEventType.SessionReminder}')
      AND n.status = 'sent')`;
}
