import { NotificationChannel } from './notification-channel';

/**
 * A notification row as the delivery claimed it (snake_case from the UPDATE ... RETURNING), with
 * the recipient's name and locale and the organisation's name read in the same statement.
 */
export interface ClaimedNotification {
  id: string;
  organisation_id: string;
  recipient_id: string | null;
  webhook_subscription_id: string | null;
  channel: NotificationChannel;
  target: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  due_at: Date;
  attempts: number;
  max_attempts: number;
  payload: Record<string, unknown>;
  created_at: Date;
  recipient_name: string | null;
  recipient_locale: string | null;
  /** Whether the recipient is still active (null without a recipient). */
  recipient_active: boolean | null;
  organisation_name: string | null;
}
