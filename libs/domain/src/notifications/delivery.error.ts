import { NotificationChannel } from './notification-channel';

/** A failed send. `final` when the row reached max attempts and is now `failed` (no retry). */
export class DeliveryError extends Error {
  constructor(
    readonly notificationId: string,
    readonly channel: NotificationChannel,
    readonly final: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
