import { NotificationChannel } from './notification-channel';

/** A message to send later, as a domain service plans it inside its own transaction. */
export interface PlannedNotification {
  organisationId: string;
  recipientId?: string | null;
  webhookSubscriptionId?: string | null;
  channel: NotificationChannel;
  /** E-mail address or webhook URL. */
  target: string;
  /** e.g. agenda, session-reminder, outcome-request, reflection-escalation, action-reminder, action-overdue. */
  kind: string;
  subjectType: string;
  subjectId: string;
  dueAt: Date;
  /** Unique per intended message, e.g. `session:<id>:reminder:PT1H:<personId>`; planning twice is a no-op. */
  dedupeKey: string;
  payload?: Record<string, unknown>;
  maxAttempts?: number;
}
