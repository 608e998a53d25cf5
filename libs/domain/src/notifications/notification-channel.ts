export enum NotificationChannel {
  Email = 'email',
  Webhook = 'webhook',
}
