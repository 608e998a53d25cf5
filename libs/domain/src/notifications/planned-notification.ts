import { NotificationChannel } from './notification-channel';
import { NotificationKind } from './notification-kind';
import { NotificationSubjectType } from './notification-subject-type';
import { WebhookEventType } from './webhook-event-type';

/** A message to send later, as a domain service plans it inside its own transaction. */
export interface PlannedNotification {
  organisationId: string;
  recipientId?: string | null;
  webhookSubscriptionId?: string | null;
  channel: NotificationChannel;
  /** E-mail address or webhook URL. */
  target: string;
  /** What the e-mail says, or a webhook's event (a misspelt kind does not compile). */
  kind: `${NotificationKind}` | `${WebhookEventType}`;
  subjectType: `${NotificationSubjectType}`;
  subjectId: string;
  dueAt: Date;
  /** Unique per intended message, e.g. `session:<id>:reminder:PT1H:<personId>`; planning twice is a no-op. */
  dedupeKey: string;
  payload?: Record<string, unknown>;
  maxAttempts?: number;
}
