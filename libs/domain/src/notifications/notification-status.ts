export enum NotificationStatus {
  Pending = 'pending',
  Queued = 'queued',
  Sent = 'sent',
  Failed = 'failed',
  Cancelled = 'cancelled',
}
