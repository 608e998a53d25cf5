import { NotificationChannel } from './notification-channel';

/** What one delivery job did. Failures are thrown as DeliveryError. */
export type DeliveryResult =
  | { outcome: 'sent'; channel: NotificationChannel; kind: string; lagMs: number }
  /** Nothing to do: already sent, cancelled, failed, or gone. */
  | { outcome: 'skipped'; reason: string }
  /** Another delivery holds its claim until then: run again then (it is sent, or its claim lapsed). */
  | { outcome: 'claimed'; until: Date }
  /** Its dueAt moved later after it was queued: run again then. */
  | { outcome: 'not-due'; dueAt: Date };
